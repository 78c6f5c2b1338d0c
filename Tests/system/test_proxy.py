"""Kaiku behind a real TLS-terminating reverse proxy (nginx from Debian), as the README recommends:
clients are told apart by the address the trusted proxy forwards (KAIKU_TRUSTED_PROXIES), a
client cannot forge it, metrics stay off the public side, and HTTPS gets HSTS and secure cookies.
Clients connect from different loopback addresses (127.0.0.5, 127.0.0.6, …), as different
residents would from the internet."""
import http.client
import os
import re
import shutil
import ssl
import subprocess
import tempfile
import time
import urllib.parse
import urllib.request

import pytest

from conftest import DEMO_PASSWORD, KAIKU, ROOT, free_port


def wait_for(url, process, log, context=None):
    deadline = time.time() + 60
    while True:
        try:
            urllib.request.urlopen(url, timeout=1, context=context)
            return
        except Exception:
            if process.poll() is not None or time.time() > deadline:
                process.kill()
                raise RuntimeError(f"{url} did not start: " + open(log).read())
            time.sleep(0.2)


@pytest.fixture(scope="module")
def proxied():
    data = tempfile.mkdtemp(prefix="kaiku-proxy-")
    kaiku_port, proxy_port = free_port(), free_port()
    env = dict(os.environ, KAIKU_DATA_DIR=data, KAIKU_LOG_LEVEL="warning", KAIKU_TRUSTED_PROXIES="127.0.0.1",
               KAIKU_SECURE_COOKIES="true", KAIKU_PUBLIC_URL=f"https://127.0.0.1:{proxy_port}")
    env.pop("KAIKU_DATABASE_URL", None)
    subprocess.run([KAIKU, "demo"], cwd=ROOT, env=env, check=True, stdout=subprocess.DEVNULL)
    kaiku_log = os.path.join(data, "kaiku.log")
    kaiku = subprocess.Popen([KAIKU, "serve", "--port", str(kaiku_port)], cwd=ROOT, env=env,
                             stdout=open(kaiku_log, "w"), stderr=subprocess.STDOUT)
    wait_for(f"http://127.0.0.1:{kaiku_port}/healthz", kaiku, kaiku_log)

    subprocess.run(["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1", "-subj", "/CN=127.0.0.1",
                    "-keyout", f"{data}/key.pem", "-out", f"{data}/cert.pem"], check=True, capture_output=True)
    user = "user root;" if os.geteuid() == 0 else ""
    with open(f"{data}/nginx.conf", "w") as conf:
        conf.write(f"""
{user}
worker_processes 1;
daemon off;
pid {data}/nginx.pid;
error_log {data}/nginx-error.log;
events {{ worker_connections 64; }}
http {{
  access_log off;
  client_body_temp_path {data}/body; proxy_temp_path {data}/proxy; fastcgi_temp_path {data}/fastcgi;
  uwsgi_temp_path {data}/uwsgi; scgi_temp_path {data}/scgi;
  server {{
    listen 127.0.0.1:{proxy_port} ssl;
    ssl_certificate {data}/cert.pem;
    ssl_certificate_key {data}/key.pem;
    location / {{
      proxy_pass http://127.0.0.1:{kaiku_port};
      proxy_set_header Host $host:$server_port;
      proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;
      proxy_set_header X-Forwarded-Proto https;
    }}
  }}
}}
""")
    nginx_log = os.path.join(data, "nginx.log")
    nginx = subprocess.Popen(["/usr/sbin/nginx", "-c", f"{data}/nginx.conf", "-p", data], stdout=open(nginx_log, "w"),
                             stderr=subprocess.STDOUT)
    wait_for(f"https://127.0.0.1:{proxy_port}/healthz", nginx, nginx_log, context=ssl._create_unverified_context())
    yield {"proxy": proxy_port, "kaiku": kaiku_port}
    nginx.terminate()
    kaiku.terminate()
    nginx.wait(timeout=20)
    kaiku.wait(timeout=20)
    shutil.rmtree(data, ignore_errors=True)


class Client:
    """One resident: HTTPS through the proxy from its own loopback address, with its own cookies."""

    def __init__(self, port, address):
        self.port, self.address, self.cookies, self.csrf = port, address, {}, ""

    def request(self, method, path, fields=None, headers=None):
        connection = http.client.HTTPSConnection("127.0.0.1", self.port, source_address=(self.address, 0),
                                                 context=ssl._create_unverified_context(), timeout=30)
        headers = dict(headers or {})
        body = None
        if fields is not None:
            fields = list(fields) + [("_csrf", self.csrf)]
            body = urllib.parse.urlencode(fields)
            headers["Content-Type"] = "application/x-www-form-urlencoded"
        if self.cookies:
            headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        connection.request(method, path, body=body, headers=headers)
        response = connection.getresponse()
        text = response.read().decode()
        for header in response.headers.get_all("Set-Cookie") or []:
            name, value = header.split(";")[0].split("=", 1)
            self.cookies[name] = value
        found = re.search(r'name="_csrf" value="([^"]+)"', text)
        if found:
            self.csrf = found.group(1)
        connection.close()
        return response, text


def feedback_form(client):
    _, areas = client.request("GET", "/feedback?lang=en")
    area = re.search(r'href="/feedback/([0-9a-f-]{36})"', areas).group(1)
    _, form = client.request("GET", f"/feedback/{area}?lang=en")
    started = re.search(r'name="started" value="([^"]+)"', form).group(1)
    unit = re.search(r'name="unit" value="([0-9a-f-]{36})"', form).group(1)
    return area, started, unit


def send_feedback(client, area, started, unit, n, headers=None):
    fields = [("started", started), ("submission", f"{client.address}-{n}"), ("unit", unit), ("kind", "idea"),
              ("text", "Idea number %d" % n), ("website", "")]
    response, _ = client.request("POST", f"/feedback/{area}?lang=en", fields, headers)
    return response.status


def test_clients_behind_the_proxy_are_told_apart_and_cannot_forge_their_address(proxied):
    port = proxied["proxy"]
    first, second = Client(port, "127.0.0.5"), Client(port, "127.0.0.6")
    area, started, unit = feedback_form(first)
    second.request("GET", f"/feedback/{area}?lang=en")
    time.sleep(3.2)  # the form's minimum fill time
    # Ten accepted submissions an hour per address; the proxy's own address is not the limit.
    assert [send_feedback(first, area, started, unit, n) for n in range(10)] == [200] * 10
    assert send_feedback(first, area, started, unit, 10) == 429
    # A forged X-Forwarded-For or Forwarded (which nginx passes on as sent) does not make the first
    # resident someone else.
    assert send_feedback(first, area, started, unit, 11, {"X-Forwarded-For": "203.0.113.77"}) == 429
    assert send_feedback(first, area, started, unit, 12, {"Forwarded": "for=203.0.113.78"}) == 429
    assert send_feedback(second, area, started, unit, 0) == 200


def test_the_audit_log_records_the_clients_address(proxied):
    port = proxied["proxy"]
    guesser = Client(port, "127.0.0.7")
    guesser.request("GET", "/login")
    response, _ = guesser.request("POST", "/login", [("email", "kasittelija@esimerkkila.fi"), ("password", "wrong-password-1")])
    assert response.status == 401
    admin = Client(port, "127.0.0.8")
    admin.request("GET", "/login")
    response, _ = admin.request("POST", "/login", [("email", "paakayttaja@esimerkkila.fi"), ("password", DEMO_PASSWORD)])
    assert response.status == 303
    response, page = admin.request("GET", "/admin/audit?action=login_failed")
    assert response.status == 200
    assert "127.0.0.7" in page


def test_https_is_strict_and_metrics_stay_inside(proxied):
    client = Client(proxied["proxy"], "127.0.0.9")
    response, _ = client.request("GET", "/login")
    assert response.headers["Strict-Transport-Security"].startswith("max-age=")
    assert all("Secure" in cookie for cookie in response.headers.get_all("Set-Cookie"))
    # Through the proxy metrics are not there; a scraper on the machine itself gets them.
    assert client.request("GET", "/metrics")[0].status == 404
    direct = urllib.request.urlopen(f"http://127.0.0.1:{proxied['kaiku']}/metrics", timeout=5)
    assert direct.status == 200
