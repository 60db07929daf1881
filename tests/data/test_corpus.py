"""The labelled corpus in data/: size, balance, split, and no near-duplicate rows."""

import re
import unicodedata
from collections import Counter

import numpy as np
import pytest
from scipy import sparse

from henno.model.labels import LABELS
from henno.training.dataset import load_dataset
from tests.conftest import TEST_CSV, TRAIN_CSV, read_rows

NEAR_DUPLICATE = 0.8  # character 3-gram Jaccard similarity


def trigrams(text: str) -> set[str]:
    text = re.sub(r"\s+", " ", unicodedata.normalize("NFKC", text).lower()).strip()
    return {text[i : i + 3] for i in range(max(1, len(text) - 2))}


def near_duplicate_pairs(texts: list[str], threshold: float) -> list[tuple[int, int, float]]:
    """Index pairs (i < j) whose trigram Jaccard similarity is at least `threshold`."""
    grams = [trigrams(text) for text in texts]
    vocabulary = {g: i for i, g in enumerate(sorted(set().union(*grams)))}
    rows = np.repeat(np.arange(len(texts)), [len(g) for g in grams])
    cols = [vocabulary[g] for gs in grams for g in gs]
    matrix = sparse.csr_matrix((np.ones(len(cols)), (rows, cols)),
                               shape=(len(texts), len(vocabulary)))
    sizes = np.array([len(g) for g in grams], dtype=np.float64)
    pairs = []
    for start in range(0, len(texts), 500):
        shared = (matrix[start : start + 500] @ matrix.T).toarray()
        union = sizes[start : start + 500, None] + sizes[None, :] - shared
        for i, j in zip(*np.nonzero(shared / union >= threshold)):
            if start + i < j:
                pairs.append((start + int(i), int(j), float(shared[i, j] / union[i, j])))
    return pairs


@pytest.fixture(scope="module")
def train() -> list[tuple[str, str]]:
    return read_rows(TRAIN_CSV)


@pytest.fixture(scope="module")
def test() -> list[tuple[str, str]]:
    return read_rows(TEST_CSV)


def test_both_files_pass_training_validation() -> None:
    load_dataset(TRAIN_CSV)
    load_dataset(TEST_CSV)


def test_corpus_is_large_and_balanced(train: list[tuple[str, str]],
                                      test: list[tuple[str, str]]) -> None:
    counts = Counter(label for _, label in train + test)
    assert len(train) + len(test) >= 2500
    assert all(counts[label] >= 400 for label in LABELS), counts


def test_test_split_is_stratified_and_large_enough(train: list[tuple[str, str]],
                                                   test: list[tuple[str, str]]) -> None:
    assert len(test) / (len(train) + len(test)) >= 0.15
    train_counts = Counter(label for _, label in train)
    test_counts = Counter(label for _, label in test)
    for label in LABELS:
        share = test_counts[label] / (train_counts[label] + test_counts[label])
        assert 0.17 <= share <= 0.23, (label, share)


def test_near_duplicate_detector_finds_a_swapped_word() -> None:
    texts = ["引っ越しのため返納します。よろしくお願いします",
             "引っ越しのため返納します。よろしくお願いしました",
             "不祥事が続いたので"]
    assert [(i, j) for i, j, _ in near_duplicate_pairs(texts, NEAR_DUPLICATE)] == [(0, 1)]


def test_no_near_duplicates_within_or_across_the_split(train: list[tuple[str, str]],
                                                       test: list[tuple[str, str]]) -> None:
    texts = [text for text, _ in train + test]
    pairs = near_duplicate_pairs(texts, NEAR_DUPLICATE)
    shown = [(texts[i][:30], texts[j][:30], round(s, 2)) for i, j, s in pairs[:10]]
    assert pairs == [], shown
