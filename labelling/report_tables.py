"""The report's tables: reasons overall, and each group column (months, offices…) × reason,
with 空欄 and 合計 columns and a 合計 row, as counts and as shares of each row's 合計; beside
each, the forms whose reasons include each label (複数回答), as shares of the labelled forms."""

import re
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from henno.labelling.counts import row_counts
from henno.labelling.months import month_buckets
from henno.labelling.tally import RowKind, Tally
from henno.model.labels import LABEL_JA, LABELS

MAX_GROUPS = 40
EMPTY = "（空欄）"
NOT_A_DATE = "（日付でない）"
_DIGITS = re.compile(r"(\d+)")
MENTIONS = "理由に含まれる件数（複数回答）"
LABELLED_FORMS = "判定した用紙"
# What 件数 counts: the one label each form was given (判定, in the page's words), never called
# 主な理由, the page's words for a reason the resident said was the main one.
COUNT_NOTE = "件数は、判定（用紙 1 枚に 1 つ選ぶ理由）を数えたものです。"
MENTIONS_NOTE = ("1 枚の用紙が複数の理由に数えられることがあるため、各理由の件数を足しても"
                 "用紙の数にはなりません。")


@dataclass(frozen=True)
class CrossTable:
    title: str
    header: list[str]  # the row names' heading, then one column per count
    rows: list[tuple[str, list[int]]]
    total: list[int]
    note: str = ""  # a line to print under the table

    def shares(self) -> list[tuple[str, list[float]]]:
        """Each row (and the 合計 row) as shares of its own 合計, the last column."""
        return [(name, [c / values[-1] if values[-1] else 0.0 for c in values])
                for name, values in [*self.rows, ("合計", self.total)]]


def natural_key(name: str) -> tuple[int, list[tuple[int, str]]]:
    """10代 < 20代 < 100代, 支所2 < 支所10; the empty and the non-date buckets last."""
    last = name in (EMPTY, NOT_A_DATE) or name.startswith("（他 ")
    parts = [(int(p), "") if p.isdigit() else (-1, p) for p in _DIGITS.split(name) if p]
    return (1 if last else 0, parts)


def _columns(tally: Tally) -> list[str]:
    unreadable = ["読めない"] if (np.frombuffer(tally.kinds, np.int8) == RowKind.UNREADABLE).any() \
        else []
    return [LABEL_JA[label] for label in LABELS] + ["空欄"] + unreadable + ["合計"]


def _row(tally: Tally, mask: npt.NDArray[np.bool_] | None, with_unreadable: bool) -> list[int]:
    """Per label, 空欄, (読めない,) 合計: the counts' one definition (henno.labelling.counts)."""
    counts = row_counts(tally, mask)
    return [*tally.counts(mask), counts.blank,
            *([counts.unreadable] if with_unreadable else []), counts.rows]


def overall_table(tally: Tally) -> CrossTable:
    columns = _columns(tally)
    return CrossTable("返納理由別の件数", ["", *columns], [],
                      _row(tally, None, "読めない" in columns), COUNT_NOTE)


def _buckets(values: dict[str, int]) -> tuple[bool, dict[int, str]]:
    """(is a date column, group id -> the name shown)."""
    months = month_buckets(values)
    if months is not None:
        shown = {"(empty)": EMPTY, "(not a date)": NOT_A_DATE}
        return True, {gid: shown.get(m) or f"{m[:4]}年{int(m[5:])}月" for gid, m in months.items()}
    return False, {gid: key.strip() or EMPTY for key, gid in values.items()}


def mention_row(tally: Tally, mask: npt.NDArray[np.bool_] | None) -> list[int]:
    """Per label, the forms whose reasons include it; then the labelled forms."""
    return [*tally.mention_counts(mask), row_counts(tally, mask).labelled]


def mention_table(tally: Tally, column: int | None = None) -> CrossTable:
    """Overall (one row) or per group of `column`, in the rows of its group_table."""
    header = [*(LABEL_JA[label] for label in LABELS), LABELLED_FORMS]
    if column is None:
        return CrossTable(MENTIONS, ["", *header], [], mention_row(tally, None), MENTIONS_NOTE)
    heading, ids, buckets = _group_buckets(tally, column)
    rows = [(shown, mention_row(tally, np.isin(ids, gids))) for shown, gids in buckets]
    return CrossTable(f"{heading}別の{MENTIONS}", [heading, *header], rows,
                      mention_row(tally, None), MENTIONS_NOTE)


def _group_buckets(tally: Tally, column: int) -> tuple[str, npt.NDArray[np.int32],
                                                       list[tuple[str, list[int]]]]:
    """(the column's heading, each row's group id, (shown name, group ids) in table order);
    beyond MAX_GROUPS the smallest groups are pooled."""
    name = tally.group_columns[column]
    ids = np.frombuffer(tally.group_ids[column], dtype=np.int32)
    dated, names = _buckets(tally.group_values[column])
    members: dict[str, list[int]] = {}
    for gid, shown in names.items():
        members.setdefault(shown, []).append(gid)
    per_gid = np.bincount(ids, minlength=len(names))
    size = {shown: int(per_gid[gids].sum()) for shown, gids in members.items()}
    kept = sorted(members, key=lambda n: (-size[n], natural_key(n)))[:MAX_GROUPS]
    rest = [n for n in members if n not in kept]
    order = sorted(kept, key=_month_key if dated else natural_key)
    buckets = [(n, members[n]) for n in order]
    if rest:
        buckets.append((f"（他 {len(rest)} グループ）", [g for n in rest for g in members[n]]))
    return f"{name}（月）" if dated else name, ids, buckets


def group_table(tally: Tally, column: int) -> CrossTable:
    """One group column × reason; beyond MAX_GROUPS the smallest groups are pooled."""
    heading, ids, buckets = _group_buckets(tally, column)
    columns = _columns(tally)
    with_unreadable = "読めない" in columns
    rows = [(shown, _row(tally, np.isin(ids, gids), with_unreadable)) for shown, gids in buckets]
    return CrossTable(f"{heading}別の件数", [heading, *columns], rows,
                      _row(tally, None, with_unreadable), COUNT_NOTE)


def _month_key(name: str) -> tuple[int, int, int]:
    match = re.match(r"(\d+)年(\d+)月", name)
    return (0, int(match.group(1)), int(match.group(2))) if match else (1, 0, 0)


def period(tally: Tally) -> str | None:
    """The months the rows cover (e.g. 2023年4月〜2024年3月), from the first date column."""
    for values in tally.group_values:
        months = month_buckets(values)
        if months:
            found = sorted(m for m in months.values() if m[:1].isdigit())
            if found:
                first, last = found[0], found[-1]
                return f"{first[:4]}年{int(first[5:])}月〜{last[:4]}年{int(last[5:])}月"
    return None
