"""Workers on threads and in processes share one queue: no item is claimed twice."""

import multiprocessing
from concurrent.futures import ThreadPoolExecutor
from typing import Any

from henno.work.items import WorkKind, WorkStatus
from henno.work.store import WorkStore

ITEMS = 60
LABEL = WorkKind.LABEL_FILE


def _fill(url: str) -> None:
    store = WorkStore.open(url)
    try:
        for number in range(ITEMS):
            store.create(LABEL, "user:sato", {"n": number}, status=WorkStatus.QUEUED)
    finally:
        store.close()


def _claim_all(store: WorkStore, worker: str) -> list[str]:
    claimed = []
    while (item := store.claim(worker, [LABEL])) is not None:
        assert item.claimed_by == worker
        claimed.append(item.id)
    return claimed


def _claim_in_process(url: str, worker: str, start: Any, results: Any) -> None:
    store = WorkStore.open(url)
    try:
        start.wait(timeout=60)  # both processes ready: neither drains the queue alone
        results.put((worker, _claim_all(store, worker)))
    finally:
        store.close()


def _assert_each_claimed_once(url: str, claimed: dict[str, list[str]]) -> None:
    every = [item_id for ids in claimed.values() for item_id in ids]
    assert len(every) == len(set(every)) == ITEMS
    store = WorkStore.open(url)
    try:
        holders = {item_id: worker for worker, ids in claimed.items() for item_id in ids}
        assert {item_id: store.get(item_id).claimed_by  # type: ignore[union-attr]
                for item_id in holders} == holders
    finally:
        store.close()


def test_threads_never_claim_the_same_item(any_db_url: str) -> None:
    _fill(any_db_url)
    workers = [f"thread-{n}" for n in range(4)]
    store = WorkStore.open(any_db_url)
    with ThreadPoolExecutor(len(workers)) as pool:
        claimed = dict(zip(workers, pool.map(lambda name: _claim_all(store, name), workers),
                           strict=True))
    store.close()
    _assert_each_claimed_once(any_db_url, claimed)


def test_two_processes_never_claim_the_same_item(any_db_url: str) -> None:
    _fill(any_db_url)
    context = multiprocessing.get_context("spawn")
    start, results = context.Barrier(2), context.Queue()
    processes = [context.Process(target=_claim_in_process,
                                 args=(any_db_url, name, start, results))
                 for name in ("host-a", "host-b")]
    for process in processes:
        process.start()
    claimed = dict(results.get(timeout=120) for _ in processes)
    for process in processes:
        process.join(timeout=60)
    assert all(claimed.values())  # both took part
    _assert_each_claimed_once(any_db_url, claimed)
