"""A clerk's decision written back replaces the reasons column too (either set, JSON Lines as
a list): the clerk vouched for one reason, not for the model's others."""

import csv
import io
import json
from pathlib import Path
from typing import Any

import pytest

from henno.review.apply import apply_reviews
from henno.review.store import ReviewStore
from tests.review.conftest import NOW, new_item


@pytest.fixture
def decided(store: ReviewStore) -> ReviewStore:
    store.add_items([new_item("なんとなく", row=2, label="other")], now=NOW)
    store.decide(1, "佐藤", "system_distrust", now=NOW)
    return store


def _apply(store: ReviewStore, source: Path, output: Path) -> None:
    apply_reviews(source, output, lambda keys: store.decisions(text_keys=keys))


@pytest.mark.parametrize(("header", "row", "expected"), [
    (["返納理由", "判定", "理由（すべて）", "判定コード", "要確認"],
     ["なんとなく", "その他", "その他・転居", "other", "要確認"],
     ["なんとなく", "制度への不信", "制度への不信", "system_distrust", "", "佐藤"]),
    (["返納理由", "label", "label_ja", "needs_review", "reasons"],
     ["なんとなく", "other", "その他", "True", "other;relocation"],
     ["なんとなく", "system_distrust", "制度への不信", "False", "system_distrust", "佐藤"]),
])
def test_a_reviewed_row_s_reasons_are_the_clerk_s_label(
        decided: ReviewStore, tmp_path: Path, header: list[str], row: list[str],
        expected: list[str]) -> None:
    source = tmp_path / "labelled.csv"
    with open(source, "w", encoding="utf-8", newline="") as handle:
        csv.writer(handle).writerows([header, row])
    output = tmp_path / "reviewed.csv"
    _apply(decided, source, output)
    assert list(csv.reader(io.StringIO(output.read_text("utf-8"))))[1] == expected


@pytest.mark.parametrize(("record", "key", "value"), [
    ({"理由": "なんとなく", "判定": "その他", "理由（すべて）": ["その他"], "判定コード": "other",
      "要確認": "要確認"}, "理由（すべて）", ["制度への不信"]),
    ({"理由": "なんとなく", "label": "other", "reasons": ["other", "scandal"],
      "needs_review": True}, "reasons", ["system_distrust"]),
])
def test_a_reviewed_json_lines_record_lists_the_clerk_s_label(
        decided: ReviewStore, tmp_path: Path, record: dict[str, Any], key: str,
        value: list[str]) -> None:
    source = tmp_path / "labelled.jsonl"
    source.write_text(json.dumps(record, ensure_ascii=False) + "\n", "utf-8")
    output = tmp_path / "reviewed.jsonl"
    _apply(decided, source, output)
    assert json.loads(output.read_text("utf-8"))[key] == value
