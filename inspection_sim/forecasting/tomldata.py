"""Reading the forecast's TOML data files: sourced values, typed access, unknown keys rejected."""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import Any, TypeVar

from inspection_sim.errors import RuleFileError

__all__ = ["Sourced", "Table", "load_package_toml", "load_toml"]

T = TypeVar("T")


@dataclass(frozen=True)
class Sourced:
    """A rule value with the source it comes from and a confidence (H, M, L)."""

    value: Any
    source: str
    confidence: str


def load_toml(path: Path) -> Table:
    """Parse a TOML file into a :class:`Table` that names the file in its errors."""
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except OSError as error:
        raise RuleFileError(f"cannot read the file: {error.strerror}", source=str(path)) from None
    except tomllib.TOMLDecodeError as error:
        raise RuleFileError(f"not valid TOML: {error}", source=str(path)) from None
    return Table(data, source=str(path), path="")


def load_package_toml(name: str) -> Table:
    """A TOML file shipped in ``inspection_sim/forecasting/data``."""
    text = resources.files("inspection_sim.forecasting").joinpath("data", name).read_text("utf-8")
    source = f"inspection_sim/forecasting/data/{name}"
    try:
        return Table(tomllib.loads(text), source=source, path="")
    except tomllib.TOMLDecodeError as error:
        raise RuleFileError(f"not valid TOML: {error}", source=source) from None


class Table:
    """A TOML table that remembers its file and key path, for errors that say where."""

    def __init__(self, data: dict[str, Any], *, source: str, path: str) -> None:
        self.data = data
        self.source = source
        self.path = path

    def _key(self, key: str) -> str:
        return f"{self.path}.{key}" if self.path else key

    def error(
        self, message: str, key: str, value: Any = None, choices: tuple[str, ...] = ()
    ) -> RuleFileError:
        """A RuleFileError naming this file and ``key`` under this table."""
        return RuleFileError(
            message, source=self.source, key=self._key(key), value=value, choices=choices
        )

    def only(self, *allowed: str) -> None:
        """Reject keys that are not in ``allowed``."""
        for key in self.data:
            if key not in allowed:
                raise self.error("unknown key", key, key, allowed)

    def table(self, key: str) -> Table:
        """The sub-table at ``key``."""
        value = self.data.get(key)
        if not isinstance(value, dict):
            raise self.error("missing table" if value is None else "expected a table", key, value)
        return Table(value, source=self.source, path=self._key(key))

    def tables(self, key: str) -> list[Table]:
        """The array of tables at ``key`` (empty when absent)."""
        value = self.data.get(key, [])
        if not isinstance(value, list) or not all(isinstance(item, dict) for item in value):
            raise self.error("expected an array of tables", key, value)
        return [
            Table(item, source=self.source, path=f"{self._key(key)}[{i}]")
            for i, item in enumerate(value)
        ]

    def get(self, key: str, kind: type[T]) -> T:
        """The value at ``key``, which must be of type ``kind`` (ints are accepted as floats)."""
        if key not in self.data:
            raise self.error("missing key", key)
        value = self.data[key]
        if kind is float and isinstance(value, int) and not isinstance(value, bool):
            value = float(value)
        if not isinstance(value, kind) or (kind is int and isinstance(value, bool)):
            raise self.error(f"expected {kind.__name__}", key, value)
        return value

    def sourced(self, key: str, kind: type[T]) -> Sourced:
        """A ``{ value, source, confidence }`` entry whose value has type ``kind``."""
        entry = self.table(key)
        entry.only("value", "source", "confidence")
        confidence = entry.get("confidence", str)
        if confidence not in ("H", "M", "L"):
            raise entry.error("unknown confidence", "confidence", confidence, ("H", "M", "L"))
        return Sourced(entry.get("value", kind), entry.get("source", str), confidence)

    def value(self, key: str, kind: type[T]) -> T:
        """Just the value of a sourced entry."""
        return self.sourced(key, kind).value  # type: ignore[no-any-return]
