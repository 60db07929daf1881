"""The inputs of the finder's later stages: a clause in its context, and a text's evidence.

A clause's meaning depends on more than its neighbours: 「…春に越します。決めたのはそれでは
なく、…」 denies a reason two clauses back, 「一番の理由は、」 points at the clause after it,
「それが一番の理由です。」 at the sentence before. So stage 2 sees the clause and the two
clauses on each side (their stage-1 outputs and cue words), the cue words of its sentence
and of the whole text, and the text's whole-text scores.
"""

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

    def shift(self, values: FloatArray, step: int) -> FloatArray:
        """Row i holds the row of clause i + step of the same text, zeros past its ends."""
        index = self.index + step
        valid = (index >= self.start) & (index < self.end)
        out = np.zeros_like(values)
        out[valid] = values[index[valid]]
        return out


def shifted(values: FloatArray, counts: IntArray, step: int) -> FloatArray:
    return Layout(counts).shift(values, step)


def _group_max(values: FloatArray, group: IntArray) -> FloatArray:
    """Each row replaced by the maximum over its group (groups are consecutive rows)."""
    starts = np.flatnonzero(np.r_[True, group[1:] != group[:-1]])
    maxima = np.maximum.reduceat(values, starts, axis=0)
    return np.asarray(maxima[np.cumsum(np.r_[True, group[1:] != group[:-1]]) - 1])


def in_context(outputs: FloatArray, cues: FloatArray, counts: IntArray,
               whole: FloatArray) -> FloatArray:
    """Stage 2's input, one row per clause of texts with `counts` clauses each."""
    layout = Layout(counts)
    own = np.hstack([outputs, cues])
    first = (layout.index == layout.start)[:, None]
    # A sentence starts a text or follows a clause that ends one.
    starts = first[:, 0] | (layout.shift(cues[:, [_SENTENCE_END]], -1)[:, 0] > 0)
    sentence = np.cumsum(starts)
    owner = np.cumsum(first[:, 0])
    stated = cues[:, [_MAIN, _DENIAL]]
    return np.hstack([own, *(layout.shift(own, step) for step in _REACH),
                      _group_max(stated, sentence), _group_max(stated, owner),
                      np.repeat(whole, counts, axis=0), first,
                      (layout.index == layout.end - 1)[:, None]])


def with_readings(context: FloatArray, second: FloatArray, counts: IntArray) -> FloatArray:
    """Stage 3's input: stage 2's, and stage 2's reading of the clause and its neighbours
    (a clause read as pointing back makes the one before it the main reason)."""
    layout = Layout(counts)
    return np.hstack([context, second, *(layout.shift(second, step) for step in _REACH)])


def text_features(whole: FloatArray, reasons: tuple[Reason, ...], clauses: list[Clause],
                  lexical: FloatArray) -> FloatArray:
    """The combiner's input for one text: whole-text log-scores, the rules' choice and its
    rule (and the choice when a main reason decided), the strongest counted, denied and
    main clause score per label, and the strongest clause score per label of the
    corpus-trained clause scorer (`lexical`)."""
    chosen = primary(reasons)
    choice = np.zeros(2 * len(LABELS) + len(RULES))
    if chosen is not None:
        choice[LABELS.index(chosen[0])] = 1.0
        choice[len(LABELS) + RULES.index(chosen[1])] = 1.0
        if chosen[1] == Rule.MAIN_REASON:
            choice[len(LABELS) + len(RULES) + LABELS.index(chosen[0])] = 1.0
    counted, denied, main = np.zeros(len(LABELS)), np.zeros(len(LABELS)), np.zeros(len(LABELS))
    for reason in reasons:
        (denied if reason.denied else counted)[LABELS.index(reason.label)] = reason.score
    for clause in clauses:
        if clause.label is not None and not clause.denied:
            at = LABELS.index(clause.label)
            main[at] = max(main[at], clause.main_score)
    # Log-scores: the combiner can then stay as sure as the whole-text model where the rules
    # add nothing (probabilities as inputs squash its output towards the middle).
    return np.concatenate([np.log(np.maximum(whole, 1e-9)), choice, counted, denied, main,
                           np.log(np.maximum(lexical, 1e-9))])
