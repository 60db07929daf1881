import copy
import pickle
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import joblib
import pytest
from sklearn.base import clone

from henno.model.features import ModelSpec, build_pipeline
from henno.model.tokenizer import JapaneseTokenizer

# Token boundaries, lemmas and pos3 below are those of unidic-lite 1.0.8 (pinned in
# pyproject.toml). Tokens carry their pos3 after a |, which the features keep.
SURFACES = [
    ("引っ越しのため返納します",
     ["引っ越し|サ変可能", "の|", "ため|副詞可能", "返納|サ変可能", "し|", "ます|"]),
    ("ミスだらけのシステム", ["ミス|サ変可能", "だらけ|", "の|", "システム|一般"]),
    ("i am moving abroad", ["i|一般", "am|一般", "moving|一般", "abroad|一般"]),
    ("", []),
]
LEMMAS = [
    ("返納しました", ["返納|サ変可能", "為る|", "ます|", "た|"]),
    ("信用できない", ["信用|サ変可能", "出来る|", "ない|"]),
]


@pytest.mark.parametrize(("text", "tokens"), SURFACES)
def test_tokenize_surfaces(text: str, tokens: list[str]) -> None:
    assert JapaneseTokenizer("surface")(text) == tokens


@pytest.mark.parametrize(("text", "tokens"), LEMMAS)
def test_tokenize_lemmas(text: str, tokens: list[str]) -> None:
    assert JapaneseTokenizer("lemma")(text) == tokens


def test_tokenizer_refuses_unknown_mode() -> None:
    with pytest.raises(ValueError, match="mode must be one of"):
        JapaneseTokenizer("reading")  # type: ignore[arg-type]


@pytest.mark.parametrize("mode", ["surface", "lemma"])
def test_tokenizer_survives_pickle_deepcopy_and_joblib(mode: str, tmp_path: Path) -> None:
    tokenizer = JapaneseTokenizer(mode)  # type: ignore[arg-type]
    tokenizer("先に一度使って、タガーを作らせておく")
    path = tmp_path / "tokenizer.joblib"
    joblib.dump(tokenizer, path)
    copies = [pickle.loads(pickle.dumps(tokenizer)), copy.deepcopy(tokenizer), joblib.load(path)]
    for other in copies:
        assert other.mode == mode
        assert other("制度が信用できない") == tokenizer("制度が信用できない")


def test_pipeline_with_tokenizer_survives_clone_and_pickle() -> None:
    pipeline = build_pipeline(ModelSpec(classifier="cnb"))
    texts = ["転居のため", "不祥事が続いた", "ミスが多い", "特になし", "信用できない"]
    labels = ["relocation", "scandal", "errors", "other", "system_distrust"]
    fitted = clone(pipeline).fit(texts, labels)
    copies = [pickle.loads(pickle.dumps(fitted)), copy.deepcopy(fitted)]
    for other in copies:
        assert (other.predict_proba(texts) == fitted.predict_proba(texts)).all()


# Person names are unidic 固有名詞・人名; the names below are fictional.
@pytest.mark.parametrize(("text", "tokens", "without_names"), [
    ("山田太郎です。転居します",
     ["#name#", "#name#", "です|", "。|", "転居|サ変可能", "為る|", "ます|"],
     "#name##name#です。転居します"),
    ("佐藤さん i am moving", ["#name#", "さん|一般", "i|一般", "am|一般", "moving|一般"],
     "#name#さん i am moving"),
    # マイナ is taken for a name by the dictionary; it is kept (マイナ保険証)
    ("マイナ保険証", ["マイナ|人名", "保険|一般", "証|一般"], "マイナ保険証"),
])
def test_person_names_are_removed(text: str, tokens: list[str], without_names: str) -> None:
    analysis = JapaneseTokenizer("lemma").analyze(text)
    assert analysis.tokens == tokens
    assert analysis.text == without_names


def test_tokenizer_is_safe_from_many_threads() -> None:
    tokenizer = JapaneseTokenizer()
    texts = [f"{i}回目、引っ越しと不祥事とミスの話をします。" * (1 + i % 5) for i in range(400)]
    expected = [tokenizer(text) for text in texts]
    with ThreadPoolExecutor(max_workers=8) as pool:
        assert list(pool.map(tokenizer, texts)) == expected
