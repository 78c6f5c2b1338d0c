#!/usr/bin/env python3
"""Builds the text analyser's corpus (Tests/text-eval/corpus) from what its authors and second readers wrote.

    python3 scripts/text-corpus.py [RAW] [OUT]     (defaults: Tests/text-eval/corpus/raw, Tests/text-eval/corpus)

RAW holds authorN.tsv (lang, label, kind, text, topics: as the author wrote and labelled it) and
review_out_N.tsv (id, label, topics: the second reader's labels, given only id, lang and text).
A text is kept when both readers gave it the same sentiment; its topics when they named the same
ones (otherwise `?`: it counts for sentiment only). Authors 1-6 make the evaluation corpus, split
once by a digest of the text: 40 % test, 20 % dev, 40 % train. Authors 7-17 wrote training texts
only (train-extra.tsv); authors 18-19 wrote after the models were frozen (fresh.tsv: never trained
on, read once). Output lines: lang, label, text, topics, kind, author.
Prints the readers' agreement per language (share and Cohen's kappa) and the counts."""
import collections
import hashlib
import os
import sys

LABELS = ["positive", "negative", "neutral", "mixed"]
EVALUATION_AUTHORS = range(1, 7)
FRESH_AUTHORS = range(18, 20)


def split(text):
    digit = int(hashlib.sha256(text.strip().encode()).hexdigest(), 16) % 10
    return "test" if digit < 4 else "dev" if digit < 6 else "train"


def kappa(pairs):
    n = len(pairs)
    observed = sum(a == b for a, b in pairs) / n
    first, second = collections.Counter(a for a, _ in pairs), collections.Counter(b for _, b in pairs)
    expected = sum(first[label] * second[label] for label in LABELS) / n / n
    return 1.0 if expected == 1 else (observed - expected) / (1 - expected)


def main(raw, out):
    os.makedirs(out, exist_ok=True)
    parts = {name: [] for name in ("test", "dev", "train", "train-extra", "fresh")}
    pairs, topics_same, kept_count = collections.defaultdict(list), collections.Counter(), collections.Counter()
    seen = set()
    authors = sorted(int(name[6:-4]) for name in os.listdir(raw) if name.startswith("author") and name.endswith(".tsv"))
    for author in authors:
        review_path = f"{raw}/review_out_{author}.tsv"
        if not os.path.exists(review_path):
            sys.exit(f"{review_path}: no second reader's labels")
        review = {}
        for line in open(review_path, encoding="utf-8"):
            fields = line.rstrip("\n").split("\t")
            if len(fields) >= 2 and fields[0].isdigit():
                review[int(fields[0])] = (fields[1], {t for t in (fields[2] if len(fields) > 2 else "").split(",") if t})
        for number, line in enumerate(open(f"{raw}/author{author}.tsv", encoding="utf-8"), 1):
            fields = line.rstrip("\n").split("\t")
            if len(fields) != 5 or number not in review:
                continue
            lang, label, kind, text, topics = fields
            second_label, second_topics = review[number]
            pairs[lang].append((label, second_label))
            key = text.strip().lower()
            if second_label != label or key in seen:
                continue
            seen.add(key)
            first_topics = {t for t in topics.split(",") if t}
            same = first_topics == second_topics
            topics_same[lang] += same
            kept_count[lang] += 1
            part = split(text) if author in EVALUATION_AUTHORS else "fresh" if author in FRESH_AUTHORS else "train-extra"
            parts[part].append("\t".join([lang, label, text, ",".join(sorted(first_topics)) if same else "?", kind, f"a{author}"]))
    for lang, lang_pairs in sorted(pairs.items()):
        agree = sum(a == b for a, b in lang_pairs)
        print(f"{lang}: the readers agreed on {agree}/{len(lang_pairs)} = {agree / len(lang_pairs):.3f} (kappa {kappa(lang_pairs):.3f});"
              f" same topics on {topics_same[lang]}/{kept_count[lang]} kept")
    for name, lines in parts.items():
        with open(f"{out}/{name}.tsv", "w", encoding="utf-8") as file:
            file.write(f"# Kaiku text corpus, {name}: lang<TAB>label<TAB>text<TAB>topics (? = readers differed)<TAB>kind<TAB>author."
                       " Built by scripts/text-corpus.py; see docs/TEXT.md.\n")
            file.write("\n".join(lines) + "\n")
        counts = collections.Counter(line.split("\t")[0] for line in lines)
        print(f"{name}: " + ", ".join(f"{lang} {counts[lang]}" for lang in ("fi", "sv", "en")))


if __name__ == "__main__":
    main(sys.argv[1] if len(sys.argv) > 1 else "Tests/text-eval/corpus/raw", sys.argv[2] if len(sys.argv) > 2 else "Tests/text-eval/corpus")
