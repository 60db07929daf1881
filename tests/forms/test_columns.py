"""Finding the reason column by meaning or as named, and never showing a resident's data as a
column name (issue 10 §1; issue 14, finding 12)."""

import pytest

from henno.forms.columns import column_position, find_text_column
from henno.forms.shown import listing, shown_name
from henno.model.errors import FormFileError


@pytest.mark.parametrize("header", [
    "返納理由", "返納の理由（自由記載）", "返納理由等", "理由（記入欄）", "返納事由",
    "reason for return", "Reason", "ＲＥＡＳＯＮ", "返納の理由(自由記載)", "返却理由 ",
    "【必須】返納理由", "記入内容",
])
def test_the_reason_column_is_found_by_meaning(header: str) -> None:
    assert find_text_column(["受付番号", "受付日", "窓口", header, "備考"]) == 3


def test_a_whole_name_wins_over_a_header_merely_holding_a_reason_word() -> None:
    assert find_text_column(["理由コード", "返納理由"]) == 1


@pytest.mark.parametrize(("requested", "index"), [
    ("備考", 4), ("E", 4), ("e", 4), ("5", 4), ("１", 0), ("A", 0),
])
def test_a_column_is_named_by_header_letter_or_number(requested: str, index: int) -> None:
    assert find_text_column(["受付番号", "受付日", "窓口", "返納理由", "備考"], requested) == index


def test_a_header_named_like_a_letter_wins_over_the_letter() -> None:
    assert find_text_column(["x", "y", "A"], "A") == 2


@pytest.mark.parametrize(("requested", "width", "position"), [
    ("AA", 30, 26), ("XFD", 20_000, 16_383), ("XFE", 20_000, None), ("0", 5, None),
    ("6", 5, None), ("F", 5, None), ("ABCD", 50_000, None),
])
def test_column_positions(requested: str, width: int, position: int | None) -> None:
    assert column_position(requested, width) == position


@pytest.mark.parametrize(("columns", "requested", "message"), [
    (["date", "memo"], None,
     "no reason text column found (looked for a header naming a reason: 理由, 事由, reason, "
     "or text, 内容, 記入内容); columns found: 'date', 'memo'; name it with text_column "
     "(henno label --text-column): its header, letter (E) or number (5)"),
    (["date", "memo"], "note", "no column named 'note'; columns found: 'date', 'memo'"),
    (["date", "memo"], "C", "no column named 'C'; columns found: 'date', 'memo'"),
    (["佐藤花子", "転居のため", "090-0000-0000"], "備考",
     "no column named '備考'; columns found: not shown (3 columns; the first row looks like a "
     "form, not a header row)"),
])
def test_unknown_columns_are_refused_clearly(columns: list[str], requested: str | None,
                                             message: str) -> None:
    with pytest.raises(FormFileError) as caught:
        find_text_column(columns, requested)
    assert (caught.value.code, str(caught.value)) == ("text_column_not_found", message)


@pytest.mark.parametrize("first_row", [
    ["佐藤花子", "転居のため"],  # a name alone in its cell
    ["受付日", "山田太郎"],
    ["id", "電話 090-0000-0000"],
    ["id", "引っ越しのため県外へ行きます"],  # longer than a header
])
def test_a_first_row_holding_data_is_never_listed(first_row: list[str]) -> None:
    shown = listing(first_row)
    assert all(cell not in shown for cell in first_row)
    assert shown == ("not shown (2 columns; the first row looks like a form, not a header "
                     "row)")


def test_a_long_header_listing_is_capped() -> None:
    assert listing([f"c{n}" for n in range(25)]) == (
        ", ".join(f"'c{n}'" for n in range(20)) + " and 5 more")


@pytest.mark.parametrize(("name", "shown"), [
    ("返納理由", "返納理由"), ("", ""), ("佐藤花子", "<column 2: not shown>"),
    ("電話 090-0000-0000", "<column 2: not shown>"),
])
def test_the_picker_shows_headers_but_not_data(name: str, shown: str) -> None:
    assert shown_name(2, name) == shown
