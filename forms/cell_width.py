"""How wide a cell's text shows in Excel, in its width unit (about one narrow character)."""

import unicodedata

MIN_WIDTH = 14  # characters: 判定メモ and 確からしさ fit
MAX_WIDTH = 60  # a longer value wraps or is cut, rather than pushing the sheet off screen
_MARGIN = 2  # Excel's width unit is a digit of the default font; a little air either side


def shown_width(value: object) -> int:
    """Wide (full-width) characters take two units, as Excel shows them."""
    return sum(2 if unicodedata.east_asian_width(char) in "WF" else 1 for char in str(value))


def column_width(widest: int) -> int:
    """The column's width for its widest value (shown_width), within MIN_WIDTH..MAX_WIDTH."""
    return min(MAX_WIDTH, max(MIN_WIDTH, widest + _MARGIN))
