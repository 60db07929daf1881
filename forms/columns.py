"""Finding the column that holds the reason text: by what its header means, or as named."""

import re
import unicodedata

from henno.forms.shown import listing, shown_name
from henno.labelling.reason_cells import REASONS_EN, REASONS_JA
from henno.model.errors import FormFileError

__all__ = ["TEXT_COLUMN_NAMES", "find_text_column", "fold", "listing", "shown_name"]
# Whole header names, most specific first (compared folded, see `fold`); then any header
# holding one of REASON_WORDS: 返納の理由（自由記載）, 返納理由等, 理由（記入欄）, 返納事由 …
TEXT_COLUMN_NAMES = ("返納理由", "返納の理由", "返却理由", "理由", "reason", "return reason",
                     "text", "内容", "記入内容")
REASON_WORDS = ("理由", "事由", "reason")
# Brackets and what they hold (（自由記載）, [必須]), 等 ("and the like") and spaces say nothing
# of what a column holds.
_NOISE = re.compile(r"\([^()]*\)|\[[^\[\]]*\]|【[^【】]*】|「[^「」]*」|〔[^〔〕]*〕|<[^<>]*>"
                    r"|等|\s+")
_LETTERS = re.compile(r"[A-Za-z]{1,3}")
# henno's column of every reason a form gives folds to 理由 (or holds "reason") but lists
# labels, never the text: a labelled file labelled again keeps reading its own reason column.
_LABELS_ONLY = frozenset({REASONS_JA, REASONS_EN})
_MAX_EXCEL_COLUMN = 16_384  # XFD


def fold(name: object) -> str:
    """A header as compared: NFKC, lower case, without brackets and their contents, 等 and
    spaces (“返納の理由（自由記載）” -> “返納の理由”)."""
    text = unicodedata.normalize("NFKC", str(name)).lower()
    return _NOISE.sub("", text)


def _by_meaning(folded: list[str]) -> int | None:
    for name in TEXT_COLUMN_NAMES:
        if name.replace(" ", "") in folded:
            return folded.index(name.replace(" ", ""))
    return next((i for i, header in enumerate(folded)
                 if any(word in header for word in REASON_WORDS)), None)


def column_position(requested: str, width: int) -> int | None:
    """The 0-based column of an Excel letter (E, AA) or a 1-based number (5), or None."""
    text = unicodedata.normalize("NFKC", requested).strip()
    position: int | None = None
    if text.isdigit():
        position = int(text) - 1
    elif _LETTERS.fullmatch(text):
        position = 0
        for letter in text.upper():
            position = position * 26 + ord(letter) - ord("A") + 1
        position = position - 1 if position <= _MAX_EXCEL_COLUMN else None
    return position if position is not None and 0 <= position < width else None


def find_text_column(columns: list[str], requested: str | None = None) -> int:
    """Index of the requested column (its header, Excel letter or 1-based number), or of the
    first header that names a reason."""
    folded = [fold(column) for column in columns]
    if requested is not None:
        if fold(requested) in folded:  # a header wins over a letter: a column may be named "E"
            return folded.index(fold(requested))
        position = column_position(requested, len(columns))
        if position is not None:
            return position
        raise FormFileError(f"no column named {requested!r}; columns found: {listing(columns)}",
                            code="text_column_not_found")
    found = _by_meaning([
        "" if str(column).strip() in _LABELS_ONLY else name
        for column, name in zip(columns, folded, strict=True)])
    if found is not None:
        return found
    raise FormFileError(
        "no reason text column found (looked for a header naming a reason: 理由, 事由, "
        f"reason, or text, 内容, 記入内容); columns found: {listing(columns)}; name it with "
        "text_column (henno label --text-column): its header, letter (E) or number (5)",
        code="text_column_not_found",
    )
