"""An admin builds a short-term survey in the designer with a real browser, previews it, publishes
it, and a customer answers it; a member of staff sends a survey request. axe-core on every page."""
import datetime

from selenium.webdriver.common.by import By
from selenium.webdriver.support import expected_conditions

from conftest import finnish_today, wait
from test_foundation import log_in, serious_violations


def submit(driver, form_css):
    driver.find_element(By.CSS_SELECTOR, f"{form_css} button[type=submit]").click()


def test_admin_builds_publishes_and_a_customer_answers_a_short_term_survey(browser, phone, server):
    log_in(browser, server)
    browser.get(f"{server}/admin/surveys/new?lang=en")
    assert serious_violations(browser) == []
    browser.find_element(By.ID, "code").send_keys("children-pilot")
    browser.find_element(By.ID, "name_fi").send_keys("Lasten pilotti")
    browser.find_element(By.ID, "name_sv").send_keys("Barnens pilot")
    browser.find_element(By.ID, "name_en").send_keys("Children's pilot")
    browser.find_element(By.ID, "audience").send_keys("Children")
    submit(browser, "main form.form")
    wait(browser).until(expected_conditions.url_contains("msg=survey_created"))

    browser.find_element(By.ID, "type").send_keys("Smiley faces (3)")
    submit(browser, "main form.inline")
    wait(browser).until(expected_conditions.presence_of_element_located((By.ID, "q-q1-fi")))
    browser.find_element(By.ID, "q-q1-fi").send_keys("Miltä käynti tuntui?")
    browser.find_element(By.ID, "q-q1-sv").send_keys("Hur kändes besöket?")
    browser.find_element(By.ID, "q-q1-en").send_keys("How did the visit feel?")
    page = browser.find_element(By.TAG_NAME, "html")
    browser.find_element(By.CSS_SELECTOR, "#q-q1 button[value=save]").click()
    wait(browser).until(expected_conditions.staleness_of(page))
    wait(browser).until(expected_conditions.url_contains("msg=saved"))

    end = (finnish_today() + datetime.timedelta(days=30)).isoformat()
    browser.execute_script("document.getElementById('ends_on').value = arguments[0]", end)
    browser.find_element(By.ID, "targets").send_keys("ESIM-U003")
    browser.find_element(By.ID, "channel-qr").click()
    # The address already says msg=saved from the question: wait for the new page, not the address.
    page = browser.find_element(By.TAG_NAME, "html")
    browser.find_element(By.CSS_SELECTOR, "#settings-heading + form button[type=submit]").click()
    wait(browser).until(expected_conditions.staleness_of(page))
    wait(browser).until(expected_conditions.url_contains("msg=saved"))
    assert serious_violations(browser) == []

    browser.find_element(By.CSS_SELECTOR, "a[href$='preview?lang=sv']").click()
    assert "Hur kändes besöket?" in browser.page_source
    assert serious_violations(browser) == []
    browser.back()
    # The national survey reaches everyone by QR code, children too: the overlap is confirmed.
    browser.find_element(By.ID, "confirm_overlap").click()
    browser.find_element(By.CSS_SELECTOR, "form[action$='/publish'] button").click()
    wait(browser).until(expected_conditions.url_contains("msg=survey_published"))

    phone.get(f"{server}/k/ESIM-U003/children-pilot?c=qr&lang=en")
    assert "How did the visit feel?" in phone.page_source
    phone.find_element(By.CSS_SELECTOR, "label[for='q1-3']").click()
    phone.find_element(By.CSS_SELECTOR, "#survey-form button[type=submit]:not([name])").click()
    wait(phone).until(expected_conditions.title_contains("Thank"))


def test_staff_request_form_passes_axe_and_reports_every_missing_field(browser, server):
    log_in(browser, server, "henkilosto@esimerkkila.fi")
    browser.get(f"{server}/staff/survey-requests/new?lang=sv")
    assert serious_violations(browser) == []
    # Skip the browser's own checks to see the server's answer in Swedish.
    browser.execute_script("document.querySelector('main form').noValidate = true")
    submit(browser, "main form")
    summary = wait(browser).until(expected_conditions.presence_of_element_located((By.CSS_SELECTOR, ".error-summary")))
    assert "Beskriv enkätens syfte." in summary.text
    assert serious_violations(browser) == []


def test_request_pages_pass_axe_for_staff_and_admin(browser, server):
    log_in(browser, server, "henkilosto@esimerkkila.fi")
    browser.get(f"{server}/staff/survey-requests?lang=fi")
    assert "Iltavastaanoton kokeilu" in browser.page_source
    assert serious_violations(browser) == []
    browser.find_element(By.LINK_TEXT, "Iltavastaanoton kokeilu").click()
    assert serious_violations(browser) == []
    browser.delete_all_cookies()
    log_in(browser, server)
    browser.get(f"{server}/admin/survey-requests?lang=en")
    assert serious_violations(browser) == []
    browser.find_element(By.LINK_TEXT, "Iltavastaanoton kokeilu").click()
    assert "Return for changes" in browser.page_source
    assert serious_violations(browser) == []
