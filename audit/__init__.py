"""The audit trail: who did what, when, with which outcome — never a reason text."""

from henno.audit.actions import AuditAction
from henno.audit.clock import utc_now
from henno.audit.trail import AuditEntry, AuditError, AuditTrail

__all__ = ["AuditAction", "AuditEntry", "AuditError", "AuditTrail", "utc_now"]
