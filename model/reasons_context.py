"""The inputs of the finder's later stages: a clause in its context, and a text's evidence.

A clause's meaning depends on more than its neighbours: 「…春に越します。決めたのはそれでは
なく、…」 denies a reason two clauses back, 「一番の理由は、」 points at the clause after it,
「それが一番の理由です。」 at the sentence before. So stage 2 sees the clause and the two
clauses on each side (their stage-1 outputs and cue words), the cue words of its sentence
and of the whole text, and the text's whole-text scores.
"""

import functools

import numpy as np
import numpy.typing as npt

from henno.model.classifier import Reason, Rule
from henno.model.cues import CUE_NAMES
from henno.model.labels import LABELS
from henno.model.rules import Clause, primary

FloatArray = npt.NDArray[np.float64]
IntArray = npt.NDArray[np.int64]
RULES = tuple(Rule)
_MAIN, _DENIAL, _SENTENCE_END = (CUE_NAMES.index(name) for name in
                                 ("main", "denial", "sentence_end"))
_REACH = (-2, -1, 1, 2)  # the neighbours a clause sees
_ZERO = np.zeros(1)


class Layout:
    """Where each clause's text starts and ends, computed once per batch: every stage shifts
    by the same offsets (one text costs about twenty of these shifts)."""

    def __init__(self, counts: IntArray):
        self.counts = counts
        owner = np.repeat(np.arange(len(counts)), counts)
        ends = np.cumsum(counts)
        self.index = np.arange(int(ends[-1]) if len(ends) else 0)
        self.start = (ends - counts)[owner]
        self.end = ends[owner]
        # Row i, then row i + step for each step of _REACH, of a copy of the values with a
        # zero row appended: that row stands for a neighbour past the text's ends.
        steps = self.index[:, None] + np.array((0, *_REACH))
        inside = (steps >= self.start[:, None]) & (steps < self.end[:, None])
        self.reach = np.where(inside, steps, self.index.size)
        self.owner = owner
        self.first = self.index == self.start
        self.edges = np.column_stack([self.first, self.index == self.end - 1]).astype(np.float64)
        self.first_rows = np.flatnonzero(self.first)
        self.text_of_row = np.cumsum(self.first) - 1

    def shift(self, values: FloatArray, step: int) -> FloatArray:
        """Row i holds the row of clause i + step of the same text, zeros past its ends."""
        index = self.index + step
        valid = (index >= self.start) & (index < self.end)
        out = np.zeros_like(values)
        out[valid] = values[index[valid]]
        return out

    def around(self, values: FloatArray) -> FloatArray:
        """hstack of values and shift(values, step) for each step of _REACH, in one gather."""
        padded = np.concatenate((values, np.zeros((1, values.shape[1]))))
        return np.asarray(padded[self.reach].reshape(len(values), -1))

    def before(self, column: FloatArray) -> FloatArray:
        """shift(column, -1) of one column."""
        return np.concatenate((column, _ZERO))[self.reach[:, 1 + _REACH.index(-1)]]

    def text_max(self, values: FloatArray) -> FloatArray:
        """Each row replaced by the maximum over its text's rows."""
        maxima = np.maximum.reduceat(values, self.first_rows, axis=0)
        return maxima[self.text_of_row]  # type: ignore[no-any-return]


@functools.lru_cache(maxsize=64)
def _one_text(count: int) -> Layout:
    return Layout(np.array([count], dtype=np.int64))


def _layout(counts: IntArray) -> Layout:
    """Layout(counts), kept for a single text: one prediction costs about ten array calls
    less (its arrays are only read)."""
    return _one_text(int(counts[0])) if len(counts) == 1 else Layout(counts)


def shifted(values: FloatArray, counts: IntArray, step: int) -> FloatArray:
    return Layout(counts).shift(values, step)


def _group_max(values: FloatArray, group: IntArray) -> FloatArray:
    """Each row replaced by the maximum over its group (groups are consecutive rows)."""
    new = np.ones(len(group), dtype=bool)
    np.not_equal(group[1:], group[:-1], out=new[1:])
    maxima = np.maximum.reduceat(values, np.flatnonzero(new), axis=0)
    return np.asarray(maxima[np.cumsum(new) - 1])


def in_context(outputs: FloatArray, cues: FloatArray, counts: IntArray,
               whole: FloatArray) -> FloatArray:
    """Stage 2's input, one row per clause of texts with `counts` clauses each."""
    layout = _layout(counts)
    own = np.concatenate((outputs, cues), axis=1)  # hstack without its per-array calls
    # A sentence starts a text or follows a clause that ends one.
    starts = layout.first | (layout.before(cues[:, _SENTENCE_END]) > 0)
    stated = cues[:, [_MAIN, _DENIAL]]
    return np.concatenate([layout.around(own), _group_max(stated, np.cumsum(starts)),
                           layout.text_max(stated), whole[layout.owner], layout.edges], axis=1)


def with_readings(context: FloatArray, second: FloatArray, counts: IntArray) -> FloatArray:
    """Stage 3's input: stage 2's, and stage 2's reading of the clause and its neighbours
    (a clause read as pointing back makes the one before it the main reason)."""
    layout = _layout(counts)
    return np.concatenate((context, layout.around(second)), axis=1)


def texts_features(whole: FloatArray, found: list[tuple[Reason, ...]],
                   clauses: list[list[Clause]], lexical: FloatArray) -> FloatArray:
    """The combiner's input, one row per text: whole-text log-scores, the rules' choice and its
    rule (and the choice when a main reason decided), the strongest counted, denied and
    main clause score per label, and the strongest clause score per label of the
    corpus-trained clause scorer (`lexical`)."""
    rules = np.array([_rules_features(*parts) for parts in zip(found, clauses)],
                     dtype=np.float64).reshape(len(found), 5 * len(LABELS) + len(RULES))
    # Log-scores: the combiner can then stay as sure as the whole-text model where the rules
    # add nothing (probabilities as inputs squash its output towards the middle).
    return np.concatenate([np.log(np.maximum(whole, 1e-9)), rules,
                           np.log(np.maximum(lexical, 1e-9))], axis=1)


def _rules_features(reasons: tuple[Reason, ...], clauses: list[Clause]) -> list[float]:
    chosen = primary(reasons)
    choice = [0.0] * (2 * len(LABELS) + len(RULES))
    if chosen is not None:
        choice[LABELS.index(chosen[0])] = 1.0
        choice[len(LABELS) + RULES.index(chosen[1])] = 1.0
        if chosen[1] == Rule.MAIN_REASON:
            choice[len(LABELS) + len(RULES) + LABELS.index(chosen[0])] = 1.0
    counted, denied, main = [0.0] * len(LABELS), [0.0] * len(LABELS), [0.0] * len(LABELS)
    for reason in reasons:
        (denied if reason.denied else counted)[LABELS.index(reason.label)] = reason.score
    for clause in clauses:
        if clause.label is not None and not clause.denied:
            at = LABELS.index(clause.label)
            main[at] = max(main[at], clause.main_score)
    return choice + counted + denied + main
