"""What clerks read: times in JST, shares as percentages, placeholders in Japanese."""

from datetime import UTC, datetime

import pytest

from henno.service.ui.filters import as_jst, as_percent, placeholders_ja


@pytest.mark.parametrize(("value", "shown"), [
    ("2026-12-02T12:02:09Z", "2026年12月2日 21:02"),
    ("2026-12-02T12:02:09+00:00", "2026年12月2日 21:02"),
    ("2026-12-02T12:02:09.123456", "2026年12月2日 21:02"),  # naive: written in UTC
    ("2026-12-31T15:00:00Z", "2027年1月1日 00:00"),
    (datetime(2026, 12, 2, 12, 2, tzinfo=UTC), "2026年12月2日 21:02"),
    (1796212929.5, "2026年12月2日 21:02"),
    ("", ""),
    (None, ""),
    ("not a time", "not a time"),
])
def test_times_are_shown_in_jst(value: object, shown: str) -> None:
    assert as_jst(value) == shown


@pytest.mark.parametrize(("value", "shown"), [
    (0.937, "93.7%"),
    (1.0, "100.0%"),
    (0, "0.0%"),
    (0.99951, "100.0%"),
    (None, "—"),
])
def test_shares_are_shown_as_percentages(value: float | None, shown: str) -> None:
    assert as_percent(value) == shown


@pytest.mark.parametrize(("text", "shown"), [
    ("#name#です。電話は#phone#", "（氏名）です。電話は（電話番号）"),
    ("#email# #mynumber# #postal#", "（メールアドレス） （個人番号） （郵便番号）"),
    ("# name # と #unknown#", "# name # と #unknown#"),
])
def test_placeholders_are_shown_in_japanese(text: str, shown: str) -> None:
    assert placeholders_ja(text) == shown
