"""The export clock: --stamp, then SOURCE_DATE_EPOCH, then now; always aware UTC, whole seconds."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from inspection_sim.errors import ArgumentTypeError
from inspection_sim.export import resolve_stamp


def test_explicit_stamp_with_offset_is_converted_to_utc() -> None:
    assert resolve_stamp("2027-06-01T09:00:00+01:00", environ={}) == datetime(
        2027, 6, 1, 8, 0, tzinfo=UTC
    )


def test_z_suffix_and_naive_text_are_utc() -> None:
    expected = datetime(2027, 6, 1, 8, 0, tzinfo=UTC)
    assert resolve_stamp("2027-06-01T08:00:00Z", environ={}) == expected
    assert resolve_stamp("2027-06-01T08:00:00", environ={}) == expected


def test_explicit_stamp_wins_over_source_date_epoch() -> None:
    stamp = resolve_stamp("2027-06-01T08:00:00Z", environ={"SOURCE_DATE_EPOCH": "0"})
    assert stamp.year == 2027


def test_source_date_epoch_is_used_without_a_stamp() -> None:
    assert resolve_stamp(None, environ={"SOURCE_DATE_EPOCH": "1811750400"}) == datetime(
        2027, 5, 31, 8, 0, tzinfo=UTC
    )


def test_without_either_the_clock_is_now_to_the_second() -> None:
    stamp = resolve_stamp(None, environ={})
    assert stamp.microsecond == 0
    assert abs(datetime.now(UTC) - stamp) < timedelta(minutes=5)


@pytest.mark.parametrize(
    ("text", "environ", "message"),
    [
        ("next tuesday", {}, r"--stamp: stamp must be an ISO date-time.*'next tuesday'"),
        (None, {"SOURCE_DATE_EPOCH": "yesterday"}, r"SOURCE_DATE_EPOCH must be whole seconds"),
    ],
)
def test_malformed_clock_values_are_clean_errors(
    text: str | None, environ: dict[str, str], message: str
) -> None:
    with pytest.raises(ArgumentTypeError, match=message):
        resolve_stamp(text, environ=environ)
