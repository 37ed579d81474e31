"""What a simulation will cost before it starts: memory to refuse what cannot fit, time to decide
whether a progress bar is worth showing.

Both estimates count a replication's *cells*: one per task and one per random incident (an
absence or information request) the draws make room for. A block of :data:`~.sampling.BLOCK`
replications is as wide as its busiest replication, so each Poisson source of mean ``m`` takes
about ``m + 3 sqrt(m) + 2`` columns.

The constants were measured on the shipped scenarios and synthetic networks of 200 and 500 tasks
(peak resident memory of ``simulate`` plus its summary; time per replication of each engine on
a quiet machine) and rounded up: a simulation holds about 96 bytes per task and 180 bytes per
incident column per replication, plus 2 KB of per-replication bookkeeping and 16 MB whatever the
runs (the default scenario, 25 tasks and about 115 incident columns, peaks near 22 KB a
replication).
"""

from __future__ import annotations

import math
import os
from pathlib import Path

from inspection_sim.errors import SimulationError
from inspection_sim.simulation.model import SimModel

__all__ = [
    "available_bytes",
    "bytes_per_run",
    "cells_per_run",
    "check_memory",
    "estimate_bytes",
    "estimate_seconds",
]

#: Peak bytes per replication: per task, per incident column, and fixed; and per simulation.
BYTES_PER_TASK = 96
BYTES_PER_INCIDENT = 180
BYTES_PER_RUN = 2048
BYTES_FIXED = 16_000_000
#: Seconds per cell and replication of each engine (rounded up, so a bar rather shows too early).
SECONDS_PER_CELL = {"numpy": 0.15e-6, "heap": 3e-6, "simpy": 16e-6}


def incident_columns(model: SimModel) -> float:
    """The incident columns a replication's draws make room for (see the module docstring)."""
    events = model.uncertainty
    sources = [(a.rate_per_day, a.window) for a in events.absences] + [
        (r.rate_per_day, r.window) for r in events.information_requests
    ]
    means = [rate * (window[1] - window[0]) for rate, window in sources]
    return float(sum(m + 3 * math.sqrt(m) + 2 for m in means))


def cells_per_run(model: SimModel) -> float:
    """Tasks plus incident columns: what one replication's cost grows with."""
    return len(model.durations) + incident_columns(model)


def bytes_per_run(model: SimModel) -> float:
    """Peak memory one more replication of ``model`` takes, in bytes."""
    return (
        BYTES_PER_TASK * len(model.durations)
        + BYTES_PER_INCIDENT * incident_columns(model)
        + BYTES_PER_RUN
    )


def estimate_bytes(model: SimModel, runs: int) -> int:
    """Peak memory of simulating ``model`` ``runs`` times in one process, in bytes."""
    return math.ceil(BYTES_FIXED + bytes_per_run(model) * runs)


def estimate_seconds(model: SimModel, runs: int, engine: str) -> float:
    """Time ``engine`` takes for ``runs`` replications of ``model`` on a quiet machine."""
    return runs * cells_per_run(model) * SECONDS_PER_CELL.get(engine, SECONDS_PER_CELL["simpy"])


def available_bytes() -> int | None:
    """Memory this process can still take without swapping: ``MemAvailable`` (Linux), capped by
    a cgroup limit; else free physical pages; None when the system does not say."""
    found = _meminfo_available()
    if found is None:
        try:
            found = os.sysconf("SC_AVPHYS_PAGES") * os.sysconf("SC_PAGE_SIZE")
        except (AttributeError, ValueError, OSError):
            found = None
    limit = _cgroup_room()
    if limit is not None:
        found = limit if found is None else min(found, limit)
    return found


def _meminfo_available() -> int | None:
    try:
        text = Path("/proc/meminfo").read_text(encoding="ascii")
    except (OSError, UnicodeDecodeError):
        return None
    for line in text.splitlines():
        name, _, value = line.partition(":")
        if name == "MemAvailable" and value.split() and value.split()[0].isdigit():
            return int(value.split()[0]) * 1024
    return None


def _cgroup_room() -> int | None:
    """What a cgroup v2 memory limit leaves (None without a limit)."""
    folder = Path("/sys/fs/cgroup")
    try:
        limit = (folder / "memory.max").read_text(encoding="ascii").strip()
        used = (folder / "memory.current").read_text(encoding="ascii").strip()
    except (OSError, UnicodeDecodeError):
        return None
    if not limit.isdigit() or not used.isdigit():
        return None
    return max(0, int(limit) - int(used))


def check_memory(model: SimModel, runs: int, *, processes: int = 1, what: str = "runs") -> None:
    """Refuse, before anything is drawn, a run that needs more memory than the machine has.

    ``processes`` run ``runs`` replications each at the same time (a sweep's workers).

    Raises:
        SimulationError: the estimate exceeds the available memory; the message gives both.
    """
    need = estimate_bytes(model, runs) * processes
    have = available_bytes()
    if have is None or need <= have:
        return
    across = f" in each of {processes} processes" if processes > 1 else ""
    raise SimulationError(
        f"{runs:,} replications{across} would need about {_size(need)} of memory "
        f"({_size(bytes_per_run(model))} each) but {_size(have)} is available; ask for fewer",
        key=what,
        value=runs,
    )


def _size(count: float) -> str:
    for unit, scale in (("GB", 1e9), ("MB", 1e6), ("KB", 1e3)):
        if count >= scale:
            return f"{count / scale:.1f} {unit}"
    return f"{count:.0f} bytes"
