"""Weekmasks: which weekdays can be working days.

Accepted forms: a day range (``"Mon-Fri"``, ``"Mon-Thu"``), a comma list (``"Mon,Wed,Fri"``), seven
flags Monday first (``"1111100"``), or a sequence of weekday numbers (Monday is 0) or names.
"""

from __future__ import annotations

from collections.abc import Sequence

from inspection_sim.errors import WeekmaskError

__all__ = ["DAY_NAMES", "parse_weekday", "parse_weekmask", "weekmask_text"]

DAY_NAMES = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")
_FULL_NAMES = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
_FORMS = (
    "a range like 'Mon-Fri', a list like 'Mon,Wed,Fri', seven flags like '1111100', "
    "or weekday numbers 0-6"
)


def parse_weekday(name: str | int, *, key: str = "weekday", source: str | None = None) -> int:
    """Weekday number (Monday is 0) from ``"Mon"``, ``"monday"`` or an int 0-6."""
    if isinstance(name, int) and not isinstance(name, bool) and 0 <= name <= 6:
        return name
    if isinstance(name, str):
        text = name.strip().lower()
        for number, (short, full) in enumerate(zip(DAY_NAMES, _FULL_NAMES, strict=True)):
            if text in (short.lower(), full):
                return number
    raise WeekmaskError("not a weekday", source=source, key=key, value=name, choices=_FULL_NAMES)


def parse_weekmask(mask: str | Sequence[int] | Sequence[str] | Sequence[bool]) -> tuple[bool, ...]:
    """Seven flags, Monday first, from any accepted weekmask form."""
    try:
        flags = _parse(mask)
    except WeekmaskError:
        raise WeekmaskError(
            f"malformed weekmask; use {_FORMS}", key="weekmask", value=mask
        ) from None
    if not any(flags):
        raise WeekmaskError("weekmask has no working weekday", key="weekmask", value=mask)
    return flags


def _parse(mask: object) -> tuple[bool, ...]:
    if isinstance(mask, tuple) and len(mask) == 7 and all(isinstance(f, bool) for f in mask):
        return mask
    if isinstance(mask, str):
        text = mask.strip()
        if len(text) == 7 and set(text) <= {"0", "1"}:
            return tuple(c == "1" for c in text)
        days: set[int] = set()
        for part in text.split(","):
            if "-" in part:
                first, last = (parse_weekday(p) for p in part.split("-", 1))
                if last < first:
                    raise WeekmaskError("range runs backwards")
                days.update(range(first, last + 1))
            else:
                days.add(parse_weekday(part))
        return tuple(day in days for day in range(7))
    if isinstance(mask, Sequence):
        chosen = {parse_weekday(item) for item in mask}
        return tuple(day in chosen for day in range(7))
    raise WeekmaskError("unsupported weekmask type")


def weekmask_text(flags: Sequence[bool]) -> str:
    """Canonical text for seven flags: ``"Mon-Fri"`` for a contiguous run, else a comma list."""
    days = [day for day in range(7) if flags[day]]
    if days == list(range(days[0], days[-1] + 1)) and len(days) > 1:
        return f"{DAY_NAMES[days[0]]}-{DAY_NAMES[days[-1]]}"
    return ",".join(DAY_NAMES[day] for day in days)
