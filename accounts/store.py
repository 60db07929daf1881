"""Users, page sessions and API keys in the review store's database.

Every method runs in its own short transaction, so one store serves many threads and
several processes or machines may share the database. Password hashing (slow on purpose)
runs outside any transaction, so it never holds SQLite's write lock.
"""

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import datetime, timedelta
from typing import TYPE_CHECKING

from sqlalchemy import Engine, exists, insert, or_, select, update
from sqlalchemy.exc import IntegrityError, SQLAlchemyError
from sqlalchemy.orm import Session, sessionmaker

from henno.accounts import keys, passwords, sessions
from henno.accounts.errors import AccountError
from henno.accounts.info import KeyInfo, UserInfo, check_name, check_role
from henno.accounts.login import LoginFlow
from henno.accounts.principal import PageSession, Principal, Role
from henno.accounts.tables import KeyRow, UserRow
from henno.audit.clock import utc_now

if TYPE_CHECKING:
    from henno.audit.trail import AuditTrail

class AccountStore(LoginFlow):
    """The accounts of one database; `audit` receives logins, failures, locks and logouts."""

    def __init__(self, engine: Engine, *, idle_minutes: int = 30, max_hours: int = 12,
                 max_failures: int = 5, lock_minutes: int = 15,
                 clock: Callable[[], datetime] = utc_now,
                 audit: "AuditTrail | None" = None) -> None:
        self._sessions = sessionmaker(engine, expire_on_commit=False)
        self._idle = timedelta(minutes=idle_minutes)
        self._lifetime = timedelta(hours=max_hours)
        self._max_failures = max_failures
        self._lock_for = timedelta(minutes=lock_minutes)
        self._clock = clock
        self._audit = audit

    @contextmanager
    def _transaction(self, conflict: str = "") -> Iterator[Session]:
        try:
            with self._sessions.begin() as session:
                yield session
        except IntegrityError as exc:
            if conflict:
                raise AccountError(conflict) from None
            raise AccountError(f"the accounts database failed: {exc.orig}") from exc
        except SQLAlchemyError as exc:
            reason = getattr(exc, "orig", None) or exc
            raise AccountError(f"the accounts database failed: {reason}") from exc

    def has_credentials(self) -> bool:
        """True when any user (even a disabled one) or any unrevoked key exists."""
        with self._transaction() as session:
            return bool(session.scalar(select(or_(
                exists().where(UserRow.id.is_not(None)),
                exists().where(KeyRow.revoked_at.is_(None))))))

    def add_user(self, name: str, role: Role, password: str) -> None:
        check_name(name, "user")
        role = check_role(role)
        passwords.check_strength(password)
        hashed = passwords.hash_password(password)
        with self._transaction(conflict=f"user {name} already exists") as session:
            session.execute(insert(UserRow).values(
                name=name, role=role.value, password_hash=hashed, disabled=False,
                failed_logins=0, created_at=self._clock()))

    def users(self) -> list[UserInfo]:
        with self._transaction() as session:
            return [UserInfo(name=row.name, role=Role(row.role), disabled=row.disabled,
                             locked_until=row.locked_until, created_at=row.created_at,
                             last_login_at=row.last_login_at)
                    for row in session.scalars(select(UserRow).order_by(UserRow.name))]

    def set_disabled(self, name: str, disabled: bool) -> None:
        """Disabling ends the user's sessions at once; enabling also lifts a lock."""
        changes: dict[str, object] = {"disabled": disabled}
        if not disabled:
            changes.update(failed_logins=0, locked_until=None)
        with self._transaction() as session:
            user_id = self._change_user(session, name, changes)
            if disabled:
                sessions.end_all(session, user_id)

    def reset_password(self, name: str, password: str) -> None:
        """A new password ends the user's sessions at once and lifts a lock."""
        passwords.check_strength(password)
        hashed = passwords.hash_password(password)
        with self._transaction() as session:
            user_id = self._change_user(session, name, {
                "password_hash": hashed, "failed_logins": 0, "locked_until": None})
            sessions.end_all(session, user_id)

    @staticmethod
    def _change_user(session: Session, name: str, changes: dict[str, object]) -> int:
        user_id: int | None = session.scalar(update(UserRow).where(
            UserRow.name == name).values(**changes).returning(UserRow.id))
        if user_id is None:
            raise AccountError(f"user {name} does not exist")
        return user_id

    def session(self, session_id: str) -> PageSession | None:
        """The live session of this cookie value; None when unknown, expired or disabled."""
        if not session_id or len(session_id) > sessions.LONGEST_ID:
            return None
        with self._transaction() as session:
            return sessions.find(session, session_id, self._clock(), self._idle,
                                 self._lifetime)

    def create_key(self, name: str, role: Role) -> str:
        """A new key, returned once; only its sha256 is stored."""
        check_name(name, "key")
        role = check_role(role)
        with self._transaction(conflict=f"API key {name} already exists") as session:
            return keys.create(session, name, role, self._clock())

    def keys(self) -> list[KeyInfo]:
        with self._transaction() as session:
            return keys.listing(session)

    def revoke_key(self, name: str) -> None:
        with self._transaction() as session:
            keys.revoke(session, name, self._clock())

    def key_principal(self, key: str) -> Principal | None:
        """The key's principal; None when unknown or revoked."""
        with self._transaction() as session:
            return keys.principal(session, key)
