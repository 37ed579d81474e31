"""Properties of tracking, over random actuals a planner could record on two days in a row: no run
loses a planner's entries, and the change log grows by exactly the changes."""

from __future__ import annotations

import csv
import io
import tempfile
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from track_support import CALL, Row, copy_plan, entries, fill, make_plan

from inspection_sim.tracking import track

TASKS = (
    "coordination-team",
    "prepare-annex-a",
    "prepare-audited-case-list",
    "prepare-documents",
    "prepare-case-files",
    "staff-briefings",
    "base-room",
    "it-access",
    "leadership-briefing",
)
DAYS = (CALL, date(2027, 6, 8), date(2027, 6, 9), date(2027, 6, 10))
NOTES = st.sampled_from(
    ("", "waiting on IT", "-2 staff off", "=call back", "Ynys Môn, line\nbreak")
)


@st.composite
def a_row(draw: st.DrawFn, today: date) -> Row:
    """A row a planner could record by ``today``: a status with dates that agree with it."""
    days = [day for day in DAYS if day <= today]
    status = draw(st.sampled_from(("Not started", "In progress", "Done", "Blocked")))
    notes = draw(NOTES)
    if status == "Not started":
        return Row(status, None, None, notes)
    start = draw(st.sampled_from(days))
    if status == "Done":
        finish = draw(st.sampled_from([day for day in days if day >= start]))
        return Row(status, start, finish, notes)
    return Row(status, start, None, notes)


def day_entries(today: date) -> st.SearchStrategy[dict[str, Row]]:
    return st.dictionaries(st.sampled_from(TASKS), a_row(today), max_size=len(TASKS))


@pytest.fixture(scope="module")
def template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return make_plan(tmp_path_factory.mktemp("template") / "plan")


def log_rows(folder: Path) -> list[dict[str, str]]:
    path = folder / "changes.csv"
    if not path.exists():
        return []
    return list(csv.DictReader(io.StringIO(path.read_text("utf-8"))))


def as_fields(recorded: tuple[object, ...]) -> dict[str, str]:
    status, start, finish, notes = recorded

    def day(value: object) -> str:
        return value.date().isoformat() if isinstance(value, datetime) else ""

    return {
        "status": str(status or "Not started"),
        "actual_start": day(start),
        "actual_finish": day(finish),
        "notes": str(notes or ""),
    }


@settings(
    max_examples=12,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(monday=day_entries(date(2027, 6, 8)), tuesday=day_entries(date(2027, 6, 10)))
def test_random_actuals_are_kept_and_logged_change_by_change(
    template: Path, monday: dict[str, Row], tuesday: dict[str, Row]
) -> None:
    with tempfile.TemporaryDirectory() as scratch:
        plan = copy_plan(template, Path(scratch) / "plan")
        tracker = plan / "tracker.xlsx"
        state = {task: as_fields(value) for task, value in entries(tracker).items()}
        dates = {}
        stamp = datetime(2027, 6, 8, 17, tzinfo=UTC)
        for today, rows in ((date(2027, 6, 8), monday), (date(2027, 6, 10), tuesday)):
            fill(tracker, rows, clear=True)
            typed = entries(tracker)
            before = len(log_rows(plan))
            result = track(tracker, today, runs=10, seed=1, stamp=stamp)
            stamp += timedelta(days=1)
            assert entries(tracker) == typed  # every entry is still there
            now = {task: as_fields(value) for task, value in typed.items()}
            expected = sum(
                now[task][name] != state[task][name] for task in now for name in now[task]
            )
            planned = {
                task: (result.timeline.task(task).start, result.timeline.task(task).end)
                for task in result.plan.progress
            }
            first = {
                task: (result.plan.baseline.task(task).start, result.plan.baseline.task(task).end)
                for task in planned
            }
            previous = dates or first
            expected += sum(
                planned[task][k] != previous[task][k] for task in planned for k in (0, 1)
            )
            assert len(log_rows(plan)) - before == expected == len(result.changes)
            state, dates = now, planned
