"""Recognising date cells and bucketing them by month."""

import re
from datetime import date, datetime

_ISO = re.compile(r"^\s*(\d{4})\s*[-/.年]\s*(\d{1,2})(?!\d)")
_ERA = re.compile(r"^\s*(令和|平成|R|H)\s*(\d{1,2}|元)\s*[-/.年]\s*(\d{1,2})(?!\d)", re.IGNORECASE)
_ERA_START = {"令和": 2018, "r": 2018, "平成": 1988, "h": 1988}  # year 1 of the era, minus 1
DATE_SHARE = 0.8  # a column is a date column when this share of its filled cells are dates


def to_month(value: object) -> str | None:
    """"YYYY-MM" of a date cell (datetime, 2023-06-01, 2023/6/1, 2023年6月, 令和5年6月, R5.6.1)."""
    if isinstance(value, datetime | date):
        return f"{value.year:04d}-{value.month:02d}"
    text = str(value)
    if match := _ISO.match(text):
        month = int(match.group(2))
        return f"{int(match.group(1)):04d}-{month:02d}" if 1 <= month <= 12 else None
    if match := _ERA.match(text):
        era_year = 1 if match.group(2) == "元" else int(match.group(2))
        month = int(match.group(3))
        year = _ERA_START[match.group(1).lower()] + era_year
        return f"{year:04d}-{month:02d}" if 1 <= month <= 12 else None
    return None


def month_buckets(values: dict[str, int]) -> dict[int, str] | None:
    """Group id -> month when the column holds dates, else None (use the values as they are)."""
    filled = {key: gid for key, gid in values.items() if key.strip()}
    months = {gid: to_month(key) for key, gid in filled.items()}
    dated = sum(month is not None for month in months.values())
    if not filled or dated < DATE_SHARE * len(filled):
        return None
    return {gid: month or "(not a date)" for gid, month in months.items()} | {
        gid: "(empty)" for key, gid in values.items() if not key.strip()}
