"""What `users()` and `keys()` list; never a password or key hash."""

import re
from dataclasses import dataclass
from datetime import datetime

from henno.accounts.errors import AccountError
from henno.accounts.principal import Role

MAX_NAME_CHARS = 64
# Printable, no spaces: a name appears in audit entries, the CSV export and the page.
_NAME = re.compile(r"[^\s\x00-\x1f\x7f]{1,64}")


@dataclass(frozen=True)
class UserInfo:
    name: str
    role: Role
    disabled: bool
    locked_until: datetime | None
    created_at: datetime
    last_login_at: datetime | None


@dataclass(frozen=True)
class KeyInfo:
    name: str
    role: Role
    created_at: datetime
    revoked_at: datetime | None


def check_name(name: str, what: str) -> None:
    if not _NAME.fullmatch(name):
        raise AccountError(f"a {what} name has 1 to {MAX_NAME_CHARS} characters, no spaces")


def check_role(role: str) -> Role:
    try:
        return Role(role)
    except ValueError:
        raise AccountError("the role must be clerk or admin") from None
