"""`henno classify ""` is an error, as an empty text is for the API and the page."""

from pathlib import Path

import pytest

from henno.cli.main import main


@pytest.mark.parametrize("text", ["", " ", "\u3000\n"])
def test_classify_refuses_an_empty_text(cli_models: Path, text: str,
                                        capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["classify", text]) == 2
    captured = capsys.readouterr()
    assert captured.err == "henno: error: text: must not be empty\n"
    assert captured.out == ""
