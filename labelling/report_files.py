"""Writing the report's files whole or not at all: each through a temporary name in the
same folder, all renamed into place only once every one is written."""

import contextlib
import os
import tempfile
from pathlib import Path

from henno.model.errors import FormFileError


class ReportWriteError(FormFileError):
    """The report could not be written (a full disk, no permission); nothing was changed."""

    def __init__(self, folder: Path, exc: OSError):
        super().__init__(f"could not write the report in {folder}: {exc.strerror or exc}; "
                         "no report file was changed", code="write_failed")


def _write_bytes(fd: int, data: bytes) -> None:
    view = memoryview(data)
    while view:
        view = view[os.write(fd, view):]


def _temporary(folder: Path, name: str, data: bytes) -> Path:
    fd, path = tempfile.mkstemp(dir=folder, prefix=f".{name}.", suffix=".tmp")
    try:
        _write_bytes(fd, data)
    except BaseException:
        os.close(fd)
        os.unlink(path)
        raise
    os.close(fd)
    return Path(path)


def write_files(folder: Path, files: dict[str, bytes]) -> None:
    """Put `files` (name -> content) in `folder`, created when missing."""
    created = not folder.exists()
    written: dict[str, Path] = {}
    try:
        folder.mkdir(parents=True, exist_ok=True)
        for name, data in files.items():
            written[name] = _temporary(folder, name, data)
        for name, temporary in written.items():
            os.replace(temporary, folder / name)
    except BaseException as exc:
        for temporary in written.values():
            with contextlib.suppress(FileNotFoundError):
                temporary.unlink()
        if created:
            with contextlib.suppress(OSError):
                folder.rmdir()
        if isinstance(exc, OSError):
            raise ReportWriteError(folder, exc) from exc
        raise
