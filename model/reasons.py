"""Finding every reason of a text, and its primary one by the rules.

Three fitted stages, all linear, evaluated with numpy (no second MeCab pass):
1. per clause, from its character n-grams: which label it gives (or none), whether it
   denies it, whether it marks it as the main reason, and the label a scorer trained on
   the corpus's whole texts gives it (it knows the labels' words from many more rows);
2. per clause again, from stage 1's outputs for the clause and two clauses on each side,
   cue words (model/cues.py) of the clause, its neighbours, its sentence and its text, and
   the whole text's scores (model/reasons_context.py): 「それは関係ありません」 denies the
   clause before it; 「…が一番の理由です」 points back, 「一番の理由は、」 forward;
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
from henno.model.cues import cue_matrix
from henno.model.labels import LABEL_JA, LABELS
from henno.model.reasons_context import in_context, texts_features, with_readings
from henno.model.reasons_features import SegmentVectorizer
from henno.model.rules import Clause, gather, primary
from henno.model.segments import Span, segments

FloatArray = npt.NDArray[np.float64]
IntArray = npt.NDArray[np.int64]
NONE = "none"  # a clause that gives no reason
CLAUSE_CLASSES = (NONE, *LABELS)
# Stage 1's columns: P(class) for CLAUSE_CLASSES, P(denied), P(main), then the corpus-trained
# scorer's P(label) for LABELS (LEXICAL onwards).
LEXICAL = len(CLAUSE_CLASSES) + 2
_TINY = 1e-30
# A clause read as the main reason gives its likeliest label down to this probability (out
# of fold, rule styles: 0.844 at 0.5 as every clause, 0.852 at 0.05, 0.855 at 0.25 and 0.3).
_MAIN_LABEL_SCORE = 0.3
_FEW_CLAUSES = 8  # up to this many, dict lookups beat setting up the batch arrays


@dataclass(frozen=True)
class Decision:
    scores: list[float]  # final probabilities, LABELS order
    reasons: tuple[Reason, ...]
    rule: Rule


def clause_outputs(models: tuple[LogisticRegression, ...], matrix: Any) -> FloatArray:
    """Each model's probabilities side by side (one column for a yes/no model)."""
    return StageHead(models).outputs(matrix)


def product(matrix: Any, coef: FloatArray) -> FloatArray:
    """matrix @ coef. A dense one goes through einsum's own loop, not BLAS: OpenBLAS's second
    thread spins between these small products and took five times the finder's CPU time."""
    if isinstance(matrix, np.ndarray):
        return np.asarray(np.einsum("ij,jk->ik", matrix, coef), dtype=np.float64)
    return np.asarray(matrix @ coef)


class StageHead:
    """A stage's logistic regressions side by side: one product gives every response,
    computed as predict_proba does, without its per-call input validation."""

    def __init__(self, models: tuple[LogisticRegression, ...]):
        self.coef = np.ascontiguousarray(np.hstack([m.coef_.T for m in models]))
        self.intercept = np.concatenate([m.intercept_ for m in models])
        widths = [len(m.intercept_) for m in models]
        starts = np.cumsum([0, *widths[:-1]]).tolist()
        # The yes/no models' columns take one expit call between them; a slice when they are
        # adjacent, as they are in every stage (basic indexing costs less than a gather).
        yes_no = [a for a, w in zip(starts, widths) if w == 1]
        adjacent = yes_no == list(range(yes_no[0], yes_no[0] + len(yes_no))) if yes_no else False
        self.sigmoid: slice | IntArray = (slice(yes_no[0], yes_no[-1] + 1) if adjacent
                                          else np.array(yes_no, dtype=np.int64))
        self.softmax = [(a, a + w) for a, w in zip(starts, widths) if w > 1]
        self.any_sigmoid = bool(yes_no)

    def outputs(self, matrix: Any) -> FloatArray:
        return self.finish(product(matrix, self.coef) + self.intercept)

    def outputs_of_entries(self, rows: IntArray, columns: IntArray, values: FloatArray,
                           count: int) -> FloatArray:
        """outputs() of `count` sparse rows given as their non-zero (rows, columns, values),
        sorted by row: cheaper than a sparse matrix for a few clauses."""
        responses = np.zeros((count, self.coef.shape[1]))
        if rows.size:
            starts = np.flatnonzero(np.concatenate(((True,), rows[1:] != rows[:-1])))
            responses[rows[starts]] = np.add.reduceat(values[:, None] * self.coef[columns],
                                                      starts, axis=0)
        return self.finish(responses + self.intercept)

    def finish(self, responses: FloatArray) -> FloatArray:
        outputs = np.empty_like(responses)
        if self.any_sigmoid:
            outputs[:, self.sigmoid] = expit(responses[:, self.sigmoid])
        for start, end in self.softmax:
            outputs[:, start:end] = softmax(responses[:, start:end])
        # Probabilities near 1e-300 make the next stage's product of them with small weights
        # subnormal, which x86 computes about a hundred times slower; they add nothing.
        outputs[outputs < _TINY] = 0.0
        return outputs


def softmax(responses: FloatArray) -> FloatArray:
    """Row-wise, as predict_proba computes it; the ufuncs' reduce called without the
    ndarray.max/sum wrappers."""
    exps = np.exp(responses - np.maximum.reduce(responses, axis=1, keepdims=True))
    return np.asarray(exps / np.add.reduce(exps, axis=1, keepdims=True))


def text_starts(counts: IntArray) -> IntArray:
    return np.asarray(np.cumsum(counts) - counts, dtype=np.int64)


@dataclass
class ReasonFinder:
    """The fitted stages; pickled into the model version's reasons.joblib."""

    vectorizer: SegmentVectorizer
    stage1: tuple[LogisticRegression, ...]
    stage2: tuple[LogisticRegression, ...]
    combiner: LogisticRegression | None
    stage3: tuple[LogisticRegression, ...] = ()  # stage 2 again, seeing stage 2's readings
    min_score: float = 0.5  # a clause gives a reason when its label's probability reaches this

    def clauses(self, spans: list[list[Span]], texts: list[str], whole: FloatArray,
                lexical: FloatArray | None = None) -> tuple[list[list[Clause]], FloatArray]:
        """Every text's clauses as read in context, and per text the strongest score per
        label of the corpus-trained clause scorer. `lexical` replaces that scorer's outputs
        (out-of-fold ones, when the combiner is fitted on the corpus it was trained on)."""
        counts = np.array([len(parts) for parts in spans], dtype=np.int64)
        flat = [text[a:b] for text, parts in zip(texts, spans) for a, b in parts]
        first_head, second_head = self.heads()
        if len(flat) <= _FEW_CLAUSES:
            first = first_head.outputs_of_entries(*self.vectorizer.entries(flat), len(flat))
        else:
            first = first_head.outputs(self.vectorizer.transform(flat))
        if lexical is not None:
            first[:, LEXICAL:] = lexical
        context = in_context(first, cue_matrix(flat, counts), counts, whole)
        second = second_head.outputs(context)
        if self.stage3:
            second = self.third_head().outputs(with_readings(context, second, counts))
        readings = iter(self.readings(second))
        found = [[self.read(span, *next(readings)) for span in parts] for parts in spans]
        return found, np.maximum.reduceat(first[:, LEXICAL:], text_starts(counts), axis=0)

    @staticmethod
    def readings(outputs: FloatArray) -> "zip[tuple[int, float, float, float, int, float]]":
        """Per clause: its best class (the first of equals, as max() picks), that class's
        probability, P(denied), P(main), and its likeliest label with that label's
        probability; clause() of every row, in a few array calls."""
        classes = outputs[:, : len(CLAUSE_CLASSES)]
        rows = np.arange(len(classes))
        best = classes.argmax(axis=1)
        likeliest = classes[:, 1:].argmax(axis=1) + 1  # CLAUSE_CLASSES[0] is NONE
        return zip(best.tolist(), classes[rows, best].tolist(),
                   outputs[:, len(CLAUSE_CLASSES)].tolist(),
                   outputs[:, len(CLAUSE_CLASSES) + 1].tolist(),
                   likeliest.tolist(), classes[rows, likeliest].tolist())

    def clause(self, span: Span, row: list[float]) -> Clause:
        classes = row[: len(CLAUSE_CLASSES)]
        best = max(range(len(classes)), key=classes.__getitem__)
        likeliest = max(range(1, len(classes)), key=classes.__getitem__)
        denied, main = row[len(CLAUSE_CLASSES) : LEXICAL]
        return self.read(span, best, classes[best], denied, main, likeliest,
                         classes[likeliest])

    def read(self, span: Span, best: int, score: float, denied: float, main: float,
             likeliest: int, likeliest_score: float) -> Clause:
        if best == 0 or score < self.min_score:  # CLAUSE_CLASSES[0] is NONE
            if main >= 0.5 and likeliest_score >= _MAIN_LABEL_SCORE:
                # The words that state a main reason (一番大きいのは…) crowd out the label's.
                return Clause(span, CLAUSE_CLASSES[likeliest], likeliest_score,
                              denied >= 0.5, True, main)
            return Clause(span, None, score, False, False, main)
        return Clause(span, CLAUSE_CLASSES[best], score, denied >= 0.5, main >= 0.5, main)

    def decide(self, texts: list[str], whole: FloatArray) -> list[Decision]:
        """A decision per text: final scores, its reasons and the rule that chose its label.
        A text of one clause gives one reason: the whole-text model's, at no extra cost."""
        spans = [segments(text) for text in texts]
        several = [i for i, parts in enumerate(spans) if len(parts) > 1]
        rows = whole.tolist()
        if not several:
            return [decision(text, row, ()) for text, row in zip(texts, rows)]
        picked = [texts[i] for i in several]
        clauses, lexical = self.clauses([spans[i] for i in several], picked, whole[several])
        found = [gather(c) for c in clauses]
        final = self.final_scores(whole[several], found, clauses, lexical)
        read = iter(zip(final.tolist(), found))
        return [decision(text, *next(read)) if len(parts) > 1 else decision(text, row, ())
                for text, row, parts in zip(texts, rows, spans)]

    def final_scores(self, whole: FloatArray, found: list[tuple[Reason, ...]],
                     clauses: list[list[Clause]], lexical: FloatArray) -> FloatArray:
        if self.combiner is None:
            return whole
        features = texts_features(whole, found, clauses, lexical)
        return softmax(product(features, self.combiner.coef_.T) + self.combiner.intercept_)

    def heads(self) -> tuple[StageHead, StageHead]:
        if "_heads" not in self.__dict__:
            self.__dict__["_heads"] = (StageHead(self.stage1), StageHead(self.stage2))
        return self.__dict__["_heads"]  # type: ignore[no-any-return]

    def third_head(self) -> StageHead:
        if "_third" not in self.__dict__:
            self.__dict__["_third"] = StageHead(self.stage3)
        return self.__dict__["_third"]  # type: ignore[no-any-return]

    def __getstate__(self) -> dict[str, Any]:
        return {key: value for key, value in self.__dict__.items()
                if key not in ("_heads", "_third")}

    def prepare(self) -> "ReasonFinder":
        """Build the lookup tables now rather than on the first prediction."""
        self.vectorizer.transform(["準備"])
        self.heads()
        if self.stage3:
            self.third_head()
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
