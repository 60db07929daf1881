"""How much the trained model depends on the draw of the reason finder's folds.

    .venv/bin/python -m benchmarks.finder_draws [--seeds 5]

Stages 2-3 and the combiner learn from out-of-fold outputs, so each draw of the folds trains
a slightly different model. Trains the default model on data/ once per seed (about 40 s
each on 2 cores) and prints, per seed and as min / mean / max: test.csv macro-F1, the rule
styles and the exact set of reasons on reasons_test.csv, and macro-F1 on the independent set.
A measurement of noise, not a way to pick a seed: the default model is trained with seed 0.
"""

import argparse
import json
import statistics
import tempfile
from pathlib import Path

from henno.model.classifier import Classifier
from henno.training.metrics import classification_metrics
from henno.training.train import train_model
from tests.conftest import REPO, TEST_CSV, TRAIN_CSV, read_rows

INDEPENDENT_CSV = REPO / "data" / "independent_eval.csv"
FIGURES = ("test macro-F1", "rule styles", "exact set", "independent macro-F1")


def figures_of(version: Path, independent: list[tuple[str, str]]) -> list[float]:
    metrics = json.loads((version / "metadata.json").read_text(encoding="utf-8"))["metrics"]
    predicted = [p.label for p in Classifier.load(version).predict([t for t, _ in independent])]
    reasons = metrics["reasons_test"]
    return [metrics["test"]["macro_f1"], reasons["rule_styles_accuracy"],
            reasons["exact_set_accuracy"],
            classification_metrics([label for _, label in independent], predicted)["macro_f1"]]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--seeds", type=int, default=5, help="draws to train, e.g. 5")
    args = parser.parse_args()
    independent = read_rows(INDEPENDENT_CSV)
    rows = []
    with tempfile.TemporaryDirectory() as folder:
        for seed in range(args.seeds):
            result = train_model(TRAIN_CSV, TEST_CSV, Path(folder) / str(seed), finder_seed=seed)
            rows.append(figures_of(result.path, independent))
            print(f"seed {seed}: " + ", ".join(f"{name} {value:.4f}"
                                                 for name, value in zip(FIGURES, rows[-1])),
                  flush=True)
    for at, name in enumerate(FIGURES):
        values = [row[at] for row in rows]
        print(f"{name}: min {min(values):.4f}, mean {statistics.mean(values):.4f}, "
              f"max {max(values):.4f}")


if __name__ == "__main__":
    main()
