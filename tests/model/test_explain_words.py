"""Word-level explanations: content words only, exact sums, spans into the text as written."""

import pytest

from henno.model.alignment import locate
from henno.model.classifier import Classifier
from henno.model.explain import FUNCTION_POS1, explain, feature_contributions, word_weights
from henno.model.normalize import normalize
from henno.model.tokenizer import JapaneseTokenizer
from henno.model.words import tagged_words
from tests.conftest import TEST_CSV, read_rows

# Words, lemmas and parts of speech below are those of unidic-lite 1.0.8; the names and
# numbers are fictional.
DECIDING_WORDS = [
    ("来月、夫の転勤で大阪に引っ越すため返納します", "relocation", {"引っ越す", "転勤"}),
    ("住民票を移したので", "relocation", {"住民票", "移し"}),
    ("ニュースで不祥事を見て不安になった", "scandal", {"不祥事", "ニュース"}),
    ("ﾏｲﾅ保険証の誤登録が怖い", "errors", {"誤登録", "ﾏｲﾅ保険証"}),
    ("I am moving abroad next month", "relocation", {"moving", "abroad"}),
]


@pytest.mark.parametrize(("text", "label", "expected"), DECIDING_WORDS)
def test_explain_marks_the_content_words_that_decide(
        corpus_classifier: Classifier, text: str, label: str, expected: set[str]) -> None:
    assert corpus_classifier.predict([text])[0].label == label
    top = explain(corpus_classifier, text, label, top=3)
    assert expected <= {c.text for c in top}
    assert all(c.weight > 0 for c in top if c.text in expected)


@pytest.mark.parametrize(("text", "never"), [
    ("佐藤花子の代理です。電話090-0000-0000、引っ越しのため", {"佐藤", "花子", "090", "phone"}),
    ("引っ越しのため返納します", {"の", "ため", "し", "ます"}),
    ("I am moving because of the news", {"I", "am", "because", "of", "the"}),
])
def test_explain_never_marks_names_numbers_or_function_words(
        corpus_classifier: Classifier, text: str, never: set[str]) -> None:
    label = corpus_classifier.predict([text])[0].label
    found = explain(corpus_classifier, text, label, top=None)
    assert found
    assert not {c.text for c in found} & never


def test_explanations_point_at_content_words_of_the_text_as_written(
        corpus_classifier: Classifier) -> None:
    for text, _ in read_rows(TEST_CSV)[:300]:
        label = corpus_classifier.predict([text])[0].label
        for c in explain(corpus_classifier, text, label, top=None):
            assert text[c.start : c.end] == c.text
            assert c.text.strip() == c.text != ""
            assert c.pos not in FUNCTION_POS1


def test_word_weights_add_up_to_the_feature_contributions(
        corpus_classifier: Classifier) -> None:
    # Without spaces every n-gram lies on words: nothing is dropped, so the sums are equal.
    texts = [t for t, _ in read_rows(TEST_CSV) if " " not in normalize(t)][:200]
    for text in texts:
        normalized = normalize(text)
        _, weights = word_weights(corpus_classifier, normalized, "scandal")
        total = sum(feature_contributions(corpus_classifier, normalized, "scandal").values())
        assert sum(weights) == pytest.approx(total, abs=1e-9)


@pytest.mark.parametrize("mode", ["lemma", "surface"])
def test_tagged_words_agree_with_the_tokenizer_on_the_test_set(mode: str) -> None:
    tokenizer = JapaneseTokenizer(mode)  # type: ignore[arg-type]
    for text, _ in [*read_rows(TEST_CSV), ("山田太郎です。マイナ保険証を返します", "")]:
        normalized = normalize(text)
        analysis = tokenizer.analyze(normalized)
        words, analysed = tagged_words(normalized, tokenizer.mode)
        assert analysed == analysis.text
        assert sum(word.tokens for word in words) == len(analysis.tokens)


@pytest.mark.parametrize(("original", "words", "expected"), [
    ("ﾏｲﾅ保険証", ["マイナ", "保険", "証"], ["ﾏｲﾅ", "保険", "証"]),  # width folded per character
    ("ＡＢＣ  転居", ["abc", "転居"], ["ＡＢＣ", "転居"]),  # two spaces collapsed into one
    ("電話090-0000-0000で転居", ["電話", "#", "phone", "#", "で", "転居"],
     ["電話", None, None, None, "で", "転居"]),  # a placeholder is not in the text
])
def test_locate_finds_normalised_words_in_the_text_as_written(
        original: str, words: list[str], expected: list[str | None]) -> None:
    spans = locate(original, words)
    assert [original[s[0] : s[1]] if s else None for s in spans] == expected


def test_locate_is_linear_on_a_text_normalisation_rewrites_everywhere() -> None:
    # difflib took minutes on this (every digit becomes 0); a search per word does not.
    text = "1 " * 2500
    assert locate(text, ["0"] * 2500) == [None] * 2500
