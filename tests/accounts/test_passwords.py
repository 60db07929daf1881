"""The real Argon2id parameters (the other tests use cheap ones)."""

import pytest
from argon2 import PasswordHasher, Type

from henno.accounts import passwords


@pytest.fixture(autouse=True)
def cheap_hashes() -> None:
    """Overrides the package's cheap hashes: these tests check the real ones."""


def test_hashes_are_argon2id_with_the_recommended_parameters() -> None:
    stored = passwords.hash_password("correct horse battery")
    assert stored.startswith("$argon2id$v=19$m=65536,t=3,p=4$")
    assert passwords._HASHER.type is Type.ID
    assert not passwords.needs_rehash(stored)


@pytest.mark.parametrize(("password", "right"), [
    ("correct horse battery", True),
    ("correct horse batterY", False),
    ("", False),
    ("correct horse battery" + "x" * 5000, False),
])
def test_verify(password: str, right: bool) -> None:
    assert passwords.verify(passwords.hash_password("correct horse battery"), password) is right


@pytest.mark.parametrize("stored", ["", "plain text", "$argon2id$v=19$broken"])
def test_a_damaged_hash_verifies_nothing(stored: str) -> None:
    assert passwords.verify(stored, "correct horse battery") is False


def test_a_weaker_hash_needs_rehashing() -> None:
    weak = PasswordHasher(time_cost=1, memory_cost=8, parallelism=1).hash("correct horse battery")
    assert passwords.needs_rehash(weak)
