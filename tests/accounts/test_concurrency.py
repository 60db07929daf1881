"""Several processes and threads on one database (SQLite, PostgreSQL): one user per name, one
lock per run of failures, and the whole store working on both."""

import multiprocessing
import threading
from concurrent.futures import ThreadPoolExecutor

import pytest

from henno.accounts import AccountError, AccountStore, LoginRefused, Role
from henno.audit import AuditAction, AuditTrail
from henno.review.db import make_engine, upgrade
from tests.accounts.conftest import NAME, PASSWORD, Clock


def _add_in_process(url: str) -> str:
    engine = make_engine(url)
    try:
        AccountStore(engine).add_user(NAME, Role.CLERK, PASSWORD)
        return "added"
    except AccountError as exc:
        return str(exc)
    finally:
        engine.dispose()


def test_two_processes_adding_one_name_add_one_user(any_db_url: str) -> None:
    upgrade(any_db_url)
    with multiprocessing.get_context("spawn").Pool(2) as pool:
        outcomes = pool.map(_add_in_process, [any_db_url] * 2)
    assert sorted(outcomes) == ["added", f"user {NAME} already exists"]


def test_racing_failures_lock_the_name_once(any_db_url: str) -> None:
    upgrade(any_db_url)
    engine = make_engine(any_db_url)
    trail = AuditTrail(engine, clock=Clock())
    accounts = AccountStore(engine, clock=Clock(), audit=trail)
    accounts.add_user(NAME, Role.CLERK, PASSWORD)
    start = threading.Barrier(12)

    def attempt(_: int) -> None:
        start.wait(timeout=30)
        with pytest.raises(LoginRefused):
            accounts.login(NAME, "wrong password!")

    try:
        with ThreadPoolExecutor(12) as pool:
            list(pool.map(attempt, range(12)))
        actions = [entry.action for entry in trail.latest(100)]
        assert actions.count(AuditAction.LOCKED) == 1
        assert actions.count(AuditAction.LOGIN_FAILED) == 12
        with pytest.raises(LoginRefused):
            accounts.login(NAME, PASSWORD)
    finally:
        engine.dispose()


def test_the_store_round_trip_on_each_database(any_db_url: str) -> None:
    upgrade(any_db_url)
    engine = make_engine(any_db_url)
    clock = Clock()
    accounts = AccountStore(engine, clock=clock, audit=AuditTrail(engine, clock=clock))
    try:
        accounts.add_user(NAME, Role.ADMIN, PASSWORD)
        page = accounts.login(NAME, PASSWORD)
        assert accounts.session(page.id) == page
        key = accounts.create_key("nightly", Role.CLERK)
        key_principal = accounts.key_principal(key)
        assert key_principal is not None and key_principal.actor == "key:nightly"
        accounts.set_disabled(NAME, True)
        assert accounts.session(page.id) is None
        accounts.revoke_key("nightly")
        assert accounts.key_principal(key) is None
        assert accounts.has_credentials()  # a disabled user still counts
    finally:
        engine.dispose()
