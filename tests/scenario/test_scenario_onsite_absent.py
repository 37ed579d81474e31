"""A scenario's what-if absences (``[[onsite.absent]]``): read, rehearsed (the week rebooked, the
changes marked) and simulated (random staff absence over the scenario's on-site week)."""

from __future__ import annotations

import csv
import io
import json
from dataclasses import replace
from datetime import date
from pathlib import Path

import pytest
from openpyxl import load_workbook

from inspection_sim.errors import ScenarioError
from inspection_sim.scenario import Scenario, default_scenario, load_scenario
from inspection_sim.scenario.model import OnsiteAbsence
from inspection_sim.timetable.onsite_week import (
    CHANGE_COLUMNS,
    onsite_week_dict,
    onsite_week_summary,
)
from inspection_sim.tracker.columns import TIMETABLE_SHEET
from inspection_sim.workbench import (
    MAX_ONSITE_RUNS,
    onsite_risk_scenario,
    onsite_week_scenario,
    onsite_what_if_scenario,
    rehearse_scenario,
)
from tests.conftest import ROOT
from tests.timetable.checks import violations

SCENARIOS = ROOT / "scenarios"
WHAT_IF = SCENARIOS / "what-if-two-social-workers-away.toml"
STAMP = "2027-05-01T09:00:00+00:00"


def what_if_scenario() -> Scenario:
    return load_scenario(WHAT_IF)


def test_the_shipped_what_if_is_the_good_council_with_two_workers_away() -> None:
    base = load_scenario(SCENARIOS / "good-council-ilacs-short.toml")
    variant = what_if_scenario()
    assert variant.onsite.absent == (
        OnsiteAbsence("aisha-khan", date(2027, 6, 15), None),
        OnsiteAbsence("liam-baker", date(2027, 6, 17), date(2027, 6, 17)),  # named by name
    )
    onsite = replace(variant.onsite, absent=())
    assert replace(variant, onsite=onsite, source="x") == replace(base, source="x")
    for absence in variant.onsite.absent:  # social workers whose cases are sampled
        assert variant.onsite.people[0].id != absence.person
        person = next(p for p in variant.onsite.people if p.id == absence.person)
        assert person.role == "social-worker"
        assert any(c.allocated_worker == person.id for c in variant.onsite.cases)


def test_rehearsing_the_what_if_books_the_week_then_rebooks_it() -> None:
    trial = rehearse_scenario(what_if_scenario())
    what_if = trial.what_if
    assert what_if is not None
    assert trial.timetable is what_if.after
    assert what_if.plan.days == trial.fieldwork
    booked = rehearse_scenario(default_scenario()).timetable
    assert booked is not None
    assert booked.to_rows() == what_if.plan.to_rows()  # booked as without the what-if
    assert [c.kind for c in what_if.changes] == ["swapped", "substitute", "moved"]
    assert violations(what_if.after) == []
    for booking in what_if.after.bookings:
        assert "aisha-khan" not in booking.people or booking.day < date(2027, 6, 15)
        assert "liam-baker" not in booking.people or booking.day != date(2027, 6, 17)
    assert what_if.planned.as_planned == 1.0
    assert what_if.shares.as_planned == pytest.approx(10 / 12)


def test_the_rehearsal_summary_says_what_changed_in_plain_words() -> None:
    summary = rehearse_scenario(what_if_scenario()).summary()
    assert (
        "what if Aisha Khan and Liam Baker are away: 2 sessions rebooked (moved or held with "
        "someone else), 1 held with a substitute, 0 missed; sampled cases discussed as planned "
        "12 of 12 (100%) before, 10 of 12 (83%) after:" in summary
    )
    assert "Case discussion: case C-1007 moves from Thu 17 Jun 09:00 to Fri 18 Jun" in summary
    assert "change column of timetable.csv" in summary


def test_timetable_csv_and_the_tracker_sheet_mark_each_change(tmp_path: Path) -> None:
    from datetime import datetime

    trial = rehearse_scenario(what_if_scenario())
    trial.write(tmp_path, stamp=datetime.fromisoformat(STAMP))
    text = (tmp_path / "timetable.csv").read_text("utf-8")
    rows = list(csv.DictReader(io.StringIO(text)))
    assert tuple(rows[0]) == CHANGE_COLUMNS
    changed = {row["session"]: row["change"] for row in rows if row["change"]}
    assert changed == {
        "observation:2": "swapped",
        "case-discussion:C-1001": "substitute",
        "case-discussion:C-1007": "moved",
    }
    moved = next(row for row in rows if row["session"] == "case-discussion:C-1007")
    assert moved["date"] == "2027-06-18"
    sheet = load_workbook(tmp_path / "tracker.xlsx")[TIMETABLE_SHEET]
    values = [tuple(cell.value or "" for cell in row) for row in sheet.iter_rows()]
    assert values[0][: len(CHANGE_COLUMNS)] == CHANGE_COLUMNS
    marked = {row[1]: row[CHANGE_COLUMNS.index("change")] for row in values[1:] if row[-1]}
    assert marked == changed
    diary = (tmp_path / "people" / "liam-baker.ics").read_text("utf-8")
    assert "DTSTART;TZID=Europe/London:20270618T" in diary  # his diary has the moved session
    assert "20270617T" not in diary


def test_without_absences_the_timetable_keeps_its_columns(tmp_path: Path) -> None:
    from datetime import datetime

    from inspection_sim.timetable import COLUMNS

    trial = rehearse_scenario(default_scenario())
    assert trial.what_if is None
    trial.write(tmp_path, stamp=datetime.fromisoformat(STAMP))
    header = (tmp_path / "timetable.csv").read_text("utf-8").splitlines()[0]
    assert tuple(header.split(",")) == COLUMNS


def test_the_on_site_week_is_the_rehearsals_else_the_inspections() -> None:
    scenario = what_if_scenario()
    plan, week = onsite_week_scenario(scenario)
    assert plan.days[0] == date(2027, 6, 14)
    assert "rehearsal" in week
    real = scenario.with_changes(
        rehearsal=replace(scenario.rehearsal, start=None),
        onsite=replace(scenario.onsite, absent=()),
    )
    plan, week = onsite_week_scenario(real)
    assert plan.days[0] == date(2027, 3, 8)  # the week after the call on Mon 1 Mar
    assert week == "the inspection's on-site days (called on 2027-03-01)"
    assert onsite_what_if_scenario(real).changes == ()


def test_a_scenario_without_people_has_no_on_site_week() -> None:
    bare = default_scenario().with_changes(onsite=type(default_scenario().onsite)())
    with pytest.raises(ScenarioError, match=r"add \[onsite\] people"):
        onsite_risk_scenario(bare)


def test_the_on_site_risk_uses_the_scenarios_rate_runs_and_seed() -> None:
    scenario = what_if_scenario()
    found = onsite_risk_scenario(scenario)
    assert found.risk.rate == 0.02
    assert (found.risk.runs, found.risk.seed, found.asked) == (500, 7, 500)
    assert 0 < found.risk.all_discussed < 1
    assert found.risk.as_planned.p10 <= found.risk.as_planned.mean <= found.risk.as_planned.p90
    assert found.what_if is not None
    rehearsed = rehearse_scenario(scenario).what_if
    assert rehearsed is not None
    assert found.what_if.changes == rehearsed.changes
    again = onsite_risk_scenario(scenario)  # the same seed, the same result
    assert onsite_week_dict(again) == onsite_week_dict(found)
    assert onsite_risk_scenario(scenario, runs=50, seed=1).risk.runs == 50


def test_a_rate_of_zero_changes_nothing() -> None:
    scenario = default_scenario()
    calm = scenario.with_changes(
        simulation=replace(
            scenario.simulation,
            events=tuple((k, v) for k, v in scenario.simulation.events if k != "staff-absence"),
        )
    )
    found = onsite_risk_scenario(calm, runs=20)
    assert found.risk.rate == 0
    assert found.risk.all_discussed == 1.0
    assert found.risk.disrupted == 0.0
    assert found.what_if is None


def test_the_runs_of_the_on_site_week_stop_at_their_ceiling() -> None:
    found = onsite_risk_scenario(default_scenario(), runs=MAX_ONSITE_RUNS + 1, seed=3)
    assert found.risk.runs == MAX_ONSITE_RUNS
    assert f"{MAX_ONSITE_RUNS:,} runs (of {MAX_ONSITE_RUNS + 1:,} asked)" in (
        onsite_week_summary(found)
    )


def test_the_on_site_part_in_words_and_as_data() -> None:
    found = onsite_risk_scenario(what_if_scenario())
    text = onsite_week_summary(found)
    assert text.startswith("On-site week: the rehearsal's on-site days (from 2027-06-07)")
    assert "P(every sampled case discussed): " in text
    assert "sampled cases discussed as planned: " in text
    for day in ("Mon 14 Jun", "Fri 18 Jun", "before the visit"):
        assert day in text
    assert "What if Aisha Khan and Liam Baker are away" in text
    data = json.loads(json.dumps(onsite_week_dict(found)))
    assert data["days"][0] == "2027-06-14"
    assert data["absence_risk"]["runs"] == 500
    assert [c["kind"] for c in data["what_if"]["changes"]] == ["swapped", "substitute", "moved"]
