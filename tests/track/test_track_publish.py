"""The real week end to end against a real CalDAV server: plan, publish, a slipped Tuesday
tracked, publish again - the calendar has each event once, and the moved ones updated in place."""

from __future__ import annotations

import sys
from collections.abc import Callable, Iterator
from pathlib import Path
from subprocess import CompletedProcess

import pytest
from icalendar import Calendar
from track_support import copy_plan, make_plan, the_slipped_tuesday

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "publish"))
from publish_support import Radicale, credentials_env, read_back

Cli = Callable[..., CompletedProcess[str]]


@pytest.fixture
def server(tmp_path: Path) -> Iterator[Radicale]:
    radicale = Radicale(tmp_path / "server")
    radicale.folder.mkdir()
    radicale.start()
    try:
        yield radicale
    finally:
        radicale.stop()


def folder_events(out: Path) -> dict[str, tuple[object, int]]:
    calendar = Calendar.from_ical((out / "all-teams.ics").read_bytes())
    return {
        str(e["UID"]): (e.decoded("DTSTART"), int(e.get("SEQUENCE", 0)))
        for e in calendar.walk("VEVENT")
    }


@pytest.mark.slow
def test_track_then_publish_updates_the_moved_events_in_place(
    cli: Cli, tmp_path: Path, server: Radicale
) -> None:
    plan = copy_plan(make_plan(tmp_path / "template"), tmp_path / "plan")
    env = credentials_env(tmp_path)
    server.make_calendar("Inspection")

    def publish() -> str:
        done = cli(
            "publish", str(plan), "--caldav", server.url, "--calendar", "Inspection", env=env
        )
        assert done.returncode == 0, done.stderr
        return done.stdout.strip().splitlines()[-1]

    before = folder_events(plan)
    assert publish().endswith(f"{len(before)} created, 0 updated, 0 removed, 0 unchanged")

    the_slipped_tuesday(plan / "tracker.xlsx")
    tracked = cli(
        "track", str(plan / "tracker.xlsx"), "--today", "2027-06-08",
        "--stamp", "2027-06-08T17:00:00Z",
    )  # fmt: skip
    assert tracked.returncode == 0, tracked.stderr
    after = folder_events(plan)
    moved = {uid for uid in after if after[uid] != before[uid]}
    assert moved, "the slipped Tuesday moves some events"
    assert all(after[uid][1] == before[uid][1] + 1 for uid in moved)

    line = publish()
    assert f"{len(moved)} updated" in line
    assert " 0 created" in line
    stored = read_back(server.calendar("Inspection"))
    assert set(stored.events) == set(after)
    assert set(stored.copies.values()) == {1}  # each event once: nothing duplicated
    for uid, (start, sequence) in after.items():
        assert (stored.start(uid), stored.sequence(uid)) == (start, sequence)
