"""SEQUENCE numbers across exports of the same plan.

Design: the previous export *is* the manifest. Pass the bytes of the file written last time (or let
:func:`~inspection_sim.export.files.write_calendars` read the file it is about to replace) and each
event keeps its UID and previous SEQUENCE when its content is unchanged, or gets SEQUENCE + 1 when
anything other than DTSTAMP differs. New events start at 0. No hidden state and no extra file: the
calendar a planner already has is the record.
"""

from __future__ import annotations

from dataclasses import dataclass

from inspection_sim.errors import OutputError
from inspection_sim.export.lines import unfold

__all__ = ["PriorEvent", "next_sequence", "read_previous"]

#: Lines that change on every export or carry the revision itself: not part of the comparison.
_VOLATILE = ("UID:", "DTSTAMP:", "SEQUENCE:")


@dataclass(frozen=True)
class PriorEvent:
    """What the previous export said about one UID."""

    sequence: int
    body: tuple[str, ...]


def read_previous(data: bytes, *, source: str | None = None) -> dict[str, PriorEvent]:
    """Index a previous export by UID: its SEQUENCE and its other content lines, unfolded."""
    lines = unfold(data)
    if not lines or lines[0] != "BEGIN:VCALENDAR":
        raise OutputError("the previous export is not an iCalendar file", source=source)
    found: dict[str, PriorEvent] = {}
    uid, sequence, body, inside = "", 0, list[str](), False
    for line in lines:
        if line == "BEGIN:VEVENT":
            uid, sequence, body, inside = "", 0, [], True
        elif line == "END:VEVENT":
            found[uid] = PriorEvent(sequence, tuple(body))
            inside = False
        elif inside and line.startswith("UID:"):
            uid = line[4:]
        elif inside and line.startswith("SEQUENCE:"):
            sequence = _integer(line[9:], source)
        elif inside and not line.startswith(_VOLATILE):
            body.append(line)
    return found


def next_sequence(prior: PriorEvent | None, body: tuple[str, ...]) -> int:
    """0 for a new event; the same number when unchanged; one more when the content changed."""
    if prior is None:
        return 0
    return prior.sequence if prior.body == body else prior.sequence + 1


def _integer(text: str, source: str | None) -> int:
    try:
        return int(text)
    except ValueError:
        raise OutputError(
            "the previous export has a malformed SEQUENCE", source=source, value=text
        ) from None
