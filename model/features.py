"""Feature analyzers and the scikit-learn pipeline built from a ModelSpec.

Analyzers are small top-level classes, not lambdas or closures, so that the pipeline survives
pickle, copy.deepcopy and sklearn.clone (scikit-learn issue #12833).
"""

from collections.abc import Iterable
from dataclasses import asdict, dataclass
from typing import Any, Literal

from sklearn.base import BaseEstimator, TransformerMixin
from sklearn.calibration import CalibratedClassifierCV
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.linear_model import LogisticRegression
from sklearn.naive_bayes import ComplementNB
from sklearn.pipeline import FeatureUnion, Pipeline
from sklearn.svm import LinearSVC

from henno.model.normalize import normalize
from henno.model.tokenizer import Analysis, JapaneseTokenizer, TokenMode

FeatureSet = Literal["word", "char", "word+char"]
ClassifierKind = Literal["logreg", "svm", "cnb"]


class WordNgrams:
    """Word n-grams of an analysed text, words joined by a space as scikit-learn does."""

    def __init__(self, ngram_range: tuple[int, int] = (1, 2)):
        self.ngram_range = ngram_range

    def __call__(self, analysis: Analysis) -> list[str]:
        tokens = analysis.tokens
        low, high = self.ngram_range
        grams: list[str] = []
        for n in range(low, high + 1):
            if n == 1:
                grams.extend(tokens)
            else:
                grams.extend(" ".join(tokens[i : i + n]) for i in range(len(tokens) - n + 1))
        return grams


class CharNgrams:
    """Character n-grams of an analysed text (names removed), spaces included."""

    def __init__(self, ngram_range: tuple[int, int] = (1, 3)):
        self.ngram_range = ngram_range

    def __call__(self, analysis: Analysis) -> list[str]:
        text = analysis.text
        low, high = self.ngram_range
        return [text[i : i + n] for n in range(low, high + 1) for i in range(len(text) - n + 1)]


class TextNormalizer(TransformerMixin, BaseEstimator):  # type: ignore[misc]
    """Pipeline step applying henno.model.normalize.normalize to every text."""

    def fit(self, texts: Iterable[str], labels: Any = None) -> "TextNormalizer":
        return self

    def transform(self, texts: Iterable[str]) -> list[str]:
        return [normalize(text) for text in texts]


class TextAnalyzer(TransformerMixin, BaseEstimator):  # type: ignore[misc]
    """Pipeline step tokenizing normalised texts once for every feature block."""

    def __init__(self, token_mode: TokenMode = "lemma"):
        self.token_mode = token_mode

    def fit(self, texts: Iterable[str], labels: Any = None) -> "TextAnalyzer":
        return self

    def transform(self, texts: Iterable[str]) -> list[Analysis]:
        tokenizer = self.tokenizer
        return [tokenizer.analyze(text) for text in texts]

    @property
    def tokenizer(self) -> JapaneseTokenizer:
        # Built on first use and not a parameter: clone and pickle see only token_mode.
        if "_tokenizer" not in self.__dict__:
            self.__dict__["_tokenizer"] = JapaneseTokenizer(self.token_mode)
        return self.__dict__["_tokenizer"]  # type: ignore[no-any-return]


@dataclass(frozen=True)
class ModelSpec:
    """Everything that decides the shape of a pipeline; recorded in each model's metadata."""

    features: FeatureSet = "word+char"
    classifier: ClassifierKind = "svm"
    token_mode: TokenMode = "lemma"
    word_ngrams: tuple[int, int] = (1, 2)
    char_ngrams: tuple[int, int] = (1, 3)
    min_df: int = 1
    c: float = 10.0
    seed: int = 0
    # Share of training rows copied with label-neutral form noise (training/augment.py).
    augment_share: float = 0.3

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> "ModelSpec":
        fields = dict(data)
        for key in ("word_ngrams", "char_ngrams"):
            if key in fields:
                fields[key] = tuple(fields[key])
        return cls(**fields)


def _vectorizer(analyzer: WordNgrams | CharNgrams, spec: ModelSpec) -> TfidfVectorizer:
    return TfidfVectorizer(analyzer=analyzer, sublinear_tf=True, min_df=spec.min_df)


def build_features(spec: ModelSpec) -> FeatureUnion:
    """The unfitted union of TF-IDF blocks the spec asks for."""
    blocks: list[tuple[str, TfidfVectorizer]] = []
    if spec.features in ("word", "word+char"):
        blocks.append(("word", _vectorizer(WordNgrams(spec.word_ngrams), spec)))
    if spec.features in ("char", "word+char"):
        blocks.append(("char", _vectorizer(CharNgrams(spec.char_ngrams), spec)))
    return FeatureUnion(blocks)


def build_estimator(spec: ModelSpec) -> BaseEstimator:
    """The unfitted classifier the spec asks for."""
    if spec.classifier == "logreg":
        return LogisticRegression(C=spec.c, max_iter=3000)
    if spec.classifier == "svm":
        svm = LinearSVC(C=spec.c / 10, random_state=spec.seed)
        return CalibratedClassifierCV(svm, cv=3, method="sigmoid")
    return ComplementNB(alpha=1.0 / spec.c)


def build_pipeline(spec: ModelSpec) -> Pipeline:
    """An unfitted pipeline: normalise, tokenize, vectorise (word and/or char TF-IDF),
    classify."""
    return Pipeline(
        [("normalize", TextNormalizer()), ("analyze", TextAnalyzer(spec.token_mode)),
         ("features", build_features(spec)), ("clf", build_estimator(spec))]
    )
