"""Micro-batching: one background thread predicts every text waiting at that moment at once.

Under concurrent load a one-text prediction costs several times its share of a batch, and
each hop into FastAPI's thread pool costs about as much again. Requests therefore hand their
text to this thread and await the answer; the event loop is never blocked by inference, and
all texts of one batch are answered by the same model, so a reload never splits a request.
"""

import asyncio
import logging
import queue
import threading
from dataclasses import dataclass

from henno.model.classifier import Prediction
from henno.service.errors import ServiceError
from henno.service.holder import ModelHolder

logger = logging.getLogger(__name__)
MAX_BATCH = 64


@dataclass
class _Job:
    text: str
    future: "asyncio.Future[Prediction]"
    loop: asyncio.AbstractEventLoop


def _resolve(job: _Job, result: object) -> None:
    if job.future.done():  # the client went away
        return
    if isinstance(result, BaseException):
        job.future.set_exception(result)
    elif isinstance(result, Prediction):
        job.future.set_result(result)


class MicroBatcher:
    def __init__(self, holder: ModelHolder, max_batch: int = MAX_BATCH):
        self._holder = holder
        self._max_batch = max_batch
        self._jobs: queue.SimpleQueue[_Job | None] = queue.SimpleQueue()
        self._thread: threading.Thread | None = None

    def start(self) -> None:
        self._thread = threading.Thread(target=self._run, name="henno-batcher", daemon=True)
        self._thread.start()

    def stop(self) -> None:
        if self._thread is not None:
            self._jobs.put(None)
            self._thread.join(timeout=10)
            self._thread = None

    async def predict(self, text: str) -> Prediction:
        loop = asyncio.get_running_loop()
        job = _Job(text, loop.create_future(), loop)
        self._jobs.put(job)
        return await job.future

    def _take_batch(self, first: _Job) -> list[_Job]:
        batch = [first]
        while len(batch) < self._max_batch:
            try:
                job = self._jobs.get_nowait()
            except queue.Empty:
                break
            if job is None:
                self._jobs.put(None)  # seen again by the loop, which then stops
                break
            batch.append(job)
        return batch

    def _run(self) -> None:
        while (first := self._jobs.get()) is not None:
            batch = self._take_batch(first)
            results: list[object]
            classifier = self._holder.classifier  # one model for the whole batch
            try:
                if classifier is None:
                    raise ServiceError(503, "model_not_loaded", "no model is loaded")
                results = list(classifier.predict([job.text for job in batch]))
            except Exception as exc:
                logger.exception("batch prediction failed")
                results = [exc] * len(batch)
            for job, result in zip(batch, results):
                job.loop.call_soon_threadsafe(_resolve, job, result)
