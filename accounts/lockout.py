"""Failed logins counted in the database, so every worker and replica sees one count.

The increment is one UPDATE (`failed_logins + 1`): concurrent failures from several
processes each count, and only the one that reaches the limit locks the name (a conditional
UPDATE that also resets the count), so `locked` is audited once.
"""

from datetime import datetime, timedelta

from sqlalchemy import or_, select, update
from sqlalchemy.orm import Session

from henno.accounts.tables import UserRow


def is_locked(user: UserRow, now: datetime) -> bool:
    return user.locked_until is not None and user.locked_until > now


def count_failure(session: Session, user_id: int, max_failures: int, now: datetime,
                  lock_for: timedelta) -> bool:
    """Count one failed login; True when this failure locked the name."""
    # A failure while locked (checked before the lock, in another process) does not count:
    # it would lock the name a second time.
    counted = session.execute(update(UserRow).where(
        UserRow.id == user_id, or_(UserRow.locked_until.is_(None), UserRow.locked_until <= now),
    ).values(failed_logins=UserRow.failed_logins + 1))
    if int(counted.rowcount) == 0:  # type: ignore[attr-defined]
        return False
    failures = session.scalar(select(UserRow.failed_logins).where(UserRow.id == user_id))
    if failures is None or failures < max_failures:
        return False
    locked = session.execute(update(UserRow).where(
        UserRow.id == user_id, UserRow.failed_logins >= max_failures).values(
        failed_logins=0, locked_until=now + lock_for))
    return int(locked.rowcount) == 1  # type: ignore[attr-defined]

