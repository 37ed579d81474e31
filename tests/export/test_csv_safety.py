"""Every CSV the package writes is safe in a spreadsheet: one row per record, whatever the text,
and no cell a spreadsheet would run as a formula.

A team named ``Data team\\r=cmd|' /C calc'!A0`` used to split ``events.csv`` (a bare CR was not
quoted under LF line ends) into a row whose first cell is a formula; ``simulate --format csv`` and
``Timeline.to_csv()`` had no formula guard at all.
"""

from __future__ import annotations

import csv
import io
import os
import subprocess
import sys
from dataclasses import replace
from datetime import date, datetime
from pathlib import Path

from hypothesis import given
from hypothesis import strategies as st
from ical_support import STAMP, sample_events

from inspection_sim import WorkingCalendar
from inspection_sim.csvfile import FORMULA_STARTS, csv_records, csv_rows, formula_safe
from inspection_sim.export import to_csv, write_calendars
from inspection_sim.plan.cpm import cpm
from inspection_sim.plan.network import Network, TaskSpec
from inspection_sim.plan.timeline import Timeline
from inspection_sim.simulation.sweeps import SweepResult
from tests.conftest import ROOT

HOSTILE_TEAM = "Data team\r=cmd|' /C calc'!A0"
HOSTILE_TEXTS = (
    HOSTILE_TEAM,
    '=HYPERLINK("http://example.invalid","x")',
    "+1 room",
    "-2+3\r@SUM(A1)\n=1+1",
    "@SUM(A1)",
    "\tindented",
    "\rcarriage",
    "line\nbreak",
    'quote " and, comma',
)


def read(text: str) -> list[list[str]]:
    return list(csv.reader(io.StringIO(text, newline="")))


def is_number(cell: str) -> bool:
    try:
        float(cell)
    except ValueError:
        return False
    return True


def assert_safe(rows: list[list[str]]) -> None:
    """No text cell starts with a formula character (a negative number is a number)."""
    for row in rows:
        for cell in row:
            assert is_number(cell) or not cell.startswith(FORMULA_STARTS), (cell, row)


# --- the writer itself ---------------------------------------------------------------------------


@given(
    st.lists(
        st.lists(
            st.one_of(st.text(), st.integers(), st.floats(), st.none()), min_size=3, max_size=3
        ),
        max_size=12,
    )
)
def test_any_text_reads_back_as_the_same_rows_with_no_formula(rows: list[list[object]]) -> None:
    text = csv_rows(("a", "b", "c"), rows)  # type: ignore[arg-type]
    back = read(text)
    assert len(back) == 1 + len(rows)
    assert all(len(row) == 3 for row in back)
    for written, row in zip(rows, back[1:], strict=True):
        for value, cell in zip(written, row, strict=True):
            if isinstance(value, str):
                assert cell == formula_safe(value)  # the text itself, behind at most one quote
                assert not cell.startswith(FORMULA_STARTS)
            elif value is None:
                assert cell == ""
            else:
                assert cell == str(value)  # numbers are numbers, -1.5 included
    assert text.endswith("\r\n")


@given(st.text())
def test_a_line_break_in_a_cell_is_always_quoted(value: str) -> None:
    text = csv_rows(("x",), [[value]])
    body = text[len("x\r\n") :]
    if "\r" in value or "\n" in value:
        assert body.startswith('"')
        assert body.endswith('"\r\n')
    assert read(text)[1:] == [[formula_safe(value)]]


def test_rows_end_with_crlf_and_the_guard_adds_one_quote() -> None:
    text = csv_records(("name", "value"), [{"name": "=1+1", "value": -3}, {"name": "ok"}])
    assert text == "name,value\r\n'=1+1,-3\r\nok,\r\n"


# --- every writer of the package -----------------------------------------------------------------


def test_events_csv_keeps_one_row_per_event_whatever_the_names(tmp_path: Path) -> None:
    events = [
        replace(event, team=text, summary=text, needs=text, location=text, description=text)
        for event, text in zip(sample_events() * 2, HOSTILE_TEXTS, strict=False)
    ]
    events = [replace(event, key=f"k{n}") for n, event in enumerate(events)]
    write_calendars(events, tmp_path / "out", stamp=STAMP)
    data = (tmp_path / "out" / "events.csv").read_bytes()
    assert data.count(b"\r\n") >= len(events) + 1
    rows = read(data.decode("utf-8"))
    assert len(rows) == 1 + len(events)
    assert_safe(rows)
    teams = {row[2] for row in rows[1:]}
    assert "Data team\r=cmd|' /C calc'!A0" in teams  # intact, in one cell
    assert to_csv(events) == data


def _timeline() -> Timeline:
    tasks = [
        TaskSpec(f"t{n}", text, duration=1, team=text, needs=text, description=text)
        for n, text in enumerate(HOSTILE_TEXTS)
    ]
    return Timeline.from_schedule(
        cpm(Network.build(tasks, []), start=0),
        WorkingCalendar(start=date(2026, 1, 1), end=date(2026, 12, 31)),
        inspection="x:y",
        framework="x",
        version="1",
        notification=datetime(2026, 1, 2, 9, 0),
    )


def test_timeline_csv_keeps_one_row_per_task_whatever_the_names() -> None:
    timeline = _timeline()
    rows = read(timeline.to_csv())
    assert len(rows) == 1 + len(timeline.tasks)
    assert_safe(rows)
    names = [row[1] for row in rows[1:]]
    assert names == [formula_safe(text) for text in HOSTILE_TEXTS]


def test_sweep_csv_keeps_one_row_per_value_whatever_the_names() -> None:
    result = SweepResult(
        dates=(date(2027, 3, 1), date(2027, 3, 8)),
        metrics={f"{text}": (0.5, -0.25) for text in HOSTILE_TEXTS},
        runs=10,
        seed=1,
        engine="numpy",
    )
    rows = read(result.to_csv())
    assert len(rows) == 1 + 2 * len(HOSTILE_TEXTS)
    assert_safe(rows)
    assert {row[2] for row in rows[1:]} == {"0.5", "-0.25"}  # numbers stay numbers, unguarded


def test_simulate_csv_keeps_one_row_per_task_whatever_the_names(tmp_path: Path) -> None:
    scenario = tmp_path / "hostile.toml"
    scenario.write_text(HOSTILE_SCENARIO, "utf-8")
    done = subprocess.run(
        [sys.executable, "-m", "inspection_sim", "simulate", str(scenario), *SIMULATE_OPTIONS],
        cwd=ROOT,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
        capture_output=True,
        timeout=300,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    text = done.stdout.decode("utf-8")
    rows = read(text)
    assert all(len(row) == len(rows[0]) for row in rows)
    assert_safe(rows)
    hostile = [row for row in rows if row[0] == "hostile"]
    assert len(hostile) == 1
    assert hostile[0][1] == "'-2+3\r@SUM(A1)\n=1+1"
    assert text.count("\r\n") == len(rows)  # CRLF ends rows; the name's CR and LF are quoted


SIMULATE_OPTIONS = ("--runs", "20", "--seed", "1", "--format", "csv", "--quiet")

HOSTILE_SCENARIO = r"""
schema = 1

[council]
name = "Northbridge Borough Council"
region = "england"

[teams.data]
name = "Data team\r=cmd|' /C calc'!A0"
size = 3

[teams.coordination]
name = "Inspection coordination team"
size = 2

[teams.performance]
name = "Performance and data team"
size = 2

[teams.quality-assurance]
name = "Quality assurance team"
size = 2

[teams.social-care]
name = "Children's social care"
size = 5

[teams.leadership]
name = "Director and senior leaders"
size = 3

[inspection]
type = "ilacs:short"
notified = 2027-03-01

[[tasks.add]]
id = "hostile"
name = "-2+3\r@SUM(A1)\n=1+1"
team = "data"
duration = 1
needs = "=cmd|' /C calc'!A0"
depends = [{ on = "coordination-team", type = "FS" }]

[rehearsal]
start = 2027-06-07
"""
