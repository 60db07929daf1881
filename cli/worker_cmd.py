"""`henno worker`: work off the file jobs and retrainings that any `henno serve` sharing the
database queued, in a process of its own (the same loop `henno serve` runs inside)."""

import argparse
import logging
import sys
import threading

from henno.model.errors import HennoError
from henno.review.db import make_engine
from henno.review.store import ReviewStore
from henno.service.holder import ModelHolder
from henno.settings import get_settings
from henno.work.serving import build_runner, lease
from henno.work.store import WorkStore

logger = logging.getLogger(__name__)


def add_parser(sub: "argparse._SubParsersAction[argparse.ArgumentParser]") -> None:
    worker = sub.add_parser(
        "worker", help="label the page's files and retrain in a process of its own, next to "
                       "`henno serve` or on another host sharing HENNO_DATABASE_URL and "
                       "HENNO_FILES_DIR, e.g. henno worker --slots 4")
    worker.add_argument("--slots", type=int, metavar="N",
                        help="jobs run at once (default: HENNO_LABEL_WORKERS or 2), "
                             "e.g. --slots 4")
    worker.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    """Run until Ctrl+C or SIGTERM; a job stopped half way is queued again for any worker."""
    settings = get_settings()
    if args.slots is not None and args.slots < 1:
        print("henno: error: --slots must be at least 1", file=sys.stderr)
        return 2
    url = settings.review_database_url()
    store = ReviewStore.open(url)  # migrates the database, as `henno serve` does
    work = WorkStore(make_engine(url), lease=lease(settings))
    holder = ModelHolder(settings.models_dir)
    try:
        holder.load_current()
    except HennoError as exc:  # jobs fail saying so until `current` can be loaded
        logger.error("no model loaded at start: %s", exc, extra={"error_code": exc.code})
    runner = build_runner(settings, work, holder, lambda: store, slots=args.slots)
    runner.start()
    print(f"henno worker {runner.worker}: waiting for work (Ctrl+C to stop)", file=sys.stderr)
    try:
        threading.Event().wait()  # until a signal unwinds it
    finally:
        runner.stop()
        work.close()
        store.close()
    return 0
