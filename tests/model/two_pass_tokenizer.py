"""henno 0.2's tokenizer, which walked the tagger a second time to take names out of the text.

Kept only as the reference the one-pass tokenizer must match token for token
(tests/model/test_tokenizer_one_pass.py) and as the "before" of benchmarks/classifier_speed.py.
"""

from pathlib import Path
from typing import Any, Final

import fugashi
import unidic_lite

from henno.model.tokenizer import (
    NOT_NAMES,
    PLACEHOLDER_NAME,
    STAND_IN_NAME,
    Analysis,
    JapaneseTokenizer,
)

_NAME_SUFFIX: Final = "|人名"
_KEPT: Final = frozenset(f"{word}{_NAME_SUFFIX}" for word in NOT_NAMES)
# henno 0.2's output types: the token alone, without its byte offsets.
_RESOURCE: Final = Path(__file__).with_name("mecabrc_two_pass")


def _tagger(mode: str) -> Any:
    return fugashi.GenericTagger(f'-d "{unidic_lite.DICDIR}" -r "{_RESOURCE}" -O{mode}')


class TwoPassTokenizer(JapaneseTokenizer):
    """The 0.2 analysis: one printed pass for the tokens, a node walk for the names."""

    def __init__(self, mode: str = "surface") -> None:
        super().__init__(mode)  # type: ignore[arg-type]
        self._tagger_0_2 = _tagger(mode)

    def __reduce__(self) -> tuple[object, ...]:
        return (type(self), (self.mode,))

    def analyze(self, text: str) -> Analysis:
        if PLACEHOLDER_NAME in text:
            text = text.replace(PLACEHOLDER_NAME, STAND_IN_NAME)
        printed = str(self._tagger_0_2.parse(text))
        tokens = printed.split()
        if _NAME_SUFFIX not in printed:
            return Analysis(tokens, text)
        names = [i for i, token in enumerate(tokens)
                 if token.endswith(_NAME_SUFFIX) and token not in _KEPT]
        if not names:
            return Analysis(tokens, text)
        for i in names:
            tokens[i] = PLACEHOLDER_NAME
        return Analysis(tokens, self._without_names(text))

    def _without_names(self, text: str) -> str:
        parts = []
        for node in self._tagger_0_2(text):
            feature = node.feature
            is_name = len(feature) > 2 and feature[2] == "人名" and node.surface not in NOT_NAMES
            parts.append(node.white_space + (PLACEHOLDER_NAME if is_name else node.surface))
        return "".join(parts)
