"""What `users()` and `keys()` list; never a password or key hash."""

import re
from dataclasses import dataclass
from datetime import datetime

from henno.accounts.errors import AccountError
from henno.accounts.principal import Role

MAX_NAME_CHARS = 64
# Japanese names are written family name, space, given name (佐藤 花子); anything else that
# could disguise a name in the audit CSV or on the page (outer or double spaces, tabs,
# newlines, control characters) is refused.
_WORD = r"[^\s\x00-\x1f\x7f-\x9f]+"
_NAME = re.compile(rf"{_WORD}(?: {_WORD})*")


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


def normal_name(name: str) -> str:
    """佐藤　花子 → 佐藤 花子: a Japanese IME types a full-width space; one name, one spelling."""
    return name.replace("\u3000", " ")


def check_name(name: str, what: str) -> None:
    if len(name) > MAX_NAME_CHARS or not _NAME.fullmatch(name):
        raise AccountError(f"a {what} name has 1 to {MAX_NAME_CHARS} characters: words "
                           "separated by single spaces, without control characters")


def check_role(role: str) -> Role:
    try:
        return Role(role)
    except ValueError:
        raise AccountError("the role must be clerk or admin") from None
