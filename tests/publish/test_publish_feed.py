"""The subscription feed: written by `publish --feed` into the owned folder, renewed by `rehearse`,
read by icalendar and vobject."""

from __future__ import annotations

import json
import subprocess
from collections.abc import Callable
from datetime import timedelta
from pathlib import Path

import pytest
import vobject
from icalendar import Calendar

from inspection_sim.errors import ArgumentTypeError
from inspection_sim.export.feed import (
    DEFAULT_REFRESH,
    feed_bytes,
    feed_refresh,
    is_feed,
    renewed_feed,
)
from inspection_sim.publishing import write_feed

Cli = Callable[..., subprocess.CompletedProcess[str]]
START = "2027-06-07"


def rehearse(cli: Cli, out: Path, *options: str) -> str:
    result = cli("rehearse", "--start", START, "--out", str(out), *options)
    assert result.returncode == 0, result.stderr
    return result.stdout


def events_of(data: bytes) -> dict[str, tuple[object, int]]:
    calendar = Calendar.from_ical(data)
    return {
        str(vevent["UID"]): (vevent.decoded("DTSTART"), int(vevent.get("SEQUENCE", 0)))
        for vevent in calendar.walk("VEVENT")
    }


def test_publish_feed_writes_one_subscribable_calendar(cli: Cli, tmp_path: Path) -> None:
    out = tmp_path / "rehearsal"
    rehearse(cli, out, "--stamp", "2027-05-01T09:00:00Z")
    result = cli("publish", str(out), "--feed")
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith(f"{out}: feed.ics new")
    assert "Subscribe from web" in result.stdout
    data = (out / "feed.ics").read_bytes()
    combined = (out / "all-teams.ics").read_bytes()

    calendar = Calendar.from_ical(data)
    assert calendar.name == "VCALENDAR"
    assert calendar.errors == []
    assert calendar.decoded("REFRESH-INTERVAL") == timedelta(hours=1)
    assert str(calendar["X-PUBLISHED-TTL"]) == "PT1H"
    assert str(calendar["PRODID"]) == "-//inspection_sim//Subscription feed//EN"
    assert str(calendar["METHOD"]) == "PUBLISH"
    original = Calendar.from_ical(combined)
    assert str(calendar["X-WR-CALNAME"]) == str(original["X-WR-CALNAME"])
    assert events_of(data) == events_of(combined)
    assert len(calendar.walk("VTIMEZONE")) == 1

    parsed = list(vobject.readComponents(data.decode("utf-8")))
    assert len(parsed) == 1  # one calendar in the file
    assert len(parsed[0].vevent_list) == len(events_of(combined))
    assert parsed[0].contents["x-published-ttl"][0].value == "PT1H"

    manifest = json.loads((out / ".inspection-sim.json").read_text(encoding="utf-8"))
    assert "feed.ics" in manifest["files"]
    again = cli("publish", str(out), "--feed")
    assert again.stdout.startswith(f"{out}: feed.ics unchanged")
    assert (out / "feed.ics").read_bytes() == data


def test_rehearse_renews_the_feed_with_its_interval(cli: Cli, tmp_path: Path) -> None:
    out = tmp_path / "rehearsal"
    rehearse(cli, out, "--stamp", "2027-05-01T09:00:00Z")
    assert not (out / "feed.ics").exists()  # only on request
    made = cli("publish", str(out), "--feed", "--feed-refresh", "240")
    assert made.returncode == 0, made.stderr
    before = events_of((out / "feed.ics").read_bytes())

    stdout = rehearse(cli, out, "--kit-time", "08:30", "--stamp", "2027-05-02T09:00:00Z")
    assert "  feed.ics: " in stdout
    assert "feed.ics" in stdout.split("events.csv")[1]  # listed after the CSV
    assert ", updated" in stdout.split("feed.ics: ")[1].splitlines()[0]
    data = (out / "feed.ics").read_bytes()
    after = events_of(data)
    assert after == events_of((out / "all-teams.ics").read_bytes())
    moved = {uid for uid in after if after[uid][0] != before[uid][0]}
    assert moved
    assert all(after[uid][1] == before[uid][1] + 1 for uid in moved)
    assert feed_refresh(data) == timedelta(hours=4)
    assert Calendar.from_ical(data).decoded("REFRESH-INTERVAL") == timedelta(hours=4)


def test_a_feed_inspection_sim_did_not_write_is_left_alone(cli: Cli, tmp_path: Path) -> None:
    out = tmp_path / "rehearsal"
    rehearse(cli, out, "--stamp", "2027-05-01T09:00:00Z")
    own = b"BEGIN:VCALENDAR\r\nPRODID:-//someone else//EN\r\nEND:VCALENDAR\r\n"
    (out / "feed.ics").write_bytes(own)
    rehearse(cli, out, "--kit-time", "08:30", "--stamp", "2027-05-02T09:00:00Z")
    assert (out / "feed.ics").read_bytes() == own
    refused = cli("publish", str(out), "--feed")
    assert refused.returncode == 2
    assert "feed.ics" in refused.stderr
    assert "--force" in refused.stderr
    assert (out / "feed.ics").read_bytes() == own


def test_write_feed_checks_its_interval_before_writing(tmp_path: Path) -> None:
    from inspection_sim.export import resolve_stamp
    from inspection_sim.scenario import default_scenario
    from inspection_sim.workbench import rehearse_scenario

    out = tmp_path / "rehearsal"
    rehearse_scenario(default_scenario()).write(out, stamp=resolve_stamp("2027-05-01T09:00:00Z"))
    with pytest.raises(ArgumentTypeError, match="from 15 to 1440 minutes"):
        write_feed(out, refresh=timedelta(minutes=5))
    assert not (out / "feed.ics").exists()
    update = write_feed(out, refresh=timedelta(minutes=90))
    assert update.change_of("feed.ics") == "new"
    data = (out / "feed.ics").read_bytes()
    assert b"\r\nREFRESH-INTERVAL;VALUE=DURATION:PT1H30M\r\nX-PUBLISHED-TTL:PT1H30M\r\n" in data


COMBINED = (
    b"BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//inspection_sim//Rehearsal calendars//EN\r\n"
    b"CALSCALE:GREGORIAN\r\nMETHOD:PUBLISH\r\nX-WR-CALNAME:Plan\r\n"
    b"BEGIN:VEVENT\r\nUID:a\r\nDTSTAMP:20270501T090000Z\r\nSEQUENCE:0\r\n"
    b"DTSTART;VALUE=DATE:20270607\r\nDTEND;VALUE=DATE:20270608\r\nSUMMARY:Kept\r\nEND:VEVENT\r\n"
    b"BEGIN:VEVENT\r\nUID:b\r\nDTSTAMP:20270501T090000Z\r\nSEQUENCE:1\r\nSTATUS:CANCELLED\r\n"
    b"DTSTART;VALUE=DATE:20270608\r\nDTEND;VALUE=DATE:20270609\r\nSUMMARY:Gone\r\nEND:VEVENT\r\n"
    b"END:VCALENDAR\r\n"
)


def test_cancelled_events_are_left_out_of_the_feed() -> None:
    feed = feed_bytes(COMBINED)
    assert list(events_of(feed)) == ["a"]
    assert feed == feed_bytes(COMBINED)  # deterministic
    assert is_feed(feed)
    assert not is_feed(COMBINED)
    assert renewed_feed(None, COMBINED) is None
    assert renewed_feed(COMBINED, COMBINED) is None  # not a feed: nothing to renew
    assert renewed_feed(feed, COMBINED) == feed


@pytest.mark.parametrize(
    "line",
    [b"", b"REFRESH-INTERVAL;VALUE=DURATION:P1W\r\n", b"REFRESH-INTERVAL;VALUE=DURATION:PT1M\r\n"],
)
def test_a_feed_with_an_odd_interval_is_renewed_with_the_default(line: bytes) -> None:
    feed = feed_bytes(COMBINED).replace(b"REFRESH-INTERVAL;VALUE=DURATION:PT1H\r\n", line)
    assert feed_refresh(feed) == DEFAULT_REFRESH
