"""`henno classify` says every reason and the rule when a text gives more than one (or denies
one); a single reason keeps the one-line answer."""

import json
from pathlib import Path

import pytest

from henno.cli.main import main
from tests.several_reasons import several_reasons

__all__ = ["several_reasons"]


@pytest.mark.usefixtures("several_reasons", "cli_models")
@pytest.mark.parametrize(("text", "second_line"), [
    ("来月引っ越す予定だし、不祥事にもうんざりしたので",
     "reasons: relocation, scandal (rule: priority)"),
    ("一番の理由は不祥事です。転勤もあります",
     "reasons: scandal (main), relocation (rule: main_reason)"),
    ("引っ越しではなく、不祥事です", "reasons: relocation (denied), scandal (rule: single)"),
])
def test_classify_names_every_reason(capsys: pytest.CaptureFixture[str], text: str,
                                     second_line: str) -> None:
    assert main(["classify", text]) == 0
    assert capsys.readouterr().out.splitlines()[1] == second_line


@pytest.mark.usefixtures("several_reasons")
def test_classify_one_reason_is_one_line(cli_models: Path,
                                         capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["classify", "特になし"]) == 0
    assert len(capsys.readouterr().out.splitlines()) == 1


@pytest.mark.usefixtures("several_reasons", "cli_models")
def test_classify_json_lists_every_reason(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["classify", "来月引っ越す予定だし、不祥事にもうんざりしたので", "--json"]) == 0
    result = json.loads(capsys.readouterr().out)
    assert [r["label"] for r in result["reasons"]] == ["relocation", "scandal"]
    assert result["rule"] == "priority"
