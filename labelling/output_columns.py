"""The columns henno adds to a labelled file, in one place: Japanese ones for people (the page's
download and `henno label`), machine ones for programs (`--columns en`, the API).

Labelling computes the machine values (henno.labelling.predict); a people's file shows them as
判定, 判定コード, 確からしさ, 要確認, 判定メモ and 理由（すべて）. Labelling a file that already
holds either set replaces it instead of adding a second one.
"""

from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any

from henno.forms.workbook import LabelledRow, Percent
from henno.labelling.reason_cells import REASONS_EN, REASONS_JA, reasons_list, reasons_text
from henno.model.labels import LABEL_JA, LABELS


class ColumnSet(StrEnum):
    JA = "ja"
    EN = "en"


MACHINE_COLUMNS = ["label", "label_ja", "confidence", "needs_review",
                   *[f"score_{label}" for label in LABELS], REASONS_EN, "error"]
# 理由（すべて） last: the columns a clerk already knows keep their places.
PEOPLE_COLUMNS = ["判定", "判定コード", "確からしさ", "要確認", "判定メモ", REASONS_JA]
# The machine values hold the reasons as a list of labels: each file writes them its way.
REASONS_AT = MACHINE_COLUMNS.index(REASONS_EN)
COLUMNS = {ColumnSet.EN: MACHINE_COLUMNS, ColumnSet.JA: PEOPLE_COLUMNS}
# A set counts as present when these headers are all there: a ledger's own "label" or "判定"
# column alone is the office's, not henno's.
_MARKERS = {ColumnSet.EN: ("label", "label_ja", "confidence", "needs_review"),
            ColumnSet.JA: ("判定", "判定コード", "要確認")}

EMPTY_TEXT = "empty text"
UNDECODABLE_TEXT = "undecodable bytes in the text"
NEEDS_REVIEW = "要確認"
# Why a row has no label, for people; matched on the start of the machine `error` value.
_MEMOS = ((EMPTY_TEXT, "空欄"), (UNDECODABLE_TEXT, "読めない文字"),
          ("a cell longer than", "長すぎて読めないセル"),
          ("the line is not a JSON object", "読めない行"))
_OTHER_MEMO = "判定できませんでした"
# Rows that are not forms (henno.labelling.row_kinds), named so that reading the file back
# skips them.
NOT_FORM_MEMOS = {"a total row": "合計行", "a formula in the reason cell": "数式の行",
                  "a blank row": "空行"}


def memo(problem: str) -> str:
    """The 判定メモ of a row whose machine `error` is `problem` ("" when it was labelled)."""
    if not problem:
        return ""
    if problem in NOT_FORM_MEMOS:
        return NOT_FORM_MEMOS[problem]
    return next((ja for start, ja in _MEMOS if problem.startswith(start)), _OTHER_MEMO)


def percent(confidence: Any) -> str:
    """0.97312 -> "97.3%" (a number in a workbook: henno.forms.workbook.Percent); "" for a row
    without a label."""
    return "" if confidence in ("", None) else Percent(float(confidence))


def people_values(machine: list[Any], as_list: bool = False) -> list[Any]:
    """One row's PEOPLE_COLUMNS from its MACHINE_COLUMNS values. A blank form is 空欄, not a
    row to review. `as_list`: the reasons as a list (JSON Lines), not text."""
    label, _, confidence, flagged, problem = (*machine[:4], machine[-1])
    review = NEEDS_REVIEW if flagged is True and problem != EMPTY_TEXT else ""
    reasons = (reasons_list if as_list else reasons_text)(machine[REASONS_AT], True)
    return [LABEL_JA.get(label, ""), label, percent(confidence), review, memo(problem), reasons]


def machine_values(machine: list[Any]) -> list[Any]:
    """A CSV or workbook row's MACHINE_COLUMNS: the reasons as text (relocation;scandal)."""
    return [*machine[:REASONS_AT], reasons_text(machine[REASONS_AT], False),
            *machine[REASONS_AT + 1:]]


def replaced_columns(header: list[str]) -> list[int]:
    """The header's columns a previous labelling added (either set), to be replaced."""
    names = [str(name).strip() for name in header]
    found: set[int] = set()
    for columns, markers in ((COLUMNS[s], _MARKERS[s]) for s in ColumnSet):
        if all(marker in names for marker in markers):
            found.update(i for i, name in enumerate(names) if name in columns)
    return sorted(found)


def machine_header(header: list[str]) -> list[str]:
    """A people's file's header with its columns under their machine names, so that what
    reads labelled files (henno report) reads both sets; any other header as it is."""
    names = [str(name).strip() for name in header]
    if "label" in names or not all(marker in names for marker in _MARKERS[ColumnSet.JA]):
        return header
    as_machine = dict(zip(PEOPLE_COLUMNS, ("label_ja", "label", "confidence", "needs_review",
                                           "error", REASONS_EN), strict=True))
    return [as_machine.get(name, original) for name, original in zip(names, header)]


def machine_record(record: dict[str, Any]) -> dict[str, Any]:
    """A people's JSON Lines record under the machine names (see machine_header)."""
    return dict(zip(machine_header(list(record)), record.values(), strict=True))


@dataclass
class OutputLayout:
    """How an input row and its machine values become an output row: the input's columns
    except a previous labelling's, then the chosen set. Cells beyond the header's width are
    kept after the added columns, so nothing of the input is lost."""

    header: list[str]
    columns: ColumnSet = ColumnSet.EN
    replaced: list[int] = field(init=False)
    kept: list[int] = field(init=False)
    stale: frozenset[str] = field(init=False)  # a JSON Lines record's keys to drop

    def __post_init__(self) -> None:
        self.replaced = replaced_columns(self.header)
        replaced = set(self.replaced)
        self.kept = [i for i in range(len(self.header)) if i not in replaced]
        self.stale = frozenset(self.replaced_names)

    @property
    def replaced_names(self) -> list[str]:
        return [self.header[i] for i in self.replaced]

    @property
    def added_names(self) -> list[str]:
        return COLUMNS[self.columns]

    def output_header(self) -> list[str]:
        return [self.header[i] for i in self.kept] + self.added_names

    def values(self, machine: list[Any], keyed: bool = False) -> list[Any]:
        """The added values of a row, or of a JSON Lines record (`keyed`: reasons as a list)."""
        if self.columns is ColumnSet.JA:
            return people_values(machine, as_list=keyed)
        return machine if keyed else machine_values(machine)

    def row(self, row: list[Any], machine: list[Any]) -> LabelledRow:
        """The output row; it keeps the input row's number in its sheet, if it has one."""
        width = len(self.header)
        padded = row + [None] * (width - len(row))
        added = self.values(machine)
        return LabelledRow([padded[i] for i in self.kept] + added + row[width:],
                           getattr(row, "number", None), added)

    def record(self, record: dict[str, Any], machine: list[Any]) -> dict[str, Any]:
        """A JSON Lines record: its keys except a previous labelling's, then the set's."""
        kept = {key: value for key, value in record.items() if key not in self.stale}
        return kept | dict(zip(self.added_names, self.values(machine, keyed=True), strict=True))
