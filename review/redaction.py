"""What a clerk may read of a reason text: personal data replaced, everything else kept."""

import hashlib
import unicodedata

from model.normalize import normalize, redact
from model.tokenizer import JapaneseTokenizer

_TOKENIZER = JapaneseTokenizer("lemma")
# Lone surrogates cannot be written as UTF-8 nor passed to MeCab; NUL ends C strings early.
_DROPPED = dict.fromkeys([0, *range(0xD800, 0xE000)])


def redact_for_storage(text: str) -> str:
    """NFKC text (case kept) with numbers, contact data and person names as placeholders."""
    text = unicodedata.normalize("NFKC", text.translate(_DROPPED))
    return _TOKENIZER.analyze(redact(text)).text.strip()


def text_key(stored: str) -> str:
    """The identity of a stored (already redacted) text: equal for texts that train alike."""
    return hashlib.sha256(normalize(stored).encode("utf-8")).hexdigest()
