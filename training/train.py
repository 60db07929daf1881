"""Training one model version: validate, cross-validate, fit, evaluate, save, promote."""

import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import numpy as np
import numpy.typing as npt

from henno.model import store
from henno.model.artifacts import library_versions, save_version
from henno.model.classifier import Classifier
from henno.model.errors import HennoError
from henno.model.features import ModelSpec
from henno.model.labels import LABEL_JA, LABELS
from henno.model.tokenizer import TOKEN_FORMAT
from henno.training.cv import (
    CV_FOLDS,
    cross_validated_scores,
    cv_rows,
    featurize,
    final_pipeline,
)
from henno.training.dataset import Dataset, load_dataset
from henno.training.feedback import merge_feedback, outside_test_set
from henno.training.metrics import classification_metrics, predicted_labels
from henno.training.report import report_files
from henno.training.thresholds import TARGET_ACCURACY, choose_thresholds
from henno.training.train_reasons import (
    final_scores,
    fit_reasons,
    reasons_beside,
    reasons_metadata,
    with_reason_rows,
)

Progress = Callable[[str], None]
# A new model may be this much worse than the current one on the test set and still be promoted.
PROMOTION_TOLERANCE = 0.01


@dataclass(frozen=True)
class TrainResult:
    version: str
    path: Path
    promoted: bool
    decision: str
    test_metrics: dict[str, Any]
    review: dict[str, Any] = field(default_factory=dict)  # metadata["review"]: flagged shares


def _quiet(message: str) -> None:
    return None


def _review_summary(truth: list[str], scores: npt.NDArray[np.float64], classifier_thresholds: Any,
                    prefix: str) -> dict[str, float]:
    flags = classifier_thresholds.flag(scores)
    correct = np.array(predicted_labels(scores)) == np.array(truth)
    kept = ~flags
    return {
        f"{prefix}_flagged_share": float(flags.mean()),
        f"{prefix}_accuracy_unflagged": float(correct[kept].mean()) if kept.any() else 0.0,
    }


def _mean_scores_by_label(truth: list[str],
                          scores: npt.NDArray[np.float64]) -> list[list[float]]:
    labels = np.array(truth)
    return [scores[labels == label].mean(axis=0).tolist() if (labels == label).any()
            else [0.0] * len(LABELS) for label in LABELS]


def _data_summary(data: Dataset) -> dict[str, Any]:
    return {"file": data.path.name, "sha256": data.sha256, "rows": len(data.texts),
            "rows_per_label": data.label_counts()}


def build_metadata(spec: ModelSpec, train: Dataset, test: Dataset, cv_truth: list[str],
                   cv_scores: npt.NDArray[np.float64],
                   test_scores: npt.NDArray[np.float64],
                   review_precision: float = TARGET_ACCURACY) -> dict[str, Any]:
    cv_predicted = predicted_labels(cv_scores)
    choice = choose_thresholds(np.array(cv_predicted) == np.array(cv_truth), cv_scores,
                               target=review_precision)
    cv_metrics = classification_metrics(cv_truth, cv_predicted)
    review = {
        "thresholds": choice.thresholds.to_dict(),
        "target_accuracy": review_precision,  # henno train --review-precision
        **_review_summary(cv_truth, cv_scores, choice.thresholds, "cv"),
        **_review_summary(test.labels, test_scores, choice.thresholds, "test"),
    }
    return {
        "version": store.new_version_id(),
        "created_at": datetime.now(UTC).isoformat(timespec="seconds"),
        "spec": spec.to_dict(),
        "labels": list(LABELS),
        "label_ja": LABEL_JA,
        "training_data": {**_data_summary(train), "feedback_rows": train.feedback_rows,
                          "feedback_replaced": train.feedback_replaced},
        "test_data": _data_summary(test),
        "review": review,
        "metrics": {
            "test": classification_metrics(test.labels, predicted_labels(test_scores)),
            "cv": {"folds": CV_FOLDS, "rows": len(cv_truth), "accuracy": cv_metrics["accuracy"],
                   "macro_f1": cv_metrics["macro_f1"]},
        },
        # Rows = true label, columns = predicted, from out-of-fold predictions: what a tally
        # corrected for the model's known confusion needs.
        "cv_confusion": cv_metrics["confusion"],
        # Mean out-of-fold score vector per true label: what probabilistic corrections need.
        "cv_mean_scores": _mean_scores_by_label(cv_truth, cv_scores),
        "libraries": library_versions(),
        "token_format": TOKEN_FORMAT,
    }


def current_macro_f1(models_dir: Path, test: Dataset, progress: Progress) -> float | None:
    """The current model's macro-F1 on `test`, or None when there is no loadable current model."""
    version = store.current_version(models_dir)
    if version is None:
        return None
    try:
        current = Classifier.load(models_dir / version)
    except HennoError as exc:
        progress(f"the current model {version} cannot be loaded ({exc}); it will be replaced")
        return None
    scores = current.predict_proba(test.texts)
    return float(classification_metrics(test.labels, predicted_labels(scores))["macro_f1"])


def promotion_decision(new_f1: float, current_f1: float | None, force: bool) -> tuple[bool, str]:
    if current_f1 is None:
        return True, "promoted: there was no current model"
    if force:
        return True, f"promoted with --force (current model: macro-F1 {current_f1:.4f})"
    if new_f1 >= current_f1 - PROMOTION_TOLERANCE:
        return True, f"promoted: macro-F1 {new_f1:.4f} vs current {current_f1:.4f}"
    return False, (f"not promoted: macro-F1 {new_f1:.4f} is more than {PROMOTION_TOLERANCE} below "
                   f"the current model's {current_f1:.4f} (use --force to promote anyway)")


def train_model(train_path: Path, test_path: Path, models_dir: Path, spec: ModelSpec | None = None,
                force: bool = False, progress: Progress = _quiet, n_jobs: int = 2,
                feedback: list[tuple[str, str]] | None = None,
                review_precision: float = TARGET_ACCURACY, finder_seed: int = 0) -> TrainResult:
    """Train, evaluate and save a new version; point `current` at it when it is good enough.

    `feedback` holds clerks' reviewed (text, label) rows; they replace the same texts in the
    training set (never in the test set). `finder_seed` draws the reason finder's folds
    (benchmarks/finder_draws.py measures how much the trained model depends on it)."""
    spec = spec or ModelSpec()
    started = time.perf_counter()

    def step(message: str) -> None:
        progress(f"[{time.perf_counter() - started:6.1f}s] {message}")

    train, test = load_dataset(train_path), load_dataset(test_path)
    if feedback:
        usable = outside_test_set(feedback, test)
        if len(usable) < len(feedback):
            step(f"left out {len(feedback) - len(usable)} reviewed rows whose text is in the "
                 "test set")
        train = merge_feedback(train, usable)
        step(f"merged {train.feedback_rows} reviewed rows, replacing "
             f"{train.feedback_replaced} corpus rows")
    corpus_rows = len(train.texts)
    reason_rows = reasons_beside(train_path)
    train = with_reason_rows(train, reason_rows)
    step(f"validated {len(train.texts)} training ({len(reason_rows)} of them with several "
         f"reasons) and {len(test.texts)} test rows")
    step("tokenizing and building features")
    data = featurize(spec, train.texts, train.labels, n_jobs=n_jobs)
    rows = cv_rows(spec, data)
    step(f"cross-validating ({CV_FOLDS} folds, {rows.size} rows) to choose the review thresholds")
    cv_scores = cross_validated_scores(spec, data, rows, n_jobs=n_jobs)
    finder = None
    if reason_rows:
        step("fitting the reason finder and its combiner out of fold")
        finder, cv_scores = fit_reasons(reason_rows, train, corpus_rows, rows, cv_scores,
                                        finder_seed)
    step("fitting the model on all training rows")
    pipeline = final_pipeline(spec, data, n_jobs=n_jobs)
    test_scores = final_scores(pipeline, finder, test.texts)
    # Review thresholds and CV scores on the corpus rows only: the reasons rows are the
    # hardest cases by design, and would set the flag for a mix clerks never see.
    in_corpus = rows < corpus_rows
    cv_truth = [train.labels[i] for i in rows[in_corpus].tolist()]
    metadata = build_metadata(spec, train, test, cv_truth, cv_scores[in_corpus], test_scores,
                              review_precision)
    extra = reasons_metadata(metadata, pipeline, finder, test_path, step)
    step("writing the new version")
    try:
        path = save_version(models_dir, pipeline, metadata, report_files(metadata) | extra)
    except OSError as exc:  # e.g. a full disk: save_version has removed its partial files
        raise HennoError(f"could not write the new model version in {models_dir}: "
                         f"{exc.strerror or exc}; no model was changed") from exc
    new_f1 = metadata["metrics"]["test"]["macro_f1"]
    promoted, decision = promotion_decision(new_f1, current_macro_f1(models_dir, test, step), force)
    if promoted:
        store.set_current(models_dir, metadata["version"])
    step(decision)
    return TrainResult(metadata["version"], path, promoted, decision, metadata["metrics"]["test"],
                       metadata["review"])
