"""What a unit of background work is: its kind, its status and what it holds."""

from dataclasses import dataclass, field
from datetime import datetime
from enum import StrEnum
from typing import Any

from henno.review.errors import ReviewStoreError


class WorkKind(StrEnum):
    LABEL_FILE = "label_file"
    RETRAIN = "retrain"


class WorkStatus(StrEnum):
    UPLOADED = "uploaded"  # waiting for the clerk's choices; no worker may take it yet
    QUEUED = "queued"
    RUNNING = "running"
    DONE = "done"
    FAILED = "failed"


ACTIVE = (WorkStatus.QUEUED, WorkStatus.RUNNING)
# Why an item failed without its handler saying so.
INTERRUPTED, INTERNAL = "interrupted", "internal"


class WorkError(ReviewStoreError):
    """The work items' database (the review store's) failed or is not open: 503 wherever
    the review store's failures are."""

    code = "work"


@dataclass(frozen=True)
class WorkItem:
    """One row of work_items. params and result hold choices, counts and codes, never a
    resident's text: those stay in the item's files."""

    id: str
    kind: WorkKind
    owner: str
    status: WorkStatus
    created_at: datetime
    updated_at: datetime
    params: dict[str, Any] = field(default_factory=dict)
    result: dict[str, Any] = field(default_factory=dict)
    rows_done: int = 0
    fraction: float | None = None
    error_code: str | None = None
    claimed_by: str | None = None
    lease_until: datetime | None = None
    interruptions: int = 0
