"""Where the words of a normalised text are in the text as it was written.

normalize() folds width and case, redacts numbers and personal data and collapses spaces.
Each original character folded on its own gives the normalised text's words verbatim, so
each word is found by a search from where the previous one ended: linear, and a word whose
characters normalisation changed (a placeholder, a composed accent) is simply not found.
"""

import unicodedata

Span = tuple[int, int]


def _folded(text: str) -> tuple[str, list[int]]:
    pieces: list[str] = []
    origin: list[int] = []
    for index, char in enumerate(text):
        piece = unicodedata.normalize("NFKC", char).lower()
        pieces.append(piece)
        origin += [index] * len(piece)
    return "".join(pieces), origin


def locate(original: str, words: list[str]) -> list[Span | None]:
    """The [start, end) in `original` of each word of its normalised text, in order."""
    folded, origin = _folded(original)
    spans: list[Span | None] = []
    cursor = 0
    for word in words:
        at = folded.find(word, cursor) if word else -1
        if at < 0:
            spans.append(None)
            continue
        cursor = at + len(word)
        spans.append((origin[at], origin[cursor - 1] + 1))
    return spans
