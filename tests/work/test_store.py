"""Work item transitions: each one a conditional update that only the right state allows."""

from collections.abc import Callable

import pytest

from henno.work.items import INTERRUPTED, WorkItem, WorkKind, WorkStatus
from henno.work.store import WorkBusy, WorkStore
from tests.work.conftest import LEASE, Clock

LABEL = WorkKind.LABEL_FILE
Step = Callable[[WorkStore, WorkItem], object]


def _to(status: WorkStatus, work: WorkStore) -> WorkItem:
    """A label_file item brought to `status` by the transitions, held by "w1" when running."""
    item = work.create(LABEL, "user:sato", {"format": "csv"})
    if status == WorkStatus.UPLOADED:
        return item
    assert work.start(item.id, {"format": "csv", "text_column": 2})
    if status != WorkStatus.QUEUED:
        assert work.claim("w1", [LABEL]) is not None
    if status == WorkStatus.DONE:
        assert work.finish(item.id, "w1", {"rows": 3})
    if status == WorkStatus.FAILED:
        assert work.fail(item.id, "w1", "too_many_rows")
    found = work.get(item.id)
    assert found is not None and found.status == status
    return found


STEPS: dict[str, Step] = {
    "start": lambda work, item: work.start(item.id, {"text_column": 1}),
    "claim": lambda work, item: work.claim("w2", [LABEL]) is not None,
    "renew by holder": lambda work, item: work.renew(item.id, "w1", 10, 0.5),
    "renew by another": lambda work, item: work.renew(item.id, "w2", 10, 0.5),
    "finish by holder": lambda work, item: work.finish(item.id, "w1", {"rows": 3}),
    "finish by another": lambda work, item: work.finish(item.id, "w2", {"rows": 3}),
    "fail by holder": lambda work, item: work.fail(item.id, "w1", "internal"),
    "fail by another": lambda work, item: work.fail(item.id, "w2", "internal"),
    "set params": lambda work, item: work.set_params(item.id, {"header_row": 3}),
}
U, Q, R, D, F = (WorkStatus.UPLOADED, WorkStatus.QUEUED, WorkStatus.RUNNING, WorkStatus.DONE,
                 WorkStatus.FAILED)


@pytest.mark.parametrize(("before", "step", "allowed", "after"), [
    (U, "start", True, Q),
    (Q, "start", False, Q),  # a double click
    (R, "start", False, R),
    (D, "start", False, D),
    (U, "claim", False, U),  # the clerk has not chosen its columns yet
    (Q, "claim", True, R),
    (R, "claim", False, R),
    (R, "renew by holder", True, R),
    (R, "renew by another", False, R),
    (Q, "renew by holder", False, Q),
    (R, "finish by holder", True, D),
    (R, "finish by another", False, R),
    (F, "finish by holder", False, F),
    (R, "fail by holder", True, F),
    (R, "fail by another", False, R),
    (D, "fail by holder", False, D),
    (U, "set params", True, U),
    (Q, "set params", False, Q),
])
def test_transitions_need_the_right_state(work: WorkStore, before: WorkStatus, step: str,
                                          allowed: bool, after: WorkStatus) -> None:
    item = _to(before, work)
    assert bool(STEPS[step](work, item)) is allowed
    found = work.get(item.id)
    assert found is not None and found.status == after


def test_a_claim_leases_the_oldest_queued_item(work: WorkStore, clock: Clock) -> None:
    first = _to(WorkStatus.QUEUED, work)
    clock.advance(1)
    _to(WorkStatus.QUEUED, work)
    claimed = work.claim("w1", [LABEL])
    assert claimed is not None and claimed.id == first.id
    assert (claimed.claimed_by, claimed.lease_until) == ("w1", clock.now + LEASE)


def test_a_claim_takes_only_the_kinds_asked_for(work: WorkStore) -> None:
    _to(WorkStatus.QUEUED, work)
    assert work.claim("w1", [WorkKind.RETRAIN]) is None


def test_progress_renews_the_lease_and_is_recorded(work: WorkStore, clock: Clock) -> None:
    item = _to(WorkStatus.RUNNING, work)
    clock.advance(20)
    assert work.renew(item.id, "w1", 500, 0.25)
    found = work.get(item.id)
    assert found is not None
    assert (found.rows_done, found.fraction, found.lease_until) == (500, 0.25,
                                                                    clock.now + LEASE)


@pytest.mark.parametrize(("died_before", "seconds", "status", "error_code"), [
    (0, LEASE.total_seconds() - 1, WorkStatus.RUNNING, None),
    (0, LEASE.total_seconds(), WorkStatus.RUNNING, None),
    (0, LEASE.total_seconds() + 1, WorkStatus.QUEUED, None),  # taken over by another worker
    (1, LEASE.total_seconds(), WorkStatus.RUNNING, None),
    (1, LEASE.total_seconds() + 1, WorkStatus.FAILED, INTERRUPTED),  # not a third time
])
def test_a_lapsed_lease_queues_the_item_again_once_then_fails_it(
        work: WorkStore, clock: Clock, died_before: int, seconds: float, status: WorkStatus,
        error_code: str | None) -> None:
    item = _to(WorkStatus.RUNNING, work)
    for _ in range(died_before):
        clock.advance(LEASE.total_seconds() + 1)
        assert work.expire() == 1
        assert work.claim("w1", [LABEL]) is not None
    clock.advance(seconds)
    work.expire()
    found = work.get(item.id)
    assert found is not None and (found.status, found.error_code) == (status, error_code)
    assert found.claimed_by == (None if status != WorkStatus.RUNNING else "w1")


def test_a_worker_whose_lease_lapsed_can_no_longer_finish(work: WorkStore,
                                                          clock: Clock) -> None:
    item = _to(WorkStatus.RUNNING, work)
    clock.advance(LEASE.total_seconds() + 1)
    assert work.expire() == 1
    assert work.claim("w2", [LABEL]) is not None  # another worker took it over
    assert not work.renew(item.id, "w1", 10, 0.1)
    assert not work.finish(item.id, "w1", {"rows": 3})


def test_a_deleted_item_stops_its_worker(work: WorkStore) -> None:
    item = _to(WorkStatus.RUNNING, work)
    assert work.delete(item.id)
    assert not work.renew(item.id, "w1", 10, 0.1)
    assert work.get(item.id) is None and not work.delete(item.id)


def test_one_retraining_at_a_time(work: WorkStore, clock: Clock) -> None:
    first = work.create(WorkKind.RETRAIN, "user:admin", status=WorkStatus.QUEUED)
    with pytest.raises(WorkBusy, match=r"^a retrain item is already queued or running$"):
        work.create(WorkKind.RETRAIN, "user:other", status=WorkStatus.QUEUED)
    assert work.claim("w1", [WorkKind.RETRAIN]) is not None
    with pytest.raises(WorkBusy):
        work.create(WorkKind.RETRAIN, "user:other", status=WorkStatus.QUEUED)
    assert work.finish(first.id, "w1", {})
    clock.advance(1)
    second = work.create(WorkKind.RETRAIN, "user:other", status=WorkStatus.QUEUED)
    assert work.latest(WorkKind.RETRAIN) == second


def test_owned_lists_one_owners_items_newest_first(work: WorkStore, clock: Clock) -> None:
    old = work.create(LABEL, "user:sato")
    clock.advance(1)
    new = work.create(LABEL, "user:sato")
    work.create(LABEL, "user:suzuki")
    assert [item.id for item in work.owned("user:sato", LABEL)] == [new.id, old.id]
