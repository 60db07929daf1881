"""要確認 shows the reasons the model finds in an item's text — marked, listed, and why the
label is the one chosen, as 理由を判定 does — worked out when the page is shown, never stored."""

import re

import pytest
from fastapi.testclient import TestClient

from henno.review.store import NewItem
from henno.service.holder import ModelHolder
from tests.service.ui.test_classify_reasons import PRIORITY
from tests.service.ui.test_review_page import scores, start_reviewing, store_of
from tests.several_reasons import several_reasons

__all__ = ["several_reasons"]
TWO_REASONS = "来月引っ越す予定だし、不祥事にもうんざりしたので"


def _section(html: str, element_id: str, end: str) -> str:
    return html.split(f'id="{element_id}">')[1].split(end)[0]


def _text(html: str) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]*>", "", html)).strip()


@pytest.mark.usefixtures("several_reasons")
def test_an_item_with_several_reasons_shows_them_and_the_decision(ui: TestClient) -> None:
    store_of(ui).add_items([NewItem(TWO_REASONS, "relocation", scores("relocation", 0.02),
                                    "a.csv", 2)])
    html = start_reviewing(ui, "窓口A")
    marked = _section(html, "reasons-text", "</p>")
    assert ('<mark class="reason reason-relocation">引っ越<span class="reason-name">転居'
            '</span></mark>') in marked
    assert ('<mark class="reason reason-scandal">不祥事<span class="reason-name">相次ぐ不祥事'
            '</span></mark>') in marked
    assert [_text(line) for line in re.findall(r"<li[^>]*>(.*?)</li>",
                                               _section(html, "reasons", "</ul>"), re.S)] == [
        "転居 「引っ越」 — 判定に選ばれた理由です",
        "相次ぐ不祥事 「不祥事」 — 理由に含まれます（複数回答の集計で数えます）"]
    assert _text(_section(html, "decision", "</p>")) == PRIORITY


@pytest.mark.usefixtures("several_reasons")
def test_placeholders_in_a_reason_are_shown_in_words(ui: TestClient) -> None:
    store_of(ui).add_items([NewItem("090-0000-0000に連絡ください。引っ越しのため", "relocation",
                                    scores("relocation", 0.02), "a.csv", 2)])
    marked = _section(start_reviewing(ui, "窓口A"), "reasons-text", "</p>")
    assert "（電話番号）に連絡ください。" in marked and "#phone#" not in marked


def test_without_a_model_the_item_is_shown_without_reasons(
        ui: TestClient, monkeypatch: pytest.MonkeyPatch) -> None:
    store_of(ui).add_items([NewItem(TWO_REASONS, "relocation", scores("relocation", 0.02),
                                    "a.csv", 2)])
    monkeypatch.setattr(ModelHolder, "classifier", property(lambda holder: None))
    html = start_reviewing(ui, "窓口A")
    assert 'id="review-text"' in html and 'id="reasons-text"' not in html



@pytest.mark.usefixtures("several_reasons")
def test_numbers_the_store_masked_read_as_masked_not_as_zero(ui: TestClient) -> None:
    # Stored as 「…トラブルが0回あって…」: a clerk read 「0回」 and decided on the opposite.
    store_of(ui).add_items([NewItem("マイナ保険証のトラブルが2回あって不安なので。引っ越しもします",
                                    "relocation", scores("relocation", 0.02), "a.csv", 2)])
    html = start_reviewing(ui, "窓口A")
    for element, end in (("review-text", "</blockquote>"), ("reasons-text", "</p>"),
                         ("reasons", "</ul>")):
        shown = _text(_section(html, element, end))
        assert "0回" not in shown, element
    assert "トラブルが○回あって" in _text(_section(html, "review-text", "</blockquote>"))
    assert "トラブルが○回あって" in _text(_section(html, "reasons-text", "</p>"))
    assert "「○」に置き換えて表示しています" in html


def test_a_text_without_numbers_says_nothing_of_them(ui: TestClient) -> None:
    store_of(ui).add_items([NewItem(TWO_REASONS, "relocation", scores("relocation", 0.02),
                                    "a.csv", 2)])
    assert 'id="masked-numbers"' not in start_reviewing(ui, "窓口A")
