"""The labels explained to clerks in Japanese, each with an example, as 理由を判定 and
要確認 show them (docs/labels.md says the same at more length)."""

from dataclasses import dataclass


@dataclass(frozen=True)
class LabelGuide:
    meaning: str
    example: str


LABEL_GUIDE = {
    "system_distrust": LabelGuide(
        "マイナンバー制度そのものへの不信・不安・反対。具体的な出来事や、自分が受けた誤りは"
        "挙げていないもの（情報漏れや国の管理が心配、ひも付けの義務化に反対など）。",
        "国に個人情報をまとめて管理されるのが不安なので"),
    "scandal": LabelGuide(
        "報道された一連の問題を理由にするもの。不祥事、ニュース、次々に発覚した事案、"
        "政府の対応など、よそで起きたこととして書かれたもの。",
        "ニュースで他人の情報が見られる問題を知り、怖くなった"),
    "errors": LabelGuide(
        "システムやカードの誤り・不具合。制度の性質として書かれたもの（ミスが多いなど）と、"
        "本人や家族が実際に受けた誤り（他人の口座とのひも付け、証明書の誤交付、"
        "読み取りの失敗など）。",
        "私の保険証に他人の情報がひも付けられていた"),
    "relocation": LabelGuide(
        "引っ越し・転出・転勤・海外への転出・施設への入所など、住所が変わる（変わった）ため。",
        "来月、夫の転勤で大阪に引っ越すため"),
    "other": LabelGuide(
        "上のどれにも当たらないもの。本人の死亡、再発行・重複、使わない・不要、暗証番号が"
        "分からない、なくすのが心配、破損、電子証明書の期限切れ、空欄や「特になし」など。",
        "父が亡くなったため、家族が返納します"),
}

SEVERAL_REASONS = (
    "理由がいくつも書かれているとき: 本人が「一番の理由は」などと主な理由を示していれば、"
    "それを選びます。示していなければ、より具体的なものを 転居 → 誤り・不具合 → "
    "相次ぐ不祥事 → 制度への不信 → その他 の順で選びます。「引っ越しではなく」のように"
    "打ち消された理由は数えません。")

# What 要確認 means, in one sentence; {share} is the model's --review-precision
# (metadata["review"]["target_accuracy"]), e.g. review_meaning(0.98).
REVIEW_MEANING = (
    "「要確認」は判定が外れているおそれが比較的高い結果に付く印で、印の付かない判定は"
    "検証で{share}以上が正しくなるよう基準を決めています。")


def review_meaning(target_accuracy: float) -> str:
    """REVIEW_MEANING with the model's target, e.g. 「98%」."""
    return REVIEW_MEANING.format(share=f"{target_accuracy:.0%}")
