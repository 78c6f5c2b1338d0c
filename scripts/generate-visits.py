#!/usr/bin/env python3
"""Writes a visits file for `kaiku dispatch plan` and `kaiku visits import` (docs/BENCHMARKS.md):
N visits over the three days before --day at the demo county's service points, with the mix the
rules meet in the field: a few non-disclosures and minors, missing consents, landlines, several
numbers, people with two visits a day. Usage: scripts/generate-visits.py N [--day YYYY-MM-DD] > visits.csv"""
import argparse
import datetime
import random
import sys

parser = argparse.ArgumentParser()
parser.add_argument("count", type=int)
parser.add_argument("--day", default=datetime.date.today().isoformat())
parser.add_argument("--seed", type=int, default=2026)
args = parser.parse_args()
rng = random.Random(args.seed)
last = datetime.date.fromisoformat(args.day)
points = [str(100_000 + unit * 10 + i + 1) for unit in range(1, 66) for i in range(3)]
out = sys.stdout
out.write("visit_id,person_ref,phone,birth_date,language,service_point_code,contact_type,call_type,visit_start,visit_end,"
          "e_service_consent,non_disclosure,sms_opt_out\n")
people = max(1, args.count * 2 // 3)
lines = []
for n in range(args.count):
    day = last - datetime.timedelta(days=rng.randint(1, 3))
    person = rng.randrange(people)
    roll = rng.random()
    if roll < 0.03:
        phone = f"09{rng.randint(1000000, 9999999)}"          # a landline
    elif roll < 0.05:
        phone = f"040{rng.randint(1000000, 9999999)};050{rng.randint(1000000, 9999999)}"
    elif roll < 0.06:
        phone = ""
    else:
        phone = rng.choice(["040", "050", "044", "045", "+35840", "0035850"]) + str(rng.randint(1000000, 9999999))
    age = rng.choice([rng.randint(0, 17)] + [rng.randint(18, 95)] * 9)
    birth = datetime.date(day.year - age, rng.randint(1, 12), rng.randint(1, 28))
    contact = rng.choice(["visit", "visit", "visit", "phone", "remote", "home_visit"])
    call = rng.choice(["direct", "callback"]) if contact == "phone" else ""
    start = datetime.datetime(day.year, day.month, day.day, rng.randint(7, 18), rng.randint(0, 59))
    end = start + datetime.timedelta(minutes=rng.randint(5, 90))
    lines.append(f"V{n:08d},P{person:08d},{phone},{birth.isoformat()},{rng.choice(['fi'] * 17 + ['sv', 'sv', 'en', 'ru'])},"
                 f"{rng.choice(points)},{contact},{call},{start.isoformat()}+02:00,{end.isoformat()}+02:00,"
                 f"{'false' if rng.random() < 0.04 else 'true'},{'true' if rng.random() < 0.005 else 'false'},"
                 f"{'true' if rng.random() < 0.01 else 'false'}\n")
    if len(lines) >= 10_000:
        out.write("".join(lines))
        lines = []
out.write("".join(lines))
