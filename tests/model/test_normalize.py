import pytest

from henno.model.normalize import is_individual_number, normalize

CASES = [
    # width folding, case folding, whitespace
    ("ﾃﾝｷｮのため", "テンキョのため"),
    ("ＭＹ　ＮＵＭＢＥＲ　Card", "my number card"),
    ("  引っ越し \t\n します  ", "引っ越し します"),
    # personal data becomes placeholders
    ("番号は1234 5678 9018です", "番号は#mynumber#です"),  # a valid check digit
    ("１２３４－５６７８－９０１８", "#mynumber#"),
    ("番号は1234 5678 9012です", "番号は0です"),  # 12 digits, not an individual number
    ("000011112222", "0"),
    ("TEL 090-0000-1234", "tel #phone#"),
    ("電話：０３（００００）５６７８", "電話:#phone#"),
    ("09000001234に連絡", "#phone#に連絡"),
    ("+81-90-0000-1234", "#phone#"),
    ("mail: Taro.Yamada@example.co.jp", "mail: #email#"),
    ("〒100-0000 東京都架空市", "#postal# 東京都架空市"),
    ("R5.7.3受付 No.0000123", "r0.0.0受付 no.0"),
    # text a tagger cannot take
    ("abc\ud800def", "abcdef"),
    ("a\x00b", "a b"),
    ("", ""),
]


@pytest.mark.parametrize(("text", "expected"), CASES)
def test_normalize_gives_expected_text(text: str, expected: str) -> None:
    assert normalize(text) == expected


@pytest.mark.parametrize(("text", "expected"), CASES)
def test_normalize_is_idempotent(text: str, expected: str) -> None:
    assert normalize(normalize(text)) == normalize(text)


@pytest.mark.parametrize(("digits", "valid"), [
    ("123456789018", True), ("000000000000", True), ("123456789012", False),
    ("12345678901", False), ("12345678901a", False),
])
def test_individual_number_check_digit(digits: str, valid: bool) -> None:
    assert is_individual_number(digits) is valid


def test_normalize_leaves_no_digit_of_personal_data() -> None:
    text = "山田太郎 1234-5678-9012 090-0000-1234 〒100-0000 a@b.jp"
    assert not any(ch.isdigit() and ch != "0" for ch in normalize(text))
