"""The error hierarchy of inspection_sim.

Every error a user can cause derives from :class:`InspectionSimError` and also from the matching
built-in exception, so ``except ValueError`` keeps working for callers that do not know this library.
The command line turns an :class:`InspectionSimError` into one line on stderr and exit status 2.

Messages follow one shape: where (file and key path), what is wrong, the value received, and what
would be valid, with the closest valid name suggested when a name was mistyped.
"""

from __future__ import annotations

import difflib
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, TypeVar

__all__ = [
    "ArgumentTypeError",
    "CalendarRangeError",
    "DependencyCycleError",
    "ForecastInputError",
    "InspectionSimError",
    "MissingExtraError",
    "OutputError",
    "Problem",
    "RuleFileError",
    "ScenarioError",
    "ScheduleError",
    "SimulationError",
    "StrictModeError",
    "TrackerError",
    "UnknownNameError",
    "WeekmaskError",
    "closest",
    "named",
    "printable",
]

_MISSING: Any = object()
T = TypeVar("T")


def printable(text: str) -> str:
    """``text`` with every character a terminal would act on shown as its escape (``\\x1b``).

    Messages echo input (file names, keys, values); a control character or an ANSI escape
    sequence in them must reach the terminal as visible text, never as a command to it.
    """
    if text.isprintable():
        return text
    return "".join(char if char.isprintable() else repr(char)[1:-1] for char in text)


def closest(name: str, choices: Iterable[str]) -> str | None:
    """Return the valid choice nearest to ``name``, or None when nothing is close."""
    matches = difflib.get_close_matches(name, list(choices), n=1, cutoff=0.5)
    return matches[0] if matches else None


@dataclass(frozen=True)
class Problem:
    """One thing wrong with an input: where it is, what is wrong, what came in, what is valid."""

    message: str
    source: str | None = None
    key: str | None = None
    value: Any = _MISSING
    choices: Sequence[str] = field(default_factory=tuple)

    def suggestion(self) -> str | None:
        """The closest valid choice to a mistyped string value, if any."""
        if isinstance(self.value, str) and self.choices:
            return closest(self.value, self.choices)
        return None

    def __str__(self) -> str:
        # Every part can carry input, so every part goes through printable().
        where = ": ".join(part for part in (self.source, self.key) if part)
        text = f"{where}: {self.message}" if where else self.message
        if self.value is not _MISSING:
            text += f" (got {self.value!r})"
        if self.choices:
            text += "; valid: " + ", ".join(map(str, self.choices))
        hint = self.suggestion()
        if hint is not None:
            text += f"; did you mean {hint!r}?"
        return printable(text)


class InspectionSimError(Exception):
    """Root of every error that bad input can cause in inspection_sim.

    Carries one or more :class:`Problem` records; ``str(error)`` lists them all.
    """

    def __init__(
        self,
        message: str | None = None,
        *,
        source: str | None = None,
        key: str | None = None,
        value: Any = _MISSING,
        choices: Sequence[str] = (),
        problems: Sequence[Problem] = (),
    ) -> None:
        found = list(problems)
        if message is not None:
            found.insert(0, Problem(message, source, key, value, tuple(choices)))
        if not found:
            found.append(Problem(type(self).__name__))
        self.problems: tuple[Problem, ...] = tuple(found)
        super().__init__(self._render())

    def _render(self) -> str:
        if len(self.problems) == 1:
            return str(self.problems[0])
        lines = [f"{len(self.problems)} problems:"]
        lines.extend(f"  - {problem}" for problem in self.problems)
        return "\n".join(lines)

    def __str__(self) -> str:
        return self._render()


class CalendarRangeError(InspectionSimError, ValueError):
    """A date lies outside the range a WorkingCalendar was built for.

    Remedy: build the calendar with a wider ``start``/``end``.
    """


class UnknownNameError(InspectionSimError, ValueError):
    """A name (region, framework, inspection type, timescale...) is not one of the valid names."""


def named(items: Mapping[str, T], name: str, message: str, *, key: str) -> T:
    """``items[name]``, or an :class:`UnknownNameError` saying ``message`` about ``key``, with
    the name received and every valid one (the closest suggested).

    >>> named({"annex-a": 1}, "annex-b", "no such list", key="list")  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    inspection_sim.errors.UnknownNameError: list: no such list (got 'annex-b'); valid: annex-a; ...
    """
    try:
        return items[name]
    except KeyError:
        raise UnknownNameError(message, key=key, value=name, choices=list(items)) from None


class WeekmaskError(InspectionSimError, ValueError):
    """A weekmask string or sequence could not be read."""


class ArgumentTypeError(InspectionSimError, TypeError):
    """An argument had the wrong type (for example a string where a date was needed)."""


class RuleFileError(InspectionSimError, ValueError):
    """A rule file is missing, malformed, or holds a key or value that is not allowed."""


class ScenarioError(InspectionSimError, ValueError):
    """A scenario file holds one or more invalid entries; every problem is listed."""


class DependencyCycleError(InspectionSimError, ValueError):
    """Task dependencies form a cycle; the message names the tasks in the cycle."""


class ScheduleError(InspectionSimError, ValueError):
    """A schedule cannot be built as asked (a missing task, an impossible anchor...)."""


class StrictModeError(InspectionSimError, ValueError):
    """A warning was raised as an error because strict mode was on."""


class TrackerError(InspectionSimError, ValueError):
    """A filled-in tracker cannot be read, or what it records cannot have happened; every problem
    is listed, by sheet, row and column."""


class OutputError(InspectionSimError, OSError):
    """An output could not be written (unwritable folder, existing file without --force)."""


class ForecastInputError(InspectionSimError, ValueError):
    """A forecast or timescale-flow input is invalid (a history entry, a flow parameter)."""


class SimulationError(InspectionSimError, ValueError):
    """A simulation setting is invalid (a duration distribution, an event rate, a capacity...)."""


class MissingExtraError(InspectionSimError, ImportError):
    """An optional dependency is not installed; the message names the extra to install."""
