"""Properties that must hold for any Unicode text (hypothesis, derandomized for CI)."""

import numpy as np
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from henno.model.classifier import Classifier
from henno.model.normalize import is_individual_number, normalize

ANY_TEXT = st.text(st.characters(codec=None, exclude_categories=()), max_size=300)
HOSTILE = st.sampled_from(["", "\x00" * 10, "\ud800\udfff", "a\u0301\u0302\u0303" * 50,
                           "\u202eتسجيل\u202c", "😡" * 5000, "\ufeff", " \t\n" * 100])
PROPERTY = settings(max_examples=200, deadline=None, derandomize=True,
                    suppress_health_check=[HealthCheck.function_scoped_fixture])


@PROPERTY
@given(ANY_TEXT)
def test_normalize_is_idempotent(text: str) -> None:
    once = normalize(text)
    assert normalize(once) == once


def _with_check_digit(body: str) -> str:
    return next(body + d for d in "0123456789" if is_individual_number(body + d))


@PROPERTY
@given(ANY_TEXT, st.from_regex(r"\A[0-9]{11}\Z"), st.sampled_from(["", " ", "-", "－", "　"]),
       ANY_TEXT)
def test_redaction_leaves_no_valid_individual_number(before: str, body: str, separator: str,
                                                     after: str) -> None:
    number = _with_check_digit(body)
    grouped = separator.join([number[:4], number[4:8], number[8:]])
    digits_left = "".join(ch for ch in normalize(f"{before}{grouped}{after}") if ch.isdigit())
    assert not any(is_individual_number(digits_left[i : i + 12])
                   for i in range(len(digits_left) - 11) if digits_left[i : i + 12] != "0" * 12)


@PROPERTY
@given(st.lists(ANY_TEXT | HOSTILE, min_size=1, max_size=8))
def test_predict_never_raises_and_scores_sum_to_one(small_classifier: Classifier,
                                                   texts: list[str]) -> None:
    for batch in (texts, texts[:1]):
        scores = small_classifier.predict_proba(batch)
        assert np.isfinite(scores).all()
        np.testing.assert_allclose(scores.sum(axis=1), 1.0, atol=1e-9)
        assert len(small_classifier.predict(batch)) == len(batch)
