"""Clauses of a reason text: where a new reason may start."""

import pytest

from henno.model.segments import segments


@pytest.mark.parametrize(("text", "clauses"), [
    ("来月引っ越す予定だし、ニュースで見た不祥事にもうんざりしたので",
     ["来月引っ越す予定だし、", "ニュースで見た不祥事にもうんざりしたので"]),
    ("理由 1. 転勤 2. 暗証番号がわからない", ["理由", "1. 転勤", "2. 暗証番号がわからない"]),
    ("①仕事で海外へ ②不祥事が多い", ["①仕事で海外へ", "②不祥事が多い"]),
    ("・転勤\n・使わない", ["・転勤", "・使わない"]),
    ("The main reason is the news, not my move. Also I never use it.",
     ["The main reason is the news,", "not my move.", "Also I never use it."]),
    ("I am moving and the system is full of errors",
     ["I am moving", "and the system is full of errors"]),
    ("Version 2.0 broke.", ["Version 2.0 broke."]),
    ("1.母の入所（岡山）2.カードの破損", ["1.母の入所（岡山）", "2.カードの破損"]),
    ("（１）報道（２）転居", ["（１）報道", "（２）転居"]),
    ("(1)転勤(2)暗証番号", ["(1)転勤", "(2)暗証番号"]),
    ("転居/暗証番号ロック／不要", ["転居/", "暗証番号ロック／", "不要"]),
    ("3/15に転出、費用は3.5万円", ["3/15に転出、", "費用は3.5万円"]),
    ("-PIN locked -moving to Kobe", ["-PIN locked", "-moving to Kobe"]),
    ("e-mail is well-known", ["e-mail is well-known"]),
    # Items a ledger cell separates by spaces or marks only
    ("1 転居 2 国が信用できん 3 特になし", ["1 転居", "2 国が信用できん", "3 特になし"]),
    ("理由：A 監視が不安　B 口座のニュース", ["理由：A 監視が不安", "B 口座のニュース"]),
    ("理由　一　情報流出の報道　二　母が施設に入った",
     ["理由", "一\u3000情報流出の報道", "二\u3000母が施設に入った"]),
    ("Ａ．転居　Ｂ．監視社会への不安", ["Ａ．転居", "Ｂ．監視社会への不安"]),
    ("a. moving b. leaks", ["a. moving", "b. leaks"]),
    ("◎転勤 ◎不安 ※決め手は転勤", ["◎転勤", "◎不安", "※決め手は転勤"]),
    ("＃転勤 ＃不祥事", ["＃転勤", "＃不祥事"]),
    ("card reader fails + leaks in the news", ["card reader fails", "+ leaks in the news"]),
    # ...but not a number with its counter, English words, a check mark or a closing tag
    ("3 月に引っ越し 2 人とも使わない", ["3 月に引っ越し 2 人とも使わない"]),
    ("We're a 国際結婚 family", ["We're a 国際結婚 family"]),
    ("実家の○○市へ", ["実家の○○市へ"]),
    ("その他 ○（使わない）", ["その他 ○（使わない）"]),
    ("<b>引っ越し</b>のため", ["<b>引っ越し</b>のため"]),
    ("特になし", ["特になし"]),
    ("  引っ越しのため。 ", ["引っ越しのため。"]),
    ("引っ越しです。。", ["引っ越しです。。"]),
    ("", []),
    ("   ", []),
])
def test_segments_split(text: str, clauses: list[str]) -> None:
    assert [text[a:b] for a, b in segments(text)] == clauses
