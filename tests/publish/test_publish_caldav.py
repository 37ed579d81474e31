"""Publishing to a real Radicale on loopback, read back by a second client (caldav + icalendar).

Publish, publish again (nothing duplicated), rehearse again so that events move and one goes,
publish again (moved events carry the new time and a higher SEQUENCE, the one gone is removed),
and a publish cut off by the server's death, repaired by the next run."""

from __future__ import annotations

import subprocess
import time
from collections.abc import Callable, Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from icalendar import Calendar
from publish_support import (
    PASSWORD,
    USER,
    KillingProxy,
    Radicale,
    credentials_env,
    read_back,
)

from inspection_sim.export import CalendarEvent, write_calendars
from inspection_sim.export.events import LONDON, Category
from inspection_sim.export.folder import Previous, write_folder
from inspection_sim.export.manifest import read_manifest
from inspection_sim.publishing import Credentials, publish

Cli = Callable[..., subprocess.CompletedProcess[str]]
START = "2027-06-07"
pytestmark = pytest.mark.slow


@pytest.fixture
def server(tmp_path: Path) -> Iterator[Radicale]:
    radicale = Radicale(tmp_path / "server")
    radicale.folder.mkdir()
    radicale.start()
    try:
        yield radicale
    finally:
        radicale.stop()


@pytest.fixture
def env(tmp_path: Path) -> dict[str, str]:
    return credentials_env(tmp_path)


def rehearse(cli: Cli, out: Path, *options: str, stamp: str = "2027-05-01T09:00:00Z") -> None:
    result = cli("rehearse", "--start", START, "--out", str(out), "--stamp", stamp, *options)
    assert result.returncode == 0, result.stderr


def folder_events(out: Path, name: str = "all-teams.ics") -> dict[str, object]:
    """The folder's events by UID: (DTSTART, SEQUENCE)."""
    calendar = Calendar.from_ical((out / name).read_bytes())
    return {
        str(vevent["UID"]): (vevent.decoded("DTSTART"), int(vevent.get("SEQUENCE", 0)))
        for vevent in calendar.walk("VEVENT")
    }


def run_publish(cli: Cli, out: Path, url: str, env: dict[str, str], *options: str) -> str:
    result = cli(
        "publish", str(out), "--caldav", url, "--calendar", "Inspection", *options, env=env
    )
    assert result.returncode == 0, result.stderr
    assert result.stderr == ""
    return result.stdout.strip()


def test_publish_twice_then_changed_rehearsal_updates_in_place(
    cli: Cli, tmp_path: Path, server: Radicale, env: dict[str, str]
) -> None:
    out = tmp_path / "rehearsal"
    rehearse(cli, out, "--planning-meetings", "2")
    before = folder_events(out)
    calendar = server.make_calendar("Inspection")
    # The planner's own event in the same calendar: never touched.
    calendar.add_event(
        "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//planner//EN\r\nBEGIN:VEVENT\r\n"
        "UID:planner-own-1\r\nDTSTAMP:20270501T090000Z\r\nDTSTART;VALUE=DATE:20270610\r\n"
        "DTEND;VALUE=DATE:20270611\r\nSUMMARY:Team away day\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n"
    )

    first = run_publish(cli, out, server.url, env)
    assert first.endswith(f": {len(before)} created, 0 updated, 0 removed, 0 unchanged")
    second = run_publish(cli, out, server.url, env)
    assert second.endswith(": 0 created, 0 updated, 0 removed, " + f"{len(before)} unchanged")
    stored = read_back(server.calendar("Inspection"))
    assert set(stored.events) == {*before, "planner-own-1"}
    assert set(stored.copies.values()) == {1}  # each event once
    for uid, (start, sequence) in before.items():
        assert (stored.start(uid), stored.sequence(uid)) == (start, sequence)

    # The daily keep-in-touch meetings move to 08:30 and the planning meetings are dropped.
    rehearse(cli, out, "--kit-time", "08:30", stamp="2027-05-02T09:00:00Z")
    after = folder_events(out)
    moved = {uid for uid in after if uid in before and after[uid][0] != before[uid][0]}
    gone = set(before) - set(after)
    assert moved
    assert len(gone) == 1
    third = run_publish(cli, out, server.url, env)
    assert third.endswith(
        f": 0 created, {len(moved)} updated, 1 removed, {len(after) - len(moved)} unchanged"
    )

    stored = read_back(server.calendar("Inspection"))
    assert set(stored.events) == {*after, "planner-own-1"}
    assert set(stored.copies.values()) == {1}
    for uid in moved:
        assert stored.start(uid) == after[uid][0]
        assert stored.start(uid) != before[uid][0]
        assert stored.sequence(uid) > before[uid][1]
    for uid in set(after) - moved:
        assert (stored.start(uid), stored.sequence(uid)) == before[uid]
    assert str(stored.events["planner-own-1"]["SUMMARY"]) == "Team away day"
    fourth = run_publish(cli, out, server.url, env)
    assert fourth.endswith(": 0 created, 0 updated, 0 removed, " + f"{len(after)} unchanged")


def test_cancelled_events_are_removed_and_newer_ones_kept(
    cli: Cli, tmp_path: Path, server: Radicale, env: dict[str, str]
) -> None:
    out = tmp_path / "rehearsal"
    rehearse(cli, out)
    server.make_calendar("Inspection")
    run_publish(cli, out, server.url, env)
    events = folder_events(out)
    cancelled, edited = sorted(events)[:2]

    # What a later `track` run writes: the same UID, STATUS:CANCELLED and SEQUENCE + 1.
    def build(previous: Previous) -> dict[str, bytes]:
        files = {name: previous(name) or b"" for name in read_manifest(out) or {}}
        calendar = Calendar.from_ical(files["all-teams.ics"])
        for vevent in calendar.walk("VEVENT"):
            if str(vevent["UID"]) == cancelled:
                vevent["SEQUENCE"] = int(vevent.get("SEQUENCE", 0)) + 1
                vevent.add("STATUS", "CANCELLED")
        files["all-teams.ics"] = calendar.to_ical(sorted=False)
        return files

    write_folder(out, build)
    # Someone changes another event in their calendar program and raises its SEQUENCE.
    remote = next(
        item
        for item in server.calendar("Inspection").search(event=True)
        if str(item.icalendar_component["UID"]) == edited
    )
    remote.icalendar_component["SUMMARY"] = "Moved by the coordinator"
    remote.icalendar_component["SEQUENCE"] = events[edited][1] + 5  # type: ignore[operator]
    remote.save(increase_seqno=False)

    result = run_publish(cli, out, server.url, env)
    assert ": 0 created, 0 updated, 1 removed, " in result
    assert (
        "1 event kept as the calendar has them (a newer version, with a higher SEQUENCE)" in result
    )
    stored = read_back(server.calendar("Inspection"))
    assert cancelled not in stored.events
    assert str(stored.events[edited]["SUMMARY"]) == "Moved by the coordinator"
    assert len(stored.events) == len(events) - 1
    again = run_publish(cli, out, server.url, env)
    assert ": 0 created, 0 updated, 0 removed, " in again


def test_an_interrupted_publish_is_repaired_by_the_next(
    cli: Cli, tmp_path: Path, server: Radicale, env: dict[str, str]
) -> None:
    out = tmp_path / "rehearsal"
    rehearse(cli, out)
    events = folder_events(out)
    server.make_calendar("Inspection")
    with KillingProxy(server, after=10) as proxy:
        args = ["publish", str(out), "--caldav", proxy.url, "--calendar", "Inspection"]
        result = cli(*args, env=env)
    assert result.returncode == 2, result.stderr
    assert "Traceback" not in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1
    assert "9 of " in result.stderr
    assert "publish again to finish" in result.stderr
    assert server.process is None  # it was killed at the 10th upload

    server.start()  # the same storage on a new port
    partial = read_back(server.calendar("Inspection"))
    assert len(partial.events) == 9
    repaired = run_publish(cli, out, server.url, env)
    assert repaired.endswith(f": {len(events) - 9} created, 0 updated, 0 removed, 9 unchanged")
    stored = read_back(server.calendar("Inspection"))
    assert set(stored.events) == set(events)
    assert set(stored.copies.values()) == {1}
    again = run_publish(cli, out, server.url, env)
    assert again.endswith(f": 0 created, 0 updated, 0 removed, {len(events)} unchanged")


def test_a_team_calendar_of_its_own(
    cli: Cli, tmp_path: Path, server: Radicale, env: dict[str, str]
) -> None:
    out = tmp_path / "rehearsal"
    rehearse(cli, out)
    team_file = "team-inspection-coordination-team.ics"
    expected = folder_events(out, team_file)
    server.make_calendar("Inspection")
    args = ["--team", "Inspection coordination team"]
    result = run_publish(cli, out, server.url, env, *args)
    assert result.startswith(f"{team_file} -> 'Inspection' at ")
    stored = read_back(server.calendar("Inspection"))
    assert set(stored.events) == set(expected)
    marks = {str(event["X-INSPECTION-SIM-SOURCE"]) for event in stored.events.values()}
    assert marks == {team_file}


def test_a_calendar_created_on_request_and_found_by_its_address(
    cli: Cli, tmp_path: Path, server: Radicale, env: dict[str, str]
) -> None:
    out = tmp_path / "rehearsal"
    rehearse(cli, out)
    result = cli(
        "publish", str(out), "--caldav", server.url, "--calendar", "Inspection", "--create", env=env
    )
    assert result.returncode == 0, result.stderr
    address = str(server.calendar("Inspection").url)
    again = cli("publish", str(out), "--caldav", address, env=env)
    assert again.returncode == 0, again.stderr
    assert ": 0 created, 0 updated, 0 removed, " in again.stdout


def test_a_hundred_events_timed(
    tmp_path: Path, server: Radicale, capsys: pytest.CaptureFixture[str]
) -> None:
    first = datetime(2027, 6, 7, 9, 0, tzinfo=LONDON)
    events = [
        CalendarEvent(
            key=f"task-{n:03d}",
            summary=f"Task {n}",
            start=first + timedelta(days=n // 5, hours=n % 5),
            end=first + timedelta(days=n // 5, hours=n % 5, minutes=45),
            category=Category.PREPARATION,
            team=f"Team {n % 4}",
        )
        for n in range(100)
    ]
    out = tmp_path / "hundred"
    write_calendars(events, out, stamp=datetime(2027, 5, 1, 9, tzinfo=UTC))
    server.make_calendar("Inspection")
    login = Credentials(USER, PASSWORD)
    began = time.perf_counter()
    created = publish(out, server.url, calendar="Inspection", credentials=login)
    middle = time.perf_counter()
    unchanged = publish(out, server.url, calendar="Inspection", credentials=login)
    ended = time.perf_counter()
    assert (created.created, created.updated, created.removed) == (100, 0, 0)
    assert (unchanged.created, unchanged.unchanged) == (0, 100)
    assert len(read_back(server.calendar("Inspection")).events) == 100
    with capsys.disabled():
        print(
            f"\npublish of 100 events to Radicale: {middle - began:.2f} s to create, "
            f"{ended - middle:.2f} s to find nothing changed"
        )
