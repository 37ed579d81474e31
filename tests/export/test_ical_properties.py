"""Property: any events with any texts survive to_ical -> icalendar.Calendar.from_ical (and vobject).

The texts mix arbitrary Unicode with the characters escaping and folding must get right: backslash,
semicolon, comma, newline forms, ``\\N``, multi-byte characters that a fold must not split.
"""

from __future__ import annotations

import re
from datetime import UTC, date, datetime, timedelta

import vobject
from hypothesis import given, settings
from hypothesis import strategies as st
from ical_support import STAMP, parse

from inspection_sim.export import BusyStatus, CalendarEvent, Category, event_uid, to_ical
from inspection_sim.export.events import LONDON

texts = st.text(alphabet=st.characters(exclude_categories=("Cs",)), max_size=120) | st.text(
    alphabet="\\Nn;,:\r\n\t\x07 xé–😀", max_size=160
)
days = st.dates(min_value=date(2020, 1, 1), max_value=date(2035, 12, 31))


def normalised(text: str) -> str:
    """What a TEXT value should read back as: one newline form, no control characters but TAB."""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    return re.sub(r"[\x00-\x08\x0b-\x1f\x7f]", "", text)


@st.composite
def events(draw: st.DrawFn, key: str) -> CalendarEvent:
    first = draw(days)
    common = {
        "key": key,
        "summary": draw(texts),
        "category": draw(st.sampled_from(list(Category))),
        "team": draw(texts),
        "description": draw(texts),
        "location": draw(texts),
        "busy": draw(st.sampled_from([None, *BusyStatus])),
        "alarm_minutes": draw(st.none() | st.integers(0, 10_000)),
    }
    if draw(st.booleans()):
        last = first + timedelta(days=draw(st.integers(1, 30)))
        return CalendarEvent(start=first, end=last, **common)  # type: ignore[arg-type]
    minute = draw(st.integers(6 * 60, 20 * 60))
    start = datetime(first.year, first.month, first.day, minute // 60, minute % 60, tzinfo=LONDON)
    end = start + timedelta(minutes=draw(st.integers(0, 600)))
    return CalendarEvent(start=start, end=end, **common)  # type: ignore[arg-type]


@st.composite
def event_lists(draw: st.DrawFn) -> list[CalendarEvent]:
    count = draw(st.integers(1, 6))
    return [draw(events(f"task-{n}")) for n in range(count)]


@settings(max_examples=150, deadline=None)
@given(event_lists(), texts)
def test_round_trip_through_icalendar(generated: list[CalendarEvent], name: str) -> None:
    data = to_ical(generated, calendar_name=name, stamp=STAMP, plan_id="property")
    for line in data.split(b"\r\n"):
        assert len(line) <= 75
        line.decode("utf-8")  # a fold never splits a multi-byte character
    calendar = parse(data)
    if len(generated) > 1:
        # icalendar keeps unregistered X- properties escaped; vobject unescapes them.
        assert vobject.readOne(data.decode("utf-8")).x_wr_calname.value == normalised(name)
    read = {str(event["UID"]): event for event in calendar.walk("VEVENT")}
    assert len(read) == len(generated)
    for original in generated:
        event = read[event_uid("property", original.key)]
        assert str(event["SUMMARY"]) == normalised(original.summary)
        assert str(event.get("DESCRIPTION", "")) == normalised(original.details())
        assert str(event.get("LOCATION", "")) == normalised(original.location)
        start, end = event.decoded("DTSTART"), event.decoded("DTEND")
        if original.all_day:
            assert (start, end) == (original.start, original.end)
        else:
            assert start.astimezone(UTC) == original.start.astimezone(UTC)  # type: ignore[attr-defined]
            assert end.astimezone(UTC) == original.end.astimezone(UTC)  # type: ignore[attr-defined]
        assert str(event["X-MICROSOFT-CDO-BUSYSTATUS"]) == original.busy_status.value
