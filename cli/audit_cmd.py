"""`henno audit ...`: export the audit trail as CSV, delete entries past their retention."""

import argparse
import sys
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING

from henno.cli.accounts_db import cli_actor, opened
from henno.forms.text_file import write_text_file
from henno.model.errors import HennoError
from henno.settings import get_settings

if TYPE_CHECKING:
    from henno.audit import AuditTrail

MAX_RETENTION_DAYS = 36500  # also HENNO_AUDIT_RETENTION_DAYS's limit


def _date(value: str) -> datetime:
    try:
        day = datetime.strptime(value, "%Y-%m-%d")
    except ValueError:
        raise argparse.ArgumentTypeError(f"{value!r} is not a date like 2026-04-01") from None
    return day.replace(tzinfo=UTC)


def add_parsers(sub: "argparse._SubParsersAction[argparse.ArgumentParser]") -> None:
    audit = sub.add_parser("audit", help="the audit trail: who did what, when")
    audit_sub = audit.add_subparsers(dest="audit_command", required=True)
    export = audit_sub.add_parser(
        "export", help="write the audit entries as CSV (time, actor, action, outcome, objects)",
        description="Times are UTC. Example: henno audit export --since 2026-04-01 -o "
                    "audit.csv, or -o - for standard output")
    export.add_argument("--since", type=_date, metavar="YYYY-MM-DD",
                        help="only entries from this day on (00:00 UTC), e.g. 2026-04-01")
    export.add_argument("-o", "--output", required=True, metavar="FILE.csv",
                        help="the CSV file (UTF-8 with a BOM, for Excel), or - for standard "
                             "output")
    export.set_defaults(handler=export_entries)
    purge = audit_sub.add_parser(
        "purge", help="delete entries older than the retention",
        description="Example: henno audit purge, or henno audit purge --older-than-days 365")
    purge.add_argument("--older-than-days", type=int, metavar="N",
                       help="default: HENNO_AUDIT_RETENTION_DAYS or 730")
    purge.set_defaults(handler=purge_entries)


def export_entries(args: argparse.Namespace) -> int:
    with opened() as (_, trail):
        if args.output == "-":
            rows = trail.export(sys.stdout, since=args.since)
            print(f"wrote {rows} audit entries", file=sys.stderr)
        else:
            rows = _export_file(trail, Path(args.output), args.since)
            print(f"wrote {rows} audit entries to {args.output}")
    return 0


def _export_file(trail: "AuditTrail", path: Path, since: datetime | None) -> int:
    """Written through a temporary file renamed into place: never a half-written export."""
    return write_text_file(path, lambda handle: trail.export(handle, since=since))


def purge_entries(args: argparse.Namespace) -> int:
    days = args.older_than_days
    if days is None:
        days = get_settings().audit_retention_days
    if not 1 <= days <= MAX_RETENTION_DAYS:
        raise HennoError(f"--older-than-days must be between 1 and {MAX_RETENTION_DAYS}")
    with opened() as (_, trail):
        deleted = trail.purge(days, actor=cli_actor())
    print(f"deleted {deleted} audit entries older than {days} days")
    return 0
