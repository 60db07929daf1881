"""Where each character of a normalised text comes from in the text as it was written.

normalize() folds width and case, redacts numbers and personal data and collapses spaces.
Each original character folded on its own gives almost the normalised text; what differs
(a placeholder for a phone number, a collapsed run of spaces) is aligned by difflib.
"""

import unicodedata
from difflib import SequenceMatcher

Span = tuple[int, int]


def _folded(text: str) -> tuple[str, list[int]]:
    pieces: list[str] = []
    origin: list[int] = []
    for index, char in enumerate(text):
        piece = unicodedata.normalize("NFKC", char).lower()
        pieces.append(piece)
        origin += [index] * len(piece)
    return "".join(pieces), origin


def origins(original: str, normalized: str) -> list[Span]:
    """For each character of `normalized`, the [start, end) of the original it stands for."""
    folded, origin = _folded(original)
    if folded == normalized:
        return [(i, i + 1) for i in origin]
    spans: list[Span] = [(0, 0)] * len(normalized)
    matcher = SequenceMatcher(None, normalized, folded, autojunk=False)
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == "equal":
            spans[i1:i2] = [(origin[j], origin[j] + 1) for j in range(j1, j2)]
        elif tag == "replace":  # a placeholder stands for all the characters it replaced
            spans[i1:i2] = [(origin[j1], origin[j2 - 1] + 1)] * (i2 - i1)
        elif tag == "insert":  # added by normalisation (a space): stands for nothing
            at = origin[j1] if j1 < len(origin) else len(original)
            spans[i1:i2] = [(at, at)] * (i2 - i1)
    return spans


def original_span(spans: list[Span], start: int, end: int) -> Span:
    """The original [start, end) of the normalised characters [start, end)."""
    return spans[start][0], max(spans[k][1] for k in range(start, end))
