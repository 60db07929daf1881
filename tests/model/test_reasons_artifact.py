"""The reason finder's file: older models load without it; a changed file is refused."""

from pathlib import Path

import pytest

from henno.model.errors import ModelCompatibilityError, ModelIntegrityError
from henno.model.reasons_artifact import FINDER_FILE, FINDER_FORMAT, load_finder


def test_a_model_without_a_finder_loads_without_one(tmp_path: Path) -> None:
    assert load_finder(tmp_path, {"version": "v1"}) is None


def test_another_finder_format_asks_for_retraining(tmp_path: Path) -> None:
    with pytest.raises(ModelCompatibilityError) as caught:
        load_finder(tmp_path, {"version": "v1", "reasons": {"format": FINDER_FORMAT + 1}})
    assert str(caught.value) == (f"model v1 has reason finder format {FINDER_FORMAT + 1}, "
                                 f"this henno reads format {FINDER_FORMAT}; retrain with "
                                 "`henno train`")


def test_a_changed_finder_file_is_refused(tmp_path: Path) -> None:
    (tmp_path / FINDER_FILE).write_bytes(b"not a finder")
    entry = {"format": FINDER_FORMAT, "sha256": "0" * 64}
    with pytest.raises(ModelIntegrityError) as caught:
        load_finder(tmp_path, {"version": "v1", "reasons": entry})
    assert str(caught.value) == (f"{tmp_path / FINDER_FILE} does not match the sha256 recorded "
                                 "when it was trained (modified or truncated); refusing to "
                                 "load it")
