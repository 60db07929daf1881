"""Who is asking: a user, an API key, or nobody at all when no credential exists yet."""

from dataclasses import dataclass
from enum import StrEnum
from typing import Literal


class Role(StrEnum):
    CLERK = "clerk"
    ADMIN = "admin"


@dataclass(frozen=True)
class Principal:
    kind: Literal["user", "key", "open"]  # "open": no user or key exists at all (local trial)
    name: str  # the user's or key's name; "" when open
    role: Role  # open → Role.ADMIN: a local trial may do everything (and is warned loudly)

    def allows(self, needed: Role) -> bool:
        """An admin may do everything a clerk may."""
        return self.role is Role.ADMIN or needed is Role.CLERK

    @property
    def actor(self) -> str:
        """How audit entries and job owners name this principal."""
        return "open" if self.kind == "open" else f"{self.kind}:{self.name}"


OPEN = Principal(kind="open", name="", role=Role.ADMIN)


def actor_ja(actor: str | None) -> str:
    """user:佐藤花子 → 佐藤花子; key:集計 → API キー「集計」; a command on the server says so."""
    if not actor:
        return "henno（自動）"
    if actor == "open":
        return "（利用者の登録なし）"
    kind, _, name = actor.partition(":")
    if kind == "user":
        return name
    if kind == "key":
        return f"API キー「{name}」"
    if kind == "cli":
        return f"コマンド（{name}）"
    return actor


@dataclass(frozen=True)
class PageSession:
    id: str  # random, 32 bytes url-safe; only this goes into the cookie
    csrf: str  # random per session; the page's forms carry it
    principal: Principal
