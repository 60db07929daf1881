"""Uploaded file names may hold a resident's name or number: stored and exported redacted."""

import csv
from datetime import timedelta
from pathlib import Path

import pytest

from henno.review.redaction import redact_file_name
from henno.review.store import ReviewStore
from tests.review.conftest import NOW, new_item

NAMES = [
    ("佐藤花子_090-0000-0000.xlsx", "#name##name#_#phone#.xlsx"),
    ("返納届_10月.csv", "返納届_10月.csv"),  # a month, a year: kept, the file stays findable
    ("返納受付簿_2026年11月.xlsx", "返納受付簿_2026年11月.xlsx"),
    ("受付12345678.csv", "受付0.csv"),
    ("taro@example.jp.csv", "#email#"),
    ("Taro Yamada.csv", "#name#.csv"),
    ("forms.csv", "forms.csv"),
]


@pytest.mark.parametrize(("name", "stored"), NAMES)
def test_file_names_are_redacted(name: str, stored: str) -> None:
    assert redact_file_name(name) == stored


def test_the_store_keeps_the_redacted_file_name(store: ReviewStore) -> None:
    store.add_items([new_item(source_file="/uploads/佐藤花子_090-0000-0000.xlsx")])
    item = store.get(1)
    assert item is not None and item.source_file == "#name##name#_#phone#.xlsx"


def test_export_redacts_file_names_stored_before(store: ReviewStore, tmp_path: Path,
                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    # As an older henno stored them: verbatim.
    monkeypatch.setattr("henno.review.items.redact_file_name", lambda name: name)
    store.add_items([new_item(source_file="佐藤花子_090-0000-0000.xlsx")], now=NOW)
    store.decide(1, "clerk-a", "other", now=NOW + timedelta(minutes=1))
    path = tmp_path / "reviewed.csv"
    store.export_csv(path)
    with open(path, encoding="utf-8-sig", newline="") as handle:
        assert [row["source_file"] for row in csv.DictReader(handle)] == [
            "#name##name#_#phone#.xlsx"]
