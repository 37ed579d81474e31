"""Reading parsed TOML with key paths: typed getters, unknown-key rejection, merge with origins.

Every error names the file the offending value came from, the key path in the form
``[inspections.short].notice.working_days``, the value received and the valid choices.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, MutableMapping
from datetime import date, time
from typing import Any, TypeVar

from inspection_sim.errors import RuleFileError

__all__ = ["Origins", "Table", "key_text", "merge"]

#: Top-level tables whose children are themselves named tables (shown as ``[inspections.short]``).
_COLLECTIONS = frozenset({"inspections", "blackouts", "cycle", "timescales", "sources"})

Path = tuple[str, ...]
Origins = dict[Path, str]
T = TypeVar("T")
_NO_DEFAULT: Any = object()


def key_text(path: Path) -> str:
    """``("inspections", "short", "notice", "days")`` -> ``"[inspections.short].notice.days"``."""
    if not path:
        return ""
    head = 2 if path[0] in _COLLECTIONS and len(path) > 1 else 1
    text = "[" + ".".join(path[:head]) + "]"
    for part in path[head:]:
        text += part if part.startswith("[") else "." + part
    return text


def merge(
    base: MutableMapping[str, Any],
    overlay: Mapping[str, Any],
    source: str,
    origins: Origins,
    prefix: Path = (),
) -> None:
    """Merge ``overlay`` into ``base`` in place: tables merge key by key, anything else
    (numbers, strings, arrays) replaces. ``origins`` records which source set each path."""
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


def _mark(path: Path, value: Any, source: str, origins: Origins) -> None:
    origins[path] = source
    if isinstance(value, Mapping):
        for key, child in value.items():
            _mark((*path, key), child, source, origins)
    elif isinstance(value, list):
        for i, child in enumerate(value):
            _mark((*path, f"[{i}]"), child, source, origins)


class Table:
    """A parsed TOML table with its key path; getters raise :class:`RuleFileError` on bad input."""

    def __init__(self, data: Mapping[str, Any], path: Path, origins: Origins, default_source: str):
        self.data = data
        self.path = path
        self._origins = origins
        self._default = default_source

    def source_of(self, path: Path) -> str:
        """The file (or override) that set ``path``, or its nearest ancestor."""
        for end in range(len(path), -1, -1):
            found = self._origins.get(path[:end])
            if found is not None:
                return found
        return self._default

    def error(
        self, key: str | None, message: str, value: Any = _NO_DEFAULT, choices: Iterable[str] = ()
    ) -> RuleFileError:
        """A :class:`RuleFileError` located at ``key`` of this table (or the table itself)."""
        path = self.path if key is None else (*self.path, key)
        kwargs: dict[str, Any] = {"source": self.source_of(path), "key": key_text(path)}
        if value is not _NO_DEFAULT:
            kwargs["value"] = value
        return RuleFileError(message, choices=tuple(choices), **kwargs)

    def only(self, *allowed: str) -> None:
        """Reject keys not in ``allowed`` (the closest valid key is suggested)."""
        for key in self.data:
            if key not in allowed:
                raise self.error(key, "unknown key", key, sorted(allowed))

    def has(self, key: str) -> bool:
        return key in self.data

    def get(self, key: str, kind: type[T], what: str, default: Any = _NO_DEFAULT) -> T:
        """The value at ``key`` checked against ``kind``; ``default`` when missing (if given)."""
        if key not in self.data:
            if default is _NO_DEFAULT:
                raise self.error(key, f"missing required key ({what})")
            return default  # type: ignore[no-any-return]
        value = self.data[key]
        bad_bool = isinstance(value, bool) and kind is not bool
        if not isinstance(value, kind) or bad_bool:
            raise self.error(key, f"must be {what}", value)
        return value

    def text(self, key: str, default: Any = _NO_DEFAULT) -> str:
        return self.get(key, str, "a string", default)

    def integer(self, key: str, minimum: int | None = None, default: Any = _NO_DEFAULT) -> int:
        value = self.get(key, int, "an integer", default)
        if value is not None and minimum is not None and value < minimum:
            raise self.error(key, f"must be an integer >= {minimum}", value)
        return value

    def strings(self, key: str, default: Any = _NO_DEFAULT) -> tuple[str, ...]:
        items = self.get(key, list, "a list of strings", default)
        if items is None:
            return ()
        for i, item in enumerate(items):
            if not isinstance(item, str):
                raise self.error(f"{key}[{i}]", "must be a string", item)
        return tuple(items)

    def day(self, key: str, default: Any = _NO_DEFAULT) -> date:
        return self.get(key, date, "a date (YYYY-MM-DD)", default)

    def clock(self, key: str, default: Any = _NO_DEFAULT) -> time:
        """A time of day written ``"HH:MM"`` (or a TOML local time)."""
        value = self.get(key, object, "a time of day 'HH:MM'", default)
        if isinstance(value, time):
            return value
        try:
            return time.fromisoformat(value)  # type: ignore[arg-type]
        except (TypeError, ValueError):
            raise self.error(key, "must be a time of day 'HH:MM'", value) from None

    def choice(self, key: str, choices: Iterable[str], default: Any = _NO_DEFAULT) -> str:
        options = tuple(choices)
        value = self.text(key, default)
        if value not in options:
            raise self.error(key, "not a valid choice", value, options)
        return value

    def table(self, key: str) -> Table:
        value = self.get(key, dict, "a table", None)
        return self.child(key, {} if value is None else value)

    def child(self, key: str, data: Mapping[str, Any]) -> Table:
        return Table(data, (*self.path, key), self._origins, self._default)

    def tables(self, key: str) -> list[tuple[str, Table]]:
        """Named sub-tables of ``key`` in file order: ``[x.<name>]`` -> ``(name, Table)``."""
        group = self.table(key)
        found = []
        for name, value in group.data.items():
            if not isinstance(value, Mapping):
                raise group.error(name, "must be a table", value)
            found.append((name, group.child(name, value)))
        return found
