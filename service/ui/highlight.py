"""Marking the words that drove a decision in the text the clerk typed.

model.explain gives content words with their [start, end) in the text as typed and the
weight they carried; the words carrying a good share of the largest weight are marked.
"""

from dataclasses import dataclass
from typing import Literal

from henno.model.explain import Contribution

Mark = Literal["for", "against", ""]
# A word is marked when its weight reaches this share of the largest weight.
MARK_SHARE = 0.25


@dataclass(frozen=True)
class WordMark:
    """A word to mark: its [start, end) in the text as typed, weight and direction."""

    start: int
    end: int
    weight: float
    mark: Mark


@dataclass(frozen=True)
class Segment:
    text: str
    mark: Mark


def word_marks(contributions: list[Contribution]) -> list[WordMark]:
    """The words worth marking, in the order of the text."""
    largest = max((abs(c.weight) for c in contributions), default=0.0)
    marks = []
    for c in sorted(contributions, key=lambda c: c.start):
        if largest and abs(c.weight) >= MARK_SHARE * largest:
            marks.append(WordMark(c.start, c.end, c.weight, "for" if c.weight > 0 else "against"))
    return marks


def segments(text: str, contributions: list[Contribution]) -> list[Segment]:
    """The text cut into runs marked "for" (pushed towards the label), "against" or not."""
    result: list[Segment] = []
    done = 0
    for word in word_marks(contributions):
        if word.start < done:  # explanations never overlap; a stale one is left unmarked
            continue
        if word.start > done:
            result.append(Segment(text[done : word.start], ""))
        result.append(Segment(text[word.start : word.end], word.mark))
        done = word.end
    if done < len(text):
        result.append(Segment(text[done:], ""))
    return result
