"""Moving a timeline onto a trial-run date, in working days.

Day 0 of a timeline is its notification day; every task's start and last day are working-day
offsets from it on the council's calendar. A rehearsal starting on working day ``R`` puts offset
``k`` on the working day ``R + k`` of the same calendar (full replay), so every dependency lag in
working days is kept exactly.

A compressed rehearsal keeps the days before the fieldwork exactly, shortens the fieldwork span of
``F`` working days to ``N`` (offset ``fs + j`` goes to ``fs + floor(j * N / F)``), and drops what
comes after the fieldwork. The map never reverses order, so no task starts before a predecessor.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from inspection_sim.calendar import WorkingCalendar
from inspection_sim.errors import ScheduleError, UnknownNameError

__all__ = ["MODES", "Shift", "check_mode", "check_start"]

MODES = ("full", "compressed")


@dataclass(frozen=True)
class Shift:
    """A map from timeline offsets (working days after the call) to rehearsal dates.

    Args:
        calendar: the council's working calendar.
        start: the rehearsal's day 0 (a working day).
        fieldwork_first: offset of the first fieldwork day.
        fieldwork_span: working days from the first to the last fieldwork day, inclusive.
        fieldwork_days: working days the compressed fieldwork takes (equal to the span for a full
            replay).
        compressed: a compressed run stops at the end of the fieldwork.
    """

    calendar: WorkingCalendar
    start: date
    fieldwork_first: int
    fieldwork_span: int
    fieldwork_days: int
    compressed: bool = False

    @property
    def last_offset(self) -> int | None:
        """The last offset a compressed rehearsal keeps (None: a full replay keeps everything)."""
        return self.fieldwork_first + self.fieldwork_span - 1 if self.compressed else None

    def keeps(self, offset: int) -> bool:
        """Whether a task starting at ``offset`` belongs to the rehearsal."""
        last = self.last_offset
        return last is None or offset <= last

    def offset(self, offset: int) -> int:
        """The rehearsal offset of a timeline offset."""
        inside = offset - self.fieldwork_first
        if not self.compressed or inside < 0:
            return offset
        if inside < self.fieldwork_span:
            return self.fieldwork_first + inside * self.fieldwork_days // self.fieldwork_span
        return offset - self.fieldwork_span + self.fieldwork_days

    def day(self, offset: int) -> date:
        """The rehearsal date of a timeline offset."""
        return self.calendar.date_at(self.calendar.index_of(self.start) + self.offset(offset))


def check_mode(mode: str) -> str:
    """``mode`` itself when it is a valid rehearsal mode."""
    if mode not in MODES:
        raise UnknownNameError("unknown rehearsal mode", key="mode", value=mode, choices=MODES)
    return mode


def check_start(calendar: WorkingCalendar, start: date) -> date:
    """Refuse a rehearsal start that is not a working day, naming the nearest working days."""
    if calendar.is_working_day(start):
        return start
    before, after = calendar.roll_backward(start), calendar.roll_forward(start)
    raise ScheduleError(
        f"the rehearsal start {start.isoformat()} ({start:%a}) is not a working day; "
        f"nearest working days: {before.isoformat()} ({before:%a}) and "
        f"{after.isoformat()} ({after:%a})",
        key="start",
    )
