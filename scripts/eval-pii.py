"""Recall of personal-data finding per kind, and false alarms, on a labelled file
(`lang<TAB>kind<TAB>expected<TAB>text`, kind `none` for a decoy): `kaiku text analyze` reads each
text; an item is found when a finding overlaps it, and a decoy line is a false alarm when anything
is found in it. Usage: python3 scripts/eval-pii.py FILE [--kaiku PATH] [--show-errors]
[--fail-below RECALL] [--max-false-alarms RATE]"""
import argparse
import collections
import json
import subprocess
import sys

parser = argparse.ArgumentParser()
parser.add_argument("file")
parser.add_argument("--kaiku", default=".build/debug/kaiku")
parser.add_argument("--show-errors", action="store_true")
parser.add_argument("--fail-below", type=float)
parser.add_argument("--max-false-alarms", type=float)
args = parser.parse_args()

rows = [line.rstrip("\n").split("\t") for line in open(args.file, encoding="utf-8") if line.strip()]
texts = "\n".join(row[3] for row in rows) + "\n"
output = subprocess.run([args.kaiku, "text", "analyze"], input=texts, capture_output=True, text=True, check=True).stdout
results = [json.loads(line) for line in output.splitlines()]
assert len(results) == len(rows), (len(results), len(rows))

found, total, alarms, decoys = collections.Counter(), collections.Counter(), 0, 0
for (language, kind, expected, text), result in zip(rows, results):
    # Offsets are in Unicode scalars, as Python counts.
    spans = [(item["start"], item["end"]) for item in result["pii"]]
    if kind == "none":
        decoys += 1
        if spans:
            alarms += 1
            if args.show_errors:
                print(f"FALSE ALARM {language}: {[text[s:e] for s, e in spans]} in: {text}")
        continue
    start = text.index(expected)
    end = start + len(expected)
    total[kind] += 1
    if any(s < end and start < e for s, e in spans):
        found[kind] += 1
    elif args.show_errors:
        print(f"MISSED {kind} {language}: {expected!r} in: {text}")

for kind in sorted(total):
    print(f"{kind:8} recall {found[kind] / total[kind]:.3f} ({found[kind]}/{total[kind]})")
recall = sum(found.values()) / sum(total.values())
print(f"{'all':8} recall {recall:.3f} ({sum(found.values())}/{sum(total.values())}); false alarms {alarms}/{decoys} decoys")
if args.fail_below is not None and recall < args.fail_below:
    sys.exit(f"recall {recall:.3f} is below {args.fail_below}")
if args.max_false_alarms is not None and alarms / max(decoys, 1) > args.max_false_alarms:
    sys.exit(f"false alarms {alarms}/{decoys} over {args.max_false_alarms}")
