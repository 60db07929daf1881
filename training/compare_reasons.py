"""Comparing the several-reasons designs by cross-validation on the training files only.

    python -m henno.training.compare --reasons

Every score is out of fold or out of sample: the whole-text model's (5 folds over
train.csv, or over train.csv + reasons_train.csv), the clause stages' (5 folds grouped by
row) and the combiner's (5 folds). Never reads a test file. Prints markdown tables
(recorded in docs/model.md).
"""

from pathlib import Path

import numpy as np
import numpy.typing as npt

from henno.model.classifier import Reason
from henno.model.features import ModelSpec
from henno.model.labels import LABELS
from henno.model.rules import primary
from henno.training.cv import (
    cross_validated_scores,
    cv_rows,
    featurize,
    final_pipeline,
    pipeline_scores,
)
from henno.training.dataset import Dataset, load_dataset
from henno.training.metrics import classification_metrics, mention_metrics
from henno.training.reasons import (
    ReasonRow,
    fit_finder,
    load_reason_rows,
)
from henno.training.train_reasons import RULE_STYLES

FloatArray = npt.NDArray[np.float64]
Design = tuple[str, list[str], list[str]]  # name, labels of the reasons rows, of corpus rows
STYLES = ("priority", "main_reason", "negation", "list", "english", "dialect", "long")


def _labels(scores: FloatArray) -> list[str]:
    return [LABELS[i] for i in np.argmax(scores, axis=1)]


def _whole(texts: list[str], labels: list[str],
           others: list[str]) -> tuple[FloatArray, FloatArray]:
    """Out-of-fold scores of `texts`, and scores of `others` from a fit on all of `texts`."""
    spec = ModelSpec()
    data = featurize(spec, texts, labels, n_jobs=1)
    oof = cross_validated_scores(spec, data, cv_rows(spec, data), n_jobs=1)
    return oof, pipeline_scores(final_pipeline(spec, data), others) if others else oof[:0]


def _by_rules(found: list[tuple[Reason, ...]], whole: FloatArray) -> list[str]:
    labels = []
    for reasons, row in zip(found, whole):
        chosen = primary(reasons)
        labels.append(chosen[0] if chosen else LABELS[int(np.argmax(row))])
    return labels


def designs(corpus: Dataset, rows: list[ReasonRow]) -> tuple[list[Design], dict[str, float]]:
    """Each design's labels for the reasons rows and the corpus rows, and the clause path's
    multi-label metrics on the reasons rows."""
    n = len(corpus.texts)
    alone, alone_rows = _whole(corpus.texts, corpus.labels, [r.text for r in rows])
    joined, _ = _whole(corpus.texts + [r.text for r in rows],
                       corpus.labels + [r.label for r in rows], [])
    whole, corpus_whole = joined[n:], joined[:n]
    fitted = fit_finder(rows, whole, corpus.texts, corpus.labels, corpus_whole)
    found, corpus_found = fitted.reason_found, fitted.corpus_found
    mentions = mention_metrics([set(r.reasons) for r in rows],
                               [{x.label for x in f if not x.denied} for f in found])
    return [
        ("(a) whole text, train.csv rows (today)", _labels(alone_rows), _labels(alone)),
        ("(a') whole text + reasons rows", _labels(whole), _labels(corpus_whole)),
        ("(b) clauses + rules", _by_rules(found, whole), _by_rules(corpus_found, corpus_whole)),
        ("(c) hybrid: clauses in context + out-of-fold combiner",
         _labels(fitted.reason_scores), _labels(fitted.corpus_scores)),
    ], {"exact_set_accuracy": mentions["exact_set_accuracy"], **mentions["mentioned_f1"]}


def _accuracy(predicted: list[str], rows: list[ReasonRow], keep: list[bool]) -> str:
    pairs = [(p, r.label) for p, r, k in zip(predicted, rows, keep) if k]
    return f"{sum(p == t for p, t in pairs) / max(len(pairs), 1):.3f}"


def tables(corpus: Dataset, rows: list[ReasonRow]) -> str:
    results, mentions = designs(corpus, rows)
    rule = [bool(RULE_STYLES & set(r.styles)) for r in rows]
    lines = ["| design | train.csv macro-F1 | reasons rows: rule styles | the rest | "
             + " | ".join(STYLES) + " |", "|---" * (4 + len(STYLES)) + "|"]
    for name, on_rows, on_corpus in results:
        f1 = classification_metrics(corpus.labels, on_corpus)["macro_f1"]
        by_style = [_accuracy(on_rows, rows, [s in r.styles for r in rows]) for s in STYLES]
        lines.append(f"| {name} | {f1:.4f} | {_accuracy(on_rows, rows, rule)} | "
                     f"{_accuracy(on_rows, rows, [not x for x in rule])} | "
                     + " | ".join(by_style) + " |")
    lines += ["", "Clauses + rules on the reasons rows (out of fold): exact set of reasons "
              f"{mentions.pop('exact_set_accuracy'):.3f}; F1 of mentioned: "
              + ", ".join(f"{k} {v:.3f}" for k, v in mentions.items())]
    return "\n".join(lines)


def main(train: Path, reasons: Path) -> None:
    print(tables(load_dataset(train), load_reason_rows(reasons)), flush=True)
