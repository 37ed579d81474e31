"""The fixed Europe/London VTIMEZONE that every file with timed events carries.

Outlook approximates a zone as one yearly standard-to-daylight and one daylight-to-standard rule and
reads only DTSTART, RRULE and the offsets; it ignores RDATE (MS-STANOICAL §2.2.47). The
``icalendar`` package generates RDATE lists, so this block is written by hand: one DAYLIGHT and one
STANDARD observance with ``BYDAY=-1SU`` (the UK rule since 1996: last Sunday of March at 01:00 UTC,
last Sunday of October at 01:00 UTC). The zone is never called "GMT", which Outlook for Mac reads as
fixed UTC+0.
"""

from __future__ import annotations

__all__ = ["TZID", "VTIMEZONE_LINES"]

TZID = "Europe/London"

VTIMEZONE_LINES: tuple[str, ...] = (
    "BEGIN:VTIMEZONE",
    f"TZID:{TZID}",
    "BEGIN:DAYLIGHT",
    "TZOFFSETFROM:+0000",
    "TZOFFSETTO:+0100",
    "TZNAME:BST",
    "DTSTART:19700329T010000",
    "RRULE:FREQ=YEARLY;BYMONTH=3;BYDAY=-1SU",
    "END:DAYLIGHT",
    "BEGIN:STANDARD",
    "TZOFFSETFROM:+0100",
    "TZOFFSETTO:+0000",
    "TZNAME:GMT",
    "DTSTART:19701025T020000",
    "RRULE:FREQ=YEARLY;BYMONTH=10;BYDAY=-1SU",
    "END:STANDARD",
    "END:VTIMEZONE",
)
