"""One version, written once in pyproject.toml, seen by the package and the CLI."""

import tomllib
from pathlib import Path

import pytest

from henno.cli.main import main
from henno.settings import Settings

REPO = Path(__file__).resolve().parents[2]


def pyproject() -> dict[str, object]:
    with open(REPO / "pyproject.toml", "rb") as handle:
        project: dict[str, object] = tomllib.load(handle)["project"]
    return project


def test_version_is_the_one_in_pyproject() -> None:
    from henno.version import __version__

    assert __version__ == pyproject()["version"]


def test_henno_version_prints_it(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exit_info:
        main(["--version"])
    assert exit_info.value.code == 0
    assert capsys.readouterr().out == f"henno {pyproject()['version']}\n"


def test_licence_is_apache_2_in_the_metadata_and_the_file() -> None:
    assert pyproject()["license"] == "Apache-2.0"
    assert pyproject()["license-files"] == ["LICENSE"]
    text = (REPO / "LICENSE").read_text(encoding="utf-8")
    assert text.split()[:4] == ["Apache", "License", "Version", "2.0,"]
    assert "END OF TERMS AND CONDITIONS" in text


def test_openapi_version_is_it(tmp_path: Path) -> None:
    from henno.service.app import create_app

    settings = Settings(models_dir=tmp_path / "models", state_dir=tmp_path / "var")
    assert create_app(settings).openapi()["info"]["version"] == pyproject()["version"]
