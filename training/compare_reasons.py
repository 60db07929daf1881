"""Comparing the several-reasons designs by cross-validation on the training files only.

    python -m henno.training.compare --reasons

Every score is out of fold or out of sample: the whole-text model's (5 folds over
train.csv, or over train.csv + reasons_train.csv), the clause stages' and the combiner's (5
folds of rows, each row in one fold whatever its clauses). The finder's figures are means
over `--seeds` draws of those folds (default 5): one draw's figures move by about 0.01 on
the rule styles from the draw alone, more than most design steps gain. Never reads a test
file. Prints markdown tables (recorded in docs/model.md).
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
# name, and per draw of the folds: labels of the reasons rows, labels of the corpus rows
Design = tuple[str, list[tuple[list[str], list[str]]]]
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


def designs(corpus: Dataset, rows: list[ReasonRow],
            seeds: int = 5) -> tuple[list[Design], dict[str, float]]:
    """Each design's labels for the reasons rows and the corpus rows (the finder's once per
    draw of its folds), and the clause path's multi-label metrics on the reasons rows
    (means over the draws)."""
    n = len(corpus.texts)
    alone, alone_rows = _whole(corpus.texts, corpus.labels, [r.text for r in rows])
    joined, _ = _whole(corpus.texts + [r.text for r in rows],
                       corpus.labels + [r.label for r in rows], [])
    whole, corpus_whole = joined[n:], joined[:n]
    by_rules: list[tuple[list[str], list[str]]] = []
    hybrid: list[tuple[list[str], list[str]]] = []
    mentions: list[dict[str, float]] = []
    for seed in range(seeds):
        fitted = fit_finder(rows, whole, corpus.texts, corpus.labels, corpus_whole, seed)
        found, corpus_found = fitted.reason_found, fitted.corpus_found
        by_rules.append((_by_rules(found, whole), _by_rules(corpus_found, corpus_whole)))
        hybrid.append((_labels(fitted.reason_scores), _labels(fitted.corpus_scores)))
        scores = mention_metrics([set(r.reasons) for r in rows],
                                 [{x.label for x in f if not x.denied} for f in found])
        mentions.append({"exact_set_accuracy": scores["exact_set_accuracy"],
                         **scores["mentioned_f1"]})
    return [
        ("(a) whole text, train.csv rows (today)", [(_labels(alone_rows), _labels(alone))]),
        ("(a') whole text + reasons rows", [(_labels(whole), _labels(corpus_whole))]),
        ("(b) clauses + rules", by_rules),
        ("(c) hybrid: clauses in context + out-of-fold combiner", hybrid),
    ], {key: float(np.mean([m[key] for m in mentions])) for key in mentions[0]}


def _accuracy(predicted: list[str], rows: list[ReasonRow], keep: list[bool]) -> float:
    pairs = [(p, r.label) for p, r, k in zip(predicted, rows, keep) if k]
    return sum(p == t for p, t in pairs) / max(len(pairs), 1)


def _figures(draw: tuple[list[str], list[str]], corpus: Dataset,
             rows: list[ReasonRow]) -> list[float]:
    """train.csv macro-F1, rule styles, the rest, then each of STYLES, for one draw."""
    on_rows, on_corpus = draw
    rule = [bool(RULE_STYLES & set(r.styles)) for r in rows]
    return [classification_metrics(corpus.labels, on_corpus)["macro_f1"],
            _accuracy(on_rows, rows, rule), _accuracy(on_rows, rows, [not x for x in rule]),
            *(_accuracy(on_rows, rows, [s in r.styles for r in rows]) for s in STYLES)]


def tables(corpus: Dataset, rows: list[ReasonRow], seeds: int = 5) -> str:
    results, mentions = designs(corpus, rows, seeds)
    lines = ["| design | train.csv macro-F1 | reasons rows: rule styles | the rest | "
             + " | ".join(STYLES) + " |", "|---" * (4 + len(STYLES)) + "|"]
    spreads = []
    for name, draws in results:
        figures = np.array([_figures(draw, corpus, rows) for draw in draws])
        means = figures.mean(axis=0)
        lines.append(f"| {name} | {means[0]:.4f} | "
                     + " | ".join(f"{x:.3f}" for x in means[1:]) + " |")
        if len(draws) > 1:
            low, high = figures.min(axis=0), figures.max(axis=0)
            spreads.append(f"{name[:3]} rule styles {low[1]:.3f}–{high[1]:.3f}, the rest "
                           f"{low[2]:.3f}–{high[2]:.3f}, macro-F1 {low[0]:.4f}–{high[0]:.4f}")
    lines += ["", f"The finder's rows are means over {seeds} draws of the folds; the draws "
              "ranged: " + "; ".join(spreads) + ".",
              "", "Clauses + rules on the reasons rows (out of fold): exact set of reasons "
              f"{mentions.pop('exact_set_accuracy'):.3f}; F1 of mentioned: "
              + ", ".join(f"{k} {v:.3f}" for k, v in mentions.items())]
    return "\n".join(lines)


def main(train: Path, reasons: Path, seeds: int = 5) -> None:
    print(tables(load_dataset(train), load_reason_rows(reasons), seeds), flush=True)
