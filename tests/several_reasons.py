"""Predictions that hold several reasons, before the model finds them (issue #11): a keyword
stand-in for Classifier.predict, so that the API, the files, the report and the page are
tested on texts that give two reasons, deny one or state the main one."""

import re
from collections.abc import Iterator
from dataclasses import replace

import pytest

from henno.model.classifier import Classifier, Prediction, Reason, Rule
from henno.model.labels import LABEL_JA, PRIORITY

# (label, a word that gives it), in no particular order: each found word is one reason.
_WORDS = (("relocation", "引っ越"), ("relocation", "転勤"), ("relocation", "moving"),
          ("scandal", "不祥事"), ("scandal", "scandal"), ("errors", "紐付け"),
          ("system_distrust", "信用できない"), ("other", "要らない"))
_DENIED = re.compile(r"\A[^、。,]{0,6}?(ではなく|ではありません|じゃなく)")
_MAIN = "一番の理由は"


def _reasons(text: str, scores: dict[str, float]) -> list[Reason]:
    found = []
    for label, word in _WORDS:
        for match in re.finditer(re.escape(word), text):
            start, end = match.span()
            found.append(Reason(label, LABEL_JA[label], scores[label], ((start, end),),
                                bool(_DENIED.match(text[end:])),
                                text[max(0, start - len(_MAIN)):start] == _MAIN))
    return sorted(found, key=lambda reason: reason.spans[0])


def with_reasons(text: str, prediction: Prediction) -> Prediction:
    """`prediction` with the reasons the keywords find, and the label the rules choose."""
    reasons = _reasons(text, prediction.scores)
    counted = [reason for reason in reasons if not reason.denied]
    if not counted:
        return prediction
    main = [reason.label for reason in counted if reason.main]
    labels = {reason.label for reason in counted}
    label = main[0] if main else min(labels, key=PRIORITY.index)
    rule = Rule.MAIN_REASON if main else Rule.PRIORITY if len(labels) > 1 else Rule.SINGLE
    return replace(prediction, label=label, label_ja=LABEL_JA[label],
                   confidence=prediction.scores[label], reasons=tuple(reasons), rule=rule)


@pytest.fixture
def several_reasons(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """Every Classifier answers with the keywords' reasons for the rest of the test."""
    predict = Classifier.predict

    def predict_reasons(self: Classifier, texts: list[str]) -> list[Prediction]:
        return [with_reasons(text, p) for text, p in zip(texts, predict(self, texts))]

    monkeypatch.setattr(Classifier, "predict", predict_reasons)
    yield
