"""A faster inference path that computes exactly what the fitted pipeline computes.

scikit-learn spends most of a prediction in Python-level analyzers and input validation.
Here every n-gram is looked up as a packed integer in a sorted array, for a whole batch at
once: character n-grams pack their code points, word n-grams pack the feature indices of
their words (every word of a kept n-gram is itself a kept unigram, whatever min_df is). A
test compares every score with the fitted pipeline's predict_proba to 1e-9.
"""

from dataclasses import dataclass

import numpy as np
import numpy.typing as npt
from scipy import sparse
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.pipeline import Pipeline

from henno.model.features import CharNgrams, WordNgrams
from henno.model.heads import CalibratedSigmoidHead, SoftmaxHead, linear_head
from henno.model.normalize import normalize
from henno.model.tokenizer import Analysis, JapaneseTokenizer

IntArray = npt.NDArray[np.int64]
FloatArray = npt.NDArray[np.float64]
_CODE_POINT_BITS = 21  # every Unicode code point fits, so three pack into one int64
_MAX_PACKED_CHARS = 3


_EMPTY = -1  # packed keys are never negative
_GOLDEN = np.uint64(0x9E3779B97F4A7C15)  # Fibonacci hashing's multiplier


class _KeyTable:
    """Packed keys to feature indices by open addressing (linear probing), probed for a
    whole batch at once: one or two gathers per n-gram where a binary search of the sorted
    keys took seventeen cache misses (most of a clause batch's n-gram lookup)."""

    def __init__(self, keys: IntArray, indices: IntArray):
        self.bits = max(4, (4 * keys.size).bit_length())  # at most a quarter full
        self.keys = np.full(1 << self.bits, _EMPTY, dtype=np.int64)
        self.indices = np.full(1 << self.bits, _EMPTY, dtype=np.int64)
        pending, slots = np.arange(keys.size), self.slots(keys)
        while pending.size:
            free = self.keys[slots] == _EMPTY
            taken, first = np.unique(slots[free], return_index=True)  # one key per free slot
            placed = pending[free][first]
            self.keys[taken], self.indices[taken] = keys[placed], indices[placed]
            left = np.ones(pending.size, dtype=bool)
            left[np.flatnonzero(free)[first]] = False
            pending, slots = pending[left], (slots[left] + 1) & (self.keys.size - 1)

    def slots(self, packed: IntArray) -> IntArray:
        hashed = (packed.astype(np.uint64) * _GOLDEN) >> np.uint64(64 - self.bits)
        return hashed.astype(np.int64)

    def find(self, packed: IntArray) -> IntArray:
        """The feature index of each packed key, _EMPTY for an unknown one."""
        found = np.full(packed.size, _EMPTY, dtype=np.int64)
        pending, slots = np.arange(packed.size), self.slots(packed)
        while pending.size:
            keys = self.keys[slots]
            hit = keys == packed[pending]
            found[pending[hit]] = self.indices[slots[hit]]
            more = ~hit & (keys != _EMPTY)
            pending, slots = pending[more], (slots[more] + 1) & (self.keys.size - 1)
        return found


@dataclass
class _PackedVocabulary:
    """Feature indices of n-grams, keyed by a packed integer per n."""

    table: IntArray  # feature index by key for 1-grams (-1: unknown); a gather beats a search
    hashed: dict[int, _KeyTable]  # n → its n-grams' keys, for n > 1 (and 1 without a table)

    @classmethod
    def build(cls, packed: dict[int, list[tuple[int, int]]]) -> "_PackedVocabulary":
        keys, indices = {}, {}
        for n, items in packed.items():
            if items:
                keys[n] = np.array([k for k, _ in items], dtype=np.int64)
                indices[n] = np.array([i for _, i in items], dtype=np.int64)
        table = np.full(int(keys[1].max()) + 1 if 1 in keys else 0, -1, dtype=np.int64)
        if table.size:
            table[keys[1]] = indices[1]
        return cls(table, {n: _KeyTable(keys[n], indices[n]) for n in keys})

    def find(self, n: int, packed: IntArray) -> tuple[IntArray, IntArray]:
        """(positions in `packed` that are known n-grams, their feature indices)."""
        if n == 1 and self.table.size:
            found = self.table[np.minimum(packed, self.table.size - 1)]
            hit = np.flatnonzero((found >= 0) & (packed < self.table.size))
            return hit, found[hit]
        hashed = self.hashed.get(n)
        if hashed is None or packed.size == 0:
            return np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.int64)
        found = hashed.find(packed)
        hit = np.flatnonzero(found != _EMPTY)
        return hit, found[hit]


def _pack(units: IntArray, starts: IntArray, n: int, bits: int) -> IntArray:
    packed = np.zeros(starts.size, dtype=np.int64)
    for k in range(n):
        packed = (packed << bits) | units[starts + k]
    return packed


@dataclass
class _CharBlock:
    sizes: tuple[int, ...]
    vocabulary: _PackedVocabulary
    long_grams: dict[str, int]  # n-grams too long to pack into 63 bits
    long_sizes: tuple[int, ...]

    @classmethod
    def from_vectorizer(cls, vectorizer: TfidfVectorizer) -> "_CharBlock":
        low, high = vectorizer.analyzer.ngram_range
        packable = range(low, min(high, _MAX_PACKED_CHARS) + 1)
        packed: dict[int, list[tuple[int, int]]] = {n: [] for n in packable}
        long_grams: dict[str, int] = {}
        for gram, index in vectorizer.vocabulary_.items():
            if len(gram) > _MAX_PACKED_CHARS:
                long_grams[gram] = int(index)
                continue
            codes = np.array([ord(c) for c in gram], dtype=np.int64)
            key = _pack(codes, np.zeros(1, dtype=np.int64), len(gram), _CODE_POINT_BITS)
            packed[len(gram)].append((int(key[0]), int(index)))
        long_sizes = tuple(range(max(low, _MAX_PACKED_CHARS + 1), high + 1))
        return cls(tuple(packed), _PackedVocabulary.build(packed), long_grams, long_sizes)

    def lookup(self, analyses: list[Analysis]) -> tuple[IntArray, IntArray]:
        return self.lookup_texts([analysis.text for analysis in analyses])

    def lookup_texts(self, texts: list[str]) -> tuple[IntArray, IntArray]:
        """lookup() of normalised texts, without an Analysis each."""
        lengths = np.fromiter(map(len, texts), dtype=np.int64, count=len(texts))
        codes = np.frombuffer("".join(texts).encode("utf-32-le"), dtype=np.uint32)
        docs, features = _lookup_ngrams(codes.astype(np.int64), lengths, self.sizes,
                                        self.vocabulary, _CODE_POINT_BITS)
        if not self.long_sizes:
            return docs, features
        long_docs, long_features = self._lookup_long(texts)
        return np.concatenate([docs, long_docs]), np.concatenate([features, long_features])

    def _lookup_long(self, texts: list[str]) -> tuple[IntArray, IntArray]:
        docs: list[int] = []
        features: list[int] = []
        for doc, text in enumerate(texts):
            for n in self.long_sizes:
                for i in range(len(text) - n + 1):
                    index = self.long_grams.get(text[i : i + n])
                    if index is not None:
                        docs.append(doc)
                        features.append(index)
        return np.array(docs, dtype=np.int64), np.array(features, dtype=np.int64)


@dataclass
class _WordBlock:
    unigrams: dict[str, int]
    sizes: tuple[int, ...]
    vocabulary: _PackedVocabulary
    bits: int

    @classmethod
    def from_vectorizer(cls, vectorizer: TfidfVectorizer) -> "_WordBlock":
        low, high = vectorizer.analyzer.ngram_range
        vocabulary = vectorizer.vocabulary_
        unigrams = {g: int(i) for g, i in vocabulary.items() if " " not in g}
        bits = max(1, len(vocabulary).bit_length())
        if low != 1 or bits * high > 62:
            raise ValueError("the fast path needs word n-grams starting at 1, up to 62 bits")
        packed: dict[int, list[tuple[int, int]]] = {n: [] for n in range(2, high + 1)}
        for gram, index in vocabulary.items():
            words = gram.split(" ")
            if len(words) > 1:
                ids = np.array([unigrams[w] for w in words], dtype=np.int64)
                key = _pack(ids, np.zeros(1, dtype=np.int64), len(words), bits)
                packed[len(words)].append((int(key[0]), int(index)))
        return cls(unigrams, tuple(range(2, high + 1)),
                   _PackedVocabulary.build(packed), bits)

    def lookup(self, analyses: list[Analysis]) -> tuple[IntArray, IntArray]:
        get = self.unigrams.get
        token_lists = [analysis.tokens for analysis in analyses]
        lengths = np.fromiter(map(len, token_lists), dtype=np.int64, count=len(token_lists))
        ids = np.array([get(t, -1) for tokens in token_lists for t in tokens], dtype=np.int64)
        doc_of = np.repeat(np.arange(len(token_lists), dtype=np.int64), lengths)
        known = ids >= 0
        docs, features = [doc_of[known]], [ids[known]]
        # An unknown word (-1) can only form unknown n-grams; give it a key no n-gram has.
        safe_ids = np.where(known, ids, (1 << self.bits) - 1)
        more_docs, more_features = _lookup_ngrams(safe_ids, lengths, self.sizes,
                                                  self.vocabulary, self.bits)
        return np.concatenate([*docs, more_docs]), np.concatenate([*features, more_features])


def _lookup_ngrams(units: IntArray, lengths: IntArray, sizes: tuple[int, ...],
                   vocabulary: _PackedVocabulary, bits: int) -> tuple[IntArray, IntArray]:
    doc_of = np.repeat(np.arange(lengths.size, dtype=np.int64), lengths)
    # units left in the same document from each position: n-grams must not cross documents
    room = np.repeat(np.cumsum(lengths), lengths) - np.arange(units.size)
    docs, features = [np.zeros(0, dtype=np.int64)], [np.zeros(0, dtype=np.int64)]
    for n in sizes:
        starts = np.flatnonzero(room >= n)
        hit, found = vocabulary.find(n, _pack(units, starts, n, bits))
        docs.append(doc_of[starts[hit]])
        features.append(found)
    return np.concatenate(docs), np.concatenate(features)


def _count_pairs(rows: IntArray, cols: IntArray, width: int) -> tuple[IntArray, IntArray, IntArray]:
    """Distinct (row, col) pairs sorted by row then column, with how often each occurs."""
    keys = rows * width + cols
    keys.sort()
    first = np.ones(keys.size, dtype=bool)
    np.not_equal(keys[1:], keys[:-1], out=first[1:])
    starts = np.flatnonzero(first)
    counts = np.diff(np.append(starts, keys.size))
    distinct = keys[starts]
    return distinct // width, distinct % width, counts


class FastScorer:
    """Class probabilities for texts, identical to pipeline.predict_proba, computed faster."""

    def __init__(self, pipeline: Pipeline):
        self._estimator = pipeline.named_steps["clf"]
        self._tokenizer = pipeline.named_steps["analyze"].tokenizer
        self._blocks: list[_CharBlock | _WordBlock] = []
        offsets: list[int] = []
        idfs: list[FloatArray] = []
        for _, vectorizer in pipeline.named_steps["features"].transformer_list:
            if not isinstance(vectorizer.analyzer, WordNgrams | CharNgrams):
                raise TypeError(f"no fast path for analyzer {vectorizer.analyzer!r}")
            is_word = isinstance(vectorizer.analyzer, WordNgrams)
            self._blocks.append((_WordBlock if is_word else _CharBlock).from_vectorizer(vectorizer))
            offsets.append(sum(idf.size for idf in idfs))
            idfs.append(vectorizer.idf_)
        self._offsets = np.array(offsets, dtype=np.int64)
        self._idf = np.concatenate(idfs)
        self._block_of_column = np.repeat(np.arange(len(idfs)), [idf.size for idf in idfs])
        self._sublinear = pipeline.named_steps["features"].transformer_list[0][1].sublinear_tf
        self._head = linear_head(self._estimator)
        self.block_names = [name for name, _ in pipeline.named_steps["features"].transformer_list]
        self._names: dict[int, tuple[str, str]] | None = None
        # One text: array set-up costs more than the work, so plain dict lookups win.
        self._analyzers = [v.analyzer for _, v in pipeline.named_steps["features"].transformer_list]
        self._vocabularies = [
            {gram: int(i) + off for gram, i in v.vocabulary_.items()}
            for (_, v), off in zip(pipeline.named_steps["features"].transformer_list, offsets)
        ]

    @property
    def classes(self) -> list[str]:
        return [str(c) for c in self._estimator.classes_]

    def features(self, texts: list[str]) -> sparse.csr_matrix:
        """The union of l2-normalised TF-IDF blocks, as pipeline[:-1].transform builds it."""
        analyze = self._tokenizer.analyze
        analyses = [analyze(normalize(text)) for text in texts]
        found = [block.lookup(analyses) for block in self._blocks]
        rows = np.concatenate([docs for docs, _ in found])
        cols = np.concatenate([feats + off for (_, feats), off in zip(found, self._offsets)])
        rows, cols, counts = _count_pairs(rows, cols, self._idf.size)
        values = counts.astype(np.float64)
        if self._sublinear:
            values = np.log(values) + 1.0
        values *= self._idf[cols]
        cell = rows * len(self._blocks) + self._block_of_column[cols]
        values /= np.sqrt(np.bincount(cell, values * values))[cell]
        indptr = np.searchsorted(rows, np.arange(len(texts) + 1))
        return sparse.csr_matrix((values, cols, indptr), shape=(len(texts), self._idf.size))

    def predict_proba(self, texts: list[str]) -> FloatArray:
        if not texts:
            return np.zeros((0, len(self.classes)))
        if self._head is None:
            return np.asarray(self._estimator.predict_proba(self.features(texts)), dtype=np.float64)
        if len(texts) == 1:
            return np.array([self._head.finish_one(self._responses_one(texts[0]).tolist())])
        responses = np.asarray(self.features(texts) @ self._head.coef_t) + self._head.intercept
        return self._head.finish(responses)

    def active_features(self, text: str) -> tuple[IntArray, FloatArray]:
        """Columns and TF-IDF values of one text's non-zero features, from dict lookups."""
        analysis = self._tokenizer.analyze(normalize(text))
        found: list[int] = []
        for analyzer, vocabulary in zip(self._analyzers, self._vocabularies):
            found += [i for i in map(vocabulary.get, analyzer(analysis)) if i is not None]
        if not found:
            return np.zeros(0, dtype=np.int64), np.zeros(0)
        columns, counts = np.unique(np.array(found, dtype=np.int64), return_counts=True)
        values = np.log(counts) + 1.0 if self._sublinear else counts.astype(np.float64)
        values *= self._idf[columns]
        blocks = self._block_of_column[columns]
        values /= np.sqrt(np.bincount(blocks, values * values))[blocks]
        return columns, values

    def feature_name(self, column: int) -> tuple[str, str]:
        """(block name, n-gram) of a column, e.g. ("word", "信用 出来る")."""
        if self._names is None:
            self._names = {i: (name, gram) for name, vocabulary in zip(self.block_names,
                           self._vocabularies) for gram, i in vocabulary.items()}
        return self._names[column]

    @property
    def blocks(self) -> list[tuple[str, WordNgrams | CharNgrams, dict[str, int]]]:
        """(name, analyzer, n-gram → column) of each feature block, for explanations."""
        return list(zip(self.block_names, self._analyzers, self._vocabularies))

    @property
    def tokenizer(self) -> JapaneseTokenizer:
        return self._tokenizer  # type: ignore[no-any-return]

    @property
    def head(self) -> SoftmaxHead | CalibratedSigmoidHead | None:
        return self._head

    def _responses_one(self, text: str) -> FloatArray:
        """X @ coef.T + intercept for one text."""
        assert self._head is not None
        columns, values = self.active_features(text)
        return values @ self._head.coef_t[columns] + self._head.intercept
