"""`henno users ...`: the page's accounts, managed on the server."""

import argparse
import getpass
import sys

from henno.cli.accounts_db import cli_actor, opened
from henno.model.errors import HennoError

ROLES = ("clerk", "admin")
# The door closes once any user or unrevoked key exists (AccountStore.has_credentials).
_NO_USERS_OPEN = "no users and no API keys: the service runs open to anyone who reaches it"
_NO_USERS_WITH_KEYS = "no users: nobody can log in on the web page; the API needs a key"


def add_parsers(sub: "argparse._SubParsersAction[argparse.ArgumentParser]") -> None:
    users = sub.add_parser("users", help="the web page's user accounts (clerks and admins)")
    users_sub = users.add_subparsers(dest="users_command", required=True)
    add = users_sub.add_parser(
        "add", help="add a user; asks for the password twice",
        description="Adds a user who logs in on the web page. clerk: classify, label files, "
                    "review; admin: also retrain, switch versions, purge, manage users and "
                    "keys, read the audit trail. Example: henno users add sato.hanako --role "
                    "clerk, or printf '%s\\n' \"$PW\" | henno users add sato.hanako --role "
                    "admin --password-stdin")
    add.add_argument("name", type=_user_name,
                     help="the login name, 1 to 64 characters; words separated by single "
                          "spaces, e.g. \"佐藤 花子\" (a full-width space becomes an ASCII one)")
    add.add_argument("--role", choices=ROLES, required=True, help="clerk or admin")
    _password_option(add)
    add.set_defaults(handler=add_user)
    listing = users_sub.add_parser("list", help="every user, role and state",
                                   description="Example: henno users list")
    listing.set_defaults(handler=list_users)
    for verb, text in (("disable", "disable a user and end their sessions at once"),
                       ("enable", "enable a user again (also lifts a login lock)")):
        change = users_sub.add_parser(verb, help=text,
                                      description=f"{text}. Example: henno users {verb} "
                                                  "sato.hanako")
        change.add_argument("name", type=_user_name)
        change.set_defaults(handler=set_disabled, disabled=verb == "disable")
    reset = users_sub.add_parser(
        "reset-password", help="give a user a new password; ends their sessions",
        description="Also lifts a login lock. Example: henno users reset-password sato.hanako")
    reset.add_argument("name", type=_user_name)
    _password_option(reset)
    reset.set_defaults(handler=reset_password)


def _user_name(typed: str) -> str:
    # Imported here, as in the handlers: `henno --help` need not load the accounts' database.
    from henno.accounts.info import normal_name

    return normal_name(typed)


def _password_option(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--password-stdin", action="store_true",
                        help="read the password from the first line of standard input "
                             "instead of asking (for scripts)")


def read_password(from_stdin: bool) -> str:
    """The new password: stdin's first line, or typed twice at a prompt that does not echo."""
    if from_stdin:
        line = sys.stdin.readline()
        if not line:
            raise HennoError("no password on standard input")
        return line.rstrip("\r\n")
    if not sys.stdin.isatty():
        raise HennoError("no terminal to ask for the password: use --password-stdin")
    first = getpass.getpass("New password (12 characters or more): ")
    if getpass.getpass("The same password again: ") != first:
        raise HennoError("the two passwords differ; nothing was changed")
    return first


def add_user(args: argparse.Namespace) -> int:
    from henno.accounts import Role
    from henno.audit import AuditAction

    password = read_password(args.password_stdin)
    with opened() as (accounts, trail):
        accounts.add_user(args.name, Role(args.role), password)
        trail.record(cli_actor(), AuditAction.USER_ADDED, user=args.name, role=args.role)
    print(f"added user {args.name} ({args.role})")
    return 0


def list_users(args: argparse.Namespace) -> int:
    with opened() as (accounts, _):
        users, keys = accounts.users(), accounts.keys()
    if not users:
        print(_NO_USERS_WITH_KEYS if any(key.revoked_at is None for key in keys)
              else _NO_USERS_OPEN)
        return 0
    print("name\trole\tstate\tcreated\tlast login")
    for user in users:
        state = "disabled" if user.disabled else "active"
        if user.locked_until is not None:
            state += f", locked until {user.locked_until:%Y-%m-%d %H:%M} UTC"
        last = f"{user.last_login_at:%Y-%m-%d %H:%M}" if user.last_login_at else "never"
        print(f"{user.name}\t{user.role}\t{state}\t{user.created_at:%Y-%m-%d}\t{last}")
    return 0


def set_disabled(args: argparse.Namespace) -> int:
    from henno.audit import AuditAction

    with opened() as (accounts, trail):
        accounts.set_disabled(args.name, args.disabled)
        action = AuditAction.USER_DISABLED if args.disabled else AuditAction.USER_ENABLED
        trail.record(cli_actor(), action, user=args.name)
    print(f"disabled user {args.name}; their sessions ended" if args.disabled
          else f"enabled user {args.name}")
    return 0


def reset_password(args: argparse.Namespace) -> int:
    from henno.audit import AuditAction

    password = read_password(args.password_stdin)
    with opened() as (accounts, trail):
        accounts.reset_password(args.name, password)
        trail.record(cli_actor(), AuditAction.PASSWORD_RESET, user=args.name)
    print(f"new password set for {args.name}; their sessions ended")
    return 0
