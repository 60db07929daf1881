"""The runner: worker threads that claim queued items and run them, and a heartbeat that
renews the leases of the items they hold. `henno serve` runs one inside the service
(HENNO_LABEL_WORKERS threads); `henno worker` runs the same loop in a process of its own."""

import logging
import os
import secrets
import socket
import threading
from collections.abc import Sequence
from typing import Any, Protocol

from henno.model.errors import HennoError
from henno.work.items import INTERNAL, WorkItem, WorkKind
from henno.work.store import WorkStore

logger = logging.getLogger(__name__)


def database_error(exc: BaseException) -> dict[str, str]:
    """The type and the driver's code of the database error behind `exc` (e.g.
    SQLITE_BUSY_SNAPSHOT, PostgreSQL's 40001), never its message, which may quote values."""
    cause = exc.__cause__ or exc
    driver = getattr(cause, "orig", None)
    code = getattr(driver, "sqlite_errorname", None) or getattr(driver, "pgcode", None)
    return {"error_type": type(cause).__name__, **({"db_code": str(code)} if code else {})}
POLL_SECONDS = 1.0


class Lost(Exception):
    """The item is no longer this worker's (deleted, or failed as interrupted) or the runner
    is stopping; raised from progress so a handler stops between chunks."""


class WorkFailed(HennoError):
    """A handler's expected failure: the item fails with this code and result."""

    def __init__(self, code: str, result: dict[str, Any] | None = None) -> None:
        super().__init__(code)
        self.code = code
        self.result = result or {}


class Handler(Protocol):
    kind: WorkKind

    def run(self, item: WorkItem, progress: "Progress") -> dict[str, Any]: ...

    def finished(self, item: WorkItem, result: dict[str, Any]) -> None: ...

    def abandoned(self, item: WorkItem) -> None: ...


class Progress:
    """What a handler calls between chunks: renews the lease, records rows and fraction."""

    def __init__(self, runner: "Runner", item: WorkItem) -> None:
        self._runner, self._item = runner, item

    def __call__(self, rows: int | None = None, fraction: float | None = None) -> None:
        runner = self._runner
        if runner.stopping.is_set() or not runner.store.renew(self._item.id, runner.worker,
                                                              rows, fraction):
            raise Lost


class Runner:
    def __init__(self, store: WorkStore, handlers: Sequence[Handler], slots: int = 1,
                 poll_seconds: float = POLL_SECONDS) -> None:
        self.store = store
        self.handlers = {handler.kind: handler for handler in handlers}
        # Unique per runner: two runners of one process never take each other's items.
        self.worker = f"{socket.gethostname()}:{os.getpid()}:{secrets.token_hex(4)}"
        self.stopping = threading.Event()
        self._slots, self._poll = slots, poll_seconds
        self._held: set[str] = set()
        self._lock = threading.Lock()
        self._threads: list[threading.Thread] = []

    def run_once(self) -> bool:
        """Fail what dead workers left running, then run one queued item; False when none."""
        self.store.expire()
        return self._claim_and_run()

    def _claim_and_run(self) -> bool:
        item = self.store.claim(self.worker, list(self.handlers))
        if item is None:
            return False
        with self._lock:
            self._held.add(item.id)
        try:
            self._run(item, self.handlers[item.kind])
        finally:
            with self._lock:
                self._held.discard(item.id)
        return True

    def _run(self, item: WorkItem, handler: Handler) -> None:
        try:
            result = handler.run(item, Progress(self, item))
        except Lost:
            self._lost(item, handler)
            return
        except WorkFailed as exc:
            self._failed(item, handler, exc.code, exc.result)
            return
        except Exception as exc:  # the item must say it failed, whatever the reason
            logger.error("work item failed", extra={"kind": item.kind.value,
                                                     "error_type": type(exc).__name__})
            self._failed(item, handler, INTERNAL, {})
            return
        if self.store.finish(item.id, self.worker, result):
            handler.finished(item, result)
        else:
            handler.abandoned(item)

    def _failed(self, item: WorkItem, handler: Handler, code: str,
                result: dict[str, Any]) -> None:
        if not self.store.fail(item.id, self.worker, code, result):
            handler.abandoned(item)

    def _lost(self, item: WorkItem, handler: Handler) -> None:
        if self.stopping.is_set() and self.store.release(item.id, self.worker):
            return  # queued again: the next worker to start labels it from the beginning
        handler.abandoned(item)

    def start(self) -> None:
        for slot in range(self._slots):
            self._spawn(self._work, f"henno-work-{slot}")
        self._spawn(self._heartbeat, "henno-work-lease")

    def _spawn(self, target: Any, name: str) -> None:
        thread = threading.Thread(target=target, name=name, daemon=True)
        thread.start()
        self._threads.append(thread)

    def _work(self) -> None:
        while not self.stopping.is_set():
            try:
                if self._claim_and_run():
                    continue
            except HennoError as exc:  # e.g. the database unreachable for a moment
                logger.error("work queue unavailable", extra={
                    "error_code": exc.code, **database_error(exc)})
            self.stopping.wait(self._poll)

    def _heartbeat(self) -> None:
        # Retraining has no chunks to report progress from: its lease is renewed here. Here
        # too, not on every poll of every slot, what dead workers left running is failed.
        while not self.stopping.wait(self.store.lease.total_seconds() / 3):
            with self._lock:
                held = list(self._held)
            try:
                for item_id in held:
                    self.store.renew(item_id, self.worker)
                self.store.expire()
            except HennoError as exc:  # e.g. the database unreachable for a moment
                logger.error("lease not renewed", extra={"error_code": exc.code})

    def stop(self, wait_seconds: float = 10.0) -> None:
        """Stop claiming; items stopped between chunks are queued again. A handler that
        cannot stop (a retraining) keeps its thread until the process ends; its lease then
        lapses."""
        self.stopping.set()
        for thread in self._threads:
            thread.join(wait_seconds / max(len(self._threads), 1))
        self._threads.clear()
