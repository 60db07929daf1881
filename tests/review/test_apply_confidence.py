"""A reviewed row's 確からしさ / confidence: the model's confidence in the label the model chose.
It stays where the clerk confirmed that label and is emptied where the clerk chose another one,
so it never reads as the confidence of the clerk's label. A real round trip: a workbook
labelled with --review, decided, written back with `henno review apply`."""

import csv
import io
import json
from pathlib import Path

import openpyxl
import pytest

from henno.cli.main import main
from henno.review.apply import apply_reviews
from henno.review.store import ReviewStore
from tests.review.conftest import NOW, new_item

TEXTS = ["転居のため", "よくわからない", "なんとなく不安", "よくわからない", "特になし",
         "なんとなく", "第2の人生のため"]


def _ledger(path: Path) -> Path:
    book = openpyxl.Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = "受付簿"
    sheet["A1"] = "返納受付簿"
    sheet.append(["受付番号", "返納理由"])
    for n, text in enumerate(TEXTS, start=1):
        sheet.append([f"A-{n}", text])
    book.save(path)
    return path


def _rows(path: Path) -> list[dict[str, object]]:
    sheet = openpyxl.load_workbook(path)["受付簿"]
    header = [cell.value for cell in sheet[2]]
    return [dict(zip(header, (cell.value for cell in row), strict=False))
            for row in sheet.iter_rows(min_row=3)]


@pytest.mark.parametrize("columns", ["ja", "en"])
def test_a_reviewed_row_keeps_no_model_confidence_beside_the_clerk_s_other_label(
        review_url: str, cli_models: Path, tmp_path: Path, columns: str) -> None:
    ledger = _ledger(tmp_path / "返納受付簿.xlsx")
    assert main(["label", str(ledger), "--quiet", "--review", "--columns", columns]) == 0
    labelled = tmp_path / "返納受付簿_labelled.xlsx"
    label, confidence = ("判定コード", "確からしさ") if columns == "ja" else ("label",
                                                                           "confidence")
    before = {row["返納理由"]: row for row in _rows(labelled)}
    with ReviewStore.open(review_url) as store:
        changed = store.claim_next("user:佐藤")
        assert changed is not None, "the small model flags some of these vague reasons"
        other = next(code for code in ("system_distrust", "scandal")
                     if code != changed.model_label)
        store.decide(changed.id, "user:佐藤", other)
        confirmed = store.claim_next("user:佐藤")
        if confirmed is not None:
            store.decide(confirmed.id, "user:佐藤", confirmed.model_label)
    assert main(["review", "apply", str(labelled)]) == 0
    after = _rows(tmp_path / "返納受付簿_labelled_reviewed.xlsx")
    for row in after:
        text = row["返納理由"]
        if text == changed.text:  # the clerk chose another label: no model figure beside it
            assert row[label] == other and row["確認者"] == "佐藤"
            assert before[text][confidence] not in (None, "")
            assert row[confidence] is None
        elif confirmed is not None and text == confirmed.text:  # the model's label, confirmed
            assert row[label] == confirmed.model_label and row["確認者"] == "佐藤"
            assert row[confidence] == before[text][confidence]
        else:  # not reviewed: as labelled
            assert row[confidence] == before[text][confidence]
            assert not row["確認者"]


@pytest.mark.parametrize(("decided", "shown"), [("system_distrust", ""), ("other", "51.2%")])
def test_a_csv_row_s_confidence_is_emptied_only_where_the_clerk_changed_the_label(
        tmp_path: Path, decided: str, shown: str) -> None:
    url = f"sqlite:///{tmp_path / 'state' / 'review.db'}"
    source = tmp_path / "labelled.csv"
    source.write_text("返納理由,判定,判定コード,確からしさ,要確認\n"
                      "なんとなく,その他,other,51.2%,要確認\n", "utf-8")
    with ReviewStore.open(url) as store:
        store.add_items([new_item("なんとなく", row=2, label="other")], now=NOW)
        store.decide(1, "佐藤", decided, now=NOW)
        apply_reviews(source, tmp_path / "out.csv",
                      lambda keys: store.decisions(text_keys=keys))
    row = list(csv.reader(io.StringIO((tmp_path / "out.csv").read_text("utf-8"))))[1]
    assert row[2:] == [decided, shown, "", "佐藤"]


def test_a_json_lines_record_s_confidence_is_null_once_the_clerk_changed_the_label(
        tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'state' / 'review.db'}"
    source = tmp_path / "labelled.jsonl"
    source.write_text(json.dumps({"理由": "なんとなく", "label": "relocation",
                                  "confidence": 0.51247, "needs_review": True},
                                 ensure_ascii=False) + "\n", "utf-8")
    with ReviewStore.open(url) as store:
        store.add_items([new_item("なんとなく", row=1, label="relocation")], now=NOW)
        store.decide(1, "佐藤", "other", now=NOW)
        apply_reviews(source, tmp_path / "out.jsonl",
                      lambda keys: store.decisions(text_keys=keys))
    record = json.loads((tmp_path / "out.jsonl").read_text("utf-8"))
    assert record["label"] == "other" and record["confidence"] is None
