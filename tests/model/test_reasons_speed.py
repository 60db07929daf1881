"""The finder's faster paths compute what the plain ones did (issue #11's speed work)."""

import random

import numpy as np
import pytest

from henno.model.classifier import Classifier
from henno.model.fastpath import _KeyTable
from henno.model.reasons import StageHead
from henno.model.reasons_context import Layout, _group_max
from henno.model.segments import _BOUNDARY, _boundaries

_PUNCTUATION = "。．.!?！？;；\n、，,①⑳❶❿（(）)・･ \t\u3000-‐−–—*•/／#1２a.b)e転勤Andalso butnot"


def test_boundaries_are_those_of_a_scan_of_every_position() -> None:
    rng = random.Random(0)
    for _ in range(20_000):
        text = "".join(rng.choice(_PUNCTUATION) for _ in range(rng.randint(0, 12)))
        assert set(_boundaries(text)) == {m.start() for m in _BOUNDARY.finditer(text)}


@pytest.mark.parametrize("size", [0, 1, 7, 1000, 50_000])
def test_key_table_finds_what_a_binary_search_finds(size: int) -> None:
    rng = np.random.default_rng(size)
    keys = np.unique(rng.integers(0, 1 << 62, size))
    indices = rng.permutation(keys.size).astype(np.int64)
    queries = np.concatenate([keys, keys + 1, rng.integers(0, 1 << 62, 5000)])
    order = np.argsort(keys)
    at = np.minimum(np.searchsorted(keys[order], queries), max(keys.size - 1, 0))
    known = (keys[order][at] == queries) if keys.size else np.zeros(queries.size, dtype=bool)
    expected = np.where(known, indices[order][at] if keys.size else -1, -1)
    assert _KeyTable(keys, indices).find(queries).tolist() == expected.tolist()


@pytest.mark.parametrize("counts", [[3, 1, 2], [1], [5], [2, 0, 4], [0, 3]])
def test_layout_around_and_text_max_match_shifts_and_group_max(counts: list[int]) -> None:
    layout = Layout(np.array(counts))
    values = np.random.default_rng(0).random((sum(counts), 3))
    shifts = [layout.shift(values, step) for step in (-2, -1, 1, 2)]
    assert np.array_equal(layout.around(values), np.hstack([values, *shifts]))
    assert np.array_equal(layout.before(values[:, 0]), shifts[1][:, 0])
    owner = np.repeat(np.arange(len(counts)), counts)
    assert np.array_equal(layout.text_max(values), _group_max(values, owner))


def test_stage_head_matches_predict_proba(corpus_classifier: Classifier) -> None:
    finder = corpus_classifier.finder
    assert finder is not None
    matrix = finder.vectorizer.transform(["転勤します。それが一番の理由", "暗証番号を忘れた"])
    expected = np.hstack([m.predict_proba(matrix)[:, 1:] if len(m.classes_) == 2
                          else m.predict_proba(matrix) for m in finder.stage1])
    assert np.allclose(StageHead(finder.stage1).outputs(matrix), expected, atol=1e-12)


def test_one_text_reads_as_in_a_batch(corpus_classifier: Classifier) -> None:
    texts = ["①転勤 ②使わない ①が一番", "引越しのためです。でも暗証番号も忘れました",
             "情報漏洩が怖い、それが一番の理由です", "紛失しました"] * 3
    batch = corpus_classifier.predict(texts)
    for text, together in zip(texts, batch):
        alone = corpus_classifier.predict([text])[0]
        assert (alone.label, alone.rule, [r.spans for r in alone.reasons]) == (
            together.label, together.rule, [r.spans for r in together.reasons])
        assert alone.confidence == pytest.approx(together.confidence, abs=1e-9)
