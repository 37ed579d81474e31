"""Surprises from the simulation: ``rehearse --injects`` writes an exercise controller's calendar
and inject list drawn from one simpy replication. Bad input first, then the files as a user gets
them, then properties of the draw."""

from __future__ import annotations

import copy
import csv
import io
import subprocess
import tomllib
from collections.abc import Callable
from datetime import UTC, date, datetime, time
from pathlib import Path

import icalendar
import numpy as np
import pytest
import vobject
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from inspection_sim.errors import RuleFileError, SimulationError, UnknownNameError
from inspection_sim.export.events import LONDON
from inspection_sim.rehearsal import InjectSettings, rehearse
from inspection_sim.rehearsal.inject_rules import inject_rules, read_inject_rules
from inspection_sim.scenario import default_scenario, load_scenario
from inspection_sim.scenario.inputs import inject_settings
from inspection_sim.simulation.controller import ExerciseController, exercise_model, exercise_week
from inspection_sim.simulation.engine_simpy import SimpyEngine
from inspection_sim.simulation.sampling import draw
from inspection_sim.workbench import plan_scenario, rehearse_scenario
from tests.conftest import ROOT
from tests.export.ical_support import parse
from tests.libical_run import libical_report

Cli = Callable[..., subprocess.CompletedProcess[str]]
STAMP = "2027-05-01T09:00:00Z"
WHEN = datetime(2027, 5, 1, 9, 0, tzinfo=UTC)
SCENARIOS = sorted((ROOT / "scenarios").glob("*.toml"))
INJECTS_TOML = ROOT / "inspection_sim" / "rules" / "data" / "rehearsal" / "injects.toml"


def rows(path: Path) -> list[dict[str, str]]:
    data = path.read_bytes()
    assert data.startswith(b"\xef\xbb\xbf"), "injects.csv starts with a byte-order mark"
    assert b"\r\n" in data
    return list(csv.DictReader(io.StringIO(data.decode("utf-8-sig"), newline="")))


# --- bad input, at the command line and in the rule file -----------------------------------------


def test_an_unknown_level_is_one_line_naming_the_option_and_the_closest(
    cli: Cli, tmp_path: Path
) -> None:
    result = cli("rehearse", "--injects", "hardest", "--out", str(tmp_path / "out"))
    assert result.returncode == 2
    assert result.stderr.count("\n") == 1, result.stderr
    assert "--injects" in result.stderr
    assert "'hardest'" in result.stderr
    assert "valid: typical, hard" in result.stderr
    assert "did you mean 'hard'" in result.stderr
    assert not (tmp_path / "out").exists()


def test_a_negative_seed_is_one_line_naming_the_option(cli: Cli, tmp_path: Path) -> None:
    result = cli("rehearse", "--injects", "hard", "--seed", "-1", "--out", str(tmp_path / "o"))
    assert result.returncode == 2
    assert result.stderr.count("\n") == 1, result.stderr
    assert "--seed" in result.stderr
    assert "-1" in result.stderr


def test_a_seed_without_injects_is_refused(cli: Cli, tmp_path: Path) -> None:
    result = cli("rehearse", "--seed", "7", "--out", str(tmp_path / "o"))
    assert result.returncode == 2
    assert result.stderr.count("\n") == 1, result.stderr
    assert "--seed" in result.stderr
    assert "give --injects too" in result.stderr


def _rules_text() -> dict[str, object]:
    return tomllib.loads(INJECTS_TOML.read_text("utf-8"))


def test_a_bad_inject_rule_file_lists_every_problem_at_once() -> None:
    data = _rules_text()
    broken = copy.deepcopy(data)
    templates = broken["templates"]
    assert isinstance(templates, dict)
    templates["supervision-records"]["message"] = "Ask for {records} by {by}."
    templates["strategy-minutes"]["event"] = "extra-information-requests"
    templates["sick-today"]["frameworks"] = ["ilacs"]
    templates["called-away"]["frameworks"] = ["ilacs"]
    templates["board-minutes"]["source"] = ["S999"]
    with pytest.raises(RuleFileError) as raised:
        read_inject_rules(broken, "injects.toml")
    text = str(raised.value)
    assert "templates.supervision-records.message: unknown placeholder (got 'records')" in text
    assert "did you mean 'extra-information-request'" in text
    assert "give at least one template of staff-absence for every framework" in text
    assert "unknown source reference (got 'S999')" in text


def test_the_shipped_inject_rules_cite_their_sources_and_mark_their_wording() -> None:
    rules = inject_rules()
    assert set(rules.levels) == {"typical", "hard"}
    assert (rules.levels["typical"].percentile, rules.levels["hard"].percentile) == (50, 90)
    for template in rules.templates:
        assert "assumption" in template.provenance.source, template.id
        assert {"message", "response"} <= set(template.provenance.unverified), template.id


# --- the files, through the command line ---------------------------------------------------------


@pytest.fixture(scope="module")
def hard_week(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path, Path]:
    """``rehearse --injects hard --seed 7`` twice, and once with seed 8."""
    from tests.conftest import run_cli

    base = tmp_path_factory.mktemp("injects")
    folders = []
    for name, seed in (("a", "7"), ("b", "7"), ("c", "8")):
        out = base / name
        args = ("rehearse", "--injects", "hard", "--seed", seed, "--out", str(out))
        done = run_cli(*args, "--stamp", STAMP)
        assert done.returncode == 0, done.stderr
        assert "exercise-control.ics" in done.stdout
        folders.append(out)
    return folders[0], folders[1], folders[2]


@pytest.mark.slow
def test_hard_seed_7_writes_the_controller_files_reproducibly(
    hard_week: tuple[Path, Path, Path],
) -> None:
    a, b, c = hard_week
    for name in ("exercise-control.ics", "injects.csv", "all-teams.ics"):
        assert (a / name).read_bytes() == (b / name).read_bytes(), name
    assert rows(a / "injects.csv") != rows(c / "injects.csv")  # another seed, other injects


@pytest.mark.slow
def test_every_inject_falls_inside_the_days_on_site_in_working_hours(
    hard_week: tuple[Path, Path, Path],
) -> None:
    a = hard_week[0]
    on_site = {date(2027, 6, day) for day in range(14, 19)}
    found = rows(a / "injects.csv")
    assert found, "a hard week has injects"
    for row in found:
        assert date.fromisoformat(row["date"]) in on_site, row
        assert time(9) <= time.fromisoformat(row["time"]) < time(17), row
        assert row["observer_notes"] == ""
        assert all(row[key] for key in ("message", "expected_action", "played_by")), row
    calendar = parse((a / "exercise-control.ics").read_bytes())
    assert str(calendar["X-WR-CALNAME"]).startswith("Exercise control – ")
    injects = [
        e for e in calendar.walk("VEVENT") if "Inject" in [str(c) for c in e["CATEGORIES"].cats]
    ]
    assert len(injects) == len(found)
    for event in injects:
        start = event.decoded("DTSTART").astimezone(LONDON)
        assert start.date() in on_site
        description = str(event["DESCRIPTION"])
        for heading in ("Played by:", "Deliver to:", "Say:", "A good response:", "Respond by:"):
            assert heading in description, heading
    second = vobject.readOne((a / "exercise-control.ics").read_text("utf-8"))
    assert len(second.vevent_list) == len(injects) + 2  # the briefing and the debrief
    third = libical_report(a / "exercise-control.ics")
    assert third["restrictions_without_method"] == 1
    assert third["errors_without_method"] == []
    assert len(third["events"]) == len(injects) + 2


@pytest.mark.slow
def test_team_calendars_never_hold_the_injects(hard_week: tuple[Path, Path, Path]) -> None:
    a = hard_week[0]
    control = {
        str(e["UID"]) for e in parse((a / "exercise-control.ics").read_bytes()).walk("VEVENT")
    }
    for path in [a / "all-teams.ics", *a.glob("team-*.ics")]:
        calendar = icalendar.Calendar.from_ical(path.read_bytes())
        uids = {str(e["UID"]) for e in calendar.walk("VEVENT")}
        assert uids.isdisjoint(control), path.name
        assert b"Inject" not in path.read_bytes(), path.name
    events = (a / "events.csv").read_text("utf-8-sig")
    assert "inject" not in events.lower()


@pytest.mark.slow
def test_without_injects_the_controller_files_go(cli: Cli, tmp_path: Path) -> None:
    out = tmp_path / "out"
    first = cli("rehearse", "--injects", "typical", "--out", str(out), "--stamp", STAMP)
    assert first.returncode == 0, first.stderr
    again = cli("rehearse", "--out", str(out), "--stamp", STAMP)
    assert again.returncode == 0, again.stderr
    assert "exercise-control.ics: removed" in again.stdout
    assert not (out / "injects.csv").exists()


# --- the draw ------------------------------------------------------------------------------------

_DEFAULT = default_scenario()
_TIMELINE = plan_scenario(_DEFAULT, notified=_DEFAULT.inspection.notified or date(2027, 6, 7))
_MODEL = exercise_model(
    _TIMELINE,
    capacities=_DEFAULT.capacities(),
    rates=_DEFAULT.simulation.event_rates(),
    duration=_DEFAULT.simulation.duration,
    spread=_DEFAULT.simulation.spread,
)
_WINDOW = (
    float(_TIMELINE.calendar.index_of(_TIMELINE.fieldwork.start)),
    float(_TIMELINE.calendar.index_of(_TIMELINE.fieldwork.end) + 1),
)


def test_the_controller_only_watches_the_replication() -> None:
    draws = draw(_MODEL, 20, 3)
    plain = SimpyEngine().run(_MODEL, draws)
    watcher = ExerciseController()
    watched = watcher.run(_MODEL, draws)
    np.testing.assert_array_equal(plain.start, watched.start)
    np.testing.assert_array_equal(plain.finish, watched.finish)
    np.testing.assert_array_equal(plain.incident_start, watched.incident_start)
    present = int((draws.incident_team >= 0).sum())
    assert len(watcher.seen) == present
    releases = sorted(float(v) for v in draws.incident_release[draws.incident_team >= 0])
    assert sorted(at for _, at in watcher.seen) == pytest.approx(
        [max(v, float(_MODEL.origin)) for v in releases]
    )


@settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(seed=st.integers(0, 2**32))
def test_a_hard_week_is_never_lighter_than_a_typical_one(seed: int) -> None:
    weeks = {
        level: exercise_week(
            _MODEL, seed=seed, percentile=percentile, replications=200, window=_WINDOW
        )
        for level, percentile in (("typical", 50), ("hard", 90))
    }
    assert weeks["hard"].load >= weeks["typical"].load
    for week in weeks.values():
        for delivery in week.deliveries:
            assert delivery.finished >= delivery.started >= delivery.at - 1e-9


@settings(max_examples=12, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    seed=st.integers(0, 10_000),
    level=st.sampled_from(["typical", "hard"]),
    compressed=st.booleans(),
)
def test_injects_fall_inside_the_rehearsals_days_on_site(
    seed: int, level: str, compressed: bool
) -> None:
    settings_ = inject_settings(_DEFAULT, level, seed)
    mode = "compressed" if compressed else "full"
    rehearsal = rehearse(_TIMELINE, date(2027, 6, 7), mode=mode, injects=settings_)
    exercise = rehearsal.exercise
    assert exercise is not None
    again = rehearse(_TIMELINE, date(2027, 6, 7), mode=mode, injects=settings_).exercise
    assert again == exercise
    for inject in exercise.injects:
        assert inject.at.date() in rehearsal.fieldwork
        assert time(9) <= inject.at.time() <= time(16, 45)
        assert inject.respond_by >= inject.at


def test_the_seed_and_level_are_checked() -> None:
    with pytest.raises(UnknownNameError, match="did you mean 'typical'"):
        rehearse(_TIMELINE, date(2027, 6, 7), injects=InjectSettings("typicl", 1))
    with pytest.raises(SimulationError, match="--seed"):
        rehearse(_TIMELINE, date(2027, 6, 7), injects=InjectSettings("hard", -3))


@pytest.mark.parametrize("path", SCENARIOS, ids=[path.stem for path in SCENARIOS])
def test_every_shipped_scenario_gets_a_controller_calendar(path: Path, tmp_path: Path) -> None:
    scenario = load_scenario(path)
    start = scenario.rehearsal.start or date(2027, 6, 7)
    rehearsal = rehearse_scenario(scenario, start, injects="typical")
    assert rehearsal.exercise is not None
    rehearsal.write(tmp_path, stamp=WHEN)
    calendar = parse((tmp_path / "exercise-control.ics").read_bytes())
    assert len(list(calendar.walk("VEVENT"))) >= 2
    assert "X-WR-CALNAME" in calendar
    for inject in rehearsal.exercise.injects:
        assert inject.at.date() in rehearsal.fieldwork
