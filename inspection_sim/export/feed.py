"""The subscription feed, ``feed.ics``: the combined calendar as one file a web server can host.

Outlook's "Subscribe from web", Google Calendar and Apple Calendar fetch a subscribed address
again from time to time and replace their copy with it, so a subscription follows the plan without
re-importing. The feed is the combined calendar, read and written again by icalendar, with its own
PRODID and two hints of how often to fetch it: ``REFRESH-INTERVAL`` (RFC 7986) and
``X-PUBLISHED-TTL`` (what Outlook reads).
Events whose ``STATUS`` is ``CANCELLED`` are left out: a subscriber's copy is replaced whole, so an
event that no longer happens simply goes.

A folder gets a feed once (``inspection-sim publish DIR --feed``); from then on every write of the
folder's calendars renews it (:func:`renewed_feed`), with the interval it states, so the feed never
lags behind the calendars beside it.
"""

from __future__ import annotations

from datetime import timedelta

from icalendar import Calendar, Component, vDuration

from inspection_sim.errors import ArgumentTypeError
from inspection_sim.export.recompose import recompose

__all__ = [
    "DEFAULT_REFRESH",
    "FEED_NAME",
    "FEED_PRODID",
    "LONGEST_REFRESH",
    "SHORTEST_REFRESH",
    "check_refresh",
    "feed_bytes",
    "feed_refresh",
    "is_feed",
    "renewed_feed",
]

FEED_NAME = "feed.ics"
FEED_PRODID = "-//inspection_sim//Subscription feed//EN"

#: How often subscribers are asked to fetch the feed. Outlook on the web and Outlook.com refresh
#: subscriptions on their own schedule (every few hours) whatever the feed says; Outlook for
#: Windows and Apple Calendar follow the hint.
DEFAULT_REFRESH = timedelta(hours=1)
#: Hints outside these bounds are refused: more often loads the web server for nothing, less often
#: leaves a week's plan stale for a day.
SHORTEST_REFRESH = timedelta(minutes=15)
LONGEST_REFRESH = timedelta(days=1)

#: Properties of the combined calendar the feed states its own way.
_REPLACED = frozenset({"PRODID", "REFRESH-INTERVAL", "X-PUBLISHED-TTL"})
_PRODID_LINE = b"\r\nPRODID:" + FEED_PRODID.encode() + b"\r\n"


def feed_bytes(combined: bytes, *, refresh: timedelta = DEFAULT_REFRESH) -> bytes:
    """The feed made from the bytes of a combined calendar.

    Raises:
        ValueError: ``combined`` is not a calendar file.
        ArgumentTypeError: ``refresh`` is outside :data:`SHORTEST_REFRESH` to
            :data:`LONGEST_REFRESH`.
    """
    hint = check_refresh(refresh)
    source = Calendar.from_ical(combined)
    feed = Calendar()
    for name, value in source.items():
        if name == "PRODID":
            feed.add("PRODID", FEED_PRODID)
        elif name not in _REPLACED:
            feed[name] = value
    feed.add("REFRESH-INTERVAL", vDuration(hint), parameters={"VALUE": "DURATION"})
    feed.add("X-PUBLISHED-TTL", vDuration(hint))
    for component in source.subcomponents:
        if not _cancelled(component):
            feed.add_component(component)
    result: bytes = recompose(feed).to_ical(sorted=False)
    return result


def is_feed(data: bytes) -> bool:
    """Whether ``data`` is a feed inspection-sim wrote (its PRODID in the first lines)."""
    return data.startswith(b"BEGIN:VCALENDAR\r\n") and _PRODID_LINE in data[:1024]


def feed_refresh(feed: bytes) -> timedelta:
    """The refresh interval a feed states; the default when it states none that is valid."""
    try:
        value = Calendar.from_ical(feed).decoded("REFRESH-INTERVAL")
    except (ValueError, KeyError):
        return DEFAULT_REFRESH
    if not isinstance(value, timedelta) or not SHORTEST_REFRESH <= value <= LONGEST_REFRESH:
        return DEFAULT_REFRESH
    return value


def renewed_feed(previous: bytes | None, combined: bytes) -> bytes | None:
    """The feed to write beside a new combined calendar: None when the folder had no feed."""
    if previous is None or not is_feed(previous):
        return None
    return feed_bytes(combined, refresh=feed_refresh(previous))


def check_refresh(refresh: object) -> timedelta:
    """``refresh`` when it is a timedelta within the bounds.

    Raises:
        ArgumentTypeError: it is not, naming the bounds in minutes.
    """
    if not isinstance(refresh, timedelta):
        raise ArgumentTypeError("refresh must be a timedelta", key="refresh", value=refresh)
    if not SHORTEST_REFRESH <= refresh <= LONGEST_REFRESH:
        raise ArgumentTypeError(
            f"the feed's refresh interval must be from {_minutes(SHORTEST_REFRESH)} to "
            f"{_minutes(LONGEST_REFRESH)} minutes",
            key="refresh",
            value=_minutes(refresh),
        )
    return refresh


def _minutes(span: timedelta) -> int:
    return int(span.total_seconds() // 60)


def _cancelled(component: Component) -> bool:
    return component.name == "VEVENT" and str(component.get("STATUS", "")).upper() == "CANCELLED"
