"""Fixtures of the form-file tests."""

import tempfile
from pathlib import Path

import pytest


@pytest.fixture
def system_temp(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A fresh, empty system temp folder for the test: openpyxl must leave nothing there."""
    folder = tmp_path / "system-temp"
    folder.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(folder))
    return folder
