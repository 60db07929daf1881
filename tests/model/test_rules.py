"""The guideline's rules over found reasons: main reason, priority, denied ones dropped."""

import pytest

from henno.model.classifier import Rule
from henno.model.rules import Clause, gather, primary


def clause(label: str | None, start: int, denied: bool = False, main: bool = False,
           score: float = 0.9) -> Clause:
    return Clause((start, start + 1), label, score, denied, main)


@pytest.mark.parametrize(("clauses", "expected"), [
    ([clause("scandal", 0), clause("relocation", 1)], ("relocation", Rule.PRIORITY)),
    ([clause("relocation", 0), clause("scandal", 1)], ("relocation", Rule.PRIORITY)),
    ([clause("relocation", 0), clause("scandal", 1, main=True)], ("scandal", Rule.MAIN_REASON)),
    ([clause("relocation", 0, denied=True), clause("system_distrust", 1)],
     ("system_distrust", Rule.SINGLE)),
    ([clause("errors", 0), clause(None, 1), clause("errors", 2)], ("errors", Rule.SINGLE)),
    ([clause("other", 0, main=True, score=0.6), clause("errors", 1, main=True, score=0.8)],
     ("errors", Rule.MAIN_REASON)),
    ([clause("relocation", 0, denied=True)], None),
    ([clause(None, 0)], None),
    ([], None),
])
def test_primary_follows_the_rules(clauses: list[Clause],
                                   expected: tuple[str, Rule] | None) -> None:
    assert primary(gather(clauses)) == expected


def test_gather_keeps_order_spans_and_denial() -> None:
    reasons = gather([clause("scandal", 0), clause("relocation", 2, denied=True),
                      clause("scandal", 4, score=0.7), clause(None, 6)])
    assert [(r.label, r.spans, r.denied, r.score) for r in reasons] == [
        ("scandal", ((0, 1), (4, 5)), False, 0.9), ("relocation", ((2, 3),), True, 0.9)]


def test_a_restated_reason_counts_though_once_denied() -> None:
    reasons = gather([clause("relocation", 0, denied=True), clause("relocation", 2)])
    assert [(r.label, r.denied) for r in reasons] == [("relocation", False)]
