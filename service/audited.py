"""What the routes and the page write to the audit trail: who, what, on which object, how it
went. Objects are ids, counts, versions and redacted file names — never a reason text."""

import logging
from datetime import timedelta
from enum import StrEnum

from sqlalchemy.exc import SQLAlchemyError

from henno.audit import AuditAction, AuditTrail
from henno.model.errors import HennoError
from henno.review.redaction import redact_file_name
from henno.review.store import ReviewStore
from henno.settings import Settings

logger = logging.getLogger(__name__)


class Outcome(StrEnum):
    OK = "ok"
    REFUSED = "refused"  # henno said no: a conflict, nothing to undo, a job not finished
    FAILED = "failed"  # it was tried and did not work: a broken model version


def file_object(name: str) -> str:
    """A file's name as the review store keeps it: a resident's name in it is replaced."""
    return redact_file_name(name)


def record(trail: AuditTrail | None, actor: str | None, action: AuditAction,
           outcome: Outcome = Outcome.OK, /, **objects: str | int) -> None:
    """One audit entry. A trail that cannot be written is logged as an error and the
    clerk's work goes on: the database that refused the entry would refuse the work too,
    and a download already sent cannot be taken back."""
    if trail is None:
        return
    try:
        trail.record(actor, action, str(outcome), **objects)
    except (HennoError, SQLAlchemyError) as exc:
        logger.error("audit entry not written: %s", action,
                     extra={"error_type": type(exc).__name__})


def purge_at_start(audit: AuditTrail | None, reviews: ReviewStore | None,
                   settings: Settings) -> None:
    """Delete the review items and audit entries past their retention periods, as every start
    does; the review items' purge is itself an audit entry (the audit trail records its own)."""
    if reviews is not None:
        try:
            deleted = reviews.purge(timedelta(days=settings.review_retention_days))
        except HennoError as exc:
            logger.error("review items not purged", extra={"error_code": exc.code})
        else:
            if deleted:
                record(audit, None, AuditAction.PURGE, review_items=deleted,
                       retention_days=settings.review_retention_days)
    if audit is not None:
        try:
            audit.purge(settings.audit_retention_days)
        except HennoError as exc:
            logger.error("audit entries not purged", extra={"error_code": exc.code})
