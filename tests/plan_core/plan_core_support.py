"""Random networks for the planning-core tests, and a networkx reference implementation of CPM."""

from __future__ import annotations

from dataclasses import dataclass

import networkx as nx
import numpy as np
from hypothesis import strategies as st

from inspection_sim.plan.network import Dependency, Link, Network, TaskSpec

LINKS = [Link.FS, Link.SS, Link.FF, Link.SF]


@dataclass(frozen=True)
class RandomPlan:
    tasks: list[TaskSpec]
    dependencies: list[Dependency]
    calendars: dict[str, np.ndarray]

    def network(self) -> Network:
        return Network.build(self.tasks, self.dependencies, team_calendars=self.calendars)


@st.composite
def random_plans(
    draw: st.DrawFn,
    *,
    max_tasks: int = 18,
    constraints: bool = False,
    calendars: bool = False,
    teams: int = 0,
) -> RandomPlan:
    """A DAG: each dependency runs from an earlier-declared task to a later one."""
    n = draw(st.integers(1, max_tasks))
    team_names = [f"team{k}" for k in range(teams)]
    tasks = []
    for i in range(n):
        fields: dict[str, object] = {"duration": draw(st.integers(0, 6))}
        if team_names:
            fields["team"] = draw(st.sampled_from([None, *team_names]))
        if constraints:
            kind = draw(st.sampled_from(["none", "none", "snet", "fnlt", "fixed"]))
            if kind != "none":
                fields[
                    {"snet": "start_no_earlier_than", "fnlt": "finish_no_later_than"}.get(
                        kind, "fixed_start"
                    )
                ] = draw(st.integers(0, 25))
        tasks.append(TaskSpec(f"t{i}", **fields))  # type: ignore[arg-type]
    deps = []
    seen = set()
    for j in range(1, n):
        for _ in range(draw(st.integers(0, 3))):
            i = draw(st.integers(max(0, j - 6), j - 1))
            if (i, j) in seen:
                continue
            seen.add((i, j))
            link = draw(st.sampled_from(LINKS))
            deps.append(Dependency(f"t{i}", f"t{j}", link, draw(st.integers(-3, 4))))
    # shuffle the declaration order so topological order is not declaration order
    perm = draw(st.permutations(range(n)))
    tasks = [tasks[k] for k in perm]
    cals = {}
    if calendars:
        for name in team_names:
            if draw(st.booleans()):
                cals[name] = np.array(draw(st.lists(st.booleans(), min_size=40, max_size=40)))
    return RandomPlan(tasks, deps, cals)


def nx_cpm(
    tasks: list[TaskSpec], deps: list[Dependency], start: int = 0
) -> tuple[dict[str, int], dict[str, int], dict[str, int], dict[str, int]]:
    """Earliest and latest starts and finishes by networkx topological sort (no calendars, no
    constraints other than dependencies and the project start)."""
    graph = nx.MultiDiGraph()
    for task in tasks:
        graph.add_node(task.id, d=task.duration)
    for dep in deps:
        graph.add_edge(dep.predecessor, dep.successor, link=Link(dep.link), lag=dep.lag)
    order = list(nx.topological_sort(graph))
    es: dict[str, int] = {}
    ef: dict[str, int] = {}
    for v in order:
        d = graph.nodes[v]["d"]
        s = start
        for u, _, e in graph.in_edges(v, data=True):
            link, lag = e["link"], e["lag"]
            if link is Link.FS:
                s = max(s, ef[u] + lag)
            elif link is Link.SS:
                s = max(s, es[u] + lag)
            elif link is Link.FF:
                s = max(s, ef[u] + lag - d)
            else:
                s = max(s, es[u] + lag - d)
        es[v], ef[v] = s, s + d
    finish = max(ef.values())
    ls: dict[str, int] = {}
    lf: dict[str, int] = {}
    for v in reversed(order):
        d = graph.nodes[v]["d"]
        f = finish
        for _, w, e in graph.out_edges(v, data=True):
            link, lag = e["link"], e["lag"]
            if link is Link.FS:
                f = min(f, ls[w] - lag)
            elif link is Link.SS:
                f = min(f, ls[w] - lag + d)
            elif link is Link.FF:
                f = min(f, lf[w] - lag)
            else:
                f = min(f, lf[w] - lag + d)
        ls[v], lf[v] = f - d, f
    return es, ef, ls, lf


def link_holds(link: Link, lag: int, ps: int, pf: int, ss: int, sf: int) -> bool:
    """Whether a successor (start ss, finish sf) respects a link from a predecessor (ps, pf)."""
    if link is Link.FS:
        return ss >= pf + lag
    if link is Link.SS:
        return ss >= ps + lag
    if link is Link.FF:
        return sf >= pf + lag
    return sf >= ps + lag
