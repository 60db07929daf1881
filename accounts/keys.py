"""API keys: 32 random bytes shown once; the table keeps only their sha256."""

import hmac
import secrets
from datetime import datetime

from sqlalchemy import insert, select, update
from sqlalchemy.orm import Session

from henno.accounts.errors import AccountError
from henno.accounts.info import KeyInfo
from henno.accounts.principal import Principal, Role
from henno.accounts.sessions import digest
from henno.accounts.tables import KeyRow

# Says what the secret is when it turns up in a log or a repository (secret scanners).
PREFIX = "henno_"
_LONGEST_KEY = 128


def create(session: Session, name: str, role: Role, now: datetime) -> str:
    key = PREFIX + secrets.token_urlsafe(32)
    session.execute(insert(KeyRow).values(name=name, role=role.value, key_hash=digest(key),
                                          created_at=now))
    return key


def listing(session: Session) -> list[KeyInfo]:
    return [KeyInfo(name=row.name, role=Role(row.role), created_at=row.created_at,
                    revoked_at=row.revoked_at)
            for row in session.scalars(select(KeyRow).order_by(KeyRow.name))]


def revoke(session: Session, name: str, now: datetime) -> None:
    """Revoke the key; revoking a revoked key changes nothing (its first time stays)."""
    if session.scalar(select(KeyRow.id).where(KeyRow.name == name)) is None:
        raise AccountError(f"API key {name} does not exist")
    session.execute(update(KeyRow).where(KeyRow.name == name, KeyRow.revoked_at.is_(None))
                    .values(revoked_at=now))


def principal(session: Session, key: str) -> Principal | None:
    if not key or len(key) > _LONGEST_KEY:
        return None
    wanted = digest(key)
    row = session.scalar(select(KeyRow).where(KeyRow.key_hash == wanted))
    # The lookup is by hash already; compare_digest keeps the final check constant-time.
    if row is None or row.revoked_at is not None or not hmac.compare_digest(
            row.key_hash, wanted):
        return None
    return Principal(kind="key", name=row.name, role=Role(row.role))
