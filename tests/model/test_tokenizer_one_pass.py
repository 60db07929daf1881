"""The one-pass tokenizer gives exactly henno 0.2's tokens and name-free texts."""

import pytest

from henno.model.normalize import normalize
from henno.model.tokenizer import JapaneseTokenizer, TokenMode
from tests.conftest import REPO, read_rows
from tests.model.two_pass_tokenizer import TwoPassTokenizer

DATA = [REPO / "data" / name for name in ("train.csv", "test.csv", "independent_eval.csv",
                                         "reasons_train.csv", "reasons_test.csv")]
# Names (fictional) where the byte offsets matter: leading and trailing spaces, a name first
# and last, a name next to マイナ (kept), several names, four-byte characters before a name.
EDGES = [
    "  佐藤花子です。 転居  します ",
    "転居します。山田太郎",
    "マイナ保険証は佐藤さんに言われて返します",
    "佐藤花子と鈴木一郎と田中次郎が𠮷野家で相談した",
    "𠮷田さんが亡くなった",
    "#name#さんの代理で返納します",
    "i am 佐藤 and moving",
    "",
    " ",
]


def _texts() -> list[str]:
    texts = [text for path in DATA for text, _ in read_rows(path)]
    return EDGES + texts + [normalize(text) for text in texts]


@pytest.mark.parametrize("mode", ["lemma", "surface"])
def test_one_pass_matches_two_pass_on_every_corpus_text(mode: TokenMode) -> None:
    before, after = TwoPassTokenizer(mode), JapaneseTokenizer(mode)
    differing = [text for text in _texts() if after.analyze(text) != before.analyze(text)]
    assert differing == []


def test_corpus_holds_names_for_the_comparison() -> None:
    # The comparison above proves little unless many texts go through the name path.
    tokenizer = JapaneseTokenizer("lemma")
    assert sum("#name#" in tokenizer.analyze(text).text for text in _texts()) > 500
