"""Accounts: users with Argon2id passwords, server-side page sessions, API keys, roles."""

from henno.accounts.errors import AccountError, LoginRefused
from henno.accounts.info import KeyInfo, UserInfo
from henno.accounts.principal import OPEN, PageSession, Principal, Role
from henno.accounts.store import AccountStore
from henno.audit.clock import utc_now

__all__ = ["OPEN", "AccountError", "AccountStore", "KeyInfo", "LoginRefused", "PageSession",
           "Principal", "Role", "UserInfo", "utc_now"]
