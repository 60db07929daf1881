"""Audit entries of what a clerk or an admin does on the page, in their name."""

from henno.audit import AuditAction
from henno.service.audited import Outcome, record
from henno.service.ui.pages import Page


def audit(page: Page, action: AuditAction, outcome: Outcome = Outcome.OK, /,
          **objects: str | int) -> None:
    record(page.access.audit, page.principal.actor, action, outcome, **objects)
