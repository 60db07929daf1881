from pathlib import Path

import pytest

from henno.model.artifacts import read_metadata
from henno.model.errors import DatasetError
from henno.model.labels import LABELS
from henno.review.redaction import redact_for_storage, text_key
from henno.review.store import NewItem, ReviewStore
from henno.training.dataset import Dataset, load_dataset
from henno.training.feedback import corpus_key, merge_feedback, outside_test_set
from henno.training.train import train_model
from tests.conftest import read_rows

# Fictional personal data: a corpus row and a form row written the same way must match.
RAW = "山田太郎です。090-1234-5678 に連絡ください。来月引っ越します"


def _corpus(rows: list[tuple[str, str]]) -> Dataset:
    return Dataset(texts=[t for t, _ in rows], labels=[label for _, label in rows],
                   sha256="0" * 64, path=Path("train.csv"))


def _filler() -> list[tuple[str, str]]:
    return [(f"{label}の理由{i}", label) for label in LABELS for i in range(10)]


def _reviewed_from_store(url: str, raw: str, label: str) -> list[tuple[str, str]]:
    with ReviewStore.open(url) as store:
        store.add_items([NewItem(raw, "relocation", {"relocation": 0.5}, "forms.csv", 1)])
        store.decide(1, "clerk", label)
        return [(item.text, label) for item in store.reviewed()]


def test_a_corpus_row_and_a_stored_item_of_the_same_text_match(tmp_path: Path) -> None:
    reviewed = _reviewed_from_store(f"sqlite:///{tmp_path / 'r.db'}", RAW, "other")
    assert corpus_key(RAW) == text_key(reviewed[0][0])
    merged = merge_feedback(_corpus([(RAW, "relocation"), *_filler()]), reviewed)
    assert RAW not in merged.texts
    assert merged.label_counts()["relocation"] == 10
    assert merged.labels[-1] == "other"
    assert (merged.feedback_rows, merged.feedback_replaced) == (1, 1)


@pytest.mark.parametrize("corpus_text", [
    "3月に引っ越します", "  ３月に引っ越します ", "12月に引っ越します", "3月に引っ越します\u3000"])
def test_reviewed_labels_replace_corpus_texts_that_train_alike(corpus_text: str) -> None:
    merged = merge_feedback(_corpus([(corpus_text, "relocation"), *_filler()]),
                            [("0月に引っ越します", "other")])  # stored: numbers redacted
    assert merged.texts[-1] == "0月に引っ越します"
    assert corpus_text not in merged.texts[:-1]
    assert merged.feedback_replaced == 1


def test_the_latest_review_of_a_text_wins() -> None:
    merged = merge_feedback(_corpus(_filler()), [("転居のため", "other"),
                                                  ("死亡のため", "other"),
                                                  ("転居のため", "relocation")])
    assert merged.texts[-2:] == ["死亡のため", "転居のため"]
    assert merged.labels[-2:] == ["other", "relocation"]
    assert (merged.feedback_rows, merged.feedback_replaced) == (2, 0)


def test_merged_content_gets_its_own_hash() -> None:
    corpus = _corpus(_filler())
    first = merge_feedback(corpus, [("転居のため", "relocation")])
    assert first.sha256 == merge_feedback(corpus, [("転居のため", "relocation")]).sha256
    assert first.sha256 not in {corpus.sha256,
                                merge_feedback(corpus, [("転居のため", "other")]).sha256}


def test_no_feedback_leaves_the_dataset_unchanged() -> None:
    corpus = _corpus(_filler())
    assert merge_feedback(corpus, []) is corpus


def test_merged_rows_are_validated_like_a_training_file() -> None:
    with pytest.raises(DatasetError) as caught:
        merge_feedback(_corpus(_filler()), [("転居のため", "moving")])
    assert str(caught.value).startswith(
        "train.csv with 1 reviewed row(s): unknown label on line(s) 52; allowed:")


def test_train_model_merges_feedback_into_training_only(small_data: tuple[Path, Path],
                                                        tmp_path: Path) -> None:
    text = next(text for text, label in read_rows(small_data[0]) if label == "relocation")
    test_rows = load_dataset(small_data[1]).texts
    result = train_model(*small_data, tmp_path / "models", n_jobs=1,
                         feedback=[(text, "other"), (test_rows[0], "other")])
    metadata = read_metadata(result.path)
    training = metadata["training_data"]
    # The reviewed test-set text is left out: only the training text's label is replaced.
    assert (training["feedback_rows"], training["feedback_replaced"]) == (1, 1)
    assert training["rows"] == 250
    assert training["rows_per_label"]["relocation"] == 49
    assert metadata["test_data"]["rows"] == 100
    assert "with 1 reviewed rows, replacing 1" in (result.path / "report.md").read_text("utf-8")


def test_reviewed_rows_of_test_set_texts_are_left_out(small_data: tuple[Path, Path]) -> None:
    test = load_dataset(small_data[1], min_rows_per_label=0)
    in_test = (redact_for_storage(test.texts[0]), "other")
    elsewhere = ("窓口で手続きが面倒だった", "other")
    assert outside_test_set([in_test, elsewhere], test) == [elsewhere]
