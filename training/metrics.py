"""Classification metrics in the shape every report, CLI and API uses."""

from typing import Any

import numpy as np
from sklearn.metrics import (
    accuracy_score,
    confusion_matrix,
    f1_score,
    precision_recall_fscore_support,
)

from henno.model.labels import LABELS


def classification_metrics(truth: list[str], predicted: list[str]) -> dict[str, Any]:
    """accuracy, macro_f1, per_label (precision/recall/f1/support), confusion (rows = truth), n."""
    labels = list(LABELS)
    precision, recall, f1, support = precision_recall_fscore_support(
        truth, predicted, labels=labels, zero_division=0
    )
    per_label = {
        label: {"precision": float(p), "recall": float(r), "f1": float(f), "support": int(s)}
        for label, p, r, f, s in zip(labels, precision, recall, f1, support)
    }
    return {
        "accuracy": float(accuracy_score(truth, predicted)),
        "macro_f1": float(
            f1_score(truth, predicted, labels=labels, average="macro", zero_division=0)
        ),
        "per_label": per_label,
        "confusion": confusion_matrix(truth, predicted, labels=labels).tolist(),
        "labels": labels,
        "n": len(truth),
    }


def predicted_labels(scores: np.ndarray) -> list[str]:
    """Label of the highest score in each row (columns in LABELS order)."""
    return [LABELS[i] for i in np.argmax(scores, axis=1)]


def mention_metrics(truth: list[set[str]], predicted: list[set[str]]) -> dict[str, Any]:
    """Several reasons per text: F1 of "the text mentions label" per label (denied reasons
    are not mentions), and the share of texts whose whole set of reasons is right."""
    per_label = {}
    for label in LABELS:
        expected = [label in labels for labels in truth]
        found = [label in labels for labels in predicted]
        per_label[label] = float(f1_score(expected, found, zero_division=0))
    exact = sum(a == b for a, b in zip(truth, predicted)) / max(len(truth), 1)
    return {"mentioned_f1": per_label, "exact_set_accuracy": float(exact), "n": len(truth)}
