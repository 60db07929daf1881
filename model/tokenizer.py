"""The fugashi + unidic-lite tokenizer, picklable and safe to share between threads.

A MeCab tagger is a native object: it cannot be pickled and must not be used by two threads
at once. The tokenizer therefore stores only its arguments and builds one tagger per thread,
lazily, the way spaCy's Japanese tokenizer rebuilds its tagger on unpickling.
"""

import threading
from importlib import metadata
from pathlib import Path
from typing import Any, Final, Literal

import fugashi
import unidic_lite

from model.errors import ModelCompatibilityError

TokenMode = Literal["surface", "lemma"]
TOKEN_MODES: Final[tuple[TokenMode, ...]] = ("surface", "lemma")


def dictionary_version() -> str:
    """The installed unidic-lite version; tokens differ between dictionary versions."""
    return metadata.version("unidic-lite")


def fugashi_version() -> str:
    return metadata.version("fugashi")


# unidic-lite's dicrc fixes the output format, so a plain -F is ignored; this resource file
# defines an output type of our own that prints only the lemma of each token.
_LEMMA_RC = Path(__file__).with_name("mecabrc")


def _mecab_args(mode: TokenMode) -> str:
    dicdir = Path(unidic_lite.DICDIR)
    if mode == "surface":
        return f'-d "{dicdir}" -r "{dicdir / "mecabrc"}" -Owakati'
    return f'-d "{dicdir}" -r "{_LEMMA_RC}" -Ohenno'


class JapaneseTokenizer:
    """Split text into unidic surface forms ("surface") or dictionary lemmas ("lemma")."""

    def __init__(self, mode: TokenMode = "surface") -> None:
        if mode not in TOKEN_MODES:
            raise ValueError(f"mode must be one of {TOKEN_MODES}, got {mode!r}")
        self.mode = mode
        self._local = threading.local()

    def __reduce__(self) -> tuple[Any, ...]:
        return (type(self), (self.mode,))

    def __repr__(self) -> str:
        return f"JapaneseTokenizer(mode={self.mode!r})"

    def __call__(self, text: str) -> list[str]:
        return str(self._tagger().parse(text)).split()

    def _tagger(self) -> Any:
        tagger = getattr(self._local, "tagger", None)
        if tagger is None:
            tagger = self._local.tagger = _build_tagger(self.mode)
        return tagger


def _build_tagger(mode: TokenMode) -> Any:
    # Letting MeCab print the tokens skips building a Python object per token: 2-3x faster.
    try:
        return fugashi.GenericTagger(_mecab_args(mode))
    except RuntimeError as exc:
        raise ModelCompatibilityError(
            "could not start MeCab with the unidic-lite dictionary; "
            "reinstall it with: pip install 'unidic-lite==1.0.8'"
        ) from exc
