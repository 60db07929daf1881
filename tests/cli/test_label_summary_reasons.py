"""`henno label`'s closing summary gives each label's forms as the primary reason and as one of
the reasons (複数回答), with what the second count means."""

from pathlib import Path

import pytest

from henno.cli.main import main
from tests.several_reasons import several_reasons

__all__ = ["several_reasons"]


@pytest.mark.usefixtures("several_reasons", "cli_models")
def test_label_summary_counts_every_reason(tmp_path: Path,
                                           capsys: pytest.CaptureFixture[str]) -> None:
    source = tmp_path / "forms.csv"
    source.write_text("返納理由\n来月引っ越す予定だし、不祥事にもうんざりしたので\n"
                      "引っ越しではなく、不祥事です\n", encoding="utf-8")
    assert main(["label", str(source), "--quiet"]) == 0
    lines = capsys.readouterr().out.splitlines()
    rows = {line.split()[0]: line.split()[2:] for line in lines if line.startswith("  ")}
    assert rows["scandal"] == ["1", "50.0%", "複数回答", "2"]
    assert rows["relocation"] == ["1", "50.0%", "複数回答", "1"]
    assert ("複数回答: その理由が書かれている用紙の数です。1 枚の用紙が複数の理由に数えられることが"
            "あるため、各理由の件数を足しても用紙の数にはなりません。") in lines
