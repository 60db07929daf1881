"""Marking the words that drove a decision in the text the clerk typed.

Explanations name features of the normalised text (lemmas, character n-grams). Each original
character is normalised on its own (NFKC, lower case), so a match in the normalised text
points back at the characters the clerk sees; each feature's weight is spread over the
characters it covers.
"""

import unicodedata
from dataclasses import dataclass
from typing import Literal

from henno.model.explain import Contribution

Mark = Literal["for", "against", ""]
# A character is marked when its weight reaches this share of the largest weight.
MARK_SHARE = 0.25


@dataclass(frozen=True)
class Segment:
    text: str
    mark: Mark


def _normalised_with_origin(text: str) -> tuple[str, list[int]]:
    pieces, origin = [], []
    for index, char in enumerate(text):
        piece = unicodedata.normalize("NFKC", char).lower()
        pieces.append(piece)
        origin += [index] * len(piece)
    return "".join(pieces), origin


def _occurrences(haystack: str, needle: str) -> list[int]:
    found, start = [], haystack.find(needle)
    while needle and start >= 0:
        found.append(start)
        start = haystack.find(needle, start + 1)
    return found


def character_weights(text: str, contributions: list[Contribution]) -> list[float]:
    normalised, origin = _normalised_with_origin(text)
    weights = [0.0] * len(text)
    for contribution in contributions:
        # Word features are lemma n-grams ("a b"); where a lemma is written as in the text
        # (most nouns) it is found, otherwise its character n-grams usually are.
        parts = contribution.feature.split(" ") if contribution.kind == "word" else [
            contribution.feature]
        for part in parts:
            # Character n-grams may hold the spaces around a word; only its letters are marked.
            needle = part.strip()
            for start in _occurrences(normalised, needle):
                covered = sorted({origin[i] for i in range(start, start + len(needle))})
                for index in covered:
                    weights[index] += contribution.weight / len(covered)
    return weights


def segments(text: str, contributions: list[Contribution]) -> list[Segment]:
    """The text cut into runs marked "for" (pushed towards the label), "against" or not."""
    weights = character_weights(text, contributions)
    largest = max((abs(w) for w in weights), default=0.0)
    marks: list[Mark] = []
    for weight in weights:
        if largest and weight >= MARK_SHARE * largest:
            marks.append("for")
        elif largest and weight <= -MARK_SHARE * largest:
            marks.append("against")
        else:
            marks.append("")
    result: list[Segment] = []
    for char, mark in zip(text, marks):
        if result and result[-1].mark == mark:
            result[-1] = Segment(result[-1].text + char, mark)
        else:
            result.append(Segment(char, mark))
    return result
