"""The one sentence saying what 要確認 means carries the model's target."""

import pytest

from henno.service.ui.label_guide import review_meaning


@pytest.mark.parametrize(("target", "share"), [(0.98, "98%"), (0.95, "95%"), (0.99, "99%")])
def test_review_meaning_names_the_target(target: float, share: str) -> None:
    assert review_meaning(target) == (
        "「要確認」は判定が外れているおそれが比較的高い結果に付く印で、印の付かない判定は"
        f"検証で{share}以上が正しくなるよう基準を決めています。")
