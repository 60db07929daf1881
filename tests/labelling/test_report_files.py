"""Report files are written whole or not at all (issue 14, finding 11: a full disk)."""

import errno
from pathlib import Path

import pytest

from henno.labelling import report_files
from henno.labelling.report import write_report
from henno.labelling.report_files import ReportWriteError, write_files
from henno.labelling.tally import Tally


def _tally() -> Tally:
    tally = Tally(["窓口", "label"], ["窓口"], keyed_rows=False)
    tally.add([["本庁", "relocation"], ["北支所", "other"]])
    return tally


def _disk_full_after(monkeypatch: pytest.MonkeyPatch, calls: int) -> None:
    """Each write writes half its bytes; the `calls`-th one then finds the disk full."""
    real = report_files._write_bytes
    seen = [0]

    def write(fd: int, data: bytes) -> None:
        seen[0] += 1
        if seen[0] >= calls:
            real(fd, data[: len(data) // 2])
            raise OSError(errno.ENOSPC, "No space left on device")
        real(fd, data)

    monkeypatch.setattr(report_files, "_write_bytes", write)


def test_write_files_writes_every_file_whole(tmp_path: Path) -> None:
    write_files(tmp_path / "r", {"a.png": b"\x89PNG" * 1000, "b.csv": "件数".encode()})
    assert (tmp_path / "r" / "a.png").read_bytes() == b"\x89PNG" * 1000
    assert sorted(p.name for p in (tmp_path / "r").iterdir()) == ["a.png", "b.csv"]


@pytest.mark.parametrize("failing_write", [1, 2, 4])
def test_a_full_disk_leaves_the_previous_report_untouched(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, failing_write: int) -> None:
    folder = tmp_path / "r"
    write_report(_tally(), None, folder)
    before = {p.name: p.read_bytes() for p in folder.iterdir()}
    _disk_full_after(monkeypatch, failing_write)
    with pytest.raises(ReportWriteError) as caught:
        write_report(_tally(), None, folder)
    assert str(caught.value) == (f"could not write the report in {folder}: No space left on "
                                 "device; no report file was changed")
    assert caught.value.code == "write_failed"
    assert {p.name: p.read_bytes() for p in folder.iterdir()} == before


def test_a_full_disk_leaves_no_new_report_folder_behind(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    _disk_full_after(monkeypatch, 2)
    with pytest.raises(ReportWriteError):
        write_report(_tally(), None, tmp_path / "new")
    assert list(tmp_path.iterdir()) == []
