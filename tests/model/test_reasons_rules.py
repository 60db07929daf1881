"""A text states one main reason: of several clauses read as main, the surest one keeps it."""

import pytest

from henno.model.classifier import Rule
from henno.model.rules import Clause, gather, primary


def main_clause(label: str, start: int, main_score: float, score: float = 0.9) -> Clause:
    return Clause((start, start + 1), label, score, False, main_score >= 0.5, main_score)


@pytest.mark.parametrize(("clauses", "expected", "mains"), [
    # 「…好かんかったけど、決め手は…報道」: both read as main, the second surer.
    ([main_clause("system_distrust", 0, 0.6, score=1.0), main_clause("scandal", 1, 0.9)],
     ("scandal", Rule.MAIN_REASON), ["scandal"]),
    ([main_clause("relocation", 0, 0.95), main_clause("other", 1, 0.7)],
     ("relocation", Rule.MAIN_REASON), ["relocation"]),
    ([main_clause("errors", 0, 0.2), main_clause("scandal", 1, 0.3)],
     ("errors", Rule.PRIORITY), []),
])
def test_only_the_surest_main_clause_stays_main(clauses: list[Clause],
                                                 expected: tuple[str, Rule],
                                                 mains: list[str]) -> None:
    reasons = gather(clauses)
    assert primary(reasons) == expected
    assert [reason.label for reason in reasons if reason.main] == mains
