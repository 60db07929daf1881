import csv
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from henno.cli.main import main
from henno.model import store
from henno.model.artifacts import read_metadata
from henno.review.store import NewItem, ReviewStore
from henno.settings import get_settings
from tests.conftest import read_rows


def _item(text: str, label: str = "relocation") -> NewItem:
    return NewItem(text, label, {label: 0.5, "other": 0.4}, "forms.csv", 1)


def _review(url: str, decisions: list[tuple[str, str]], created: datetime | None = None) -> None:
    with ReviewStore.open(url) as review:
        first = review.counts().pending + review.counts().decided + 1
        review.add_items([_item(text) for text, _ in decisions], now=created)
        for item_id, (_, label) in enumerate(decisions, start=first):
            review.decide(item_id, "clerk", label)


def test_feedback_export_writes_the_reviewed_rows(review_url: str, tmp_path: Path,
                                                  capsys: pytest.CaptureFixture[str]) -> None:
    _review(review_url, [("転居のため", "relocation"), ("死亡のため", "other")])
    output = tmp_path / "reviewed.csv"
    assert main(["feedback", "export", "-o", str(output)]) == 0
    assert capsys.readouterr().out == f"wrote 2 reviewed rows to {output}\n"
    with open(output, encoding="utf-8-sig", newline="") as handle:
        assert [row["label"] for row in csv.DictReader(handle)] == ["relocation", "other"]


def test_feedback_export_to_a_missing_folder_exits_2(review_url: str, tmp_path: Path,
                                                     capsys: pytest.CaptureFixture[str]) -> None:
    output = tmp_path / "missing" / "reviewed.csv"
    assert main(["feedback", "export", "-o", str(output)]) == 2
    assert capsys.readouterr().err == (
        f"henno: error: cannot write {output}: No such file or directory\n")


@pytest.mark.parametrize(("args", "deleted", "days"), [
    ([], 1, 365),
    (["--older-than-days", "30"], 2, 30),
])
def test_feedback_purge_deletes_old_items(review_url: str, args: list[str], deleted: int,
                                          days: int, capsys: pytest.CaptureFixture[str]) -> None:
    now = datetime.now(UTC)
    _review(review_url, [("転居のため", "relocation")], created=now - timedelta(days=400))
    _review(review_url, [("死亡のため", "other")], created=now - timedelta(days=40))
    assert main(["feedback", "purge", *args]) == 0
    assert capsys.readouterr().out == (
        f"deleted {deleted} review items created more than {days} days ago\n")


def test_feedback_purge_refuses_zero_days(review_url: str,
                                          capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["feedback", "purge", "--older-than-days", "0"]) == 2
    assert capsys.readouterr().err == (
        "henno: error: --older-than-days must be between 1 and 36500\n")


def test_feedback_stats(review_url: str, capsys: pytest.CaptureFixture[str]) -> None:
    _review(review_url, [("転居のため", "relocation")])
    with ReviewStore.open(review_url) as review:
        review.add_items([_item("死亡のため")])
    assert main(["feedback", "stats"]) == 0
    assert capsys.readouterr().out == "pending 1 · decided 1\n"


def test_an_unusable_database_url_exits_2(monkeypatch: pytest.MonkeyPatch,
                                          capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.setenv("HENNO_DATABASE_URL", "sqlite://")
    get_settings.cache_clear()
    try:
        assert main(["feedback", "stats"]) == 2
    finally:
        get_settings.cache_clear()
    assert capsys.readouterr().err == ("henno: error: the review store needs a SQLite file, "
                                       "not an in-memory database\n")


def test_train_with_feedback_and_no_reviews_trains_on_the_corpus(
        review_url: str, models_dir: Path, small_data: tuple[Path, Path],
        capsys: pytest.CaptureFixture[str]) -> None:
    args = ["train", "--feedback", "--data", str(small_data[0]), "--test", str(small_data[1])]
    assert main(args) == 0
    out = capsys.readouterr().out
    assert out.startswith("no reviewed items in the review store; training on the corpus only\n")
    version = store.current_version(models_dir)
    assert version is not None
    assert read_metadata(models_dir / version)["training_data"]["feedback_rows"] == 0


def test_train_with_feedback_uses_the_reviewed_label(
        review_url: str, models_dir: Path, small_data: tuple[Path, Path],
        capsys: pytest.CaptureFixture[str]) -> None:
    text = next(text for text, label in read_rows(small_data[0]) if label == "relocation")
    _review(review_url, [(text, "other")])
    args = ["train", "--feedback", "--data", str(small_data[0]), "--test", str(small_data[1])]
    assert main(args) == 0
    assert "merged 1 reviewed rows, replacing 1 corpus rows" in capsys.readouterr().err
    version = store.current_version(models_dir)
    assert version is not None
    training = read_metadata(models_dir / version)["training_data"]
    assert (training["feedback_rows"], training["feedback_replaced"]) == (1, 1)
    assert training["rows"] == 250
    assert (training["rows_per_label"]["relocation"], training["rows_per_label"]["other"]) == (
        49, 51)


def test_label_review_puts_flagged_rows_in_the_review_store(
        review_url: str, cli_models: Path, tmp_path: Path,
        capsys: pytest.CaptureFixture[str]) -> None:
    forms = tmp_path / "forms.csv"
    texts = ["転居のため", "よくわからない", "なんとなく不安", "", "山田太郎 090-0000-4321"]
    forms.write_text("理由\n" + "\n".join(texts) + "\n", encoding="utf-8")
    assert main(["label", str(forms), "--quiet", "--review", "--columns", "en"]) == 0
    with open(tmp_path / "forms_labelled.csv", encoding="utf-8", newline="") as handle:
        # Numbered as Excel shows the rows: the header is row 1.
        flagged = [(number, row) for number, row in enumerate(csv.DictReader(handle), start=2)
                   if row["needs_review"] == "True" and row["label"]]
    assert flagged, "the small model flags some of these vague reasons"
    assert f"review: {len(flagged)} flagged rows added" in capsys.readouterr().out
    with ReviewStore.open(review_url) as review:
        items = [review.get(i) for i in range(1, len(flagged) + 1)]
    assert [(i.source_file, i.source_row, i.model_label) for i in items if i] == [
        ("forms.csv", number, row["label"]) for number, row in flagged]
    assert all("090-0000-4321" not in i.text for i in items if i)


def test_label_review_numbers_a_ledgers_rows_as_excel_shows_them(
        review_url: str, cli_models: Path, tmp_path: Path,
        capsys: pytest.CaptureFixture[str]) -> None:
    from tests.forms.ledger import FIRST_FORM_ROW, FORMS, ledger_workbook

    ledger = ledger_workbook(tmp_path / "返納受付簿.xlsx")  # title, note, header in row 3
    assert main(["label", str(ledger), "--quiet", "--review", "--columns", "en"]) == 0
    added = int(capsys.readouterr().out.split("review: ")[1].split()[0])
    assert added, "the small model flags some of the ledger's reasons"
    with ReviewStore.open(review_url) as review:
        items = [item for i in range(1, added + 1) if (item := review.get(i))]
    number_of = {form[0]: FIRST_FORM_ROW + n for n, form in enumerate(FORMS)}
    assert items and all(item.record_id in number_of for item in items)
    assert all(item.source_row == number_of[str(item.record_id)] for item in items)
    assert {(item.id_column, item.source_file) for item in items} == {
        ("受付番号", "返納受付簿.xlsx")}
    # The same ledger labelled again queues nothing a second time.
    assert main(["label", str(ledger), "--quiet", "--review", "--columns", "en",
                 "-o", str(tmp_path / "again.xlsx")]) == 0
    assert "already in the review store" in capsys.readouterr().out
