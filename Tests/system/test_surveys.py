"""Answering the national survey as a person would: from an SMS link on a phone in Swedish,
switching language midway, with the keyboard only, and axe-core on every answering page."""
import subprocess

from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys
from selenium.webdriver.support import expected_conditions

from conftest import KAIKU, ROOT, SERVER_ENV, kaiku_command, wait
from test_foundation import serious_violations


def personal_link(server, language="sv"):
    url = kaiku_command("survey", "link", "--unit", "ESIM-U002", "--language", language, "--age-band", "65-74", "--base-url", server)
    assert "/s/" in url
    return url


def test_links_made_on_the_command_line_point_where_the_server_is_served(server):
    """Issue 27, item 8: without KAIKU_PUBLIC_URL of its own, a command's links use the address the
    running server recorded, not the default 127.0.0.1:8080."""
    env = {name: value for name, value in SERVER_ENV.items() if name != "KAIKU_PUBLIC_URL"}
    url = subprocess.run([KAIKU, "survey", "link", "--unit", "ESIM-U002"], cwd=ROOT, env=env, check=True, capture_output=True,
                         text=True).stdout.strip()
    assert url.startswith(server + "/s/") and server != "http://127.0.0.1:8080"


def test_sms_link_on_a_phone_in_swedish_switching_language_midway(phone, server):
    url = personal_link(server)
    phone.get(url)
    assert phone.find_element(By.TAG_NAME, "html").get_attribute("lang") == "sv"
    assert "Hur sannolikt" in phone.page_source
    assert serious_violations(phone) == []
    phone.find_element(By.CSS_SELECTOR, "label[for='thl-nps-8']").click()
    phone.find_element(By.ID, "thl-nps_reason-text").send_keys("Vänlig personal")
    # Switch to Finnish: the answers stay.
    phone.find_element(By.CSS_SELECTOR, "button[name=switch_lang][value=fi]").click()
    # The old page may go stale under the finder while the new one loads.
    wait(phone).until(
        lambda d: d.find_element(By.TAG_NAME, "html").get_attribute("lang") == "fi")
    assert phone.find_element(By.ID, "thl-nps-8").is_selected()
    assert phone.find_element(By.ID, "thl-nps_reason-text").get_attribute("value") == "Vänlig personal"
    assert "Kuinka todennäköisesti" in phone.page_source
    phone.find_element(By.CSS_SELECTOR, "label[for='thl-smooth-5']").click()
    phone.find_element(By.CSS_SELECTOR, "#survey-form > button.button").click()
    wait(phone).until(expected_conditions.text_to_be_present_in_element((By.TAG_NAME, "h1"), "Kiitos"))
    assert serious_violations(phone) == []
    # The link is used now: a clear page, in the language the person answered in (a used link keeps
    # nothing, not even its language: docs/SECURITY.md; the browser remembers it).
    phone.get(url)
    assert "on jo vastattu" in phone.page_source
    assert serious_violations(phone) == []


def test_keyboard_only_walkthrough(browser, server):
    browser.get(personal_link(server, "en"))
    body = browser.find_element(By.TAG_NAME, "body")
    body.send_keys(Keys.TAB)
    assert browser.switch_to.active_element.get_attribute("class") == "skip-link"
    # Tab to the first scale; arrow keys move within the radio group, as screen-reader users expect.
    nps0 = browser.find_element(By.ID, "thl-nps-0")
    for _ in range(40):
        if browser.switch_to.active_element == nps0 or browser.switch_to.active_element.get_attribute("name") == "q.thl.nps":
            break
        browser.switch_to.active_element.send_keys(Keys.TAB)
    assert browser.switch_to.active_element.get_attribute("name") == "q.thl.nps"
    for _ in range(9):
        browser.switch_to.active_element.send_keys(Keys.ARROW_RIGHT)
    assert browser.find_element(By.ID, "thl-nps-9").is_selected()
    browser.switch_to.active_element.send_keys(Keys.TAB)
    browser.switch_to.active_element.send_keys("Quick and friendly")
    # Submit with Enter from the submit button, reached by keyboard.
    submit = browser.find_element(By.CSS_SELECTOR, "#survey-form > button.button")
    for _ in range(80):
        if browser.switch_to.active_element == submit:
            break
        browser.switch_to.active_element.send_keys(Keys.TAB)
    assert browser.switch_to.active_element == submit
    submit.send_keys(Keys.ENTER)
    wait(browser).until(expected_conditions.text_to_be_present_in_element((By.TAG_NAME, "h1"), "Thank you"))


def test_open_link_for_qr_codes_passes_axe_in_three_languages(phone, server):
    for language in ("fi", "sv", "en"):
        phone.get(f"{server}/k/ESIM-U002/thl-national?c=qr&lang={language}")
        assert phone.find_element(By.TAG_NAME, "html").get_attribute("lang") == language
        assert serious_violations(phone) == []


def test_qr_codes_decode_to_the_units_open_link(browser, server):
    import io
    import urllib.request

    import zxingcpp
    from PIL import Image

    png = urllib.request.urlopen(f"{server}/qr/ESIM-U002/thl-national/code.png").read()
    results = zxingcpp.read_barcodes(Image.open(io.BytesIO(png)))
    assert [r.text for r in results] == [f"{server}/k/ESIM-U002/thl-national?c=qr"]
    svg = urllib.request.urlopen(f"{server}/qr/ESIM-U002/thl-national/code.svg").read().decode()
    assert svg.startswith("<svg") and "<title>" in svg

    # The printable pages pass axe and show the unit in Finnish and Swedish.
    from test_foundation import log_in
    log_in(browser, server)
    for layout in ("poster", "stickers", "card"):
        browser.get(f"{server}/staff/print/ESIM-U002/thl-national?format={layout}")
        main = browser.find_element(By.TAG_NAME, "main").text
        assert "Rantalan terveysasema" in main and "Strand hälsostation" in main, main
        assert serious_violations(browser) == []


def national_responses():
    line = [l for l in kaiku_command("survey", "list").splitlines() if l.startswith("thl-national")][0]
    return int(line.split("\t")[2])


def test_kiosk_keeps_answers_while_offline_and_sends_each_once(browser, phone, server):
    import re
    import time

    from test_foundation import log_in
    log_in(browser, server)
    browser.get(server + "/admin/kiosks?lang=fi")
    assert serious_violations(browser) == []
    browser.find_element(By.ID, "name").send_keys("Odotusaula")
    browser.find_element(By.ID, "unit").send_keys("ESIM-U002")
    browser.find_element(By.CSS_SELECTOR, "form.form button[type=submit]").click()
    wait(browser).until(expected_conditions.presence_of_element_located((By.CSS_SELECTOR, ".notice .code")))
    kiosk_url = re.search(r"/kiosk/[A-Za-z0-9_-]+", browser.find_element(By.CSS_SELECTOR, ".notice .code").text).group(0)

    phone.get(server + kiosk_url + "?lang=fi")
    assert serious_violations(phone) == []
    before = national_responses()
    phone.execute_cdp_cmd("Network.enable", {})
    phone.execute_cdp_cmd("Network.emulateNetworkConditions",
                          {"offline": True, "latency": 0, "downloadThroughput": -1, "uploadThroughput": -1})
    for score in ("9", "4"):
        wait(phone).until(expected_conditions.visibility_of_element_located((By.ID, "kiosk-form")))
        phone.find_element(By.CSS_SELECTOR, f"label[for='thl-nps-{score}']").click()
        phone.find_element(By.CSS_SELECTOR, "button.kiosk-send").click()
        wait(phone).until(expected_conditions.visibility_of_element_located((By.ID, "kiosk-thanks")))
    time.sleep(2)
    assert national_responses() == before
    assert "2" in phone.find_element(By.ID, "kiosk-queue").text
    phone.execute_cdp_cmd("Network.emulateNetworkConditions",
                          {"offline": False, "latency": 0, "downloadThroughput": -1, "uploadThroughput": -1})
    deadline = time.time() + 20
    while national_responses() < before + 2 and time.time() < deadline:
        time.sleep(0.5)
    assert national_responses() == before + 2
    time.sleep(4)  # further retries must not store anything twice
    assert national_responses() == before + 2
    assert phone.find_element(By.ID, "kiosk-queue").text == ""


def test_long_commands_show_their_progress_on_a_terminal(server):
    """Issue 27, item 14: a long command says how far it has come when run on a terminal (and only
    there: `TerminalProgress` asks isatty, so a script's log gets nothing extra)."""
    import os
    import pty
    import select
    master, slave = pty.openpty()
    process = subprocess.Popen([KAIKU, "report", "rebuild"], cwd=ROOT, env=SERVER_ENV, stdout=subprocess.PIPE, stderr=slave)
    os.close(slave)
    shown = b""
    while True:
        ready, _, _ = select.select([master], [], [], 0.2)
        if ready:
            try:
                chunk = os.read(master, 4096)
            except OSError:
                break
            if not chunk:
                break
            shown += chunk
        elif process.poll() is not None:
            break
    os.close(master)
    assert process.wait(timeout=300) == 0
    assert "Rollups recomputed" in process.stdout.read().decode()
    assert "\rRecomputing the rollups: 100 %" in shown.decode()


def test_answering_on_a_phone_fits_the_screen(phone, server):
    """Issue 27, item 9, measured in Chromium at 390 × 844: the 0–10 scale is one row, no question
    crosses the border of its box, "can't say" stands apart below the scale, the feedback form's
    "do not publish" box sits beside its label, and the menu takes far less than a third."""
    phone.get(server + "/k/ESIM-U002/thl-national?lang=fi")
    header = phone.find_element(By.CSS_SELECTOR, "header.site-header").rect
    assert header["height"] < 844 / 4
    tops = {round(key.rect["y"]) for key in phone.find_elements(By.CSS_SELECTOR, ".scale-nps .scale-option label")}
    assert len(tops) == 1
    for box in phone.find_elements(By.CSS_SELECTOR, "fieldset.question"):
        legend = box.find_element(By.TAG_NAME, "legend").rect
        assert legend["y"] >= box.rect["y"] + 1 and legend["x"] + legend["width"] <= box.rect["x"] + box.rect["width"]
    scale = phone.find_elements(By.CSS_SELECTOR, ".scale-words")[0]
    cant_say = scale.find_element(By.CSS_SELECTOR, ".cant-say label").rect
    points = [option.rect for option in scale.find_elements(By.CSS_SELECTOR, ".scale-option:not(.cant-say) label")]
    assert cant_say["y"] > max(p["y"] + p["height"] for p in points)
    assert serious_violations(phone) == []

    phone.get(server + "/feedback?lang=fi")
    phone.find_elements(By.CSS_SELECTOR, "a.area-link")[0].click()
    box = phone.find_element(By.ID, "no_publication").rect
    label = phone.find_element(By.CSS_SELECTOR, "label[for=no_publication]").rect
    assert abs((box["y"] + box["height"] / 2) - (label["y"] + label["height"] / 2)) < 14
    assert 0 <= label["x"] - (box["x"] + box["width"]) < 24
