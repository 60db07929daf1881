"""The service with users and keys over a clock the test turns, and what its audit table and
logs hold afterwards. Names, passwords and reason texts are fictional."""

import json
import logging
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from fastapi.routing import APIRoute, iter_route_contexts
from fastapi.testclient import TestClient

from henno.accounts import AccountStore, Role
from henno.audit import AuditEntry, AuditTrail
from henno.review.db import make_engine, upgrade
from henno.service.access import Access
from henno.service.app import create_app
from henno.service.log_format import JsonFormatter
from tests.service.accounts import PASSWORD, bearer, log_in
from tests.service.conftest import make_settings

CLERK, ADMIN, OTHER_CLERK = "佐藤花子", "鈴木一郎", "高橋次郎"
# Sent through the API and the page by the tests; searched for in the audit table and logs.
REASONS = ("来月、転勤で大阪に引っ越すため返納します",
           "マイナ保険証の誤登録が続いて不安なので返納します",
           "山田太郎の個人番号が漏れたと聞いて信用できない")
SESSION_COOKIE = "henno_session"


class Clock:
    """A clock that moves only when the test says so; it starts at the minute the test
    starts, so what the page compares with the wall clock (a lock's end) reads true."""

    def __init__(self) -> None:
        self.now = datetime.now(UTC).replace(second=0, microsecond=0)

    def __call__(self) -> datetime:
        return self.now

    def advance(self, **delta: float) -> None:
        self.now += timedelta(**delta)


@dataclass
class Door:
    client: TestClient
    accounts: AccountStore
    audit: AuditTrail
    clock: Clock
    clerk_key: str
    admin_key: str

    def log_in(self, name: str, password: str = PASSWORD) -> None:
        log_in(self.client, name, password)

    def session_id(self) -> str:
        value = self.client.cookies.get(SESSION_COOKIE)
        assert value, "no session cookie"
        return value

    def log_out_of_the_client(self) -> None:
        self.client.cookies.clear()

    def as_clerk_key(self) -> dict[str, str]:
        return bearer(self.clerk_key)

    def as_admin_key(self) -> dict[str, str]:
        return bearer(self.admin_key)


def _stores(url: str, clock: Clock) -> tuple[AccountStore, AuditTrail]:
    engine = make_engine(url)
    audit = AuditTrail(engine, clock=clock)
    return AccountStore(engine, clock=clock, audit=audit), audit


@contextmanager
def open_door(models: Path, state: Path, data: tuple[Path, Path],
              caplog: pytest.LogCaptureFixture) -> Iterator[Door]:
    """The app over `models` with three users and two keys; at the end, no reason text in
    the audit table or in any log line the test caused."""
    settings = make_settings(models, state_dir=state, train_data=data[0], test_data=data[1])
    url, clock = settings.review_database_url(), Clock()
    upgrade(url)
    accounts, audit = _stores(url, clock)
    for name, role in ((CLERK, Role.CLERK), (ADMIN, Role.ADMIN), (OTHER_CLERK, Role.CLERK)):
        accounts.add_user(name, role, PASSWORD)
    keys = accounts.create_key("集計", Role.CLERK), accounts.create_key("運用", Role.ADMIN)
    caplog.set_level(logging.DEBUG)
    app = create_app(settings)
    with TestClient(app, base_url="http://127.0.0.1") as client:
        access: Access = app.state.service.access
        access.store, access.audit = accounts, audit  # the same database, on the test's clock
        yield Door(client, accounts, audit, clock, *keys)
        assert_no_reason_text(audit.latest(10_000), caplog.records)


@pytest.fixture
def door(service_models: Path, tmp_path: Path, small_data: tuple[Path, Path],
         caplog: pytest.LogCaptureFixture) -> Iterator[Door]:
    """The app over the shared small model (tests that change no model)."""
    with open_door(service_models, tmp_path / "state", small_data, caplog) as opened:
        yield opened


def assert_no_reason_text(entries: list[AuditEntry], records: list[logging.LogRecord]) -> None:
    formatter = JsonFormatter()
    stored = [json.dumps([entry.actor, entry.action, entry.outcome, entry.objects],
                         ensure_ascii=False) for entry in entries]
    logged = [formatter.format(record) for record in records]
    logged += [record.getMessage() for record in records]
    for reason in REASONS:
        for fragment in (reason, reason[:8], reason[-8:]):
            assert not [line for line in stored if fragment in line], "a reason text in audit"
            assert not [line for line in logged if fragment in line], "a reason text in a log"


def app_routes(client: TestClient) -> list[tuple[str, str, APIRoute]]:
    """(method, path, route) of every route the app answers, its included routers walked."""
    found = []
    for context in iter_route_contexts(client.app.routes):  # type: ignore[attr-defined]
        route = context.original_route
        if isinstance(route, APIRoute):
            found += [(method, context.path or route.path, route)
                      for method in sorted(route.methods or ())]
    return found
