"""`henno backup` and `henno restore`: arguments and printing; the work is in backup/restore."""

import argparse
from pathlib import Path

from henno.maintenance.backup import BackupSummary, create_backup
from henno.maintenance.layout import Home
from henno.maintenance.restore import restore_backup
from henno.settings import get_settings


def add_parsers(sub: "argparse._SubParsersAction[argparse.ArgumentParser]") -> None:
    backup = sub.add_parser(
        "backup", help="save the models, the review database and the session key in one file",
        description="Safe while the service runs. Example: henno backup /srv/backup/henno.tar.gz")
    backup.add_argument("archive", type=Path, metavar="FILE.tar.gz", help="a new file")
    backup.set_defaults(handler=backup_command)
    restore = sub.add_parser(
        "restore", help="put a backup back (stop the service first)",
        description="Example: henno restore /srv/backup/henno.tar.gz")
    restore.add_argument("archive", type=Path, metavar="FILE.tar.gz")
    restore.add_argument("--force", action="store_true",
                         help="replace the models, database and session key already there")
    restore.set_defaults(handler=restore_command)


def _describe(summary: BackupSummary) -> str:
    count = len(summary.versions)
    parts = [f"{count} model version{'' if count == 1 else 's'} "
             f"(current: {summary.current or 'none'})"]
    if summary.database:
        parts.append("the review database")
    if summary.session_key:
        parts.append("the session key")
    return ", ".join(parts)


def backup_command(args: argparse.Namespace) -> int:
    home = Home.from_settings(get_settings())
    summary = create_backup(home, args.archive)
    print(f"wrote {args.archive}: {_describe(summary)}")
    if home.database is None:
        print("the review database named by HENNO_DATABASE_URL is not in this file: "
              "back it up with its own tools (pg_dump for PostgreSQL)")
    return 0


def restore_command(args: argparse.Namespace) -> int:
    home = Home.from_settings(get_settings())
    summary = restore_backup(args.archive, home, force=args.force)
    print(f"restored {args.archive}: {_describe(summary)}")
    return 0
