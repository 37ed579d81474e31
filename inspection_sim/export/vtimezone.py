"""The fixed Europe/London VTIMEZONE that every file with timed events carries.

Outlook approximates a zone as one yearly standard-to-daylight and one daylight-to-standard rule and
reads only DTSTART, RRULE and the offsets; it ignores RDATE (MS-STANOICAL §2.2.47). icalendar's
``Timezone.from_tzid`` generates RDATE lists, so the zone is assembled from icalendar's components
instead: one DAYLIGHT and one STANDARD observance with ``BYDAY=-1SU`` (the UK rule since 1996: last
Sunday of March at 01:00 UTC, last Sunday of October at 01:00 UTC). The zone is never called "GMT",
which Outlook for Mac reads as fixed UTC+0.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from icalendar import Component, Timezone, TimezoneDaylight, TimezoneStandard

__all__ = ["TZID", "london_vtimezone"]

TZID = "Europe/London"


def london_vtimezone() -> Timezone:
    """A new Europe/London VTIMEZONE: BST from the last Sunday of March, GMT from October's."""
    zone = Timezone()
    zone.add("TZID", TZID)
    zone.add_component(_observance(TimezoneDaylight(), "BST", datetime(1970, 3, 29, 1), 0, 1))
    zone.add_component(_observance(TimezoneStandard(), "GMT", datetime(1970, 10, 25, 2), 1, 0))
    return zone


def _observance(
    block: Component, name: str, onset: datetime, hours_before: int, hours_after: int
) -> Component:
    """One yearly change, on the last Sunday of ``onset``'s month at its local wall time."""
    block.add("TZOFFSETFROM", timedelta(hours=hours_before))
    block.add("TZOFFSETTO", timedelta(hours=hours_after))
    block.add("TZNAME", name)
    block.add("DTSTART", onset)
    block.add("RRULE", {"FREQ": "YEARLY", "BYMONTH": onset.month, "BYDAY": "-1SU"})
    return block
