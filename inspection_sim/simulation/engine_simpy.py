"""The reference engine: one ``simpy.Environment`` per replication, teams as ``simpy.PriorityResource``.

Every feature exists here first; the faster engines are checked against it replication by
replication. Tasks are driven by callbacks on simpy events rather than one generator process
each (several times faster, same semantics): a task waits for its predecessors, then for its
release time (an ``env.timeout``, or the finish of the predecessor that releases it), asks its
team's ``Resource`` for one unit, holds it for its duration (``env.timeout``) and releases it.
The rules, tie-breaks included, are in :mod:`inspection_sim.simulation.model`.

It is also the extension point. Subclass :class:`SimpyEngine` and override :meth:`setup` to add
processes to each replication's environment (a fire drill that takes two staff for a day, a
manager who approves returns in batches), or :meth:`started` to watch tasks start. The clock
(``env.now``) is simulation time (:mod:`inspection_sim.simulation.simtime`) and starts at the
plan's start::

    class FireDrill(SimpyEngine):
        def setup(self, env, resources):
            def drill():
                yield env.timeout(3)   # three working days after the plan starts
                with resources["performance"].request() as req:
                    yield req
                    yield env.timeout(1)
            env.process(drill())

    simulate(timeline, engine=FireDrill())

An exercise controller uses the third hook, :meth:`delivered`: with :attr:`controlled` set, each
replication runs one more process that sleeps until each absence starts and each information
request arrives, in time order, and calls :meth:`delivered` at that moment (see
:mod:`inspection_sim.simulation.controller`). The process only watches: it holds no resource and
changes no task's times.
"""

from __future__ import annotations

import math
from collections import deque
from collections.abc import Mapping
from functools import cache
from typing import Any

import numpy as np

from inspection_sim.simulation.des import (
    Incident,
    Lists,
    Realised,
    incidents_of,
    lists_of,
    place,
    queue_key,
    release,
    simple_release,
)
from inspection_sim.simulation.model import SimModel
from inspection_sim.simulation.sampling import Draws

__all__ = ["SimpyEngine"]


class SimpyEngine:
    """The simpy engine. Subclass and override :meth:`setup` or :meth:`started` to extend it."""

    name = "simpy"

    #: Run a controller process in every replication that calls :meth:`delivered`.
    controlled = False

    @staticmethod
    def supports(model: SimModel) -> bool:
        return True

    def setup(self, env: Any, resources: Mapping[str, Any]) -> None:
        """Called once per replication before it runs; ``resources`` maps team to Resource."""

    def started(self, env: Any, task: int, start: float, finish: float) -> None:
        """Called when task ``task`` (network position; incidents follow the tasks) starts."""

    def delivered(self, env: Any, incident: Incident) -> None:
        """Called when an incident (absence or request) of the replication happens, at
        ``env.now``, when :attr:`controlled` is set; ``incident`` is ``(column, team, release,
        length)`` as the draws give it."""

    def run(self, model: SimModel, draws: Draws) -> Realised:
        lists = lists_of(model)
        n, runs = len(model.network), draws.runs
        start = np.empty((runs, n))
        finish = np.empty((runs, n))
        k = draws.incident_team.shape[1]
        inc_start = np.full((runs, k), np.nan)
        inc_finish = np.full((runs, k), np.nan)
        durations = draws.duration.T.tolist()
        every = incidents_of(draws)
        delays = draws.delay.T.tolist()
        for r in range(runs):
            incidents = every[r]
            s, f = self.replicate(
                model, lists, durations[r], delays[r], int(draws.shift[r]), incidents
            )
            start[r], finish[r] = s[:n], f[:n]
            for j, (column, _, _, _) in enumerate(incidents):
                inc_start[r, column], inc_finish[r, column] = s[n + j], f[n + j]
        return Realised(start.T.copy(), finish.T.copy(), inc_start, inc_finish)

    def replicate(
        self,
        model: SimModel,
        lists: Lists,
        dur: list[float],
        delay: list[float],
        shift: int,
        incidents: list[Incident],
    ) -> tuple[list[float], list[float]]:
        """One replication; returns start and finish of the tasks followed by the incidents."""
        import simpy

        env = simpy.Environment(initial_time=float(lists.origin + shift))
        team_resource = _team_resource()
        resources = [team_resource(env, c) if c else None for c in lists.capacity]
        self.setup(
            env, {t: res for t, res in zip(model.network.teams, resources, strict=False) if res}
        )
        if self.controlled and incidents:
            env.process(self._controller(env, incidents))
        return _Replication(self, env, resources, lists, dur, delay, shift, incidents).run()

    def _controller(self, env: Any, incidents: list[Incident]) -> Any:
        """The controller process: each incident delivered at its time, earliest first."""
        for incident in sorted(incidents, key=lambda item: (item[2], item[0])):
            wait = incident[2] - env.now
            if wait > 0:
                yield env.timeout(wait)
            self.delivered(env, incident)


@cache
def _team_resource() -> type[Any]:
    """``simpy.Resource`` that grants at once and starts a task the moment it is granted.

    simpy grants a request inside ``_trigger_put`` (when the request is made, or when a release
    event is processed) and tells the requester one event later. Here a release lets the head of
    the queue in at once, and the task starts at the grant itself: two events fewer per task.
    The queue and every grant decision are simpy's own (``PriorityResource``: a team takes
    waiting work in the plan's order, the request's priority being its ``queue_key``); the
    release event's own trigger then always finds the queue empty or every unit taken, so it
    changes nothing.
    """
    import simpy

    class TeamResource(simpy.PriorityResource):
        def __init__(self, env: Any, capacity: int) -> None:
            super().__init__(env, capacity)
            self.granted: deque[Any] = deque()

        def _do_put(self, event: Any) -> None:
            super()._do_put(event)
            if event.triggered:
                self.granted.append(event)

        def _do_get(self, event: Any) -> None:
            super()._do_get(event)  # the unit is free: let the head of the queue in at once
            self._trigger_put(event)

        def _trigger_put(self, get_event: Any) -> None:
            super()._trigger_put(get_event)
            while self.granted:
                hook = getattr(self.granted.popleft(), "on_grant", None)
                if hook is not None:  # None: the request being made, which checks for itself
                    hook()

    return TeamResource


class _Replication:
    """The callbacks of one replication (state shared through attributes)."""

    def __init__(
        self,
        engine: SimpyEngine,
        env: Any,
        resources: list[Any],
        lists: Lists,
        dur: list[float],
        delay: list[float],
        shift: int,
        incidents: list[Incident],
    ) -> None:
        self.engine, self.env, self.resources, self.lists = engine, env, resources, lists
        self.incidents = incidents
        self.dur = dur + [length for _, _, _, length in incidents]
        self.delay, self.shift = delay, shift
        self.team = lists.team + [t for _, t, _, _ in incidents]
        self.team_time = lists.team_time + [lists.team_times[t] for _, t, _, _ in incidents]
        self.start = [math.nan] * len(self.dur)
        self.finish = [math.nan] * len(self.dur)
        self.pending = lists.npreds.copy()
        self.holds: dict[int, Any] = {}

    def run(self) -> tuple[list[float], list[float]]:
        lists, n = self.lists, self.lists.n
        self.drain(deque(i for i in range(n) if not self.pending[i]))
        for j, (_, t, at, length) in enumerate(self.incidents):
            i = n + j
            if lists.capacity[t] and at > self.env.now:
                self.timer(i, at)
            elif lists.capacity[t]:
                self.request(i)
            else:
                self.record(i, *place(self.team_time[i], at, length))
        self.env.run()
        return self.start, self.finish

    def record(self, i: int, start: float, finish: float) -> None:
        self.start[i], self.finish[i] = start, finish
        self.engine.started(self.env, i, start, finish)

    def drain(self, ready: deque[int]) -> None:
        lists = self.lists
        while ready:
            i = ready.popleft()
            fixed = lists.fixed[i]
            host = -1
            if fixed is not None:
                r = fixed + float(self.shift)
            elif lists.simple[i]:
                r, host = simple_release(
                    lists, i, self.start, self.finish, self.delay[i], self.shift
                )
            else:
                r = release(lists, i, self.start, self.finish, self.dur[i], self.shift)
                r += self.delay[i]
            if lists.uses_capacity[i]:
                if r <= self.env.now:
                    self.request(i)
                elif host >= 0:  # ask when the host's hold ends, at r
                    self.holds[host].callbacks.append(lambda _event, i=i: self.request(i))
                else:
                    self.timer(i, r)
                continue
            s, f = place(self.team_time[i], r, self.dur[i])
            self.record(i, r if fixed is not None else s, f)  # fixed dates never move
            self.notify(i, ready)

    def notify(self, i: int, ready: deque[int]) -> None:
        for j in self.lists.succs[i]:
            self.pending[j] -= 1
            if not self.pending[j]:
                ready.append(j)

    def timer(self, i: int, at: float) -> None:
        event = self.env.timeout(at - self.env.now)
        event.callbacks.append(lambda _event: self.request(i))

    def request(self, i: int) -> None:
        req = self.resources[self.team[i]].request(priority=queue_key(self.lists, i))
        if req.triggered:
            self.granted(i, req)
        else:
            req.on_grant = lambda: self.granted(i, req)

    def granted(self, i: int, req: Any) -> None:
        env = self.env
        self.record(i, *place(self.team_time[i], env.now, self.dur[i]))
        hold = env.timeout(self.finish[i] - env.now)
        resource = self.resources[self.team[i]]
        hold.callbacks.append(lambda _event: resource.release(req))
        self.holds[i] = hold
        if i < self.lists.n and self.lists.succs[i]:
            ready: deque[int] = deque()
            self.notify(i, ready)
            self.drain(ready)
