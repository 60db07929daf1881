"""The runner: handlers run on claimed items, their outcome recorded by the lease holder;
a dead worker's item is taken over once its lease lapses, and fails when that worker dies
too; a stopping runner queues its item again."""

import threading
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import create_engine

from henno.work.items import INTERNAL, INTERRUPTED, WorkError, WorkItem, WorkKind, WorkStatus
from henno.work.reads import translated
from henno.work.runner import Lost, Progress, Runner, WorkFailed, database_error
from henno.work.store import WorkStore
from tests.work.conftest import LEASE, Clock

LABEL = WorkKind.LABEL_FILE


class FakeHandler:
    """Runs `body`; records what the runner told it."""

    kind = LABEL

    def __init__(self, body: Callable[[Progress], dict[str, Any]]) -> None:
        self.body = body
        self.finished_items: list[tuple[str, dict[str, Any]]] = []
        self.abandoned_items: list[str] = []

    def run(self, item: WorkItem, progress: Progress) -> dict[str, Any]:
        return self.body(progress)

    def finished(self, item: WorkItem, result: dict[str, Any]) -> None:
        self.finished_items.append((item.id, result))

    def abandoned(self, item: WorkItem) -> None:
        self.abandoned_items.append(item.id)


def _queued(work: WorkStore) -> WorkItem:
    return work.create(LABEL, "user:sato", {}, status=WorkStatus.QUEUED)


def _raise(error: Exception) -> Callable[[Progress], dict[str, Any]]:
    def body(progress: Progress) -> dict[str, Any]:
        raise error
    return body


def _progress_then(result: dict[str, Any]) -> Callable[[Progress], dict[str, Any]]:
    def body(progress: Progress) -> dict[str, Any]:
        progress(10, 0.5)
        return result
    return body


@pytest.mark.parametrize(("body", "status", "error_code", "result"), [
    (_progress_then({"rows": 10}), WorkStatus.DONE, None, {"rows": 10}),
    (_raise(WorkFailed("too_many_rows", {"limit": 5})), WorkStatus.FAILED, "too_many_rows",
     {"limit": 5}),
    (_raise(RuntimeError("boom")), WorkStatus.FAILED, INTERNAL, {}),
])
def test_the_outcome_of_a_handler_is_recorded(
        work: WorkStore, body: Callable[[Progress], dict[str, Any]], status: WorkStatus,
        error_code: str | None, result: dict[str, Any]) -> None:
    item = _queued(work)
    handler = FakeHandler(body)
    assert Runner(work, [handler]).run_once()
    found = work.get(item.id)
    assert found is not None
    assert (found.status, found.error_code, found.result) == (status, error_code, result)
    assert handler.finished_items == ([(item.id, result)] if status == WorkStatus.DONE else [])


def test_nothing_queued_runs_nothing(work: WorkStore) -> None:
    assert not Runner(work, [FakeHandler(_progress_then({}))]).run_once()


def test_an_item_deleted_while_it_runs_is_abandoned(work: WorkStore) -> None:
    item = _queued(work)

    def deleted_meanwhile(progress: Progress) -> dict[str, Any]:
        work.delete(item.id)
        progress(5, 0.1)
        return {}

    handler = FakeHandler(deleted_meanwhile)
    Runner(work, [handler]).run_once()
    assert handler.abandoned_items == [item.id] and handler.finished_items == []
    assert work.get(item.id) is None


def test_a_dead_workers_item_is_taken_over_when_its_lease_lapses(work: WorkStore,
                                                                 clock: Clock) -> None:
    item = _queued(work)
    assert work.claim("dead-host:123:abcd", [LABEL]) is not None  # then killed with -9
    survivor = Runner(work, [FakeHandler(_progress_then({"rows": 10}))])
    clock.advance(LEASE.total_seconds() - 1)
    assert not survivor.run_once()
    assert work.get(item.id).status == WorkStatus.RUNNING  # type: ignore[union-attr]
    clock.advance(2)
    assert survivor.run_once()
    found = work.get(item.id)
    assert found is not None and (found.status, found.result) == (WorkStatus.DONE, {"rows": 10})


def test_an_item_whose_workers_died_twice_fails(work: WorkStore, clock: Clock) -> None:
    item = _queued(work)
    survivor = Runner(work, [])
    for host in ("host-a", "host-b"):
        assert work.claim(f"{host}:123:abcd", [LABEL]) is not None  # then killed with -9
        clock.advance(LEASE.total_seconds() + 1)
        survivor.run_once()
    found = work.get(item.id)
    assert found is not None and (found.status, found.error_code) == (WorkStatus.FAILED,
                                                                      INTERRUPTED)


def test_a_stopping_runner_queues_its_item_again(work: WorkStore) -> None:
    item = _queued(work)
    runner = Runner(work, [])

    def stopped_meanwhile(progress: Progress) -> dict[str, Any]:
        runner.stopping.set()
        progress(5, 0.1)
        return {}

    handler = FakeHandler(stopped_meanwhile)
    runner.handlers[LABEL] = handler
    runner.run_once()
    found = work.get(item.id)
    assert found is not None and (found.status, found.claimed_by) == (WorkStatus.QUEUED, None)
    assert handler.abandoned_items == []
    assert Runner(work, [FakeHandler(_progress_then({}))]).run_once()  # taken up again
    assert work.get(item.id).status == WorkStatus.DONE  # type: ignore[union-attr]


def test_progress_raises_lost_once_the_item_is_not_ours(work: WorkStore) -> None:
    item = _queued(work)
    runner = Runner(work, [])
    claimed = work.claim(runner.worker, [LABEL])
    assert claimed is not None
    Progress(runner, claimed)(1, 0.1)
    work.delete(item.id)
    with pytest.raises(Lost):
        Progress(runner, claimed)(2, 0.2)


def test_started_threads_work_off_the_queue_and_stop(work: WorkStore) -> None:
    done = threading.Event()

    def body(progress: Progress) -> dict[str, Any]:
        done.set()
        return {}

    item = _queued(work)
    runner = Runner(work, [FakeHandler(body)], slots=2, poll_seconds=0.01)
    runner.start()
    assert done.wait(30)
    runner.stop()
    assert runner._threads == []
    found = work.get(item.id)
    assert found is not None and found.status in (WorkStatus.RUNNING, WorkStatus.DONE)


def test_a_database_failure_is_logged_by_its_type_and_code_never_its_message(
        tmp_path: Path) -> None:
    engine = create_engine(f"sqlite:///{tmp_path / 'x.db'}")
    try:
        with translated(), engine.connect() as connection:
            connection.exec_driver_sql("SELECT * FROM no_such_table WHERE text = '佐藤花子'")
    except WorkError as exc:
        assert database_error(exc) == {"error_type": "OperationalError", "db_code": "SQLITE_ERROR"}
    else:
        pytest.fail("the query should have failed")
    finally:
        engine.dispose()
    assert database_error(WorkError("the work database is not open")) == {
        "error_type": "WorkError"}
