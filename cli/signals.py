"""Ctrl+C and SIGTERM as one clean interruption of a command.

Both raise where the program is, so `finally` blocks and `except BaseException` clean-ups
(the labelled file's temporaries) run; further signals are then ignored, so a second Ctrl+C
cannot break a clean-up half way (Python would print "Exception ignored …" or a traceback).
"""

import signal
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from types import FrameType

EXIT_INTERRUPTED = 128 + signal.SIGINT  # 130, as shells report Ctrl+C
EXIT_TERMINATED = 128 + signal.SIGTERM  # 143
_HANDLED = (signal.SIGINT, signal.SIGTERM)


class Terminated(KeyboardInterrupt):
    """SIGTERM: unwinds like Ctrl+C, with its own exit code."""


def _interrupt(signum: int, frame: FrameType | None) -> None:
    for handled in _HANDLED:
        signal.signal(handled, signal.SIG_IGN)
    raise Terminated() if signum == signal.SIGTERM else KeyboardInterrupt()


@contextmanager
def interruptible() -> Iterator[None]:
    """Within: SIGINT and SIGTERM raise KeyboardInterrupt (Terminated for SIGTERM)."""
    if threading.current_thread() is not threading.main_thread():
        yield  # only the main thread may set handlers (e.g. main() called from a test thread)
        return
    previous = {handled: signal.getsignal(handled) for handled in _HANDLED}
    # A signal already ignored (e.g. `nohup`, a background job in a script) stays ignored.
    for handled, before in previous.items():
        if before is not signal.SIG_IGN:
            signal.signal(handled, _interrupt)
    try:
        yield
    finally:
        for handled, before in previous.items():
            signal.signal(handled, before)
