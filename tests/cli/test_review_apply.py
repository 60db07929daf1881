"""`henno review apply`: a file labelled with --review gets the clerks' decisions back."""

import csv
from pathlib import Path

import pytest

from henno.cli.main import main
from henno.review.store import ReviewStore


def _rows(path: Path) -> list[dict[str, str]]:
    with open(path, encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def test_review_apply_writes_the_clerks_labels(review_url: str, cli_models: Path,
                                               tmp_path: Path,
                                               capsys: pytest.CaptureFixture[str]) -> None:
    forms = tmp_path / "forms.csv"
    texts = ["転居のため", "よくわからない", "なんとなく不安", "よくわからない"]
    forms.write_text("理由\n" + "\n".join(texts) + "\n", encoding="utf-8")
    assert main(["label", str(forms), "--quiet", "--review", "--columns", "en"]) == 0
    labelled = tmp_path / "forms_labelled.csv"
    with ReviewStore.open(review_url) as store:
        item = store.claim_next("佐藤")
        assert item is not None, "the small model flags some of these vague reasons"
        store.decide(item.id, "佐藤", "system_distrust")
    capsys.readouterr()
    assert main(["review", "apply", str(labelled)]) == 0
    output = tmp_path / "forms_labelled_reviewed.csv"
    reviewed = [r for r in _rows(output) if r["確認者"] == "佐藤"]
    assert reviewed and all(r["label"] == "system_distrust" for r in reviewed)
    assert {r["理由"] for r in reviewed} == {item.text}
    assert capsys.readouterr().out == (
        f"wrote {output}: {len(reviewed)} of 4 rows reviewed by clerks\n")


@pytest.mark.parametrize(("argv", "message"), [
    (["-o", "{input}"], "henno: error: refusing to overwrite the input {input}; choose another -o"),
    (["--text-column", "なし"], "henno: error: "),
])
def test_review_apply_refuses_bad_arguments(review_url: str, tmp_path: Path, argv: list[str],
                                            message: str,
                                            capsys: pytest.CaptureFixture[str]) -> None:
    labelled = tmp_path / "forms_labelled.csv"
    labelled.write_text("理由,label\nなんとなく,other\n", encoding="utf-8")
    args = [a.format(input=labelled) for a in argv]
    assert main(["review", "apply", str(labelled), *args]) == 2
    assert capsys.readouterr().err.startswith(message.format(input=labelled))
    assert sorted(p.name for p in tmp_path.iterdir()) == ["forms_labelled.csv"]
