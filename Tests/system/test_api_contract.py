"""The API contract: schemathesis (from PyPI, nobody here wrote it) reads `/api/v1/openapi.json`
from a live server and fuzzes every operation in it, with an integration's key and a reporter's
session, checking that no response is a server error and every response matches the document.
On SQLite here, and on PostgreSQL in `make test`."""
import os
import subprocess
import sys

from conftest import KAIKU, ROOT
from durability import Deployment, log_in


def test_schemathesis_finds_no_server_error_and_no_schema_violation():
    deployment = Deployment()
    try:
        url = deployment.start()
        key = subprocess.run([KAIKU, "apikey", "add", "--name", "fuzz", "--scope", "ESIM", "--survey", "thl-national"], cwd=ROOT,
                             env=deployment.env, check=True, capture_output=True, text=True).stdout.strip().splitlines()[-1]
        session = log_in(url, "johto@esimerkkila.fi")
        schemathesis = os.path.join(os.path.dirname(sys.executable), "schemathesis")
        result = subprocess.run([schemathesis, "run", f"{url}/api/v1/openapi.json", "--url", url,
                                 "-H", f"Authorization: Bearer {key}", "-H", f"Cookie: {session}",
                                 "--checks", "not_a_server_error,response_schema_conformance,status_code_conformance,content_type_conformance",
                                 "--max-examples", "40", "--seed", "2026"],
                                cwd=deployment.data, capture_output=True, text=True, timeout=600)
        assert result.returncode == 0, result.stdout[-6000:] + result.stderr[-2000:]
        assert "5xx" not in result.stdout
    finally:
        deployment.close()
