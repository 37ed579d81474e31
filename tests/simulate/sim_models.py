"""Random and hand-made simulation models shared by the simulation tests."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from inspection_sim.calendar import WorkingCalendar
from inspection_sim.plan.network import Dependency, DurationSpec, Link, Network, TaskSpec

CALENDAR = WorkingCalendar()
#: Working-day index of Monday 2027-03-01, where the random plans start.
ANCHOR = CALENDAR.index_of(__import__("datetime").date(2027, 3, 1))
LINKS = ("FS", "SS", "FF", "SF")
TRIANGULAR = DurationSpec("triangular", (1.0, 3.0, 10.0))


def random_network(
    n: int,
    seed: int,
    *,
    links: Sequence[str] = ("FS",),
    teams: int = 3,
    spec: DurationSpec | None = TRIANGULAR,
    fixed: int = 0,
    snet: int = 0,
    deadlines: int = 0,
    team_calendars: bool = False,
    lags: tuple[int, int] = (0, 3),
) -> Network:
    """A project-like DAG: each task depends on up to two of the 20 tasks before it."""
    rng = np.random.default_rng(seed)
    fixed_ids = (
        set(rng.choice(np.arange(1, n), size=fixed, replace=False).tolist()) if fixed else set()
    )
    tasks = []
    for i in range(n):
        duration = int(rng.integers(0 if i % 17 == 0 else 1, 10))
        tasks.append(
            TaskSpec(
                f"t{i}",
                duration=duration,
                team=f"team{rng.integers(teams)}",
                uncertainty=spec if duration and spec else None,
                fixed_start=ANCHOR + 5 * i if i in fixed_ids else None,
                start_no_earlier_than=ANCHOR + int(rng.integers(0, 30)) if i < snet else None,
                finish_no_later_than=ANCHOR + 3 * i + 10 if i >= n - deadlines else None,
            )
        )
    deps = []
    for i in range(1, n):
        for p in sorted(set(rng.integers(max(0, i - 20), i, size=2).tolist())):
            deps.append(
                Dependency(
                    f"t{p}",
                    f"t{i}",
                    Link(str(rng.choice(list(links)))),
                    int(rng.integers(lags[0], lags[1])),
                )
            )
    calendars = {}
    if team_calendars:
        size = CALENDAR.n_working_days
        for t in range(teams):
            mask = rng.random(size) > 0.2
            calendars[f"team{t}"] = mask
    return Network.build(tasks, deps, team_calendars=calendars)
