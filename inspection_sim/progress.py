"""Progress bars for long work: on stderr, never on stdout, and only when the work is worth it.

Whether a bar appears is decided by an estimate of the work made before it starts (runs, tasks,
dates, engine), not by how long it has taken so far, so the same command shows a bar or not on
any machine, and quick commands stay silent.
"""

from __future__ import annotations

import sys
from types import TracebackType
from typing import Protocol

__all__ = ["WORTH_SHOWING", "Progress", "progress_bar", "worth_showing"]

#: Work estimated to take at least this many seconds on a quiet machine shows a bar.
WORTH_SHOWING = 1.0


class Progress(Protocol):
    """What the work loops call: ``update`` as items finish, ``close`` at the end."""

    def update(self, n: float = 1) -> bool | None: ...

    def close(self) -> None: ...

    def __enter__(self) -> Progress: ...

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        trace: TracebackType | None,
    ) -> None: ...


class _Silent:
    """A bar that shows nothing, for quick work and quiet callers."""

    def update(self, n: float = 1) -> None:
        return None

    def close(self) -> None:
        return None

    def __enter__(self) -> _Silent:
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        trace: TracebackType | None,
    ) -> None:
        return None


def worth_showing(seconds: float, enabled: bool = True) -> bool:
    """Whether work estimated at ``seconds`` gets a bar (when bars are ``enabled`` at all)."""
    return enabled and seconds >= WORTH_SHOWING


def progress_bar(
    total: float, *, unit: str, seconds: float, enabled: bool, what: str | None = None
) -> Progress:
    """A tqdm bar on stderr counting ``total`` ``unit`` when :func:`worth_showing`; else one that
    shows nothing."""
    if not worth_showing(seconds, enabled):
        return _Silent()
    from tqdm import tqdm

    bar: Progress = tqdm(total=total, unit=unit, desc=what, file=sys.stderr)
    return bar
