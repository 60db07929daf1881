"""Text normalisation applied before any feature is built.

Personal data is replaced by placeholders here, so that no individual number, phone number,
e-mail address or postal code of a training row can reach a saved model's vocabulary.
"""

import re
import unicodedata
from typing import Final

PLACEHOLDER_EMAIL: Final = "#email#"
PLACEHOLDER_INDIVIDUAL_NUMBER: Final = "#mynumber#"
PLACEHOLDER_PHONE: Final = "#phone#"
PLACEHOLDER_POSTAL: Final = "#postal#"
PLACEHOLDER_NUMBER: Final = "0"

_DASH = r"[-‐‑‒–—―−]"
_SEP = rf"(?:{_DASH}|\s)"
_EMAIL = re.compile(r"[\w.%+-]+@[\w-]+(?:\.[\w-]+)+", re.ASCII)
_INDIVIDUAL_NUMBER = re.compile(rf"(?<!\d)\d{{4}}{_SEP}?\d{{4}}{_SEP}?\d{{4}}(?!\d)")
_PHONE_SEP = rf"(?:{_DASH}|\s|\(|\))"
_PHONE = re.compile(
    # 090-0000-1234, 03(0000)5678, 03 0000 5678
    rf"(?<!\d)0\d{{1,4}}{_PHONE_SEP}\d{{1,4}}{_PHONE_SEP}\d{{3,4}}(?!\d)"
    r"|(?<!\d)0\d{9,10}(?!\d)"  # 09000001234
    rf"|\(0\d{{1,4}}\)\s?\d{{1,4}}{_SEP}?\d{{4}}(?!\d)"  # (03)0000-5678
    rf"|\+81{_SEP}?\d{{1,4}}{_SEP}?\d{{1,4}}{_SEP}?\d{{4}}(?!\d)"  # +81-90-0000-1234
)
_POSTAL = re.compile(rf"〒\s*\d{{3}}{_DASH}?\d{{4}}(?!\d)|(?<!\d)\d{{3}}{_DASH}\d{{4}}(?!\d)")
_NUMBER = re.compile(r"\d+")
_MAY_HOLD_PERSONAL_DATA = re.compile(r"[\d@]")
# Lone surrogates cannot be passed to MeCab nor written as UTF-8; they carry no meaning.
_SURROGATES = re.compile(r"[\ud800-\udfff]")


def is_individual_number(digits: str) -> bool:
    """True when 12 digits end with the check digit of an individual number (マイナンバー).

    The check digit is 11 - (sum of P_n * Q_n over the other 11 digits mod 11), or 0 when that
    remainder is 0 or 1; P_n is the n-th of those digits counted from the right, and Q_n is
    n + 1 for n <= 6 and n - 5 above (個人番号の検査用数字, 総務省令).
    """
    if len(digits) != 12 or not digits.isdigit():
        return False
    body = [int(d) for d in reversed(digits[:11])]
    remainder = sum(p * (n + 1 if n <= 6 else n - 5) for n, p in enumerate(body, start=1)) % 11
    return int(digits[11]) == (0 if remainder <= 1 else 11 - remainder)


def _individual_number(match: re.Match[str]) -> str:
    digits = re.sub(r"\D", "", match.group())
    # Other 12-digit numbers (account, receipt numbers) are still numbers: redacted as such.
    return PLACEHOLDER_INDIVIDUAL_NUMBER if is_individual_number(digits) else PLACEHOLDER_NUMBER


def redact(text: str) -> str:
    """Replace personal data and other numbers in NFKC text by fixed placeholders."""
    if not _MAY_HOLD_PERSONAL_DATA.search(text):
        return text
    text = _EMAIL.sub(PLACEHOLDER_EMAIL, text)
    text = _INDIVIDUAL_NUMBER.sub(_individual_number, text)
    text = _PHONE.sub(PLACEHOLDER_PHONE, text)
    text = _POSTAL.sub(PLACEHOLDER_POSTAL, text)
    return _NUMBER.sub(PLACEHOLDER_NUMBER, text)


def normalize(text: str) -> str:
    """NFKC (folds full/half width), lower-case, redact personal data, collapse whitespace."""
    if not text.isascii():
        text = _SURROGATES.sub("", text)
    text = unicodedata.normalize("NFKC", text.replace("\x00", " ")).lower()
    return " ".join(redact(text).split())
