"""Behavioural tests (CheckList style) of the model trained on the whole corpus.

Every sentence here was written for these tests and is not in data/.
"""

import random
import unicodedata
from collections.abc import Callable

import pytest

from henno.model.classifier import Classifier
from tests.conftest import TEST_CSV, read_rows

INVARIANCE_TARGET = 0.95
# 38 of these 40 English rewrites keep the label since the reason finder's second round
# (with the 1,795 reasons rows; 0.3.0: 37): "No particular reason" → system_distrust and
# "Because the linking mistakes are reported every day" → errors still miss (docs/model.md).
ENGLISH_REWRITE_TARGET = 0.95


def _to_full_width(text: str) -> str:
    return "".join(chr(ord(c) + 0xFEE0) if "!" <= c <= "~" else c for c in text)


_HALF_KATAKANA = {unicodedata.normalize("NFKC", chr(c)): chr(c) for c in range(0xFF66, 0xFF9E)}


def _to_half_width(text: str) -> str:
    return "".join(_HALF_KATAKANA.get(c, c) for c in text)


PERTURBATIONS: dict[str, Callable[[str], str]] = {
    "greeting": lambda t: f"いつもお世話になっております。{t} よろしくお願いいたします。",
    "name": lambda t: f"{t}（記入者：架空野 次郎）",
    "phone": lambda t: f"{t} 連絡先 090-0000-4321",
    "individual_number": lambda t: f"個人番号 0000 1111 2222 {t}",
    "full_width": _to_full_width,
    "half_width_katakana": _to_half_width,
    "english_greeting": lambda t: f"Hello. {t} Thank you.",
}


@pytest.fixture(scope="module")
def test_texts() -> list[str]:
    rows = read_rows(TEST_CSV)
    return [text for text, _ in random.Random(7).sample(rows, 400)]


@pytest.mark.parametrize("name", list(PERTURBATIONS))
def test_label_is_invariant_to(name: str, corpus_classifier: Classifier,
                               test_texts: list[str]) -> None:
    perturb = PERTURBATIONS[name]
    before = [p.label for p in corpus_classifier.predict(test_texts)]
    after = [p.label for p in corpus_classifier.predict([perturb(t) for t in test_texts])]
    kept = sum(a == b for a, b in zip(before, after)) / len(before)
    assert kept >= INVARIANCE_TARGET, f"{name}: label kept for {kept:.1%}"


# The same reason in Japanese and in English.
TRANSLATIONS = [
    ("市役所のやり方が信用ならないので返します", "I return it because I can't trust how the city handles it"),
    ("個人情報を国に握られるのが嫌です", "I hate the state holding my personal information"),
    ("監視社会につながる気がして怖い", "It feels like the first step to a surveillance society"),
    ("保険証を廃止するという方針に反対です", "I oppose the policy of abolishing health insurance cards"),
    ("報道で不祥事が次々と明らかになったから", "Because the news kept revealing one scandal after another"),
    ("他人の住民票がコンビニで出た事件をテレビで見た", "I saw on TV that other people's certificates were printed at convenience stores"),
    ("大臣の謝罪会見を見てあきれました", "The minister's apology press conference disgusted me"),
    ("紐付けミスの問題が連日報じられているため", "Because the linking mistakes are reported every day"),
    ("システムが間違いだらけです", "The system is full of mistakes"),
    ("病院でカードが読み取れず全額払わされた", "The clinic could not read my card and I had to pay in full"),
    ("私の口座が知らない人と紐付けられていた", "My bank account was linked to a stranger"),
    ("マイナポイントがいつまでたっても付かない", "My points were never credited"),
    ("来月から海外に住むので", "I will live abroad from next month"),
    ("夫の転勤で県外へ引っ越します", "We are moving out of the prefecture for my husband's job"),
    ("老人ホームに入ることになりました", "I am moving into a nursing home"),
    ("帰国するため返却します", "Returning it because I am going back to my country"),
    ("本人が先月亡くなりました", "The holder passed away last month"),
    ("カードを失くしそうで心配だから", "I am worried I will lose the card"),
    ("暗証番号を覚えられない", "I cannot remember the PIN"),
    ("持っていても使う場面がない", "I never have any use for it"),
    ("政府に全部把握されるのが気持ち悪い", "It is creepy that the government knows everything about me"),
    ("デジタル庁を信頼していません", "I do not trust the Digital Agency"),
    ("口座の紐付けを強制されるのは納得できない", "I cannot accept being forced to link my bank account"),
    ("個人情報がいつか漏れると思う", "I think my personal data will leak someday"),
    ("他人の年金記録が見えたという記事を読んだ", "I read an article about people seeing others' pension records"),
    ("次々と問題が発覚しているのに政府はごまかしてばかり", "Problems keep coming to light and the government keeps covering them up"),
    ("テレビで誤登録の件を知ってやめることにした", "I decided to quit after learning about the wrong registrations on TV"),
    ("新聞で何度も不祥事の記事を見た", "I have seen articles about the scandals in the paper many times"),
    ("コンビニで証明書を取ろうとしたらエラーになった", "I got an error when I tried to get a certificate at the convenience store"),
    ("登録された住所が間違っていた", "The address registered for me was wrong"),
    ("マイナポータルにログインできない", "I cannot log in to the My Na Portal"),
    ("このシステムはトラブルが多すぎる", "This system has far too many problems"),
    ("仕事の都合で札幌に転居します", "I am relocating to Sapporo for work"),
    ("結婚して他県に移りました", "I got married and moved to another prefecture"),
    ("娘の家で暮らすことになり町を出ます", "I am leaving town to live with my daughter"),
    ("留学を終えて本国に戻ります", "I finished my studies and am going back home"),
    ("新しいカードが届いたので古い方を返します", "A new card arrived so I am returning the old one"),
    ("母が亡くなったので家族が返しに来ました", "My mother died, so the family is returning her card"),
    ("カードが割れてしまいました", "The card got cracked"),
    ("特に理由はありません", "No particular reason"),
]


def test_english_rewrite_keeps_the_label(corpus_classifier: Classifier) -> None:
    japanese = [p.label for p in corpus_classifier.predict([ja for ja, _ in TRANSLATIONS])]
    english = [p.label for p in corpus_classifier.predict([en for _, en in TRANSLATIONS])]
    kept = sum(a == b for a, b in zip(japanese, english)) / len(TRANSLATIONS)
    assert kept >= ENGLISH_REWRITE_TARGET, list(zip(japanese, english))


@pytest.mark.parametrize(("text", "label"), [
    ("転居", "relocation"),
    ("引っ越し", "relocation"),
    ("転出", "relocation"),
    ("死亡", "other"),
    ("特になし", "other"),
    ("不要", "other"),
    ("不祥事", "scandal"),
    ("報道", "scandal"),
    ("ミスだらけ", "errors"),
    ("不具合", "errors"),
    ("信用できない", "system_distrust"),
    ("不安", "system_distrust"),
    ("moving", "relocation"),
    ("scandals", "scandal"),
])
def test_one_word_answers(corpus_classifier: Classifier, text: str, label: str) -> None:
    assert corpus_classifier.predict([text])[0].label == label


@pytest.mark.parametrize(("text", "label"), [
    # priority order when no main reason is named
    ("転居しますし、制度にも不信感があります", "relocation"),
    ("不祥事ばかりのうえ、うちの母の保険証も別人と紐付いていた", "errors"),
    ("相次ぐ不祥事で、もうこの制度は信頼できない", "scandal"),
    ("情報が漏れるのが怖いし、そもそも使い道がない", "system_distrust"),
    ("Moving to Osaka, and I don't trust the system either", "relocation"),
    # a named main reason wins
    ("転居もありますが、一番の理由は国が信用できないことです", "system_distrust"),
    ("ニュースも見ましたが、主な理由は父が亡くなったためです", "other"),
    # a denied reason does not count
    ("引っ越しではなく、制度が信用できないから", "system_distrust"),
    ("不具合があったわけではなく、報道を見て怖くなった", "scandal"),
    ("制度への不満ではなく、単に転勤になったので", "relocation"),
    ("Not because of any scandal, I just never use it", "other"),
])
def test_priority_and_negation_rules(corpus_classifier: Classifier, text: str, label: str) -> None:
    assert corpus_classifier.predict([text])[0].label == label
