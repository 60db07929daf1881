import copy
import pickle
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import joblib
import pytest
from sklearn.base import clone
from sklearn.feature_extraction.text import TfidfVectorizer

from model.features import WordNgrams
from model.tokenizer import JapaneseTokenizer

# Token boundaries and lemmas below are those of unidic-lite 1.0.8 (pinned in pyproject.toml).
SURFACES = [
    ("引っ越しのため返納します", ["引っ越し", "の", "ため", "返納", "し", "ます"]),
    ("ミスだらけのシステム", ["ミス", "だらけ", "の", "システム"]),
    ("i am moving abroad", ["i", "am", "moving", "abroad"]),
    ("", []),
]
LEMMAS = [
    ("返納しました", ["返納", "為る", "ます", "た"]),
    ("信用できない", ["信用", "出来る", "ない"]),
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


def test_vectorizer_with_tokenizer_survives_clone() -> None:
    vectorizer = TfidfVectorizer(analyzer=WordNgrams(JapaneseTokenizer(), (1, 2)))
    cloned = clone(vectorizer)
    texts = ["転居のため", "不祥事が続いた", "ミスが多い"]
    assert (cloned.fit_transform(texts) != vectorizer.fit_transform(texts)).nnz == 0


def test_tokenizer_is_safe_from_many_threads() -> None:
    tokenizer = JapaneseTokenizer()
    texts = [f"{i}回目、引っ越しと不祥事とミスの話をします。" * (1 + i % 5) for i in range(400)]
    expected = [tokenizer(text) for text in texts]
    with ThreadPoolExecutor(max_workers=8) as pool:
        assert list(pool.map(tokenizer, texts)) == expected
