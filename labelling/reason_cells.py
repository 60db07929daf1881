"""The column of every reason a form counts (denied ones never listed): `reasons` for programs
(relocation;scandal, a list in JSON Lines), 理由（すべて） for people (転居、相次ぐ不祥事).

Reasons are listed in the labels' priority order, not as the text gives them: the same set is
always the same cell, so an Excel filter or pivot table counts it once. People's cells
separate them with 「、」: 「・」 is inside a label's own name (誤り・不具合), so a clerk who split
「転居・誤り・不具合」 on it found three reasons. Cells written with 「・」 by 0.4 still read."""

import re
from collections.abc import Iterable
from typing import Any

from henno.model.classifier import Prediction
from henno.model.labels import LABEL_JA, PRIORITY, label_from_text

REASONS_EN = "reasons"
REASONS_JA = "理由（すべて）"
SEPARATOR_EN = ";"
SEPARATOR_JA = "、"
_OLD_SEPARATOR_JA = "・"  # henno 0.3–0.4 wrote 転居・相次ぐ不祥事
# A cell a clerk edited may separate reasons with any of these; 「・」 is handled apart, as a
# label's own name holds it (誤り・不具合).
_SEPARATORS = re.compile(r"[;；,，、/／\s]+")


def counted_reasons(prediction: Prediction) -> list[str]:
    """The labels of the reasons the prediction counts, each once, in priority order."""
    return _in_priority_order([r.label for r in prediction.reasons if not r.denied])


def _in_priority_order(labels: list[str]) -> list[str]:
    return sorted(dict.fromkeys(labels), key=PRIORITY.index)


def reasons_text(labels: list[str], japanese: bool) -> str:
    """relocation;scandal, or 転居、相次ぐ不祥事 for people, in priority order; "" for none."""
    ordered = _in_priority_order(labels)
    if japanese:
        return SEPARATOR_JA.join(LABEL_JA[label] for label in ordered)
    return SEPARATOR_EN.join(ordered)


def reasons_list(labels: list[str], japanese: bool) -> list[str]:
    """A JSON Lines record's value: the codes, or the Japanese names for people."""
    ordered = _in_priority_order(labels)
    return [LABEL_JA[label] for label in ordered] if japanese else ordered


def parse_reasons(value: Any) -> tuple[list[str], list[str]]:
    """(the labels a reasons cell names, the parts that name no label). The cell is a list
    (JSON Lines) or text in either set's form, as written or as a clerk edited it."""
    parts: Iterable[Any] = value if isinstance(value, list) else [value]
    labels: list[str] = []
    unknown: list[str] = []
    for part in parts:
        for piece in _SEPARATORS.split(str(part or "")):
            if piece:
                _parse_piece(piece, labels, unknown)
    return list(dict.fromkeys(labels)), unknown


def _parse_piece(piece: str, labels: list[str], unknown: list[str]) -> None:
    """転居・誤り・不具合 -> relocation, errors: the longest run of 「・」-joined words that
    names a label, from left to right."""
    words = piece.split(_OLD_SEPARATOR_JA)
    start = 0
    while start < len(words):
        for end in range(len(words), start, -1):
            label = label_from_text(_OLD_SEPARATOR_JA.join(words[start:end]))
            if label is not None:
                labels.append(label)
                start = end
                break
        else:
            if words[start].strip():
                unknown.append(words[start])
            start += 1
