"""The guideline's rules over a text's reasons: the stated main reason first, then the
priority order, denied reasons dropped (docs/labels.md, "When a text gives several reasons").
"""

from dataclasses import dataclass, replace

from henno.model.classifier import Reason, Rule
from henno.model.labels import LABEL_JA, PRIORITY
from henno.model.segments import Span


@dataclass(frozen=True)
class Clause:
    """One clause as the segment model read it."""

    span: Span
    label: str | None  # None: the clause gives no reason (a greeting, a detail)
    score: float
    denied: bool
    main: bool
    main_score: float = 0.0  # P(main) even below the threshold: the combiner weighs it


def gather(clauses: list[Clause]) -> tuple[Reason, ...]:
    """One Reason per label, in order of first appearance, with every span that carries it.

    A label is denied only when every clause giving it is denied: 「転勤もありますが、それは
    関係ありません」 denies it, but a later clause restating it counts."""
    # A text states one main reason: when several clauses read as main (「…けど、決め手は…」
    # makes the clause before look pointed at too), the surest one keeps it.
    mains = [c for c in clauses if c.main and c.label is not None and not c.denied]
    surest = max(mains, key=lambda c: (c.main_score, c.score)) if len(mains) > 1 else None
    if surest is not None:
        clauses = [c if c is surest or not c.main else replace(c, main=False) for c in clauses]
    grouped: dict[str, list[Clause]] = {}
    for clause in clauses:
        if clause.label is not None:
            grouped.setdefault(clause.label, []).append(clause)
    reasons = []
    for label, parts in grouped.items():
        counted = [part for part in parts if not part.denied]
        reasons.append(Reason(
            label=label, label_ja=LABEL_JA[label],
            score=max(part.score for part in (counted or parts)),
            spans=tuple(part.span for part in parts), denied=not counted,
            main=any(part.main for part in counted)))
    return tuple(reasons)


def primary(reasons: tuple[Reason, ...]) -> tuple[str, Rule] | None:
    """The primary label and the rule that chose it; None when no reason is counted."""
    counted = [reason for reason in reasons if not reason.denied]
    if not counted:
        return None
    marked = [reason for reason in counted if reason.main]
    if marked:
        return max(marked, key=lambda reason: reason.score).label, Rule.MAIN_REASON
    if len(counted) == 1:
        return counted[0].label, Rule.SINGLE
    return min((reason.label for reason in counted), key=PRIORITY.index), Rule.PRIORITY
