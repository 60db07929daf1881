"""Decisions written back into a labelled file: the clerk's label and a 確認者 column."""

import csv
import io
import json
from pathlib import Path

import pytest

from henno.model.errors import FormFileError
from henno.review.apply import apply_reviews
from henno.review.store import ReviewStore
from tests.review.conftest import NOW, new_item

MACHINE = [["返納理由", "label", "label_ja", "needs_review"],
           ["なんとなく", "other", "その他", "True"],
           ["転居のため", "relocation", "転居", "False"],
           ["なんとなく", "other", "その他", "True"],
           ["よくわからない", "other", "その他", "True"]]
PEOPLE = [["返納理由", "判定", "判定コード", "要確認"],
          ["なんとなく", "その他", "other", "要確認"],
          ["転居のため", "転居", "relocation", ""]]


def _csv(path: Path, rows: list[list[str]]) -> Path:
    with open(path, "w", encoding="utf-8", newline="") as handle:
        csv.writer(handle).writerows(rows)
    return path


def _read(path: Path) -> list[list[str]]:
    return list(csv.reader(io.StringIO(path.read_text("utf-8"))))


@pytest.fixture
def decided(store: ReviewStore) -> ReviewStore:
    store.add_items([new_item("なんとなく", row=2, label="other"),
                     new_item("よくわからない", row=5, label="other")], now=NOW)
    store.decide(1, "佐藤", "system_distrust", now=NOW)
    return store


def _apply(store: ReviewStore, source: Path, output: Path) -> tuple[int, int]:
    applied = apply_reviews(source, output, lambda keys: store.decisions(text_keys=keys))
    return applied.rows, applied.reviewed


@pytest.mark.parametrize(("rows", "expected"), [
    (MACHINE, [["返納理由", "label", "label_ja", "needs_review", "確認者"],
               ["なんとなく", "system_distrust", "制度への不信", "False", "佐藤"],
               ["転居のため", "relocation", "転居", "False", ""],
               ["なんとなく", "system_distrust", "制度への不信", "False", "佐藤"],
               ["よくわからない", "other", "その他", "True", ""]]),
    (PEOPLE, [["返納理由", "判定", "判定コード", "要確認", "確認者"],
              ["なんとなく", "制度への不信", "system_distrust", "", "佐藤"],
              ["転居のため", "転居", "relocation", "", ""]]),
])
def test_reviewed_rows_get_the_clerks_label_and_name(decided: ReviewStore, tmp_path: Path,
                                                     rows: list[list[str]],
                                                     expected: list[list[str]]) -> None:
    output = tmp_path / "reviewed.csv"
    counts = _apply(decided, _csv(tmp_path / "labelled.csv", rows), output)
    assert _read(output) == expected
    assert counts == (len(rows) - 1, sum(r[-1] == "佐藤" for r in expected))


@pytest.mark.parametrize(("reviewer", "shown"), [
    ("user:佐藤花子", "佐藤花子"),  # a logged-in clerk: the name, as the clerk knows it
    ("open", "（利用者の登録なし）"),
    ("key:集計", "API キー「集計」"),
])
def test_the_reviewer_column_names_the_clerk_not_the_account_kind(
        store: ReviewStore, tmp_path: Path, reviewer: str, shown: str) -> None:
    store.add_items([new_item("なんとなく", row=2, label="other")], now=NOW)
    store.decide(1, reviewer, "system_distrust", now=NOW)
    output = tmp_path / "reviewed.csv"
    _apply(store, _csv(tmp_path / "labelled.csv", MACHINE[:2]), output)
    assert _read(output)[1][-1] == shown


def test_applying_twice_replaces_the_reviewer_column(decided: ReviewStore,
                                                     tmp_path: Path) -> None:
    once = tmp_path / "once.csv"
    _apply(decided, _csv(tmp_path / "labelled.csv", MACHINE), once)
    twice = tmp_path / "twice.csv"
    _apply(decided, once, twice)
    assert _read(twice) == _read(once)


def test_json_lines_get_a_reviewer_key(decided: ReviewStore, tmp_path: Path) -> None:
    source = tmp_path / "labelled.jsonl"
    source.write_text(json.dumps({"理由": "なんとなく", "label": "other",
                                  "needs_review": True}, ensure_ascii=False) + "\n", "utf-8")
    output = tmp_path / "reviewed.jsonl"
    _apply(decided, source, output)
    assert json.loads(output.read_text("utf-8")) == {
        "理由": "なんとなく", "label": "system_distrust", "needs_review": False, "確認者": "佐藤"}


def test_a_file_without_a_text_column_is_refused_and_nothing_written(
        decided: ReviewStore, tmp_path: Path) -> None:
    source = _csv(tmp_path / "labelled.csv", [["a", "b"], ["1", "2"]])
    with pytest.raises(FormFileError):
        _apply(decided, source, tmp_path / "out.csv")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["labelled.csv", "state"]


def test_a_workbook_is_kept_whole_and_only_reviewed_cells_change(store: ReviewStore,
                                                                 tmp_path: Path) -> None:
    import datetime

    import openpyxl

    book = openpyxl.Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = "受付簿"
    sheet["A1"] = "令和5年度 マイナンバーカード返納受付簿"
    sheet.merge_cells("A1:D1")
    sheet.append(["受付日", "返納理由", "判定", "判定コード", "要確認"])
    sheet.append([datetime.datetime(2026, 10, 1), "なんとなく", "その他", "other", "要確認"])
    sheet.append([datetime.datetime(2026, 10, 2), "転居のため", "転居", "relocation", ""])
    sheet["A3"].number_format = "yyyy/mm/dd"
    book.create_sheet("集計")["A1"] = "=COUNTA(受付簿!B:B)"
    source = tmp_path / "labelled.xlsx"
    book.save(source)
    store.add_items([new_item("なんとなく", row=3, label="other")], now=NOW)
    store.decide(1, "=cmd|' /C calc'!A0", "system_distrust", now=NOW)
    output = tmp_path / "reviewed.xlsx"
    assert _apply(store, source, output) == (2, 1)
    kept = openpyxl.load_workbook(output)
    sheet = kept["受付簿"]
    assert kept.sheetnames == ["受付簿", "集計"] and kept["集計"]["A1"].value.startswith("=")
    assert [str(r) for r in sheet.merged_cells.ranges] == ["A1:D1"]
    assert sheet["A3"].number_format == "yyyy/mm/dd"
    assert [c.value for c in sheet[2]] == ["受付日", "返納理由", "判定", "判定コード", "要確認",
                                           "確認者"]
    assert [c.value for c in sheet[3]][1:] == ["なんとなく", "制度への不信", "system_distrust",
                                               None, "=cmd|' /C calc'!A0"]
    assert sheet["F3"].data_type == "s"  # a name that looks like a formula stays text
    assert [c.value for c in sheet[4]][1:5] == ["転居のため", "転居", "relocation", None]
