"""Argon2id password hashes (argon2-cffi's defaults, RFC 9106's second recommendation)."""

from functools import cache

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError

from henno.accounts.errors import AccountError

MIN_CHARS = 12
MAX_CHARS = 1024  # hashing a megabyte per login attempt would be a cheap denial of service

_HASHER = PasswordHasher()


def check_strength(password: str) -> None:
    if len(password) < MIN_CHARS:
        raise AccountError(f"the password is too short: use at least {MIN_CHARS} characters")
    if len(password) > MAX_CHARS:
        raise AccountError(f"the password is too long: use at most {MAX_CHARS} characters")


def hash_password(password: str) -> str:
    return _HASHER.hash(password)


def verify(stored: str, password: str) -> bool:
    if len(password) > MAX_CHARS:
        password = password[:MAX_CHARS]  # still hashed: the same time as any wrong password
    try:
        return _HASHER.verify(stored, password)
    except (VerificationError, InvalidHashError):
        return False


def needs_rehash(stored: str) -> bool:
    """True when the hash was made with weaker parameters than today's."""
    return _HASHER.check_needs_rehash(stored)


@cache
def _dummy_hash() -> str:
    return _HASHER.hash("a password no account has")


def waste_time(password: str) -> None:
    """Verify against a dummy hash: an unknown name costs what a known one does."""
    verify(_dummy_hash(), password)
