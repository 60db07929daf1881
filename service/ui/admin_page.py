"""管理: the latest audit entries, the users and the API keys, read-only, for admins only.

Users and keys are changed with `henno users …` and `henno api-keys …` on the server: a
page that could add an admin would make one stolen admin session worth every account.
"""

from dataclasses import dataclass
from datetime import datetime

from fastapi import APIRouter
from fastapi.responses import Response

from henno.accounts import KeyInfo, UserInfo
from henno.accounts.principal import actor_ja
from henno.audit import AuditAction, AuditEntry, utc_now
from henno.service.ui.audit_words import (
    ACTION_JA,
    ROLE_JA,
    ObjectPart,
    object_parts,
    outcome_ja,
)
from henno.service.ui.pages import AdminPageDep

router = APIRouter(prefix="/admin", include_in_schema=False)
LATEST = 100


@dataclass(frozen=True)
class EntryRow:
    at: datetime
    actor: str
    action: str
    objects: list[ObjectPart]
    outcome: str


@dataclass(frozen=True)
class AccountRow:
    name: str
    role: str
    state: str
    created_at: datetime
    last_login_at: datetime | None = None
    revoked_at: datetime | None = None


def entry_row(entry: AuditEntry) -> EntryRow:
    # A login with a name nobody has records no actor (the typed name may be a password):
    # say so rather than name henno itself as the one who tried.
    actor = "（入力された名前は記録していません）" if entry.actor is None and entry.action == \
        AuditAction.LOGIN_FAILED else actor_ja(entry.actor)
    return EntryRow(entry.at, actor, ACTION_JA.get(entry.action, entry.action),
                    object_parts(entry.objects), outcome_ja(entry.action, entry.outcome))


def user_row(user: UserInfo, now: datetime) -> AccountRow:
    if user.disabled:
        state = "無効"
    elif user.locked_until is not None and user.locked_until > now:
        state = "ログイン一時停止中（失敗が続いたため）"
    else:
        state = "有効"
    return AccountRow(user.name, ROLE_JA.get(user.role, user.role), state, user.created_at,
                      last_login_at=user.last_login_at)


def key_row(key: KeyInfo) -> AccountRow:
    return AccountRow(key.name, ROLE_JA.get(key.role, key.role),
                      "失効" if key.revoked_at else "有効", key.created_at,
                      revoked_at=key.revoked_at)


@router.get("")
def admin_page(page: AdminPageDep) -> Response:
    accounts, audit = page.access.accounts(), page.access.audit
    now, api_keys = utc_now(), accounts.keys()
    entries = audit.latest(LATEST) if audit is not None else []
    return page.render("admin.html", tab="admin", entries=[entry_row(entry) for entry in entries],
                       users=[user_row(user, now) for user in accounts.users()],
                       keys=[key_row(key) for key in api_keys],
                       retention_days=page.ui.settings.audit_retention_days)
