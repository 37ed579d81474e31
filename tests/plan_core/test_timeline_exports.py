"""Timeline: building from a schedule, queries, and the JSON/CSV/DataFrame/table exports."""

from __future__ import annotations

import csv
import io
import json
from datetime import date, datetime, time

import numpy as np
import pytest

from inspection_sim import WorkingCalendar
from inspection_sim.errors import UnknownNameError
from inspection_sim.plan.cpm import cpm
from inspection_sim.plan.level import level
from inspection_sim.plan.network import Dependency, Link, Network, TaskKind, TaskSpec
from inspection_sim.plan.timeline import COLUMNS, Timeline

CAL = WorkingCalendar(start=date(2026, 1, 1), end=date(2026, 12, 31))
MONDAY = CAL.index_of(date(2026, 3, 2))


def network(calendars: dict[str, np.ndarray] | None = None, case_days: int = 3) -> Network:
    """A small ILACS-like plan anchored on Monday 2 March 2026 (working-day index MONDAY)."""
    tasks = [
        TaskSpec(
            "call",
            "Notification call",
            kind=TaskKind.NOTIFICATION,
            fixed_start=MONDAY,
            framework=True,
            time_of_day=time(9, 30),
        ),
        TaskSpec(
            "annex-a",
            "Annex A data",
            duration=1,
            team="performance",
            kind=TaskKind.RETURN,
            finish_no_later_than=MONDAY + 2,
        ),
        TaskSpec("case-list", "Audited-case list", duration=case_days, team="performance"),
        TaskSpec("base-room", "Base room ready", duration=2, team="business-support"),
        TaskSpec(
            "fieldwork",
            "Fieldwork",
            duration=5,
            kind=TaskKind.FIELDWORK,
            fixed_start=MONDAY + 5,
            framework=True,
        ),
        TaskSpec("feedback", "Final feedback", kind=TaskKind.MEETING, framework=True),
    ]
    deps = [
        Dependency("call", "annex-a"),
        Dependency("call", "case-list"),
        Dependency("call", "base-room"),
        Dependency("case-list", "fieldwork"),
        Dependency("base-room", "fieldwork"),
        Dependency("fieldwork", "feedback", Link.FF, 0),
    ]
    return Network.build(tasks, deps, team_calendars=calendars)


def timeline(net: Network | None = None, **kwargs: object) -> Timeline:
    net = net or network()
    return Timeline.from_schedule(
        cpm(net, start=MONDAY),
        CAL,
        inspection="ilacs:short",
        framework="ilacs",
        version="2024-12",
        notification=datetime(2026, 3, 2, 9, 30),
        **kwargs,  # type: ignore[arg-type]
    )


def test_dates_are_the_councils_working_days_with_inclusive_ends() -> None:
    t = timeline()
    assert t.task("call").start == t.task("call").end == date(2026, 3, 2)
    assert (t.task("case-list").start, t.task("case-list").end) == (
        date(2026, 3, 2),
        date(2026, 3, 4),
    )
    assert (t.fieldwork.start, t.fieldwork.end) == (date(2026, 3, 9), date(2026, 3, 13))
    assert t.fieldwork.days == tuple(date(2026, 3, d) for d in range(9, 14))
    assert t.task("feedback").start == date(2026, 3, 16)  # finishes with the fieldwork
    assert t.task("annex-a").deadline == date(2026, 3, 3)
    assert t.task("annex-a").depends_on == ("call",)
    assert t.task("fieldwork").depends_on == ("case-list", "base-room")


def test_a_task_over_easter_ends_after_the_bank_holidays() -> None:
    """Three working days from Thursday 2 April 2026: Good Friday and Easter Monday are skipped."""
    thursday = CAL.index_of(date(2026, 4, 2))
    net = Network.build([TaskSpec("a", duration=3)], [])
    t = Timeline.from_schedule(
        cpm(net, start=thursday),
        CAL,
        inspection="x:y",
        framework="x",
        version="1",
        notification=datetime(2026, 4, 2, 9, 0),
    )
    assert (t.task("a").start, t.task("a").end) == (date(2026, 4, 2), date(2026, 4, 8))


def test_a_team_on_leave_moves_its_dates() -> None:
    away = np.ones(CAL.n_working_days, dtype=bool)
    away[MONDAY : MONDAY + 2] = False  # the performance team is away Monday and Tuesday
    t = timeline(network({"performance": away}))
    assert t.task("case-list").start == date(2026, 3, 4)
    assert t.task("case-list").end == date(2026, 3, 6)
    assert t.task("annex-a").start == date(2026, 3, 4)
    (risk,) = t.risks
    assert (risk.task, risk.deadline, risk.working_days_late) == ("annex-a", date(2026, 3, 3), 1)


def test_queries_milestones_critical_path_and_unknown_task() -> None:
    t = timeline()
    assert [m.id for m in t.milestones] == ["call", "feedback"]
    path = t.critical_path()
    assert path[0] == "call"
    assert "fieldwork" in path
    assert all(t.task(i).slack_working_days == 0 for i in path)
    assert t.task("annex-a").slack_working_days > 0
    with pytest.raises(UnknownNameError) as caught:
        t.task("anex-a")
    assert "did you mean 'annex-a'?" in str(caught.value)


def test_json_contract_is_stable_and_complete() -> None:
    t = timeline(warnings=("a warning",))
    text = t.to_json()
    assert text == timeline(warnings=("a warning",)).to_json()
    data = json.loads(text)
    assert list(data) == sorted(data)
    assert set(data) == {
        "framework",
        "version",
        "inspection",
        "notification",
        "fieldwork",
        "milestones",
        "tasks",
        "warnings",
    }
    assert data["notification"] == "2026-03-02T09:30:00+00:00"
    assert data["fieldwork"] == {
        "start": "2026-03-09",
        "end": "2026-03-13",
        "days": ["2026-03-09", "2026-03-10", "2026-03-11", "2026-03-12", "2026-03-13"],
    }
    assert data["milestones"][0] == {
        "id": "call",
        "name": "Notification call",
        "date": "2026-03-02",
    }
    first = data["tasks"][0]
    assert set(first) == {
        "id",
        "name",
        "team",
        "start",
        "end",
        "depends_on",
        "slack_working_days",
        "critical",
    }
    assert [task["id"] for task in data["tasks"]] == [
        "annex-a",
        "case-list",
        "base-room",
        "fieldwork",
    ]
    assert data["warnings"] == ["a warning"]


def test_notification_in_summer_carries_the_bst_offset() -> None:
    net = Network.build([TaskSpec("a", duration=1)], [])
    t = Timeline.from_schedule(
        cpm(net, start=CAL.index_of(date(2026, 6, 1))),
        CAL,
        inspection="x:y",
        framework="x",
        version="1",
        notification=datetime(2026, 6, 1, 9, 0),
    )
    assert json.loads(t.to_json())["notification"] == "2026-06-01T09:00:00+01:00"


def test_levelled_risks_appear_in_the_warnings() -> None:
    levelled = level(network(case_days=5), {"performance": 1}, start=MONDAY)
    t = Timeline.from_schedule(
        levelled,
        CAL,
        inspection="ilacs:short",
        framework="ilacs",
        version="2024-12",
        notification=datetime(2026, 3, 2, 9, 30),
    )
    assert t.task("call").start == date(2026, 3, 2)
    assert t.task("fieldwork").start == date(2026, 3, 9)  # framework dates never move
    # one person does the 5-day case list first (it has no slack), then annex A, 4 days late
    (risk,) = t.risks
    assert (risk.task, risk.deadline, risk.working_days_late) == ("annex-a", date(2026, 3, 3), 4)
    assert t.task("annex-a").start == date(2026, 3, 9)
    warnings = json.loads(t.to_json())["warnings"]
    assert warnings == [str(risk)]
    assert "misses 2026-03-03 by 4 working day(s)" in warnings[0]


def test_records_and_csv_hold_every_task() -> None:
    t = timeline()
    records = t.to_records()
    assert [r["id"] for r in records] == [task.id for task in t.tasks]
    assert json.loads(json.dumps(records)) == records
    assert records[0]["time_of_day"] == "09:30"
    rows = list(csv.reader(io.StringIO(t.to_csv())))
    assert tuple(rows[0]) == COLUMNS
    assert len(rows) == 1 + len(t.tasks)
    row = rows[1 + [r["id"] for r in records].index("fieldwork")]
    fieldwork = dict(zip(rows[0], row, strict=True))
    assert fieldwork["depends_on"] == "case-list;base-room"
    assert fieldwork["critical"] == "true"
    assert fieldwork["end"] == "2026-03-13"


def test_dataframe_has_dates_as_datetimes() -> None:
    pd = pytest.importorskip("pandas")
    frame = timeline().to_dataframe()
    assert list(frame.columns) == list(COLUMNS)
    assert frame["start"].dtype.kind == "M"
    assert frame.loc[frame["id"] == "fieldwork", "end"].iloc[0] == pd.Timestamp("2026-03-13")


def test_table_is_readable() -> None:
    t = timeline(warnings=("notified on a Monday",))
    text = t.to_table()
    lines = text.splitlines()
    assert lines[0] == "ILACS short inspection (ilacs:short, rules 2024-12)"
    assert "2026-03-09 to 2026-03-13 (5 days on site)" in text
    header = next(line for line in lines if line.startswith("start"))
    assert header.split() == ["start", "end", "days", "slack", "crit", "team", "task"]
    body = lines[lines.index(header) + 1 :]
    starts = [line.split()[0] for line in body if line[:4].isdigit()]
    assert starts == sorted(starts), "rows in date order"
    row = next(line for line in lines if "Fieldwork" in line)
    assert row.split()[:5] == ["2026-03-09", "2026-03-13", "5", "0", "*"]
    assert "  - notified on a Monday" in lines
    assert max(len(line) for line in lines) < 120


def test_a_schedule_beyond_the_calendar_is_a_range_error() -> None:
    from inspection_sim.errors import CalendarRangeError

    net = Network.build([TaskSpec("a", duration=5)], [])
    last = CAL.n_working_days - 2
    with pytest.raises(CalendarRangeError) as caught:
        Timeline.from_schedule(
            cpm(net, start=last),
            CAL,
            inspection="x:y",
            framework="x",
            version="1",
            notification=datetime(2026, 12, 30, 9, 0),
        )
    assert "2026-12-31" in str(caught.value)


def test_table_rows_are_in_date_order_not_declaration_order() -> None:
    net = Network.build(
        [
            TaskSpec("later", duration=1, start_no_earlier_than=MONDAY + 3),
            TaskSpec("sooner", duration=1),
        ],
        [],
    )
    t = timeline(net)
    assert [task.id for task in t.tasks] == ["later", "sooner"]
    rows = [line for line in t.to_table().splitlines() if line[:4].isdigit()]
    assert [row.split()[-1] for row in rows] == ["sooner", "later"]
