"""SMS invitations end to end: the demo's visits file imported, the plan with its reasons checked
against Python's `holidays`, the run through an HTTP SMS-gateway stub on loopback (which sends a
delivery report back), a message's link answered in Chromium, its refusal link used, axe-core on
the pages, the invitation and answer counted in the portal, and no phone number left behind."""
import datetime
import json
import os
import re
import sqlite3
import urllib.request

import holidays
from fhir.resources.R4B.bundle import Bundle
from selenium.webdriver.common.by import By
from selenium.webdriver.support import expected_conditions

from conftest import SERVER_ENV, finnish_today, kaiku_command, wait
from test_foundation import log_in, serious_violations


def next_working_day(day):
    finnish = holidays.Finland(years=range(day.year, day.year + 2))
    day += datetime.timedelta(days=1)
    # Finnish weekday holidays plus Midsummer Eve and Christmas Eve, which `holidays` marks as such too.
    while day.weekday() >= 5 or day in finnish:
        day += datetime.timedelta(days=1)
    return day


def test_the_demo_visits_are_planned_sent_answered_and_forgotten(browser, server, sms_gateway):
    data = SERVER_ENV["KAIKU_DATA_DIR"]
    visits = os.path.join(data, "demo-visits.csv")
    assert "Imported 80 visits" in kaiku_command("visits", "import", visits)
    assert "80 already imported" in kaiku_command("visits", "import", visits)

    # The day the test runs may be a weekend or a holiday, when nothing is sent: the run acts as the
    # next sending day, and must send what the plan said it would send then.
    today = finnish_today()
    sending_day = next_working_day(today)
    plan = json.loads(kaiku_command("dispatch", "plan", "--format", "json"))
    reasons = {row["reason"] for row in plan if row["decision"] == "exclude"}
    assert reasons >= {"non_disclosure", "under_age", "no_e_service_consent", "opted_out", "invalid_phone",
                       "ambiguous_phone", "not_last_visit_of_day", "no_active_survey"}
    due = [row for row in plan if row["decision"] == "send"]
    assert due and {row["send_date"] for row in due} == {sending_day.isoformat()}
    assert json.loads(kaiku_command("dispatch", "plan", "--date", sending_day.isoformat(), "--format", "json")) == plan

    # The run on the sending day sends these and the earlier day's visits that are still waiting,
    # unless the server's own job, inside today's sending window on a working day, sent those first.
    queued = int(re.search(r"Invitations queued: (\d+)", kaiku_command("dispatch", "run", "--today", sending_day.isoformat())).group(1))
    assert queued >= len(due)
    messages = sms_gateway.wait_for(queued)
    assert len(messages) > len(due)
    first = messages[0]
    assert first["to"].startswith("+358") and first["from"] and first["reference"]
    assert first["authorization"] == "Bearer stub-key"
    link = re.search(r"https?://\S+/s/[A-Za-z0-9_-]+", first["message"]).group(0)
    # Each invitation is one SMS part (ä, ö and å are GSM-7): one link, which carries the refusal too.
    assert all(len(m["message"]) <= 160 and "/o/" not in m["message"] for m in messages)
    # The sending day's plan is now what was decided: the people who visited on both days were
    # surveyed once, and of an invitation that went out nothing but its day is kept.
    decided = json.loads(kaiku_command("dispatch", "plan", "--format", "json"))
    sent = [row for row in decided if row["decision"] == "send"]
    assert len(sent) == len(due) and all(row["visit_id"] is None and row["language"] is None for row in sent)
    assert "recently_surveyed" in {row["reason"] for row in decided}

    # The person answers from the link, in the message's language.
    browser.get(link)
    assert serious_violations(browser) == []
    browser.find_element(By.CSS_SELECTOR, "label[for='thl-nps-9']").click()
    browser.find_element(By.CSS_SELECTOR, "#survey-form button.button[type=submit]").click()
    # Answered when the form has gone (the thank-you page, in the message's language).
    wait(browser).until(lambda d: not d.find_elements(By.ID, "survey-form"))
    # Four more answer, so that the response rate may be shown (the minimum is five).
    for message in messages[1:5]:
        browser.get(re.search(r"https?://\S+/s/[A-Za-z0-9_-]+", message["message"]).group(0))
        browser.find_element(By.CSS_SELECTOR, "label[for='thl-nps-10']").click()
        browser.find_element(By.CSS_SELECTOR, "#survey-form button.button[type=submit]").click()
        wait(browser).until(lambda d: not d.find_elements(By.ID, "survey-form"))

    # The refusal from the message's link (answered already): a confirming page, then done.
    browser.get(link + "?lang=fi")
    assert serious_violations(browser) == []
    browser.find_element(By.CSS_SELECTOR, "a[href^='/o/']").click()
    wait(browser).until(expected_conditions.presence_of_element_located((By.CSS_SELECTOR, "form.form")))
    assert serious_violations(browser) == []
    browser.find_element(By.CSS_SELECTOR, "form.form button[type=submit]").click()
    wait(browser).until(expected_conditions.presence_of_element_located((By.CSS_SELECTOR, "[role=status]")))

    # The invitations and answers are counted: the portal shows the SMS response rate.
    log_in(browser, server)
    browser.get(server + f"/staff/reports?node=ESIM&period=custom&from={today.isoformat()}&to={sending_day.isoformat()}&lang=en")
    rate = re.search(r"answered the SMS invitations \((\d+)/(\d+)\)", browser.page_source)
    # (Phone contacts were invited to the phone-service survey instead, counted apart.)
    assert rate and int(rate.group(1)) >= 5 and len(due) < int(rate.group(2)) <= len(messages)
    browser.get(server + "/admin/sms?lang=sv")
    assert "Spärrmarkering" in browser.page_source
    assert serious_violations(browser) == []
    # The length follows the typing: a Cyrillic letter turns the message into UCS-2.
    before = browser.find_element(By.ID, "length_en").text
    assert "GSM-7" in before
    browser.find_element(By.ID, "text_en").send_keys(" ж")
    assert "UCS-2" in browser.find_element(By.ID, "length_en").text

    # The gateway's delivery reports were accepted; no number or link is left in the database.
    assert all(status == 200 for status in sms_gateway.callbacks)
    if not SERVER_ENV.get("KAIKU_DATABASE_URL"):
        db = sqlite3.connect(os.path.join(data, "kaiku.sqlite"))
        sent = db.execute("SELECT recipient, body, delivery_status FROM outbox WHERE channel = 'sms' AND sent_at IS NOT NULL").fetchall()
        assert len(sent) >= len(due)
        assert all(not recipient.startswith("+") and body == "" for recipient, body, _ in sent)
        assert any(status == "delivered" for _, _, status in sent)
        assert db.execute("SELECT COUNT(*) FROM visits WHERE status <> 'pending' AND (phone IS NOT NULL OR person_ref IS NOT NULL)").fetchone()[0] == 0
        # Nothing joins an answer to its visit: no sent visit's id is kept anywhere, nor a number in a key.
        sent_ids = {row["visit_id"] for row in due}
        for (table,) in db.execute("SELECT name FROM sqlite_master WHERE type = 'table'").fetchall():
            for row in db.execute(f"SELECT * FROM {table}").fetchall():
                text = " ".join(str(value) for value in row)
                assert not any(visit_id in text for visit_id in sent_ids), table
        assert db.execute("SELECT COUNT(*) FROM outbox WHERE channel = 'sms' AND sent_at IS NOT NULL AND idempotency_key LIKE '%+358%'").fetchone()[0] == 0


def test_a_fhir_r4_bundle_built_with_fhir_resources_is_imported(server):
    key = kaiku_command("apikey", "add", "--name", "apotti-fhir", "--scope", "ESIM", "--survey", "thl-national").split()[-1]
    bundle = Bundle.model_validate({
        "resourceType": "Bundle", "type": "collection",
        "entry": [
            {"fullUrl": "urn:uuid:4d1a", "resource": {
                "resourceType": "Patient", "id": "4d1a", "birthDate": "1951-04-12",
                "telecom": [{"system": "phone", "value": "+358 40 555 0101", "use": "mobile"}],
                "communication": [{"language": {"coding": [{"system": "urn:ietf:bcp:47", "code": "sv"}]}, "preferred": True}],
                "extension": [{"url": "https://kaiku.fi/fhir/StructureDefinition/e-service-consent", "valueBoolean": True}]}},
            {"resource": {
                "resourceType": "Encounter", "id": "enc-1", "status": "finished",
                "class": {"system": "http://terminology.hl7.org/CodeSystem/v3-ActCode", "code": "AMB"},
                "subject": {"reference": "urn:uuid:4d1a"},
                "period": {"start": "2026-11-20T09:00:00+02:00", "end": "2026-11-20T09:20:00+02:00"},
                "serviceProvider": {"identifier": {"value": "100021"}}}},
        ]})
    request = urllib.request.Request(server + "/api/v1/visits", data=bundle.model_dump_json().encode(), method="POST",
                                     headers={"Content-Type": "application/fhir+json", "Authorization": "Bearer " + key})
    answer = json.load(urllib.request.urlopen(request))
    assert answer["imported"] == 1, answer


def test_a_resident_without_a_smartphone_answers_by_replying(browser, server, sms_gateway):
    """Issue 28: the invitation asks for a number 0-10; the gateway stub posts the replies to the
    inbound webhook as a gateway would; the follow-up question comes back through the stub; the
    answers appear in the unit's report, and no number is kept with them."""
    data = SERVER_ENV["KAIKU_DATA_DIR"]
    # The county turns answering by reply on (the admin's SMS page).
    log_in(browser, server)
    browser.get(server + "/admin/sms?lang=fi")
    box = browser.find_element(By.ID, "reply_answers")
    if not box.is_selected():
        browser.find_element(By.CSS_SELECTOR, "label[for='reply_answers']").click()
    html = browser.find_element(By.TAG_NAME, "html")
    box.find_element(By.XPATH, "./ancestor::form").find_element(By.CSS_SELECTOR, "button[type=submit]").click()
    wait(browser).until(expected_conditions.staleness_of(html))
    assert browser.find_element(By.ID, "reply_answers").is_selected()
    assert serious_violations(browser) == []

    # Six older people visit a health centre's service point some days from now (new people: the
    # 30-day rule has not met them); the run acts as the day after.
    db = sqlite3.connect(os.path.join(data, "kaiku.sqlite"))
    point, unit, unit_id = db.execute("""SELECT s.code, u.code, u.id FROM org_nodes s JOIN org_nodes u ON s.parent_id = u.id
                                         WHERE s.level = 'service_point' AND u.code = 'ESIM-U002' ORDER BY s.code LIMIT 1""").fetchone()
    db.close()

    def stored():
        """The unit's answers to the 0-10 question today, as stored."""
        db = sqlite3.connect(os.path.join(data, "kaiku.sqlite"))
        n = db.execute("""SELECT COUNT(*) FROM responses r JOIN response_answers a ON a.response_id = r.id AND a.question_key = 'thl.nps'
                          WHERE r.node_path LIKE ? AND r.submitted_on = ?""", (f"%/{unit_id}/%", finnish_today().isoformat())).fetchone()[0]
        db.close()
        return n
    visit_day = finnish_today() + datetime.timedelta(days=10)
    sending_day = next_working_day(visit_day)
    numbers = [f"040 765 43{n:02d}" for n in range(6)]
    rows = ["visit_id,person_ref,phone,birth_date,language,service_point_code,contact_type,call_type,visit_start,visit_end,"
            "e_service_consent,non_disclosure,sms_opt_out"]
    for n, number in enumerate(numbers):
        rows.append(f"reply-{n},reply-person-{n},{number},1948-03-0{n + 1},fi,{point},visit,,{visit_day}T09:00:00+02:00,"
                    f"{visit_day}T09:30:00+02:00,true,false,false")
    visits = os.path.join(data, "reply-visits.csv")
    open(visits, "w").write("\n".join(rows) + "\n")
    assert "Imported 6 visits" in kaiku_command("visits", "import", visits)

    def report():
        out = kaiku_command("report", "summary", "--node", unit, "--from", finnish_today().isoformat(), "--to", finnish_today().isoformat())
        nps = next(q for q in json.loads(out)["total"]["questions"] if q["key"] == "thl.nps")
        texts = next(q for q in json.loads(out)["total"]["questions"] if q["key"] == "thl.nps_reason")
        return nps.get("n"), texts.get("texts")

    before = len(sms_gateway.messages)
    answered_before = stored()
    # (The demo's visits still waiting for that day go too.)
    queued = int(re.search(r"Invitations queued: (\d+)", kaiku_command("dispatch", "run", "--today", sending_day.isoformat())).group(1))
    mine = {"+3584076543" + f"{n:02d}" for n in range(6)}
    invitations = [m for m in sms_gateway.wait_for_more(before, queued) if m["to"] in mine]
    assert {m["to"] for m in invitations} == mine
    assert all("numerolla 0-10" in m["message"] and "/s/" in m["message"] and "vastaa EI" in m["message"] for m in invitations)

    # Five answer with a number, the sixth refuses; each answer brings the open question back.
    before = len(sms_gateway.messages)
    for number, score in zip(numbers[:5], ["9", "10", "8 ", "7.", "3"]):
        assert sms_gateway.send_inbound(server, number, score) == {"status": "asked"}
    assert sms_gateway.send_inbound(server, numbers[5], "EI kiitos") == {"status": "refused"}
    replies = sms_gateway.wait_for_more(before, 6)
    follow_ups = [m for m in replies if "mihin arviosi perustuu" in m["message"]]
    assert len(follow_ups) == 5 and any("Et saa enää kyselyjä" in m["message"] for m in replies)
    # The open answers come in words; a second number from the same person counts nothing.
    for number in numbers[:5]:
        assert sms_gateway.send_inbound(server, number, "Hoitaja oli ystävällinen, mutta odotin puoli tuntia.") == {"status": "answered"}
    assert sms_gateway.send_inbound(server, numbers[0], "10") == {"status": "ignored"}
    assert sms_gateway.send_inbound(server, numbers[5], "8") == {"status": "ignored"}

    # The answers are in the unit's report (at least five now, so shown), with their words.
    assert stored() == answered_before + 5
    answered, texts = report()
    assert answered == answered_before + 5 and texts >= 5

    # Nothing joins an answer to a number: no table holds one (the outbox forgot them once sent).
    sms_gateway.wait_for_more(before, 6)
    db = sqlite3.connect(os.path.join(data, "kaiku.sqlite"))
    digits = [number.replace(" ", "")[1:] for number in numbers]
    for (table,) in db.execute("SELECT name FROM sqlite_master WHERE type = 'table'").fetchall():
        if table == "outbox":
            continue  # checked below, once the stub has every message
        for row in db.execute(f"SELECT * FROM {table}").fetchall():
            text = " ".join(str(value) for value in row)
            assert not any(d in text for d in digits), table
    assert db.execute("SELECT COUNT(*) FROM sms_replies WHERE score IS NOT NULL").fetchone()[0] == 0
    unsent = db.execute("SELECT COUNT(*) FROM outbox WHERE channel = 'sms' AND sent_at IS NULL").fetchone()[0]
    for (recipient,) in db.execute("SELECT recipient FROM outbox WHERE channel = 'sms' AND sent_at IS NOT NULL").fetchall():
        assert not any(d in recipient for d in digits)
    db.close()
    assert unsent == 0
