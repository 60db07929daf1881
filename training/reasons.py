"""Fitting the reason finder (model/reasons.py) from the several-reasons corpus.

Clause targets come from the evidence column: a clause takes the label of the evidence
phrase it overlaps most (denied for `!label:` phrases, main when that label is the row's
`main`), or none. Stage 2 and the combiner are fitted on out-of-fold outputs of the stages
before them, so neither learns from predictions made on its own training rows.
"""

import csv
import re
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import numpy.typing as npt
from sklearn.linear_model import LogisticRegression
from sklearn.model_selection import GroupKFold, StratifiedKFold, cross_val_predict

from henno.model.classifier import Reason
from henno.model.labels import LABELS
from henno.model.reasons import (
    CLAUSE_CLASSES,
    NONE,
    ReasonFinder,
    clause_outputs,
    in_context,
    text_features,
)
from henno.model.reasons_features import SegmentVectorizer
from henno.model.rules import gather
from henno.model.segments import Span, segments

FloatArray = npt.NDArray[np.float64]
FOLDS = 5
Found = tuple[Reason, ...]
_ENTRY = re.compile(r"(!?)([a-z_]+):(.+)")


@dataclass(frozen=True)
class ReasonRow:
    text: str
    label: str
    reasons: tuple[str, ...]
    main: str
    denied: tuple[str, ...]
    evidence: tuple[tuple[bool, str, str], ...]  # (denied, label, verbatim phrase)
    styles: tuple[str, ...]


def load_reason_rows(path: Path) -> list[ReasonRow]:
    with open(path, encoding="utf-8", newline="") as handle:
        return [_row(row) for row in csv.DictReader(handle)]


def _split(cell: str, separator: str = ";") -> tuple[str, ...]:
    return tuple(part.strip() for part in cell.split(separator) if part.strip())


def _row(row: dict[str, str]) -> ReasonRow:
    entries = []
    for entry in _split(row["evidence"], "|"):
        match = _ENTRY.fullmatch(entry)
        if match:
            entries.append((match.group(1) == "!", match.group(2), match.group(3)))
    return ReasonRow(row["text"], row["label"], _split(row["reasons"]), row["main"],
                     _split(row["denied"]), tuple(entries), _split(row["styles"]))


def clause_target(row: ReasonRow, span: Span) -> tuple[int, int, int]:
    """(index in CLAUSE_CLASSES, denied, main) of one clause of a row."""
    best, best_overlap = None, 0
    for denied, label, phrase in row.evidence:
        start = row.text.find(phrase)
        overlap = min(span[1], start + len(phrase)) - max(span[0], start)
        enough = overlap >= 0.3 * (span[1] - span[0]) or overlap >= 0.5 * len(phrase)
        if start >= 0 and overlap > best_overlap and enough:
            best, best_overlap = (denied, label), overlap
    if best is None or best[1] not in LABELS:
        return CLAUSE_CLASSES.index(NONE), 0, 0
    denied, label = best
    return CLAUSE_CLASSES.index(label), int(denied), int(not denied and label == row.main)


def _fit(matrix: object, target: npt.NDArray[np.int64]) -> LogisticRegression:
    # newton-cg: lbfgs takes four times longer on these sparse clause matrices.
    return LogisticRegression(C=10.0, solver="newton-cg", max_iter=500).fit(matrix, target)


def fit_stage(matrix: object, targets: npt.NDArray[np.int64]) -> tuple[LogisticRegression, ...]:
    return tuple(_fit(matrix, targets[:, k]) for k in range(3))


@dataclass
class ClauseData:
    texts: list[str]
    targets: npt.NDArray[np.int64]
    owner: npt.NDArray[np.int64]  # the row each clause belongs to
    spans: list[list[Span]]


def clause_data(rows: list[ReasonRow]) -> ClauseData:
    spans = [segments(row.text) for row in rows]
    texts = [row.text[a:b] for row, parts in zip(rows, spans) for a, b in parts]
    targets = np.array([clause_target(row, span) for row, parts in zip(rows, spans)
                        for span in parts], dtype=np.int64).reshape(-1, 3)
    owner = np.repeat(np.arange(len(rows)), [len(parts) for parts in spans])
    return ClauseData(texts, targets, owner, spans)


def _contexts(first: FloatArray, data: ClauseData, whole: FloatArray) -> FloatArray:
    counts = np.array([len(spans) for spans in data.spans], dtype=np.int64)
    return in_context(first, counts, whole)


@dataclass
class OutOfFold:
    vectorizer: SegmentVectorizer
    first: FloatArray  # stage-1 outputs of every clause from models that never saw its row
    second: FloatArray  # the same for stage 2


def out_of_fold_clauses(data: ClauseData, whole: FloatArray) -> OutOfFold:
    vectorizer = SegmentVectorizer().fit(data.texts)
    matrix = vectorizer.transform(data.texts)
    first = np.zeros((len(data.texts), len(CLAUSE_CLASSES) + 2))
    folds = list(GroupKFold(FOLDS).split(matrix, groups=data.owner))
    for fit_rows, held in folds:
        first[held] = clause_outputs(fit_stage(matrix[fit_rows], data.targets[fit_rows]),
                                     matrix[held])
    context = _contexts(first, data, whole)
    second = np.zeros_like(first)
    for fit_rows, held in folds:
        second[held] = clause_outputs(fit_stage(context[fit_rows], data.targets[fit_rows]),
                                      context[held])
    return OutOfFold(vectorizer, first, second)


def reasons_of(finder: ReasonFinder, outputs: FloatArray, data: ClauseData) -> list[Found]:
    bounds = np.searchsorted(data.owner, np.arange(len(data.spans) + 1))
    return [gather([finder.clause(span, row) for span, row in
                    zip(spans, outputs[bounds[i] : bounds[i + 1]].tolist())])
            for i, spans in enumerate(data.spans)]


@dataclass
class FittedReasons:
    finder: ReasonFinder
    reason_scores: FloatArray  # out-of-fold final scores of the reasons rows
    corpus_scores: FloatArray  # and of the corpus rows


def fit_finder(rows: list[ReasonRow], whole: FloatArray, corpus_texts: list[str],
               corpus_labels: list[str], corpus_whole: FloatArray) -> FittedReasons:
    """The finder fitted on every reasons row, with out-of-fold final scores of every row.
    `whole` and `corpus_whole` must be out-of-fold whole-text scores: the combiner learns
    how far to trust them against the rules. Texts of one clause keep their whole-text
    scores, as ReasonFinder.decide does."""
    data = clause_data(rows)
    oof = out_of_fold_clauses(data, whole)
    stage1 = fit_stage(oof.vectorizer.transform(data.texts), data.targets)
    # Stage 2 learns from out-of-fold stage-1 outputs: in-sample ones are overconfident.
    stage2 = fit_stage(_contexts(oof.first, data, whole), data.targets)
    finder = ReasonFinder(oof.vectorizer, stage1, stage2, None)
    several = np.array([len(spans) > 1 for spans in data.spans])
    corpus_spans = [segments(text) for text in corpus_texts]
    corpus_several = np.array([len(spans) > 1 for spans in corpus_spans], dtype=bool)
    found = [f for f, keep in zip(reasons_of(finder, oof.second, data), several) if keep]
    picked = np.flatnonzero(corpus_several).tolist()
    found += [gather(c) for c in finder.clauses([corpus_spans[i] for i in picked],
                                                [corpus_texts[i] for i in picked],
                                                corpus_whole[picked])]
    features = np.vstack([text_features(w, r) for w, r in
                          zip(np.vstack([whole[several], corpus_whole[picked]]), found)])
    truth = np.array([LABELS.index(row.label) for row, keep in zip(rows, several) if keep]
                     + [LABELS.index(corpus_labels[i]) for i in picked], dtype=np.int64)
    finder.combiner = _combiner().fit(features, truth)
    final = np.vstack([whole, corpus_whole])
    final[np.concatenate([several, corpus_several])] = out_of_fold_combined(features, truth)
    return FittedReasons(finder, final[: len(rows)], final[len(rows) :])


def _combiner() -> LogisticRegression:
    return LogisticRegression(C=1.0, max_iter=2000)


def out_of_fold_combined(features: FloatArray, truth: npt.NDArray[np.int64],
                         seed: int = 0) -> FloatArray:
    """The combiner's out-of-fold probabilities, for comparing designs."""
    folds = StratifiedKFold(FOLDS, shuffle=True, random_state=seed)
    return np.asarray(cross_val_predict(_combiner(), features, truth, cv=folds,
                                        method="predict_proba"))

