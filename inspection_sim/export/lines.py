"""RFC 5545 content lines: TEXT escaping and folding at 75 octets.

Folding counts UTF-8 octets, not characters, and never cuts through a multi-byte sequence: a long
line is split into a first chunk of at most 75 octets and continuation chunks of at most 74 octets
after the leading space (RFC 5545 §3.1). Lines end in CRLF.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

__all__ = ["LIMIT", "escape_text", "fold", "fold_bytes", "join_lines", "unfold"]

#: Octets per physical line, CRLF excluded.
LIMIT = 75

# Control characters other than TAB and newline are not allowed in TEXT (RFC 5545 §3.3.11), so
# they are dropped.
_CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f]")


def escape_text(value: str) -> str:
    """Escape a TEXT value: backslash, semicolon, comma and newline; CRLF or CR is one newline."""
    if "\r" in value:
        value = value.replace("\r\n", "\n").replace("\r", "\n")
    if not value.isprintable():  # a cheap test first: most texts hold no control characters
        value = _CONTROL.sub("", value)
    # str.replace in sequence is several times faster than str.translate with a dict table.
    return value.replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,").replace("\n", "\\n")


def fold(line: str) -> bytes:
    """Encode one content line as UTF-8 and fold it at 75 octets on character boundaries."""
    data = line.encode("utf-8")
    return data if len(data) <= LIMIT else fold_bytes(data)


def fold_bytes(data: bytes) -> bytes:
    """Fold one encoded content line longer than 75 octets."""
    chunks = []
    begin, width = 0, LIMIT
    while len(data) - begin > width:
        cut = begin + width
        while data[cut] & 0xC0 == 0x80:  # a UTF-8 continuation byte: step back to the lead byte
            cut -= 1
        chunks.append(data[begin:cut])
        begin, width = cut, LIMIT - 1
    chunks.append(data[begin:])
    return b"\r\n ".join(chunks)


def join_lines(lines: Iterable[str]) -> bytes:
    """Fold every line and join them with CRLF, ending with a CRLF."""
    encoded = [line.encode("utf-8") for line in lines]
    folded = [data if len(data) <= LIMIT else fold_bytes(data) for data in encoded]
    return b"\r\n".join(folded) + b"\r\n"


def unfold(data: bytes) -> list[str]:
    """Split iCalendar bytes into unfolded content lines (the inverse of :func:`join_lines`)."""
    # Unfold before decoding, so a fold inside a multi-byte sequence (other writers) still decodes.
    data = data.replace(b"\r\n", b"\n").replace(b"\n ", b"").replace(b"\n\t", b"")
    return [line for line in data.decode("utf-8", errors="replace").split("\n") if line]
