"""Words that state a main reason or deny one, and the shape of a clause, as features the
in-context clause model weighs (model/reasons.py, stage 2).

The character n-grams of stage 1 learn such words only from the phrasings in the training
rows; these families cover the guideline's rules in many phrasings at once (一番/いちばん/
何より/決め手/mainly/above all…; ではなく/じゃない/わけでもない/関係ありません/not because/
has nothing to do with…), so a phrasing seldom seen still counts. They are features, weighed
by the fitted model, never rules on their own.
"""

import itertools
import re
import unicodedata
from typing import Final

import numpy as np
import numpy.typing as npt

_MAIN: Final = re.compile(
    r"一番|いちばん|1番(?![号地線])|一等|主な|主に|主たる|おもな|おもに|何より|なにより|決め手|決めて|決定打"
    r"|決定的|最大の|最も|大きいのは|大きかったのは|大きな理由|一番大きい|きっかけ|根本|本当の理由"
    r"|本音|最終的に|とどめ|極めつけ|main|primar|above all|mostly|most of all|chiefly"
    r"|biggest|tipped|decisive|deciding|the real reason|first and foremost|final straw"
    r"|last straw|more than anything|priority|メイン|が主(?!人|婦|治|張|催|義|体)"
    r"|ど[ちっ]ちかと(?:言|い)(?:えば|うと)|の?(?:方|ほう)が(?:大き|強|上|重|主)|比べ(?:ると|たら|れば)"
    r"|より(?:大き|強|重)|前者|後者|the former|the latter|more than|weighs? more|bigger")
_DENIAL: Final = re.compile(
    r"(?:では|じゃ|でわ|やのう|や)(?:なく|ない|無く|無い|ありません|ございません|ねえ|ねぇ)"
    r"|わけ(?:では|でも|じゃ)|訳(?:では|でも|じゃ)|関係(?:ない|無い|なく|無く|ありません|ござい"
    r"ません|はない|はありません|ねえ|あらへん|ない)|無関係|関係なか|せいではな|からではな"
    r"|理由(?:では|じゃ)|予定(?:は|も)(?:ない|無い|ありません|ございません)|ていません"
    r"|ておりません|ちゃいます|違います|ちがいます|ではなし"
    r"|not because|not due to|isn't|is not|wasn't|was not|aren't|nothing to do|not why"
    r"|not the reason|not my reason|not about|rather than|instead of|doesn't matter"
    r"|has no bearing|not what|irrelevant|no plans? to|not planning|not moving"
    r"|^(?:and |but )?not\b")  # "…the news, not my move"
# A clause that points at another one: it opens with a demonstrative (それが一番の理由です,
# that's not why) or ends on a topic marker or copula (一番の理由は、…; the main reason is …).
_POINTER: Final = re.compile(r"^(?:それ|これ|あれ|そちら|こちら|そっち|こっち|そこ|そん|こん"
                             r"|that|this|it\b|which)")
_FORWARD: Final = re.compile(r"(?:は|とは|:|：|is|was|are|were|that)[\s、,。.:：]*$")
_LIST_ITEM: Final = re.compile(
    r"^(?:[①-⑳❶-❿]|[（(]?(?:\d{1,2}|[０-９]{1,2}|[a-e])[.)）．]|[・･\-‐−–—*•])")
# Which list item a main-reason clause names: ①が一番, 主に②, (2) is the main one, mainly the
# first one, 一番は最後の点, 前者/後者.
_CIRCLED: Final = "①②③④⑤⑥⑦⑧⑨⑩"
_NAMED_NUMBER: Final = re.compile(
    r"(?:^|[^\d.])[(（#]?(\d)(?:つ目|番目|点目|個目|[)）]|(?=\s*(?:が|は|です|の方|$|[.。、,])))")
_NAMED_LETTER: Final = re.compile(r"(?:^|[^a-z'])([a-e])(?:\)|）|\.?\s*$)")
_ORDINALS: Final = ((re.compile(r"first|1st|former|最初|前者|一つ目|ひとつ目|初めの|はじめの"), 1),
                    (re.compile(r"second|2nd|二つ目|ふたつ目|2番目の"), 2),
                    (re.compile(r"third|3rd|三つ目|みっつ目"), 3),
                    (re.compile(r"\blast\b|latter|final one|最後|後者"), -1))
_SUBJECT: Final = re.compile(r"\s*(?:が|は|です|の方|こそ|is\b|was\b)", re.IGNORECASE)
_SENTENCE_END: Final = re.compile(r"[。．.!?！？]\s*$")
_SHORT = 6  # characters: a list item of a word or two (転勤, 暗証番号)
# A letter or digit past the first _SHORT ([^\W_] is what str.isalnum accepts).
_PAST_SHORT: Final = re.compile(rf"[^\W_](?:[\W_]*[^\W_]){{{_SHORT}}}")
CUE_NAMES: Final = ("main", "denial", "pointer", "forward", "list_item", "short",
                    "sentence_end", "main_back", "main_forward", "denial_back", "named_main")


def cues(clause: str) -> list[float]:
    """One value per CUE_NAMES for a clause as written."""
    folded = unicodedata.normalize("NFKC", clause).lower()
    listed = bool(_LIST_ITEM.match(clause.lstrip()))  # as written: NFKC turns ① into 1
    short = _PAST_SHORT.search(folded) is None  # at most _SHORT letters
    main, denial = bool(_MAIN.search(folded)), bool(_DENIAL.search(folded))
    pointer, forward = bool(_POINTER.match(folded)), bool(_FORWARD.search(folded))
    # The products: a linear model cannot tell 「それが一番の理由です」 (the clause before is
    # the main one) from 「一番の理由は、」 (the clause after) from their words alone.
    return [float(main), float(denial), float(pointer), float(forward),
            float(listed), float(short),
            float(bool(_SENTENCE_END.search(folded))), float(main and pointer),
            float(main and forward), float(denial and pointer), 0.0]


def named_item(clause: str) -> int | None:
    """The list item (1-based, -1 for the last) a clause names, if any: not its own marker
    (「③決め手は②」 names ②), unless the marker is the subject (「①が一番」)."""
    unmarked = _LIST_ITEM.sub("", clause.lstrip(), count=1)
    if not _SUBJECT.match(unmarked):
        clause = unmarked
    for circled in clause:
        if circled in _CIRCLED:
            return _CIRCLED.index(circled) + 1
    folded = unicodedata.normalize("NFKC", clause).lower()
    number = _NAMED_NUMBER.search(folded)
    if number:
        return int(number.group(1))
    letter = _NAMED_LETTER.search(folded)
    if letter:
        return "abcde".index(letter.group(1)) + 1
    return next((item for pattern, item in _ORDINALS if pattern.search(folded)), None)


def _mark_named(clauses: list[str], rows: npt.NDArray[np.float64]) -> None:
    """Sets named_main on the item a main-reason clause names (「①転勤 ②使わない ①が一番」):
    the list items in order, or every other clause when the text has no list markers."""
    main, listed, named, forward = (CUE_NAMES.index(n) for n in
                                    ("main", "list_item", "named_main", "forward"))
    for at, clause in enumerate(clauses):
        item = named_item(clause) if rows[at, main] else None
        # 「③一番は」「①です」: the clauses are cut before the item it names.
        naming = {at}
        if item is None and rows[at, main] and rows[at, forward] and at + 1 < len(clauses):
            item, naming = named_item(clauses[at + 1]), {at, at + 1}
        if item is None:
            continue
        # The naming clause is an item itself when the item comes before the cue
        # (・制度自体に反対　一番は最後の点), not when it starts with it (-Mainly the first one).
        itself = rows[at, listed] and _MAIN.search(clauses[at][4:]) is not None
        items = [i for i in range(len(clauses))
                 if rows[i, listed] and (i not in naming or (i == at and itself))]
        items = items or [i for i in range(len(clauses)) if i not in naming]
        if items and -len(items) <= (item - 1 if item > 0 else item) < len(items):
            rows[items[item - 1 if item > 0 else item], named] = 1.0


def cue_matrix(clauses: list[str], counts: npt.NDArray[np.int64]) -> npt.NDArray[np.float64]:
    """cues() of each clause of texts with `counts` clauses each, named_main set per text."""
    # One flat pass: no list per clause outlives its own cues() call (fewer objects for the
    # garbage collector to promote and then traverse).
    rows = np.fromiter(itertools.chain.from_iterable(map(cues, clauses)), dtype=np.float64,
                       count=len(clauses) * len(CUE_NAMES)).reshape(-1, len(CUE_NAMES))
    start = 0
    for count in counts.tolist():
        _mark_named(clauses[start : start + count], rows[start : start + count])
        start += count
    return rows
