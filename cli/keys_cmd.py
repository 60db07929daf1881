"""`henno api-keys ...`: keys for programs calling the API (Authorization: Bearer <key>)."""

import argparse
import sys

from henno.cli.accounts_db import cli_actor, opened
from henno.cli.users_cmd import ROLES


def add_parsers(sub: "argparse._SubParsersAction[argparse.ArgumentParser]") -> None:
    keys = sub.add_parser("api-keys", help="API keys for programs calling /v1/*")
    keys_sub = keys.add_subparsers(dest="keys_command", required=True)
    create = keys_sub.add_parser(
        "create", help="make a key and print it once (only its hash is kept)",
        description="Prints the new key on standard output, once: henno keeps only its hash. "
                    "Programs send it as `Authorization: Bearer <key>`. Example: henno "
                    "api-keys create nightly-batch --role clerk > nightly.key")
    create.add_argument("name", help="what the key is for, 1 to 64 characters without spaces")
    create.add_argument("--role", choices=ROLES, required=True, help="clerk or admin")
    create.set_defaults(handler=create_key)
    listing = keys_sub.add_parser("list", help="every key, its role and whether it is revoked",
                                  description="Example: henno api-keys list")
    listing.set_defaults(handler=list_keys)
    revoke = keys_sub.add_parser("revoke", help="revoke a key at once",
                                 description="Example: henno api-keys revoke nightly-batch")
    revoke.add_argument("name")
    revoke.set_defaults(handler=revoke_key)


def create_key(args: argparse.Namespace) -> int:
    from henno.accounts import Role
    from henno.audit import AuditAction

    with opened() as (accounts, trail):
        key = accounts.create_key(args.name, Role(args.role))
        trail.record(cli_actor(), AuditAction.KEY_CREATED, key=args.name, role=args.role)
    print(key)
    # On stderr, so `> nightly.key` keeps the key alone.
    print(f"created API key {args.name} ({args.role}); it is shown only this once",
          file=sys.stderr)
    return 0


def list_keys(args: argparse.Namespace) -> int:
    with opened() as (accounts, _):
        keys = accounts.keys()
    if not keys:
        print("no API keys")
        return 0
    print("name\trole\tcreated\trevoked")
    for key in keys:
        revoked = f"{key.revoked_at:%Y-%m-%d %H:%M}" if key.revoked_at else "-"
        print(f"{key.name}\t{key.role}\t{key.created_at:%Y-%m-%d %H:%M}\t{revoked}")
    return 0


def revoke_key(args: argparse.Namespace) -> int:
    from henno.audit import AuditAction

    with opened() as (accounts, trail):
        accounts.revoke_key(args.name)
        trail.record(cli_actor(), AuditAction.KEY_REVOKED, key=args.name)
    print(f"revoked API key {args.name}")
    return 0
