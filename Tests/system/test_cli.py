"""The `kaiku` command line on a fresh SQLite database: help, migrate, org import (good and bad
files), org export, user add and list, and the demo's refusal on a database with data."""
import os
import subprocess
import tempfile

import pytest

from conftest import KAIKU, ROOT

HEADER = "code,parent_code,level,name_fi,name_sv,name_en,valid_from,valid_to,oid\n"


@pytest.fixture
def kaiku():
    data = tempfile.mkdtemp(prefix="kaiku-cli-")
    env = dict(os.environ, KAIKU_DATA_DIR=data)
    env.pop("KAIKU_DATABASE_URL", None)

    def run(*args, check=True):
        result = subprocess.run([KAIKU, *args], cwd=ROOT, env=env, capture_output=True, text=True)
        if check and result.returncode != 0:
            raise AssertionError(f"kaiku {' '.join(args)} failed: {result.stdout}{result.stderr}")
        return result

    run.data = data
    return run


def write(directory, name, text):
    path = os.path.join(directory, name)
    with open(path, "w", encoding="utf-8") as f:
        f.write(text)
    return path


def test_help_explains_every_subcommand(kaiku):
    text = kaiku("--help").stdout
    for command in ("serve", "migrate", "demo", "org", "user"):
        assert command in text
    assert "import" in kaiku("org", "--help").stdout
    assert "--scope" in kaiku("user", "add", "--help").stdout


def test_org_import_refuses_a_bad_file_and_applies_a_good_one(kaiku):
    assert "Applied migrations: 1" in kaiku("migrate").stdout
    assert "up to date" in kaiku("migrate").stdout
    bad = write(kaiku.data, "bad.csv", HEADER + "C,,county,Alue,,,,,\nU,NOPE,unit,Orpo,,,2024-02-30,,\nC,,county,Toinen,,,,,\n")
    result = kaiku("org", "import", bad, check=False)
    assert result.returncode != 0
    assert "line 3" in result.stderr and "unknown parent" in result.stderr and "invalid date" in result.stderr
    assert "line 4" in result.stderr and "duplicate code" in result.stderr
    assert kaiku("org", "export").stdout == HEADER

    good = write(kaiku.data, "good.csv", HEADER + "C,,county,Alue,Område,County,2023-01-01,,\nU,C,unit,\"Yksikkö, pää\",,,,,\n")
    assert "would" in kaiku("org", "import", good, "--dry-run").stdout
    assert kaiku("org", "export").stdout == HEADER
    assert "created 2" in kaiku("org", "import", good).stdout
    exported = kaiku("org", "export").stdout
    assert '"Yksikkö, pää"' in exported and "Område" in exported
    # The same file again changes nothing; a file without U closes it.
    assert "created 0, updated 0, closed 0" in kaiku("org", "import", good).stdout
    smaller = write(kaiku.data, "smaller.csv", HEADER + "C,,county,Alue,Område,County,2023-01-01,,\n")
    assert "closed 1" in kaiku("org", "import", smaller).stdout
    assert "U,C,unit" in kaiku("org", "export").stdout


def test_a_command_without_a_database_says_so_and_creates_nothing(kaiku):
    """Issue 27, item 13: only migrate, demo and serve set a database up."""
    for command in (("report", "summary", "--node", "ESIM", "--from", "2026-11-01", "--to", "2026-11-30"), ("org", "export"), ("user", "list")):
        result = kaiku(*command, check=False)
        assert result.returncode != 0 and "There is no database at" in result.stderr, (command, result.stderr)
    assert os.listdir(kaiku.data) == []
    # The demo prints every login whole.
    logins = [line.split()[0] for line in kaiku("demo", "--no-history").stdout.splitlines() if line.startswith("  ")]
    assert "palautekoordinaattori@esimerkkila.fi" in logins and all("@esimerkkila.fi" in login for login in logins)


def test_user_add_and_list(kaiku):
    kaiku("migrate")
    kaiku("org", "import", write(kaiku.data, "org.csv", HEADER + "C,,county,Alue,,,,,\n"))
    added = kaiku("user", "add", "--email", "Admin@County.fi", "--role", "admin", "--scope", "C")
    assert "One-time password" in added.stdout
    assert "admin@county.fi" in kaiku("user", "list").stdout
    assert kaiku("user", "add", "--email", "x@county.fi", "--role", "king", "--scope", "C", check=False).returncode != 0
    assert kaiku("user", "add", "--email", "x@county.fi", "--role", "admin", "--scope", "NOPE", check=False).returncode != 0
    # The demo refuses a database with real data.
    refused = kaiku("demo", check=False)
    assert refused.returncode != 0 and "already has data" in (refused.stdout + refused.stderr)
    assert "not loaded" in kaiku("demo", "--skip-if-present").stdout


def test_reset_password_and_scoped_api_keys(kaiku):
    kaiku("migrate")
    kaiku("org", "import", write(kaiku.data, "org.csv", HEADER + "C,,county,Alue,,,,,\nU,C,unit,Yksikkö,,,,,\n"))
    kaiku("user", "add", "--email", "admin@county.fi", "--role", "admin", "--scope", "C")
    # A county admin, whom no other admin may reset, is recovered on the command line.
    reset = kaiku("user", "reset-password", "--email", "admin@county.fi")
    assert "One-time password for admin@county.fi" in reset.stdout
    assert kaiku("user", "reset-password", "--email", "nobody@county.fi", check=False).returncode != 0
    # An API key needs its units and surveys.
    assert kaiku("apikey", "add", "--name", "ivr", check=False).returncode != 0
    assert kaiku("apikey", "add", "--name", "ivr", "--scope", "NOPE", "--survey", "thl-national", check=False).returncode != 0
    assert kaiku("apikey", "add", "--name", "ivr", "--scope", "U", "--survey", "thl-national").stdout.startswith("kaiku_")


def test_dispatch_plan_on_a_visits_file_alone(kaiku, tmp_path):
    """`kaiku dispatch plan --visits`: every visit gets a decision, sends go out on the next working
    day by Python's `holidays` (an independent calendar), bad rows are named by line and field."""
    import csv
    import datetime
    import holidays

    visits = subprocess.run(["python3", os.path.join(ROOT, "scripts", "generate-visits.py"), "3000", "--day", "2026-12-28"],
                            check=True, capture_output=True, text=True).stdout
    visits += "BAD1,P1,0401234567,1980-02-30,fi,100021,visit,,2026-12-24T10:00:00+02:00,2026-12-24T10:30:00+02:00,true,false,false\n"
    path = tmp_path / "visits.csv"
    path.write_text(visits, encoding="utf-8")
    kaiku("migrate")
    result = kaiku("dispatch", "plan", "--visits", str(path), "--from", "2026-12-01", "--to", "2027-01-31")
    assert "line 3002, birth_date: must be a date YYYY-MM-DD" in result.stderr
    rows = list(csv.DictReader(result.stdout.splitlines()))
    assert len(rows) == 3000 and {r["decision"] for r in rows} == {"send", "exclude"}
    by_id = {row["visit_id"]: row for row in csv.DictReader(visits.splitlines()) if row["visit_id"] != "BAD1"}
    finnish = holidays.Finland(years=[2026, 2027])
    for row in rows:
        if row["decision"] != "send":
            assert row["reason"] and not row["send_date"]
            continue
        visit = by_id[row["visit_id"]]
        day = datetime.datetime.fromisoformat(visit["visit_end"]).astimezone(datetime.timezone(datetime.timedelta(hours=2))).date()
        expected = day + datetime.timedelta(days=1)
        while expected.weekday() >= 5 or expected in finnish:
            expected += datetime.timedelta(days=1)
        assert row["send_date"] == expected.isoformat(), (row, visit["visit_end"])
        assert row["language"] == {"sv": "sv", "en": "en"}.get(visit["language"], "fi")


def test_what_kaiku_writes_is_readable_by_its_own_user_only(kaiku, tmp_path):
    """The database, a backup, the development mail and SMS files hold personal data: none is
    readable by other users of the machine, even when Kaiku is started with a permissive umask,
    and a data directory an earlier version left open is closed (disclosure control, finding 6)."""
    import stat
    from conftest import finnish_today, monthly_sending_day
    from test_sms import next_working_day

    old = os.umask(0o022)
    try:
        os.chmod(kaiku.data, 0o755)
        kaiku("demo", "--no-history")
        kaiku("visits", "import", os.path.join(kaiku.data, "demo-visits.csv"))
        kaiku("dispatch", "run", "--today", next_working_day(finnish_today()).isoformat())
        kaiku("report", "subscribe", "--email", "johto@esimerkkila.fi", "--node", "ESIM")
        kaiku("report", "mail", "--today", monthly_sending_day().isoformat())
        backup = tmp_path / "backups"
        backup.mkdir(mode=0o755)
        kaiku("backup", "--to", str(backup / "kaiku-copy.sqlite"))
    finally:
        os.umask(old)
    written = [os.path.join(folder, name) for folder, folders, files in os.walk(kaiku.data) for name in folders + files]
    written += [kaiku.data, str(backup / "kaiku-copy.sqlite")]
    names = {os.path.basename(path) for path in written}
    assert {"kaiku.sqlite", "kaiku-copy.sqlite", "messages.jsonl", "mail"} <= names, names
    assert any(path.endswith(".eml") for path in written), names
    readable = [path for path in written if stat.S_IMODE(os.stat(path).st_mode) & 0o077]
    assert readable == []
