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


@dataclass(frozen=True)
class PageSession:
    id: str  # random, 32 bytes url-safe; only this goes into the cookie
    csrf: str  # random per session; the page's forms carry it
    principal: Principal
