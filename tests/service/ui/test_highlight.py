"""Marking the characters that features point at, in the text as typed."""

import pytest

from henno.model.explain import Contribution
from henno.service.ui.highlight import character_weights, segments


def test_char_feature_marks_its_characters_in_full_width_text() -> None:
    # ＡＢ is folded to "ab" by NFKC and lower case, as the model's features are.
    weights = character_weights("xＡＢy", [Contribution("ab", "char", 1.0)])
    assert weights == pytest.approx([0.0, 0.5, 0.5, 0.0])


def test_word_feature_marks_each_lemma_it_names() -> None:
    marked = segments("転居のため転居届", [Contribution("転居 届", "word", 2.0)])
    assert [(s.text, s.mark) for s in marked] == [
        ("転居", "for"), ("のため", ""), ("転居届", "for")]


def test_negative_weights_are_marked_against() -> None:
    marked = segments("不信と転居", [Contribution("不信", "char", 1.0),
                                    Contribution("転居", "char", -1.0)])
    assert [(s.text, s.mark) for s in marked] == [("不信", "for"), ("と", ""),
                                                   ("転居", "against")]


def test_no_contribution_leaves_the_text_unmarked() -> None:
    assert [(s.text, s.mark) for s in segments("その他", [])] == [("その他", "")]


def test_spaces_around_a_char_feature_are_not_counted() -> None:
    # A character n-gram of the normalised text may carry a space at a word's edge.
    weights = character_weights("制度 不信 し", [Contribution(" し", "char", 1.0),
                                               Contribution("度 ", "char", 1.0)])
    assert weights == pytest.approx([0.0, 1.0, 0.0, 0.0, 0.0, 0.0, 1.0])
