from pathlib import Path

import pytest

from henno.model.errors import DatasetError
from henno.model.labels import LABELS
from henno.training.dataset import load_dataset

VALID = [(f"{label}の理由その{i}です", label) for label in LABELS for i in range(10)]


def _write(path: Path, text: str, encoding: str = "utf-8") -> Path:
    path.write_bytes(text.encode(encoding))
    return path


def _csv(rows: list[tuple[str, str]], header: str = "text,label") -> str:
    return header + "\n" + "".join(f"{text},{label}\n" for text, label in rows)


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "cp932"])
def test_load_accepts_excel_encodings(tmp_path: Path, encoding: str) -> None:
    rows = [("引っ越しのため転出します", "relocation"), *VALID]
    data = load_dataset(_write(tmp_path / "d.csv", _csv(rows), encoding))
    assert data.texts[0] == "引っ越しのため転出します"
    assert data.label_counts()["relocation"] == 11


def test_load_keeps_extra_columns_out(tmp_path: Path) -> None:
    text = "id,text,label\n" + "".join(f"{i},{t},{lab}\n" for i, (t, lab) in enumerate(VALID))
    assert len(load_dataset(_write(tmp_path / "d.csv", text)).texts) == len(VALID)


@pytest.mark.parametrize(("content", "message"), [
    (_csv(VALID, header="reason,label"),
     "missing column(s) text; found: 'reason', 'label'"),
    (_csv(VALID, header="text,category"),
     "missing column(s) label; found: 'text', 'category'"),
    ("", "missing column(s) text, label; found: none"),
    (_csv([*VALID, ("なんとなく", "misc")]),
     "unknown label on line(s) 52; allowed: system_distrust, scandal, errors, relocation, other"),
    (_csv([*VALID, ("  ", "other")]), "empty text on line(s) 52"),
    (_csv([*VALID, ("転居のため", "relocation"), ("転居のため", "other")]),
     "the same text has conflicting labels on lines 52, 53"),
    (_csv([r for r in VALID if r[1] != "scandal"] + [("不祥事", "scandal")]),
     "label scandal has 1 row(s); each label needs at least 10"),
])
def test_load_names_each_problem(tmp_path: Path, content: str, message: str) -> None:
    path = _write(tmp_path / "d.csv", content)
    with pytest.raises(DatasetError) as error:
        load_dataset(path)
    assert f"{path}: {message}" in str(error.value).splitlines()


def test_load_names_the_line_of_undecodable_bytes(tmp_path: Path) -> None:
    path = tmp_path / "d.csv"
    path.write_bytes(_csv(VALID).encode("utf-8") + b"\xff\xfe\x80\x81,other\n")
    with pytest.raises(DatasetError, match="undecodable bytes on line 52"):
        load_dataset(path)


def test_load_lists_many_bad_lines_briefly(tmp_path: Path) -> None:
    rows = [*VALID] + [(f"理由{i}", "nope") for i in range(15)]
    with pytest.raises(DatasetError, match=r"52, 53, .*61 \(and 5 more\)"):
        load_dataset(_write(tmp_path / "d.csv", _csv(rows)))


def test_load_of_a_missing_file_says_so(tmp_path: Path) -> None:
    with pytest.raises(DatasetError, match=r"cannot read .*nothing\.csv"):
        load_dataset(tmp_path / "nothing.csv")


@pytest.mark.parametrize(("written", "label"), [
    ("転居", "relocation"),
    ("制度への不信", "system_distrust"),
    ("誤り・不具合", "errors"),
    ("relocation", "relocation"),
    ("Relocation", "relocation"),
    ("ｒｅｌｏｃａｔｉｏｎ", "relocation"),
    (" その他 ", "other"),
])
def test_load_reads_a_label_as_its_code_or_japanese_name(tmp_path: Path, written: str,
                                                         label: str) -> None:
    rows = [("来月、県外へ引っ越すため", written), *VALID]
    data = load_dataset(_write(tmp_path / "d.csv", _csv(rows)))
    assert data.labels[0] == label


def test_load_sees_no_conflict_between_a_code_and_its_japanese_name(tmp_path: Path) -> None:
    rows = [*VALID, ("転居のため", "relocation"), ("転居のため", "転居")]
    data = load_dataset(_write(tmp_path / "d.csv", _csv(rows)))
    assert data.labels[-2:] == ["relocation", "relocation"]
