"""A council's inspection history: entries written ``start:type:judgement``.

``start`` is the ISO date of the first on-site day; ``type`` is an ILACS inspection type
(``short``, ``standard``, ``focused-visit``, ``monitoring-visit``); ``judgement`` is the overall
judgement (``outstanding``, ``good``, ``requires-improvement``, ``inadequate``). Visits carry no
graded judgement, so for them the judgement part is left out (``2023-02-07:focused-visit``).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date

from inspection_sim.errors import ForecastInputError, UnknownNameError

__all__ = [
    "INSPECTION_TYPES",
    "JUDGEMENTS",
    "VISIT_TYPES",
    "HistoryEntry",
    "latest_inspection",
    "parse_entry",
    "parse_history",
]

#: Graded inspections: their judgement decides what comes next.
INSPECTION_TYPES = ("short", "standard")
#: Ungraded visits between inspections.
VISIT_TYPES = ("focused-visit", "monitoring-visit")
JUDGEMENTS = ("outstanding", "good", "requires-improvement", "inadequate")
_FORM = "start:type:judgement, e.g. 2024-03-11:short:good"


@dataclass(frozen=True)
class HistoryEntry:
    """One past inspection or visit.

    Attributes:
        start: first on-site day.
        type: one of :data:`INSPECTION_TYPES` or :data:`VISIT_TYPES`.
        judgement: one of :data:`JUDGEMENTS` for inspections; None for visits.
    """

    start: date
    type: str
    judgement: str | None = None

    def __post_init__(self) -> None:
        _check_type(self.type, key="type")
        if not isinstance(self.start, date):
            raise ForecastInputError("start must be a datetime.date", key="start", value=self.start)
        if self.type in INSPECTION_TYPES:
            if self.judgement is None:
                raise ForecastInputError(
                    f"a {self.type} inspection needs a judgement",
                    key="judgement",
                    choices=JUDGEMENTS,
                )
            _check_judgement(self.judgement, key="judgement")
        elif self.judgement is not None:
            raise ForecastInputError(
                f"a {self.type} has no graded judgement; leave it out",
                key="judgement",
                value=self.judgement,
            )

    @property
    def is_inspection(self) -> bool:
        """True for graded inspections (short, standard)."""
        return self.type in INSPECTION_TYPES

    def __str__(self) -> str:
        parts = [self.start.isoformat(), self.type]
        if self.judgement is not None:
            parts.append(self.judgement)
        return ":".join(parts)


def _check_type(value: str, *, key: str, source: str | None = None) -> None:
    choices = INSPECTION_TYPES + VISIT_TYPES
    if value not in choices:
        raise UnknownNameError(
            "unknown inspection type", source=source, key=key, value=value, choices=choices
        )


def _check_judgement(value: str, *, key: str, source: str | None = None) -> None:
    if value not in JUDGEMENTS:
        raise UnknownNameError(
            "unknown judgement", source=source, key=key, value=value, choices=JUDGEMENTS
        )


def parse_entry(text: str, *, source: str | None = None) -> HistoryEntry:
    """Parse one ``start:type:judgement`` entry.

    Args:
        text: the entry, e.g. ``"2024-03-11:short:good"`` or ``"2023-02-07:focused-visit"``.
        source: where the text came from (``--last``, a scenario file), named in errors.

    Raises:
        ForecastInputError: for a malformed entry or date.
        UnknownNameError: for an unknown type or judgement (the closest name is suggested).

    >>> parse_entry("2024-03-11:short:good")
    HistoryEntry(start=datetime.date(2024, 3, 11), type='short', judgement='good')
    """
    if not isinstance(text, str):
        raise ForecastInputError(f"a history entry is text: {_FORM}", source=source, value=text)
    parts = text.strip().split(":")
    if len(parts) not in (2, 3):
        raise ForecastInputError(f"malformed history entry; use {_FORM}", source=source, value=text)
    try:
        start = date.fromisoformat(parts[0])
    except ValueError:
        raise ForecastInputError(
            "not an ISO date (YYYY-MM-DD)", source=source, key="start", value=parts[0]
        ) from None
    kind = parts[1].strip().lower()
    _check_type(kind, key="type", source=source)
    judgement = parts[2].strip().lower().replace(" ", "-") if len(parts) == 3 else None
    if judgement is not None:
        _check_judgement(judgement, key="judgement", source=source)
    if kind in INSPECTION_TYPES and judgement is None:
        raise ForecastInputError(
            f"a {kind} inspection needs a judgement; use {_FORM}",
            source=source,
            value=text,
            choices=JUDGEMENTS,
        )
    if kind in VISIT_TYPES and judgement is not None:
        raise ForecastInputError(
            f"a {kind} has no graded judgement; write start:{kind}", source=source, value=text
        )
    return HistoryEntry(start, kind, judgement)


def parse_history(
    entries: Iterable[str | HistoryEntry], *, source: str | None = None
) -> tuple[HistoryEntry, ...]:
    """Entries (text or :class:`HistoryEntry`) as a tuple sorted by start date.

    Raises:
        ForecastInputError: when there is no graded inspection, or an entry is malformed.
    """
    parsed = sorted(
        (
            entry if isinstance(entry, HistoryEntry) else parse_entry(entry, source=source)
            for entry in entries
        ),
        key=lambda entry: (entry.start, entry.type),
    )
    if not any(entry.is_inspection for entry in parsed):
        raise ForecastInputError(
            "the history needs at least one graded inspection (short or standard)",
            source=source,
            value=[str(entry) for entry in parsed],
        )
    return tuple(parsed)


def latest_inspection(history: Sequence[HistoryEntry]) -> HistoryEntry:
    """The most recent graded inspection in a parsed history."""
    return [entry for entry in history if entry.is_inspection][-1]
