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


def _mecab_args(extra: str) -> str:
    dicdir = Path(unidic_lite.DICDIR)
    return f'-d "{dicdir}" -r "{dicdir / "mecabrc"}" {extra}'.strip()


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
        tagger = self._tagger()
        if self.mode == "surface":
            return str(tagger.parse(text)).split()
        return [word.feature.lemma or word.surface for word in tagger(text)]

    def _tagger(self) -> Any:
        tagger = getattr(self._local, "tagger", None)
        if tagger is None:
            tagger = self._local.tagger = _build_tagger(self.mode)
        return tagger


def _build_tagger(mode: TokenMode) -> Any:
    try:
        if mode == "surface":
            # Wakati output skips building a feature object per token: several times faster.
            return fugashi.GenericTagger(_mecab_args("-Owakati"))
        return fugashi.Tagger(_mecab_args(""))
    except RuntimeError as exc:
        raise ModelCompatibilityError(
            "could not start MeCab with the unidic-lite dictionary; "
            "reinstall it with: pip install 'unidic-lite==1.0.8'"
        ) from exc
