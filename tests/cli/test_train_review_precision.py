"""henno train --review-precision: the flag target, recorded and reported."""

import json
from pathlib import Path

import pytest

from henno.cli.main import main
from henno.model import store


def test_train_records_the_review_precision_and_prints_the_share_flagged(
        models_dir: Path, small_data: tuple[Path, Path],
        capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["train", "--data", str(small_data[0]), "--test", str(small_data[1]),
                 "--review-precision", "0.9"]) == 0
    out = capsys.readouterr().out
    path = models_dir / str(store.current_version(models_dir))
    review = json.loads((path / "metadata.json").read_text(encoding="utf-8"))["review"]
    assert review["target_accuracy"] == 0.9
    assert review["cv_accuracy_unflagged"] >= 0.9
    assert (f"要確認 (review flag): {review['cv_flagged_share']:.1%} of cross-validated rows "
            f"flagged, the rest {review['cv_accuracy_unflagged']:.1%} right (target 90.0%); "
            f"test set {review['test_flagged_share']:.1%} flagged, the rest "
            f"{review['test_accuracy_unflagged']:.1%} right") in out
    report = (path / "report.md").read_text(encoding="utf-8")
    assert "(target 90.0%)" in report


@pytest.mark.parametrize("value", ["0", "1.5", "-0.2", "abc", "nan"])
def test_train_refuses_a_review_precision_that_is_not_a_share(
        value: str, capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exit_info:
        main(["train", "--review-precision", value])
    assert exit_info.value.code == 2
    assert capsys.readouterr().err.endswith(
        f"henno train: error: argument --review-precision: {value!r} is not a share above 0 "
        "and at most 1, e.g. 0.98\n")
