"""The reason finder's file: older models load without it; a newer format or a changed
file is refused."""

from pathlib import Path

import pytest

from henno.model.errors import ModelCompatibilityError, ModelIntegrityError
from henno.model.reasons_artifact import FINDER_FILE, FINDER_FORMAT, load_finder


def test_a_model_without_a_finder_loads_without_one(tmp_path: Path) -> None:
    assert load_finder(tmp_path, {"version": "v1"}) is None


def test_an_older_finder_format_loads_without_a_finder_and_says_so(
        tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    # A 0.3.0 model after an upgrade: the service keeps labelling, one reason per text.
    (tmp_path / FINDER_FILE).write_bytes(b"an older finder, never unpickled")
    entry = {"format": FINDER_FORMAT - 1, "sha256": "0" * 64}
    assert load_finder(tmp_path, {"version": "v1", "reasons": entry}) is None
    assert [record.message for record in caplog.records] == [
        "model's reason finder is from an older henno: each text is one reason until it is "
        "retrained"]


def test_a_newer_finder_format_asks_for_retraining(tmp_path: Path) -> None:
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
