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
