"""Login and logout of `AccountStore`: the password check, the lockout, the audit entries."""

from collections.abc import Callable
from contextlib import AbstractContextManager
from datetime import datetime, timedelta
from typing import TYPE_CHECKING, NoReturn

from sqlalchemy import or_, select, update
from sqlalchemy.orm import Session

from henno.accounts import lockout, passwords, sessions
from henno.accounts.errors import LoginRefused
from henno.accounts.principal import PageSession
from henno.accounts.tables import UserRow
from henno.audit.actions import AuditAction

if TYPE_CHECKING:
    from henno.audit.trail import AuditTrail


class LoginFlow:
    """The part of `AccountStore` that logs users in and out."""

    _idle: timedelta
    _lifetime: timedelta
    _max_failures: int
    _lock_for: timedelta
    _clock: Callable[[], datetime]
    _audit: "AuditTrail | None"
    _transaction: Callable[..., AbstractContextManager[Session]]

    def _record(self, actor: str | None, action: AuditAction, outcome: str = "ok") -> None:
        if self._audit is not None:
            self._audit.record(actor, action, outcome)

    def login(self, name: str, password: str) -> PageSession:
        """A new session for the right name and password; LoginRefused for anything else."""
        now = self._clock()
        with self._transaction() as session:
            sessions.prune(session, now, self._idle, self._lifetime)
            user = session.scalar(select(UserRow).where(UserRow.name == name))
        if user is None:
            passwords.waste_time(password)
            # The typed name is not kept: it may be a password typed in the wrong field.
            self._refuse(None, "unknown_user")
        actor = f"user:{user.name}"
        right = passwords.verify(user.password_hash, password)
        if user.disabled:
            self._refuse(actor, "disabled")
        if lockout.is_locked(user, now):
            self._refuse(actor, "locked")
        if not right:
            self._count_failure(user, actor, now)
        rehashed = (passwords.hash_password(password)
                    if passwords.needs_rehash(user.password_hash) else user.password_hash)
        with self._transaction() as session:
            page = self._start(session, user, rehashed, now)
        if page is None:  # disabled, locked or given a new password meanwhile
            self._refuse(actor, "changed")
        self._record(actor, AuditAction.LOGIN)
        return page

    def _start(self, session: Session, user: UserRow, rehashed: str,
               now: datetime) -> PageSession | None:
        # Conditional: the row must still be as checked above, in whichever process.
        still = session.execute(update(UserRow).where(
            UserRow.id == user.id, UserRow.disabled.is_(False),
            UserRow.password_hash == user.password_hash,
            or_(UserRow.locked_until.is_(None), UserRow.locked_until <= now),
        ).values(failed_logins=0, last_login_at=now, password_hash=rehashed))
        if int(still.rowcount) != 1:  # type: ignore[attr-defined]
            return None
        return sessions.start(session, user, now)

    def _count_failure(self, user: UserRow, actor: str, now: datetime) -> NoReturn:
        with self._transaction() as session:
            locked = lockout.count_failure(session, user.id, self._max_failures, now,
                                           self._lock_for)
        self._record(actor, AuditAction.LOGIN_FAILED, "wrong_password")
        if locked:
            self._record(actor, AuditAction.LOCKED)
        raise LoginRefused

    def _refuse(self, actor: str | None, outcome: str) -> NoReturn:
        self._record(actor, AuditAction.LOGIN_FAILED, outcome)
        raise LoginRefused

    def logout(self, session_id: str) -> None:
        """End the session at once; an unknown id changes nothing."""
        if not session_id or len(session_id) > sessions.LONGEST_ID:
            return
        with self._transaction() as session:
            actor = sessions.end(session, session_id)
        if actor is not None:
            self._record(actor, AuditAction.LOGOUT)


