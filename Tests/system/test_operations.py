"""Operations: structured JSON logs (opt-in) that never carry personal data or feedback text, even
when the mail server is down and errors name recipients; Prometheus metrics for requests,
latencies, the outboxes' depth and age, and overdue cases."""
import json
import re
import time
import urllib.request
import uuid

from conftest import free_port
from durability import CSRF, Deployment, feedback_area, post


def test_json_logs_hold_no_personal_data_and_metrics_show_the_backlog():
    # A mail server that refuses: every handler notice fails, and its error is logged.
    deployment = Deployment(KAIKU_LOG_FORMAT="json", KAIKU_LOG_LEVEL="info", KAIKU_SMTP_URL=f"smtp://127.0.0.1:{free_port()}")
    try:
        url = deployment.start()
        area = feedback_area(url)
        form = urllib.request.urlopen(f"{url}/feedback/{area}?lang=fi", timeout=10).read().decode()
        started = re.search(r'name="started" value="([^"]*)"', form).group(1)
        time.sleep(3.2)
        text = "Lokitesti: hoitaja Liisa Virtanen kohteli minua huonosti."
        status, body, _ = post(f"{url}/feedback/{area}?lang=fi",
                               {"_csrf": CSRF, "started": started, "submission": uuid.uuid4().hex, "kind": "criticism", "text": text,
                                "wants_reply": "1", "email": "maija.meikalainen@example.fi", "phone": "0401234567", "website": "",
                                "unit": "unknown"}, cookie=f"kaiku_csrf={CSRF}", forwarded_for="10.9.9.9")
        assert status == 200 and 'id="reference"' in body, body[:500]
        time.sleep(4)  # the outbox tries, and logs its failures

        metrics = urllib.request.urlopen(f"{url}/metrics", timeout=10).read().decode()
        depth = re.search(r'^kaiku_outbox_depth\{channel="email"\} (\d+)', metrics, re.M)
        assert depth and int(depth.group(1)) > 0, metrics[:2000]
        assert re.search(r'^kaiku_outbox_oldest_age_seconds\{channel="email"\} [0-9.]+', metrics, re.M)
        assert re.search(r'^kaiku_cases_overdue \d+', metrics, re.M)
        assert "hb_requests" in metrics and "http_server_request_duration" in metrics, "request counts and latencies"

        deployment.stop()
        lines = [line for line in deployment.log().splitlines() if line.strip()]
        assert [line for line in lines if not line.startswith("{")] == []
        records = [json.loads(line) for line in lines]  # every line is one JSON object
        assert any(r["level"] == "warning" and "delivery failed" in r["message"] for r in records)
        log = deployment.log()
        for secret in ["Lokitesti", "Liisa", "Virtanen", "maija.meikalainen", "0401234567", "+358401234567"]:
            assert secret not in log, f"{secret} in the log"
    finally:
        deployment.close()
