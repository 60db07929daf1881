"""The account tables as typed ORM classes; migration 0003_accounts_audit creates them."""

from datetime import datetime

from sqlalchemy import Boolean, CheckConstraint, ForeignKey, String, false
from sqlalchemy.orm import Mapped, mapped_column

# One metadata with the review tables: one database, one migration history.
from henno.review.tables import Base, UTCDateTime

ROLES_CHECK = "role IN ('clerk', 'admin')"


class UserRow(Base):
    __tablename__ = "users"
    __table_args__ = (CheckConstraint(ROLES_CHECK, name="role"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    # Unique: two processes adding the same name at once, one of them fails.
    name: Mapped[str] = mapped_column(String(64), unique=True)
    role: Mapped[str] = mapped_column(String(16))
    password_hash: Mapped[str] = mapped_column(String(255))
    disabled: Mapped[bool] = mapped_column(Boolean, default=False, server_default=false())
    failed_logins: Mapped[int] = mapped_column(default=0, server_default="0")
    locked_until: Mapped[datetime | None] = mapped_column(UTCDateTime)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)
    last_login_at: Mapped[datetime | None] = mapped_column(UTCDateTime)


class SessionRow(Base):
    __tablename__ = "user_sessions"

    # sha256 of the cookie's id: a copy of the database gives no live session.
    id_hash: Mapped[str] = mapped_column(String(64), primary_key=True)
    csrf: Mapped[str] = mapped_column(String(64))
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, index=True)
    last_seen_at: Mapped[datetime] = mapped_column(UTCDateTime, index=True)


class KeyRow(Base):
    __tablename__ = "api_keys"
    __table_args__ = (CheckConstraint(ROLES_CHECK, name="role"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(64), unique=True)
    role: Mapped[str] = mapped_column(String(16))
    key_hash: Mapped[str] = mapped_column(String(64), unique=True)  # sha256 of the key
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)
    revoked_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
