"""The text analyser from the command line: `kaiku text analyze` (JSON lines, personal data with
offsets in Unicode scalars, checked by slicing the text in Python, whose strings count code points)
and `kaiku text eval` on the corpus's test split, which is never used for tuning."""
import json
import os
import subprocess

from selenium.webdriver.common.by import By
from selenium.webdriver.support import expected_conditions

from conftest import KAIKU, ROOT, wait
from test_foundation import log_in, serious_violations

# The gates `make test` holds the analyser to on the untouched test split of the corpus (the figure
# each language reached when the models were frozen, less 0.03); docs/TEXT.md has the figures.
REACHED_MACRO_F1 = {"fi": 0.900, "sv": 0.907, "en": 0.875}
TEST_SPLIT_GATE = {language: reached - 0.03 for language, reached in REACHED_MACRO_F1.items()}
# Texts by two authors started after the models were frozen (fresh.tsv), gated the same way.
FRESH_GATE = {language: reached - 0.03 for language, reached in {"fi": 0.947, "sv": 0.944, "en": 0.920}.items()}
CORPUS = "Tests/text-eval/corpus"


def eval_table(output):
    """The first table of `kaiku text eval` (the figures per language), up to the confusion matrices."""
    lines = output.split("\n\n")[0].splitlines()
    header = lines[0].split("\t")
    return {row.split("\t")[0]: dict(zip(header, row.split("\t"))) for row in lines[1:]}


def run(*args, stdin=None):
    result = subprocess.run([KAIKU, *args], cwd=ROOT, input=stdin, capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr
    return result.stdout


def test_analyze_writes_one_json_object_per_line_with_scalar_offsets():
    texts = [
        "Hoitaja oli todella ystävällinen ja lääkäri kuunteli 😊",
        "Personalen var inte trevlig och väntetiden var lång.",
        "Great doctor but I waited three hours 👎 — Liisa Virtanen 131052-308T, call 040 123 4567",
    ]
    lines = run("text", "analyze", stdin="\n".join(texts) + "\n").splitlines()
    assert len(lines) == 3
    results = [json.loads(line) for line in lines]
    assert [r["lang"] for r in results] == ["fi", "sv", "en"]
    assert results[0]["sentiment"] == "positive" and results[0]["score"] > 0
    assert results[1]["sentiment"] == "negative" and results[1]["score"] < 0
    assert results[2]["sentiment"] == "mixed"
    assert "listening" in results[0]["topics"] and "waiting" in results[1]["topics"]
    found = {(p["type"], texts[2][p["start"]:p["end"]]) for p in results[2]["pii"]}
    assert found == {("name", "Liisa Virtanen"), ("hetu", "131052-308T"), ("phone", "040 123 4567")}
    for result in results:
        assert set(result) == {"lang", "sentiment", "score", "topics", "pii"} and -1 <= result["score"] <= 1


def test_analyze_takes_the_language_when_told():
    result = json.loads(run("text", "analyze", "--lang", "sv", stdin="Bra\n"))
    assert result["lang"] == "sv" and result["sentiment"] == "positive"


def test_eval_on_the_test_split_meets_the_target():
    """The learned models with the rules, on the corpus's test split (texts by six authors who never
    saw the lexicons or the models, each checked by a second reader): macro-F1 per language at the
    gate, the confusion matrix and the errors by kind printed, topics scored."""
    output = run("text", "eval", f"{CORPUS}/test.tsv")
    table = eval_table(output)
    assert set(table) == {"fi", "sv", "en", "all"}
    assert all(int(table[language]["texts"]) >= least for language, least in (("fi", 300), ("sv", 200), ("en", 200)))
    for language, gate in TEST_SPLIT_GATE.items():
        assert float(table[language]["macro-F1"]) >= gate, output
        assert float(table[language]["topic F1"]) > 0.5, output
    assert "confusion, fi (rows: labelled, columns: read as)" in output and "\nsarcasm\t" in output
    fresh = eval_table(run("text", "eval", f"{CORPUS}/fresh.tsv"))
    for language, gate in FRESH_GATE.items():
        assert float(fresh[language]["macro-F1"]) >= gate, fresh
    # The rules alone fall short of it: the models carry the figure.
    rules = eval_table(run("text", "eval", "--rules-only", f"{CORPUS}/test.tsv"))
    assert all(float(rules[language]["macro-F1"]) < float(table[language]["macro-F1"]) for language in ("fi", "sv", "en"))


def test_personal_data_is_found_in_text_nobody_here_wrote():
    """Tests/text-eval/pii.tsv: 382 lines by a writer who never saw the detector (identity codes,
    phone numbers, emails, IBANs, names, addresses in the forms people use, and 82 decoys: dates,
    prices, doses, 112, reference numbers, places, names that are words). Its misses were never
    read while tuning; that was done on pii-dev.tsv, by another writer. docs/TEXT.md has the figures."""
    result = subprocess.run(["python3", "scripts/eval-pii.py", "Tests/text-eval/pii.tsv", "--kaiku", KAIKU,
                             "--fail-below", "0.95", "--max-false-alarms", "0.03"], cwd=ROOT, capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr
    kinds = {line.split()[0] for line in result.stdout.splitlines()}
    assert {"hetu", "phone", "email", "iban", "name", "address"} <= kinds


def test_the_admin_page_teaches_a_topic_and_passes_axe(browser, server):
    log_in(browser, server, "paakayttaja@esimerkkila.fi")
    for language in ("fi", "sv", "en"):
        browser.get(f"{server}/admin/text?lang={language}")
        assert serious_violations(browser) == []
    browser.get(f"{server}/admin/text?lang=fi")
    browser.find_element(By.ID, "term").send_keys("pysäköintiautomaatti")
    browser.find_element(By.XPATH, "//button[contains(., 'Lisää sääntö')]").click()
    wait(browser).until(expected_conditions.url_contains("msg=saved"))
    assert "pysäköintiautomaatti" in browser.page_source
    assert serious_violations(browser) == []
