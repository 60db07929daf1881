import csv
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from henno.audit import AuditAction, AuditTrail
from henno.cli.main import main
from henno.review.db import make_engine, upgrade
from tests.cli.accounts_setup import ACTOR, accounts_cli, audit_rows  # noqa: F401

NOW = datetime.now(UTC)  # purge compares with the machine's clock


@pytest.fixture
def trail(review_url: str) -> Iterator[AuditTrail]:
    upgrade(review_url)
    engine = make_engine(review_url)
    yield AuditTrail(engine, clock=lambda: NOW - timedelta(days=40))
    engine.dispose()


def _two_entries(review_url: str, trail: AuditTrail) -> None:
    trail.record("user:sato", AuditAction.LOGIN)
    engine = make_engine(review_url)
    AuditTrail(engine, clock=lambda: NOW).record("user:=ito", AuditAction.DOWNLOAD,
                                                 file="forms.csv", rows=3)
    engine.dispose()


def test_export_to_a_file(review_url: str, trail: AuditTrail, tmp_path: Path,
                          capsys: pytest.CaptureFixture[str]) -> None:
    _two_entries(review_url, trail)
    output = tmp_path / "audit.csv"
    assert main(["audit", "export", "-o", str(output)]) == 0
    assert capsys.readouterr().out == f"wrote 2 audit entries to {output}\n"
    assert output.read_bytes().startswith(b"\xef\xbb\xbf")  # a BOM, for Excel
    with open(output, encoding="utf-8-sig", newline="") as handle:
        rows = list(csv.DictReader(handle))
    assert [(r["actor"], r["action"], r["objects"]) for r in rows] == [
        ("user:sato", "login", ""), ("user:=ito", "download", "file=forms.csv; rows=3")]
    assert sorted(p.name for p in tmp_path.iterdir()) == ["audit.csv", "state"]  # no temp


def test_export_since_to_stdout(review_url: str, trail: AuditTrail,
                                capsys: pytest.CaptureFixture[str]) -> None:
    _two_entries(review_url, trail)
    since = (NOW - timedelta(days=1)).strftime("%Y-%m-%d")
    assert main(["audit", "export", "--since", since, "-o", "-"]) == 0
    out, err = capsys.readouterr()
    assert out.splitlines()[0] == "time,actor,action,outcome,objects"
    assert [line.split(",")[2] for line in out.splitlines()[1:]] == ["download"]
    assert err == "wrote 1 audit entries\n"


@pytest.mark.parametrize("since", ["2026-13-01", "yesterday", "01/04/2026"])
def test_a_bad_since_is_a_usage_error(review_url: str, since: str,
                                      capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as caught:
        main(["audit", "export", "--since", since, "-o", "-"])
    assert caught.value.code == 2
    assert f"{since!r} is not a date like 2026-04-01" in capsys.readouterr().err


def test_export_into_a_missing_folder_exits_2(trail: AuditTrail, tmp_path: Path,
                                              capsys: pytest.CaptureFixture[str]) -> None:
    output = tmp_path / "missing" / "audit.csv"
    assert main(["audit", "export", "-o", str(output)]) == 2
    assert capsys.readouterr().err == (
        f"henno: error: cannot write {output}: No such file or directory\n")


@pytest.mark.parametrize(("args", "deleted"), [([], 0), (["--older-than-days", "30"], 1)])
def test_purge(review_url: str, trail: AuditTrail, args: list[str], deleted: int,
               capsys: pytest.CaptureFixture[str]) -> None:
    _two_entries(review_url, trail)
    assert main(["audit", "purge", *args]) == 0
    days = args[-1] if args else "730"
    assert capsys.readouterr().out == f"deleted {deleted} audit entries older than {days} days\n"
    if deleted:
        assert audit_rows(review_url)[-1] == (ACTOR, "audit_purged", "ok",
                                              {"rows": 1, "retention_days": 30})


@pytest.mark.parametrize("days", ["0", "36501"])
def test_purge_refuses_an_impossible_retention(review_url: str, days: str,
                                               capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["audit", "purge", "--older-than-days", days]) == 2
    assert capsys.readouterr().err == (
        "henno: error: --older-than-days must be between 1 and 36500\n")
