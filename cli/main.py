"""The `henno` command line: parses arguments, calls model/ and training/, prints."""

import argparse
import contextlib
import logging
import os
import sys
from collections.abc import Callable, Sequence
from pathlib import Path

from pydantic import ValidationError

from henno.cli import audit_cmd, commands, feedback, keys_cmd, review_cmd, users_cmd, worker_cmd
from henno.cli.signals import EXIT_INTERRUPTED, EXIT_TERMINATED, Terminated, interruptible
from henno.labelling.report_files import ReportWriteError
from henno.maintenance import cli as maintenance_cli
from henno.model.errors import HennoError
from henno.settings import get_settings
from henno.training.thresholds import TARGET_ACCURACY
from henno.version import __version__

EXIT_ERROR = 2
EXIT_FAILURE = 1  # the command was right but could not finish (e.g. a full disk)


def _share(value: str) -> float:
    try:
        share = float(value)
    except ValueError:
        share = float("nan")
    if not 0 < share <= 1:  # nan fails too
        raise argparse.ArgumentTypeError(
            f"{value!r} is not a share above 0 and at most 1, e.g. 0.98")
    return share


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="henno", description=__doc__)
    parser.add_argument("--version", action="version", version=f"henno {__version__}")
    sub = parser.add_subparsers(dest="command", required=True)

    train = sub.add_parser("train", help="train a new model version from a labelled CSV")
    train.add_argument("--data", type=Path,
                       help="default: HENNO_TRAIN_DATA (data/train.csv under HENNO_HOME)")
    train.add_argument("--test", type=Path,
                       help="default: HENNO_TEST_DATA (data/test.csv under HENNO_HOME)")
    train.add_argument("--force", action="store_true", help="promote even if it scores lower")
    train.add_argument("--tokens", choices=["lemma", "surface"], default="lemma",
                       help="word features from dictionary lemmas (default, more accurate) or "
                            "surface forms")
    train.add_argument("--feedback", action="store_true",
                       help="merge the clerks' reviewed labels from the review store")
    train.add_argument("--review-precision", type=_share, default=TARGET_ACCURACY,
                       metavar="SHARE",
                       help="flag (要確認) predictions until the rest are this often right in "
                            f"cross-validation (default {TARGET_ACCURACY}), e.g. 0.99")
    train.set_defaults(handler=commands.train)

    evaluate = sub.add_parser("evaluate", help="evaluate a model on a labelled CSV")
    evaluate.add_argument("--data", type=Path, required=True)
    evaluate.add_argument("--version", help="a model version (default: current)")
    evaluate.add_argument("--json", action="store_true")
    evaluate.set_defaults(handler=commands.evaluate)

    classify = sub.add_parser("classify", help="label one reason text")
    classify.add_argument("text")
    classify.add_argument("--version", help="a model version (default: current)")
    classify.add_argument("--json", action="store_true")
    classify.set_defaults(handler=commands.classify)

    models = sub.add_parser("models", help="list model versions or switch the current one")
    models_sub = models.add_subparsers(dest="models_command", required=True)
    listing = models_sub.add_parser("list", help="list versions, newest last")
    listing.add_argument("--json", action="store_true")
    listing.set_defaults(handler=commands.models_list)
    use = models_sub.add_parser("use", help="make VERSION the current model (rollback)")
    use.add_argument("version")
    use.set_defaults(handler=commands.models_use)
    label = sub.add_parser("label", help="label every row of a CSV, .xlsx or JSON Lines file")
    label.add_argument("input", type=Path)
    label.add_argument("-o", "--output", type=Path, help="default: INPUT_labelled.EXT")
    _add_file_options(label)
    label.add_argument("--header-row", type=int, metavar="N",
                       help="the header row, numbered as Excel shows it (default: found below "
                            "any title and note rows), e.g. --header-row 3")
    label.add_argument("--jobs", type=int, default=1, help="worker processes (default 1)")
    label.add_argument("--encoding-out", help="CSV encoding of the output (default: the input's)")
    label.add_argument("--quiet", action="store_true", help="no progress line")
    label.add_argument("--version", help="a model version (default: current)")
    label.add_argument("--review", action="store_true",
                       help="put the rows flagged needs_review in the review store (要確認)")
    label.add_argument("--columns", choices=["ja", "en"], default="ja",
                       help="the added columns: ja for people (判定, 判定コード, 確からしさ, "
                            "要確認, 判定メモ, 理由（すべて）; default) or en for programs (label, "
                            "label_ja, confidence, needs_review, score_<label>, reasons, error), "
                            "e.g. --columns en")
    label.set_defaults(handler=commands.label)

    report = sub.add_parser("report", help="one tally report of labelled files, e.g. twelve "
                                           "monthly ledgers: henno report 2023-*.xlsx")
    report.add_argument("inputs", type=Path, nargs="+", metavar="LABELLED_FILE",
                        help="files labelled by henno (判定/判定コード or label/label_ja), "
                             "corrected by hand or not")
    _add_file_options(report)
    report.add_argument("--version", help="whose confusion to correct with (default: current)")
    report.set_defaults(handler=commands.report)

    _add_feedback(sub)
    maintenance_cli.add_parsers(sub)
    review_cmd.add_parsers(sub)
    users_cmd.add_parsers(sub)
    keys_cmd.add_parsers(sub)
    audit_cmd.add_parsers(sub)

    serve = sub.add_parser("serve", help="run the HTTP service (uvicorn)")
    serve.add_argument("--host", help="default: HENNO_HOST or 127.0.0.1")
    serve.add_argument("--port", type=int, help="default: HENNO_PORT or 8000")
    serve.add_argument("--workers", type=int, help="default: HENNO_WORKERS or 1")
    serve.set_defaults(handler=commands.serve)
    worker_cmd.add_parser(sub)
    return parser


def _add_feedback(sub: "argparse._SubParsersAction[argparse.ArgumentParser]") -> None:
    parser = sub.add_parser("feedback", help="the clerks' reviewed labels in the review store")
    feedback_sub = parser.add_subparsers(dest="feedback_command", required=True)
    export = feedback_sub.add_parser("export", help="write the reviewed labels as a CSV file")
    export.add_argument("-o", "--output", type=Path, required=True, metavar="FILE.csv")
    export.set_defaults(handler=feedback.export)
    purge = feedback_sub.add_parser("purge", help="delete review items older than N days")
    purge.add_argument("--older-than-days", type=int, metavar="N",
                       help="default: HENNO_REVIEW_RETENTION_DAYS or 365")
    purge.set_defaults(handler=feedback.purge)
    stats = feedback_sub.add_parser("stats", help="how many items are pending and decided")
    stats.set_defaults(handler=feedback.stats)


def _add_file_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--text-column",
                        help="the reason column: its header, Excel letter or number (default: "
                             "the header naming a reason), e.g. --text-column 返納理由 or E")
    parser.add_argument("--report", type=Path, metavar="DIR",
                        help="write summary.csv, charts and report.html here")
    parser.add_argument("--group-by", nargs="+", default=[], metavar="COL",
                        help="tally by these columns too (date columns by month)")
    parser.add_argument("--format", choices=["csv", "xlsx", "jsonl"], help="default: extension")
    parser.add_argument("--encoding", help="CSV encoding (default: detected)")
    parser.add_argument("--sheet", help=".xlsx sheet (default: the first)")


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of the `henno` console script."""
    args = _parser().parse_args(argv)
    handler: Callable[[argparse.Namespace], int] = args.handler
    try:
        settings = get_settings()
    except ValidationError as exc:
        problems = "; ".join(f"HENNO_{str(e['loc'][0]).upper()}: {e['msg']}" for e in exc.errors())
        print(f"henno: error: invalid setting: {problems}", file=sys.stderr)
        return EXIT_ERROR
    logging.basicConfig(level=settings.log_level, stream=sys.stderr,
                        format="%(asctime)s %(levelname)s %(name)s %(message)s")
    # Alembic tells at INFO which database it talks to each time the review store opens.
    logging.getLogger("alembic").setLevel(logging.WARNING)
    # uvicorn handles the server's signals itself (a graceful shutdown).
    try:
        with contextlib.nullcontext() if handler is commands.serve else interruptible():
            return handler(args)
    except ReportWriteError as exc:
        print(f"henno: error: {exc}", file=sys.stderr)
        return EXIT_FAILURE
    except HennoError as exc:
        print(f"henno: error: {exc}", file=sys.stderr)
        return EXIT_ERROR
    except Terminated:
        print("henno: terminated; nothing was changed", file=sys.stderr)
        return EXIT_TERMINATED
    except KeyboardInterrupt:
        print("henno: interrupted; nothing was changed", file=sys.stderr)
        return EXIT_INTERRUPTED
    except BrokenPipeError:
        # The reader went away (e.g. `| head`): stop quietly, as other CLI tools do.
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 0


if __name__ == "__main__":
    sys.exit(main())
