"""Reading a scenario file: regular files only, never more than the cap plus one byte, then the
library's one TOML reader (:mod:`inspection_sim.toml_reader`: UTF-8 with or without a byte-order
mark, nesting capped).

A scenario path can name anything: a FIFO (opening it would wait for a writer for ever), a device
or a symlink to one (``/dev/zero`` never ends), a folder, a file that grows while it is read. The
file is opened without blocking and the opened file is checked before a byte is read, so no other
file can take its place in between; at most :data:`~inspection_sim.toml_reader.MAX_BYTES` plus one
byte is ever read.
"""

from __future__ import annotations

import os
import stat
from collections.abc import Mapping
from typing import Any

from inspection_sim.errors import ScenarioError
from inspection_sim.toml_reader import MAX_BYTES, MAX_DEPTH, parse_toml

__all__ = ["check_depth", "read_data", "read_text_data"]

_KINDS = (
    (stat.S_ISDIR, "a folder"),
    (stat.S_ISFIFO, "a named pipe (FIFO)"),
    (stat.S_ISCHR, "a character device"),
    (stat.S_ISBLK, "a block device"),
    (stat.S_ISSOCK, "a socket"),
)


def read_data(source: str) -> dict[str, Any]:
    """The parsed TOML of the scenario file ``source`` (not yet validated as a scenario).

    Raises:
        ScenarioError: the path cannot be opened, is not a regular file, is larger than the cap,
            is not UTF-8, is nested too deeply or is not TOML.
    """
    return read_text_data(_read_bytes(source), source)


def read_text_data(text: str | bytes, source: str) -> dict[str, Any]:
    """Scenario TOML held in a string (or the bytes of a file), parsed after the reader's guards."""
    return parse_toml(text, source, error=ScenarioError)


def check_depth(data: Mapping[str, Any], source: str) -> None:
    """Refuse tables and arrays nested more than the reader's cap (a mapping built in Python has
    not been through the reader; dotted keys nest as deep as a file is long, so no recursion)."""
    stack: list[tuple[Any, int]] = [(data, 0)]
    while stack:
        value, depth = stack.pop()
        if depth > MAX_DEPTH:
            raise ScenarioError(f"tables and arrays nest more than {MAX_DEPTH} deep", source=source)
        if isinstance(value, Mapping):
            stack.extend((item, depth + 1) for item in value.values())
        elif isinstance(value, list):
            stack.extend((item, depth + 1) for item in value)


def _read_bytes(source: str) -> bytes:
    flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_NOCTTY", 0)
    try:
        handle = os.open(source, flags)
    except OSError as error:
        raise ScenarioError(_cannot_read(error), source=source) from None
    try:
        mode = os.fstat(handle).st_mode
        if not stat.S_ISREG(mode):
            kind = next((name for test, name in _KINDS if test(mode)), "not a file")
            raise ScenarioError(f"a scenario must be a regular file; this is {kind}", source=source)
        return _read_at_most(handle, MAX_BYTES + 1)  # one byte more shows a file too large
    except OSError as error:
        raise ScenarioError(_cannot_read(error), source=source) from None
    finally:
        os.close(handle)


def _read_at_most(handle: int, limit: int) -> bytes:
    chunks: list[bytes] = []
    size = 0
    while size < limit:
        chunk = os.read(handle, min(1 << 16, limit - size))
        if not chunk:
            break
        chunks.append(chunk)
        size += len(chunk)
    return b"".join(chunks)


def _cannot_read(error: OSError) -> str:
    reason = error.strerror or type(error).__name__
    return f"cannot read the scenario file: {reason.lower()}"
