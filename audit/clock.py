"""The default clock of the accounts and the audit trail; tests inject their own."""

from datetime import UTC, datetime


def utc_now() -> datetime:
    return datetime.now(UTC)
