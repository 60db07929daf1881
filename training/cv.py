"""Featurising a training set once, out-of-fold scores, and the final fitted pipeline.

The TF-IDF vocabulary and idf are fitted once on all training rows (they never see labels),
then every cross-validation fold fits only the classifier on its rows. That keeps training
on 100,000 rows within a minute; the small optimism it may add to CV scores is documented in
docs/model.md, and the test set never takes part.
"""

from dataclasses import dataclass

import numpy as np
import numpy.typing as npt
from joblib import Parallel, delayed, parallel_config
from joblib.externals.loky import get_reusable_executor
from scipy import sparse
from sklearn.base import BaseEstimator
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.model_selection import StratifiedKFold, train_test_split
from sklearn.pipeline import FeatureUnion, Pipeline

from henno.model.features import (
    ModelSpec,
    TextAnalyzer,
    TextNormalizer,
    build_estimator,
    build_features,
)
from henno.model.labels import LABELS
from henno.model.tokenizer import Analysis
from henno.training.augment import augment

CV_FOLDS = 5
CV_MAX_ROWS = 20_000  # review thresholds are cross-validated on a sample of large sets
MAX_AUGMENTED_ROWS = 10_000
FloatArray = npt.NDArray[np.float64]
IntArray = npt.NDArray[np.int64]


@dataclass
class Featurized:
    """TF-IDF rows of the training texts followed by their augmented copies."""

    features: FeatureUnion
    matrix: sparse.csr_matrix
    labels: npt.NDArray[np.str_]
    sources: IntArray  # for each matrix row, the index of the training row it comes from
    n_rows: int


def _fit_block(vectorizer: TfidfVectorizer,
               analyses: list[Analysis]) -> tuple[TfidfVectorizer, sparse.csr_matrix]:
    return vectorizer, vectorizer.fit_transform(analyses)


def _slim(name: str, analyses: list[Analysis]) -> list[Analysis]:
    """Only what a block reads (word: tokens, char: text), so each worker gets less."""
    if name == "word":
        return [Analysis(a.tokens, "") for a in analyses]
    return [Analysis([], a.text) for a in analyses]


def featurize(spec: ModelSpec, texts: list[str], labels: list[str],
              n_jobs: int = 2) -> Featurized:
    share = min(spec.augment_share, MAX_AUGMENTED_ROWS / max(len(texts), 1))
    all_texts, all_labels, sources = augment(texts, labels, share, seed=spec.seed)
    analyses = TextAnalyzer(spec.token_mode).transform(TextNormalizer().transform(all_texts))
    blocks = build_features(spec).transformer_list
    # Tokenized once; each block then counts its n-grams in its own process.
    fitted = Parallel(n_jobs=min(n_jobs, len(blocks)))(
        delayed(_fit_block)(vectorizer, _slim(name, analyses)) for name, vectorizer in blocks)
    del analyses
    features = FeatureUnion([(name, vectorizer) for (name, _), (vectorizer, _) in
                             zip(blocks, fitted)])
    matrix = sparse.hstack([block for _, block in fitted], format="csr")
    return Featurized(features, matrix, np.array(all_labels), np.array(sources), len(texts))


def fit_classifier(spec: ModelSpec, matrix: sparse.csr_matrix, labels: npt.NDArray[np.str_],
                   n_jobs: int = 1) -> BaseEstimator:
    estimator = build_estimator(spec)
    parallel = "n_jobs" in estimator.get_params()
    if parallel:
        estimator.set_params(n_jobs=n_jobs)
    # Threads share the matrix instead of copying it into each worker process, and liblinear
    # releases the GIL while it fits.
    with parallel_config(backend="threading"):
        estimator.fit(matrix, labels)
    if parallel:
        estimator.set_params(n_jobs=None)
    return estimator


def final_pipeline(spec: ModelSpec, data: Featurized, n_jobs: int = 1) -> Pipeline:
    """The pipeline that is saved: fitted features and a classifier fitted on every row."""
    classifier = fit_classifier(spec, data.matrix, data.labels, n_jobs)
    return Pipeline([("normalize", TextNormalizer()), ("analyze", TextAnalyzer(spec.token_mode)),
                     ("features", data.features),
                     ("clf", classifier)])


def _in_label_order(estimator: BaseEstimator, matrix: sparse.csr_matrix) -> FloatArray:
    classes = [str(c) for c in estimator.classes_]
    scores = np.asarray(estimator.predict_proba(matrix), dtype=np.float64)
    return scores[:, [classes.index(label) for label in LABELS]]


def pipeline_scores(pipeline: Pipeline, texts: list[str]) -> FloatArray:
    """predict_proba of a fitted pipeline with columns in LABELS order."""
    return _in_label_order(pipeline.named_steps["clf"], pipeline[:-1].transform(texts))


def _fold_scores(spec: ModelSpec, fit_matrix: sparse.csr_matrix, fit_labels: npt.NDArray[np.str_],
                 held_out_matrix: sparse.csr_matrix) -> FloatArray:
    estimator = fit_classifier(spec, fit_matrix, fit_labels)
    return _in_label_order(estimator, held_out_matrix)


def cv_rows(spec: ModelSpec, data: Featurized) -> IntArray:
    """The training rows cross-validation runs on: all, or a stratified sample of large sets."""
    rows = np.arange(data.n_rows)
    if data.n_rows <= CV_MAX_ROWS:
        return rows
    sample, _ = train_test_split(rows, train_size=CV_MAX_ROWS, random_state=spec.seed,
                                 stratify=data.labels[: data.n_rows])
    return np.sort(sample)


def cross_validated_scores(spec: ModelSpec, data: Featurized, rows: IntArray,
                           n_jobs: int = 2) -> FloatArray:
    """Out-of-fold probabilities of `rows` (stratified k-fold), columns in LABELS order."""
    folds = StratifiedKFold(CV_FOLDS, shuffle=True, random_state=spec.seed)
    splits = [(rows[a], rows[b]) for a, b in folds.split(rows, data.labels[rows])]


    def fold_rows(train: IntArray) -> IntArray:
        return np.flatnonzero(np.isin(data.sources, train))  # the rows and their copies

    # Each worker gets only its fold's rows, not the whole matrix: memory stays bounded.
    results = Parallel(n_jobs=n_jobs)(
        delayed(_fold_scores)(spec, data.matrix[fold_rows(train)], data.labels[fold_rows(train)],
                              data.matrix[held_out])
        for train, held_out in splits
    )
    # The pool's idle workers would hold their memory through the final, largest fit.
    get_reusable_executor().shutdown(wait=True)
    scores = np.zeros((rows.size, len(LABELS)))
    position = {row: i for i, row in enumerate(rows.tolist())}
    for (_, held_out), fold_scores in zip(splits, results):
        scores[[position[r] for r in held_out.tolist()]] = fold_scores
    return scores
