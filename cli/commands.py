"""One function per `henno` sub-command; each returns the process exit code."""

import argparse
import json
import sys
from dataclasses import replace
from pathlib import Path
from typing import Any

from henno.cli.feedback import reviewed_rows
from henno.forms.source import Limits
from henno.forms.streams import format_of
from henno.labelling.counts import row_counts
from henno.labelling.job import (
    ChunkObserver,
    LabelOptions,
    default_output,
    label_file,
)
from henno.labelling.labelled_files import ReadOptions, read_labelled_files
from henno.labelling.output_columns import ColumnSet
from henno.labelling.report_tables import MENTIONS_NOTE
from henno.labelling.tally import Tally
from henno.model import store
from henno.model.artifacts import list_version_info, read_metadata, resolve_version_dir, sha256_file
from henno.model.classifier import Classifier
from henno.model.errors import HennoError, InvalidInputError
from henno.model.features import ModelSpec
from henno.model.labels import LABEL_JA, LABELS
from henno.settings import get_settings
from henno.training.dataset import load_dataset
from henno.training.metrics import classification_metrics, predicted_labels
from henno.training.report import confusion_table, metrics_table
from henno.training.train import train_model

EVALUATE_JSON_KEYS = ("accuracy", "macro_f1", "per_label", "confusion", "n")


def _models_dir() -> Path:
    return get_settings().models_dir


def _progress(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


def _print_json(data: object) -> None:
    print(json.dumps(data, ensure_ascii=False, indent=2))


def _load(version: str | None) -> Classifier:
    return Classifier.load(resolve_version_dir(_models_dir(), version))


def train(args: argparse.Namespace) -> int:
    spec = replace(ModelSpec(), token_mode=args.tokens)
    feedback = reviewed_rows() if args.feedback else None
    if feedback == []:
        print("no reviewed items in the review store; training on the corpus only")
    settings = get_settings()
    result = train_model(args.data or settings.train_data, args.test or settings.test_data,
                         _models_dir(), spec=spec, force=args.force,
                         progress=_progress, feedback=feedback,
                         review_precision=args.review_precision)
    print(f"version: {result.version}")
    print(f"test macro-F1: {result.test_metrics['macro_f1']:.4f}  "
          f"accuracy: {result.test_metrics['accuracy']:.4f}")
    print(_review_line(result.review))
    print(result.decision)
    print(f"report: {result.path / 'report.md'}")
    return 0


def _review_line(review: dict[str, Any]) -> str:
    return (f"要確認 (review flag): {review['cv_flagged_share']:.1%} of cross-validated rows "
            f"flagged, the rest {review['cv_accuracy_unflagged']:.1%} right (target "
            f"{review['target_accuracy']:.1%}); test set {review['test_flagged_share']:.1%} "
            f"flagged, the rest {review['test_accuracy_unflagged']:.1%} right")


def evaluate(args: argparse.Namespace) -> int:
    classifier = _load(args.version)
    data = load_dataset(args.data, min_rows_per_label=0)  # any labelled set can be scored
    scores = classifier.predict_proba(data.texts)
    metrics = classification_metrics(data.labels, predicted_labels(scores))
    if args.json:
        _print_json({key: metrics[key] for key in EVALUATE_JSON_KEYS})
        return 0
    print(f"model {classifier.version} on {args.data}")
    print(metrics_table(metrics))
    print()
    print(confusion_table(metrics["confusion"]))
    return 0


def classify(args: argparse.Namespace) -> int:
    if not args.text.strip():  # as the API and the page answer an empty text
        raise InvalidInputError("text: must not be empty")
    prediction = _load(args.version).predict([args.text])[0]
    if args.json:
        _print_json(prediction.to_dict())
        return 0
    review = "  (needs review)" if prediction.needs_review else ""
    print(f"{prediction.label} {prediction.label_ja} {prediction.confidence:.2f}{review}")
    if len(prediction.reasons) > 1:  # one reason is the label itself: nothing to add
        reasons = ", ".join(r.label + (" (denied)" if r.denied else " (main)" if r.main else "")
                            for r in prediction.reasons)
        print(f"reasons: {reasons} (rule: {prediction.rule.value})")
    return 0


def models_list(args: argparse.Namespace) -> int:
    models_dir = _models_dir()
    rows = []
    for info in list_version_info(models_dir):
        metadata = info.metadata or {}  # {} when metadata.json cannot be read
        try:
            f1: float | None = metadata["metrics"]["test"]["macro_f1"]
            created = metadata["created_at"]
        except (KeyError, TypeError):
            f1, created = None, "?"
        rows.append({"version": info.version, "created_at": created, "test_macro_f1": f1,
                     "current": info.current})
    if args.json:
        _print_json(rows)
        return 0
    if not rows:
        print(f"no model versions in {models_dir.resolve()}; train one with `henno train`")
    for row in rows:
        f1_text = f"{row['test_macro_f1']:.4f}" if row["test_macro_f1"] is not None else "?"
        print(f"{'*' if row['current'] else ' '} {row['version']}  {row['created_at']}  "
              f"macro-F1 {f1_text}")
    return 0


def _print_summary(tally: Tally) -> None:
    """The counts as the report defines them (henno.labelling.counts), then each label's: as
    the primary reason, and as one of the reasons (複数回答)."""
    counts = row_counts(tally)
    print(" · ".join(f"{name} {value:,}" for name, value in counts.japanese()))
    for label, count, mentioned in zip(LABELS, tally.counts(), tally.mention_counts()):
        share = count / counts.labelled if counts.labelled else 0.0
        print(f"  {label:16} {LABEL_JA[label]:8} {count:9,} {share:7.1%}  複数回答 {mentioned:,}")
    print(f"複数回答: その理由が書かれている用紙の数です。{MENTIONS_NOTE}")


def _check_report_dir(folder: Path | None) -> None:
    """Refuse an unusable --report folder before any work, so a failure changes nothing."""
    if folder is None:
        return
    if folder.exists() and not folder.is_dir():
        raise HennoError(f"--report {folder} is a file; name a folder")
    if not folder.exists() and not folder.parent.is_dir():
        raise HennoError(f"--report {folder}: no such directory {folder.parent}")


def _flagged_collector(source: Path) -> tuple[ChunkObserver, list[Any]]:
    """Collects each chunk's flagged rows, to be stored once the labelled file is written;
    numbered by data row here, as Excel shows them once placed (_placed)."""
    from henno.review.flagged import flagged_items  # the tokenizer's redaction: only when asked

    items: list[Any] = []
    file_hash = sha256_file(source)  # the same file queued again (here or on the page) adds nothing

    def collect(first_row: int, cells: list[Any], labelled: list[list[Any]]) -> None:
        items.extend(flagged_items(source.name, first_row, cells, labelled, 0, file_hash))

    return collect, items


def _placed(items: list[Any], args: argparse.Namespace) -> list[Any]:
    """The items numbered as Excel shows their rows, with their 受付番号 (or the like)."""
    from henno.review.record_ids import Reading, located

    reading = Reading(format_of(args.input, args.format), args.header_row, args.encoding,
                      args.sheet, _limits())
    return located(items, args.input, reading, detect_id=True)


def _add_to_review(items: list[Any]) -> int:
    from henno.review.store import ReviewStore  # SQLAlchemy and Alembic: only when asked

    with ReviewStore.open(get_settings().review_database_url()) as review:
        return review.add_items(items)


def _limits() -> Limits:
    settings = get_settings()
    return Limits(settings.max_sheet_rows, settings.max_sheet_columns)


def label(args: argparse.Namespace) -> int:
    _check_report_dir(args.report)
    version_dir = resolve_version_dir(_models_dir(), args.version)
    output = args.output or default_output(args.input)
    options = LabelOptions(text_column=args.text_column, format=args.format,
                           encoding=args.encoding, encoding_out=args.encoding_out,
                           sheet=args.sheet, jobs=max(1, args.jobs), group_by=args.group_by,
                           limits=_limits(), columns=ColumnSet(args.columns),
                           header_row=args.header_row)
    on_chunk, flagged = _flagged_collector(args.input) if args.review else (None, [])
    tally = label_file(args.input, output, version_dir, options, show_progress=not args.quiet,
                       on_chunk=on_chunk)
    print(f"wrote {output}")
    if tally.replaced_columns:  # a labelled file labelled again: one set of label columns
        print(f"replaced the label columns already in {args.input.name}: "
              f"{', '.join(tally.replaced_columns)}")
    if args.review:  # only after the file is complete: a failed run queues nothing
        added = _add_to_review(_placed(flagged, args))
        if flagged and not added:
            print("review: this file's flagged rows are already in the review store")
        else:
            print(f"review: {added} flagged rows added to the review store")
    _print_summary(tally)
    if args.report:
        from henno.labelling.report import write_report  # matplotlib: only when a report is asked

        path = write_report(tally, read_metadata(version_dir), args.report,
                            sources=[args.input.name])
        print(f"report: {path}")
    return 0


def report(args: argparse.Namespace) -> int:
    from henno.labelling.report import write_report

    _check_report_dir(args.report)
    metadata = read_metadata(resolve_version_dir(_models_dir(), args.version))
    options = ReadOptions(args.format, args.encoding, args.sheet, _limits())
    tally = read_labelled_files(args.inputs, args.group_by, options)
    first = args.inputs[0]
    folder = args.report or first.with_name(f"{first.stem}_report")
    _print_summary(tally)
    path = write_report(tally, metadata, folder, sources=[p.name for p in args.inputs])
    print(f"report: {path}")
    return 0


# uvicorn's supervisor kills a worker that does not answer its ping within this many seconds,
# and a new worker answers only once it has imported henno: with uvicorn's 5 s, a busy
# 2-core server restarted its workers forever and never became ready.
WORKER_START_SECONDS = 60


def serve(args: argparse.Namespace) -> int:
    import uvicorn  # only the service needs it

    from henno.service.metrics_folder import shared_metrics

    settings = get_settings()
    workers = args.workers or settings.workers
    with shared_metrics(settings.state_dir, workers):  # /metrics answers for every worker
        uvicorn.run("henno.service.app:create_app_from_env", factory=True,
                    host=args.host or settings.host,
                    port=args.port if args.port is not None else settings.port,
                    workers=workers, log_config=None, access_log=False,
                    timeout_worker_healthcheck=WORKER_START_SECONDS)
    return 0


def models_use(args: argparse.Namespace) -> int:
    models_dir = _models_dir()
    Classifier.load(store.version_path(models_dir, args.version))  # refuse a broken version
    store.set_current(models_dir, args.version)
    print(f"current model: {args.version}")
    return 0
