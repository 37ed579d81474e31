"""Properties of the reconciliation, against a calendar kept in memory behind the Publisher protocol.

Whatever the calendar holds before (older, newer, foreign, duplicated or another file's events):
one run makes it hold the folder's events, a second run changes nothing, a higher SEQUENCE is never
overwritten, and only events published from the same file are ever removed for being absent."""

from __future__ import annotations

import itertools
from dataclasses import dataclass, field

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from inspection_sim.publishing import LocalEvent, Publisher, PublishError, RemoteEvent, publish
from inspection_sim.publishing.resources import local_events, read_remote
from inspection_sim.publishing.sync import apply_changes, plan_changes

SOURCE = "all-teams.ics"
UIDS = [f"uid-{n}" for n in range(6)]


@dataclass
class MemoryCalendar:
    """A calendar in memory: resources by handle; it can fail after a number of changes."""

    stored: dict[int, RemoteEvent] = field(default_factory=dict)
    fail_after: int | None = None
    changes: int = 0
    _handles: itertools.count[int] = field(default_factory=itertools.count)

    @property
    def description(self) -> str:
        return "memory"

    def existing(self) -> list[RemoteEvent]:
        return list(self.stored.values())

    def put(self, uid: str, sequence: int, fingerprint: str, source: str | None) -> None:
        handle = next(self._handles)
        self.stored[handle] = RemoteEvent(uid, sequence, fingerprint, source, handle)

    def _count(self) -> None:
        if self.fail_after is not None and self.changes >= self.fail_after:
            raise PublishError("the memory calendar went away")
        self.changes += 1

    def create(self, event: LocalEvent) -> None:
        self._count()
        self.put(event.uid, event.sequence, event.fingerprint, event.source)

    def update(self, remote: RemoteEvent, event: LocalEvent) -> None:
        self._count()
        del self.stored[remote.handle]  # type: ignore[arg-type]
        self.put(event.uid, event.sequence, event.fingerprint, event.source)

    def remove(self, remote: RemoteEvent) -> None:
        self._count()
        del self.stored[remote.handle]  # type: ignore[arg-type]

    def by_uid(self) -> dict[str, list[RemoteEvent]]:
        found: dict[str, list[RemoteEvent]] = {}
        for item in self.stored.values():
            found.setdefault(item.uid, []).append(item)
        return found


def local(uid: str, sequence: int, content: str, cancelled: bool = False) -> LocalEvent:
    return LocalEvent(uid, sequence, cancelled, content, b"", SOURCE)


local_sets = st.dictionaries(
    st.sampled_from(UIDS),
    st.tuples(st.integers(0, 3), st.sampled_from("abc"), st.booleans()),
    max_size=6,
).map(lambda found: [local(uid, *values) for uid, values in sorted(found.items())])

remote_items = st.lists(
    st.tuples(
        st.sampled_from([*UIDS, "planner-own"]),
        st.integers(0, 4),
        st.sampled_from("abc"),
        st.sampled_from([SOURCE, "team-it.ics", None]),
    ),
    max_size=10,
)


def calendar_of(items: list[tuple[str, int, str, str | None]]) -> MemoryCalendar:
    calendar = MemoryCalendar()
    for item in items:
        calendar.put(*item)
    return calendar


def run(events: list[LocalEvent], calendar: Publisher) -> None:
    changes = plan_changes(events, calendar.existing(), source=SOURCE, replace=True)
    apply_changes(changes, calendar, source=SOURCE)


@settings(max_examples=300, deadline=None)
@given(events=local_sets, before=remote_items)
def test_one_run_brings_the_calendar_in_step_and_a_second_changes_nothing(
    events: list[LocalEvent], before: list[tuple[str, int, str, str | None]]
) -> None:
    calendar = calendar_of(before)
    highest = {}
    for uid, sequence, _, _ in before:
        highest[uid] = max(sequence, highest.get(uid, -1))
    untouched = {
        handle: item
        for handle, item in calendar.stored.items()
        if item.source != SOURCE and item.uid not in {event.uid for event in events}
    }
    run(events, calendar)
    held = calendar.by_uid()
    for event in events:
        copies = held.get(event.uid, [])
        if highest.get(event.uid, -1) > event.sequence:
            # a newer version on the calendar is never overwritten (nor removed)
            assert max(item.sequence for item in copies) == highest[event.uid]
        elif event.cancelled:
            assert copies == []
        else:
            assert [(item.sequence, item.fingerprint) for item in copies] == [
                (event.sequence, event.fingerprint)
            ]
    # events of other files, and the planner's own, that the folder does not name: all kept
    for handle, item in untouched.items():
        assert calendar.stored[handle] == item
    # nothing published from this file outlives its absence from the folder
    names = {event.uid for event in events}
    assert all(item.uid in names for item in calendar.stored.values() if item.source == SOURCE)
    second = plan_changes(events, calendar.existing(), source=SOURCE, replace=True)
    assert len(second) == 0


@settings(max_examples=200, deadline=None)
@given(events=local_sets, before=remote_items, stop=st.integers(0, 8))
def test_a_run_cut_off_at_any_change_is_finished_by_the_next(
    events: list[LocalEvent], before: list[tuple[str, int, str, str | None]], stop: int
) -> None:
    whole = calendar_of(before)
    run(events, whole)
    cut = calendar_of(before)
    cut.fail_after = stop
    message = ""
    try:
        run(events, cut)
    except PublishError as error:
        message = str(error)
    if message and stop:
        assert f"went away; {stop} of " in message
        assert message.endswith("publish again to finish")
    cut.fail_after = None
    run(events, cut)

    def contents(calendar: MemoryCalendar) -> list[tuple[str, int, str, str]]:
        found = calendar.stored.values()
        return sorted((i.uid, i.sequence, i.fingerprint, i.source or "") for i in found)

    assert contents(cut) == contents(whole)


def test_another_plan_is_refused_unless_replaced() -> None:
    calendar = calendar_of([("old-1", 0, "a", SOURCE), ("old-2", 0, "a", SOURCE)])
    events = [local("new-1", 0, "a")]
    with pytest.raises(
        PublishError, match=r"2 events published from all-teams\.ics of another plan"
    ):
        plan_changes(events, calendar.existing(), source=SOURCE)
    changes = plan_changes(events, calendar.existing(), source=SOURCE, replace=True)
    assert [item.uid for item in changes.remove] == ["old-1", "old-2"]
    # one event in common: the same plan, whose other events are gone
    calendar.put("new-1", 0, "a", SOURCE)
    kept = plan_changes(events, calendar.existing(), source=SOURCE)
    assert [item.uid for item in kept.remove] == ["old-1", "old-2"]


def test_a_second_copy_of_one_uid_published_by_us_is_removed() -> None:
    calendar = calendar_of([("uid-1", 0, "a", SOURCE), ("uid-1", 0, "a", SOURCE)])
    run([local("uid-1", 0, "a")], calendar)
    assert len(calendar.by_uid()["uid-1"]) == 1


def test_publish_takes_any_publisher(tmp_path: object) -> None:
    from tests.conftest import run_cli

    out = f"{tmp_path}/rehearsal"
    made = run_cli(
        "rehearse", "--start", "2027-06-07", "--out", out, "--stamp", "2027-05-01T09:00Z"
    )
    assert made.returncode == 0, made.stderr
    calendar = MemoryCalendar()
    assert isinstance(calendar, Publisher)
    result = publish(out, publisher=calendar)
    assert result.created == len(calendar.stored) > 20
    assert publish(out, publisher=calendar).summary().startswith("0 created, 0 updated, 0 removed")
    with pytest.raises(PublishError, match="one of them"):
        publish(out, "https://dav.example.org/", publisher=calendar)


# --- resources -------------------------------------------------------------------------------

SAMPLE = (
    b"BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//inspection_sim//Rehearsal calendars//EN\r\n"
    b"CALSCALE:GREGORIAN\r\nMETHOD:PUBLISH\r\nX-WR-CALNAME:Plan\r\n"
    b"BEGIN:VTIMEZONE\r\nTZID:Europe/London\r\nBEGIN:STANDARD\r\nDTSTART:19701025T020000\r\n"
    b"TZOFFSETFROM:+0100\r\nTZOFFSETTO:+0000\r\nEND:STANDARD\r\nEND:VTIMEZONE\r\n"
    b"BEGIN:VEVENT\r\nUID:a\r\nDTSTAMP:20270501T090000Z\r\nSEQUENCE:2\r\n"
    b"DTSTART;TZID=Europe/London:20270607T093000\r\nDTEND;TZID=Europe/London:20270607T100000\r\n"
    b"SUMMARY:Path S:\\\\New inspections\\, long enough to be folded at seventy-five octets of\r\n"
    b"  text\r\nBEGIN:VALARM\r\nACTION:DISPLAY\r\nDESCRIPTION:x\r\nTRIGGER:-PT15M\r\n"
    b"END:VALARM\r\nEND:VEVENT\r\n"
    b"BEGIN:VEVENT\r\nUID:b\r\nDTSTAMP:20270501T090000Z\r\nSEQUENCE:0\r\nSTATUS:CANCELLED\r\n"
    b"DTSTART;VALUE=DATE:20270608\r\nDTEND;VALUE=DATE:20270609\r\nSUMMARY:Gone\r\nEND:VEVENT\r\n"
    b"END:VCALENDAR\r\n"
)


def test_each_event_becomes_a_marked_resource_with_its_own_bytes() -> None:
    timed, gone = local_events(SAMPLE, SOURCE)
    assert (timed.uid, timed.sequence, timed.cancelled) == ("a", 2, False)
    assert (gone.uid, gone.cancelled) == ("b", True)
    assert b"BEGIN:VTIMEZONE" in timed.resource
    assert b"BEGIN:VTIMEZONE" not in gone.resource  # an all-day event needs no time zone
    assert b"METHOD:" not in timed.resource  # CalDAV resources carry no METHOD
    assert b"X-WR-CALNAME" not in timed.resource
    assert b"\r\nX-INSPECTION-SIM-SOURCE:all-teams.ics\r\n" in timed.resource
    assert b"S:\\\\New inspections\\, long enough" in timed.resource  # backslash and N kept
    assert timed.resource.index(b"X-INSPECTION-SIM") < timed.resource.index(b"BEGIN:VALARM")


def test_fingerprints_ignore_layout_stamps_and_what_servers_add() -> None:
    (timed, _) = local_events(SAMPLE, SOURCE)
    # As Radicale gives it back: LF line ends, properties reordered, a new DTSTAMP, LAST-MODIFIED.
    text = timed.resource.decode().replace("\r\n", "\n")
    head, _, rest = text.partition("BEGIN:VEVENT\n")
    rest = rest.replace("DTSTAMP:20270501T090000Z\n", "")
    server_copy = (
        head + "BEGIN:VEVENT\nDTSTAMP:20271231T000000Z\nLAST-MODIFIED:20271231T000000Z\n" + rest
    )
    read = read_remote(server_copy)
    assert read is not None
    assert (read.uid, read.sequence, read.source) == ("a", 2, SOURCE)
    assert read.fingerprint == timed.fingerprint
    changed = read_remote(server_copy.replace("T093000", "T083000"))
    assert changed is not None
    assert changed.fingerprint != timed.fingerprint


@pytest.mark.parametrize("data", ["", "not a calendar", "BEGIN:VCALENDAR\nEND:VCALENDAR\n"])
def test_resources_without_an_event_are_not_ours(data: str) -> None:
    assert read_remote(data) is None
