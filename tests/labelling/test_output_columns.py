"""The columns added to a labelled file: Japanese for people, machine names for programs."""

from typing import Any

import pytest

from henno.labelling.output_columns import (
    MACHINE_COLUMNS,
    PEOPLE_COLUMNS,
    ColumnSet,
    OutputLayout,
    machine_header,
    people_values,
    percent,
    replaced_columns,
)

SCORES = [0.01, 0.01, 0.01, 0.97312, 0.00688]


def _machine(label: str, confidence: Any, flagged: bool, error: str,
             reasons: list[str] | None = None) -> list[Any]:
    scores = SCORES if label else [""] * 5
    found = ([label] if label else []) if reasons is None else reasons
    return [label, "転居" if label else "", confidence, flagged, *scores, found, error]


@pytest.mark.parametrize(("machine", "people"), [
    (_machine("relocation", 0.97312, False, ""), ["転居", "relocation", "97.3%", "", "", "転居"]),
    (_machine("relocation", 0.41, True, ""),
     ["転居", "relocation", "41.0%", "要確認", "", "転居"]),
    (_machine("relocation", 0.41, False, "", ["relocation", "scandal"]),
     ["転居", "relocation", "41.0%", "", "", "転居、相次ぐ不祥事"]),
    (_machine("relocation", 0.41, False, "", ["errors", "relocation"]),
     ["転居", "relocation", "41.0%", "", "", "転居、誤り・不具合"]),
    (_machine("", "", True, "empty text"), ["", "", "", "", "空欄", ""]),
    (_machine("", "", True, "undecodable bytes in the text"),
     ["", "", "", "要確認", "読めない文字", ""]),
    (_machine("", "", True, "a cell longer than 1,048,576 characters could not be read"),
     ["", "", "", "要確認", "長すぎて読めないセル", ""]),
    (_machine("", "", True, "the line is not a JSON object"),
     ["", "", "", "要確認", "読めない行", ""]),
    (_machine("", "", True, "something new"), ["", "", "", "要確認", "判定できませんでした", ""]),
])
def test_people_values_of_machine_values(machine: list[Any], people: list[Any]) -> None:
    assert people_values(machine) == people


@pytest.mark.parametrize(("confidence", "shown"), [
    (0.97312, "97.3%"), (1.0, "100.0%"), (0.2, "20.0%"), ("", ""), (None, "")])
def test_percent_has_one_decimal(confidence: Any, shown: str) -> None:
    assert percent(confidence) == shown


@pytest.mark.parametrize(("header", "replaced"), [
    (["受付番号", "返納理由"], []),
    (["受付番号", "返納理由", *MACHINE_COLUMNS], list(range(2, 2 + len(MACHINE_COLUMNS)))),
    (["返納理由", *PEOPLE_COLUMNS], [1, 2, 3, 4, 5, 6]),
    (["返納理由", "label", "label_ja", "confidence", "needs_review"], [1, 2, 3, 4]),
    (["返納理由", *PEOPLE_COLUMNS, *MACHINE_COLUMNS], list(range(1, 18))),
    # A file labelled before the reasons column: its five columns are still henno's.
    (["返納理由", "判定", "判定コード", "確からしさ", "要確認", "判定メモ"], [1, 2, 3, 4, 5]),
    (["返納理由", "label", "error"], []),  # the office's own columns
    (["判定", "返納理由"], []),
])
def test_replaced_columns_are_a_previous_labelling(header: list[str],
                                                   replaced: list[int]) -> None:
    assert replaced_columns(header) == replaced


def test_layout_replaces_a_previous_set_and_keeps_cells_beyond_the_header() -> None:
    layout = OutputLayout(["受付番号", "返納理由", *PEOPLE_COLUMNS], ColumnSet.JA)
    old = ["A-1", "引っ越し", "その他", "other", "51.0%", "要確認", "", "その他", "メモ"]
    assert layout.output_header() == ["受付番号", "返納理由", *PEOPLE_COLUMNS]
    assert layout.row(old, _machine("relocation", 0.97312, False, "")) == [
        "A-1", "引っ越し", "転居", "relocation", "97.3%", "", "", "転居", "メモ"]
    assert layout.replaced_names == PEOPLE_COLUMNS


def test_layout_in_machine_columns_replaces_japanese_ones() -> None:
    layout = OutputLayout(["返納理由", *PEOPLE_COLUMNS], ColumnSet.EN)
    machine = _machine("relocation", 0.97312, False, "", ["relocation", "scandal"])
    assert layout.output_header() == ["返納理由", *MACHINE_COLUMNS]
    assert layout.row(["引っ越し"], machine) == [
        "引っ越し", *machine[:-2], "relocation;scandal", ""]


def test_layout_of_a_json_lines_record_replaces_its_keys() -> None:
    layout = OutputLayout(["返納理由", "label", "label_ja", "confidence", "needs_review"],
                          ColumnSet.JA)
    record = {"返納理由": "引っ越し", "label": "other", "label_ja": "その他",
              "confidence": 0.5, "needs_review": True}
    machine = _machine("relocation", 0.97312, False, "", ["relocation", "scandal"])
    assert layout.record(record, machine) == {
        "返納理由": "引っ越し", "判定": "転居", "判定コード": "relocation", "確からしさ": "97.3%",
        "要確認": "", "判定メモ": "", "理由（すべて）": ["転居", "相次ぐ不祥事"]}


def test_a_machine_json_lines_record_lists_the_reasons_codes() -> None:
    layout = OutputLayout(["返納理由"], ColumnSet.EN)
    record = layout.record({"返納理由": "x"}, _machine("relocation", 0.9, False, "",
                                                        ["relocation", "scandal"]))
    assert record["reasons"] == ["relocation", "scandal"]


@pytest.mark.parametrize(("header", "machine"), [
    (["返納理由", *PEOPLE_COLUMNS],
     ["返納理由", "label_ja", "label", "confidence", "needs_review", "error", "reasons"]),
    (["返納理由", *MACHINE_COLUMNS], ["返納理由", *MACHINE_COLUMNS]),
    (["判定", "返納理由"], ["判定", "返納理由"]),
])
def test_machine_header_names_people_columns_by_machine_names(header: list[str],
                                                              machine: list[str]) -> None:
    assert machine_header(header) == machine
