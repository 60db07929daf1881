"""What a clerk may read of a reason text: personal data replaced, everything else kept.

On top of the model's redaction (model/normalize.py) and the dictionary's person names, the
stored text also loses what a careful writer of a form might use to spell personal data in
other ways: numbers in kanji numerals, obfuscated e-mail addresses, romanised full names.
Every pattern runs in time linear in the text (no nested ambiguous repeats), and a stored
text is at most MAX_STORED_CHARS long: a cell can hold a megabyte.
"""

import hashlib
import re
import unicodedata

from henno.model.normalize import (
    PLACEHOLDER_EMAIL,
    PLACEHOLDER_INDIVIDUAL_NUMBER,
    PLACEHOLDER_NUMBER,
    PLACEHOLDER_PHONE,
    PLACEHOLDER_POSTAL,
    normalize,
    redact,
)
from henno.model.tokenizer import PLACEHOLDER_NAME, JapaneseTokenizer
from henno.review.english_words import NOT_NAME_WORDS

MAX_STORED_CHARS = 2000
_TOKENIZER = JapaneseTokenizer("lemma")
# Lone surrogates cannot be written as UTF-8 nor passed to MeCab; NUL ends C strings early.
_DROPPED = dict.fromkeys([0, *range(0xD800, 0xE000)])
_KANJI_DIGIT = "〇零一二三四五六七八九"
# Four or more kanji digits in a row (dashes and spaces between) are a number, not words.
_KANJI_NUMBER = re.compile(rf"[{_KANJI_DIGIT}](?:[ \-ー‐−]*[{_KANJI_DIGIT}]){{3,}}")
_EMAIL_AT = re.compile(r"@|\(at\)|\[at\]", re.IGNORECASE)
# Dots separate the parts: a part never holds one, so no two repeats can match the same text.
_EMAIL_LIKE = re.compile(
    r"[\w+-]+(?:[ \t]*\.[ \t]*[\w+-]+)*[ \t]*(?:@|\(at\)|\[at\])[ \t]*[\w-]+"
    r"(?:[ \t]*\.[ \t]*[\w-]+)*", re.ASCII | re.IGNORECASE)
# Runs of capitalised Latin words ("Taro Yamada", "SATO KENJI"), next to Japanese too.
_LATIN_WORDS = re.compile(
    r"(?<![A-Za-z])(?:[A-Z][a-z]+(?:[ \t]+[A-Z][a-z]+)+|[A-Z]{2,}(?:[ \t]+[A-Z]{2,})+)"
    r"(?![A-Za-z])")


def _names_in(run: re.Match[str]) -> str:
    """Two or more words in a row that are not ordinary English become one placeholder."""
    words = run.group().split()
    out: list[str] = []
    pending: list[str] = []
    for word in [*words, ""]:
        if word and word.lower() not in NOT_NAME_WORDS:
            pending.append(word)
            continue
        out += [PLACEHOLDER_NAME] if len(pending) >= 2 else pending
        pending = []
        if word:
            out.append(word)
    return " ".join(out)


def redact_for_storage(text: str) -> str:
    """NFKC text (case kept) with numbers, contact data and person names as placeholders."""
    text = unicodedata.normalize("NFKC", text[:MAX_STORED_CHARS].translate(_DROPPED))
    text = _KANJI_NUMBER.sub(PLACEHOLDER_NUMBER, text)
    if _EMAIL_AT.search(text):
        text = _EMAIL_LIKE.sub(PLACEHOLDER_EMAIL, text)
    text = _LATIN_WORDS.sub(_names_in, text)
    return _TOKENIZER.analyze(redact(text)).text.strip()


# A number of up to four digits standing alone (a year, a month, a day) tells files apart
# and is nobody's; longer numbers, and digits joined by dashes or spaces, may be someone's.
_SHORT_NUMBER = re.compile(r"(?<![\d\s()+\-‐‑‒–—―−])(\d{1,4})(?![\d\s()\-‐‑‒–—―−])")


def redact_file_name(name: str) -> str:
    """An uploaded file's name as the review store keeps it: like a stored text (names,
    numbers, contact data replaced), but short numbers such as 2026 or 10月 kept."""
    pieces = _SHORT_NUMBER.split(unicodedata.normalize("NFKC", name))
    # split() puts the captured numbers at the odd positions.
    return "".join(piece if i % 2 else redact_for_storage(piece)
                   for i, piece in enumerate(pieces))


RECORD_ID_CHARS = 64
_CONTACT = (PLACEHOLDER_EMAIL, PLACEHOLDER_INDIVIDUAL_NUMBER, PLACEHOLDER_PHONE,
            PLACEHOLDER_POSTAL)
_DIGITS = re.compile(r"(\d+)")


def redact_record_id(value: str) -> str:
    """An identifying cell (受付番号 R5-00123) kept as written, unless it is someone's
    individual number, phone, e-mail or postal code, or holds a person's name."""
    value = unicodedata.normalize("NFKC", value[:RECORD_ID_CHARS].translate(_DROPPED)).strip()
    masked = redact(value)
    # Twelve digits may be an individual number with a slip in its check digit.
    if any(p in masked for p in _CONTACT) or any(len(d) >= 12 for d in _DIGITS.findall(value)):
        return masked
    pieces = _DIGITS.split(value)  # the numbers at odd positions: a 受付番号 is its digits
    return "".join(piece if i % 2 else redact_for_storage(piece)
                   for i, piece in enumerate(pieces))


def text_key(stored: str) -> str:
    """The identity of a stored (already redacted) text: equal for texts that train alike."""
    return hashlib.sha256(normalize(stored).encode("utf-8")).hexdigest()
