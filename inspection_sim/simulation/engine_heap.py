"""The heapq engine: a plain event loop with team queues in the plan's order (see ``Lists.rank``).

It mirrors :class:`~inspection_sim.simulation.engine_simpy.SimpyEngine` event for event: the same
events are scheduled in the same order with a running sequence number, as simpy's event ids, so
ties resolve identically. Two events matter: a *timer* (a task or incident reaches its release
time and asks for a unit) and a *hold* (the work is done: the unit goes to the head of the queue,
and the tasks waiting for this finish ask for theirs). Grants happen at once, inside the request
or the release that allows them.

Every model takes the fast path of :mod:`inspection_sim.simulation.heap_plain` (the same events
in one loop, with the same :class:`~inspection_sim.plan.worktime.TeamTime` calls); this general
loop stays as the reference it is tested against (``HeapEngine(fast_path=False)``). With numba
installed, replications without incidents of a model without team calendars run through the
same loop compiled (:mod:`inspection_sim.simulation.heap_compiled`), when the run is worth it.
"""

from __future__ import annotations

import gc
import math
from collections import deque
from heapq import heappop, heappush

import numpy as np
import numpy.typing as npt

from inspection_sim.simulation import heap_compiled
from inspection_sim.simulation.des import (
    HOLD,
    TIMER,
    Incident,
    Lists,
    Realised,
    incidents_of,
    lists_of,
    place,
    queue_key,
    release,
)
from inspection_sim.simulation.heap_plain import Arrivals, Plan, arrivals_of, plan_of, run_plain
from inspection_sim.simulation.heap_vector import proven, select
from inspection_sim.simulation.model import SimModel
from inspection_sim.simulation.sampling import Draws

__all__ = ["HeapEngine"]

FloatArray = npt.NDArray[np.float64]

#: The share of replications the vectorised shortcut must prove to be worth its pass, and the
#: replications a large batch samples first (see HeapEngine._worth_trying).
WORTH = 0.2
SAMPLE = 128
#: The share the shortcut proved last time, by model (held, so that an id is not reused).
_PROVEN: dict[int, tuple[SimModel, float]] = {}


class HeapEngine:
    """Runs every model the simpy engine runs, 20-40x faster."""

    name = "heap"

    def __init__(
        self, fast_path: bool = True, vectorised: bool = True, compiled: bool | None = None
    ) -> None:
        """``fast_path=False`` runs every replication through the general loop (for checks);
        ``vectorised=False`` runs every replication through an event loop, even those in which
        nobody waits for a unit (see :mod:`~inspection_sim.simulation.heap_vector`);
        ``compiled`` runs the replications it can through the compiled loop when numba is
        installed: always (True), never (False), or when the run is worth compiling for (None;
        see :func:`~inspection_sim.simulation.heap_compiled.worth_it`)."""
        self.fast_path = fast_path
        self.vectorised = vectorised
        self.compiled = compiled

    def expecting(self, model: SimModel, runs: int) -> HeapEngine:
        """This engine for ``runs`` replications of ``model`` run in several calls (blocks, or
        a sweep's dates): one that compiles its loop now if the whole run is worth it."""
        if self.compiled is not None or not self.fast_path:
            return self
        if not heap_compiled.worth_it(len(model.network), runs) or not _compilable(model):
            return self
        if not heap_compiled.available():
            return HeapEngine(self.fast_path, self.vectorised, compiled=False)
        heap_compiled.compiled()  # here, so that forked workers inherit it
        return HeapEngine(self.fast_path, self.vectorised, compiled=True)

    @staticmethod
    def supports(model: SimModel) -> bool:
        return True

    def run(self, model: SimModel, draws: Draws, *, every_absence: bool = True) -> Realised:
        """Realised task and incident times.

        The replications in which nobody waits for a unit are the forward pass, proven so for
        each (see :mod:`~inspection_sim.simulation.heap_vector`); the others run through the
        event loop. ``every_absence=False`` leaves out the staff absences that can no longer
        change any task or information request (their times may be NaN; see
        :func:`~inspection_sim.simulation.heap_plain.run_plain`): nothing else changes.
        """
        if not self._worth_trying(model, draws, every_absence):
            return self._loop(model, draws, every_absence)
        realised, done = proven(model, draws, every_absence)
        _PROVEN[id(model)] = (model, float(done.mean()))
        rest = np.flatnonzero(~done)
        if rest.size:
            looped = self._loop(model, select(draws, rest), every_absence)
            realised.start[:, rest] = looped.start
            realised.finish[:, rest] = looped.finish
            realised.incident_start[rest] = looped.incident_start
            realised.incident_finish[rest] = looped.incident_finish
        return realised

    def _worth_trying(self, model: SimModel, draws: Draws, every_absence: bool) -> bool:
        """Whether to try the vectorised shortcut: not for a model where it proved (almost)
        nothing last time, nor, for many replications, when a sample proves (almost) nothing.
        Only the speed depends on this: both ways give the same times."""
        if not self.vectorised or not self.fast_path:
            return False
        hit = _PROVEN.get(id(model))
        if hit is not None and hit[0] is model:
            return hit[1] >= WORTH
        if draws.runs > 4 * SAMPLE:
            rate = float(proven(model, select(draws, np.arange(SAMPLE)), every_absence)[1].mean())
            if len(_PROVEN) > 32:
                _PROVEN.clear()
            _PROVEN[id(model)] = (model, rate)
            return rate >= WORTH
        return True

    def _loop(self, model: SimModel, draws: Draws, every_absence: bool) -> Realised:
        """Every replication through the event loop."""
        lists = lists_of(model)
        plan = plan_of(lists, calendars=True) if self.fast_path else None
        n, runs = len(model.network), draws.runs
        durations = np.ascontiguousarray(draws.duration.T)  # a row converted as it is needed
        shifts = draws.shift.tolist()
        # only the rows with late data are converted: most sweeps have none
        zeros = [0.0] * n
        late_rows: list[int] = np.flatnonzero(draws.delay.any(axis=0)).tolist()
        delays: dict[int, list[float]] = {r: draws.delay[:, r].tolist() for r in late_rows}
        start = np.empty((runs, n))  # rows filled as they come: each list is freed while hot
        finish = np.empty((runs, n))
        present = draws.incident_team >= 0
        inc_starts = np.empty(int(present.sum()))  # every incident, row by row
        inc_finishes = np.empty(inc_starts.size)
        done = 0
        if plan is not None:  # slot order (see heap_plain.Arrivals)
            batch = arrivals_of(draws, lists)
            arrivals = batch.rows
        else:  # column order
            every = incidents_of(draws)
        skip = self._compiled(plan, draws, None if plan is None else arrivals, start, finish)
        collecting = gc.isenabled()
        gc.disable()  # a replication makes no reference cycles; the collector only costs time
        try:
            for r in range(runs):
                if skip[r]:
                    continue  # run by the compiled loop
                if plan is not None:
                    incidents = arrivals[r]
                    m = 0 if incidents is None else len(incidents.team)
                    s, f = run_plain(
                        plan,
                        durations[r].tolist(),
                        shifts[r],
                        delays.get(r),
                        incidents,
                        every_absence,
                    )
                else:
                    m = len(every[r])
                    s, f = run_one(
                        lists, durations[r].tolist(), delays.get(r, zeros), shifts[r], every[r]
                    )
                if m:  # one numpy call per row, not one per incident
                    inc_starts[done : done + m] = s[n:]
                    inc_finishes[done : done + m] = f[n:]
                    done += m
                    s, f = s[:n], f[:n]
                start[r], finish[r] = s, f
        finally:
            if collecting:
                gc.enable()
        inc_start = np.full(present.shape, np.nan)
        inc_finish = np.full(present.shape, np.nan)
        if plan is not None:
            where = batch.row_index, batch.column_index
            inc_start[where], inc_finish[where] = inc_starts, inc_finishes
        else:
            inc_start[present], inc_finish[present] = inc_starts, inc_finishes
        return Realised(start.T.copy(), finish.T.copy(), inc_start, inc_finish)

    def _compiled(
        self,
        plan: Plan | None,
        draws: Draws,
        arrivals: list[Arrivals | None] | None,
        start: FloatArray,
        finish: FloatArray,
    ) -> list[bool]:
        """Runs the replications the compiled loop can run (none without numba, a model with
        team calendars, or for a run not worth compiling for), filling their rows of ``start``
        and ``finish`` ``(runs, tasks)``; which rows it ran."""
        runs = draws.runs
        if (
            plan is None
            or arrivals is None
            or plan.timed is not None
            or self.compiled is False
            or (self.compiled is None and not heap_compiled.worth_it(plan.lists.n, runs))
            or not heap_compiled.available()
        ):
            return [False] * runs
        skip = [a is None for a in arrivals]  # incidents stay in Python
        rows = np.flatnonzero(skip)
        if rows.size:
            delays = draws.delay[:, rows].T
            start[rows], finish[rows] = heap_compiled.run_batch(
                plan,
                draws.duration[:, rows].T,
                draws.shift[rows],
                delays,
                np.any(delays, axis=1),
            )
        return skip


def _compilable(model: SimModel) -> bool:
    """No team calendar: the compiled loop can run its replications without incidents."""
    return all(t is None for t in model.team_times)


def _spent(*_: object) -> None:
    """Stands in for a finished replication's closures."""


def run_one(
    lists: Lists, dur: list[float], delay: list[float], shift: int, incidents: list[Incident]
) -> tuple[list[float], list[float]]:
    """One replication; returns start and finish of the tasks followed by the incidents.

    Events due now go to a FIFO (``soon``) rather than the heap: every event already in the heap
    for the current time was scheduled earlier, so it precedes them, exactly as simpy's event ids
    order them.
    """
    n = lists.n
    if incidents:
        dur = dur + [length for _, _, _, length in incidents]
    team = lists.team + [t for _, t, _, _ in incidents]
    team_time = lists.team_time + [lists.team_times[t] for _, t, _, _ in incidents]
    start = [math.nan] * len(dur)
    finish = [math.nan] * len(dur)
    pending = lists.npreds.copy()
    capacity, succs, uses, fixed_at = lists.capacity, lists.succs, lists.uses_capacity, lists.fixed
    preds, simple, plain = lists.preds, lists.simple, lists.plain
    users = [0] * len(capacity)
    queues: list[list[tuple[int, int]]] = [[] for _ in capacity]  # heaps of (queue_key, i)
    attached: list[list[int]] = [[] for _ in range(n)]
    heap: list[tuple[float, int, int]] = []
    soon: deque[int] = deque()
    seq = 0
    now = t0 = float(lists.origin + shift)  # simpy's clock starts at the plan's start too
    moved = float(shift)

    def request(i: int) -> None:
        q = team[i]
        queue = queues[q]
        heappush(queue, (queue_key(lists, i), i))
        if users[q] < capacity[q]:  # the head of the queue is let in (simpy's _trigger_put)
            users[q] += 1
            grant(heappop(queue)[1])

    def grant(i: int) -> None:
        nonlocal seq
        d, tt = dur[i], team_time[i]
        if tt is None:
            start[i] = now
            f = finish[i] = now + d
        else:
            start[i], f = place(tt, now, d)
            finish[i] = f
        if f > now:
            heappush(heap, (now + (f - now), seq, i << 2 | HOLD))
            seq += 1
        else:
            soon.append(i << 2 | HOLD)
        if i < n:
            ready: deque[int] | None = None
            for j in succs[i]:
                pending[j] -= 1
                if not pending[j]:
                    if ready is None:
                        ready = deque()
                    ready.append(j)
            if ready is not None:
                drain(ready)

    delayed = any(delay)

    def drain(ready: deque[int]) -> None:
        nonlocal seq
        while ready:
            i = ready.popleft()
            host = -1
            fixed = None
            ps = plain[i]
            if ps is not None:  # FS links with lag 0 only: des.simple_release, cheaper
                r = t0
                for p in ps:
                    value = finish[p]
                    if value > r:
                        r = value
                        host = p  # a host must also use capacity: checked when it matters
                if delayed and delay[i]:
                    r += delay[i]
                    host = -1
            elif (fixed := fixed_at[i]) is not None:
                r = fixed + moved
            elif simple[i]:  # inlined des.simple_release: same rule, same arithmetic
                r = t0
                for p, link, lag in preds[i]:
                    value = (finish[p] if link == 0 else start[p]) + lag
                    if value > r:
                        r = value
                        host = p if link == 0 and lag == 0 else -1
                if delay[i]:
                    r += delay[i]
                    host = -1
            else:
                r = release(lists, i, start, finish, dur[i], shift) + delay[i]
            if uses[i]:
                if r <= now:
                    request(i)
                elif host >= 0 and uses[host]:
                    attached[host].append(i)  # ask when the host's hold ends, at r
                else:
                    heappush(heap, (now + (r - now), seq, i << 2 | TIMER))
                    seq += 1
                continue
            d = dur[i]
            tt = team_time[i]
            if tt is None:
                start[i] = r
                finish[i] = r + d
            else:
                start[i], finish[i] = place(tt, r, d)
                if fixed is not None:
                    start[i] = r  # a fixed date never moves, even onto a team's day off
            for j in succs[i]:
                pending[j] -= 1
                if not pending[j]:
                    ready.append(j)

    drain(deque(i for i in range(n) if not pending[i]))
    for j, (_, t, at, length) in enumerate(incidents):
        i = n + j
        if capacity[t] and at > t0:
            heappush(heap, (t0 + (at - t0), seq, i << 2 | TIMER))
            seq += 1
        elif capacity[t]:
            request(i)
        else:
            start[i], finish[i] = place(team_time[i], at, length)
    while heap or soon:
        if soon and (not heap or heap[0][0] > now):
            code = soon.popleft()
        else:
            now, _, code = heappop(heap)
        kind, i = code & 3, code >> 2
        if kind == HOLD:  # simpy: the hold's callbacks, release first, then attached requests
            q = team[i]
            queue = queues[q]
            if queue:  # the freed unit goes to the head of the queue at once
                grant(heappop(queue)[1])
            else:
                users[q] -= 1
            if i < n and attached[i]:
                for j in attached[i]:  # request(j), inlined
                    q = team[j]
                    queue = queues[q]
                    heappush(queue, (queue_key(lists, j), j))
                    if users[q] < capacity[q]:
                        users[q] += 1
                        grant(heappop(queue)[1])
        else:
            request(i)
    # break the closures' reference cycle, so the replication is freed without the collector
    request = grant = drain = _spent  # type: ignore[assignment]
    return start, finish
