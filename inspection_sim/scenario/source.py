"""Reading a scenario's text: regular files only, at most :data:`MAX_BYTES`, UTF-8 with or without
a byte-order mark, and TOML nested no deeper than :data:`MAX_DEPTH`.

A scenario path can name anything: a FIFO (opening it would wait for a writer for ever), a device
or a symlink to one (``/dev/zero`` never ends), a folder. The file is opened without blocking and
checked before a byte is read, and no more than the cap plus one byte is ever read.
"""

from __future__ import annotations

import os
import stat
import tomllib
from collections.abc import Mapping
from typing import Any

from inspection_sim.errors import ScenarioError
from inspection_sim.scenario.limits import MAX_BYTES, MAX_DEPTH

__all__ = ["check_depth", "decode", "parse_toml", "read_text"]

_KINDS = (
    (stat.S_ISDIR, "a folder"),
    (stat.S_ISFIFO, "a named pipe (FIFO)"),
    (stat.S_ISCHR, "a character device"),
    (stat.S_ISBLK, "a block device"),
    (stat.S_ISSOCK, "a socket"),
)

_BOM = "\ufeff"


def read_text(source: str) -> str:
    """The text of the scenario file ``source``.

    Raises:
        ScenarioError: the path cannot be opened, is not a regular file, is larger than
            :data:`MAX_BYTES`, or is not UTF-8 text.
    """
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
        data = _read_at_most(handle, MAX_BYTES + 1)
    except OSError as error:
        raise ScenarioError(_cannot_read(error), source=source) from None
    finally:
        os.close(handle)
    if len(data) > MAX_BYTES:
        raise ScenarioError(
            f"larger than the {MAX_BYTES:,} bytes a scenario file may hold", source=source
        )
    return decode(data, source)


def decode(data: bytes, source: str) -> str:
    """UTF-8 bytes to text, without a leading byte-order mark."""
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as error:
        line = data.count(b"\n", 0, error.start) + 1
        column = error.start - (data.rfind(b"\n", 0, error.start) + 1) + 1
        raise ScenarioError(
            f"not UTF-8 text: byte 0x{data[error.start]:02x} at line {line}, column {column} "
            "(save the file as UTF-8)",
            source=source,
        ) from None
    return text.removeprefix(_BOM)


def parse_toml(text: str, source: str) -> dict[str, Any]:
    """Parse TOML text (the caller checks the nesting with :func:`check_depth`)."""
    if len(text) > MAX_BYTES:
        raise ScenarioError(
            f"larger than the {MAX_BYTES:,} characters a scenario may hold", source=source
        )
    try:
        data = tomllib.loads(text.removeprefix(_BOM))
    except tomllib.TOMLDecodeError as error:
        raise ScenarioError(f"not valid TOML: {error}", source=source) from None
    except RecursionError:  # the parser recurses once per level of inline nesting
        raise _too_deep(source) from None
    return data


def check_depth(data: Mapping[str, Any], source: str) -> None:
    """Refuse tables and arrays nested more than :data:`MAX_DEPTH` levels deep."""
    if _deeper_than(data, MAX_DEPTH):
        raise _too_deep(source)


def _too_deep(source: str) -> ScenarioError:
    return ScenarioError(
        f"tables and arrays nested more than {MAX_DEPTH} levels deep", source=source
    )


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


def _deeper_than(data: Mapping[str, Any], limit: int) -> bool:
    """Whether tables and arrays nest more than ``limit`` levels (without recursion: dotted keys
    nest as deep as a file is long)."""
    stack: list[tuple[Any, int]] = [(data, 0)]
    while stack:
        value, depth = stack.pop()
        if depth > limit:
            return True
        if isinstance(value, dict):
            stack.extend((item, depth + 1) for item in value.values())
        elif isinstance(value, list):
            stack.extend((item, depth + 1) for item in value)
    return False


def _cannot_read(error: OSError) -> str:
    reason = error.strerror or type(error).__name__
    return f"cannot read the scenario file: {reason.lower()}"
