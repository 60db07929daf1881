"""Stage 2's view of a clause: its neighbours within its own text only, its sentence's cues."""

import numpy as np
import pytest

from henno.model.cues import CUE_NAMES
from henno.model.reasons_context import in_context, shifted

COUNTS = np.array([3, 1, 2])  # three texts: clauses 0-2, 3, 4-5


@pytest.mark.parametrize(("step", "expected"), [
    (-1, [0, 1, 2, 0, 0, 5]),
    (1, [2, 3, 0, 0, 6, 0]),
    (2, [3, 0, 0, 0, 0, 0]),
    (-2, [0, 0, 1, 0, 0, 0]),
])
def test_shifted_stays_within_a_text(step: int, expected: list[int]) -> None:
    values = np.arange(1.0, 7.0)[:, None]
    assert shifted(values, COUNTS, step)[:, 0].tolist() == expected


def test_a_denial_reaches_every_clause_of_its_sentence_only() -> None:
    cues = np.zeros((6, len(CUE_NAMES)))
    cues[0, CUE_NAMES.index("sentence_end")] = 1.0  # text 0: 「…。」 then a sentence of two
    cues[2, CUE_NAMES.index("denial")] = 1.0
    outputs = np.zeros((6, 2))
    rows = in_context(outputs, cues, COUNTS, np.zeros((3, 5)))
    width = outputs.shape[1] + len(CUE_NAMES)
    sentence_denial = rows[:, 5 * width + 1]
    text_denial = rows[:, 5 * width + 3]
    assert sentence_denial.tolist() == [0, 1, 1, 0, 0, 0]
    assert text_denial.tolist() == [1, 1, 1, 0, 0, 0]
    assert rows.shape == (6, 5 * width + 4 + 5 + 2)
