"""The explicit registry of rule files, and choosing a framework version by date.

Every rule file on disk must appear here and every entry must have a file (a test checks both).
A version is in force from its ``effective_from`` date until the next version's.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from functools import cache
from pathlib import Path
from typing import Any

from inspection_sim.errors import ArgumentTypeError, UnknownNameError
from inspection_sim.rules.loader import build_framework, read_rule_file, rule_file_name
from inspection_sim.rules.model import Framework
from inspection_sim.toml_reader import Origins, merge

__all__ = [
    "FRAMEWORKS",
    "framework_from_file",
    "framework_from_text",
    "frameworks",
    "load_framework",
    "version_on",
    "versions",
]

#: Framework id -> its versions, oldest first. Each is ``rules/data/<id>/<version>.toml``.
FRAMEWORKS: Mapping[str, tuple[str, ...]] = {
    "ilacs": (
        "2018-01",
        "2018-09",
        "2020-09",
        "2021-06",
        "2023-01",
        "2024-04",
        "2024-12",
        "2026-04",
    ),
    "jtai": ("2016-02", "2022-04", "2023-09"),
    "area-send": ("2023-01", "2025-06"),
    "hmip-yj": ("2018-05", "2020-07", "2024-01"),
}


def frameworks() -> tuple[str, ...]:
    """The registered framework ids."""
    return tuple(FRAMEWORKS)


def versions(framework: str) -> tuple[str, ...]:
    """The registered versions of ``framework``, oldest first."""
    return FRAMEWORKS[_framework_id(framework)]


def _framework_id(name: str) -> str:
    if name not in FRAMEWORKS:
        raise UnknownNameError(
            "unknown framework", key="framework", value=name, choices=tuple(FRAMEWORKS)
        )
    return name


@cache
def _effective_from(framework: str, version: str) -> date:
    return load_version(framework, version).effective_from


def version_on(framework: str, on: date) -> str:
    """The version of ``framework`` in force on ``on``.

    Raises:
        UnknownNameError: ``on`` is before the framework's first version (the earliest is named).
    """
    if not isinstance(on, date):
        raise ArgumentTypeError("argument 'on' must be a datetime.date", value=on)
    chosen = None
    for version in versions(framework):
        if _effective_from(framework, version) <= on:
            chosen = version
    if chosen is None:
        first = versions(framework)[0]
        raise UnknownNameError(
            f"{framework} has no version in force on {on.isoformat()}; the earliest is {first} "
            f"(in force from {_effective_from(framework, first).isoformat()})",
            key="on",
        )
    return chosen


def load_framework(
    framework: str, *, on: date | None = None, version: str | None = None
) -> Framework:
    """The rules of ``framework`` in force on ``on``, or the named ``version`` (default: the latest).

    Loaded files are cached: repeated calls return the same object without parsing again.

    >>> load_framework("ilacs", version="2024-12").inspection("short").fieldwork.days
    5
    """
    if on is not None and version is not None:
        raise ArgumentTypeError("give 'on' or 'version', not both")
    name = _framework_id(framework)
    if version is None:
        version = versions(name)[-1] if on is None else version_on(name, on)
    elif version not in FRAMEWORKS[name]:
        raise UnknownNameError(
            f"unknown version of {name}", key="version", value=version, choices=FRAMEWORKS[name]
        )
    return load_version(name, version)


@cache
def load_version(framework: str, version: str) -> Framework:
    """Load, merge (``extends``) and validate one registered version; cached."""
    data, origins = _merged(framework, version, ())
    return build_framework(data, origins, rule_file_name(framework, version), framework, version)


@cache
def inspection_names(framework: str, version: str) -> tuple[str, ...]:
    """The inspection types one registered version defines, read without validating the whole
    rule set (a quick listing for name checks; :func:`load_version` still validates on use)."""
    data, _ = _merged(framework, version, ())
    table = data.get("inspections", {})
    return tuple(sorted(table)) if isinstance(table, Mapping) else ()


#: Keys of ``[meta]`` that describe one file and are never inherited by a file that extends it.
_FILE_KEYS = ("effective_to", "unverified", "note", "checked")


def _own_meta(data: dict[str, Any]) -> None:
    meta = data.get("meta")
    if isinstance(meta, dict):
        for key in _FILE_KEYS:
            meta.pop(key, None)


def _merged(framework: str, version: str, seen: tuple[str, ...]) -> tuple[dict[str, Any], Origins]:
    file = rule_file_name(framework, version)
    raw = read_rule_file(framework, version)
    meta = raw.get("meta", {})
    base = meta.get("extends") if isinstance(meta, Mapping) else None
    data: dict[str, Any] = {}
    origins: Origins = {}
    if base is not None:
        earlier = FRAMEWORKS[framework][: FRAMEWORKS[framework].index(version)]
        if base not in earlier or base in seen:
            from inspection_sim.errors import RuleFileError

            raise RuleFileError(
                "extends must name an earlier registered version",
                source=file,
                key="meta.extends",
                value=base,
                choices=earlier,
            )
        data, origins = _merged(framework, base, (*seen, version))
        _own_meta(data)
    merge(data, raw, file, origins)
    return data, origins


def framework_from_text(text: str, *, name: str, framework: str, version: str) -> Framework:
    """Parse and validate rule-file text that is not (yet) registered, e.g. a draft of a new
    version or a test case. ``[meta] extends`` may name a registered version of ``framework``.

    Raises:
        RuleFileError: naming ``name``, the key path, the value and the valid choices.
    """
    from inspection_sim.toml_reader import parse_toml

    return _unregistered(parse_toml(text, name), name, framework, version)


def framework_from_file(path: Path) -> Framework:
    """Read and validate a draft rule file whose ``[meta]`` names its framework and version
    (``inspection-sim rules check``).

    Raises:
        RuleFileError: the file cannot be read, or every problem in it.
    """
    from inspection_sim.errors import RuleFileError
    from inspection_sim.toml_reader import read_toml

    name = str(path)
    raw = read_toml(path, name)
    meta = raw.get("meta", {})
    framework = meta.get("framework") if isinstance(meta, dict) else None
    version = meta.get("version") if isinstance(meta, dict) else None
    if not isinstance(framework, str) or not isinstance(version, str):
        raise RuleFileError("must name the framework and the version", source=name, key="meta")
    return _unregistered(raw, name, framework, version)


def _unregistered(raw: dict[str, Any], name: str, framework: str, version: str) -> Framework:
    data: dict[str, Any] = {}
    origins: Origins = {}
    meta = raw.get("meta", {})
    base = meta.get("extends") if isinstance(meta, Mapping) else None
    if base is not None:
        if base not in FRAMEWORKS.get(framework, ()):
            from inspection_sim.errors import RuleFileError

            raise RuleFileError(
                "extends must name a registered version",
                source=name,
                key="meta.extends",
                value=base,
                choices=FRAMEWORKS.get(framework, ()),
            )
        data, origins = _merged(framework, base, ())
        _own_meta(data)
    merge(data, raw, name, origins)
    return build_framework(data, origins, name, framework, version)
