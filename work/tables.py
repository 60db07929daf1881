"""The work_items table as a typed ORM class; migration 0004_work_items creates it."""

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, Float, Index, String, text
from sqlalchemy.orm import Mapped, mapped_column

# One metadata with the review tables: one database, one migration history.
from henno.review.tables import Base, UTCDateTime

# At most one retraining queued or running, whichever worker or host asked for it.
ONE_RETRAIN = "kind = 'retrain' AND status IN ('queued', 'running')"


class WorkItemRow(Base):
    __tablename__ = "work_items"
    __table_args__ = (
        Index("ix_work_items_queue", "status", "kind", "created_at"),
        Index("ix_work_items_owner", "owner", "kind"),
        Index("ix_work_items_one_retrain", "kind", unique=True,
              sqlite_where=text(ONE_RETRAIN), postgresql_where=text(ONE_RETRAIN)),
    )

    id: Mapped[str] = mapped_column(String(32), primary_key=True)
    kind: Mapped[str] = mapped_column(String(16))
    owner: Mapped[str] = mapped_column(String(160))  # Principal.actor
    status: Mapped[str] = mapped_column(String(16))
    params: Mapped[dict[str, Any]] = mapped_column(JSON)
    result: Mapped[dict[str, Any]] = mapped_column(JSON)
    rows_done: Mapped[int]
    interruptions: Mapped[int]  # lapsed leases: the first queues it again, the second fails
    fraction: Mapped[float | None] = mapped_column(Float)
    error_code: Mapped[str | None] = mapped_column(String(32))
    claimed_by: Mapped[str | None] = mapped_column(String(160))
    lease_until: Mapped[datetime | None] = mapped_column(UTCDateTime)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime)
