"""Compare pipeline designs by stratified 5-fold CV macro-F1 on a training CSV.

    python -m henno.training.compare [--data data/train.csv]
    python -m henno.training.compare --reasons  # the several-reasons designs

Prints a markdown table (recorded in docs/model.md). Never reads the test set.
"""

import argparse
import time
from dataclasses import replace
from pathlib import Path

from henno.model.features import ModelSpec
from henno.training import compare_reasons
from henno.training.cv import cross_validated_scores, cv_rows, featurize
from henno.training.dataset import Dataset, load_dataset
from henno.training.metrics import classification_metrics, predicted_labels
from henno.training.train_reasons import REASONS_TRAIN

BASE = ModelSpec()
CANDIDATES: list[ModelSpec] = [
    replace(BASE, features=features, classifier=classifier)
    for classifier in ("logreg", "svm", "cnb")
    for features in ("word", "char", "word+char")
] + [
    replace(BASE, token_mode="surface"),
    replace(BASE, augment_share=0.0),
    replace(BASE, char_ngrams=(2, 3)),
    replace(BASE, char_ngrams=(1, 4)),
    replace(BASE, word_ngrams=(1, 1)),
    replace(BASE, word_ngrams=(1, 3)),
    replace(BASE, c=3.0),
    replace(BASE, c=30.0),
    replace(BASE, min_df=2),
]


def cv_macro_f1(spec: ModelSpec, data: Dataset, n_jobs: int = 2) -> float:
    featurized = featurize(spec, data.texts, data.labels, n_jobs=n_jobs)
    rows = cv_rows(spec, featurized)
    scores = cross_validated_scores(spec, featurized, rows, n_jobs=n_jobs)
    truth = [data.labels[i] for i in rows.tolist()]
    return float(classification_metrics(truth, predicted_labels(scores))["macro_f1"])


def describe(spec: ModelSpec) -> str:
    changed = {k: v for k, v in spec.to_dict().items()
               if v != BASE.to_dict()[k] and k not in ("features", "classifier")}
    return ", ".join(f"{k}={v}" for k, v in changed.items()) or "defaults"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--data", type=Path, default=Path("data/train.csv"))
    parser.add_argument("--reasons", action="store_true",
                        help="compare the several-reasons designs on --data and the "
                             "reasons_train.csv beside it, e.g. --reasons")
    parser.add_argument("--seeds", type=int, default=5,
                        help="with --reasons: draws of the finder's folds to average, e.g. 5")
    args = parser.parse_args()
    if args.reasons:
        compare_reasons.main(args.data, args.data.with_name(REASONS_TRAIN), args.seeds)
        return
    data = load_dataset(args.data)
    print("| features | classifier | variant | CV macro-F1 | seconds |")
    print("|---|---|---|---|---|")
    for spec in CANDIDATES:
        started = time.perf_counter()
        score = cv_macro_f1(spec, data)
        seconds = time.perf_counter() - started
        print(f"| {spec.features} | {spec.classifier} | {describe(spec)} | {score:.4f} | "
              f"{seconds:.0f} |", flush=True)


if __name__ == "__main__":
    main()
