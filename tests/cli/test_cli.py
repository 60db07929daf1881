import json
import shutil
from pathlib import Path

import pytest

from henno.cli.main import main
from henno.model import store
from henno.training.train import TrainResult
from tests.conftest import write_rows


def test_train_prints_version_score_and_report(models_dir: Path, small_data: tuple[Path, Path],
                                               capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["train", "--data", str(small_data[0]), "--test", str(small_data[1])]) == 0
    out, err = capsys.readouterr()
    version = store.current_version(models_dir)
    assert f"version: {version}" in out
    assert "promoted: there was no current model" in out
    assert f"report: {models_dir / str(version) / 'report.md'}" in out
    assert "cross-validating" in err


def test_train_with_invalid_data_exits_2(models_dir: Path, tmp_path: Path,
                                         capsys: pytest.CaptureFixture[str]) -> None:
    bad = write_rows(tmp_path / "bad.csv", [("転居", "moving")])
    assert main(["train", "--data", str(bad)]) == 2
    err = capsys.readouterr().err
    assert err.startswith(f"henno: error: {bad}: unknown label on line(s) 2; allowed:")
    assert store.list_versions(models_dir) == []


def test_classify_json(cli_models: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["classify", "来月引っ越すので返します", "--json"]) == 0
    result = json.loads(capsys.readouterr().out)
    assert set(result) == {"label", "label_ja", "confidence", "scores", "needs_review",
                           "model_version", "reasons", "rule"}
    assert result["model_version"] == store.current_version(cli_models)


def test_classify_plain_text(cli_models: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["classify", "転居"]) == 0
    assert capsys.readouterr().out.startswith("relocation 転居 ")


def test_classify_without_a_model_explains(models_dir: Path,
                                           capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["classify", "転居"]) == 2
    assert "no current model in" in capsys.readouterr().err


def test_evaluate_json_has_the_documented_keys(cli_models: Path, small_data: tuple[Path, Path],
                                               capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["evaluate", "--data", str(small_data[1]), "--json"]) == 0
    result = json.loads(capsys.readouterr().out)
    assert set(result) == {"accuracy", "macro_f1", "per_label", "confusion", "n"}
    assert result["n"] == 100


def test_evaluate_table(cli_models: Path, small_data: tuple[Path, Path],
                        capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["evaluate", "--data", str(small_data[1])]) == 0
    out = capsys.readouterr().out
    assert "macro-F1" in out and "| true \\ predicted |" in out


def test_models_list_marks_the_current_version(cli_models: Path,
                                               capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["models", "list"]) == 0
    assert capsys.readouterr().out.startswith(f"* {store.current_version(cli_models)}")


def test_models_use_rolls_back(cli_models: Path, small_model: TrainResult,
                               capsys: pytest.CaptureFixture[str]) -> None:
    older = "20200101T000000Z-000000"
    shutil.copytree(small_model.path, cli_models / older)
    assert main(["models", "use", older]) == 0
    assert store.current_version(cli_models) == older
    assert main(["models", "list", "--json"]) == 0
    listed = json.loads(capsys.readouterr().out.split("\n", 1)[1])
    assert [row["current"] for row in listed] == [True, False]


@pytest.mark.parametrize(("version", "message"), [
    ("../../etc", "not a model version id: '../../etc'"),
    ("20990101T000000Z-000000", "no model version 20990101T000000Z-000000"),
])
def test_models_use_refuses_bad_versions(cli_models: Path, version: str, message: str,
                                         capsys: pytest.CaptureFixture[str]) -> None:
    before = store.current_version(cli_models)
    assert main(["models", "use", version]) == 2
    assert message in capsys.readouterr().err
    assert store.current_version(cli_models) == before


def test_train_then_classify_end_to_end(models_dir: Path, small_data: tuple[Path, Path],
                                        capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["train", "--data", str(small_data[0]), "--test", str(small_data[1])]) == 0
    capsys.readouterr()
    assert main(["classify", "夫の転勤で来月から大阪に住みます", "--json"]) == 0
    result = json.loads(capsys.readouterr().out)
    assert result["label"] == "relocation"
    assert result["model_version"] == store.current_version(models_dir)
