"""理由を判定 shows every reason: its words marked in its label's colour with the label's
name, denied ones struck through and excluded, and the rule's decision in plain Japanese."""

import re
from typing import Any

import pytest
from fastapi.testclient import TestClient

from henno.model.classifier import Reason
from henno.service.ui.reasons_view import reason_parts, review_sentence
from tests.service.ui.conftest import page_csrf
from tests.several_reasons import several_reasons

__all__ = ["several_reasons"]

PRIORITY = ("理由が複数あるため、優先順位（転居 → 誤り・不具合 → 相次ぐ不祥事 → 制度への不信 → "
            "その他）により転居と判定しました。")
MAIN = "「一番の理由」のように主な理由が書かれているため、相次ぐ不祥事と判定しました。"
REVIEW_MEANING = ("「要確認」は判定が外れているおそれが比較的高い結果に付く印で、印の付かない判定は"
                  "検証で{}以上が正しくなるよう基準を決めています。")


def _section(html: str, element_id: str, end: str) -> str:
    return html.split(f'id="{element_id}">')[1].split(end)[0]


def _text(html: str) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]*>", "", html)).strip()


@pytest.mark.usefixtures("several_reasons")
@pytest.mark.parametrize(("text", "marked", "decision", "lines"), [
    ("来月引っ越す予定だし、不祥事にもうんざりしたので",
     ['<mark class="reason reason-relocation">引っ越<span class="reason-name">転居</span></mark>',
      '<mark class="reason reason-scandal">不祥事<span class="reason-name">相次ぐ不祥事</span>'
      '</mark>'],
     PRIORITY,
     ["転居 「引っ越」 — 判定に選ばれた理由です",
      "相次ぐ不祥事 「不祥事」 — 理由に含まれます（複数回答の集計で数えます）"]),
    ("一番の理由は不祥事です。転勤もあります",
     ['<mark class="reason reason-scandal">不祥事<span class="reason-name">相次ぐ不祥事</span>'],
     MAIN,
     ["相次ぐ不祥事 「不祥事」 — 主な理由として書かれています",
      "転居 「転勤」 — 理由に含まれます（複数回答の集計で数えます）"]),
    ("引っ越しではなく、不祥事です",
     ['<mark class="reason reason-relocation denied"><s>引っ越</s>'
      '<span class="reason-name">転居（除外）</span></mark>'],
     "数える理由は 1 つのため、相次ぐ不祥事と判定しました。"
     "転居は「〜ではなく」のように否定されているため除外しました。",
     ["転居 「引っ越」 — 否定されているため除外",
      "相次ぐ不祥事 「不祥事」 — 判定に選ばれた理由です"]),
])
def test_classify_page_shows_each_reason_and_the_decision(
        ui: TestClient, text: str, marked: list[str], decision: str, lines: list[str]) -> None:
    html = ui.post("/", data={"text": text, "csrf": page_csrf(ui)}).text
    shown = _section(html, "reasons-text", "</p>")
    assert all(mark in shown for mark in marked)
    # The names beside the marks taken away, the text reads as the clerk typed it.
    assert _text(re.sub(r'<span class="reason-name">[^<]*</span>', "", shown)) == text
    assert _text(_section(html, "decision", "</p>")).replace(" ", "") == decision.replace(" ", "")
    items = _section(html, "reasons", "</ul>").split("<li")[1:]
    assert [_text("<li" + item) for item in items] == lines


def test_classify_page_says_what_review_means(ui: TestClient) -> None:
    html = ui.post("/", data={"text": "特になし", "csrf": page_csrf(ui)}).text
    assert _text(_section(html, "review-meaning", "</p>")) == REVIEW_MEANING.format("98%")


@pytest.mark.parametrize(("metadata", "share"), [
    ({"review": {"thresholds": {}, "target_accuracy": 0.99}}, "99%"),
    ({"review": {"thresholds": {}}}, "95%"),  # a model of henno 0.2
    ({}, "95%"),
])
def test_review_sentence_names_the_model_s_target(metadata: dict[str, Any], share: str) -> None:
    assert review_sentence(metadata) == REVIEW_MEANING.format(share)


@pytest.mark.usefixtures("several_reasons")
def test_classify_page_reason_words_are_text_not_markup(ui: TestClient) -> None:
    html = ui.post("/", data={"text": "<b>引っ越し</b>と不祥事", "csrf": page_csrf(ui)}).text
    shown = _section(html, "reasons-text", "</p>")
    assert "&lt;b&gt;" in shown and "<b>" not in shown


@pytest.mark.parametrize(("spans", "parts"), [
    ([((0, 2),), ((4, 6),)], [("ab", 0), ("cd", None), ("ef", 1)]),
    ([((0, 4),), ((2, 6),)], [("abcd", 0), ("ef", 1)]),  # overlapping: the earlier keeps them
    ([((0, 1), (5, 6))], [("a", 0), ("bcde", None), ("f", 0)]),
    ([((0, 6),)], [("abcdef", 0)]),  # today's model: the whole text is the one reason
    ([((4, 99),)], [("abcd", None), ("ef", 0)]),  # a span past the end stops at it
])
def test_reason_parts_cut_the_text_at_each_span(spans: list[tuple[tuple[int, int], ...]],
                                                parts: list[tuple[str, int | None]]) -> None:
    reasons = tuple(Reason("other", "その他", 0.5, found, False, False) for found in spans)
    cut = reason_parts("abcdef", reasons)
    assert [(p.text, None if p.reason is None else reasons.index(p.reason)) for p in cut] == parts
