"""Every client group can answer (issue 28), in Chromium against the real server: a child answers
the children's version with pictures on a tablet; the easy-to-read survey and feedback form pass
axe-core and a check of the names a screen reader reads (Chromium's own accessibility tree); the
print page gives smiley and weather cards, badges and a vehicle sticker; staff enter paper answers
given by relatives and customers, one assisted, and the report breaks the figures down by who
answered; and a county adds a fourth language from a translator's file on the admin page."""
import csv
import io
import json
import os
import sqlite3
import tempfile
import urllib.request

from selenium.webdriver.common.by import By
from selenium.webdriver.support import expected_conditions

from conftest import SERVER_ENV, finnish_today, kaiku_command, make_driver, wait
from test_foundation import log_in, serious_violations

NAMED_ROLES = {"radio", "checkbox", "textbox", "combobox", "button", "link", "searchbox"}


def unnamed_controls(driver):
    """The controls a screen reader would announce without a name, from Chromium's accessibility tree."""
    tree = driver.execute_cdp_cmd("Accessibility.getFullAXTree", {})["nodes"]
    problems = []
    for node in tree:
        if node.get("ignored"):
            continue
        role = node.get("role", {}).get("value")
        name = (node.get("name") or {}).get("value", "")
        if role in NAMED_ROLES and not name.strip():
            problems.append(role)
        if role == "image" and not name.strip():
            problems.append("image without a text alternative")
    return problems


def pictures_loaded(driver):
    return driver.execute_script("return [...document.images].every(i => i.complete && i.naturalWidth > 0)")


def responses(where, *args):
    db = sqlite3.connect(os.path.join(SERVER_ENV["KAIKU_DATA_DIR"], "kaiku.sqlite"))
    rows = db.execute("SELECT variant, respondent, assisted, language FROM responses WHERE " + where, args).fetchall()
    db.close()
    return rows


def test_a_child_answers_the_childrens_version_on_a_tablet_with_pictures(server):
    tablet = make_driver(800, 1280)
    try:
        before = len(responses("variant = 'child'"))
        tablet.get(server + "/k/ESIM-U051/thl-national?v=child&p=weather&lang=fi")
        assert "Kertoisitko kaverillesi" in tablet.page_source
        assert pictures_loaded(tablet)
        assert serious_violations(tablet) == []
        assert unnamed_controls(tablet) == []
        # Each picture is a large tap target with its words and a text alternative.
        sunny = tablet.find_element(By.CSS_SELECTOR, "label[for='thl-nps-10'] img.picture")
        assert sunny.get_attribute("alt") == "Aurinkoista" and sunny.size["width"] >= 48
        tablet.find_element(By.CSS_SELECTOR, "label[for='thl-nps-10']").click()
        tablet.find_element(By.CSS_SELECTOR, "label[for='thl-safe-5']").click()
        tablet.find_element(By.CSS_SELECTOR, "label[for='bg-respondent-customer']").click()
        tablet.find_element(By.CSS_SELECTOR, "#survey-form button.button[type=submit]").click()
        wait(tablet).until(lambda d: not d.find_elements(By.ID, "survey-form"))
        assert "Hienoa, että vastasit" in tablet.page_source
        assert len(responses("variant = 'child'")) == before + 1
    finally:
        tablet.quit()


def test_the_easy_to_read_versions_pass_axe_and_name_every_control(browser, server):
    for path in ("/k/ESIM-U022/thl-national?v=easy&lang=fi", "/k/ESIM-U022/thl-national?v=easy&lang=sv"):
        browser.get(server + path)
        assert pictures_loaded(browser)
        assert serious_violations(browser) == [], path
        assert unnamed_controls(browser) == [], path
    assert "Skulle du tipsa en vän" in browser.page_source
    browser.get(server + "/feedback?lang=fi")
    browser.find_element(By.CSS_SELECTOR, "main a[href^='/feedback/']").click()
    wait(browser).until(expected_conditions.presence_of_element_located((By.ID, "feedback-form")))
    browser.find_element(By.CSS_SELECTOR, "p.variant-switch a").click()
    wait(browser).until(lambda d: "Mitä haluat sanoa?" in d.page_source)
    assert serious_violations(browser) == []
    assert unnamed_controls(browser) == []
    browser.get(browser.current_url.replace("lang=fi", "") + "&lang=sv")
    assert "Vad vill du säga?" in browser.page_source
    assert serious_violations(browser) == [] and unnamed_controls(browser) == []


def test_the_print_page_gives_cards_badges_and_a_vehicle_sticker(browser, server):
    log_in(browser, server, "henkilosto@esimerkkila.fi")
    for format in ("smileys", "weather", "badges", "vehicle"):
        browser.get(server + f"/staff/print/ESIM-U002/thl-national?format={format}&v=child&lang=en")
        assert pictures_loaded(browser), format
        assert serious_violations(browser) == [], format
        qr = browser.find_element(By.CSS_SELECTOR, "img[src*='/code.svg']").get_attribute("src")
        assert "v=child" in qr, format
    assert "How did it feel?" not in browser.page_source  # the vehicle sticker
    browser.get(server + "/staff/print/ESIM-U002/thl-national?format=smileys&lang=fi")
    assert "Miltä tuntui?" in browser.page_source and "Hur kändes det?" in browser.page_source and "How did it feel?" in browser.page_source


def test_reports_break_down_by_who_answered(browser, server):
    """Paper forms entered by a handler: five by relatives, five by the customers themselves (one
    answered with a staff member's help), at a disability services unit."""
    log_in(browser, server, "palautekoordinaattori@esimerkkila.fi")
    entry = server + "/staff/surveys/entry?unit=ESIM-U022&survey=thl-national&channel=paper&lang=fi"
    for n, respondent in enumerate(["relative"] * 5 + ["customer"] * 5):
        browser.get(entry)
        browser.find_element(By.CSS_SELECTOR, f"label[for='thl-nps-{6 + n % 5}']").click()
        browser.find_element(By.CSS_SELECTOR, f"label[for='bg-respondent-{respondent}']").click()
        if n == 9:
            browser.find_element(By.CSS_SELECTOR, "label[for='bg-assisted']").click()
        html = browser.find_element(By.TAG_NAME, "html")
        browser.find_element(By.CSS_SELECTOR, "#survey-form button.button[type=submit]").click()
        wait(browser).until(expected_conditions.staleness_of(html))
        assert "msg=entry_saved" in browser.current_url
    today = finnish_today().isoformat()
    summary = json.loads(kaiku_command("report", "summary", "--node", "ESIM-U022", "--from", today, "--to", today, "--by", "respondent"))
    groups = {group["group"]: group for group in summary["groups"]}
    assert groups["relative"]["responses"] == 5 and groups["customer"]["responses"] == 5
    assert not groups["relative"].get("suppressed") and next(q for q in groups["relative"]["questions"] if q["key"] == "thl.nps")["n"] == 5
    assert len(responses("assisted AND node_path LIKE '%' AND respondent = 'customer'")) >= 1
    # The portal shows the same breakdown, labelled, to a report reader.
    browser.delete_all_cookies()
    log_in(browser, server)
    browser.get(server + f"/staff/reports?node=ESIM-U022&period=custom&from={today}&to={today}&by=respondent&lang=en")
    assert "A relative" in browser.page_source and "The customer" in browser.page_source
    assert serious_violations(browser) == []


def test_a_county_adds_a_fourth_language_from_a_translators_file(browser, server):
    """A local-use ISO 639 code (qaa) with marked pseudo-translations stands for North Sámi here:
    no Sámi is machine-written."""
    log_in(browser, server)
    browser.get(server + "/admin/languages?lang=fi")
    assert serious_violations(browser) == []
    # The translator's file, downloaded with the admin's session.
    cookies = "; ".join(f"{c['name']}={c['value']}" for c in browser.get_cookies())
    request = urllib.request.Request(server + "/admin/languages/export?language=qaa", headers={"Cookie": cookies})
    exported = urllib.request.urlopen(request, timeout=10).read().decode("utf-8")
    rows = list(csv.reader(io.StringIO(exported)))
    assert rows[0] == ["key", "fi", "sv", "translation"]
    keys = {row[0] for row in rows[1:]}
    assert "survey:thl-national:thl.nps" in keys and "survey_submit" in keys and "feedback_submit" in keys
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(["key", "fi", "translation"])
    for key, finnish, _, _ in rows[1:]:
        writer.writerow([key, finnish, "" if key == "survey_intro" else "⟪" + finnish + "⟫"])
    path = os.path.join(tempfile.mkdtemp(), "qaa.csv")
    open(path, "w", encoding="utf-8").write(out.getvalue())
    browser.find_element(By.ID, "language").send_keys("qaa")
    browser.find_element(By.ID, "name").send_keys("Testikieli")
    browser.find_element(By.ID, "reviewed_by").send_keys("Kääntäjä K.")
    browser.find_element(By.ID, "file").send_keys(path)
    html = browser.find_element(By.TAG_NAME, "html")
    browser.find_element(By.ID, "file").find_element(By.XPATH, "./ancestor::form").find_element(By.CSS_SELECTOR, "button[type=submit]").click()
    wait(browser).until(expected_conditions.staleness_of(html))
    assert "Käännös tuotiin" in browser.page_source and "Kääntäjä K." in browser.page_source, browser.find_element(By.TAG_NAME, "main").text[:2000]

    # A resident answers in the added language; untranslated texts are Finnish.
    resident = make_driver(390, 844)
    try:
        resident.get(server + "/k/ESIM-U045/thl-national?lang=qaa")
        assert resident.find_element(By.TAG_NAME, "html").get_attribute("lang") == "qaa"
        assert "⟪Kuinka todennäköisesti suosittelisit" in resident.page_source
        assert "Vastaaminen on nimetöntä" in resident.page_source  # survey_intro, left for Finnish
        assert "Testikieli" in resident.page_source
        assert serious_violations(resident) == []
        resident.find_element(By.CSS_SELECTOR, "label[for='thl-nps-8']").click()
        resident.find_element(By.CSS_SELECTOR, "#survey-form button.button[type=submit]").click()
        wait(resident).until(lambda d: not d.find_elements(By.ID, "survey-form"))
        assert "⟪Kiitos vastauksistasi!⟫" in resident.page_source
        resident.get(server + "/feedback?lang=qaa")
        assert "⟪Anna palautetta⟫" in resident.page_source
    finally:
        resident.quit()
    assert responses("language = 'qaa'")

    # Removed again: the public pages are back to three languages.
    browser.get(server + "/admin/languages?lang=fi")
    html = browser.find_element(By.TAG_NAME, "html")
    browser.find_element(By.CSS_SELECTOR, "form.inline-form button[type=submit]").click()
    wait(browser).until(expected_conditions.staleness_of(html))
    browser.get(server + "/k/ESIM-U045/thl-national?lang=qaa")
    assert browser.find_element(By.TAG_NAME, "html").get_attribute("lang") != "qaa"
