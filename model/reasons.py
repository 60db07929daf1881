"""Finding every reason of a text, and its primary one by the rules.

Three fitted stages, all linear, evaluated with numpy (no second MeCab pass):
1. per clause: which label it gives (or none), whether it denies it, whether it marks it as
   the main reason, from the clause's character n-grams;
2. per clause again, from stage 1's outputs for the clause, its neighbours and the whole
   text's scores: a clause's meaning depends on its neighbours (「それは関係ありません」
   denies the clause before it; 「…が一番の理由です」 points back);
3. per text, a combiner fitted out of fold that weighs the whole-text model's scores against
   the rules' choice and gives the final probabilities: the rules override the whole-text
   model only where that was right in cross-validation.
"""

from dataclasses import dataclass
from typing import Any

import numpy as np
import numpy.typing as npt
from scipy.special import expit
from sklearn.linear_model import LogisticRegression

from henno.model.classifier import Reason, Rule
from henno.model.labels import LABEL_JA, LABELS
from henno.model.reasons_features import SegmentVectorizer
from henno.model.rules import Clause, gather, primary
from henno.model.segments import Span, segments

FloatArray = npt.NDArray[np.float64]
IntArray = npt.NDArray[np.int64]
NONE = "none"  # a clause that gives no reason
CLAUSE_CLASSES = (NONE, *LABELS)
RULES = tuple(Rule)
_FEW_CLAUSES = 8  # up to this many, dict lookups beat setting up the batch arrays


@dataclass(frozen=True)
class Decision:
    scores: list[float]  # final probabilities, LABELS order
    reasons: tuple[Reason, ...]
    rule: Rule


def clause_outputs(models: tuple[LogisticRegression, ...], matrix: Any) -> FloatArray:
    """Columns: P(class) for CLAUSE_CLASSES, then P(denied), then P(main)."""
    return StageHead(models).outputs(matrix)


class StageHead:
    """A stage's three logistic regressions side by side: one product gives every response,
    computed as predict_proba does, without its per-call input validation."""

    def __init__(self, models: tuple[LogisticRegression, ...]):
        self.coef = np.ascontiguousarray(np.hstack([m.coef_.T for m in models]))
        self.intercept = np.concatenate([m.intercept_ for m in models])

    def outputs(self, matrix: Any) -> FloatArray:
        return self.finish(np.asarray(matrix @ self.coef) + self.intercept)

    def outputs_of_rows(self, rows: list[tuple[IntArray, FloatArray]]) -> FloatArray:
        """outputs() of sparse rows given as (columns, values): cheaper for a few clauses."""
        return self.finish(np.vstack([values @ self.coef[columns] for columns, values in rows])
                           + self.intercept)

    def finish(self, responses: FloatArray) -> FloatArray:
        k = len(CLAUSE_CLASSES)
        label = np.exp(responses[:, :k] - responses[:, :k].max(axis=1, keepdims=True))
        return np.hstack([label / label.sum(axis=1, keepdims=True), expit(responses[:, k:])])


def in_context(outputs: FloatArray, counts: IntArray, whole: FloatArray) -> FloatArray:
    """Stage 2's input, one row per clause of texts with `counts` clauses each: its own,
    the previous and the next clause's outputs (zeros past a text's ends), the text's
    whole-text scores, and whether it is the first or the last clause."""
    ends = np.cumsum(counts)
    first = np.zeros(len(outputs), dtype=bool)
    first[ends[counts > 0] - counts[counts > 0]] = True
    last = np.zeros(len(outputs), dtype=bool)
    last[ends[counts > 0] - 1] = True
    previous = np.vstack([np.zeros((1, outputs.shape[1])), outputs[:-1]])
    following = np.vstack([outputs[1:], np.zeros((1, outputs.shape[1]))])
    previous[first] = 0.0
    following[last] = 0.0
    return np.hstack([outputs, previous, following, np.repeat(whole, counts, axis=0),
                      first[:, None], last[:, None]])


def text_features(whole: FloatArray, reasons: tuple[Reason, ...]) -> FloatArray:
    """The combiner's input for one text: whole-text scores, the rules' choice and its rule,
    and the strongest counted and denied clause score per label."""
    chosen = primary(reasons)
    choice = np.zeros(len(LABELS) + len(RULES))
    if chosen is not None:
        choice[LABELS.index(chosen[0])] = 1.0
        choice[len(LABELS) + RULES.index(chosen[1])] = 1.0
    counted, denied = np.zeros(len(LABELS)), np.zeros(len(LABELS))
    for reason in reasons:
        (denied if reason.denied else counted)[LABELS.index(reason.label)] = reason.score
    # Log-scores: the combiner can then stay as sure as the whole-text model where the rules
    # add nothing (probabilities as inputs squash its output towards the middle).
    return np.concatenate([np.log(np.maximum(whole, 1e-9)), choice, counted, denied])


@dataclass
class ReasonFinder:
    """The fitted stages; pickled into the model version's reasons.joblib."""

    vectorizer: SegmentVectorizer
    stage1: tuple[LogisticRegression, ...]
    stage2: tuple[LogisticRegression, ...]
    combiner: LogisticRegression | None
    min_score: float = 0.5  # a clause gives a reason when its label's probability reaches this

    def clauses(self, spans: list[list[Span]], texts: list[str],
                whole: FloatArray) -> list[list[Clause]]:
        counts = np.array([len(parts) for parts in spans], dtype=np.int64)
        flat = [text[a:b] for text, parts in zip(texts, spans) for a, b in parts]
        first_head, second_head = self.heads()
        if len(flat) <= _FEW_CLAUSES:
            first = first_head.outputs_of_rows([self.vectorizer.row(c) for c in flat])
        else:
            first = first_head.outputs(self.vectorizer.transform(flat))
        rows = iter(second_head.outputs(in_context(first, counts, whole)).tolist())
        return [[self.clause(span, next(rows)) for span in parts] for parts in spans]

    def clause(self, span: Span, row: list[float]) -> Clause:
        classes = row[: len(CLAUSE_CLASSES)]
        best = max(range(len(classes)), key=classes.__getitem__)
        label = CLAUSE_CLASSES[best]
        score = classes[best]
        if label == NONE or score < self.min_score:
            return Clause(span, None, score, False, False)
        denied, main = row[len(CLAUSE_CLASSES):]
        return Clause(span, label, score, denied >= 0.5, main >= 0.5)

    def decide(self, texts: list[str], whole: FloatArray) -> list[Decision]:
        """A decision per text: final scores, its reasons and the rule that chose its label.
        A text of one clause gives one reason: the whole-text model's, at no extra cost."""
        spans = [segments(text) for text in texts]
        several = [i for i, parts in enumerate(spans) if len(parts) > 1]
        rows = whole.tolist()
        decisions = [decision(text, row, ()) for text, row in zip(texts, rows)]
        if not several:
            return decisions
        picked = [texts[i] for i in several]
        found = [gather(c) for c in self.clauses([spans[i] for i in several], picked,
                                                 whole[several])]
        final = self.final_scores(whole[several], found)
        for i, row, reasons in zip(several, final.tolist(), found):
            decisions[i] = decision(texts[i], row, reasons)
        return decisions

    def final_scores(self, whole: FloatArray, found: list[tuple[Reason, ...]]) -> FloatArray:
        if self.combiner is None:
            return whole
        features = np.vstack([text_features(w, r) for w, r in zip(whole, found)])
        responses = features @ self.combiner.coef_.T + self.combiner.intercept_
        exps = np.exp(responses - responses.max(axis=1, keepdims=True))
        return np.asarray(exps / exps.sum(axis=1, keepdims=True), dtype=np.float64)

    def heads(self) -> tuple[StageHead, StageHead]:
        if "_heads" not in self.__dict__:
            self.__dict__["_heads"] = (StageHead(self.stage1), StageHead(self.stage2))
        return self.__dict__["_heads"]  # type: ignore[no-any-return]

    def __getstate__(self) -> dict[str, Any]:
        return {key: value for key, value in self.__dict__.items() if key != "_heads"}

    def prepare(self) -> "ReasonFinder":
        """Build the lookup tables now rather than on the first prediction."""
        self.vectorizer.transform(["準備"])
        self.heads()
        return self


def decision(text: str, scores: list[float], reasons: tuple[Reason, ...]) -> Decision:
    """The rules' reasons when they agree with the final label, else the whole text as the
    one reason (the combiner found the rules' evidence too weak to override)."""
    label = LABELS[max(range(len(scores)), key=scores.__getitem__)]
    chosen = primary(reasons) if reasons else None
    if chosen is not None and chosen[0] == label:
        return Decision(scores, reasons, chosen[1])
    whole = Reason(label, LABEL_JA[label], scores[LABELS.index(label)], ((0, len(text)),),
                   False, False)
    return Decision(scores, (whole,), Rule.SINGLE)
