"""Rows of a ledger that are not forms: a 合計/計/小計 row, a row whose reason cell is a
formula, a blank row. They pass through unchanged, neither labelled nor counted; their marker
(NotAForm) is what the writer and the tally see in place of the reason cell."""

import unicodedata
from typing import Any

from henno.forms.source import SheetRow
from henno.labelling.predict import CellProblem

TOTAL_WORDS = frozenset({"合計", "計", "小計", "総計", "累計", "total", "subtotal"})
_SEPARATORS = str.maketrans("", "", " 　:：")


class NotAForm(CellProblem):
    """Stands for the reason cell of a row that is not a form; its value says which kind."""

    for_review = False  # nobody's reason: nothing to check


TOTAL_ROW = NotAForm("a total row")
FORMULA_ROW = NotAForm("a formula in the reason cell")
BLANK_ROW = NotAForm("a blank row")


def _is_total_word(cell: Any) -> bool:
    if not isinstance(cell, str) or len(cell) > 10:
        return False
    if "計" not in cell and "otal" not in cell.lower():  # the common case, cheaply
        return False
    return unicodedata.normalize("NFKC", cell).translate(_SEPARATORS).lower() in TOTAL_WORDS


def _first_filled(row: list[Any]) -> Any:
    for cell in row:
        if cell is not None and (not isinstance(cell, str) or cell.strip()):
            return cell
    return None


def row_kind(row: list[Any], column: int) -> NotAForm | None:
    """The kind of a row that is not a form, or None for a form (even a blank one: a row with
    a 受付番号 and no reason is a form left blank). A total row says so in its first cell."""
    first = _first_filled(row)
    if first is None:
        return BLANK_ROW
    if _is_total_word(first):  # a 合計 row usually sums with a formula: it says 合計行
        return TOTAL_ROW
    if isinstance(row, SheetRow) and column in row.formulas:
        return FORMULA_ROW
    return None
