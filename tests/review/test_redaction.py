import pytest

from henno.model.normalize import normalize
from henno.model.tokenizer import JapaneseTokenizer
from henno.review.redaction import MAX_STORED_CHARS, redact_for_storage, text_key

# Names as unidic-lite 1.0.8 tags them (固有名詞・人名). All data below is fictional.
CASES = [
    ("山田太郎です。転居します", "#name##name#です。転居します"),
    ("佐藤さんに頼まれて返します", "#name#さんに頼まれて返します"),
    ("電話 090-1234-5678 までご連絡を", "電話 #phone# までご連絡を"),
    ("番号は1234 5678 9018です", "番号は#mynumber#です"),  # a valid check digit
    ("番号は1234 5678 9012です", "番号は0です"),  # 12 digits, not an individual number
    ("taro.yamada@example.jp に連絡", "#email# に連絡"),
    ("〒100-0001 東京都へ転居", "#postal# 東京都へ転居"),
    ("来月3日に引っ越し", "来月0日に引っ越し"),
    ("ＡＢＣ　ﾏｲﾅﾝﾊﾞｰ", "ABC マイナンバー"),  # NFKC, case kept
    # Personal data spelled the other ways a form may hold it.
    ("番号は一二三四五六七八九〇一八です", "番号は0です"),
    ("携帯 〇九〇ー一二三四ー五六七八", "携帯 0"),
    ("三年前に引っ越し", "三年前に引っ越し"),  # a number word, not a number
    ("yamada(at)example.jp まで", "#email# まで"),
    ("taro . yamada @ example . jp", "#email#"),
    ("Taro Yamada です", "#name# です"),
    ("ＳＡＴＯ　ＫＥＮＪＩ より", "#name# より"),
    ("代理人Taro Yamadaです", "代理人#name#です"),  # next to Japanese
    ("Mr John Smith より", "Mr #name# より"),
    # Capitalised English that carries the reason is kept.
    ("My Number カードは不要", "My Number カードは不要"),
    ("MOVING OUT のため", "MOVING OUT のため"),
    ("Digital Agency の対応", "Digital Agency の対応"),
    ("NHKのニュースで見た", "NHKのニュースで見た"),
    ("マイナ保険証が不安", "マイナ保険証が不安"),  # マイナ is not a name
    ("  転居\x00のため\ud800  ", "転居のため"),
]


@pytest.mark.parametrize(("raw", "stored"), CASES)
def test_redact_for_storage(raw: str, stored: str) -> None:
    assert redact_for_storage(raw) == stored


def test_redact_for_storage_leaves_no_personal_data() -> None:
    raw = ("山田太郎（090-1234-5678、taro.yamada@example.jp）の番号 1234-5678-9018、"
           "〒100-0001 に住んでいましたが転居します")
    stored = redact_for_storage(raw)
    for secret in ("山田", "太郎", "090", "1234", "5678", "9018", "taro", "example", "@",
                   "100-0001"):
        assert secret not in stored
    assert stored.endswith("に住んでいましたが転居します")


@pytest.mark.parametrize(("first", "second"), [
    ("ABC転居のため", "ａｂｃ転居のため"),
    ("転居　のため", "転居 のため"),
    ("番号 123", "番号 456"),
])
def test_text_key_is_the_same_for_texts_that_train_alike(first: str, second: str) -> None:
    assert text_key(first) == text_key(second)


def test_text_key_differs_for_different_texts() -> None:
    assert text_key("転居のため") != text_key("死亡のため")
    assert len(text_key("転居のため")) == 64


@pytest.mark.parametrize("raw", ["山田太郎です。引っ越しのため返します",
                                 "佐藤花子と山田太郎が転居します",
                                 "マイナ保険証が不安です、山田さん",
                                 "電話 090-0000-4321、山田まで"])
def test_a_stored_text_trains_the_tokens_its_raw_text_predicts_with(raw: str) -> None:
    tokenizer = JapaneseTokenizer("lemma")
    assert tokenizer.analyze(normalize(redact_for_storage(raw))) == tokenizer.analyze(
        normalize(raw))


@pytest.mark.parametrize("text", ["1.5." * 400, "ab.cd." * 800, "a." * 2500 + "@!",
                                  "a . " * 499 + "@", "a" * 20_000 + "@", "@" * 5000,
                                  "Ab " * 3000, "一ー" * 3000])
def test_long_adversarial_texts_are_stored_short(text: str) -> None:
    # The patterns have no nested ambiguous repeats, and at most MAX_STORED_CHARS are kept.
    assert len(redact_for_storage(text)) <= MAX_STORED_CHARS


@pytest.mark.parametrize("context", ["#name#町", "#name#村", "#name#方", "#name#さん",
                                     "#name##name#です", "代理人#name#", "#name#と#name#"])
def test_a_stored_name_is_a_name_token_in_every_context(context: str) -> None:
    analysis = JapaneseTokenizer("lemma").analyze(context)
    assert analysis.tokens.count("#name#") == context.count("#name#")
    assert analysis.text == context
