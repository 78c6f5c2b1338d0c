"""Helpers for the reliability tests: a Kaiku server of their own on a fresh database (a data
directory for SQLite, a new database on the test PostgreSQL server), started, killed and started
again, and the database read directly."""
import os
import re
import shutil
import sqlite3
import threading
import subprocess
import tempfile
import time
import urllib.error
import urllib.parse
import urllib.request
import uuid

from conftest import DEMO_PASSWORD, KAIKU, ROOT, free_port, wait_until_serving

POSTGRES = os.environ.get("KAIKU_TEST_DATABASE_URL", "")
CSRF = "durabilitydurabilitydurabilitydurability123"


class Deployment:
    """One database and the `kaiku serve` processes on it."""

    def __init__(self, demo=True, **extra_env):
        self.data = tempfile.mkdtemp(prefix="kaiku-reliability-")
        self.env = dict(os.environ, **{"KAIKU_DATA_DIR": self.data, "KAIKU_LOG_LEVEL": "warning", "KAIKU_TRUSTED_PROXIES": "127.0.0.1",
                                       "KAIKU_LINK_ANSWERS_PER_SECOND": "100000", **extra_env})
        self.env.pop("KAIKU_DATABASE_URL", None)
        self.database_url = None
        if POSTGRES.startswith("postgres"):
            name = "kaiku_" + uuid.uuid4().hex[:12]
            self.psql(POSTGRES, f"CREATE DATABASE {name}")
            self.database_url = re.sub(r"/[^/?]+(\?|$)", f"/{name}\\1", POSTGRES, count=1)
            self.env["KAIKU_DATABASE_URL"] = self.database_url
        self.processes = {}
        if demo:
            subprocess.run([KAIKU, "demo", "--no-history"], cwd=ROOT, env=self.env, check=True, stdout=subprocess.DEVNULL)

    @classmethod
    def restored(cls, backup):
        """A deployment whose database is restored from `backup` (a SQLite file, or a pg_dump archive)."""
        deployment = cls(demo=False)
        if deployment.database_url:
            subprocess.run(["pg_restore", "--no-owner", f"--dbname={deployment.database_url.split('?')[0]}", backup], check=True)
        else:
            shutil.copy(backup, os.path.join(deployment.data, "kaiku.sqlite"))
        return deployment

    @staticmethod
    def psql(url, statement):
        return subprocess.run(["psql", "-X", "-q", "-t", "-A", url.split("?")[0], "-c", statement], check=True,
                              capture_output=True, text=True).stdout

    def start(self, name="a", port=None, **extra_env):
        port = port or free_port()
        log = open(os.path.join(self.data, f"server-{name}.log"), "a")
        process = subprocess.Popen([KAIKU, "serve", "--port", str(port)], cwd=ROOT, env=dict(self.env, **extra_env),
                                   stdout=log, stderr=subprocess.STDOUT)
        url = f"http://127.0.0.1:{port}"
        wait_until_serving(process, url, log.name)
        self.processes[name] = (process, url)
        return url

    def log(self, name="a"):
        with open(os.path.join(self.data, f"server-{name}.log")) as f:
            return f.read()

    def kill(self, name="a"):
        process, _ = self.processes.pop(name)
        process.kill()
        process.wait(timeout=10)

    def stop(self, name="a"):
        process, _ = self.processes.pop(name)
        process.terminate()
        return process.wait(timeout=30)

    def query(self, statement):
        """Rows of a read-only statement, as tuples of strings."""
        if self.database_url:
            output = self.psql(self.database_url, statement)
            return [tuple(line.split("|")) for line in output.splitlines() if line]
        with sqlite3.connect(os.path.join(self.data, "kaiku.sqlite")) as connection:
            return [tuple(str(value) for value in row) for row in connection.execute(statement)]

    def close(self):
        for name in list(self.processes):
            self.kill(name)
        if self.database_url:
            name = self.database_url.split("?")[0].rsplit("/", 1)[1]
            self.psql(POSTGRES, f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")
        subprocess.run(["rm", "-rf", self.data], check=False)


class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


def post(url, fields, cookie="", forwarded_for=None, timeout=10):
    """A form post without following redirects: (status, body, headers)."""
    headers = {"Content-Type": "application/x-www-form-urlencoded", "Cookie": cookie}
    if forwarded_for:
        headers["X-Forwarded-For"] = forwarded_for
    request = urllib.request.Request(url, data=urllib.parse.urlencode(fields).encode(), headers=headers, method="POST")
    opener = urllib.request.build_opener(NoRedirect)
    try:
        with opener.open(request, timeout=timeout) as response:
            return response.status, response.read().decode(), response.headers
    except urllib.error.HTTPError as error:
        return error.code, error.read().decode(errors="replace"), error.headers


def log_in(url, email):
    """A staff session through the login form: the session cookie's `name=value`."""
    form = urllib.request.urlopen(f"{url}/login?lang=fi", timeout=10)
    csrf = form.headers.get("Set-Cookie").split(";")[0]
    token = csrf.split("=", 1)[1]
    status, _, headers = post(f"{url}/login", {"_csrf": token, "next": "", "email": email, "password": DEMO_PASSWORD}, cookie=csrf)
    assert status == 303, status
    session = next(c.split(";")[0] for c in headers.get_all("Set-Cookie") if c.startswith("kaiku_session="))
    return f"{csrf}; {session}"


def wait_until(condition, timeout, message):
    """Polls `condition` until it holds; after `timeout` seconds fails with `message()`."""
    deadline = time.time() + timeout
    while not condition():
        assert time.time() < deadline, message()
        time.sleep(0.5)


def letters(number):
    """A number as lower-case letters: survey answers are masked for personal data, and digits next
    to words can look like an address or a phone number."""
    text = ""
    while True:
        number, digit = divmod(number, 26)
        text = chr(97 + digit) + text
        if number == 0:
            return text


def feedback_area(url):
    """The id of the first service area on the public feedback page."""
    page = urllib.request.urlopen(f"{url}/feedback?lang=fi", timeout=10).read().decode()
    return re.search(r'/feedback/([0-9a-f-]{36})', page).group(1)


class Stream:
    """Workers submitting answers and feedback as fast as the server takes them, each submission
    with a unique marker in its text, remembering which got their success page."""

    def __init__(self, urls, workers=6):
        """`urls`: one server, or several that the workers share out between them."""
        self.urls = [urls] if isinstance(urls, str) else urls
        self.area = feedback_area(self.urls[0])
        self.acknowledged_answers, self.acknowledged_cases = [], []
        self.sent = 0
        self.stopped = threading.Event()
        self.lock = threading.Lock()
        self.threads = [threading.Thread(target=self.work, args=(n,)) for n in range(workers)]

    def start(self):
        for thread in self.threads:
            thread.start()

    def stop(self):
        self.stopped.set()
        for thread in self.threads:
            thread.join(timeout=30)

    def work(self, worker):
        url = self.urls[worker % len(self.urls)]
        # One feedback form per worker: its signed start time must be three seconds old.
        form = urllib.request.urlopen(f"{url}/feedback/{self.area}?lang=fi", timeout=10).read().decode()
        started = re.search(r'name="started" value="([^"]*)"', form).group(1)
        time.sleep(3.2)
        number = 0
        while not self.stopped.is_set():
            number += 1
            marker = f"kestotesti {letters(worker)} {letters(number)}"
            forwarded = f"10.{worker}.{number // 256 % 256}.{number % 256}"
            try:
                if number % 2:
                    status, body, _ = post(f"{url}/k/ESIM-U002/thl-national?c=qr",
                                        {"_csrf": CSRF, "language": "fi", "q.thl.nps": "8", "q.thl.nps_reason": marker},
                                        cookie=f"kaiku_csrf={CSRF}", forwarded_for=forwarded)
                    with self.lock:
                        self.sent += 1
                        if status == 200 and "Kiitos vastauksistasi" in body:
                            self.acknowledged_answers.append(marker)
                else:
                    status, body, _ = post(f"{url}/feedback/{self.area}?lang=fi",
                                        {"_csrf": CSRF, "started": started, "submission": uuid.uuid4().hex, "kind": "criticism",
                                         "text": marker, "email": "", "phone": "", "website": "", "unit": "unknown"},
                                        cookie=f"kaiku_csrf={CSRF}", forwarded_for=forwarded)
                    with self.lock:
                        self.sent += 1
                        if status == 200 and 'id="reference"' in body:
                            self.acknowledged_cases.append(marker)
            except OSError:
                # The server is down (killed mid-request): nothing was promised.
                time.sleep(0.05)
