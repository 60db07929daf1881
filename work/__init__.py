"""Background work shared by every worker and host: a table of work items in the review
database, claimed with conditional updates and leases, and a runner that works them off."""

from henno.work.items import WorkError, WorkItem, WorkKind, WorkStatus
from henno.work.store import WorkStore

__all__ = ["WorkError", "WorkItem", "WorkKind", "WorkStatus", "WorkStore"]
