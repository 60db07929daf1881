import csv
import errno
import os
from datetime import timedelta
from pathlib import Path

import pytest

from henno.model.errors import HennoError
from henno.review import export
from henno.review.store import ReviewStore
from henno.training.dataset import load_dataset
from tests.review.conftest import NOW, new_item

MINUTE = timedelta(minutes=1)


def _read(path: Path) -> list[dict[str, str]]:
    with open(path, encoding="utf-8-sig", newline="") as handle:
        return list(csv.DictReader(handle))


def _decided(store: ReviewStore) -> None:
    store.add_items([new_item("転居のため", row=1), new_item("山田太郎の死亡のため", row=2),
                     new_item("転居のため", row=3)], now=NOW)
    store.decide(1, "clerk-a", "other", now=NOW + MINUTE)
    store.decide(2, "clerk-a", "other", now=NOW + 2 * MINUTE)
    store.decide(3, "clerk-b", "relocation", now=NOW + 3 * MINUTE)


def test_export_writes_one_row_per_text_latest_decision_first(store: ReviewStore,
                                                               tmp_path: Path) -> None:
    _decided(store)
    path = tmp_path / "reviewed.csv"
    assert store.export_csv(path) == 2
    assert list(_read(path)[0]) == list(export.COLUMNS)
    assert _read(path) == [
        {"text": "#name##name#の死亡のため", "label": "other", "model_label": "relocation",
         "reviewed_by": "clerk-a", "reviewed_at": "2026-01-05T09:02:00+00:00",
         "source_file": "forms.csv", "source_row": "2"},
        {"text": "転居のため", "label": "relocation", "model_label": "relocation",
         "reviewed_by": "clerk-b", "reviewed_at": "2026-01-05T09:03:00+00:00",
         "source_file": "forms.csv", "source_row": "3"},
    ]
    assert not list(tmp_path.glob(".reviewed.csv.*"))


def test_export_is_a_training_file(store: ReviewStore, tmp_path: Path) -> None:
    _decided(store)
    path = tmp_path / "reviewed.csv"
    store.export_csv(path)
    data = load_dataset(path, min_rows_per_label=0)
    assert data.labels == ["other", "relocation"]


def test_export_of_an_empty_store_writes_the_header(store: ReviewStore, tmp_path: Path) -> None:
    path = tmp_path / "reviewed.csv"
    assert store.export_csv(path) == 0
    assert path.read_text(encoding="utf-8-sig").strip() == ",".join(export.COLUMNS)


def test_a_failed_export_keeps_the_old_file_and_leaves_no_temporary(
        store: ReviewStore, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    _decided(store)
    folder = tmp_path / "out"
    folder.mkdir()
    path = folder / "reviewed.csv"
    path.write_text("old", encoding="utf-8")

    def full_disk(source: str, target: str) -> None:
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    monkeypatch.setattr(os, "replace", full_disk)
    with pytest.raises(HennoError) as caught:
        store.export_csv(path)
    assert str(caught.value) == f"cannot write {path}: No space left on device"
    assert path.read_text(encoding="utf-8") == "old"
    assert [p.name for p in folder.iterdir()] == ["reviewed.csv"]


def test_export_into_a_missing_folder_explains(store: ReviewStore, tmp_path: Path) -> None:
    path = tmp_path / "missing" / "reviewed.csv"
    with pytest.raises(HennoError) as caught:
        store.export_csv(path)
    assert str(caught.value) == f"cannot write {path}: No such file or directory"


def test_export_cells_excel_would_run_are_made_inert(store: ReviewStore, tmp_path: Path) -> None:
    store.add_items([new_item("=HYPERLINK(0) 転居のため", source_file="=HYPERLINK(0).csv")])
    store.decide(1, "@SUM(0)", "relocation")
    path = tmp_path / "reviewed.csv"
    store.export_csv(path)
    assert path.read_bytes().startswith(b"\xef\xbb\xbf")  # a BOM, for Excel
    row = next(iter(_read(path)))
    assert row["reviewed_by"] == "'@SUM(0)"
    assert row["source_file"].startswith("'=")
    assert row["text"].startswith("'=")
