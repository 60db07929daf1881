"""Behaviour of the several-reasons path on sentences written for these tests (not in data/):
the order of two reasons does not change the primary one, a stated main reason wins, a
denied reason is dropped, in Japanese and in English, and the listed reasons are right.

The bars are near the shares the current finder reaches (docs/model.md): they guard
against regressions; the goal (every case) is not met for stated main reasons and denials.
"""

import pytest

from henno.model.classifier import Classifier, Prediction

# (clause giving the reason, its label): Japanese and English, each usable in any position.
JA = [("来月県外へ引っ越すので", "relocation"), ("病院でカードが読み取れなかったし", "errors"),
      ("他人の証明書が出たという報道を見たので", "scandal"),
      ("国に個人情報を握られるのが不安なので", "system_distrust"),
      ("そもそも使う機会がないので", "other")]
EN = [("I am moving abroad next month", "relocation"),
      ("the card reader at my clinic kept failing", "errors"),
      ("the news kept reporting one scandal after another", "scandal"),
      ("I do not trust the government with my data", "system_distrust"),
      ("I simply never use it", "other")]
PRIORITY = ("relocation", "errors", "scandal", "system_distrust", "other")
PAIRS = [(a, b) for i, a in enumerate(JA) for b in JA[i + 1 :]]
EN_PAIRS = [(a, b) for i, a in enumerate(EN) for b in EN[i + 1 :]]
# Measured with cue words, wider context, a third clause stage, the corpus-trained clause
# scorer and one main reason per text (#11, second round): priority 1.00, main 0.60, denied
# 0.60, listed 1.00 (the first round: 0.95, 0.30, 0.05, 0.90).
BAR = {"priority": 0.95, "main": 0.70, "denied": 0.65, "listed": 0.95}


def counted(prediction: Prediction) -> set[str]:
    return {reason.label for reason in prediction.reasons if not reason.denied}


def share(hits: list[bool]) -> float:
    return sum(hits) / len(hits)


def first(a: str, b: str) -> str:
    return min(a, b, key=PRIORITY.index)


def test_swapping_two_reasons_keeps_the_primary(corpus_classifier: Classifier) -> None:
    texts = [f"{a}、{b}。" for (a, _), (b, _) in PAIRS]
    texts += [f"{b}、{a}。" for (a, _), (b, _) in PAIRS]
    texts += [f"{a}, and {b}." for (a, _), (b, _) in EN_PAIRS]
    texts += [f"{b}, and {a}." for (a, _), (b, _) in EN_PAIRS]
    expected = [first(x, y) for (_, x), (_, y) in PAIRS + PAIRS + EN_PAIRS + EN_PAIRS]
    labels = [p.label for p in corpus_classifier.predict(texts)]
    assert share([a == b for a, b in zip(labels, expected)]) >= BAR["priority"]


def test_a_stated_main_reason_wins(corpus_classifier: Classifier) -> None:
    texts = [f"{a}。一番の理由は{b.rstrip('のでしか')}ことです。" for (a, _), (b, _) in PAIRS]
    texts += [f"{a}. But the main reason is that {b}." for (a, _), (b, _) in EN_PAIRS]
    expected = [y for _, (_, y) in PAIRS + EN_PAIRS]
    labels = [p.label for p in corpus_classifier.predict(texts)]
    assert share([a == b for a, b in zip(labels, expected)]) >= BAR["main"]


def test_a_denied_reason_is_not_counted(corpus_classifier: Classifier) -> None:
    texts = [f"{a.rstrip('のでしか')}からではなく、{b}。" for (a, _), (b, _) in PAIRS]
    texts += [f"Not because {a}; {b}." for (a, _), (b, _) in EN_PAIRS]
    expected = [(x, y) for (_, x), (_, y) in PAIRS + EN_PAIRS]
    predictions = corpus_classifier.predict(texts)
    hits = [p.label == y and x not in counted(p) for p, (x, y) in zip(predictions, expected)]
    assert share(hits) >= BAR["denied"]


def test_the_listed_reasons_are_the_ones_given(corpus_classifier: Classifier) -> None:
    texts = [f"①{a} ②{b}" for (a, _), (b, _) in PAIRS]
    texts += [f"1. {a} 2. {b}" for (a, _), (b, _) in EN_PAIRS]
    expected = [{x, y} for (_, x), (_, y) in PAIRS + EN_PAIRS]
    predictions = corpus_classifier.predict(texts)
    assert share([counted(p) == e for p, e in zip(predictions, expected)]) >= BAR["listed"]


@pytest.mark.parametrize(("text", "label"), [
    ("来月引っ越す予定だし、ニュースで見た不祥事にもうんざりしたので", "relocation"),
    ("理由 1. 転勤 2. 暗証番号がわからない", "relocation"),
    ("The main reason is the wrong-account news, not my move next month.", "scandal"),
    ("昔から番号で管理されるのは好かんかったけど、決め手は他人の証明書が出たっていう報道",
     "scandal"),
    ("制度が信用できないとかではなく、単に使わないから", "other"),
    ("①仕事で海外へ ②不祥事が多い", "relocation"),
])
def test_the_issue_examples(corpus_classifier: Classifier, text: str, label: str) -> None:
    assert corpus_classifier.predict([text])[0].label == label


def test_every_reason_has_its_spans_in_the_text(corpus_classifier: Classifier) -> None:
    text = "来月引っ越す予定だし、ニュースで見た不祥事にもうんざりしたので"
    prediction = corpus_classifier.predict([text])[0]
    assert [(r.label, [text[a:b] for a, b in r.spans]) for r in prediction.reasons] == [
        ("relocation", ["来月引っ越す予定だし、"]),
        ("scandal", ["ニュースで見た不祥事にもうんざりしたので"])]
    assert prediction.rule.value == "priority"
