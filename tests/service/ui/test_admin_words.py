"""管理's words: every audit action, outcome and kind of actor in Japanese."""

import pytest

from henno.accounts.principal import actor_ja
from henno.audit import AuditAction, AuditEntry, utc_now
from henno.service.audited import Outcome
from henno.service.ui.admin_page import entry_row
from henno.service.ui.audit_words import (
    ACTION_JA,
    OUTCOME_JA,
    ObjectPart,
    object_parts,
    outcome_ja,
)


def test_every_audit_action_has_japanese_words() -> None:
    assert set(ACTION_JA) == {action.value for action in AuditAction}


def test_every_outcome_has_japanese_words() -> None:
    login_failures = {"wrong_password", "unknown_user", "disabled", "locked", "changed"}
    retrain_results = {"promoted", "not_promoted"}  # henno.work.retrain_job records them
    assert set(OUTCOME_JA) == ({outcome.value for outcome in Outcome} | login_failures
                               | retrain_results)


@pytest.mark.parametrize(("actor", "shown"), [
    ("user:佐藤花子", "佐藤花子"),
    ("user:佐藤 花子", "佐藤 花子"),  # the 確認者 of a name with a space
    ("key:集計システム", "API キー「集計システム」"),
    ("cli:henno", "コマンド（henno）"),
    ("open", "（利用者の登録なし）"),
    (None, "henno（自動）"),
    ("", "henno（自動）"),
    ("other:x", "other:x"),
])
def test_actor_is_shown_in_words(actor: str | None, shown: str) -> None:
    assert actor_ja(actor) == shown


def test_a_failed_login_with_an_unknown_name_is_not_shown_as_henno_itself() -> None:
    entry = AuditEntry(id=1, at=utc_now(), actor=None, action=AuditAction.LOGIN_FAILED,
                       outcome="unknown_user", objects={})
    assert entry_row(entry).actor == "（入力された名前は記録していません）"
    retrain = AuditEntry(id=2, at=utc_now(), actor=None, action=AuditAction.RETRAIN,
                         outcome="promoted", objects={})
    assert entry_row(retrain).actor == "henno（自動）"


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
    assert " ・ ".join(f"{part.name}: {part.shown}" for part in object_parts(objects)) == shown


@pytest.mark.parametrize(("action", "outcome", "shown"), [
    ("login", "ok", "成功"),
    ("login_failed", "wrong_password", "失敗（パスワードの誤り）"),
    ("locked", "ok", "—"),  # henno locked the name: not the user's success
    ("locked", "refused", "拒否"),
    ("download", "something new", "something new"),
])
def test_outcome_reads_right_for_the_action(action: str, outcome: str, shown: str) -> None:
    assert outcome_ja(action, outcome) == shown


@pytest.mark.parametrize(("objects", "parts"), [
    ({"job_id": "nGoj5_miT1RlsgMFn1dNYA", "rows": 20},
     [ObjectPart("ファイル番号", "nGoj5_mi…", "nGoj5_miT1RlsgMFn1dNYA"), ObjectPart("行数", "20")]),
    ({"job": "abcdefghi"}, [ObjectPart("ファイル番号", "abcdefgh…", "abcdefghi")]),
    ({"job": "abcdefgh"}, [ObjectPart("ファイル番号", "abcdefgh")]),  # short: shown whole
    ({"what": "report", "file": "長い名前の返納受付簿.xlsx"},
     [ObjectPart("内容", "レポート"), ObjectPart("ファイル", "長い名前の返納受付簿.xlsx")]),
])
def test_object_parts_shorten_job_ids(objects: dict[str, str | int],
                                      parts: list[ObjectPart]) -> None:
    assert object_parts(objects) == parts
