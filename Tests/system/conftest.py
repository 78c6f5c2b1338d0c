"""Browser tests: a real `kaiku serve` on a free loopback port with a fresh SQLite database and
the demo county, driven by headless Chromium through Selenium; axe-core checks accessibility."""
import email
import email.policy
import json
import os
import threading
import shutil
import socket
import subprocess
import tempfile
import time
import urllib.request
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from aiosmtpd.controller import Controller
from selenium import webdriver
from selenium.webdriver.chrome.service import Service

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))
KAIKU = os.environ.get("KAIKU_BINARY", os.path.join(ROOT, ".build", "debug", "kaiku"))
DEMO_PASSWORD = "Kaiku-demo-2026"
# The environment of the running test server, for commands that must use the same database.
SERVER_ENV = {}


def kaiku_command(*args):
    return subprocess.run([KAIKU, *args], cwd=ROOT, env=SERVER_ENV, check=True, capture_output=True, text=True).stdout.strip()


def finnish_today():
    """Today in Finland, the day Kaiku counts in: between 22 and 24 UTC it is already tomorrow."""
    import datetime
    import zoneinfo
    return datetime.datetime.now(zoneinfo.ZoneInfo("Europe/Helsinki")).date()


def monthly_sending_day():
    """When this month's reports go out: the first working day of next month, by Python's
    `holidays` as a calendar nobody here wrote."""
    import datetime
    import holidays
    first = (finnish_today().replace(day=1) + datetime.timedelta(days=32)).replace(day=1)
    finnish = holidays.Finland(years=[first.year])
    day = first
    while day.weekday() >= 5 or day in finnish:
        day += datetime.timedelta(days=1)
    return day


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class MailSink:
    """A real SMTP server (aiosmtpd) on loopback that keeps what it receives."""

    def __init__(self):
        self.messages = []

    async def handle_DATA(self, server, session, envelope):
        message = email.message_from_bytes(envelope.content, policy=email.policy.default)
        html = message.get_body(preferencelist=("html",))
        self.messages.append({"to": envelope.rcpt_tos, "subject": str(message["subject"]), "message_id": str(message["message-id"]), "received_at": time.time(),
                              "body": message.get_body(preferencelist=("plain",)).get_content(),
                              "html": html.get_content() if html is not None else None})
        return "250 OK"

    def wait_for(self, predicate, timeout=30):
        deadline = time.time() + timeout
        while time.time() < deadline:
            found = [m for m in self.messages if predicate(m)]
            if found:
                return found
            time.sleep(0.2)
        raise AssertionError(f"no such mail; received: {[(m['to'], m['subject']) for m in self.messages]}")


def serve_mail():
    """A MailSink behind aiosmtpd on a free loopback port: (sink, controller to stop)."""
    sink = MailSink()
    controller = Controller(sink, hostname="127.0.0.1", port=free_port())
    controller.start()
    sink.port = controller.port
    return sink, controller


@pytest.fixture(scope="session")
def smtp():
    sink, controller = serve_mail()
    yield sink
    controller.stop()


class SMSGatewayStub:
    """An HTTP SMS gateway on loopback: keeps each message posted to it (with its Authorization
    header) and sends the delivery report back to the message's callback address."""

    def __init__(self, port=0):
        self.messages = []
        self.callbacks = []
        stub = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self):
                body = json.loads(self.rfile.read(int(self.headers["Content-Length"])))
                body["authorization"] = self.headers.get("Authorization")
                stub.messages.append(body)
                self.send_response(202)
                self.end_headers()
                if body.get("callback_url"):
                    threading.Thread(target=stub.report, args=(body,)).start()

            def log_message(self, *args):
                pass

        self.httpd = ThreadingHTTPServer(("127.0.0.1", port), Handler)
        self.port = self.httpd.server_address[1]
        threading.Thread(target=self.httpd.serve_forever, daemon=True).start()

    def report(self, body):
        request = urllib.request.Request(body["callback_url"], method="POST", headers={"Content-Type": "application/json"},
                                         data=json.dumps({"reference": body["reference"], "status": "delivered"}).encode())
        try:
            self.callbacks.append(urllib.request.urlopen(request, timeout=10).status)
        except Exception as error:
            self.callbacks.append(str(error))

    def send_inbound(self, server, sender, text, token="stub-callback"):
        """What the gateway does with a message a customer sends back: posts it to Kaiku's inbound
        webhook with the callback token. Returns Kaiku's answer as JSON."""
        request = urllib.request.Request(f"{server}/api/v1/sms/inbound?token={token}", method="POST",
                                         headers={"Content-Type": "application/json"},
                                         data=json.dumps({"from": sender, "text": text}).encode())
        return json.loads(urllib.request.urlopen(request, timeout=10).read())

    def wait_for_more(self, before, count, timeout=30):
        """The messages after the first `before`, once there are `count` of them."""
        deadline = time.time() + timeout
        while time.time() < deadline:
            if len(self.messages) >= before + count:
                return list(self.messages[before:])
            time.sleep(0.2)
        raise AssertionError(f"the gateway got {len(self.messages) - before} new messages, not {count}")

    def wait_for(self, count, timeout=30):
        deadline = time.time() + timeout
        while time.time() < deadline:
            if len(self.messages) >= count and len(self.callbacks) >= count:
                return list(self.messages)
            time.sleep(0.2)
        raise AssertionError(f"the gateway got {len(self.messages)} messages, not {count}")


@pytest.fixture(scope="session")
def sms_gateway():
    stub = SMSGatewayStub()
    yield stub
    stub.httpd.shutdown()


def wait_until_serving(process, url, log_path):
    """Waits for `/healthz` to answer; a server that exits or takes a minute fails with its log."""
    deadline = time.time() + 60
    while True:
        try:
            urllib.request.urlopen(url + "/healthz", timeout=1)
            return
        except Exception:
            if process.poll() is not None or time.time() > deadline:
                process.kill()
                raise RuntimeError("kaiku serve did not start: " + open(log_path).read())
            time.sleep(0.1)


@pytest.fixture(scope="session")
def server(smtp, sms_gateway):
    """`kaiku serve` with the demo, mailing through the SMTP sink. On the PostgreSQL server named
    by KAIKU_TEST_DATABASE_URL when that is set (scripts/with-postgres.sh), else on SQLite."""
    data = tempfile.mkdtemp(prefix="kaiku-system-")
    port = free_port()
    url = f"http://127.0.0.1:{port}"
    env = dict(os.environ, KAIKU_DATA_DIR=data, KAIKU_LOG_LEVEL="warning", KAIKU_PUBLIC_URL=url,
               KAIKU_SMTP_URL=f"smtp://127.0.0.1:{smtp.port}", KAIKU_MAIL_FROM="Kaiku <palaute@esimerkkila.fi>",
               KAIKU_SMS_GATEWAY_URL=f"http://127.0.0.1:{sms_gateway.port}/messages", KAIKU_SMS_GATEWAY_AUTH="Authorization: Bearer stub-key",
               KAIKU_SMS_CALLBACK_TOKEN="stub-callback", KAIKU_SMS_SENDER="Esimerkki")
    env.pop("KAIKU_DATABASE_URL", None)
    if os.environ.get("KAIKU_TEST_DATABASE_URL", "").startswith("postgres"):
        env["KAIKU_DATABASE_URL"] = os.environ["KAIKU_TEST_DATABASE_URL"]
    subprocess.run([KAIKU, "demo"], cwd=ROOT, env=env, check=True, stdout=subprocess.DEVNULL)
    SERVER_ENV.clear()
    SERVER_ENV.update(env)
    log = open(os.path.join(data, "server.log"), "w")
    process = subprocess.Popen([KAIKU, "serve", "--port", str(port)], cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT)
    wait_until_serving(process, url, os.path.join(data, "server.log"))
    yield url
    process.terminate()
    process.wait(timeout=20)
    log.close()
    shutil.rmtree(data, ignore_errors=True)


def make_driver(width=1280, height=900):
    options = webdriver.ChromeOptions()
    options.binary_location = "/usr/bin/chromium"
    for argument in ("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", f"--window-size={width},{height}"):
        options.add_argument(argument)
    # Chromium does not work with libfaketime loaded (scripts/at-time.sh): it keeps the real clock.
    env = {name: value for name, value in os.environ.items() if name != "LD_PRELOAD"}
    return webdriver.Chrome(service=Service("/usr/bin/chromedriver", env=env), options=options)


@pytest.fixture
def browser():
    driver = make_driver()
    yield driver
    driver.quit()


@pytest.fixture
def phone():
    driver = make_driver(390, 844)
    yield driver
    driver.quit()


def wait(driver, timeout=10):
    """A wait that keeps polling when the page is replaced under the finder: while a form post
    loads the next page, Chromium may answer with a stale element or "Node with given id does not
    belong to the document" (a plain WebDriverException); neither is a failure until the timeout."""
    from selenium.common.exceptions import WebDriverException
    from selenium.webdriver.support.ui import WebDriverWait
    return WebDriverWait(driver, timeout, ignored_exceptions=[WebDriverException])
