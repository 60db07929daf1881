import sqlite3
from datetime import datetime, timedelta
from pathlib import Path

import pytest

from henno.model.errors import InvalidInputError
from henno.model.labels import LABELS
from henno.review.store import NewItem, ReviewConflict, ReviewItemNotFound, ReviewStore
from tests.review.conftest import NOW, decision_count, decision_rows, new_item

MINUTE = timedelta(minutes=1)
# All personal data here is fictional; the individual number has a valid check digit.
PERSONAL = "山田太郎です。090-1234-5678、番号1234-5678-9018、taro.yamada@example.jp"
SECRETS = ["山田", "太郎", "090-1234-5678", "1234-5678-9018", "taro.yamada", "example.jp"]


def test_add_items_stores_pending_items_with_confidence_and_margin(store: ReviewStore) -> None:
    assert store.add_items([new_item(margin=0.25), new_item(row=2)], now=NOW) == 2
    assert store.counts().pending == 2
    item = store.get(1)
    assert item is not None
    assert (item.status, item.model_label, item.source_row) == ("pending", "relocation", 1)
    assert item.confidence == pytest.approx(0.6)
    assert item.margin == pytest.approx(0.25)
    assert item.created_at == NOW
    assert (item.reviewer_label, item.reviewed_by, item.reviewed_at) == (None, None, None)


def test_add_items_stores_the_redacted_text(store: ReviewStore) -> None:
    store.add_items([new_item(PERSONAL)])
    item = store.get(1)
    assert item is not None
    assert item.text == "#name##name#です。#phone#、番号#mynumber#、#email#"


def test_raw_personal_data_never_reaches_the_database_files(db_path: Path, db_url: str) -> None:
    with ReviewStore.open(db_url) as store:
        store.add_items([new_item(PERSONAL)])
        item = store.claim_next("clerk-a")
        assert item is not None
        store.decide(item.id, "clerk-a", "other")
        with sqlite3.connect(db_path) as connection:
            connection.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        files = [p for p in db_path.parent.iterdir() if p.name.startswith(db_path.name)]
        stored = b"".join(p.read_bytes() for p in files)
    assert b"#phone#" in stored
    for secret in SECRETS:
        assert secret.encode() not in stored


@pytest.mark.parametrize(("source_file", "name"), [
    ("forms.csv", "forms.csv"),
    ("/srv/uploads/2026/forms.csv", "forms.csv"),
    ("C:\\Users\\clerk\\forms.xlsx", "forms.xlsx"),
    ("x" * 300 + ".csv", "x" * 255),
])
def test_add_items_keeps_only_the_source_file_name(store: ReviewStore, source_file: str,
                                                   name: str) -> None:
    store.add_items([new_item(source_file=source_file)])
    item = store.get(1)
    assert item is not None and item.source_file == name


@pytest.mark.parametrize(("item", "message"), [
    (new_item(label="moving"), f"unknown label 'moving'; allowed: {', '.join(LABELS)}"),
    (NewItem("転居", "relocation", {"moving": 1.0}, "f.csv", 1),
     f"scores must be given for labels among: {', '.join(LABELS)}"),
    (NewItem("転居", "relocation", {"relocation": float("nan")}, "f.csv", 1),
     "scores must be finite numbers"),
    (new_item("  ", row=7), "row 7 has an empty text"),
    (new_item(row=0), "source rows are counted from 1"),
])
def test_add_items_refuses_invalid_items_and_stores_none(store: ReviewStore, item: NewItem,
                                                         message: str) -> None:
    with pytest.raises(InvalidInputError) as caught:
        store.add_items([new_item(), item])
    assert str(caught.value) == message
    assert store.counts().pending == 0


def test_claim_next_gives_the_most_uncertain_then_oldest_item(store: ReviewStore) -> None:
    store.add_items([new_item(margin=0.3, row=1), new_item(margin=0.1, row=2)], now=NOW)
    store.add_items([new_item(margin=0.1, row=3)], now=NOW - MINUTE)
    store.add_items([new_item(margin=0.1, row=4)], now=NOW - MINUTE)
    order = []
    for clerk in ("a", "b", "c", "d"):
        item = store.claim_next(clerk, now=NOW)
        assert item is not None
        order.append(item.source_row)
    assert order == [3, 4, 2, 1]
    assert store.claim_next("e", now=NOW) is None


def test_claim_next_gives_a_reviewer_the_item_they_hold(store: ReviewStore) -> None:
    store.add_items([new_item(margin=0.1, row=1), new_item(margin=0.2, row=2)], now=NOW)
    first = store.claim_next("a", now=NOW)
    again = store.claim_next("a", now=NOW + MINUTE)
    other = store.claim_next("b", now=NOW + MINUTE)
    assert first is not None and again is not None and other is not None
    assert first.id == again.id != other.id


def test_claim_next_renews_the_lease_of_a_held_item(store: ReviewStore) -> None:
    store.add_items([new_item()], now=NOW)
    store.claim_next("a", lease=10 * MINUTE, now=NOW)
    store.claim_next("a", lease=10 * MINUTE, now=NOW + 8 * MINUTE)
    assert store.claim_next("b", now=NOW + 12 * MINUTE) is None


def test_an_expired_lease_frees_the_item(store: ReviewStore) -> None:
    store.add_items([new_item()], now=NOW)
    held = store.claim_next("a", lease=10 * MINUTE, now=NOW)
    assert store.claim_next("b", now=NOW + 9 * MINUTE) is None
    taken = store.claim_next("b", now=NOW + 11 * MINUTE)
    assert held is not None and taken is not None and taken.id == held.id
    with pytest.raises(ReviewConflict, match="held by another reviewer"):
        store.decide(held.id, "a", "other", now=NOW + 12 * MINUTE)


def test_decide_records_the_label_and_a_decision_row(store: ReviewStore, db_url: str) -> None:
    store.add_items([new_item()], now=NOW)
    item = store.claim_next("a", now=NOW)
    assert item is not None
    decided = store.decide(item.id, "a", "other", now=NOW + MINUTE)
    assert (decided.status, decided.reviewer_label, decided.reviewed_by) == ("decided", "other",
                                                                            "a")
    assert decided.reviewed_at == NOW + MINUTE
    assert store.counts().decided == 1
    assert decision_rows(db_url) == [(item.id, "a", "other", False)]


def test_decide_an_unclaimed_item(store: ReviewStore) -> None:
    store.add_items([new_item()])
    assert store.decide(1, "a", "errors").reviewer_label == "errors"


@pytest.mark.parametrize(("reviewer", "item_id", "error", "message"), [
    ("a", 1, ReviewConflict, "review item 1 is already decided"),
    ("b", 2, ReviewConflict, "review item 2 is held by another reviewer"),
    ("b", 99, ReviewItemNotFound, "review item 99 does not exist"),
])
def test_decide_refuses_conflicts(store: ReviewStore, db_url: str, reviewer: str, item_id: int,
                                  error: type[Exception], message: str) -> None:
    store.add_items([new_item(margin=0.1, row=1), new_item(margin=0.2, row=2)], now=NOW)
    store.decide(1, "a", "other", now=NOW)
    store.claim_next("a", now=NOW)
    with pytest.raises(error) as caught:
        store.decide(item_id, reviewer, "errors", now=NOW + MINUTE)
    assert str(caught.value) == message
    assert decision_count(db_url) == 1


@pytest.mark.parametrize(("reviewer", "label", "message"), [
    ("a", "moving", f"unknown label 'moving'; allowed: {', '.join(LABELS)}"),
    ("", "other", "a reviewer name has 1 to 64 characters"),
    ("x" * 65, "other", "a reviewer name has 1 to 64 characters"),
])
def test_decide_refuses_invalid_input(store: ReviewStore, reviewer: str, label: str,
                                      message: str) -> None:
    store.add_items([new_item()])
    with pytest.raises(InvalidInputError) as caught:
        store.decide(1, reviewer, label)
    assert str(caught.value) == message


def test_undo_last_reopens_the_item_for_the_same_reviewer(store: ReviewStore,
                                                          db_url: str) -> None:
    store.add_items([new_item(margin=m, row=n) for n, m in enumerate((0.1, 0.2, 0.3), 1)], now=NOW)
    store.decide(1, "a", "other", now=NOW)
    store.claim_next("a", now=NOW + MINUTE)  # holds item 2 when undoing
    undone = store.undo_last("a", now=NOW + 2 * MINUTE)
    assert undone is not None
    assert (undone.id, undone.status, undone.reviewer_label) == (1, "pending", None)
    assert store.claim_next("b", now=NOW + 2 * MINUTE) is not None  # item 2, released
    again = store.claim_next("a", now=NOW + 3 * MINUTE)
    assert again is not None and again.id == 1
    assert decision_rows(db_url) == [(1, "a", "other", True)]
    with pytest.raises(ReviewConflict):
        store.decide(1, "b", "errors", now=NOW + 4 * MINUTE)


def test_undo_last_walks_back_one_decision_at_a_time(store: ReviewStore) -> None:
    store.add_items([new_item(margin=m, row=n) for n, m in enumerate((0.1, 0.2, 0.3), 1)], now=NOW)
    store.decide(1, "a", "other", now=NOW)
    store.decide(2, "a", "other", now=NOW + MINUTE)
    store.decide(3, "b", "other", now=NOW + 2 * MINUTE)
    assert [store.undo_last("a", now=NOW + 3 * MINUTE) for _ in range(3)] == [
        store.get(2), store.get(1), None]
    assert store.counts().decided == 1


def test_undo_then_decide_keeps_the_whole_history(store: ReviewStore, db_url: str) -> None:
    store.add_items([new_item()], now=NOW)
    store.decide(1, "a", "other", now=NOW)
    store.undo_last("a", now=NOW + MINUTE)
    store.decide(1, "a", "errors", now=NOW + 2 * MINUTE)
    assert decision_rows(db_url) == [(1, "a", "other", True), (1, "a", "errors", False)]
    item = store.get(1)
    assert item is not None and item.reviewer_label == "errors"


def test_reviewed_lists_decided_items_oldest_decision_first(store: ReviewStore) -> None:
    store.add_items([new_item(row=1), new_item(row=2), new_item(row=3)], now=NOW)
    store.decide(2, "a", "other", now=NOW + MINUTE)
    store.decide(1, "a", "errors", now=NOW + 2 * MINUTE)
    assert [item.id for item in store.reviewed()] == [2, 1]


def test_purge_deletes_old_items_with_their_decisions(store: ReviewStore, db_url: str) -> None:
    store.add_items([new_item(row=1)], now=NOW - timedelta(days=400))
    store.add_items([new_item(row=2)], now=NOW - timedelta(days=10))
    store.decide(1, "a", "other", now=NOW)
    store.decide(2, "a", "other", now=NOW)
    assert store.purge(timedelta(days=365), now=NOW) == 1
    assert store.get(1) is None
    assert decision_rows(db_url) == [(2, "a", "other", False)]
    assert store.purge(timedelta(days=365), now=NOW) == 0


def test_get_an_unknown_item(store: ReviewStore) -> None:
    assert store.get(1) is None


def test_naive_datetimes_are_refused(store: ReviewStore) -> None:
    with pytest.raises(ValueError, match="now must be timezone-aware"):
        store.claim_next("a", now=datetime(2026, 1, 5, 9, 0))


def test_undo_of_a_named_item_happens_once(store: ReviewStore) -> None:
    store.add_items([new_item(margin=m, row=n) for n, m in enumerate((0.1, 0.2), 1)], now=NOW)
    store.decide(1, "a", "other", now=NOW)
    store.decide(2, "a", "other", now=NOW + MINUTE)
    assert store.last_decided("a") == 2
    first = store.undo_last("a", item_id=2, now=NOW + 2 * MINUTE)
    assert first is not None and first.id == 2
    assert store.undo_last("a", item_id=2, now=NOW + 2 * MINUTE) is None  # a double click
    assert store.counts().decided == 1 and store.last_decided("a") == 1


def test_the_same_row_of_the_same_file_is_queued_once(store: ReviewStore) -> None:
    rows = [new_item("転居のため", row=1), new_item("死亡のため", row=2)]
    assert store.add_items(rows) == 2
    assert store.add_items(rows) == 0  # the file labelled again
    assert store.add_items([new_item("転居のため", row=1, source_file="other.csv")]) == 1
    assert store.counts().pending == 3


def test_ids_of_purged_items_are_not_reused(store: ReviewStore) -> None:
    store.add_items([new_item(row=1), new_item(row=2)], now=NOW)
    assert store.purge(timedelta(days=1), now=NOW + timedelta(days=2)) == 2
    store.add_items([new_item("新しい理由", row=3)], now=NOW + timedelta(days=2))
    # A clerk who still shows item 2 cannot label the new text with it.
    assert store.get(2) is None and store.get(3) is not None
