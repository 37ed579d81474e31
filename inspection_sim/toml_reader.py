"""Reading TOML files: guards on the file, typed getters with key paths, every problem at once.

Every TOML file the library reads goes through this module: the rule files, the fitted forecast
figures, and the files users pass in. A :class:`Reading` collects one
:class:`~inspection_sim.errors.Problem` per bad value, naming the file, the key path, the value
received and the valid choices (the closest one suggested), and :meth:`Reading.check` raises them
together. A getter that finds a bad value records it and returns a stand-in of the right type, so
reading carries on and the next problem is found too.

Conventions, the same for every file:

* A key path is written as TOML writes a dotted key, with ``[i]`` for an item of an array:
  ``inspections.short.fieldwork.days``, ``whatif[0].factor``. A key that is not a bare TOML key is
  quoted: ``publication."2021+".working_days``.
* Guards run before a file is parsed: it must be a regular file of at most :data:`MAX_BYTES`; a
  UTF-8 byte-order mark (Windows editors add one) is dropped, and any other encoding is refused;
  tables and arrays may nest at most :data:`MAX_DEPTH` deep.
* A value that is missing is a problem when the getter is given no default, or ``required=True``.
* A reading may cap what one file holds (:class:`Reading`'s ``max_text`` and ``max_items``): a
  longer text or a longer list is a problem, never a slow command.
"""

from __future__ import annotations

import codecs
import json
import math
import re
import tomllib
from collections.abc import Callable, Iterable, Mapping, MutableMapping
from datetime import date, datetime, time
from pathlib import Path
from typing import Any, NoReturn, Protocol, TypeVar

from inspection_sim.errors import InspectionSimError, Problem, RuleFileError
from inspection_sim.timeofday import OFFSET_REFUSED, parse_time_of_day

__all__ = [
    "MAX_BYTES",
    "MAX_DEPTH",
    "KeyPath",
    "Origins",
    "Reading",
    "Table",
    "key_text",
    "merge",
    "parse_toml",
    "read_toml",
]

#: The largest file read, in bytes: far above any rule or scenario file, far below a mistake.
MAX_BYTES = 1_000_000
#: The deepest nesting of tables and arrays accepted (rule files nest about 6 deep).
MAX_DEPTH = 24

#: A key path: table keys, and array positions as integers.
KeyPath = tuple[str | int, ...]
#: Which file set each key path, when one reading merges several files.
Origins = dict[KeyPath, str]

T = TypeVar("T")
D = TypeVar("D")
_REQUIRED: Any = object()
_NO_VALUE: Any = object()
_BARE_KEY = re.compile(r"[A-Za-z0-9_-]+")
_UTF16_32_BOMS = (
    codecs.BOM_UTF32_LE,
    codecs.BOM_UTF32_BE,
    codecs.BOM_UTF16_LE,
    codecs.BOM_UTF16_BE,
)


class _File(Protocol):
    """A file to read: a :class:`pathlib.Path` or a packaged resource (``importlib.resources``)."""

    def is_file(self) -> bool: ...

    def read_bytes(self) -> bytes: ...


def key_text(path: KeyPath) -> str:
    """``("inspections", "short", "then", 0)`` -> ``"inspections.short.then[0]"``."""
    text = ""
    for part in path:
        if isinstance(part, int):
            text += f"[{part}]"
        else:
            name = part if _BARE_KEY.fullmatch(part) else _quoted(part)
            text += f".{name}" if text else name
    return text


def _quoted(key: str) -> str:
    """A TOML basic string: JSON's escapes are TOML's, plus DEL, which TOML needs escaped."""
    return json.dumps(key, ensure_ascii=False).replace("\x7f", "\\u007f")


# -- files ------------------------------------------------------------------------------------------


def read_toml(
    file: Path | _File,
    name: str | None = None,
    *,
    error: type[InspectionSimError] = RuleFileError,
    max_bytes: int = MAX_BYTES,
    max_depth: int = MAX_DEPTH,
) -> dict[str, Any]:
    """Parse the TOML file ``file`` after the guards above; ``name`` is how errors name it.

    Raises:
        ``error`` (default :class:`~inspection_sim.errors.RuleFileError`): the file is missing, not
        a regular file, too large, not UTF-8, nested too deeply or not valid TOML.
    """
    label = str(file) if name is None else name
    try:
        if not file.is_file():
            reason = "no such file" if isinstance(file, Path) and not file.exists() else ""
            raise error(f"cannot read the file: {reason or 'not a regular file'}", source=label)
        if isinstance(file, Path) and file.stat().st_size > max_bytes:
            raise error(f"the file is larger than {max_bytes} bytes", source=label)
        raw = file.read_bytes()
    except OSError as failure:
        reason = failure.strerror or type(failure).__name__
        raise error(f"cannot read the file: {reason}", source=label) from None
    return parse_toml(raw, label, error=error, max_bytes=max_bytes, max_depth=max_depth)


def parse_toml(
    text: str | bytes,
    name: str,
    *,
    error: type[InspectionSimError] = RuleFileError,
    max_bytes: int = MAX_BYTES,
    max_depth: int = MAX_DEPTH,
) -> dict[str, Any]:
    """Parse TOML text (or the bytes of a file) named ``name`` in errors, after the guards."""
    if len(text) > max_bytes:
        raise error(f"the file is larger than {max_bytes} bytes", source=name)
    if isinstance(text, bytes):
        text = _decode(text, name, error)
    text = text.removeprefix("\ufeff")
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as failure:
        raise error(f"malformed TOML: {failure}", source=name) from None
    except RecursionError:
        raise error(f"tables and arrays nest more than {max_depth} deep", source=name) from None
    deepest = _too_deep(data, max_depth)
    if deepest is not None:
        raise error(
            f"tables and arrays nest more than {max_depth} deep", source=name, key=key_text(deepest)
        )
    return data


def _decode(raw: bytes, name: str, error: type[InspectionSimError]) -> str:
    if raw.startswith(_UTF16_32_BOMS):
        raise error("the file is saved as UTF-16 or UTF-32; save it as UTF-8", source=name)
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError as failure:
        raise error(
            f"the file is not UTF-8 text (byte {failure.start}); save it as UTF-8", source=name
        ) from None


def _too_deep(data: Mapping[str, Any], limit: int) -> KeyPath | None:
    """The first key path nested more than ``limit`` tables or arrays deep, if any."""
    stack: list[tuple[KeyPath, Any]] = [((), data)]
    while stack:
        path, value = stack.pop()
        if len(path) > limit:
            return path
        if isinstance(value, Mapping):
            stack.extend(((*path, key), item) for key, item in value.items())
        elif isinstance(value, list):
            stack.extend(((*path, i), item) for i, item in enumerate(value))
    return None


def merge(
    base: MutableMapping[str, Any],
    overlay: Mapping[str, Any],
    source: str,
    origins: Origins,
    prefix: KeyPath = (),
) -> None:
    """Merge ``overlay`` into ``base`` in place: tables merge key by key, anything else (numbers,
    strings, arrays) replaces. ``origins`` records which ``source`` set each key path."""
    for key, value in overlay.items():
        path = (*prefix, key)
        old = base.get(key)
        if isinstance(value, Mapping) and isinstance(old, MutableMapping):
            origins.setdefault(path, source)
            merge(old, value, source, origins, path)
        else:
            base[key] = _copy(value)
            _mark(path, value, source, origins)


def _copy(value: Any) -> Any:
    if isinstance(value, Mapping):
        return {k: _copy(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_copy(v) for v in value]
    return value


def _mark(path: KeyPath, value: Any, source: str, origins: Origins) -> None:
    origins[path] = source
    if isinstance(value, Mapping):
        for key, child in value.items():
            _mark((*path, key), child, source, origins)
    elif isinstance(value, list):
        for i, child in enumerate(value):
            _mark((*path, i), child, source, origins)


# -- reading values ---------------------------------------------------------------------------------


class Reading:
    """One reading of a TOML document: where each value came from, and the problems found.

    Args:
        source: the file name errors give (for merged files, the file of any path ``origins``
            does not name).
        origins: the file that set each key path, from :func:`merge`.
        error: the error class :meth:`check` raises.
        max_text: the most characters a text value may have (None: no limit).
        max_items: the most entries a list, or a table of named tables, may have (None: no
            limit).
    """

    def __init__(
        self,
        source: str,
        *,
        origins: Origins | None = None,
        error: type[InspectionSimError] = RuleFileError,
        max_text: int | None = None,
        max_items: int | None = None,
    ) -> None:
        self.source = source
        self.origins: Origins = {} if origins is None else origins
        self.error = error
        self.max_text = max_text
        self.max_items = max_items
        self.problems: list[Problem] = []

    def table(self, data: Mapping[str, Any], path: KeyPath = ()) -> Table:
        """The table ``data`` found at ``path`` (the whole document by default)."""
        return Table(data, path, self)

    def source_of(self, path: KeyPath) -> str:
        """The file that set ``path``, or its nearest ancestor."""
        for end in range(len(path), -1, -1):
            found = self.origins.get(path[:end])
            if found is not None:
                return found
        return self.source

    def add(
        self,
        path: KeyPath,
        message: str,
        value: Any = _NO_VALUE,
        choices: Iterable[str] = (),
    ) -> None:
        """Record one problem at ``path``; ``value`` is the value received, when there is one."""
        where = {"source": self.source_of(path), "key": key_text(path) or None}
        if value is _NO_VALUE:
            self.problems.append(Problem(message, choices=tuple(choices), **where))
        else:
            self.problems.append(Problem(message, value=value, choices=tuple(choices), **where))

    def absorb(
        self,
        path: KeyPath,
        error: InspectionSimError,
        value: Any = _NO_VALUE,
        *,
        keep_keys: bool = False,
    ) -> None:
        """Record the problems of ``error``, raised by another part of the library, at ``path``.

        With ``keep_keys`` each problem keeps its own key after ``path``: a plain key continues
        the path (``inspection.version``), any other (a rule file's key path) follows a colon
        (``overrides.inspection: inspections.short.tasks.x``)."""
        where = key_text(path)
        for problem in error.problems:
            received = problem.value if value is _NO_VALUE else value
            key = where or None
            if keep_keys and problem.key and problem.key != where:
                inner = problem.key
                key = f"{where}.{inner}" if _BARE_KEY.fullmatch(inner) else f"{where}: {inner}"
            source = self.source_of(path)
            self.problems.append(
                Problem(problem.message, source, key, received, tuple(problem.choices))
            )

    def check(self) -> None:
        """Raise every problem found, in the order found, as one error of the reading's class."""
        if self.problems:
            raise self.error(problems=self.problems)

    def fail(self, path: KeyPath, message: str, value: Any = _NO_VALUE) -> NoReturn:
        """Raise now, with the problems found so far and this one (reading cannot go on)."""
        self.add(path, message, value)
        raise self.error(problems=self.problems)


class Table:
    """A TOML table at a key path of a :class:`Reading`; its getters check and record problems.

    Each getter takes ``default``: returned when the key is missing, and also after a problem with
    the value. Without a default a missing key is a problem, and a stand-in of the right type (an
    empty string, zero, the first valid choice...) is returned after any problem. With a default
    and ``required=True``, a missing key is a problem and the default is returned.
    """

    def __init__(
        self, data: Mapping[str, Any], path: KeyPath, reading: Reading, *, reported: bool = False
    ) -> None:
        self.data = data
        self.path = path
        self.reading = reading
        #: The table is missing or not a table, and that was reported: its keys are not.
        self.reported = reported

    @property
    def name(self) -> str:
        """The table's own key (its last key path part), e.g. ``"short"``."""
        return str(self.path[-1]) if self.path else ""

    def problem(
        self,
        key: str | int | None,
        message: str,
        value: Any = _NO_VALUE,
        choices: Iterable[str] = (),
    ) -> None:
        """Record a problem at ``key`` of this table (the table itself when ``key`` is None)."""
        path = self.path if key is None else (*self.path, key)
        self.reading.add(path, message, value, choices)

    def has(self, key: str) -> bool:
        return key in self.data

    def only(self, *allowed: str) -> None:
        """Every key must be one of ``allowed``; any other is an unknown key (closest suggested)."""
        for key in self.data:
            if key not in allowed:
                self.problem(key, "unknown key", key, allowed)

    def child(self, key: str | int, data: Mapping[str, Any]) -> Table:
        return Table(data, (*self.path, key), self.reading)

    # -- one value --------------------------------------------------------------------------------

    def _get(
        self, key: str, kinds: tuple[type, ...], what: str, default: object, required: bool = False
    ) -> Any:
        """The raw value when it has one of ``kinds`` (booleans only when asked for); else None
        (TOML has no null) after recording a missing key or a wrong type."""
        if key not in self.data:
            if (default is _REQUIRED or required) and not self.reported:
                self.problem(key, f"missing required key ({what})")
            return None
        value = self.data[key]
        if not isinstance(value, kinds) or (isinstance(value, bool) and bool not in kinds):
            self.problem(key, f"must be {what}", value)
            return None
        return value

    def text(self, key: str, default: D = _REQUIRED, *, required: bool = False) -> str | D:
        value: str | None = self._get(key, (str,), "a string", default, required)
        if value is not None and not self._short(key, value):
            value = None
        return _otherwise(default, "") if value is None else value

    def _short(self, key: str | int, value: str, path: KeyPath | None = None) -> bool:
        """Whether ``value`` is within the reading's ``max_text``; a problem when it is not."""
        most = self.reading.max_text
        if most is None or len(value) <= most:
            return True
        where = (*self.path, key) if path is None else path
        self.reading.add(where, f"at most {most} characters; this one has {len(value):,}")
        return False

    def _few(self, key: str, count: int, most: int | None = None) -> bool:
        """Whether ``count`` entries are within ``most`` (default the reading's ``max_items``)."""
        most = self.reading.max_items if most is None else most
        if most is None or count <= most:
            return True
        self.problem(key, f"at most {most} entries; this one has {count:,}")
        return False

    def integer(
        self,
        key: str,
        default: D = _REQUIRED,
        *,
        minimum: int | None = None,
        maximum: int | None = None,
        required: bool = False,
    ) -> int | D:
        value: int | None = self._get(key, (int,), "an integer", default, required)
        if value is not None and not _in_range(value, minimum, maximum):
            self.problem(key, _range_text("an integer", minimum, maximum), value)
            value = None
        return _otherwise(default, minimum or 0) if value is None else value

    def number(
        self,
        key: str,
        default: D = _REQUIRED,
        *,
        minimum: float | None = None,
        maximum: float | None = None,
    ) -> float | D:
        """An integer or a finite float, as a float."""
        value: float | None = self._get(key, (int, float), "a number", default)
        if value is not None and not math.isfinite(value):
            self.problem(key, "must be a finite number", value)
            value = None
        elif value is not None and not _in_range(value, minimum, maximum):
            self.problem(key, _range_text("a number", minimum, maximum), value)
            value = None
        return _otherwise(default, float(minimum or 0)) if value is None else float(value)

    def boolean(self, key: str, default: D = _REQUIRED) -> bool | D:
        value: bool | None = self._get(key, (bool,), "true or false", default)
        return _otherwise(default, False) if value is None else value

    def choice(
        self, key: str, choices: Iterable[str], default: D = _REQUIRED, *, required: bool = False
    ) -> str | D:
        """A string that must be one of ``choices`` (the closest is suggested); with no choices
        at all (an empty table of names in a broken file) every value is a problem."""
        options = tuple(choices)
        value: str | None = self._get(key, (str,), "a string", default, required)
        if value is not None and not self._short(key, value):
            value = None
        elif value is not None and value not in options:
            self.problem(key, "not a valid choice", value, options)
            value = None
        return _otherwise(default, options[0] if options else "") if value is None else value

    def day(self, key: str, default: D = _REQUIRED, *, required: bool = False) -> date | D:
        """A TOML date or an ISO ``YYYY-MM-DD`` string; a date-time is refused."""
        what = "a date (YYYY-MM-DD)"
        raw: date | str | None = self._get(key, (date, str), what, default, required)
        value: date | None = None
        if isinstance(raw, datetime):
            self.problem(key, f"must be {what}, not a date-time", raw)
        elif isinstance(raw, str):
            try:
                value = date.fromisoformat(raw)
            except ValueError:
                self.problem(key, f"must be {what}", raw)
        else:
            value = raw
        return _otherwise(default, date(2000, 1, 1)) if value is None else value

    def month_day(self, key: str, default: D = _REQUIRED) -> tuple[int, int] | D:
        """A day of every year written ``"MM-DD"``, as ``(month, day)``."""
        raw: str | None = self._get(key, (str,), "a month and day 'MM-DD'", default)
        if raw is not None:
            try:
                month, day = (int(part) for part in raw.split("-"))
                date(2000, month, day)  # a leap year accepts every real month and day
                return (month, day)
            except ValueError:
                self.problem(key, "must be a month and day 'MM-DD'", raw)
        return _otherwise(default, (1, 1))

    def clock(self, key: str, default: D = _REQUIRED) -> time | D:
        """A local time of day written ``"HH:MM"`` (or a TOML local time); a UTC offset is
        refused, never dropped (:mod:`inspection_sim.timeofday` says why and reads the text)."""
        what = "a time of day 'HH:MM'"
        raw: time | str | None = self._get(key, (time, str), what, default)
        value: time | None = raw if isinstance(raw, time) else None
        if isinstance(raw, str):
            try:
                value = parse_time_of_day(raw)
            except ValueError as error:
                offset = str(error) == OFFSET_REFUSED
                self.problem(key, OFFSET_REFUSED if offset else f"must be {what}", raw)
        if value is not None and value.tzinfo is not None:
            self.problem(key, OFFSET_REFUSED, value.isoformat())
            value = None
        return _otherwise(default, time(0, 0)) if value is None else value

    def parse(
        self, key: str, parser: Callable[[Any], T], fallback: T, *, required: bool = True
    ) -> T:
        """``parser(value)``, or ``fallback`` when the key is missing or ``parser`` raises: the
        problems of the :class:`InspectionSimError` it raises are recorded at ``key``."""
        if key not in self.data:
            if required and not self.reported:
                self.problem(key, "missing required key")
            return fallback
        try:
            return parser(self.data[key])
        except InspectionSimError as error:
            self.reading.absorb((*self.path, key), error, self.data[key])
            return fallback

    # -- lists --------------------------------------------------------------------------------------

    def _list(self, key: str, what: str, default: object) -> list[tuple[int, Any]] | None:
        value = self._get(key, (list,), what, default)
        if value is not None and not self._few(key, len(value)):
            return []
        return None if value is None else list(enumerate(value))

    def values(self, key: str, what: str = "an array") -> list[tuple[KeyPath, Any]]:
        """The raw items of the array ``key`` with their key paths (empty when it is missing),
        for an array whose items may be of several kinds."""
        return [((*self.path, key, i), item) for i, item in self._list(key, what, None) or []]

    def at(self, path: KeyPath, data: Mapping[str, Any]) -> Table:
        """The table ``data`` found at ``path`` of this reading (an item of :meth:`values`)."""
        return Table(data, path, self.reading)

    def strings(self, key: str, default: D = _REQUIRED) -> tuple[str, ...] | D:
        items = self._list(key, "a list of strings", default)
        if items is None:
            return _otherwise(default, ())
        found = []
        for i, item in items:
            if not isinstance(item, str):
                self.reading.add((*self.path, key, i), "must be a string", item)
            elif self._short(i, item, (*self.path, key, i)):
                found.append(item)
        return tuple(found)

    def numbers(self, key: str, default: D = _REQUIRED) -> tuple[float, ...] | D:
        items = self._list(key, "a list of numbers", default)
        if items is None:
            return _otherwise(default, ())
        found = []
        for i, item in items:
            good = isinstance(item, int | float) and not isinstance(item, bool)
            if good and math.isfinite(item):
                found.append(float(item))
            else:
                self.reading.add((*self.path, key, i), "must be a finite number", item)
        return tuple(found)

    # -- tables -------------------------------------------------------------------------------------

    def table(self, key: str, *, required: bool = False) -> Table:
        """The sub-table ``key`` (an empty one when it is missing, or not a table)."""
        value = self._get(key, (dict,), "a table", _REQUIRED if required else None)
        if value is not None:
            return self.child(key, value)
        reported = self.reported or required or key in self.data
        return Table({}, (*self.path, key), self.reading, reported=reported)

    def section(self, key: str, *, required: bool = False) -> Table | None:
        """The sub-table ``key``, or None when it is missing or not a table (the problem recorded
        as by :meth:`table`): for a table whose absence changes what is read."""
        found = self.table(key, required=required)
        return None if found.reported or key not in self.data else found

    def tables(self, key: str, *, most: int | None = None) -> list[Table]:
        """The named sub-tables of ``key`` in file order: ``[key.<name>]``; see :attr:`name`. At
        most ``most`` of them (default the reading's ``max_items``)."""
        group = self.table(key)
        if not self._few(key, len(group.data), most):
            return []
        found = []
        for name, value in group.data.items():
            if isinstance(value, Mapping):
                found.append(group.child(name, value))
            else:
                group.problem(name, "must be a table", value)
        return found

    def items(self, key: str, what: str = "an array of tables") -> list[Table]:
        """The tables of the array ``key`` (``[[key]]``, or inline tables); empty when missing."""
        found = []
        for i, item in self._list(key, what, None) or []:
            if isinstance(item, Mapping):
                found.append(Table(item, (*self.path, key, i), self.reading))
            else:
                self.reading.add((*self.path, key, i), "must be a table", item)
        return found


def _otherwise(default: D, stand_in: T) -> T | D:
    """After a problem: the caller's default, or a stand-in when the key was required."""
    return stand_in if default is _REQUIRED else default


def _in_range(value: float, minimum: float | None, maximum: float | None) -> bool:
    return (minimum is None or value >= minimum) and (maximum is None or value <= maximum)


def _range_text(what: str, minimum: float | None, maximum: float | None) -> str:
    if minimum is not None and maximum is not None:
        return f"must be {what} from {minimum} to {maximum}"
    if minimum is not None:
        return f"must be {what} >= {minimum}"
    return f"must be {what} <= {maximum}"
