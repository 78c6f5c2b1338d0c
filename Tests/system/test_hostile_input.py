"""Hostile input: every payload of `hostile/xss.txt` goes in through every public text field (the
feedback form, open survey answers, the widget, the kiosk, the answer API) and through the texts
admins type (organisation import names, survey texts, handlers' notes and replies). Then every
staff view that shows any of it is opened in Chromium, twice: with our Content-Security-Policy and
a listener for its violations, and with the policy switched off, so that escaping alone must hold.
Nothing may run, no element or handler may be injected, every export keeps the text as inert
cells, and every e-mail renders without running anything."""
import csv
import datetime
import io
import json
import os
import re
import subprocess
import tempfile
import time
import urllib.error
import urllib.parse
import urllib.request
import uuid
from collections import Counter, deque

import openpyxl
import pytest

from conftest import KAIKU, ROOT, finnish_today, free_port, make_driver, monthly_sending_day, serve_mail
from durability import CSRF, Deployment, feedback_area, log_in, post, wait_until

PAYLOAD_FILE = os.path.join(os.path.dirname(__file__), "hostile", "xss.txt")
WIDGET_ORIGIN = "https://www.esimerkki.fi"
COORDINATOR, ADMIN, REPORTER, DIRECTOR = ("palautekoordinaattori@esimerkkila.fi", "paakayttaja@esimerkkila.fi",
                                          "raportoija@esimerkkila.fi", "johto@esimerkkila.fi")
# Installed before any of the page's own code: `__xss(n)` is what every payload calls.
HOOK = """
window.__hits = [];
window.__xss = function (n) { window.__hits.push(String(n)); };
window.__violations = [];
document.addEventListener('securitypolicyviolation', function (e) {
  window.__violations.push(e.violatedDirective + ' ' + e.blockedURI + ' ' + (e.sample || ''));
});
"""
# Whatever a payload could have injected: a handler attribute, a script URL, an inline script, a
# frame, a base or a refresh. Kaiku's own pages have none of them (its policy would block them).
INJECTED = """
const found = [];
const URL_ATTRIBUTES = ['href', 'src', 'action', 'formaction', 'data', 'xlink:href', 'poster', 'background', 'content'];
for (const element of document.querySelectorAll('*')) {
  const tag = element.tagName.toLowerCase();
  for (const attribute of element.attributes) {
    const value = attribute.value.replace(/\\s/g, '').toLowerCase();
    if (attribute.name.startsWith('on')) found.push(tag + ' ' + attribute.name);
    else if (URL_ATTRIBUTES.includes(attribute.name) && (value.startsWith('javascript:') || value.startsWith('data:text'))) found.push(tag + ' ' + attribute.name + '=' + value);
  }
  if (tag === 'script' && !element.src) found.push('inline script: ' + element.textContent.slice(0, 60));
  if (['iframe', 'frame', 'object', 'embed', 'base'].includes(tag)) found.push(tag);
  if (tag === 'meta' && element.httpEquiv) found.push('meta ' + element.httpEquiv);
}
return found;
"""
EXPORT = re.compile(r"export|workbook|\.csv|\.xlsx")


def payloads():
    """The corpus, each payload's `__xss()` numbered."""
    with open(PAYLOAD_FILE, encoding="utf-8") as f:
        lines = [line.rstrip("\n") for line in f if line.strip() and not line.startswith("#")]
    return [line.replace("__xss()", f"__xss({number})") for number, line in enumerate(lines, start=1)]


class Staff:
    """A signed-in member of staff speaking plain HTTP."""

    def __init__(self, url, email):
        self.url, self.email = url, email
        self.cookie = log_in(url, email)
        self.csrf = re.search(r'name="_csrf" value="([^"]+)"', self.get("/staff")[1]).group(1)

    def get(self, path):
        request = urllib.request.Request(self.url + path, headers={"Cookie": self.cookie})
        try:
            with urllib.request.urlopen(request, timeout=30) as response:
                return response.status, response.read().decode(errors="replace"), response.headers
        except urllib.error.HTTPError as error:
            return error.code, "", error.headers

    def download(self, path):
        request = urllib.request.Request(self.url + path, headers={"Cookie": self.cookie})
        with urllib.request.urlopen(request, timeout=60) as response:
            return response.headers.get("Content-Type", ""), response.read()

    def post(self, path, fields):
        status, body, headers = post(self.url + path, {"_csrf": self.csrf, **fields}, cookie=self.cookie, timeout=30)
        assert status < 500, (path, status, body[:500])
        return status, body, headers


def send_json(url, body, headers=None):
    request = urllib.request.Request(url, data=json.dumps(body).encode(), method="POST",
                                     headers={"Content-Type": "application/json", **(headers or {})})
    try:
        with urllib.request.urlopen(request, timeout=30) as response:
            return response.status
    except urllib.error.HTTPError as error:
        return error.code


# -- Putting the payloads in ---------------------------------------------------------------------

def phone(channel, number):
    """A resident's address behind the trusted proxy, one per submission and way in, so that no
    per-client limit refuses a payload."""
    return f"10.{channel}.{number // 200}.{number % 200}"


def resident_post(url, fields, address):
    """A form as a resident's browser sends it after opening the page: the CSRF token the page
    set in the cookie, and the resident's own address."""
    return post(url, {"_csrf": CSRF, **fields}, cookie=f"kaiku_csrf={CSRF}", forwarded_for=address)


def refusal(body):
    """What a page refused, for a failure's message: its error summary, else its end."""
    return re.findall(r"(?s)<div class=\"error-summary.*?</div>", body) or body[-3000:]


def import_units(admin, texts):
    """A unit under the health centres per payload, its names in all three languages."""
    _, exported, _ = admin.get("/admin/org/export")
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    for number, text in enumerate(texts, start=1):
        writer.writerow([f"ESIM-X{number:02d}", "ESIM-TER-TA", "unit", text, text, text, "2023-01-01", "", ""])
    status, body, _ = admin.post("/admin/org/import", {"csv": exported.rstrip("\n") + "\n" + out.getvalue()})
    assert status in (200, 303), body[:2000]


def design_survey(admin, texts):
    """A published short-term survey whose names, questions and options are payloads."""
    status, _, headers = admin.post("/admin/surveys/new", {"code": "vihamielinen", "name_fi": texts[0], "name_sv": texts[1],
                                                           "name_en": texts[2], "kind": "short_term", "audience": "all"})
    assert status == 303
    survey = headers["Location"].split("?")[0]
    options = [text for text in texts if "|" not in text]
    for number, kind in ((1, "single_choice"), (2, "free_text")):
        assert admin.post(survey + "/questions", {"type": kind})[0] == 303
        fields = {"action": "save", "text_fi": texts[3 * number], "text_sv": texts[3 * number + 1],
                  "text_en": texts[3 * number + 2]}
        if kind == "single_choice":
            fields["options"] = "\n".join(f"{key} | {options[n]} | {options[n + 1]} | {options[n + 2]}"
                                          for key, n in (("a", 9), ("b", 12), ("c", 15)))
        status, body, _ = admin.post(f"{survey}/questions/q{number}", fields)
        assert status == 303, refusal(body)
    ends = (finnish_today() + datetime.timedelta(days=30)).isoformat()
    status, body, _ = admin.post(survey, {"name_fi": texts[0], "name_sv": texts[1], "name_en": texts[2], "audience": "all",
                                          "channel": "qr", "ends_on": ends, "targets": "ESIM-U002"})
    assert status == 303, refusal(body)
    status, body, _ = admin.post(survey + "/publish", {"confirm_overlap": "1"})
    assert status == 303, refusal(body)


def answer_surveys(url, texts):
    """Each payload as the open answer of the national survey, and of the designed one."""
    for number, text in enumerate(texts):
        status, body, _ = resident_post(f"{url}/k/ESIM-U002/thl-national?c=qr",
                                        {"language": "fi", "q.thl.nps": str(number % 11), "q.thl.nps_reason": text}, phone(9, number))
        assert status == 200 and "Kiitos vastauksistasi" in body, (text, status, body[:500])
        status, _, _ = resident_post(f"{url}/k/ESIM-U002/vihamielinen?c=qr", {"language": "en", "q.q1": "a", "q.q2": text},
                                     phone(5, number))
        assert status == 200, (text, status)


def give_feedback(url, texts):
    """A case per payload, each wanting a reply by e-mail."""
    area = feedback_area(url)
    form = urllib.request.urlopen(f"{url}/feedback/{area}?lang=fi", timeout=10).read().decode()
    started = re.search(r'name="started" value="([^"]*)"', form).group(1)
    time.sleep(3.2)  # the spam defence's minimum fill time
    for number, text in enumerate(texts, start=1):
        status, body, _ = resident_post(f"{url}/feedback/{area}?lang=fi",
                                        {"started": started, "submission": uuid.uuid4().hex, "kind": "criticism", "text": text,
                                         "wants_reply": "1", "email": f"vihamielinen{number}@example.fi", "phone": "", "website": "",
                                         "unit": "unknown"}, phone(8, number))
        assert status == 200 and 'id="reference"' in body, (text, status, body[:1000])


def handle_cases(coordinator, texts):
    """The first cases taken, commented on and answered with payloads: the reply goes by e-mail."""
    _, page, _ = coordinator.get("/staff/cases?status=all&q=__xss")
    cases = list(dict.fromkeys(re.findall(r'href="(/staff/cases/[0-9a-f-]{36})"', page)))
    assert len(cases) >= 5, page[:2000]
    for case, text in zip(cases[:5], texts):
        coordinator.post(case, {"action": "take"})
        coordinator.post(case, {"action": "comment", "note": text})
        status, body, _ = coordinator.post(case, {"action": "reply", "text": text})
        assert status == 303, refusal(body)


def use_widget(url, texts):
    """The widget's script (JSON) and its form without JavaScript, payloads in the comment and the page."""
    for number, text in enumerate(texts):
        page = f"{WIDGET_ORIGIN}/palvelut/{urllib.parse.quote(text)}?haku={urllib.parse.quote(text)}"
        status = send_json(f"{url}/api/v1/widget", {"page": page, "found": number % 2 == 0, "comment": text},
                           {"Origin": WIDGET_ORIGIN, "X-Forwarded-For": phone(7, number)})
        assert status in (200, 201, 204, 400, 429), (text, status)
        status, body, _ = resident_post(f"{url}/widget", {"page": f"{WIDGET_ORIGIN}/{text}", "unit": "", "area": "", "found": "no",
                                                          "comment": text}, phone(6, number))
        assert status < 500, (text, status, body[:500])


def use_kiosk(url, admin, texts):
    """A kiosk registered under a payload's name, each payload sent as its open answer."""
    _, body, _ = admin.post("/admin/kiosks", {"name": texts[0], "unit": "ESIM-U002", "survey": "thl-national"})
    kiosk = re.search(r"/kiosk/[A-Za-z0-9_-]+", body).group(0)
    for number, text in enumerate(texts):
        for _ in range(50):
            status = send_json(url + kiosk + "/answers", {"submission": uuid.uuid4().hex, "language": "sv",
                                                          "fields": {"q.thl.nps": str(number % 11), "q.thl.nps_reason": text}},
                               {"Cookie": f"kaiku_csrf={CSRF}", "X-CSRF-Token": CSRF})
            if status != 429:
                break
            time.sleep(0.2)
        assert status == 200, (text, status)
    return kiosk


def use_api(url, env, texts):
    """Each payload as an open answer through the answer API."""
    key = subprocess.run([KAIKU, "apikey", "add", "--name", "vihamielinen", "--scope", "ESIM", "--survey", "thl-national"], cwd=ROOT,
                         env=env, check=True, capture_output=True, text=True).stdout.strip().splitlines()[-1]
    for number, text in enumerate(texts):
        status = send_json(f"{url}/api/v1/responses", {"survey": "thl-national", "unit": "ESIM-U002", "channel": "phone", "language": "en",
                                                       "submission_id": f"hostile-{number}",
                                                       "answers": {"thl.nps": number % 11, "thl.nps_reason": text}},
                           {"Authorization": f"Bearer {key}"})
        assert status in (200, 201), (text, status)


def mail_reports(env):
    """This month's reports of a payload-named unit and of the health centres, whose units and
    open answers carry payloads, mailed as the monthly job would."""
    def kaiku(*args):
        subprocess.run([KAIKU, *args], cwd=ROOT, env=env, check=True, capture_output=True)
    for node in ("ESIM-X01", "ESIM-TER-TA"):
        kaiku("report", "subscribe", "--email", DIRECTOR, "--node", node)
    kaiku("report", "mail", "--today", monthly_sending_day().isoformat())


# -- Looking at what comes out -------------------------------------------------------------------

def crawl(staff, starts, limit=500, per_shape=60):
    """The pages a member of staff reaches by following links from `starts`: (pages holding any
    of the payloads by page shape, with the payloads each holds; export addresses). Capped per
    page shape so lists of thousands stay cheap."""
    seen, shapes, marked, exports = set(), Counter(), {}, set()
    queue = deque(starts)
    while queue and len(seen) < limit:
        path = queue.popleft()
        if path in seen:
            continue
        seen.add(path)
        shape = re.sub(r"[0-9a-f]{8}-[0-9a-f-]{27}|ESIM[-A-Z0-9]*|\d+", ":id", path.split("?")[0])
        shapes[shape] += 1
        if shapes[shape] > per_shape:
            continue
        status, body, headers = staff.get(path)
        assert status < 500, (staff.email, path, status)
        if status != 200 or not headers.get("Content-Type", "").startswith("text/html"):
            continue
        if "xss" in body:
            marked.setdefault(shape, []).append((path, set(re.findall(r"__xss\((\d+)\)", body))))
        for link in re.findall(r'href="([^"#]*)', body):
            # The language only changes the words around the text, not how the text is written.
            link = re.sub(r"([?&])lang=[a-z]{2}(&|$)", r"\1", link.replace("&amp;", "&")).rstrip("?&")
            if not link.startswith("/") or link.startswith(("/static/", "//")) or "logout" in link:
                continue
            if EXPORT.search(link):
                exports.add(link)
            elif link not in seen:
                queue.append(link)
    return marked, exports


def cover(marked, covered):
    """Per page shape, the page holding most payloads and then, greedily, pages that hold
    payloads not yet covered — by this person or one before (`covered`: shape → payloads) —
    until every payload seen on pages of that shape is on a chosen page."""
    chosen = []
    for shape, pages in marked.items():
        left = set().union(*(numbers for _, numbers in pages)) - covered.setdefault(shape, set())
        for index, (path, numbers) in enumerate(sorted(pages, key=lambda page: -len(page[1]))):
            if index == 0 or numbers & left:
                chosen.append(path)
                left -= numbers
                covered[shape] |= numbers
            if not left:
                break
    return chosen


def signed_in_driver(url, staff):
    driver = make_driver()
    driver.execute_cdp_cmd("Page.addScriptToEvaluateOnNewDocument", {"source": HOOK})
    if staff is not None:
        driver.get(url + "/healthz")
        for pair in staff.cookie.split("; "):
            name, value = pair.split("=", 1)
            driver.add_cookie({"name": name, "value": value, "path": "/"})
    return driver


def open_in_chromium(driver, address):
    """What happened on the page: payloads that ran, policy violations, injected elements, and
    the payload numbers shown as text (proof the payload was on the page)."""
    driver.get(address)
    driver.execute_script("return 1")  # the load has finished
    time.sleep(0.2)  # onerror, onfocus and ontoggle fire just after load
    return (driver.execute_script("return window.__hits"), driver.execute_script("return window.__violations"),
            driver.execute_script(INJECTED), set(re.findall(r"__xss\((\d+)\)", driver.execute_script("return document.body.innerText"))))


def check_pages(url, staff, paths):
    """Each page with the policy and a violation listener, then without the policy."""
    problems, shown = [], set()
    driver = signed_in_driver(url, staff)
    try:
        for bypass in (False, True):
            driver.execute_cdp_cmd("Page.setBypassCSP", {"enabled": bypass})
            for path in paths:
                hits, violations, injected, numbers = open_in_chromium(driver, url + path)
                shown |= numbers
                if hits or violations or injected:
                    problems.append((staff.email if staff else "public", path, "no policy" if bypass else "policy", hits, violations, injected))
    finally:
        driver.quit()
    return problems, shown


def check_export(kind, data):
    """Payload text in an export stays text: CSV cells that a spreadsheet would run start with an
    apostrophe, XLSX cells are strings, never formulas."""
    problems = []
    if "spreadsheetml" in kind:
        workbook = openpyxl.load_workbook(io.BytesIO(data))
        for sheet in workbook.worksheets:
            for row in sheet.iter_rows():
                for cell in row:
                    if isinstance(cell.value, str) and "xss" in cell.value and cell.data_type != "s":
                        problems.append((sheet.title, cell.coordinate, cell.data_type, cell.value))
    else:
        assert "csv" in kind, kind
        for row in csv.reader(io.StringIO(data.decode("utf-8-sig"))):
            for cell in row:
                if "xss" in cell and cell[:1] in ("=", "+", "-", "@", "\t", "\r"):
                    problems.append(("csv", cell))
    return problems


def check_mails(mails):
    """Every HTML mail opened as a file in Chromium (no policy protects a mail client)."""
    problems = []
    driver = signed_in_driver("", None)
    try:
        with tempfile.TemporaryDirectory() as directory:
            for number, mail in enumerate(mails):
                path = os.path.join(directory, f"{number}.html")
                with open(path, "w", encoding="utf-8") as f:
                    f.write(mail["html"])
                hits, _, injected, _ = open_in_chromium(driver, "file://" + path)
                if hits or injected:
                    problems.append((mail["subject"], hits, injected))
    finally:
        driver.quit()
    return problems


@pytest.fixture
def smtp():
    """A mail server of this test's own: its monthly reports must not reach the shared one, where
    test_reports counts the director's reports."""
    sink, controller = serve_mail()
    yield sink
    controller.stop()


@pytest.fixture
def hostile_deployment(smtp):
    deployment = Deployment(KAIKU_SMTP_URL=f"smtp://127.0.0.1:{smtp.port}", KAIKU_MAIL_FROM="Kaiku <palaute@esimerkkila.fi>",
                            KAIKU_WIDGET_ORIGINS=WIDGET_ORIGIN)
    yield deployment
    deployment.close()


def test_no_payload_runs_in_any_staff_view_export_or_mail(hostile_deployment, smtp):
    texts = payloads()
    port = free_port()
    url = hostile_deployment.start(port=port, KAIKU_PUBLIC_URL=f"http://127.0.0.1:{port}")
    admin = Staff(url, ADMIN)
    import_units(admin, texts)
    design_survey(admin, texts)
    answer_surveys(url, texts)
    give_feedback(url, texts)
    use_widget(url, texts)
    kiosk = use_kiosk(url, admin, texts)
    use_api(url, hostile_deployment.env, texts)
    coordinator = Staff(url, COORDINATOR)
    handle_cases(coordinator, texts)

    problems, shown, downloads, covered = [], set(), 0, {}
    signed_in = {ADMIN: admin, COORDINATOR: coordinator}
    starts = {ADMIN: ["/staff", "/admin/org", "/admin/surveys", "/admin/kiosks", "/admin/audit", "/staff/reports?survey=vihamielinen"],
              COORDINATOR: ["/staff", "/staff/cases?status=all&q=__xss", "/wall", "/staff/reports/feedback"],
              REPORTER: ["/staff", "/staff/reports", "/staff/reports/texts", "/staff/reports/texts?survey=vihamielinen", "/staff/reports/feedback"],
              DIRECTOR: ["/staff", "/staff/reports", "/staff/reports/texts"]}
    for email, paths in starts.items():
        staff = signed_in.get(email) or Staff(url, email)
        marked, exports = crawl(staff, paths)
        found, numbers = check_pages(url, staff, cover(marked, covered))
        problems += found
        shown |= numbers
        for export in sorted(exports):
            kind, data = staff.download(export)
            assert not kind.startswith("text/html"), (export, kind)
            problems += check_export(kind, data)
            downloads += 1
    public = ["/feedback?lang=fi", f"/feedback/{feedback_area(url)}?lang=sv", "/k/ESIM-U002/vihamielinen?c=qr&lang=fi",
              "/k/ESIM-U002/vihamielinen?c=qr&lang=sv", "/k/ESIM-U002/vihamielinen?c=qr&lang=en", kiosk + "?lang=fi", "/wall/display",
              f"/widget?page={urllib.parse.quote(WIDGET_ORIGIN + '/palvelut')}"]
    found, numbers = check_pages(url, None, public)
    problems += found
    shown |= numbers

    replies = lambda: [m for m in smtp.messages if any(to.startswith("vihamielinen") for to in m["to"])]
    wait_until(lambda: len(replies()) >= 5, 60, lambda: f"{len(replies())} replies mailed")
    mail_reports(hostile_deployment.env)
    reports = lambda: [m for m in smtp.messages if m["html"] and "xss" in m["html"]]
    wait_until(lambda: len(reports()) >= 2, 60, lambda: f"{len(reports())} reports mailed")
    problems += check_mails([m for m in smtp.messages if m["html"]])

    assert problems == [], "\n".join(map(repr, problems))
    # The checks saw the payloads: each one is shown as text on some page they opened.
    literal = {str(number) for number, text in enumerate(texts, start=1) if f"__xss({number})" in text}
    assert literal - shown == set(), f"payloads never seen on a checked page: {sorted(literal - shown, key=int)}"
    assert downloads >= 3, downloads


def test_the_checks_see_every_markup_payload_that_is_not_escaped():
    """The checks themselves: each payload written into a page as it is, unescaped, is caught."""
    # Two payloads are aimed at filters that rewrite markup (mutation XSS, a tag split by a tag):
    # written into a page as they are, Chromium's parser makes text of them.
    markup = [text for text in payloads() if text.startswith("<") and not text.startswith(("<math>", "<scr<"))]
    problems = check_mails([{"subject": text, "html": f"<!doctype html><title>x</title><p>{text}</p>"} for text in markup])
    assert [subject for subject, _, _ in problems] == markup
