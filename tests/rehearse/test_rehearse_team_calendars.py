"""Calendars each team can live by, for every shipped scenario: the framework dates in every team
file, plain words, and busy only on working days. Read back with icalendar and
recurring-ical-events; one team file goes through Radicale, another through libical."""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import icalendar
import pytest
import recurring_ical_events
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from inspection_sim.calendar import WorkingCalendar
from inspection_sim.errors import ScenarioError
from inspection_sim.export import event_uid
from inspection_sim.export.events import LONDON
from inspection_sim.export.ical import REFERENCE
from inspection_sim.rehearsal import Rehearsal, rehearse
from inspection_sim.rules.model import InspectionType
from inspection_sim.scenario import Scenario, default_scenario, load_scenario, local_rules
from inspection_sim.workbench import plan_scenario, rehearse_scenario
from tests.conftest import ROOT
from tests.export.ical_support import parse
from tests.libical_run import libical_report
from tests.radicale_server import running_radicale, split_events

STAMP = datetime(2027, 5, 1, 9, 0, tzinfo=UTC)
SCENARIOS = sorted((ROOT / "scenarios").glob("*.toml"))
FALLBACK_START = date(2027, 6, 7)

#: Codes a planner should never read: rule sources, the rules reference's sections, confidence.
CODES = re.compile(r"\bS\d{1,2}\b|seed:\d|RULES \d|UNVERIFIED|\((?:H|M|L)[,)]|Source:")


def rehearsed(path: Path) -> tuple[Scenario, Rehearsal]:
    scenario = load_scenario(path)
    try:
        return scenario, rehearse_scenario(scenario)
    except ScenarioError:
        return scenario, rehearse_scenario(scenario, FALLBACK_START)


@pytest.fixture(scope="module", params=SCENARIOS, ids=[path.stem for path in SCENARIOS])
def written(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> tuple[Scenario, Rehearsal, Path]:
    scenario, rehearsal = rehearsed(request.param)
    out = tmp_path_factory.mktemp(request.param.stem)
    rehearsal.write(out, stamp=STAMP)
    return scenario, rehearsal, out


@pytest.fixture
def radicale_url(tmp_path: Path) -> Iterator[str]:
    with running_radicale(tmp_path) as url:
        yield url


def vevents(path: Path) -> list[icalendar.Event]:
    return list(parse(path.read_bytes()).walk("VEVENT"))


def test_every_team_file_is_a_named_calendar_of_at_least_two_events(
    written: tuple[Scenario, Rehearsal, Path],
) -> None:
    _, _, out = written
    team_files = sorted(out.glob("team-*.ics"))
    assert team_files
    for path in team_files:
        calendar = parse(path.read_bytes())
        assert str(calendar["X-WR-CALNAME"]).startswith("Inspection rehearsal – "), path.name
        assert len(list(calendar.walk("VEVENT"))) >= 2, path.name


def test_every_team_file_holds_the_call_the_days_on_site_and_its_own_deadlines(
    written: tuple[Scenario, Rehearsal, Path],
) -> None:
    scenario, rehearsal, out = written
    rules = local_rules(scenario)
    kept = {event.key for event in rehearsal.events}
    due_by = _due_by(rules)
    owners = {event.key: event.team for event in rehearsal.events}
    for path in sorted(out.glob("team-*.ics")):
        events = vevents(path)
        uids = {str(event["UID"]) for event in events}
        team = str(parse(path.read_bytes())["X-WR-CALNAME"]).rpartition(" – ")[2]
        for key in ("notification", "fieldwork"):
            assert event_uid(rehearsal.plan_id, key) in uids, (path.name, key)
        for ret in rules.returns:
            if ret.id in kept:
                assert event_uid(rehearsal.plan_id, ret.id) in uids, (path.name, ret.id)
        own = [key for key, owner in owners.items() if owner == team]
        for key in own:
            item = due_by.get(key)
            if item in kept:
                assert event_uid(rehearsal.plan_id, item) in uids, (path.name, key, item)


def _due_by(rules: InspectionType) -> dict[str, str]:
    anchors = {"onsite": "fieldwork", "fieldwork-end": "fieldwork"}
    return {
        task.id: anchors.get(task.due.after, task.due.after)
        for task in rules.tasks
        if task.due is not None
    }


def test_no_title_or_description_holds_ids_source_codes_or_unverified(
    written: tuple[Scenario, Rehearsal, Path],
) -> None:
    scenario, _, out = written
    rules = local_rules(scenario)
    names = " ".join(item.name for item in _items(rules)).lower()
    ids = [item.id for item in _items(rules) if "-" in item.id and item.id not in names]
    for event in vevents(out / "all-teams.ics"):
        text = f"{event['SUMMARY']}\n{event.get('DESCRIPTION', '')}"
        assert not CODES.search(text), text
        assert rules.key not in text, text
        for found in ids:
            assert not re.search(rf"\b{re.escape(found)}\b", text), (found, text)
        if "Rehearsal" not in [str(c) for c in event["CATEGORIES"].cats]:  # not the banner
            assert REFERENCE in event, event["SUMMARY"]  # the ids and sources went here


def _items(rules: InspectionType) -> list[InspectionType | object]:
    return [*rules.phases, *rules.returns, *rules.meetings, *rules.post, *rules.tasks]


def busy_days_off(rehearsal: Rehearsal, data: bytes, days: WorkingCalendar) -> list[str]:
    """Busy occurrences that touch a day the council does not work, and work shown across more
    than one day."""
    found = []
    expanded = recurring_ical_events.of(icalendar.Calendar.from_ical(data)).between(
        rehearsal.start - timedelta(days=1), rehearsal.end + timedelta(days=2)
    )
    for event in expanded:
        start, end = event.decoded("DTSTART"), event.decoded("DTEND")
        summary = str(event["SUMMARY"])
        if isinstance(start, datetime):
            covered = [start.astimezone(LONDON).date()]
        else:
            covered = [start + timedelta(days=n) for n in range((end - start).days)]
            if len(covered) > 1 and "Rehearsal" not in [str(c) for c in event["CATEGORIES"].cats]:
                found.append(f"{summary}: shown across {covered[0]}..{covered[-1]}")
        busy = str(event["X-MICROSOFT-CDO-BUSYSTATUS"]) != "FREE"
        assert (str(event["TRANSP"]) == "OPAQUE") == busy
        found.extend(
            f"{summary}: busy on {day}" for day in covered if busy and not days.is_working_day(day)
        )
    return found


def test_no_busy_event_covers_a_non_working_day(
    written: tuple[Scenario, Rehearsal, Path],
) -> None:
    scenario, rehearsal, out = written
    for path in [out / "all-teams.ics", *sorted(out.glob("team-*.ics"))]:
        assert busy_days_off(rehearsal, path.read_bytes(), scenario.council_calendar()) == []


def test_fieldwork_across_easter_is_shown_on_its_working_days_only() -> None:
    # Youth justice single inspection: on site Mon 22 to Tue 30 March 2027, across Good Friday
    # (26 March) and Easter Monday (29 March).
    _, rehearsal = rehearsed(ROOT / "scenarios" / "youth-justice-single.toml")
    fieldwork = next(event for event in rehearsal.events if event.key == "fieldwork")
    assert fieldwork.recurrence is not None
    assert fieldwork.recurrence.dates(fieldwork.start) == list(rehearsal.fieldwork)
    assert date(2027, 3, 26) not in rehearsal.fieldwork
    assert set(fieldwork.recurrence.exdates) == {date(2027, 3, 26), date(2027, 3, 29)}


# A council with closures of random length at random places: whatever the rehearsal's start, no
# busy event covers a day off, and nothing is shown across one.
_DEFAULT = default_scenario()
_TIMELINE = plan_scenario(
    _DEFAULT, notified=_DEFAULT.inspection.notified or _DEFAULT.rehearsal.start or FALLBACK_START
)
_RULES = local_rules(_DEFAULT)


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    start=st.dates(date(2026, 1, 5), date(2030, 6, 28)),
    closure_after=st.integers(-5, 40),
    closure_days=st.integers(0, 12),
)
def test_busy_only_on_working_days_whatever_the_start_and_closures(
    start: date, closure_after: int, closure_days: int
) -> None:
    """A closure of up to 12 days somewhere from just before the call to the days on site."""
    first = start + timedelta(days=closure_after)
    closed = [first + timedelta(days=n) for n in range(closure_days)]
    days = _DEFAULT.council_calendar().derive(closures=closed)
    start = days.roll_forward(start)
    rehearsal = rehearse(_TIMELINE, start, calendar=days, rules=_RULES)
    assert busy_days_off(rehearsal, rehearsal.to_ical(stamp=STAMP), days) == []


@pytest.mark.slow
def test_a_team_file_survives_radicale(tmp_path: Path, radicale_url: str) -> None:
    import caldav

    rehearsal = rehearse_scenario(_DEFAULT)
    rehearsal.write(tmp_path / "out", stamp=STAMP)
    path = max((tmp_path / "out").glob("team-*.ics"), key=lambda p: len(vevents(p)))
    client = caldav.DAVClient(url=radicale_url, username="planner", password="x", require_tls=False)
    calendar = client.principal().make_calendar(name="team")
    for one in split_events(path.read_bytes()):
        calendar.add_event(one.decode("utf-8"))
    first, last = rehearsal.fieldwork[0], rehearsal.fieldwork[-1]
    expanded = calendar.search(
        start=datetime.combine(first, datetime.min.time()),
        end=datetime.combine(last + timedelta(days=1), datetime.min.time()),
        event=True,
        expand=True,
    )
    on_site = sorted(
        item.icalendar_component["DTSTART"].dt
        for item in expanded
        if "Fieldwork:" in str(item.icalendar_component["SUMMARY"])
    )
    assert on_site == list(rehearsal.fieldwork)
    assert len(calendar.search(event=True)) == len(vevents(path))


def test_a_team_file_passes_libical(written: tuple[Scenario, Rehearsal, Path]) -> None:
    path = sorted(written[2].glob("team-*.ics"))[0]
    report = libical_report(path)
    assert report["restrictions_without_method"] == 1
    assert report["errors_without_method"] == []
    assert len(report["events"]) == len(vevents(path))
