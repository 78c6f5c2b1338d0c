"""Browser tests: a real `kaiku serve` on a free loopback port with a fresh SQLite database and
the demo county, driven by headless Chromium through Selenium; axe-core checks accessibility."""
import os
import shutil
import socket
import subprocess
import tempfile
import time
import urllib.request

import pytest
from selenium import webdriver
from selenium.webdriver.chrome.service import Service

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))
KAIKU = os.environ.get("KAIKU_BINARY", os.path.join(ROOT, ".build", "debug", "kaiku"))
DEMO_PASSWORD = "Kaiku-demo-2026"


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="session")
def server():
    data = tempfile.mkdtemp(prefix="kaiku-browser-")
    env = dict(os.environ, KAIKU_DATA_DIR=data, KAIKU_LOG_LEVEL="warning")
    env.pop("KAIKU_DATABASE_URL", None)
    subprocess.run([KAIKU, "demo"], cwd=ROOT, env=env, check=True, stdout=subprocess.DEVNULL)
    port = free_port()
    log = open(os.path.join(data, "server.log"), "w")
    process = subprocess.Popen([KAIKU, "serve", "--port", str(port)], cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT)
    url = f"http://127.0.0.1:{port}"
    deadline = time.time() + 60
    while True:
        try:
            urllib.request.urlopen(url + "/healthz", timeout=1)
            break
        except Exception:
            if process.poll() is not None or time.time() > deadline:
                process.kill()
                raise RuntimeError("kaiku serve did not start: " + open(os.path.join(data, "server.log")).read())
            time.sleep(0.2)
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
    return webdriver.Chrome(service=Service("/usr/bin/chromedriver"), options=options)


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
