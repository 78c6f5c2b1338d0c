"""Durability: under a steady stream of survey answers and feedback, the server is killed with
SIGKILL and started again. Every submission that got its success page is in the database, and no
submission is there twice. On SQLite here, and on PostgreSQL when KAIKU_TEST_DATABASE_URL is set
(`make test` runs both)."""
import json
import subprocess
import time
import urllib.error
import urllib.request

import pytest

from conftest import KAIKU, ROOT
from durability import Deployment, Stream

@pytest.fixture
def deployment():
    deployment = Deployment()
    yield deployment
    deployment.close()


def test_acknowledged_submissions_survive_kill_9_once_each(deployment):
    url = deployment.start()
    stream = Stream(url)
    stream.start()
    time.sleep(6)
    port = int(url.rsplit(":", 1)[1])
    deployment.kill()
    before = (len(stream.acknowledged_answers), len(stream.acknowledged_cases))
    # The stream keeps knocking while the server is down, and goes on after it is back on the same port.
    deployment.start(port=port)
    time.sleep(2)
    stream.stop()
    answers, cases = stream.acknowledged_answers, stream.acknowledged_cases
    assert before[0] > 20 and before[1] > 20, f"too few submissions before the kill: {before}"
    assert len(answers) > before[0] and len(cases) > before[1], "nothing was acknowledged after the restart"

    stored_answers = {}
    for (text,) in deployment.query("SELECT value_text FROM response_answers WHERE value_text LIKE 'kestotesti %'"):
        stored_answers[text] = stored_answers.get(text, 0) + 1
    stored_cases = {}
    for (text,) in deployment.query("SELECT body FROM feedback_cases WHERE body LIKE 'kestotesti %'"):
        stored_cases[text] = stored_cases.get(text, 0) + 1
    lost = [m for m in answers if m not in stored_answers] + [m for m in cases if m not in stored_cases]
    twice = [m for m, n in list(stored_answers.items()) + list(stored_cases.items()) if n > 1]
    assert lost == [], f"acknowledged but not stored: {lost[:10]}"
    assert twice == [], f"stored more than once: {twice[:10]}"
    print(f"sent {stream.sent}, acknowledged {len(answers)} answers and {len(cases)} cases "
          f"({before[0]} and {before[1]} before the kill); stored {len(stored_answers)} and {len(stored_cases)}")


def test_sigterm_drains_requests_and_releases_job_leases(deployment):
    url = deployment.start()
    stream = Stream(url, workers=4)
    stream.start()
    time.sleep(5)
    code = deployment.stop()
    stream.stop()
    assert code == 0, deployment.log()
    with pytest.raises(urllib.error.URLError):
        urllib.request.urlopen(f"{url}/readyz", timeout=5)
    # Whatever the job runner had in hand was finished or handed back, not left leased for five minutes.
    leased = deployment.query("SELECT kind FROM jobs WHERE done_at IS NULL AND leased_until IS NOT NULL")
    assert leased == [], leased
    answers = {text for (text,) in deployment.query("SELECT value_text FROM response_answers WHERE value_text LIKE 'kestotesti %'")}
    cases = {text for (text,) in deployment.query("SELECT body FROM feedback_cases WHERE body LIKE 'kestotesti %'")}
    assert set(stream.acknowledged_answers) <= answers and set(stream.acknowledged_cases) <= cases
    assert "error" not in deployment.log().lower(), deployment.log()


def test_a_backup_taken_under_load_restores_to_a_working_server(deployment, tmp_path):
    url = deployment.start()
    stream = Stream(url, workers=3)
    stream.start()
    time.sleep(4)
    if deployment.database_url:
        # PostgreSQL: the documented way (docs/RELIABILITY.md), pg_dump while Kaiku writes, pg_restore into a new database.
        backup = str(tmp_path / "kaiku.dump")
        subprocess.run(["pg_dump", "--format=custom", f"--file={backup}", deployment.database_url.split("?")[0]], check=True)
        refused = subprocess.run([KAIKU, "backup", "--to", str(tmp_path / "x")], cwd=ROOT, env=deployment.env, capture_output=True, text=True)
        assert refused.returncode != 0 and "pg_dump" in refused.stderr
    else:
        backup = str(tmp_path / "kaiku-backup.sqlite")
        result = subprocess.run([KAIKU, "backup", "--to", backup], cwd=ROOT, env=deployment.env, capture_output=True, text=True)
        assert result.returncode == 0, result.stderr
        again = subprocess.run([KAIKU, "backup", "--to", backup], cwd=ROOT, env=deployment.env, capture_output=True, text=True)
        assert again.returncode != 0 and "never overwrites" in again.stderr
    time.sleep(1)
    stream.stop()
    deployment.stop()

    restored = Deployment.restored(backup)
    try:
        cases = int(restored.query("SELECT COUNT(*) FROM feedback_cases WHERE body LIKE 'kestotesti %'")[0][0])
        answers = int(restored.query("SELECT COUNT(*) FROM response_answers WHERE value_text LIKE 'kestotesti %'")[0][0])
        assert 0 < cases < int(deployment.query("SELECT COUNT(*) FROM feedback_cases WHERE body LIKE 'kestotesti %'")[0][0]) + 1
        assert answers > 0
        if not restored.database_url:
            assert restored.query("PRAGMA integrity_check") == [("ok",)]
        url = restored.start()
        assert json.load(urllib.request.urlopen(f"{url}/readyz", timeout=5))["status"] == "ready"
    finally:
        restored.close()
