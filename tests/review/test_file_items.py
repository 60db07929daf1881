"""Items by file: one item per text of a file, a file queued again adds nothing, the row as
Excel shows it, an identifying cell, and the 0002 migration of items stored before."""

from datetime import timedelta

import pytest
from sqlalchemy import insert, select

from henno.review.db import make_engine, upgrade
from henno.review.flagged import flagged_items
from henno.review.redaction import redact_record_id
from henno.review.store import NewItem, ReviewStore
from henno.review.tables import ItemRow
from tests.review.conftest import NOW, new_item

HASH = "a" * 64
SCORES = [0.2, 0.15, 0.1, 0.45, 0.1]  # errors, scandal, relocation, other... as ADDED_COLUMNS


def in_file(text: str, row: int, file_hash: str | None = HASH, record: str | None = None,
            ) -> NewItem:
    item = new_item(text, row=row)
    return NewItem(item.text, item.model_label, item.scores, "返納受付簿.xlsx", row,
                   file_hash=file_hash, id_column="受付番号", record_id=record)


def test_identical_texts_of_one_file_are_one_item(store: ReviewStore) -> None:
    added = store.add_items([in_file("なんとなく", 35, record="R5-0012"),
                             in_file("転居のため", 36), in_file("なんとなく", 40),
                             in_file("なんとなく", 52)])
    assert added == 2
    first = store.get(1)
    assert first is not None
    assert (first.source_row, first.same_rows, first.id_column, first.record_id) == (
        35, [35, 40, 52], "受付番号", "R5-0012")


def test_a_file_queued_again_adds_nothing(store: ReviewStore) -> None:
    store.add_items([in_file("なんとなく", 35)])
    assert store.add_items([in_file("なんとなく", 35), in_file("転居のため", 36)]) == 0
    assert store.add_items([in_file("転居のため", 36, file_hash="b" * 64)]) == 1


def test_one_decision_answers_every_row_of_the_text(store: ReviewStore) -> None:
    store.add_items([in_file("なんとなく", 35), in_file("なんとなく", 40),
                     in_file("転居のため", 36)])
    store.decide(1, "佐藤", "other", now=NOW)
    assert store.file_progress([HASH, "c" * 64]) == {HASH: (1, 1)}
    decided = store.decisions(HASH)
    assert [(item.reviewer_label, item.same_rows) for item in decided.values()] == [
        ("other", [35, 40])]


@pytest.mark.parametrize(("cell", "stored"), [
    ("R5-00123", "R5-00123"),
    ("000123", "000123"),
    ("090-0000-0000", "#phone#"),
    ("123456789012", "0"),  # twelve digits: perhaps an individual number, mistyped
    ("taro@example.jp", "#email#"),
    ("佐藤花子", "#name##name#"),
])
def test_record_ids_keep_numbers_but_not_personal_data(cell: str, stored: str) -> None:
    assert redact_record_id(cell) == stored


def test_flagged_rows_are_numbered_as_excel_shows_them() -> None:
    added = [["other", "その他", 0.45, True, *SCORES, ""],
             ["other", "その他", 0.9, False, *SCORES, ""]]
    items = flagged_items("f.csv", 34, ["なんとなく", "転居"], added, header_row=1,
                          file_hash=HASH)
    assert [(item.source_row, item.file_hash) for item in items] == [(35, HASH)]


def test_the_migration_numbers_old_rows_as_excel_and_redacts_file_names(db_url: str) -> None:
    upgrade(db_url, "0001")
    engine = make_engine(db_url)
    with engine.begin() as connection:
        connection.execute(insert(ItemRow.__table__).values(  # type: ignore[arg-type]
            text="なんとなく", text_key="k", model_label="other", scores={"other": 0.5},
            confidence=0.5, margin=0.1, source_file="佐藤花子_090-0000-0000.csv",
            source_row=34, created_at=NOW - timedelta(days=1), status="pending"))
    upgrade(db_url)
    with engine.connect() as connection:
        table = ItemRow.__table__
        assert connection.execute(select(table.c.source_file, table.c.source_row,
                                         table.c.same_rows)).one() == (
            "#name##name#_#phone#.csv", 35, None)
    engine.dispose()
