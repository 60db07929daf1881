"""The report's cross tables: natural order, 空欄 and 合計, shares (issue 10 §3)."""

import pytest

from henno.labelling.report_tables import group_table, natural_key, overall_table, period
from henno.labelling.tally import Tally

HEADER = ["区分", "label", "error"]


def tally_of(rows: list[tuple[str, str]]) -> Tally:
    tally = Tally(HEADER, ["区分"], keyed_rows=False)
    tally.add([[group, label, "" if label else "empty text"] for group, label in rows])
    return tally


@pytest.mark.parametrize(("values", "order"), [
    (["60代", "10代", "", "30代", "20代", "100代"],
     ["10代", "20代", "30代", "60代", "100代", "（空欄）"]),
    (["支所10", "支所2", "本庁", "支所1"], ["支所1", "支所2", "支所10", "本庁"]),
    (["2024-01-05", "2023-11-10", "", "2023-04-03", "令和5年6月1日"],
     ["2023年4月", "2023年6月", "2023年11月", "2024年1月", "（空欄）"]),
])
def test_group_rows_in_natural_order(values: list[str], order: list[str]) -> None:
    table = group_table(tally_of([(v, "other") for v in values]), 0)
    assert [name for name, _ in table.rows] == order


def test_cross_table_counts_blanks_and_totals() -> None:
    tally = tally_of([("本庁", "relocation"), ("本庁", ""), ("北支所", "other"),
                      ("本庁", "転居")])
    table = group_table(tally, 0)
    assert table.header == ["区分", "制度への不信", "相次ぐ不祥事", "誤り・不具合", "転居",
                            "その他", "空欄", "合計"]
    assert table.rows == [("北支所", [0, 0, 0, 0, 1, 0, 1]), ("本庁", [0, 0, 0, 2, 0, 1, 3])]
    assert table.total == [0, 0, 0, 2, 1, 1, 4]
    assert table.shares()[1] == ("本庁", [0.0, 0.0, 0.0, 2 / 3, 0.0, 1 / 3, 1.0])
    assert overall_table(tally).total == table.total


def test_unreadable_rows_get_their_own_column() -> None:
    tally = Tally(HEADER, ["区分"], keyed_rows=False)
    tally.add([["本庁", "", "undecodable bytes in the text"], ["本庁", "other", ""]])
    table = group_table(tally, 0)
    assert table.header[-3:] == ["空欄", "読めない", "合計"]
    assert table.rows == [("本庁", [0, 0, 0, 0, 1, 0, 1, 2])]


def test_groups_beyond_the_limit_are_pooled_last() -> None:
    rows = [("本庁", "relocation")] * 100 + [(f"支所{i:02d}", "other") for i in range(45)]
    table = group_table(tally_of(rows), 0)
    names = [name for name, _ in table.rows]
    # The 40 largest are kept (in natural order), the 6 smallest pooled.
    assert len(names) == 41 and "本庁" in names and names[-2:] == ["本庁", "（他 6 グループ）"]
    assert table.total[-1] == 145


def test_period_of_the_date_column() -> None:
    tally = tally_of([("2024-03-31", "other"), ("2023-04-01", "other")])
    assert period(tally) == "2023年4月〜2024年3月"
    assert period(tally_of([("本庁", "other")])) is None


def test_natural_key_puts_the_empty_bucket_last() -> None:
    assert sorted(["（空欄）", "b", "a2", "a10"], key=natural_key) == ["a2", "a10", "b", "（空欄）"]
