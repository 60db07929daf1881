"""Every worker process follows `current` on its own, so a switch made by another worker or
another machine (or `henno models use`) is served everywhere within seconds."""

import asyncio
import contextlib
import logging
from collections.abc import Awaitable, Callable

from starlette.concurrency import run_in_threadpool

from henno.service.holder import ModelHolder

logger = logging.getLogger(__name__)
Sleep = Callable[[float], Awaitable[None]]


class ModelFollower:
    """Checks every `interval` seconds whether `current` names another version and swaps it
    in; started and stopped by the app's lifespan. `sleep` is injectable for tests."""

    def __init__(self, holder: ModelHolder, interval: float, sleep: Sleep = asyncio.sleep):
        self.holder = holder
        self.interval = interval
        self._sleep = sleep
        self._task: asyncio.Task[None] | None = None

    def start(self) -> None:
        self._task = asyncio.get_running_loop().create_task(self.run(), name="henno-follower")

    async def stop(self) -> None:
        if self._task is None:
            return
        self._task.cancel()
        with contextlib.suppress(asyncio.CancelledError):
            await self._task
        self._task = None

    async def run(self) -> None:
        while True:
            await self._sleep(self.interval)
            await self.check()

    async def check(self) -> None:
        """One look at `current`; loading (hashing the artifact) runs off the event loop."""
        try:
            await run_in_threadpool(self.holder.refresh)
        except Exception as exc:  # the follower must outlive any one failed look
            logger.error("model check failed", extra={"error_type": type(exc).__name__})
