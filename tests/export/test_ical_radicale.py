"""A real CalDAV round trip: every event uploaded to Radicale on loopback and read back with caldav."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, date, datetime
from pathlib import Path

import caldav
import pytest
from ical_support import STAMP, sample_events

from inspection_sim.export import event_uid, to_ical
from tests.radicale_server import running_radicale, split_events

PLAN = "radicale"


@pytest.fixture
def radicale_url(tmp_path: Path) -> Iterator[str]:
    with running_radicale(tmp_path) as url:
        yield url


def as_utc(value: object) -> object:
    return value.astimezone(UTC) if isinstance(value, datetime) else value


@pytest.mark.slow
def test_every_event_survives_a_caldav_round_trip(radicale_url: str) -> None:
    events = sample_events()
    data = to_ical(events, calendar_name="Radicale", stamp=STAMP, plan_id=PLAN)
    client = caldav.DAVClient(url=radicale_url, username="planner", password="x", require_tls=False)
    calendar = client.principal().make_calendar(name="rehearsal")
    for one in split_events(data):
        calendar.add_event(one.decode("utf-8"))
    found = calendar.search(start=datetime(2027, 1, 1), end=datetime(2028, 1, 1), event=True)
    read = {}
    for item in found:
        component = item.icalendar_component
        read[str(component["UID"])] = (
            as_utc(component["DTSTART"].dt),
            as_utc(component["DTEND"].dt),
        )
    expected = {}
    for event in events:
        expected[event_uid(PLAN, event.key)] = (as_utc(event.start), as_utc(event.end))
    assert len(found) == len(events)
    assert read == expected
    all_day = {uid: span for uid, span in read.items() if type(span[0]) is date}
    assert len(all_day) == sum(event.all_day for event in events)


@pytest.mark.slow
def test_a_rehearsal_with_recurring_meetings_survives_caldav(radicale_url: str) -> None:
    from inspection_sim.rehearsal import rehearse
    from tests.rehearse.rehearse_support import timeline

    # Call Thu 20 May 2027: fieldwork across the 31 May bank holiday, so the daily
    # keep-in-touch meeting carries an EXDATE.
    rehearsal = rehearse(timeline(), date(2027, 5, 20), planning_meetings=3)
    data = rehearsal.to_ical(stamp=STAMP)
    client = caldav.DAVClient(url=radicale_url, username="planner", password="x", require_tls=False)
    calendar = client.principal().make_calendar(name="rehearsal")
    for one in split_events(data):
        calendar.add_event(one.decode("utf-8"))
    masters = calendar.search(start=datetime(2027, 1, 1), end=datetime(2028, 1, 1), event=True)
    assert len(masters) == len(rehearsal.events)
    expanded = calendar.search(
        start=datetime(2027, 5, 27), end=datetime(2027, 6, 4), event=True, expand=True
    )
    kit_days = sorted(
        item.icalendar_component["DTSTART"].dt.date()
        for item in expanded
        if str(item.icalendar_component["SUMMARY"]).endswith("the DCS")
    )
    assert kit_days == [date(2027, 5, d) for d in (27, 28)] + [date(2027, 6, d) for d in (1, 2, 3)]
