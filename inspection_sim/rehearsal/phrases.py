"""Plain words for dates, offsets and dependencies, as a coordinator would write them.

Nothing here knows a rule's value: offsets, links and dates come in, English comes out. The words
for the three anchors every inspection type has are fixed ("the call", "the first day on site",
"the last day on site"); any other item is named by its own name.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from datetime import date, time

from inspection_sim.plan.network import Link
from inspection_sim.rules.base import Offset, Unit

__all__ = [
    "ANCHOR_WORDS",
    "clock_text",
    "count",
    "day_text",
    "link_phrase",
    "offset_phrase",
    "plain_name",
]

#: How a description names the anchors of every inspection type.
ANCHOR_WORDS = {
    "notification": "the call",
    "onsite": "the first day on site",
    "fieldwork-end": "the last day on site",
}

_UNIT_WORDS = {
    Unit.WORKING_DAYS: "working day",
    Unit.CALENDAR_DAYS: "day",
    Unit.HOURS: "hour",
    Unit.WEEKS: "week",
    Unit.MONTHS: "month",
    Unit.YEARS: "year",
}

_CONDITION = re.compile(r"\s*\[if (?P<condition>[^\]]+)\]\s*$")


def count(n: int, noun: str) -> str:
    """``"1 working day"``, ``"3 working days"``."""
    return f"{n} {noun}" if n == 1 else f"{n} {noun}s"


def day_text(day: date) -> str:
    """A date as people read it in a calendar: ``"Tue 8 Jun 2027"``."""
    return f"{day:%a} {day.day} {day:%b %Y}"


def clock_text(at: time) -> str:
    """``"09:30"``."""
    return at.strftime("%H:%M")


def plain_name(name: str) -> str:
    """A rule item's name as a title: a condition ``"X [if outcome 3]"`` reads ``"X (only if
    outcome 3)"``, and is left out when the name already says it."""
    found = _CONDITION.search(name)
    if found is None:
        return name
    head, condition = name[: found.start()], found.group("condition")
    if condition.lower() in head.lower():
        return head
    return f"{head} (only if {condition})"


def _item_words(item: str, names: Mapping[str, str]) -> str:
    if item in ANCHOR_WORDS:
        return ANCHOR_WORDS[item]
    return f"“{plain_name(names.get(item, item.replace('-', ' ')))}”"


def offset_phrase(offset: Offset, names: Mapping[str, str]) -> str:
    """When an offset falls, in words: ``"the working day after the call"``, ``"on the last day on
    site"``, ``"12 working days after the last day on site"``, ``"70 working days after “Report
    published”"``."""
    anchor = _item_words(offset.after, names)
    n, unit = offset.value, _UNIT_WORDS[offset.unit]
    if n == 0:
        return (
            f"on {anchor}"
            if offset.after in ("onsite", "fieldwork-end")
            else f"on the day of {anchor}"
        )
    side = "after" if n > 0 else "before"
    if abs(n) == 1 and offset.unit is Unit.WORKING_DAYS:
        return f"the working day {side} {anchor}"
    return f"{count(abs(n), unit)} {side} {anchor}"


def link_phrase(link: Link, lag: int) -> tuple[str, str]:
    """The heading a dependency goes under, and what the lag adds: ``("Starts with", "")``,
    ``("After", " (2 working days after it finishes)")``.

    FS reads "after", SS "starts with", FF "finishes with", SF "finishes once ... starts".
    """
    heading = {
        Link.FS: "After",
        Link.SS: "Starts with",
        Link.FF: "Finishes with",
        Link.SF: "Finishes once this starts",
    }[link]
    if not lag:
        return heading, ""
    event = "starts" if link in (Link.SS, Link.SF) else "finishes"
    side = "after" if lag > 0 else "before"
    return heading, f" ({count(abs(lag), 'working day')} {side} it {event})"
