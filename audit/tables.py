"""The audit table as a typed ORM class; migration 0003_accounts_audit creates it."""

from datetime import datetime

from sqlalchemy import JSON, Index, String
from sqlalchemy.orm import Mapped, mapped_column

# One metadata with the review tables: one database, one migration history.
from henno.review.tables import Base, UTCDateTime


class AuditRow(Base):
    __tablename__ = "audit_entries"
    __table_args__ = (
        Index("ix_audit_entries_at", "at"),
        # Ids are never reused after a purge, so the export's order stays the order of events.
        {"sqlite_autoincrement": True},
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    at: Mapped[datetime] = mapped_column(UTCDateTime)
    actor: Mapped[str | None] = mapped_column(String(160))  # "user:…", "key:…", "cli:…", "open"
    action: Mapped[str] = mapped_column(String(32))
    outcome: Mapped[str] = mapped_column(String(32))
    objects: Mapped[dict[str, str | int]] = mapped_column(JSON)
