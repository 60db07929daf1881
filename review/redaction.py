"""What a clerk may read of a reason text: personal data replaced, everything else kept.

On top of the model's redaction (model/normalize.py) and the dictionary's person names, the
stored text also loses what a careful writer of a form might use to spell personal data in
other ways: numbers in kanji numerals, obfuscated e-mail addresses, romanised full names.
"""

import hashlib
import re
import unicodedata

from model.normalize import PLACEHOLDER_EMAIL, PLACEHOLDER_NUMBER, normalize, redact
from model.tokenizer import PLACEHOLDER_NAME, JapaneseTokenizer

_TOKENIZER = JapaneseTokenizer("lemma")
# Lone surrogates cannot be written as UTF-8 nor passed to MeCab; NUL ends C strings early.
_DROPPED = dict.fromkeys([0, *range(0xD800, 0xE000)])
_KANJI_DIGIT = "〇零一二三四五六七八九"
# Four or more kanji digits in a row (dashes and spaces between) are a number, not words.
_KANJI_NUMBER = re.compile(rf"[{_KANJI_DIGIT}](?:[\s\-ー‐−]*[{_KANJI_DIGIT}]){{3,}}")
_EMAIL_LIKE = re.compile(
    r"[\w.+-]+(?:\s*\.\s*[\w+-]+)*\s*(?:@|\(at\)|\[at\])\s*[\w-]+(?:\s*\.\s*[\w-]+)*",
    re.ASCII | re.IGNORECASE)
# Two or more capitalised Latin words: "Taro Yamada", "SATO KENJI".
_LATIN_NAME = re.compile(r"\b[A-Z][a-z]+(?:\s+[A-Z][a-z]+)+\b|\b[A-Z]{2,}(?:\s+[A-Z]{2,})+\b")


def redact_for_storage(text: str) -> str:
    """NFKC text (case kept) with numbers, contact data and person names as placeholders."""
    text = unicodedata.normalize("NFKC", text.translate(_DROPPED))
    text = _KANJI_NUMBER.sub(PLACEHOLDER_NUMBER, text)
    text = _EMAIL_LIKE.sub(PLACEHOLDER_EMAIL, text)
    text = _LATIN_NAME.sub(PLACEHOLDER_NAME, text)
    return _TOKENIZER.analyze(redact(text)).text.strip()


def text_key(stored: str) -> str:
    """The identity of a stored (already redacted) text: equal for texts that train alike."""
    return hashlib.sha256(normalize(stored).encode("utf-8")).hexdigest()
