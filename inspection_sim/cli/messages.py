"""Error messages at the command line: the options a planner typed, on lines a terminal shows.

The library's errors speak to Python callers and name their arguments (``key="fieldwork_days"``,
"build the calendar with a wider start/end"); the command line names its options instead
(``--fieldwork-days``), drops advice no option can follow and a Python argument no option stands
for. A date that leads outside the
working calendar is named with the dates given on the command line. Control characters from user
input are shown escaped, so a message stays on its lines and cannot drive the terminal.
"""

from __future__ import annotations

import argparse
import dataclasses
from collections.abc import Mapping
from datetime import date

from inspection_sim.errors import CalendarRangeError, InspectionSimError, Problem

__all__ = ["PYTHON_REMEDIES", "cli_message", "dates_given", "one_line"]

#: Advice that only makes sense in Python, and what the command line says instead.
PYTHON_REMEDIES: dict[str, str] = {
    "; build the calendar with a wider start/end": "",
}


def cli_message(
    error: InspectionSimError, options: Mapping[str, str], given: Mapping[str, str] | None = None
) -> str:
    """``error`` as the command line shows it.

    Args:
        error: what the library raised.
        options: the command's options by destination (``fieldwork_days`` -> ``--fieldwork-days``).
        given: the dates the command line gave, by option (see :func:`dates_given`).
    """
    text = str(InspectionSimError(problems=[_keyed(p, options) for p in error.problems]))
    for python, cli in PYTHON_REMEDIES.items():
        text = text.replace(python, cli)
    if isinstance(error, CalendarRangeError) and given:
        text += " (dates given: " + ", ".join(f"{k} {v}" for k, v in given.items()) + ")"
    return "\n".join(one_line(line) for line in text.split("\n"))


def _keyed(problem: Problem, options: Mapping[str, str]) -> Problem:
    """The problem keyed by its option, or without a key no option stands for."""
    key = problem.key
    if problem.source is not None or key is None or key.startswith("-"):
        return problem
    return dataclasses.replace(problem, key=options.get(key))


def dates_given(args: argparse.Namespace, options: Mapping[str, str]) -> dict[str, str]:
    """The options given calendar dates on the command line, with the dates (ISO)."""
    found: dict[str, str] = {}
    for dest, option in options.items():
        value = getattr(args, dest, None)
        values = value if isinstance(value, list) else [value]
        days = [v.isoformat() for v in values if type(v) is date]  # not a time such as --stamp
        if days:
            found[option] = ", ".join(days)
    return found


def one_line(text: str) -> str:
    """``text`` with line breaks and other control characters shown as escapes."""
    return "".join(
        char if char.isprintable() or char == "\t" else repr(char)[1:-1] for char in text
    )
