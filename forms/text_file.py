"""A text file for people (CSV with a BOM, as Excel needs for Japanese) written whole or not
at all: into a temporary file beside it, synced, then renamed into place."""

import os
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import TextIO

from henno.model.errors import HennoError


def write_text_file(path: Path, fill: Callable[[TextIO], int]) -> int:
    """Call `fill` on the open temporary file and return what it returns (rows written)."""
    try:
        descriptor, name = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.",
                                            suffix=".tmp")
    except OSError as exc:
        raise HennoError(f"cannot write {path}: {exc.strerror or exc}") from None
    temporary = Path(name)
    try:
        with open(descriptor, "w", encoding="utf-8-sig", newline="") as handle:
            rows = fill(handle)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(temporary, path)
    except OSError as exc:
        raise HennoError(f"cannot write {path}: {exc.strerror or exc}") from None
    finally:
        temporary.unlink(missing_ok=True)  # gone already once renamed
    return rows
