"""A council's inspection history: entries written ``start:type:judgement``.

``start`` is the ISO date of the first on-site day. ``type`` is an ILACS inspection type
(``short``, ``standard``, ``focused-visit``, ``monitoring-visit``), ``area-send`` (a full area SEND
inspection) or ``hmip-yj`` (an HMI Probation youth justice inspection). ``judgement`` is the overall
judgement for ILACS and HMIP (``outstanding``, ``good``, ``requires-improvement``, ``inadequate``)
and the outcome for area SEND (``positive``, ``inconsistent``, ``widespread-failings``). Visits
carry no graded judgement, so for them the judgement part is left out (``2023-02-07:focused-visit``);
so do the yearly events of the ILACS cycle (``2023-01-16:engagement-meeting``,
``2022-11-01:self-evaluation``).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date

from inspection_sim.errors import ForecastInputError, UnknownNameError

__all__ = [
    "EVENT_TYPES",
    "FRAMEWORK_OF",
    "INSPECTION_TYPES",
    "JUDGEMENTS",
    "JUDGEMENT_KEYS",
    "SEND_OUTCOMES",
    "VISIT_TYPES",
    "HistoryEntry",
    "latest_inspection",
    "parse_entry",
    "parse_history",
]

#: Graded ILACS inspections: their judgement decides what comes next.
INSPECTION_TYPES = ("short", "standard")
#: Ungraded ILACS visits between inspections.
VISIT_TYPES = ("focused-visit", "monitoring-visit")
#: Yearly events of the ILACS cycle (the rules' ``[events.*]``), recorded by their date.
EVENT_TYPES = ("self-evaluation", "engagement-meeting")
#: Graded inspections of the other frameworks.
OTHER_TYPES = ("area-send", "hmip-yj")
JUDGEMENTS = ("outstanding", "good", "requires-improvement", "inadequate")
SEND_OUTCOMES = ("positive", "inconsistent", "widespread-failings")
#: How the frameworks' cycle rules name the judgement a history entry records, in conditions
#: such as ``overall:good`` and ``outcome:positive``.
JUDGEMENT_KEYS = {"ilacs": "overall", "area-send": "outcome", "hmip-yj": "overall"}
#: The framework of each history type.
FRAMEWORK_OF = {
    **dict.fromkeys(INSPECTION_TYPES + VISIT_TYPES + EVENT_TYPES, "ilacs"),
    "area-send": "area-send",
    "hmip-yj": "hmip-yj",
}
_FORM = "start:type:judgement, e.g. 2024-03-11:short:good"


def judgements_for(kind: str) -> tuple[str, ...]:
    """The judgements (or outcomes) an inspection of history type ``kind`` can have."""
    return SEND_OUTCOMES if kind == "area-send" else JUDGEMENTS


def is_graded(kind: str) -> bool:
    """True for graded inspection types (not visits)."""
    return kind not in VISIT_TYPES + EVENT_TYPES


@dataclass(frozen=True)
class HistoryEntry:
    """One past inspection or visit.

    Attributes:
        start: first on-site day.
        type: a key of :data:`FRAMEWORK_OF`.
        judgement: the judgement or outcome of a graded inspection; None for visits.
    """

    start: date
    type: str
    judgement: str | None = None

    def __post_init__(self) -> None:
        _check_type(self.type, key="type")
        if not isinstance(self.start, date):
            raise ForecastInputError("start must be a datetime.date", key="start", value=self.start)
        if is_graded(self.type):
            if self.judgement is None:
                raise ForecastInputError(
                    f"a {self.type} inspection needs a judgement",
                    key="judgement",
                    choices=judgements_for(self.type),
                )
            _check_judgement(self.judgement, self.type, key="judgement")
        elif self.judgement is not None:
            raise ForecastInputError(
                f"a {self.type} has no graded judgement; leave it out",
                key="judgement",
                value=self.judgement,
            )

    @property
    def framework(self) -> str:
        """``ilacs``, ``area-send`` or ``hmip-yj``."""
        return FRAMEWORK_OF[self.type]

    @property
    def is_inspection(self) -> bool:
        """True for graded inspections (not visits)."""
        return is_graded(self.type)

    def __str__(self) -> str:
        parts = [self.start.isoformat(), self.type]
        if self.judgement is not None:
            parts.append(self.judgement)
        return ":".join(parts)


def _check_type(value: str, *, key: str, source: str | None = None) -> None:
    if value not in FRAMEWORK_OF:
        raise UnknownNameError(
            "unknown inspection type",
            source=source,
            key=key,
            value=value,
            choices=tuple(FRAMEWORK_OF),
        )


def _check_judgement(value: str, kind: str, *, key: str, source: str | None = None) -> None:
    valid = judgements_for(kind)
    if value not in valid:
        raise UnknownNameError(
            f"unknown {'outcome' if kind == 'area-send' else 'judgement'}",
            source=source,
            key=key,
            value=value,
            choices=valid,
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
        _check_judgement(judgement, kind, key="judgement", source=source)
    if is_graded(kind) and judgement is None:
        raise ForecastInputError(
            f"a {kind} inspection needs a judgement; use {_FORM}",
            source=source,
            value=text,
            choices=judgements_for(kind),
        )
    if not is_graded(kind) and judgement is not None:
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
            "the history needs at least one graded inspection (short, standard, area-send or "
            "hmip-yj)",
            source=source,
            value=[str(entry) for entry in parsed],
        )
    return tuple(parsed)


def latest_inspection(
    history: Sequence[HistoryEntry], framework: str = "ilacs"
) -> HistoryEntry | None:
    """The most recent graded inspection of ``framework`` in a parsed history, if any."""
    found = [e for e in history if e.is_inspection and e.framework == framework]
    return found[-1] if found else None
