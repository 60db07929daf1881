"""Which features pushed a prediction: exact contributions to a linear decision score.

For logistic regression the score of a label is X @ coef + intercept. For the calibrated
linear SVM it is the mean of the cross-validation SVMs' decision scores (calibration maps
that mean monotonically per model, so the ranking of contributions is the model's own). Each
feature's contribution is its TF-IDF value times its weight for the chosen label.
"""

from dataclasses import asdict, dataclass
from typing import Any

import numpy as np

from henno.model.classifier import Classifier
from henno.model.heads import CalibratedSigmoidHead


@dataclass(frozen=True)
class Contribution:
    feature: str
    kind: str  # "word" or "char"
    weight: float

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


def explain(classifier: Classifier, text: str, label: str, top: int = 10) -> list[Contribution]:
    """The `top` features with the largest absolute contribution to `label`'s score."""
    scorer = classifier.scorer
    head = scorer.head
    if head is None:
        return []
    column = scorer.classes.index(label)
    columns, values = scorer.active_features(text)
    if columns.size == 0:  # no known word or character: only the intercepts decided
        return []
    weights = head.coef_t[columns]
    if isinstance(head, CalibratedSigmoidHead):
        weights = weights.reshape(len(columns), -1, head.n_classes).mean(axis=1)
    contributions = values * weights[:, column]
    order = np.argsort(-np.abs(contributions))[:top]
    result = []
    for i in order.tolist():
        kind, gram = scorer.feature_name(int(columns[i]))
        if kind == "word":  # tokens are "lemma|pos3": readers need only the lemma
            gram = " ".join(token.rpartition("|")[0] or token for token in gram.split(" "))
        result.append(Contribution(feature=gram, kind=kind, weight=float(contributions[i])))
    return result


__all__ = ["Contribution", "explain"]
