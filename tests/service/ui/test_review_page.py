"""要確認: most uncertain first, confirm or correct, undo, two clerks at once."""

import re
from pathlib import Path

from fastapi.testclient import TestClient

from henno.model.labels import LABELS
from henno.review.store import NewItem, ReviewStore
from tests.service.accounts import sign_in_as
from tests.service.ui.conftest import csrf_of, ui_client

_ITEM = re.compile(r'name="item_id" value="(\d+)"')


def scores(top: str, margin: float) -> dict[str, float]:
    rest = (1 - (0.4 + margin) - 0.4) / 3
    values = {label: rest for label in LABELS}
    values[top] = 0.4 + margin
    values["other" if top != "other" else "errors"] = 0.4
    return values


def add_items(store: ReviewStore) -> None:
    store.add_items([
        NewItem("転勤で引っ越します", "relocation", scores("relocation", 0.30), "a.csv", 1),
        NewItem("ニュースを見て不安", "scandal", scores("scandal", 0.02), "a.csv", 2),
        NewItem("よくわからない", "other", scores("other", 0.10), "a.csv", 3),
    ])


def store_of(client: TestClient) -> ReviewStore:
    store: ReviewStore = client.app.state.ui.store  # type: ignore[attr-defined]
    return store


def start_reviewing(client: TestClient, name: str) -> str:
    """Logged in as `name`: the reviewer is the user, never a typed name."""
    sign_in_as(client, name)
    return client.get("/review").text


def undo_item(html: str) -> str:
    """The item of the last decision, as the page's undo form will send it."""
    form = html.split('id="undo-form"')[1].split("</form>")[0]
    found = _ITEM.search(form) or re.search(r'name="item_id" value="()"', form)
    assert found, "the undo form names no item"
    return found.group(1)


def shown_item(html: str) -> int:
    found = _ITEM.search(html)
    assert found, "no item is shown"
    return int(found.group(1))


def test_review_shows_most_uncertain_first_without_asking_a_name(ui: TestClient) -> None:
    add_items(store_of(ui))
    html = start_reviewing(ui, "窓口A")
    assert "ニュースを見て不安" in html and "残り 3 件" in html
    assert 'name="reviewer"' not in html and "窓口A（職員）" in html
    assert 'class="choice selected"' in html


def test_confirm_correct_and_undo(ui: TestClient) -> None:
    store = store_of(ui)
    add_items(store)
    html = start_reviewing(ui, "窓口A")
    first = shown_item(html)
    response = ui.post("/review/decide", data={"item_id": first, "label": "scandal",
                                               "csrf": csrf_of(html)})
    assert "「相次ぐ不祥事」で確定しました" in response.text and "残り 2 件" in response.text
    second = shown_item(response.text)
    corrected = ui.post("/review/decide", data={"item_id": second, "label": "system_distrust",
                                                "csrf": csrf_of(response.text)})
    decided = store.get(second)
    assert decided is not None and decided.reviewer_label == "system_distrust"
    assert decided.reviewed_by == "user:窓口A"
    form = {"csrf": csrf_of(corrected.text), "item_id": undo_item(corrected.text)}
    undone = ui.post("/review/undo", data=form)
    assert "直前の判定を取り消しました" in undone.text
    assert shown_item(undone.text) == second
    assert store.counts().decided == 1
    # The same undo sent again (a double click) takes back nothing more.
    again = ui.post("/review/undo", data=form)
    assert "取り消す判定はありません" in again.text
    assert store.counts().decided == 1


def test_two_clerks_never_get_the_same_item(ui: TestClient, service_models: Path,
                                            tmp_path: Path, small_data: tuple[Path, Path]) -> None:
    add_items(store_of(ui))
    with ui_client(service_models, tmp_path / "state", small_data) as other:
        mine = shown_item(start_reviewing(ui, "窓口A"))
        theirs_html = start_reviewing(other, "窓口B")
        assert shown_item(theirs_html) != mine
        # B cannot decide A's item while A holds it; B's page moves on and says why.
        response = other.post("/review/decide", data={"item_id": mine, "label": "other",
                                                      "csrf": csrf_of(theirs_html)})
        assert "他の担当者" in response.text
        assert store_of(ui).get(mine).status == "pending"  # type: ignore[union-attr]


def test_empty_queue_says_so(ui: TestClient) -> None:
    assert "確認する項目はありません" in start_reviewing(ui, "窓口A")


def test_undo_with_nothing_to_undo(ui: TestClient) -> None:
    html = start_reviewing(ui, "窓口A")
    assert undo_item(html) == ""
    response = ui.post("/review/undo", data={"csrf": csrf_of(html), "item_id": ""})
    assert "取り消す判定はありません" in response.text


def test_stored_text_is_redacted(ui: TestClient) -> None:
    store_of(ui).add_items([NewItem("山田太郎です。電話は090-1234-5678、転居します", "relocation",
                                    scores("relocation", 0.01), "a.csv", 1)])
    html = start_reviewing(ui, "窓口A")
    assert "090-1234-5678" not in html and "山田" not in html


def test_placeholders_are_shown_in_japanese_beside_the_label_guide(ui: TestClient) -> None:
    store_of(ui).add_items([NewItem("#name#です。電話は#phone#、転居します", "relocation",
                                    scores("relocation", 0.01), "#name#様.csv", 1)])
    html = start_reviewing(ui, "窓口A")
    text = html.split('id="review-text">')[1].split("</blockquote>")[0]
    assert text == "（氏名）です。電話は（電話番号）、転居します"
    assert '<p class="source">（氏名）様.csv ・' in html
    assert html.split('id="label-guide"')[1].count("例: 「") == len(LABELS)
