"""Cue words of a stated main reason and of a denial, on sentences written for this test
(none of them from data/ nor used to choose the word families), and which list item a
main-reason clause names."""

import numpy as np
import pytest

from henno.model.cues import CUE_NAMES, cue_matrix, cues, named_item
from henno.model.segments import segments


def found(clause: str) -> set[str]:
    return {name for name, value in zip(CUE_NAMES, cues(clause)) if value}


@pytest.mark.parametrize("clause", [
    "返納を決めたいちばんの理由は、窓口での対応です",
    "何よりも、暗証番号を覚えていられないのがつらい",
    "主な理由は父の施設入所です",
    "決め手になったのは保険証の件でした",
    "最大の理由はやはり転居です",
    "大きかったのは、口座の取り違えのニュースですね",
    "It was mostly the leaks in the papers",
    "Above all, I have no use for it",
    "What tipped it was my daughter's advice",
    "The main reason: my transfer to Sendai",
])
def test_a_stated_main_reason_is_found(clause: str) -> None:
    assert "main" in found(clause)


@pytest.mark.parametrize("clause", [
    "県外へ越すからではなく、",
    "不祥事のせいじゃないです",
    "番号が嫌というわけでもありません",
    "転勤の話はあるけど、それとは関係ありません",
    "引っ越す予定はございません",
    "制度に反対しているわけではないのです",
    "It is not because of the news",
    "My move has nothing to do with it",
    "That isn't why I am returning it",
    "The errors are not the reason",
    "not the trouble at the pharmacy.",
])
def test_a_denial_is_found(clause: str) -> None:
    assert "denial" in found(clause)


@pytest.mark.parametrize("clause", [
    "来月から札幌で暮らします", "カードの読み取りが何度も失敗しました", "国を信用していない",
    "主人が亡くなりました", "I simply never use it", "The reader at the clinic failed",
])
def test_a_plain_reason_has_neither(clause: str) -> None:
    assert not {"main", "denial"} & found(clause)


@pytest.mark.parametrize(("clause", "expected"), [
    ("それが一番の理由です。", {"main", "pointer", "main_back", "sentence_end"}),
    ("一番の理由は、", {"main", "forward", "main_forward", "short"}),
    ("That's not why.", {"denial", "pointer", "denial_back", "sentence_end"}),
    ("②転勤", {"list_item", "short"}),
    ("（３）暗証番号", {"list_item", "short"}),
])
def test_where_a_cue_points(clause: str, expected: set[str]) -> None:
    assert found(clause) == expected


@pytest.mark.parametrize(("clause", "item"), [
    ("①が一番", 1), ("主に②。", 2), ("(3) is the main one", 3), ("Mostly the second one", 2),
    ("一番は最後の点", -1), ("前者が主です", 1), ("Mainly b.", 2), ("一番の理由は転居です", None),
    ("③決め手は②", 2), ("3. 最大の理由は2", 2), ("(2) 一番は(1)", 1),
])
def test_the_item_a_clause_names(clause: str, item: int | None) -> None:
    assert named_item(clause) == item


@pytest.mark.parametrize(("text", "named"), [
    ("①番号が不安 ②使わない ①が一番", ["①番号が不安"]),
    ("・施設に入る ・暗証番号が不明 ・報道が怖い　いちばんは最後",
     ["・報道が怖い　いちばんは最後"]),
    ("-moving to Kobe -PIN locked -mainly the first one", ["-moving to Kobe"]),
    ("①転勤 ②報道", []),
    ("1. 政府が信用できない 2. 使わない 3. 2が一番", ["2. 使わない"]),
    ("①使い道がない ②情報を抜かれそう ③一番は①です", ["①使い道がない"]),
])
def test_the_named_item_is_marked(text: str, named: list[str]) -> None:
    clauses = [text[a:b] for a, b in segments(text)]
    rows = cue_matrix(clauses, np.array([len(clauses)]))
    marked = rows[:, CUE_NAMES.index("named_main")] > 0
    assert [c for c, m in zip(clauses, marked) if m] == named
