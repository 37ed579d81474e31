"""Previous exports, read with icalendar: SEQUENCE carried over whatever their line layout."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from ical_support import STAMP, parse, relaid, sample_events

from inspection_sim.errors import OutputError
from inspection_sim.export import to_ical
from inspection_sim.export.revisions import read_previous


def export(previous: bytes | None = None) -> bytes:
    return to_ical(sample_events(), calendar_name="Revisions", stamp=STAMP, previous=previous)


def sequences(data: bytes) -> dict[str, int]:
    return {str(event["UID"]): int(event["SEQUENCE"]) for event in parse(data).walk("VEVENT")}


def test_sequence_continues_from_a_file_with_another_line_layout() -> None:
    first = export().replace(b"SEQUENCE:0", b"SEQUENCE:4")
    other = relaid(first, 30)
    assert b"RRULE:FREQ=" not in other
    assert set(sequences(other).values()) == {4}
    assert set(sequences(export(previous=other)).values()) == {4}  # nothing changed


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"", "not an iCalendar file"),
        (b"uid,summary\n", "not an iCalendar file"),
        (b"BEGIN:VEVENT\r\nUID:a\r\nEND:VEVENT\r\n", "not an iCalendar file"),
        (
            b"BEGIN:VCALENDAR\r\nBEGIN:VEVENT\r\nUID:a\r\nSEQUENCE:two\r\nEND:VEVENT\r\n"
            b"END:VCALENDAR\r\n",
            r"team-a\.ics: the previous export has a malformed SEQUENCE \(got 'two'\)",
        ),
    ],
)
def test_bad_previous_exports_are_clean_errors(data: bytes, message: str) -> None:
    with pytest.raises(OutputError, match=message):
        read_previous(data, source="team-a.ics")


LINES = st.sampled_from(
    [
        b"BEGIN:VCALENDAR",
        b"END:VCALENDAR",
        b"BEGIN:VEVENT",
        b"END:VEVENT",
        b"BEGIN:VALARM",
        b"END:VALARM",
        b"UID:a",
        b"SEQUENCE:2",
        b"SEQUENCE:-",
        b"DTSTART;TZID=Nowhere:2027",
        b"DTSTART:x",
        b"RRULE:FREQ=;;",
        b"TRIGGER:bad",
        b"CATEGORIES:a,b\\",
        b" folded",
        b"X;=:",
        b"\xff\xfe",
    ]
)


@settings(max_examples=300, deadline=None)
@given(st.lists(LINES, max_size=12), st.sampled_from([b"\r\n", b"\n"]))
def test_any_previous_bytes_give_an_index_or_a_clean_error(parts: list[bytes], end: bytes) -> None:
    try:
        found, problem = read_previous(end.join(parts)), ""
    except OutputError as error:
        found, problem = {}, str(error)
    assert not problem or "the previous export" in problem
    assert len(found) <= parts.count(b"BEGIN:VEVENT")
    assert all(isinstance(prior.sequence, int) for prior in found.values())
