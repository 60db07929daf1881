"""Character n-gram TF-IDF of clauses, fitted like the whole-text char block and looked up
with the fast path's packed vocabulary: clauses need no MeCab pass."""

from typing import Any

import numpy as np
import numpy.typing as npt
from scipy import sparse
from sklearn.feature_extraction.text import TfidfVectorizer

from henno.model.fastpath import _CharBlock
from henno.model.features import CharNgrams
from henno.model.normalize import normalize
from henno.model.tokenizer import Analysis

IntArray = npt.NDArray[np.int64]
FloatArray = npt.NDArray[np.float64]


class SegmentVectorizer:
    """fit/transform clause texts into l2-normalised sublinear TF-IDF rows."""

    def __init__(self, ngram_range: tuple[int, int] = (1, 3)):
        self.ngram_range = ngram_range
        self.vectorizer = TfidfVectorizer(analyzer=CharNgrams(ngram_range), sublinear_tf=True)

    def __getstate__(self) -> dict[str, Any]:
        # The packed lookup is rebuilt from the vectorizer: smaller files, one source of truth.
        return {key: value for key, value in self.__dict__.items() if key != "_block"}

    def fit(self, texts: list[str]) -> "SegmentVectorizer":
        self.vectorizer.fit([Analysis([], normalize(text)) for text in texts])
        return self

    def transform(self, texts: list[str]) -> sparse.csr_matrix:
        width = len(self.vectorizer.idf_)
        if not texts:
            return sparse.csr_matrix((0, width))
        docs, cols = self.lookup_block().lookup_texts([normalize(text) for text in texts])
        keys = np.unique(docs * width + cols, return_counts=True)
        rows, cols, counts = keys[0] // width, keys[0] % width, keys[1]
        values = (np.log(counts) + 1.0) * self.vectorizer.idf_[cols]
        norms = np.sqrt(np.bincount(rows, values * values, minlength=len(texts)))
        values /= norms[rows]
        indptr = np.searchsorted(rows, np.arange(len(texts) + 1))
        return sparse.csr_matrix((values, cols, indptr), shape=(len(texts), width))

    def entries(self, texts: list[str]) -> tuple[IntArray, IntArray, FloatArray]:
        """transform() of a few texts as its non-zero (rows, columns, values), sorted by row
        then column; n-grams found by dict lookups, then one array pass for all the texts
        (for a few clauses, setting up the packed lookup's arrays costs more)."""
        vocabulary = self.vectorizer.vocabulary_
        analyzer = self.vectorizer.analyzer
        width = len(self.vectorizer.idf_)
        keys = [row * width + column for row, text in enumerate(texts)
                for column in map(vocabulary.get, analyzer(Analysis([], normalize(text))))
                if column is not None]
        distinct, counts = np.unique(np.array(keys, dtype=np.int64), return_counts=True)
        rows, columns = distinct // width, distinct % width
        values = (np.log(counts) + 1.0) * self.vectorizer.idf_[columns]
        values /= np.sqrt(np.bincount(rows, values * values, minlength=len(texts)))[rows]
        return rows, columns, values

    def lookup_block(self) -> _CharBlock:
        """The packed n-gram lookup of the fitted vocabulary, built on first use."""
        if "_block" not in self.__dict__:
            self.__dict__["_block"] = _CharBlock.from_vectorizer(self.vectorizer)
        return self.__dict__["_block"]  # type: ignore[no-any-return]
