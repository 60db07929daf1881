"""`henno review apply`: the clerks' decisions written back into a labelled file."""

import argparse
from pathlib import Path

from henno.model.errors import HennoError
from henno.settings import get_settings


def add_parsers(sub: "argparse._SubParsersAction[argparse.ArgumentParser]") -> None:
    review = sub.add_parser("review", help="the clerks' review (要確認) and labelled files")
    review_sub = review.add_subparsers(dest="review_command", required=True)
    apply = review_sub.add_parser(
        "apply", help="apply the clerks' decisions to a file labelled with `henno label --review`",
        description="Writes the file with each reviewed row's label replaced by the clerk's "
                    "and a 確認者 column. Example: henno review apply forms_labelled.xlsx")
    apply.add_argument("input", type=Path, metavar="LABELLED_FILE")
    apply.add_argument("-o", "--output", type=Path,
                       help="default: LABELLED_FILE_reviewed.EXT, e.g. -o reviewed.xlsx")
    apply.add_argument("--text-column", help="the reason column (default: detected), e.g. 理由")
    apply.set_defaults(handler=apply_command)


def reviewed_name(path: Path) -> Path:
    """forms_labelled.csv -> forms_labelled_reviewed.csv"""
    return path.with_name(f"{path.stem}_reviewed{path.suffix}")


def apply_command(args: argparse.Namespace) -> int:
    from henno.forms.columns import find_text_column
    from henno.forms.streams import format_of, open_source
    from henno.review.apply import apply_reviews
    from henno.review.store import ReviewStore  # SQLAlchemy and Alembic: only for this command

    output: Path = args.output or reviewed_name(args.input)
    if output.resolve() == args.input.resolve():
        raise HennoError(f"refusing to overwrite the input {args.input}; choose another -o")
    column = None
    if args.text_column:
        source = open_source(args.input, format_of(args.input))
        source.close()
        column = find_text_column(source.columns, args.text_column)
    with ReviewStore.open(get_settings().review_database_url()) as store:
        applied = apply_reviews(args.input, output, lambda keys: store.decisions(text_keys=keys),
                                column)
    print(f"wrote {output}: {applied.reviewed} of {applied.rows} rows reviewed by clerks")
    return 0
