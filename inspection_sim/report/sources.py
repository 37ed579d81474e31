"""The documents that rule data cites (``S1``, ``seed:001``...), for the report's source list."""

from __future__ import annotations

import functools
import re
import tomllib
from collections.abc import Iterable
from importlib import resources
from typing import Any

__all__ = ["cited_keys", "source_titles"]

_KEY = re.compile(r"\b(S\d+|seed:\d{3})\b")


def cited_keys(texts: Iterable[str]) -> list[str]:
    """Every source key named in ``texts``, in first-seen order."""
    found: dict[str, None] = {}
    for text in texts:
        for key in _KEY.findall(text):
            found.setdefault(key, None)
    return list(found)


@functools.cache
def source_titles() -> dict[str, dict[str, Any]]:
    """Source key to its entry (title, date, url) in the rule registry's ``sources.toml``."""
    data = resources.files("inspection_sim.rules").joinpath("data/sources.toml").read_text("utf-8")
    table = tomllib.loads(data).get("sources", {})
    return {key: value for key, value in table.items() if isinstance(value, dict)}
