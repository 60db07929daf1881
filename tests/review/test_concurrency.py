"""Several reviewers on one database (SQLite, PostgreSQL): every item decided once, no decision
lost."""

import multiprocessing
from concurrent.futures import ThreadPoolExecutor
from typing import Any

from henno.review.store import ReviewStore
from tests.review.conftest import decision_rows, new_item

ITEMS = 200


def _review_until_empty(store: ReviewStore, reviewer: str) -> list[int]:
    decided = []
    while (item := store.claim_next(reviewer)) is not None:
        store.decide(item.id, reviewer, "other")
        decided.append(item.id)
    return decided


def _review_in_process(url: str, reviewer: str, start: Any, results: Any) -> None:
    with ReviewStore.open(url) as store:
        start.wait(timeout=60)  # both processes ready: neither drains the queue alone
        results.put((reviewer, _review_until_empty(store, reviewer)))


def _fill(url: str) -> None:
    with ReviewStore.open(url) as store:
        store.add_items(new_item(f"理由{i}", margin=(i % 17) / 17, row=i + 1)
                        for i in range(ITEMS))


def _assert_each_item_decided_once_by_its_claimer(url: str, decided: dict[str, list[int]]) -> None:
    claimed = [item_id for ids in decided.values() for item_id in ids]
    assert sorted(claimed) == list(range(1, ITEMS + 1))  # no item claimed by two reviewers
    rows = decision_rows(url)
    assert len(rows) == ITEMS
    assert {(item_id, reviewer) for item_id, reviewer, _, _ in rows} == {
        (item_id, reviewer) for reviewer, ids in decided.items() for item_id in ids}
    with ReviewStore.open(url) as store:
        counts = store.counts()
    assert (counts.pending, counts.decided) == (0, ITEMS)


def test_threads_share_the_queue(any_db_url: str) -> None:
    _fill(any_db_url)
    reviewers = [f"thread-{i}" for i in range(4)]
    with ReviewStore.open(any_db_url) as store, ThreadPoolExecutor(len(reviewers)) as pool:
        results = pool.map(lambda name: _review_until_empty(store, name), reviewers)
        decided = dict(zip(reviewers, results))
    assert all(decided.values())
    _assert_each_item_decided_once_by_its_claimer(any_db_url, decided)


def test_processes_share_the_queue(any_db_url: str) -> None:
    _fill(any_db_url)
    context = multiprocessing.get_context("spawn")
    start, results = context.Barrier(2), context.Queue()
    workers = [context.Process(target=_review_in_process, args=(any_db_url, name, start, results))
               for name in ("process-1", "process-2")]
    for worker in workers:
        worker.start()
    decided = dict(results.get(timeout=60) for _ in workers)
    for worker in workers:
        worker.join(timeout=60)
    assert all(decided.values())
    _assert_each_item_decided_once_by_its_claimer(any_db_url, decided)


def test_concurrent_undos_take_back_each_decision_once(any_db_url: str) -> None:
    with ReviewStore.open(any_db_url) as store:
        _undo_concurrently(store, any_db_url)


def _undo_concurrently(store: ReviewStore, any_db_url: str) -> None:
    store.add_items(new_item(f"理由{i}", row=i + 1) for i in range(8))
    for item_id in range(1, 9):
        store.decide(item_id, "clerk", "other")
    with ThreadPoolExecutor(8) as pool:
        undone = list(pool.map(lambda _: store.undo_last("clerk"), range(8)))
    assert sorted(item.id for item in undone if item is not None) == list(range(1, 9))
    assert [row[3] for row in decision_rows(any_db_url)] == [True] * 8
    assert store.undo_last("clerk") is None
