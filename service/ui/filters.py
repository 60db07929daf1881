"""Jinja filters for what clerks read: times in Japan time, shares as percentages, and the
placeholders of redacted texts in Japanese."""

import re
from datetime import UTC, datetime, timedelta, timezone

from henno.model.normalize import (
    PLACEHOLDER_EMAIL,
    PLACEHOLDER_INDIVIDUAL_NUMBER,
    PLACEHOLDER_PHONE,
    PLACEHOLDER_POSTAL,
)
from henno.model.tokenizer import PLACEHOLDER_NAME

JST = timezone(timedelta(hours=9), "JST")
PLACEHOLDERS_JA = {
    PLACEHOLDER_NAME: "（氏名）",
    PLACEHOLDER_PHONE: "（電話番号）",
    PLACEHOLDER_EMAIL: "（メールアドレス）",
    PLACEHOLDER_INDIVIDUAL_NUMBER: "（個人番号）",
    PLACEHOLDER_POSTAL: "（郵便番号）",
}
_PLACEHOLDER = re.compile("|".join(map(re.escape, PLACEHOLDERS_JA)))


def _moment(value: object) -> datetime | None:
    if isinstance(value, datetime):
        moment = value
    elif isinstance(value, int | float) and not isinstance(value, bool):
        moment = datetime.fromtimestamp(value, UTC)
    elif isinstance(value, str):
        try:
            moment = datetime.fromisoformat(value.strip().replace("Z", "+00:00"))
        except ValueError:
            return None
    else:
        return None
    # henno writes its times in UTC; a time without a zone is one of those.
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


def as_jst(value: object) -> str:
    """2026年12月2日 21:02 (Japan time); what is not a time is shown as it is."""
    moment = _moment(value)
    if moment is None:
        return "" if value is None else str(value)
    local = moment.astimezone(JST)
    return f"{local.year}年{local.month}月{local.day}日 {local:%H:%M}"


def as_percent(value: float | None) -> str:
    return "—" if value is None else f"{value * 100:.1f}%"


def placeholders_ja(text: str) -> str:
    """#name# → （氏名）, #phone# → （電話番号）…: what the review store put in place of
    personal data, in words a clerk reads."""
    return _PLACEHOLDER.sub(lambda found: PLACEHOLDERS_JA[found.group(0)], text)


# The review store keeps every number as one "0" (model/normalize.py): shown as a digit, 「2回
# あって」 read 「0回あって」 to the clerk deciding on it. Every digit of a stored text is such
# a placeholder, shown as a mark no one reads as a number.
NUMBER_SHOWN = "○"
_STORED_NUMBER = re.compile(r"\d")


def stored_text_ja(text: str) -> str:
    """A review store text as a clerk reads it: placeholders in words, numbers as 「○」."""
    return _STORED_NUMBER.sub(NUMBER_SHOWN, placeholders_ja(text))


def has_stored_number(text: str) -> bool:
    return _STORED_NUMBER.search(text) is not None


FILTERS = {"jst": as_jst, "percent": as_percent, "placeholders_ja": placeholders_ja,
           "stored_text_ja": stored_text_ja}
