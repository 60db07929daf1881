"""Page sessions in the database: the cookie holds a random id, the table only its sha256."""

import hashlib
import secrets
from datetime import datetime, timedelta

from sqlalchemy import delete, insert, or_, select, update
from sqlalchemy.orm import Session

from henno.accounts.principal import PageSession, Principal, Role
from henno.accounts.tables import SessionRow, UserRow

# A session seen less than this long ago is not written again: one write per minute of use,
# not one per request; the idle timeout is exact to within this.
TOUCH_EVERY = timedelta(minutes=1)
# Ids are 43 characters; anything much longer is not worth hashing or looking up.
LONGEST_ID = 128


def digest(secret: str) -> str:
    return hashlib.sha256(secret.encode()).hexdigest()


def user_principal(user: UserRow) -> Principal:
    return Principal(kind="user", name=user.name, role=Role(user.role))


def start(session: Session, user: UserRow, now: datetime) -> PageSession:
    session_id = secrets.token_urlsafe(32)
    csrf = secrets.token_urlsafe(32)
    session.execute(insert(SessionRow).values(
        id_hash=digest(session_id), csrf=csrf, user_id=user.id, created_at=now,
        last_seen_at=now))
    return PageSession(id=session_id, csrf=csrf, principal=user_principal(user))


def find(session: Session, session_id: str, now: datetime, idle: timedelta,
         lifetime: timedelta) -> PageSession | None:
    found = session.execute(select(SessionRow, UserRow).join(
        UserRow, SessionRow.user_id == UserRow.id).where(
        SessionRow.id_hash == digest(session_id))).first()
    if found is None:
        return None
    row, user = found
    if user.disabled or now - row.last_seen_at >= idle or now - row.created_at >= lifetime:
        session.execute(delete(SessionRow).where(SessionRow.id_hash == row.id_hash))
        return None
    if now - row.last_seen_at >= TOUCH_EVERY:
        session.execute(update(SessionRow).where(SessionRow.id_hash == row.id_hash).values(
            last_seen_at=now))
    return PageSession(id=session_id, csrf=row.csrf, principal=user_principal(user))


def end(session: Session, session_id: str) -> str | None:
    """Delete the session; the actor it belonged to, if it existed."""
    id_hash = digest(session_id)
    name = session.scalar(select(UserRow.name).join(
        SessionRow, SessionRow.user_id == UserRow.id).where(SessionRow.id_hash == id_hash))
    session.execute(delete(SessionRow).where(SessionRow.id_hash == id_hash))
    return None if name is None else f"user:{name}"


def end_all(session: Session, user_id: int) -> None:
    session.execute(delete(SessionRow).where(SessionRow.user_id == user_id))


def prune(session: Session, now: datetime, idle: timedelta, lifetime: timedelta) -> None:
    session.execute(delete(SessionRow).where(or_(
        SessionRow.last_seen_at <= now - idle, SessionRow.created_at <= now - lifetime)))
