"""Marking the words an explanation names, in the text as typed."""

import pytest

from henno.model.explain import Contribution
from henno.service.ui.highlight import WordMark, segments, word_marks


def _word(text: str, start: int, weight: float) -> Contribution:
    return Contribution(text, text, "名詞", start, start + len(text), weight)


@pytest.mark.parametrize(("text", "words", "expected"), [
    ("転居のため転居届", [_word("転居", 0, 2.0), _word("転居届", 5, 1.0)],
     [("転居", "for"), ("のため", ""), ("転居届", "for")]),
    ("不信と転居", [_word("不信", 0, 1.0), _word("転居", 3, -1.0)],
     [("不信", "for"), ("と", ""), ("転居", "against")]),
    # below a quarter of the largest weight: left unmarked
    ("不祥事と報道", [_word("不祥事", 0, 1.0), _word("報道", 4, 0.2)],
     [("不祥事", "for"), ("と報道", "")]),
    ("その他", [], [("その他", "")]),
])
def test_segments_mark_the_explained_words(text: str, words: list[Contribution],
                                           expected: list[tuple[str, str]]) -> None:
    assert [(s.text, s.mark) for s in segments(text, words)] == expected


def test_word_marks_give_spans_and_weights_in_text_order() -> None:
    words = [_word("転居", 3, -0.5), _word("不信", 0, 1.0), _word("と", 2, 0.1)]
    assert word_marks(words) == [WordMark(0, 2, 1.0, "for"), WordMark(3, 5, -0.5, "against")]
