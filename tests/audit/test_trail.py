import io
from datetime import UTC, datetime
from typing import Any

import pytest

from henno.audit import AuditAction, AuditEntry, AuditError, AuditTrail
from tests.accounts.conftest import START, Clock


def test_record_then_latest_newest_first(trail: AuditTrail, clock: Clock) -> None:
    trail.record("user:sato", AuditAction.LOGIN)
    clock.advance(minutes=1)
    trail.record("user:sato", AuditAction.FILE_LABELLED, file="forms.csv", rows=120)
    assert trail.latest() == [
        AuditEntry(id=2, at=clock.now, actor="user:sato", action=AuditAction.FILE_LABELLED,
                   outcome="ok", objects={"file": "forms.csv", "rows": 120}),
        AuditEntry(id=1, at=START, actor="user:sato", action=AuditAction.LOGIN, outcome="ok",
                   objects={}),
    ]


def test_latest_honours_the_limit(trail: AuditTrail) -> None:
    for item in range(5):
        trail.record("key:batch", AuditAction.REVIEW_DECISION, item=item)
    assert [entry.objects["item"] for entry in trail.latest(2)] == [4, 3]


@pytest.mark.parametrize(("outcome", "objects", "message"), [
    ("ok", {"flag": True}, "audit object flag must be a string or an integer"),
    ("ok", {"score": 0.5}, "audit object score must be a string or an integer"),
    ("ok", {"rows": None}, "audit object rows must be a string or an integer"),
    ("ok", {"text": "理" * 256}, "audit object text is longer than 255 characters"),
    ("", {}, "an audit outcome has 1 to 32 characters"),
    ("x" * 33, {}, "an audit outcome has 1 to 32 characters"),
])
def test_record_refuses_what_does_not_belong(trail: AuditTrail, outcome: str,
                                             objects: dict[str, Any], message: str) -> None:
    with pytest.raises(AuditError) as caught:
        trail.record("open", AuditAction.DOWNLOAD, outcome, **objects)
    assert str(caught.value) == message
    assert trail.latest() == []


def test_export_writes_every_entry_oldest_first(trail: AuditTrail, clock: Clock) -> None:
    trail.record("user:sato", AuditAction.LOGIN)
    clock.advance(hours=1)
    trail.record(None, AuditAction.LOGIN_FAILED, "unknown_user")
    trail.record("cli:root", AuditAction.KEY_CREATED, key="nightly", role="clerk")
    out = io.StringIO()
    assert trail.export(out) == 3
    assert out.getvalue().splitlines() == [
        "time,actor,action,outcome,objects",
        "2026-01-05T09:00:00+00:00,user:sato,login,ok,",
        "2026-01-05T10:00:00+00:00,,login_failed,unknown_user,",
        "2026-01-05T10:00:00+00:00,cli:root,key_created,ok,key=nightly; role=clerk",
    ]


def test_export_since_leaves_out_older_entries(trail: AuditTrail, clock: Clock) -> None:
    trail.record("user:sato", AuditAction.LOGIN)
    clock.advance(days=1)
    trail.record("user:sato", AuditAction.LOGOUT)
    out = io.StringIO()
    assert trail.export(out, since=datetime(2026, 1, 6, tzinfo=UTC)) == 1
    assert "logout" in out.getvalue() and ",login," not in out.getvalue()


def test_export_keeps_names_from_running_as_formulas(trail: AuditTrail) -> None:
    trail.record("user:=cmd", AuditAction.DOWNLOAD, file="=HYPERLINK(1)")
    trail.record("=evil", AuditAction.DOWNLOAD, "-1")
    out = io.StringIO()
    trail.export(out)
    lines = out.getvalue().splitlines()
    assert lines[1].endswith(",user:=cmd,download,ok,file==HYPERLINK(1)")
    assert lines[2].endswith(",'=evil,download,'-1,")


def test_purge_deletes_entries_older_than_the_retention(trail: AuditTrail,
                                                        clock: Clock) -> None:
    trail.record("user:sato", AuditAction.LOGIN)
    clock.advance(days=10)
    trail.record("user:sato", AuditAction.LOGOUT)
    clock.advance(days=1)
    assert trail.purge(10, actor="cli:root") == 1
    assert [(e.actor, e.action, e.objects) for e in trail.latest()] == [
        ("cli:root", AuditAction.AUDIT_PURGED, {"rows": 1, "retention_days": 10}),
        ("user:sato", AuditAction.LOGOUT, {}),
    ]


def test_a_purge_that_deletes_nothing_records_nothing(trail: AuditTrail) -> None:
    trail.record("user:sato", AuditAction.LOGIN)
    assert trail.purge(1) == 0
    assert len(trail.latest()) == 1


def test_purge_refuses_a_retention_below_one_day(trail: AuditTrail) -> None:
    with pytest.raises(AuditError) as caught:
        trail.purge(0)
    assert str(caught.value) == "the audit retention is at least 1 day"


def test_the_trail_offers_no_way_to_change_an_entry() -> None:
    public = {name for name in vars(AuditTrail) if not name.startswith("_")}
    assert public == {"record", "latest", "export", "purge"}
