"""The fugashi + unidic-lite tokenizer, picklable and safe to share between threads.

A MeCab tagger is a native object: it cannot be pickled and must not be used by two threads
at once. The tokenizer therefore stores only its arguments and uses one tagger per thread,
built lazily, the way spaCy's Japanese tokenizer rebuilds its tagger on unpickling.

Person names (unidic part of speech 固有名詞・人名) are replaced by a placeholder, in the
tokens and in the text the character n-grams are built from, so no name of a training row
reaches a saved model's vocabulary.
"""

import threading
from pathlib import Path
from typing import Any, Final, Literal, NamedTuple

import fugashi
import unidic_lite

from henno.model.errors import ModelCompatibilityError

TokenMode = Literal["surface", "lemma"]
TOKEN_MODES: Final[tuple[TokenMode, ...]] = ("surface", "lemma")
PLACEHOLDER_NAME: Final = "#name#"
# Bumped whenever the tokens this module prints change: a model is only valid with the token
# format it was trained on, and loading checks it (model/artifacts.py).
TOKEN_FORMAT: Final = 2
_NAME_POS = "人名"
_NAME_SUFFIX = f"|{_NAME_POS}"
# Words the dictionary takes for person names that are not: マイナ (マイナ保険証, マイナポイント).
NOT_NAMES: Final = frozenset({"マイナ"})
_KEPT = frozenset(f"{word}{_NAME_SUFFIX}" for word in NOT_NAMES)
STAND_IN_NAME: Final = "佐藤"  # tagged 固有名詞・人名 before 町, 村, 方, さん… (田中町 is a place)
_PLACEHOLDER_BYTES = PLACEHOLDER_NAME.encode()
_RESOURCE = Path(__file__).with_name("mecabrc")


class Analysis(NamedTuple):
    """A normalised text after tokenizing: its tokens, and the text with names removed."""

    tokens: list[str]
    text: str


class JapaneseTokenizer:
    """Unidic surface forms ("surface") or dictionary lemmas ("lemma"), names removed."""

    def __init__(self, mode: TokenMode = "surface") -> None:
        if mode not in TOKEN_MODES:
            raise ValueError(f"mode must be one of {TOKEN_MODES}, got {mode!r}")
        self.mode = mode

    def __reduce__(self) -> tuple[Any, ...]:
        return (type(self), (self.mode,))

    def __repr__(self) -> str:
        return f"JapaneseTokenizer(mode={self.mode!r})"

    def __call__(self, text: str) -> list[str]:
        """Tokens as "lemma|pos3" (or "surface|pos3"); names become #name#."""
        return self.analyze(text).tokens

    def analyze(self, text: str) -> Analysis:
        if PLACEHOLDER_NAME in text:
            # A text whose names were replaced already (a clerk's reviewed item): a name put
            # back in their place gives the tokens of the raw text it came from, so reviewed
            # rows train the features the model sees at prediction time.
            text = text.replace(PLACEHOLDER_NAME, STAND_IN_NAME)
        printed = str(self._tagger(self.mode).parse(text))  # token, offsets, token, ...
        tokens = printed.split()
        if len(tokens) == printed.count("\t") + 1:  # no token holds a space: the common case
            tokens = tokens[0::2]
        else:  # split as henno 0.2 split the tokens alone (TOKEN_FORMAT 2): ベトナム-Viet Nam
            tokens = " ".join(printed.split("\t")[0::2]).split()
        if _NAME_SUFFIX not in printed:  # the common case: no name
            return Analysis(tokens, text)
        names = [i for i, token in enumerate(tokens)
                 if token.endswith(_NAME_SUFFIX) and token not in _KEPT]
        if not names:
            return Analysis(tokens, text)
        for i in names:
            tokens[i] = PLACEHOLDER_NAME
        return Analysis(tokens, _without_names(text, printed.split("\t")))

    def _tagger(self, output: str) -> Any:
        return _thread_tagger(output)


def _without_names(text: str, fields: list[str]) -> str:
    """The text up to its last token, each name's surface replaced by the placeholder."""
    # MeCab counts UTF-8 bytes, and whitespace after the last token belongs to no token.
    raw = text.encode()
    parts, done, end = [], 0, 0
    for token, offsets in zip(fields[0::2], fields[1::2]):
        start, end = map(int, offsets.split(","))
        # Judged by the node's surface (マイナ), as henno 0.2 walked the nodes to do it.
        if token.endswith(_NAME_SUFFIX) and raw[start:end].decode() not in NOT_NAMES:
            parts += [raw[done:start], _PLACEHOLDER_BYTES]
            done = end
    parts.append(raw[done:end])
    return b"".join(parts).decode()


# One tagger per thread and output type for the whole process, not per tokenizer: a tagger
# depends only on the dictionary, and fugashi does not give back all of a tagger's memory
# when it is freed, so building new ones at every model reload would grow the process.
_TAGGERS = threading.local()


def _thread_tagger(output: str) -> Any:
    taggers: dict[str, Any] = _TAGGERS.__dict__.setdefault("taggers", {})
    if output not in taggers:
        taggers[output] = _build_tagger(output)
    return taggers[output]


def _build_tagger(output: str) -> Any:
    # Letting MeCab print the tokens skips building a Python object per token: 2-3x faster.
    dicdir = Path(unidic_lite.DICDIR)
    try:
        return fugashi.GenericTagger(f'-d "{dicdir}" -r "{_RESOURCE}" -O{output}')
    except RuntimeError as exc:
        raise ModelCompatibilityError(
            "could not start MeCab with the unidic-lite dictionary; "
            "reinstall it with: pip install 'unidic-lite==1.0.8'"
        ) from exc
