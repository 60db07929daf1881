"""管理's words: every audit action, outcome and kind of actor in Japanese."""

import pytest

from henno.accounts.principal import actor_ja
from henno.audit import AuditAction
from henno.service.audited import Outcome
from henno.service.ui.audit_words import ACTION_JA, OUTCOME_JA, objects_ja


def test_every_audit_action_has_japanese_words() -> None:
    assert set(ACTION_JA) == {action.value for action in AuditAction}


def test_every_outcome_has_japanese_words() -> None:
    login_failures = {"wrong_password", "unknown_user", "disabled", "locked", "changed"}
    assert set(OUTCOME_JA) == {outcome.value for outcome in Outcome} | login_failures


@pytest.mark.parametrize(("actor", "shown"), [
    ("user:佐藤花子", "佐藤花子"),
    ("key:集計システム", "API キー「集計システム」"),
    ("cli:henno", "コマンド（henno）"),
    ("open", "（利用者の登録なし）"),
    (None, "henno（自動）"),
    ("", "henno（自動）"),
    ("other:x", "other:x"),
])
def test_actor_is_shown_in_words(actor: str | None, shown: str) -> None:
    assert actor_ja(actor) == shown


@pytest.mark.parametrize(("objects", "shown"), [
    ({}, ""),
    ({"file": "窓口_2026年10月.xlsx", "rows": 120}, "ファイル: 窓口_2026年10月.xlsx ・ 行数: 120"),
    ({"from_version": "a", "to_version": "b"}, "切り替え前: a ・ 切り替え後: b"),
    ({"item_id": 7}, "項目: 7"),
    ({"unknown_key": "x"}, "unknown_key: x"),
    ({"item_id": 3, "label": "relocation"}, "項目: 3 ・ ラベル: 転居"),
    ({"what": "reviewed_report", "job_id": "ab"},
     "内容: 確認結果を反映したレポート ・ ファイル番号: ab"),
    ({"user": "佐藤花子", "role": "admin"}, "利用者: 佐藤花子 ・ 役割: 管理者"),
    ({"what": "something new"}, "内容: something new"),
])
def test_objects_are_shown_in_words(objects: dict[str, str | int], shown: str) -> None:
    assert objects_ja(objects) == shown
