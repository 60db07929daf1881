"""What of a file's header may be shown in a message or a column picker.

A file without a header row has a resident's form in its "header": a reason, a name, a phone
number. Error bodies and logs must never carry them, so a cell is shown only when it looks
like a column name: short, no contact data or individual number, and no person's name.
"""

import re

from henno.model.normalize import PLACEHOLDER_NUMBER, redact

_SHOWN_CHARS = 12  # headers are short; a longer "header" is likely a data row
_LISTED = 20  # a file may have a thousand columns: a message lists the first ones
_DIGITS = re.compile(r"\d+")
_LONG_NUMBER = re.compile(r"\d{7,}")  # an account, a receipt or an individual number


def _has_person_name(text: str) -> bool:
    # The model's tokenizer tags person names (unidic 固有名詞・人名); imported here because
    # loading the dictionary is only worth it when a header is to be shown.
    from henno.model.tokenizer import PLACEHOLDER_NAME, JapaneseTokenizer

    return PLACEHOLDER_NAME in JapaneseTokenizer("lemma").analyze(text).text


def may_be_data(column: object) -> bool:
    """Whether a header cell might be a resident's data rather than a column name."""
    text = str(column)
    # Plain numbers (2023年度, 第10回) are common in headers; a phone number, an e-mail or
    # postal address, an individual number are not.
    if len(text) > _SHOWN_CHARS or _LONG_NUMBER.search(text):
        return True
    if redact(text) != _DIGITS.sub(PLACEHOLDER_NUMBER, text):
        return True
    return bool(text.strip()) and _has_person_name(text)


def shown_name(number: int, column: object) -> str:
    """The header as it may be shown, or only its number when it may be data."""
    return f"<column {number}: not shown>" if may_be_data(column) else str(column)


def listing(columns: list[str]) -> str:
    """Column names for an error message: none at all when one of them may be data (the first
    row is then likely a form, not a header row)."""
    if not columns:
        return "none"
    listed = columns[:_LISTED]
    if any(may_be_data(column) for column in listed):
        return (f"not shown ({len(columns)} columns; the first row looks like a form, not a "
                "header row)")
    more = f" and {len(columns) - _LISTED} more" if len(columns) > _LISTED else ""
    return ", ".join(repr(str(column)) for column in listed) + more
