"""Residents' text kept as text in spreadsheets: a form text must never run as a formula."""

from typing import Any

# What Excel (and LibreOffice) read as the start of a formula in a CSV cell; tab and carriage
# return hide a formula behind leading white space.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def inert(cell: str) -> str:
    """The cell with a leading quote when Excel would run it: Excel shows it as typed."""
    return f"'{cell}" if cell[:1] in FORMULA_STARTS else cell


def inert_row(row: list[Any]) -> list[Any]:
    """Every text cell of a CSV row made inert; numbers and empty cells as they are."""
    return [inert(cell) if isinstance(cell, str) else cell for cell in row]
