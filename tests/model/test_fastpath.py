import numpy as np
import pytest

from henno.model.classifier import Classifier
from henno.model.fastpath import FastScorer
from henno.model.features import ModelSpec, build_pipeline
from tests.conftest import TEST_CSV, TRAIN_CSV, read_rows, sample_rows

EDGE_CASES = [
    "", "   ", "😡" * 5000, "abc\ud800", "ＴＥＬ０９０", "a" * 5000, "\u200f\u0301ﾃﾞ", "\x00",
]


def _corpus_texts() -> list[str]:
    return [text for text, _ in read_rows(TRAIN_CSV) + read_rows(TEST_CSV)] + EDGE_CASES


def test_fast_batch_scores_equal_the_pipeline(corpus_classifier: Classifier) -> None:
    texts = _corpus_texts()
    expected = corpus_classifier.pipeline.predict_proba(texts)
    actual = FastScorer(corpus_classifier.pipeline).predict_proba(texts)
    np.testing.assert_allclose(actual, expected, rtol=0, atol=1e-9)


def test_fast_one_text_scores_equal_the_pipeline(corpus_classifier: Classifier) -> None:
    texts = _corpus_texts()[::7]
    scorer = FastScorer(corpus_classifier.pipeline)
    expected = corpus_classifier.pipeline.predict_proba(texts)
    actual = np.vstack([scorer.predict_proba([text]) for text in texts])
    np.testing.assert_allclose(actual, expected, rtol=0, atol=1e-9)


@pytest.mark.parametrize("spec", [
    ModelSpec(classifier="cnb"),
    ModelSpec(classifier="svm", token_mode="surface"),
    ModelSpec(features="char", char_ngrams=(2, 4), min_df=2),
    ModelSpec(features="word", token_mode="lemma", word_ngrams=(1, 3)),
])
def test_fast_path_matches_other_designs(spec: ModelSpec) -> None:
    rows = sample_rows(TRAIN_CSV, 30)
    pipeline = build_pipeline(spec).fit([t for t, _ in rows], [label for _, label in rows])
    texts = [text for text, _ in read_rows(TEST_CSV)[:200]] + EDGE_CASES
    scorer, expected = FastScorer(pipeline), pipeline.predict_proba(texts)
    np.testing.assert_allclose(scorer.predict_proba(texts), expected, rtol=0, atol=1e-9)
    one_by_one = np.vstack([scorer.predict_proba([text]) for text in texts])
    np.testing.assert_allclose(one_by_one, expected, rtol=0, atol=1e-9)


def test_fast_path_of_no_texts_is_empty(small_classifier: Classifier) -> None:
    assert FastScorer(small_classifier.pipeline).predict_proba([]).shape == (0, 5)
