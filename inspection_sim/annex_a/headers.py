"""Tolerant matching of Annex A headers, sheet names and codes.

Councils' templates vary in case, spacing, punctuation, curly quotes and "(Y/N)" suffixes, so names
are compared by a key: lower case, letters and digits only, single spaces.
"""

from __future__ import annotations

import re

__all__ = ["list_number", "name_key"]

_QUOTES = str.maketrans({"’": "'", "‘": "'", "“": '"', "”": '"', "\u00a0": " "})
_YES_NO = re.compile(r"\(\s*y\s*/\s*n\s*\)")
_NOT_WORD = re.compile(r"[^a-z0-9]+")
_LIST = re.compile(r"^\s*list[\s_-]*(\d{1,2})(?!\d)", re.IGNORECASE)


def name_key(text: str) -> str:
    """The comparison key of a header or code: ``"Was the Child Seen Alone?"`` and
    ``"was the child seen  alone"`` give the same key."""
    lowered = text.translate(_QUOTES).casefold()
    lowered = _YES_NO.sub(" ", lowered).replace("'", "")
    return _NOT_WORD.sub(" ", lowered).strip()


def list_number(name: str) -> int | None:
    """The list number of a sheet or file name such as ``"List 4 - Assessments"`` or
    ``"list-4.csv"``; None for any other name."""
    match = _LIST.match(name)
    return int(match.group(1)) if match else None
