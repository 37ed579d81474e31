"""A validating reader over parsed TOML that collects every problem instead of stopping at the first.

Each getter checks one value, records a :class:`~inspection_sim.errors.Problem` naming the file, the
key path, the value and the valid choices when it is wrong, and returns a fallback so that reading
carries on. The loader raises one :class:`~inspection_sim.errors.ScenarioError` at the end.
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable, Iterable, Mapping, Sequence
from datetime import date, datetime, time
from typing import Any, TypeVar

from inspection_sim.errors import InspectionSimError, Problem
from inspection_sim.scenario.limits import MAX_ITEMS, MAX_TEXT
from inspection_sim.timeofday import OFFSET_REFUSED, parse_time_of_day

__all__ = ["Node", "Problems"]

T = TypeVar("T")

_IDENTIFIER = re.compile(r"[A-Za-z0-9][A-Za-z0-9_-]*")

_TYPE_NAMES = {
    str: "a string",
    int: "an integer",
    float: "a number",
    bool: "true or false",
    dict: "a table",
    list: "an array",
}


class Problems:
    """The growing list of problems found in one file."""

    def __init__(self, source: str) -> None:
        self.source = source
        self.items: list[Problem] = []

    def add(
        self,
        message: str,
        key: str,
        value: Any = None,
        choices: Sequence[str] = (),
        *,
        has_value: bool = True,
    ) -> None:
        """Record one problem at ``key`` (a dotted key path)."""
        if has_value:
            self.items.append(
                Problem(message, self.source, key or "(top level)", value, tuple(choices))
            )
        else:
            self.items.append(
                Problem(message, self.source, key or "(top level)", choices=tuple(choices))
            )

    def absorb(self, error: InspectionSimError, key: str) -> None:
        """Record the problems of an error raised by another part of the library, under ``key``."""
        for problem in error.problems:
            inner = key
            if problem.key and problem.key != key:
                # A plain key continues the path (inspection.version); a rule-file path is quoted.
                plain = re.fullmatch(r"[\w-]+", problem.key)
                inner = f"{key}.{problem.key}" if plain else f"{key}: {problem.key}"
            self.items.append(
                Problem(problem.message, self.source, inner, problem.value, tuple(problem.choices))
            )


def _path(parent: str, key: str | int) -> str:
    if isinstance(key, int):
        return f"{parent}[{key}]"
    return f"{parent}.{key}" if parent else key


def _type_name(kind: type | tuple[type, ...]) -> str:
    kinds = kind if isinstance(kind, tuple) else (kind,)
    return " or ".join(_TYPE_NAMES.get(k, k.__name__) for k in kinds)


class Node:
    """One table of the file, with its key path; getters validate and record problems."""

    def __init__(self, data: Mapping[str, Any], path: str, problems: Problems) -> None:
        self.data = data
        self.path = path
        self.problems = problems

    def key(self, name: str | int) -> str:
        return _path(self.path, name)

    def only(self, allowed: Iterable[str]) -> None:
        """Every key of this table must be one of ``allowed``; others are reported as unknown."""
        valid = tuple(allowed)
        for name in self.data:
            if name not in valid:
                self.problems.add("unknown key", self.key(name), name, valid)

    def has(self, name: str) -> bool:
        return name in self.data

    def _typed(self, name: str, kind: type | tuple[type, ...], required: bool) -> Any:
        if name not in self.data:
            if required:
                self.problems.add("missing required key", self.key(name), has_value=False)
            return None
        value = self.data[name]
        kinds = kind if isinstance(kind, tuple) else (kind,)
        is_bool = isinstance(value, bool)
        if (is_bool and bool not in kinds) or not isinstance(value, kinds):
            self.problems.add(f"must be {_type_name(kind)}", self.key(name), value)
            return None
        return value

    def string(
        self, name: str, default: str | None = None, *, required: bool = False
    ) -> str | None:
        value = self._typed(name, str, required)
        if value is None:
            return default
        if len(value) > MAX_TEXT:
            self.problems.add(
                f"at most {MAX_TEXT} characters; this one has {len(value):,}",
                self.key(name),
                has_value=False,
            )
            return default
        return str(value)

    def identifier(self, name: str, *, required: bool = False) -> str | None:
        """A name made of letters, digits, ``-`` and ``_`` (a task or team id)."""
        value = self.string(name, required=required)
        if value is not None and not _IDENTIFIER.fullmatch(value):
            self.problems.add(
                "a name may hold only letters, digits, '-' and '_'", self.key(name), value
            )
            return None
        return value

    def integer(
        self,
        name: str,
        default: int | None = None,
        *,
        required: bool = False,
        minimum: int | None = None,
        maximum: int | None = None,
    ) -> int | None:
        value = self._typed(name, int, required)
        if value is None:
            return default
        if (minimum is not None and value < minimum) or (maximum is not None and value > maximum):
            self.problems.add(_range_text(minimum, maximum), self.key(name), value)
            return default
        return int(value)

    def number(
        self,
        name: str,
        default: float | None = None,
        *,
        minimum: float | None = None,
        maximum: float | None = None,
    ) -> float | None:
        value = self._typed(name, (int, float), False)
        if value is None:
            return default
        if not math.isfinite(value):
            self.problems.add("must be a finite number", self.key(name), value)
            return default
        if (minimum is not None and value < minimum) or (maximum is not None and value > maximum):
            self.problems.add(_range_text(minimum, maximum), self.key(name), value)
            return default
        return float(value)

    def boolean(self, name: str, default: bool) -> bool:
        value = self._typed(name, bool, False)
        return default if value is None else bool(value)

    def choice(
        self,
        name: str,
        choices: Sequence[str],
        default: str | None = None,
        *,
        required: bool = False,
    ) -> str | None:
        value = self.string(name, required=required)
        if value is None:
            return default
        if value not in choices:
            self.problems.add("not a valid choice", self.key(name), value, choices)
            return default
        return value

    def day(self, name: str, *, required: bool = False) -> date | None:
        if name not in self.data:
            if required:
                self.problems.add("missing required key", self.key(name), has_value=False)
            return None
        return read_date(self.data[name], self.key(name), self.problems)

    def time_of_day(self, name: str, default: time | None = None) -> time | None:
        value = self._typed(name, (str, time), False)
        if value is None:
            return default
        if isinstance(value, time):
            if value.tzinfo is None:
                return value
            self.problems.add(OFFSET_REFUSED, self.key(name), value.isoformat())
            return default
        try:
            return parse_time_of_day(value)
        except ValueError as error:
            offset = str(error) == OFFSET_REFUSED  # refused, never dropped
            reason = OFFSET_REFUSED if offset else "must be a time of day like 09:30"
            self.problems.add(reason, self.key(name), value)
            return default

    def table(self, name: str, *, required: bool = False) -> Node | None:
        value = self._typed(name, dict, required)
        return None if value is None else Node(value, self.key(name), self.problems)

    def array(self, name: str) -> list[tuple[str, Any]]:
        """The items of an array with their key paths (empty, with a problem, when not an array
        or longer than :data:`~inspection_sim.scenario.limits.MAX_ITEMS`)."""
        value = self._typed(name, list, False)
        if value is None:
            return []
        if len(value) > MAX_ITEMS:
            self.problems.add(
                f"at most {MAX_ITEMS} entries; this one has {len(value):,}",
                self.key(name),
                has_value=False,
            )
            return []
        return [(_path(self.key(name), i), item) for i, item in enumerate(value)]

    def tables(self, name: str) -> list[Node]:
        """An array of tables (``[[name]]``) as nodes; non-table items are reported."""
        nodes = []
        for path, item in self.array(name):
            if isinstance(item, dict):
                nodes.append(Node(item, path, self.problems))
            else:
                self.problems.add("must be a table", path, item)
        return nodes

    def children(self, limit: int = MAX_ITEMS) -> list[tuple[str, Node]]:
        """The sub-tables of this table, keyed by name (``[teams.performance]``), at most ``limit``.

        Names are identifiers: letters, digits, ``-`` and ``_``.
        """
        if len(self.data) > limit:
            self.problems.add(
                f"at most {limit} entries; this one has {len(self.data):,}",
                self.path,
                has_value=False,
            )
            return []
        nodes = []
        for name, item in self.data.items():
            if not (isinstance(name, str) and _IDENTIFIER.fullmatch(name)):
                self.problems.add(
                    "a name may hold only letters, digits, '-' and '_'", self.key(name), name
                )
            elif isinstance(item, dict):
                nodes.append((name, Node(item, self.key(name), self.problems)))
            else:
                self.problems.add("must be a table", self.key(name), item)
        return nodes

    def strings(self, name: str) -> list[str]:
        found = []
        for path, item in self.array(name):
            if not isinstance(item, str):
                self.problems.add("must be a string", path, item)
            elif len(item) > MAX_TEXT:
                self.problems.add(
                    f"at most {MAX_TEXT} characters; this one has {len(item):,}",
                    path,
                    has_value=False,
                )
            else:
                found.append(item)
        return found

    def guard(self, name: str, check: Callable[[Any], T]) -> T | None:
        """Run a library parser on the value at ``name``, turning its error into problems."""
        if name not in self.data:
            return None
        try:
            return check(self.data[name])
        except InspectionSimError as error:
            for problem in error.problems:
                self.problems.add(
                    problem.message, self.key(name), self.data[name], tuple(problem.choices)
                )
            return None


def read_date(value: Any, path: str, problems: Problems) -> date | None:
    """A TOML date or an ISO ``YYYY-MM-DD`` string; datetimes are refused (dates only)."""
    if isinstance(value, (datetime, bool)):
        problems.add("must be a date (YYYY-MM-DD), not a date-time", path, value)
        return None
    if isinstance(value, date):
        return value
    if isinstance(value, str):
        try:
            return date.fromisoformat(value)
        except ValueError:
            problems.add("not a valid date (YYYY-MM-DD)", path, value)
            return None
    problems.add("must be a date (YYYY-MM-DD)", path, value)
    return None


def _range_text(minimum: float | None, maximum: float | None) -> str:
    if minimum is not None and maximum is not None:
        return f"must be between {minimum} and {maximum}"
    if minimum is not None:
        return f"must be at least {minimum}"
    return f"must be at most {maximum}"
