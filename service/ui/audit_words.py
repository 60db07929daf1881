"""An audit entry in the words an administrator reads on 管理: who, what, on what, how it went."""

from collections.abc import Mapping
from dataclasses import dataclass

from henno.model.labels import LABEL_JA

# Keyed by AuditAction's values, so a new action without words shows its English name
# instead of failing the page.
ACTION_JA = {
    "login": "ログイン",
    "login_failed": "ログイン失敗",
    "locked": "ログインの一時停止",
    "logout": "ログアウト",
    "file_labelled": "ファイルの判定",
    "download": "ダウンロード",
    "review_decision": "要確認の判定",
    "review_undo": "判定の取り消し",
    "retrain": "再学習",
    "version_switch": "モデルの版の切り替え",
    "purge": "保存期間を過ぎたデータの削除",
    "user_added": "利用者の追加",
    "user_disabled": "利用者の無効化",
    "user_enabled": "利用者の有効化",
    "password_reset": "パスワードの再設定",
    "key_created": "API キーの作成",
    "key_revoked": "API キーの失効",
    "audit_purged": "操作記録の削除",
}
OUTCOME_JA = {
    "ok": "成功", "refused": "拒否", "failed": "失敗",
    # What a retrain produced (its request is recorded as ok or refused).
    "promoted": "成功（新しい版を使用開始）", "not_promoted": "成功（新しい版は未使用）",
    # Why a login failed, as the accounts record it.
    "wrong_password": "失敗（パスワードの誤り）", "unknown_user": "失敗（登録のない名前）",
    "disabled": "拒否（無効な利用者）", "locked": "拒否（一時停止中）",
    "changed": "拒否（ログイン中に変更された利用者）",
}
OBJECT_JA = {
    "file": "ファイル", "rows": "行数", "item_id": "項目", "version": "版",
    "from_version": "切り替え前", "to_version": "切り替え後", "review_items": "確認項目",
    "audit_entries": "操作記録", "name": "名前", "user": "利用者", "key": "API キー",
    "role": "役割", "what": "内容", "job_id": "ファイル番号", "count": "件数",
    "retention_days": "保存期間（日）", "job": "ファイル番号", "label": "ラベル",
    "error": "エラー",
}
ROLE_JA = {"clerk": "職員", "admin": "管理者"}
WHAT_JA = {
    "labelled": "判定結果のファイル", "reviewed": "確認結果を反映したファイル",
    "report": "レポート", "reviewed_report": "確認結果を反映したレポート",
    "summary.csv": "集計表（CSV）", "summary.xlsx": "集計表（Excel）", "api": "API の判定結果",
    "api_job": "API のファイル処理の結果", "api_job_status": "API のファイル処理の状況",
    "api_job_delete": "API のファイル処理の削除",
}
VALUE_JA: dict[str, Mapping[str, str]] = {"what": WHAT_JA, "label": LABEL_JA, "role": ROLE_JA}
# henno locks a name after failed logins: an act on the user, not the user's own success.
NO_OUTCOME = frozenset({"locked"})
# A job id is 22 random characters: its first 8 tell jobs apart on one page.
ID_KEYS, SHOWN_ID_CHARS = frozenset({"job_id", "job"}), 8


@dataclass(frozen=True)
class ObjectPart:
    name: str
    shown: str
    full: str | None = None  # the whole value, when `shown` is shortened


def outcome_ja(action: str, outcome: str) -> str:
    if action in NO_OUTCOME and outcome == "ok":
        return "—"
    return OUTCOME_JA.get(outcome, outcome)


def object_parts(objects: Mapping[str, object]) -> list[ObjectPart]:
    """ファイル: 窓口.xlsx ・ 行数: 120 — the keys henno records in words, others as they are;
    a job id shortened, the whole id kept."""
    return [_part(key, _value_ja(key, value)) for key, value in objects.items()]


def _part(key: str, value: str) -> ObjectPart:
    name = OBJECT_JA.get(key, key)
    if key in ID_KEYS and len(value) > SHOWN_ID_CHARS:
        return ObjectPart(name, value[:SHOWN_ID_CHARS] + "…", value)
    return ObjectPart(name, value)


def _value_ja(key: str, value: object) -> str:
    return VALUE_JA.get(key, {}).get(str(value), str(value))
