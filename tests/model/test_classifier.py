import numpy as np
import pytest

from henno.model import LABEL_JA, LABELS, Classifier, InvalidInputError, ReviewThresholds


def test_predict_gives_every_field(small_classifier: Classifier) -> None:
    texts = ["引っ越しのため", "ミスだらけ", "", "😡" * 100]
    predictions = small_classifier.predict(texts)
    assert len(predictions) == len(texts)
    for prediction in predictions:
        assert prediction.label in LABELS
        assert prediction.label_ja == LABEL_JA[prediction.label]
        assert list(prediction.scores) == list(LABELS)
        assert sum(prediction.scores.values()) == pytest.approx(1.0, abs=1e-9)
        assert prediction.confidence == max(prediction.scores.values())
        assert prediction.model_version == small_classifier.version


def test_predict_of_no_texts_is_empty(small_classifier: Classifier) -> None:
    assert small_classifier.predict([]) == []


@pytest.mark.parametrize("texts", ["one string", [1, 2], ["ok", None], None])
def test_predict_refuses_what_is_not_a_list_of_strings(small_classifier: Classifier,
                                                       texts: object) -> None:
    with pytest.raises(InvalidInputError, match="texts must be a list of strings"):
        small_classifier.predict(texts)  # type: ignore[arg-type]


def test_needs_review_follows_the_thresholds(small_classifier: Classifier) -> None:
    texts = ["転居", "不安", "特になし", "ニュースを見て", "カードが読めない", "どうしようかな"]
    scores = small_classifier.predict_proba(texts)
    thresholds = small_classifier.thresholds
    for prediction, row in zip(small_classifier.predict(texts), scores):
        top, second = sorted(row)[-1], sorted(row)[-2]
        floor = thresholds.floor(int(row.argmax()))  # the predicted label's floor
        expected = top < floor or top - second < thresholds.min_margin
        assert prediction.needs_review == expected


@pytest.mark.parametrize(("scores", "flagged"), [
    ([0.9, 0.05, 0.05, 0, 0], False),
    ([0.5, 0.45, 0.05, 0, 0], True),   # margin 0.05 < 0.1
    ([0.55, 0.1, 0.1, 0.1, 0.15], True),  # confidence 0.55 < 0.6
])
def test_review_thresholds_flag(scores: list[float], flagged: bool) -> None:
    thresholds = ReviewThresholds(min_confidence=0.6, min_margin=0.1)
    assert thresholds.flag(np.array([scores])).tolist() == [flagged]
