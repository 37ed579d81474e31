"""Replay every short and standard ILACS inspection in ../shared/data/ilacs_inspections.csv (S13).

For each inspection with a parsed on-site start, the rules in force on that date must give: a
Monday start, a notification that leads back to the same start (backward then forward), and the
recorded on-site end date. Known exceptions are listed with the reason; the match rate is printed.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from inspection_sim.calendar import WorkingCalendar
from inspection_sim.plan.anchors import notification_from_onsite, onsite_from_notification
from inspection_sim.rules import load_framework
from tests.rules.rules_helpers import inspections_with_dates

#: (local authority, recorded start) -> why the rules do not reproduce it.
KNOWN_EXCEPTIONS = {
    (
        "isles of scilly",
        date(2023, 7, 11),
    ): "a Tue-Thu short inspection of a very small authority (RULES 3)",
    (
        "doncaster",
        date(2017, 11, 9),
    ): "started on a Thursday before ILACS was in use (pilot; before 2018-01)",
}


def _replay(row: dict[str, object], calendar: WorkingCalendar) -> bool:
    start = row["start"]
    assert isinstance(start, date)
    rules = load_framework("ilacs", on=max(start, date(2018, 1, 1)))
    item = rules.inspection(str(row["type"]))
    back = notification_from_onsite(item, start, calendar)
    forward = onsite_from_notification(item, back.call, calendar)
    return (
        start.weekday() == 0
        and forward.onsite == start
        and forward.fieldwork[-1] == row["end"]
        and back.call.weekday() in (0, 1)
    )


def test_replay_reproduces_recorded_onsite_dates(
    capsys: pytest.CaptureFixture[str], ilacs_csv: Path
) -> None:
    calendar = WorkingCalendar()
    rows = inspections_with_dates(ilacs_csv)
    assert len(rows) == 230  # 78 short + 152 standard started before 2024-07-01 (RULES 0)
    matched, exceptions, failures = 0, [], []
    for row in rows:
        ok = _replay(row, calendar)
        key = (row["la"], row["start"])
        if key in KNOWN_EXCEPTIONS:
            exceptions.append(key)
            assert not ok, f"{key} is listed as an exception but now matches: remove it"
        elif ok:
            matched += 1
        else:
            failures.append(key)
    with capsys.disabled():
        print(
            f"\nILACS replay (S13): {matched}/{len(rows)} match ({matched / len(rows):.1%}); "
            f"{len(exceptions)} known exceptions flagged: {sorted(KNOWN_EXCEPTIONS.values())}"
        )
    assert not failures
    assert len(exceptions) == len(KNOWN_EXCEPTIONS)


def test_no_recorded_fieldwork_falls_in_an_encoded_blackout(ilacs_csv: Path) -> None:
    """The empirical blackouts (bank-holiday weeks, Christmas gap, summer) hold in the data (S13)."""
    from inspection_sim.plan.anchors import _blocked

    calendar = WorkingCalendar()
    rules = load_framework("ilacs", version="2024-12")
    for row in inspections_with_dates(ilacs_csv):
        start, end = row["start"], row["end"]
        assert isinstance(start, date)
        assert isinstance(end, date)
        days = tuple(calendar.working_days(start, end))
        assert _blocked(rules.inspection(str(row["type"])), rules, days, calendar) == [], row


def test_blackout_bounds_match_the_data(ilacs_csv: Path) -> None:
    """Christmas gap from 23 Dec (latest end seen 22 Dec) and no August fieldwork (S13)."""
    rows = inspections_with_dates(ilacs_csv)
    ends = [r["end"] for r in rows if isinstance(r["end"], date)]
    starts = [r["start"] for r in rows if isinstance(r["start"], date)]
    assert max((d.month, d.day) for d in ends if d.month == 12) == (12, 22)
    assert min((d.month, d.day) for d in starts if d.month == 1) >= (1, 12)
    assert not [d for d in starts + ends if d.month == 8]
