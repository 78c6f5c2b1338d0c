"""The director reads the county's figures in a real browser: the dashboard over the last quarter of
the demo's year of answers, a breakdown by child units drilled down to a unit, the detractors' open answers, and the
Excel file. axe-core on every page, in Finnish and English."""
import io
import urllib.request

import openpyxl

from selenium.webdriver.common.by import By
from selenium.webdriver.support import expected_conditions
from selenium.webdriver.support.ui import Select

from conftest import wait
from test_foundation import log_in, serious_violations


def test_director_reads_the_dashboard_drills_down_and_downloads(browser, server):
    log_in(browser, server, "johto@esimerkkila.fi")
    browser.find_element(By.LINK_TEXT, "Raportit").click()
    wait(browser).until(expected_conditions.presence_of_element_located((By.ID, "result-heading")))
    assert "Esimerkkilän hyvinvointialue" in browser.find_element(By.ID, "result-heading").text
    assert browser.find_elements(By.CSS_SELECTOR, "svg.chart")
    assert serious_violations(browser) == []

    # Calendar periods only (docs/SECURITY.md, "Disclosure control"): the last quarter that has ended.
    quarter = browser.find_element(By.CSS_SELECTOR, "#period optgroup:nth-of-type(2) option").get_attribute("value")
    assert "-Q" in quarter
    Select(browser.find_element(By.ID, "period")).select_by_value(quarter)
    Select(browser.find_element(By.ID, "by")).select_by_value("unit")
    page = browser.find_element(By.TAG_NAME, "html")
    browser.find_element(By.CSS_SELECTOR, "form.filters button[type=submit]").click()
    wait(browser).until(expected_conditions.staleness_of(page))
    assert "by=unit" in browser.current_url and f"period={quarter}" in browser.current_url
    # Only county admins pick days of their own.
    assert not browser.find_elements(By.ID, "from")
    assert serious_violations(browser) == []

    # County → division → result area → unit, each a link in the breakdown table.
    for _ in range(3):
        link = browser.find_elements(By.CSS_SELECTOR, "figcaption table tbody th a")[0]
        page = browser.find_element(By.TAG_NAME, "html")
        link.click()
        wait(browser).until(expected_conditions.staleness_of(page))
    heading = browser.find_element(By.ID, "result-heading").text
    assert "node=ESIM-U" in browser.current_url, browser.current_url
    assert heading

    browser.get(f"{server}/staff/reports?period=quarter&lang=en")
    browser.find_element(By.PARTIAL_LINK_TEXT, "detractors").click()
    wait(browser).until(expected_conditions.presence_of_element_located((By.CSS_SELECTOR, "ul.open-answers li")))
    assert serious_violations(browser) == []

    # One answer's sentiment and topics, corrected by the reader; back on the list it shows the correction.
    listed = browser.current_url
    browser.find_elements(By.LINK_TEXT, "Review sentiment and topics")[0].click()
    wait(browser).until(expected_conditions.presence_of_element_located((By.ID, "analysis-heading")))
    assert serious_violations(browser) == []
    browser.find_element(By.CSS_SELECTOR, "details summary").click()
    browser.find_element(By.CSS_SELECTOR, "input[name=sentiment][value=mixed]").click()
    page = browser.find_element(By.TAG_NAME, "html")
    browser.find_element(By.CSS_SELECTOR, "form[action*='/staff/reports/texts/'] button[type=submit]").click()
    wait(browser).until(expected_conditions.staleness_of(page))
    assert browser.current_url.startswith(listed.split("&lang=")[0]) and "msg=text_corrected" in browser.current_url
    assert browser.find_elements(By.CSS_SELECTOR, "ul.open-answers .sentiment-mixed")

    cookies = "; ".join(f"{c['name']}={c['value']}" for c in browser.get_cookies())
    request = urllib.request.Request(f"{server}/staff/reports/export.csv?period=quarter&by=age_band", headers={"Cookie": cookies})
    body = urllib.request.urlopen(request).read()
    assert body.startswith("\ufeff".encode())
    lines = body.decode("utf-8-sig").split("\r\n")
    assert lines[0].startswith("group;question;type;n;nps;")
    total = next(line for line in lines if line.startswith("total;thl.nps;nps;")).split(";")
    assert int(total[3]) > 1000 and "," in total[4]

    # The report as an Excel workbook a manager uses as it is, read back by a library nobody
    # here wrote: sheets and headers in Finnish, names instead of codes, numbers as numbers,
    # yes and no as words, a frozen bold header.
    request = urllib.request.Request(f"{server}/staff/reports/export.xlsx?period=quarter&by=age_band&lang=fi", headers={"Cookie": cookies})
    workbook = openpyxl.load_workbook(io.BytesIO(urllib.request.urlopen(request).read()))
    assert workbook.sheetnames == ["Yhteenveto", "Huomiota vaativat", "12 kuukauden kehitys", "Aiheet", "Avoimet vastaukset"]
    summary = workbook["Yhteenveto"]
    assert summary.freeze_panes == "A2" and summary["A1"].font.b
    rows = list(summary.iter_rows(values_only=True))
    assert rows[0][:4] == ("Ryhmä", "Kysymys", "n", "Tulos")
    nps = rows[1]
    assert nps[1].startswith("Kuinka todennäköisesti") and nps[2] == int(total[3])
    assert isinstance(nps[3], (int, float)) and abs(nps[3] - float(total[4].replace(",", "."))) <= 0.5
    attention = list(workbook["Huomiota vaativat"].iter_rows(values_only=True))
    assert len(attention) > 5 and {row[11] for row in attention[1:]} <= {"Kyllä", "Ei"}
    assert all(not str(row[0]).startswith("ESIM") for row in attention[1:])
    trend = list(workbook["12 kuukauden kehitys"].iter_rows(values_only=True))
    assert len(trend) == 13 and any(isinstance(row[1], (int, float)) for row in trend[1:])


def test_director_sees_what_the_quarters_feedback_led_to(browser, server):
    log_in(browser, server, "johto@esimerkkila.fi")
    browser.get(f"{server}/staff/reports?period=quarter")
    page = browser.find_element(By.TAG_NAME, "html")
    browser.find_element(By.LINK_TEXT, "Vapaamuotoinen palaute ja sen vaikutukset").click()
    wait(browser).until(expected_conditions.staleness_of(page))
    assert "-Q" in browser.current_url
    assert "Mihin palaute johti" in browser.page_source
    text = browser.find_element(By.ID, "selfmon").get_attribute("value")
    assert "vapaamuotoista palautetta" in text and "Esimerkkejä palautteen perusteella tehdyistä muutoksista" in text
    assert serious_violations(browser) == []
    browser.get(f"{server}/staff/reports/feedback?period=quarter&node=ESIM-U002&lang=sv")
    assert "egenkontrollrapport" in browser.page_source
    assert serious_violations(browser) == []
    # The cases behind a topic, masked, in two clicks from the report.
    browser.get(f"{server}/staff/reports/feedback?period=quarter&lang=fi")
    page = browser.find_element(By.TAG_NAME, "html")
    browser.find_element(By.CSS_SELECTOR, "a[href*='/staff/reports/feedback/texts?'][href*='topic=']").click()
    wait(browser).until(expected_conditions.staleness_of(page))
    assert browser.find_elements(By.CSS_SELECTOR, "ul.open-answers li .text-labels")
    assert serious_violations(browser) == []

    cookies = "; ".join(f"{c['name']}={c['value']}" for c in browser.get_cookies())
    request = urllib.request.Request(f"{server}/staff/reports/feedback.xlsx?period=quarter&lang=fi", headers={"Cookie": cookies})
    workbook = openpyxl.load_workbook(io.BytesIO(urllib.request.urlopen(request).read()))
    assert workbook.sheetnames[0] == "Yksiköittäin" and "Muutokset" in workbook.sheetnames
    rows = list(workbook["Yksiköittäin"].iter_rows(values_only=True))
    assert rows[0][:2] == ("Ryhmä", "Palautteita")
    total = rows[1]
    assert total[0].startswith("Esimerkkilän") and total[1] > 100
    # The divisions' cases add up to the county's.
    assert sum(row[1] for row in rows[2:]) == total[1]


def test_the_monthly_report_reaches_a_subscriber_once_through_smtp(server, smtp):
    """The monthly job with a controllable day (`kaiku report mail --today`), a real SMTP server,
    and Python's `holidays` as an independent calendar: the first working day of next month."""
    import datetime
    from conftest import kaiku_command, monthly_sending_day

    sending_day = monthly_sending_day()
    first = sending_day.replace(day=1)
    kaiku_command("report", "subscribe", "--email", "johto@esimerkkila.fi", "--node", "ESIM")
    kaiku_command("report", "subscribe", "--email", "johto@esimerkkila.fi", "--node", "ESIM-U002", "--language", "sv")

    last_month = first - datetime.timedelta(days=1)
    period = f"1.{last_month.month}.{last_month.year}–{last_month.day}.{last_month.month}.{last_month.year}"

    def reports():
        # This month's reports only: the server's own job may send last month's meanwhile.
        return [m for m in smtp.messages if m["html"] is not None and "johto@esimerkkila.fi" in m["to"] and period in m["subject"]]

    # The day before is not in the sending week of its own month: nothing goes out.
    kaiku_command("report", "mail", "--today", last_month.isoformat())
    assert reports() == []
    for _ in range(2):
        kaiku_command("report", "mail", "--today", sending_day.isoformat())
    smtp.wait_for(lambda m: m["html"] is not None and "Månadsrapport" in m["subject"] and period in m["subject"])
    received = reports()
    assert len(received) == 2, [m["subject"] for m in received]
    county = next(m for m in received if m["subject"].startswith("Kuukausiraportti: Esimerkkilän hyvinvointialue"))
    assert "<table" in county["html"] and "<script" not in county["html"] and "Keskeiset luvut" in county["body"]
