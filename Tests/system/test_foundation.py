from axe_selenium_python import Axe
from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys
from selenium.webdriver.support import expected_conditions

from conftest import DEMO_PASSWORD, wait


def serious_violations(driver):
    axe = Axe(driver)
    axe.inject()
    results = axe.run()
    return [
        f"{v['id']} ({v['impact']}): {v['help']} — {[n['target'] for n in v['nodes']][:3]}"
        for v in results["violations"]
        if v["impact"] in ("serious", "critical")
    ]


def log_in(driver, server, email="paakayttaja@esimerkkila.fi"):
    driver.get(server + "/login?lang=fi")
    driver.find_element(By.ID, "email").send_keys(email)
    driver.find_element(By.ID, "password").send_keys(DEMO_PASSWORD)
    driver.find_element(By.CSS_SELECTOR, "form.form button[type=submit]").click()
    wait(driver).until(expected_conditions.url_contains("/staff"))


def test_admin_logs_in_switches_language_and_pages_pass_axe(browser, server):
    log_in(browser, server)
    assert browser.current_url.endswith("/staff")
    assert browser.find_element(By.TAG_NAME, "html").get_attribute("lang") == "fi"
    assert "Pia Pääkäyttäjä" in browser.page_source
    assert serious_violations(browser) == []

    browser.find_element(By.LINK_TEXT, "Organisaatio").click()
    assert "/admin/org" in browser.current_url
    # The switch keeps the person on the same page.
    browser.find_element(By.CSS_SELECTOR, "nav.languages a[lang=sv]").click()
    wait(browser).until(expected_conditions.url_contains("lang=sv"))
    assert "/admin/org" in browser.current_url
    assert browser.find_element(By.TAG_NAME, "html").get_attribute("lang") == "sv"
    assert "Exempelby välfärdsområde" in browser.page_source
    assert serious_violations(browser) == []

    browser.find_element(By.CSS_SELECTOR, "nav.languages a[lang=en]").click()
    wait(browser).until(expected_conditions.url_contains("lang=en"))
    assert browser.find_element(By.TAG_NAME, "html").get_attribute("lang") == "en"
    browser.find_element(By.ID, "q").send_keys("rantalan terveysasema", Keys.ENTER)
    wait(browser).until(expected_conditions.url_contains("q=rantalan"))
    browser.find_element(By.LINK_TEXT, "Rantala health centre").click()
    wait(browser).until(expected_conditions.presence_of_element_located((By.ID, "name_sv")))
    assert browser.find_element(By.ID, "name_sv").get_attribute("value") == "Strand hälsostation"
    assert serious_violations(browser) == []

    for path in ("/admin/users", "/admin/audit", "/admin/org/import", "/admin/pages/accessibility", "/staff/password",
                 "/admin/feedback", "/admin/feedback/outbox", "/admin/feedback/phrases/new", "/staff/record", "/admin/reports"):
        browser.get(server + path)
        assert serious_violations(browser) == [], path


def test_public_pages_pass_axe_in_three_languages_on_a_phone(phone, server):
    for language in ("fi", "sv", "en"):
        for path in ("/", "/accessibility", "/privacy", "/login", "/no-such-page", "/feedback", "/wall", "/wall/display"):
            phone.get(f"{server}{path}?lang={language}")
            assert phone.find_element(By.TAG_NAME, "html").get_attribute("lang") == language
            assert serious_violations(phone) == [], f"{path} {language}"


def test_keyboard_reaches_skip_link_first(browser, server):
    browser.get(server + "/?lang=en")
    browser.find_element(By.TAG_NAME, "body").send_keys(Keys.TAB)
    focused = browser.switch_to.active_element
    assert focused.get_attribute("class") == "skip-link"
    assert focused.is_displayed()
