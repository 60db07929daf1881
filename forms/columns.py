"""Finding the column that holds the reason text."""

import unicodedata

from model.errors import FormFileError
from model.normalize import redact

# Header names clerks use for the reason, most specific first; compared after NFKC and case
# folding, so ＲＥＡＳＯＮ and Reason match too.
TEXT_COLUMN_NAMES = ("返納理由", "返納の理由", "返却理由", "理由", "reason", "return reason",
                     "text", "内容", "記入内容")


def _fold(name: str) -> str:
    return unicodedata.normalize("NFKC", name).strip().lower()


def find_text_column(columns: list[str], requested: str | None = None) -> int:
    """Index of the requested column, or of the first header that names a reason."""
    folded = [_fold(column) for column in columns]
    if requested is not None:
        if _fold(requested) in folded:
            return folded.index(_fold(requested))
        raise FormFileError(f"no column named {requested!r}; columns found: {listing(columns)}",
                            code="text_column_not_found")
    for name in TEXT_COLUMN_NAMES:
        if name in folded:
            return folded.index(name)
    raise FormFileError(
        f"no reason text column found (looked for {', '.join(TEXT_COLUMN_NAMES)}); "
        f"columns found: {listing(columns)}; name one with text_column",
        code="text_column_not_found",
    )


_SHOWN_CHARS = 12  # headers are short; a longer "header" is likely a data row


def listing(columns: list[str]) -> str:
    """Column names for an error message. A file without a header row would show its first
    data row here (a reason, a name, a phone number), so long names are not shown and numbers
    are redacted."""
    if not columns:
        return "none"
    return ", ".join(shown_name(number, column, quoted=True)
                     for number, column in enumerate(columns, start=1))


def shown_name(number: int, column: str, quoted: bool = False) -> str:
    """A header as it may be shown (see `listing`): short and redacted, or only its size."""
    text = redact(str(column))
    if len(text) <= _SHOWN_CHARS:
        return repr(text) if quoted else text
    return f"<column {number}: {len(text)} characters, not shown>"
