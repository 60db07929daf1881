"""The several-reasons part of `henno train`: the reasons rows beside the corpus join the
whole-text training set, the reason finder is fitted on them, and the reasons test set is
scored with multi-label metrics."""

import dataclasses
from collections.abc import Callable
from pathlib import Path
from typing import Any

import numpy as np
import numpy.typing as npt
from sklearn.pipeline import Pipeline

from henno.model.reasons import ReasonFinder
from henno.model.reasons_artifact import FINDER_FILE, finder_bytes
from henno.training.cv import pipeline_scores
from henno.training.dataset import Dataset
from henno.training.metrics import classification_metrics, mention_metrics, predicted_labels
from henno.training.reasons import ReasonRow, fit_finder, load_reason_rows

FloatArray = npt.NDArray[np.float64]
REASONS_TRAIN = "reasons_train.csv"
REASONS_TEST = "reasons_test.csv"
# Styles whose label the guideline's rules decide (data/README.md).
RULE_STYLES = frozenset({"priority", "main_reason", "negation", "list"})


def reasons_beside(data_path: Path, name: str = REASONS_TRAIN) -> list[ReasonRow]:
    """The several-reasons rows stored next to a corpus file, or none."""
    path = data_path.with_name(name)
    return load_reason_rows(path) if path.is_file() else []


def with_reason_rows(train: Dataset, rows: list[ReasonRow]) -> Dataset:
    """The training set with the reasons rows' (text, primary label) appended."""
    if not rows:
        return train
    return dataclasses.replace(train, texts=train.texts + [row.text for row in rows],
                               labels=train.labels + [row.label for row in rows])


def fit_reasons(rows: list[ReasonRow], train: Dataset, corpus_rows: int,
                cv_rows: npt.NDArray[np.int64],
                cv_scores: FloatArray, seed: int = 0) -> tuple[ReasonFinder, FloatArray]:
    """The fitted finder, and the out-of-fold final scores of the cross-validated rows (what
    the review thresholds are chosen on); `seed` draws the finder's folds."""
    is_reason = cv_rows >= corpus_rows
    corpus = cv_rows[~is_reason].tolist()
    fitted = fit_finder([rows[i - corpus_rows] for i in cv_rows[is_reason].tolist()],
                        cv_scores[is_reason], [train.texts[i] for i in corpus],
                        [train.labels[i] for i in corpus], cv_scores[~is_reason], seed)
    final = np.zeros_like(cv_scores)
    final[is_reason], final[~is_reason] = fitted.reason_scores, fitted.corpus_scores
    return fitted.finder, final


def final_scores(pipeline: Pipeline, finder: ReasonFinder | None, texts: list[str]) -> FloatArray:
    whole = pipeline_scores(pipeline, texts)
    if finder is None or not texts:
        return whole
    return np.array([decision.scores for decision in finder.decide(texts, whole)])


def reasons_test_metrics(pipeline: Pipeline, finder: ReasonFinder,
                         rows: list[ReasonRow]) -> dict[str, Any]:
    texts = [row.text for row in rows]
    decisions = finder.decide(texts, pipeline_scores(pipeline, texts))
    predicted = predicted_labels(np.array([d.scores for d in decisions]))
    truth = [row.label for row in rows]
    rule = [bool(RULE_STYLES & set(row.styles)) for row in rows]
    correct = [p == t for p, t in zip(predicted, truth)]
    mentions = mention_metrics([set(row.reasons) for row in rows],
                               [{r.label for r in d.reasons if not r.denied} for d in decisions])
    return {**classification_metrics(truth, predicted), **mentions,
            "rule_styles_accuracy": sum(c for c, r in zip(correct, rule) if r) / max(sum(rule), 1),
            "rule_styles_n": sum(rule)}


def reasons_metadata(metadata: dict[str, Any], pipeline: Pipeline, finder: ReasonFinder | None,
                     test_path: Path, progress: Callable[[str], None]) -> dict[str, bytes]:
    """Records the finder (and its reasons test metrics) in `metadata`; the files to save."""
    if finder is None:
        return {}
    content, metadata["reasons"] = finder_bytes(finder)
    rows = reasons_beside(test_path, REASONS_TEST)
    if rows:
        found = reasons_test_metrics(pipeline, finder, rows)
        metadata["metrics"]["reasons_test"] = found
        mentioned = ", ".join(f"{k} {v:.3f}" for k, v in found["mentioned_f1"].items())
        progress(f"{REASONS_TEST}: accuracy {found['accuracy']:.4f} (rule styles "
                 f"{found['rule_styles_accuracy']:.4f}), exact set of reasons "
                 f"{found['exact_set_accuracy']:.4f}; F1 of mentioned: {mentioned}")
    return {FINDER_FILE: content}
