"""Whether a change to the reason finder kept every output: saves, or compares with a saved
run, each text's label, rule, reasons (spans, denied, main) and scores.

    .venv/bin/python -m benchmarks.reasons_identity --models <version> --save before.pkl
    .venv/bin/python -m benchmarks.reasons_identity --models <version> --compare before.pkl

Every text of data/*.csv is predicted in batches of 1,000, in batches of 1 to 7 (the few
clauses path) and one at a time; labels, rules and reasons must be identical, scores
within 1e-9.
"""

import argparse
import csv
import pickle
import sys
from pathlib import Path

from henno.model.classifier import Classifier, Prediction

DATA = Path(__file__).resolve().parent.parent / "data"
TOLERANCE = 1e-9
EXTRA = ["", " ", "a", "。", "①転勤 ②使わない ①が一番",
         "1. 転勤 2. 紛失 3. 不安 一番は最後の点",
         "電話 090-1234-5678、メール a.b@example.com まで。引越しのため",
         "〒100-0001 に転居。理由は転勤", "123456789018 を返します。情報漏洩が怖い",
         "Moving abroad, and also data leaks. Mainly the first one"]

Output = tuple[str, str, tuple[tuple[object, ...], ...], tuple[float, ...]]


def corpus() -> list[str]:
    texts = list(EXTRA)
    for path in sorted(DATA.glob("*.csv")):
        with open(path, encoding="utf-8", newline="") as handle:
            texts += [row["text"] for row in csv.DictReader(handle)]
    return texts


def output(prediction: Prediction) -> Output:
    reasons = tuple((r.label, r.label_ja, r.score, r.spans, r.denied, r.main)
                    for r in prediction.reasons)
    return (prediction.label, prediction.rule.value, reasons,
            tuple(prediction.scores.values()))


def run(classifier: Classifier, texts: list[str]) -> dict[str, list[Output]]:
    batches = [classifier.predict(texts[i : i + 1000]) for i in range(0, len(texts), 1000)]
    small: list[Prediction] = []
    at, size = 0, 1
    while at < len(texts):
        small += classifier.predict(texts[at : at + size])
        at, size = at + size, size % 7 + 1
    return {"batch": [output(p) for batch in batches for p in batch],
            "small": [output(p) for p in small],
            "one": [output(classifier.predict([text])[0]) for text in texts]}


def same(a: Output, b: Output) -> bool:
    reasons_a = [(r[:2], r[3:]) for r in a[2]]
    reasons_b = [(r[:2], r[3:]) for r in b[2]]
    close = all(abs(x - y) <= TOLERANCE for x, y in zip(a[3], b[3])) and all(
        abs(float(x[2]) - float(y[2])) <= TOLERANCE for x, y in zip(a[2], b[2]))  # type: ignore[arg-type]
    return a[:2] == b[:2] and reasons_a == reasons_b and close and len(a[3]) == len(b[3])


def compare(before: dict[str, list[Output]], after: dict[str, list[Output]],
            texts: list[str]) -> int:
    failures = 0
    for mode, rows in before.items():
        bad = [i for i, (a, b) in enumerate(zip(rows, after[mode])) if not same(a, b)]
        bad += list(range(min(len(rows), len(after[mode])), max(len(rows), len(after[mode]))))
        worst = max((abs(x - y) for a, b in zip(rows, after[mode]) for x, y in zip(a[3], b[3])),
                    default=0.0)
        print(f"{mode}: {len(rows)} texts, {len(bad)} differ, largest score change {worst:.2e}")
        for i in bad[:5]:
            print(f"  {texts[i]!r}\n    before {rows[i]}\n    after  {after[mode][i]}")
        failures += len(bad)
    return failures


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--models", type=Path, required=True, help="a trained version folder")
    group = parser.add_mutually_exclusive_group(required=True)
    group.add_argument("--save", type=Path, help="where to save the outputs, e.g. before.pkl")
    group.add_argument("--compare", type=Path, help="saved outputs to compare with")
    args = parser.parse_args()
    texts = corpus()
    outputs = run(Classifier.load(args.models), texts)
    if args.save:
        args.save.write_bytes(pickle.dumps((texts, outputs)))
        print(f"saved {len(texts)} texts' outputs to {args.save}")
        return
    saved_texts, saved = pickle.loads(args.compare.read_bytes())
    if saved_texts != texts:
        sys.exit("the saved run is of other texts")
    sys.exit(1 if compare(saved, outputs, texts) else 0)


if __name__ == "__main__":
    main()
