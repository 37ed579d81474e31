"""With fixed durations and no random events, every engine reproduces the critical path plan."""

from __future__ import annotations

from datetime import date

import numpy as np
import pytest
from sim_models import ANCHOR, CALENDAR, LINKS, random_network

import inspection_sim
from inspection_sim.plan.cpm import cpm
from inspection_sim.plan.network import DurationSpec
from inspection_sim.simulation import simulate

ENGINES = ("numpy", "heap", "simpy")
TYPES = [
    f"{name}:{kind}"
    for name in inspection_sim.frameworks()
    for kind in inspection_sim.load_framework(name).inspections
]


def fixed(timeline_or_network: object) -> dict[str, DurationSpec]:
    network = getattr(timeline_or_network, "network", timeline_or_network)
    return {t.id: DurationSpec("fixed", (float(t.duration),)) for t in network.tasks}


@pytest.mark.parametrize("seed", range(12))
@pytest.mark.parametrize("engine", ENGINES)
def test_random_networks_match_cpm(seed: int, engine: str) -> None:
    net = random_network(
        80,
        seed,
        links=LINKS,
        fixed=4,
        snet=6,
        deadlines=4,
        team_calendars=seed % 2 == 0,
        lags=(-2, 4),
    )
    schedule = cpm(net, start=ANCHOR)
    result = simulate(net, runs=3, seed=seed, engine=engine, start=ANCHOR, durations=fixed(net))
    for r in range(3):
        assert result.start[:, r].tolist() == list(schedule.start)
        assert result.finish[:, r].tolist() == list(schedule.finish)


@pytest.mark.parametrize("kind", TYPES)
@pytest.mark.parametrize("engine", ENGINES)
def test_every_inspection_type_matches_its_plan(kind: str, engine: str) -> None:
    """Every task's dates equal the planner's, for every inspection type the rules know."""
    timeline = inspection_sim.plan(kind, notified=date(2027, 3, 2))
    result = simulate(timeline, runs=2, seed=1, engine=engine, durations=fixed(timeline))
    starts = [t.start_index for t in timeline.tasks]
    finishes = [t.finish_index for t in timeline.tasks]
    assert [t.id for t in timeline.tasks] == list(timeline.network.order)
    for r in range(2):
        assert result.start[:, r].tolist() == starts
        assert result.finish[:, r].tolist() == finishes
    records = {row["task"]: row for row in result.to_records()}
    for task in timeline.tasks:
        assert records[task.id]["p50_end"] == task.end.isoformat()
        assert records[task.id]["planned_start"] == task.start.isoformat()


def test_planned_times_of_a_hand_made_plan() -> None:
    """a(3) -> b(2) FS lag 1; c(4) SS+1 on a; d FF+0 on c (d lasts 2); e(0) milestone after b."""
    from inspection_sim.plan.network import Dependency, Link, Network, TaskSpec

    net = Network.build(
        [
            TaskSpec("a", duration=3),
            TaskSpec("b", duration=2),
            TaskSpec("c", duration=4),
            TaskSpec("d", duration=2),
            TaskSpec("e", duration=0),
        ],
        [
            Dependency("a", "b", Link.FS, 1),
            Dependency("a", "c", Link.SS, 1),
            Dependency("c", "d", Link.FF, 0),
            Dependency("b", "e"),
        ],
    )
    result = simulate(net, runs=1, seed=0, calendar=CALENDAR, start=10)
    # a [10, 13); b starts 13 + 1 = 14 -> 16; c starts 11 -> 15; d must finish >= 15: starts 13
    assert result.start[:, 0].tolist() == [10, 14, 11, 13, 16]
    assert result.finish[:, 0].tolist() == [13, 16, 15, 15, 16]
    assert np.array_equal(result.start, np.array([list(cpm(net, start=10).start)]).T)
