"""The words of a normalised text as the model's tokenizer saw them, with where they are.

Explanations sum the model's weights onto words, so they need what the tokens alone do not
say: each word's characters in the text the character n-grams were taken from (names
replaced), and its unidic part of speech. One extra MeCab pass, only when explaining.
"""

from dataclasses import dataclass
from typing import Final

from henno.model.tokenizer import (
    _KEPT,
    _NAME_SUFFIX,
    NOT_NAMES,
    PLACEHOLDER_NAME,
    STAND_IN_NAME,
    TokenMode,
    _thread_tagger,
)

_FIELDS: Final = 4  # token, "start,end" in UTF-8 bytes, pos1, pos2 (model/mecabrc)


@dataclass(frozen=True)
class Word:
    tokens: int  # how many of the model's tokens it printed (a lemma may hold a space)
    start: int  # [start, end) in the analysed text (names replaced)
    end: int
    surface: str  # as in the normalised text (a #name# typed as such reads 佐藤)
    lemma: str
    pos1: str
    pos2: str
    is_name: bool


def _char_offsets(text: str) -> dict[int, int]:
    """Character index of each UTF-8 byte offset that starts a character (and of the end)."""
    offsets, at = {0: 0}, 0
    for index, char in enumerate(text):
        at += len(char.encode())
        offsets[at] = index + 1
    return offsets


def tagged_words(text: str, mode: TokenMode) -> tuple[list[Word], str]:
    """The words of a normalised text and the analysed text their offsets point into."""
    text = text.replace(PLACEHOLDER_NAME, STAND_IN_NAME)  # as the tokenizer reads it
    fields = str(_thread_tagger("explain").parse(text)).split("\t")
    # fugashi strips the output: the last word loses its empty pos2 (だ) with the tab.
    fields += [""] * (-len(fields) % _FIELDS)
    chars = _char_offsets(text)
    words: list[Word] = []
    pieces: list[str] = []
    done = shift = 0  # characters of `text` copied; how much the names changed the length
    for i in range(0, len(fields) - _FIELDS + 1, _FIELDS):
        token, offsets, pos1, pos2 = fields[i : i + _FIELDS]
        start, end = (chars[int(b)] for b in offsets.split(","))
        lemma, _, pos3 = token.rpartition("|")
        if mode == "surface":  # the explain output prints lemmas
            token = f"{text[start:end]}|{pos3}"
        name = token.endswith(_NAME_SUFFIX) and token not in _KEPT
        # The text loses a name by the node's surface, as JapaneseTokenizer.analyze does.
        replaced = name and text[start:end] not in NOT_NAMES
        pieces.append(text[done:start] + (PLACEHOLDER_NAME if replaced else text[start:end]))
        width = len(PLACEHOLDER_NAME) if replaced else end - start
        count = 1 if name or mode == "surface" else len(token.split())
        words.append(Word(count, start + shift, start + shift + width, text[start:end], lemma,
                          pos1, pos2, name))
        shift += width - (end - start)
        done = end
    return words, "".join(pieces)
