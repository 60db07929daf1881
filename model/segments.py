"""Clauses of a reason text, as [start, end) spans of the original text.

A form's reasons are written as sentences, comma-separated clauses, list items (①転勤
②使わない, 1. … 2. …, ・…) or English clauses joined by and/also/but; each clause is a
candidate place for one reason. Spans index the text as written (not normalised), so a
page can mark them.
"""

import itertools
import re
from typing import Final

Span = tuple[int, int]

# A boundary is a zero-width point where a new clause starts.
_BOUNDARY: Final = re.compile(
    # after punctuation, not after a list marker: 1. a. Ａ．
    r"(?:(?<=[。．!?！？;；\n、，,])(?<!^[Ａ-Ｅａ-ｅ]．)(?<!\s[Ａ-Ｅａ-ｅ]．)"
    r"|(?<=[^\d\s#]\.)(?<!\s[a-e]\.)(?<!^[a-e]\.))(?=\s*\S)"
    r"|(?=[①-⑳❶-❿])"  # before circled list numbers
    r"|(?<=\s)(?=(?:\d{1,2}|[a-eＡ-Ｅａ-ｅ])[.)）．](?!\d)\s*\S)"  # before 1. 2) a. Ｂ．
    r"|(?<=[^\x00-\x7f\d０-９（(])(?=[\d０-９][.)）．](?![\d０-９])\S)"  # 転勤（大阪）2.ポイント
    r"|(?=[（(][\d０-９]{1,2}[）)]\s*\S)"  # before (1) （２）
    r"|(?<=[^\d\s/／<][/／])(?=[^\d\s/／>])"  # 引越し/暗証番号 (not 3/15, </b>)
    r"|(?:^|(?<=\s))(?=[-‐−–—*•]\s*[^\W\d_])"  # before a dash bullet: -Info leak -Moving
    r"|(?=[・･]\S)"  # before a middle-dot bullet
    # Items a ledger cell separates by spaces only: 「1 転居 2 国が信用できん」,
    # 「A 監視が不安　B 口座のニュース」, 「一　情報流出　二　母の入所」, 「◎転勤 ◎不安」,
    # "PIN locked + card reader fails" (never 「3 月」「2 人」: a counter follows the number)
    r"|(?:^|(?<=\s))(?=(?:[\d０-９]{1,2}|(?-i:[A-EＡ-Ｅ])|[一二三四五六七八九十])[^\S\n]+"
    r"(?![\d０-９月年人回件枚日歳時分円万千百度つ個名組])[^\x00-\x7f])"
    r"|(?:^|(?<=\s))(?=[◎●■□◆◇▪※＃+＋]\s*\S)"  # not ○: a check mark (その他 ○)
    r"|(?<=\S)(?=\s+(?:and|also|but|plus|as well as|not because)\b)",  # English clauses
    re.IGNORECASE,
)
# Every boundary above needs one of these characters near it.
_MAY_SPLIT: Final = re.compile(r"[。．.!?！？;；\n、，,①-⑳❶-❿・･\s/／(（◎●■□◆◇▪※＃+＋]")
# Every boundary above is at a character of _STARTS or just after one of _ENDS: matching
# _BOUNDARY at those positions alone finds the same boundaries as a scan of every position.
_STARTS: Final = re.compile(
    r"[①-⑳❶-❿（(・･\s\d０-９\-‐−–—*•A-EＡ-Ｅ一二三四五六七八九十◎●■□◆◇▪※＃+＋]")
_ENDS: Final = re.compile(r"[。．.!?！？;；\n、，,\s/／]")
# A clause of punctuation or one letter carries no reason alone.
_TWO_LETTERS: Final = re.compile(r"[^\W_][\s\S]*?[^\W_]")


def segments(text: str) -> list[Span]:
    """Clause spans in order; whitespace and trailing punctuation trimmed; never empty for a
    text with a visible character."""
    if not _MAY_SPLIT.search(text):  # most short answers: one clause, no boundary search
        whole = _trimmed(text, 0, len(text))
        return [whole] if whole else []
    cuts = sorted({0, len(text), *_boundaries(text)})
    spans: list[Span] = []
    for start, end in itertools.pairwise(cuts):
        span = _trimmed(text, start, end)
        if span is None:
            continue
        if spans and not _TWO_LETTERS.search(text, *span):
            spans[-1] = (spans[-1][0], span[1])  # a stray fragment joins the clause before
        else:
            spans.append(span)
    return spans


def _boundaries(text: str) -> list[int]:
    candidates = {m.start() for m in _STARTS.finditer(text)}
    candidates.update(m.end() for m in _ENDS.finditer(text))
    match = _BOUNDARY.match
    return [at for at in candidates if match(text, at)]


def _trimmed(text: str, start: int, end: int) -> Span | None:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return (start, end) if start < end else None
