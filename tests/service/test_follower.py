"""The follower looks at `current` every interval, driven here by an injected sleep."""

import asyncio
import logging
from collections.abc import Callable, Coroutine
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any, TypeVar

import pytest

from henno.model import store
from henno.service.follower import ModelFollower
from henno.service.holder import ModelHolder
from henno.training.train import TrainResult
from tests.conftest import clone_version, install_model

NEW = "20990101T000000Z-0a0b0c"
T = TypeVar("T")


class Enough(Exception):
    """Ends a follower's loop after the ticks a test asked for."""


class Ticks:
    """An injected sleep: records each interval and returns at once, `count` times."""

    def __init__(self, count: int) -> None:
        self.left = count
        self.slept: list[float] = []

    async def __call__(self, seconds: float) -> None:
        self.slept.append(seconds)
        if self.left == 0:
            raise Enough
        self.left -= 1


class Looks:
    """A holder whose refresh only counts, or fails the first `failures` times."""

    def __init__(self, failures: int = 0) -> None:
        self.calls = 0
        self.failures = failures

    def refresh(self) -> None:
        self.calls += 1
        if self.calls <= self.failures:
            raise RuntimeError("disk gone")


def in_own_loop(make: Callable[[], Coroutine[Any, Any, T]]) -> T:
    """asyncio.run in a thread of its own: the browser tests' Playwright keeps an event loop
    running in the main thread for the rest of the session."""
    with ThreadPoolExecutor(1) as pool:
        return pool.submit(lambda: asyncio.run(make())).result()


def _run(follower: ModelFollower) -> None:
    with pytest.raises(Enough):
        in_own_loop(follower.run)


@pytest.mark.parametrize("ticks", [0, 1, 3])
def test_the_follower_looks_once_per_interval(ticks: int) -> None:
    looks, sleep = Looks(), Ticks(ticks)
    _run(ModelFollower(looks, 2.5, sleep))  # type: ignore[arg-type]
    assert looks.calls == ticks
    assert sleep.slept == [2.5] * (ticks + 1)


def test_the_follower_outlives_a_failed_look(caplog: pytest.LogCaptureFixture) -> None:
    looks = Looks(failures=1)
    with caplog.at_level(logging.ERROR, logger="henno.service.follower"):
        _run(ModelFollower(looks, 1, Ticks(2)))  # type: ignore[arg-type]
    assert looks.calls == 2
    assert [(r.getMessage(), getattr(r, "error_type", None)) for r in caplog.records] == [
        ("model check failed", "RuntimeError")]


def test_a_tick_swaps_in_the_version_current_names(tmp_path: Path,
                                                  small_model: TrainResult) -> None:
    models = install_model(small_model, tmp_path / "models")
    clone_version(models, small_model.version, NEW)
    served: list[str] = []
    holder = ModelHolder(models, lambda loaded: served.append(loaded.version))
    holder.load_current()
    store.set_current(models, NEW)
    _run(ModelFollower(holder, 3, Ticks(1)))
    assert served == [small_model.version, NEW]


def test_stop_ends_a_follower_waiting_for_its_next_look() -> None:
    async def forever(_: float) -> None:
        await asyncio.Event().wait()

    async def start_and_stop() -> int:
        follower = ModelFollower(Looks(), 3, forever)  # type: ignore[arg-type]
        follower.start()
        await asyncio.sleep(0)  # let it reach its sleep
        assert _followers() == 1
        await follower.stop()
        await follower.stop()  # twice is harmless
        return _followers()

    assert in_own_loop(start_and_stop) == 0


def _followers() -> int:
    """Follower tasks not finished (all_tasks lists only those)."""
    return sum(task.get_name() == "henno-follower" for task in asyncio.all_tasks())
