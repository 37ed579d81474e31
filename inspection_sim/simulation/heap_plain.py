"""The heapq engine's fast path, with or without team calendars.

Without a team calendar every task and incident starts at its release (or grant) and finishes
``d`` later, so the loop needs no :class:`~inspection_sim.plan.worktime.TeamTime` call. With one
(a council closure gives every council team a calendar) the work is placed by the same
``TeamTime.start`` and ``TeamTime.finish`` calls as :func:`~inspection_sim.simulation.des.place`
makes in the general loop. It performs the same events, in the same order and with the same
arithmetic, as :func:`~inspection_sim.simulation.engine_heap.run_one` (tests hold the two, and
the simpy engine, to identical results on random models, ties and events included), with these
savings:

* one loop and no Python call per task: an explicit stack of interrupted drains replaces the
  grant/drain recursion;
* a successor with FS lag-0 links only that uses capacity is released inside its last
  predecessor's grant, as long as no earlier task of that grant waits for the drain (so the
  order of releases is unchanged);
* a team's queue is only used when no unit is free (a request with a free unit is granted at
  once; the queue is then always empty, as in ``simpy.Resource``);
* heap entries are ``(time, sequence, code)`` with ``code = i`` for the end of task ``i``'s hold
  and ``~i`` for its release timer;
* the per-task release rule is chosen by a precomputed kind (see :class:`Plan`).
"""

from __future__ import annotations

import math
from collections import deque
from collections.abc import Iterator
from dataclasses import dataclass
from heapq import heappop, heappush
from typing import NamedTuple

import numpy as np
import numpy.typing as npt

from inspection_sim.plan.worktime import TeamTime
from inspection_sim.simulation.des import URGENT, Lists, place, release
from inspection_sim.simulation.sampling import Draws

__all__ = ["Arrivals", "Batch", "Plan", "arrivals_of", "plan_of", "run_plain"]


class Arrivals(NamedTuple):
    """One replication's absences and information requests (see :func:`arrivals_of`).

    Incidents come in *slot* order: first the release timers of the sorted stream (in the order
    they fire: time, then column), then the others in column order. Slot ``j`` is item
    ``n + j`` of the replication.
    """

    team: list[int]
    #: The stream's heap times, then the others' release times.
    at: list[float]
    length: list[float]
    #: True for an information request (it has a due time), False for an absence.
    request: list[bool]
    #: Each one's team calendar (None: no team calendar in the model).
    calendar: list[TeamTime | None] | None
    #: The stream's ranks in column order (its sequence numbers less the first one's).
    rank: list[int]
    #: How many of the slots are the stream.
    streamed: int
    #: Each slot's column: its place among the row's incidents in a team's queue.
    column: list[int]


class Batch(NamedTuple):
    """Every replication's :class:`Arrivals` (None: no incident), and where each slot's times
    go in the ``(runs, k)`` incident arrays: ``rows`` and ``columns`` in slot order."""

    rows: list[Arrivals | None]
    row_index: npt.NDArray[np.intp]
    column_index: npt.NDArray[np.intp]


def arrivals_of(draws: Draws, lists: Lists) -> Batch:
    """Every replication's incidents for :func:`run_plain`, gathered with numpy for all
    replications at once and cut into rows.

    A release timer goes into its row's sorted stream when its team has a capacity limit and it
    fires after the start, unless the row has an incident that asks for a unit at the start:
    then every incident of the row is scheduled one by one in column order, so that sequence
    numbers are given exactly as in :func:`~inspection_sim.simulation.engine_heap.run_one`.
    """
    team = draws.incident_team
    present = team >= 0
    release = draws.incident_release
    t0 = (lists.origin + draws.shift).astype(np.float64)[:, None]
    limited = present & (np.append(lists.capacity, 0)[team] > 0)  # team -1 reads the 0
    fires = limited & (release > t0)
    at_start = np.any(limited & ~fires, axis=1, keepdims=True)  # rows scheduled in order
    streamed = fires & ~at_start
    at = np.where(streamed, t0 + (release - t0), release)  # the heap time run_one pushes
    # stream by time, then the others (inf) in column order, padding (NaN) last
    key = np.where(streamed, at, np.where(present, np.inf, np.nan))
    order = np.argsort(key, axis=1, kind="stable")
    slots = np.take_along_axis(present, order, axis=1)
    rows = np.nonzero(slots)[0]
    columns = order[slots]
    flat = rows * team.shape[1] + columns  # one index per slot into the raveled arrays
    teams: list[int] = team.ravel().take(flat).tolist()
    times = lists.team_times
    calendar = None if all(t is None for t in times) else [times[t] for t in teams]
    rank = np.cumsum(streamed, axis=1) - 1
    gathered = (
        at.ravel().take(flat).tolist(),
        draws.incident_length.ravel().take(flat).tolist(),
        np.isfinite(draws.incident_due.ravel().take(flat)).tolist(),
        rank.ravel().take(flat).tolist(),
    )
    whens, lengths, requests, ranks = gathered
    column_of: list[int] = columns.tolist()
    counts: list[int] = present.sum(axis=1).tolist()
    stream_counts: list[int] = streamed.sum(axis=1).tolist()
    found: list[Arrivals | None] = []
    lo = 0
    for count, stream in zip(counts, stream_counts, strict=True):
        if not count:
            found.append(None)
            continue
        hi = lo + count
        found.append(
            Arrivals(
                teams[lo:hi],
                whens[lo:hi],
                lengths[lo:hi],
                requests[lo:hi],
                None if calendar is None else calendar[lo:hi],
                ranks[lo : lo + stream],
                stream,
                column_of[lo:hi],
            )
        )
        lo = hi
    return Batch(found, rows, columns)


#: Release kinds: FS lag-0 links only, a fixed date, FS/SS links with lags, anything else.
PLAIN, FIXED, SIMPLE, OTHER = 0, 1, 2, 3


@dataclass(frozen=True)
class Plan:
    """What the fast path precomputes once per model."""

    lists: Lists
    kind: list[int]
    roots: list[int]
    #: Each task's successors, or None when it has none (one test instead of a loop).
    succs: list[list[int] | None]
    #: Tasks with FS lag-0 links only that use capacity: released inside the grant's loop.
    quick: list[bool]
    #: No task released inside the grant's loop (a replication with late data).
    slow: list[bool]
    #: Each task's team time when some team has a calendar, else None (no calendar case).
    timed: list[TeamTime | None] | None = None
    #: Tasks that use capacity, per team: what must be granted before a team's absences stop
    #: mattering (see :func:`run_plain`'s ``every_absence``).
    users: tuple[int, ...] = ()

    @classmethod
    def of(cls, lists: Lists) -> Plan:
        kind = [
            FIXED if lists.fixed[i] is not None else
            PLAIN if lists.plain[i] is not None else
            SIMPLE if lists.simple[i] else OTHER
            for i in range(lists.n)
        ]  # fmt: skip
        return cls(
            lists,
            kind,
            [i for i in range(lists.n) if not lists.npreds[i]],
            [s or None for s in lists.succs],
            [k == PLAIN and u for k, u in zip(kind, lists.uses_capacity, strict=True)],
            [False] * lists.n,
            None if cls.applies(lists) else lists.team_time,
            tuple(
                sum(u and t == q for t, u in zip(lists.team, lists.uses_capacity, strict=True))
                for q in range(len(lists.capacity))
            ),
        )

    @staticmethod
    def applies(lists: Lists) -> bool:
        """True when no team has a calendar."""
        return all(t is None for t in lists.team_times)


_PLANS: dict[int, tuple[Lists, Plan]] = {}


def plan_of(lists: Lists, calendars: bool = False) -> Plan | None:
    """The fast path's plan for a model's lists (built once).

    Args:
        lists: the model's lists.
        calendars: also plan a model with team calendars; when False such a model gets None.
    """
    if not calendars and not Plan.applies(lists):
        return None
    hit = _PLANS.get(id(lists))
    if hit is not None and hit[0] is lists:
        return hit[1]
    plan = Plan.of(lists)
    if len(_PLANS) > 32:
        _PLANS.clear()
    _PLANS[id(lists)] = (lists, plan)
    return plan


def run_plain(
    plan: Plan,
    dur: list[float],
    shift: int,
    delay: list[float] | None = None,
    incidents: Arrivals | None = None,
    every_absence: bool = True,
) -> tuple[list[float], list[float]]:
    """One replication: start and finish of the tasks, then incidents.

    ``delay`` holds the late-data delays (None: none in this replication). One loop, no calls
    per task. ``g`` is the task to grant next (its successors then drain before anything else,
    as in :func:`~inspection_sim.simulation.engine_heap.run_one`'s recursion: ``stack`` holds
    the interrupted drains), ``riders`` the requests a finished hold makes after its unit has
    gone to the head of the queue.

    With ``every_absence=False`` a team's staff absences are left out (their times stay NaN)
    once nothing that is observed can wait for that team any more: every task that uses its
    capacity and every information request it answers has been granted (``left`` counts them
    down). From then on the team's queue decides nothing but the times of its absences, which
    no result reads, so every task and request gets exactly the times of the full run.
    """
    lists = plan.lists
    n = lists.n
    team, uses, preds, plain = lists.team, lists.uses_capacity, lists.preds, lists.plain
    fixed_at, kinds, succs, quick = lists.fixed, plan.kind, plan.succs, plan.quick
    capacity = lists.capacity
    timed = plan.timed
    dropping = False
    left: list[int] = []
    counted: list[bool] = []
    request: list[bool] = []
    if incidents is not None:  # incidents follow the tasks: no links, no riders
        m = len(incidents.team)
        dur = dur + incidents.length
        team = team + incidents.team
        succs = succs + [None] * m
        if timed is not None:
            timed = timed + incidents.calendar  # type: ignore[operator]
        request = incidents.request
        if not every_absence:
            dropping = True
            left = list(plan.users)
            counted = [True] * n + request  # every task granted uses capacity
            if True in request:
                for j, q in enumerate(incidents.team):
                    if request[j] and capacity[q]:
                        left[q] += 1
    if delay is not None:  # a delayed release has no host: every task goes through ``ready``
        quick = plan.slow
    start = [math.nan] * len(dur)
    finish = [math.nan] * len(dur)
    pending = lists.npreds.copy()
    free = lists.capacity.copy()  # units free per team
    queues: list[list[tuple[int, int]]] = [[] for _ in free]  # heaps of (queue_key, i)
    keys = lists.rank
    if incidents is not None:  # after the tasks, ahead of them in a queue, in column order
        keys = keys + [c - URGENT for c in incidents.column]
    attached: list[list[int] | None] = [None] * len(dur)
    heap: list[tuple[float, int, int]] = []
    soon: deque[int] = deque()  # holds ending now (zero durations): after the heap's entries
    stack: list[deque[int]] = []
    ready: deque[int] | None = deque(plan.roots) if plan.roots else None
    riders: Iterator[int] | None = None
    seq = 0
    g = -1
    now = t0 = float(lists.origin + shift)
    moved = float(shift)
    waiting_incidents = incidents is not None  # scheduled once the first drain is done
    # the sorted stream of incident timers (slots 0 .. last - 1): one at a time in the heap
    ranks: list[int] = []
    base = w = last = 0
    while True:
        if g >= 0:  # grant: the task holds its unit from now until it finishes
            if dropping and counted[g]:
                left[team[g]] -= 1
            if timed is None or (tt := timed[g]) is None:
                start[g] = now
                f = finish[g] = now + dur[g]
            else:  # des.place, inlined: work starts on the team's next working time
                d = dur[g]
                if d == 0:
                    start[g] = f = finish[g] = now
                else:
                    start[g], f = tt.place(now, d)
                    finish[g] = f
            if f > now:
                heappush(heap, (now + (f - now), seq, g))
                seq += 1
            else:
                soon.append(g)
            after = succs[g]
            g = -1
            if after is not None:
                new: deque[int] | None = None
                for j in after:
                    pending[j] -= 1
                    if pending[j]:
                        continue
                    if new is None and quick[j]:  # released now, before anything queued here
                        r = t0
                        host = -1
                        for p in plain[j]:  # type: ignore[union-attr]
                            value = finish[p]
                            if value > r:
                                r = value
                                host = p
                        if r > now:
                            if host >= 0 and uses[host]:
                                waiting = attached[host]
                                if waiting is None:
                                    attached[host] = [j]
                                else:
                                    waiting.append(j)
                            else:
                                heappush(heap, (now + (r - now), seq, ~j))
                                seq += 1
                            continue
                    if new is None:
                        new = deque()
                    new.append(j)
                if new is not None:
                    if ready is not None:
                        stack.append(ready)
                    ready = new
        while ready is not None:  # release the tasks whose last predecessor was determined
            if not ready:
                ready = stack.pop() if stack else None
                continue
            i = ready.popleft()
            host = -1
            kind = kinds[i]
            if kind == PLAIN:
                r = t0
                for p in plain[i]:  # type: ignore[union-attr]
                    value = finish[p]
                    if value > r:
                        r = value
                        host = p
                if delay is not None and delay[i]:
                    r += delay[i]
                    host = -1
            elif kind == FIXED:
                r = fixed_at[i] + moved  # type: ignore[operator]
            elif kind == SIMPLE:
                r = t0
                for p, link, lag in preds[i]:
                    value = (finish[p] if link == 0 else start[p]) + lag
                    if value > r:
                        r = value
                        host = p if link == 0 and lag == 0 else -1
                if delay is not None and delay[i]:
                    r += delay[i]
                    host = -1
            else:
                r = release(lists, i, start, finish, dur[i], shift)
                if delay is not None:
                    r += delay[i]
            if uses[i]:
                if r <= now:
                    q = team[i]
                    if free[q]:
                        free[q] -= 1
                        g = i
                        break  # grant it, drain its successors, then come back to ``ready``
                    heappush(queues[q], (keys[i], i))
                elif host >= 0 and uses[host]:
                    waiting = attached[host]
                    if waiting is None:
                        attached[host] = [i]
                    else:
                        waiting.append(i)
                else:
                    heappush(heap, (now + (r - now), seq, ~i))
                    seq += 1
                continue
            if timed is None or (tt := timed[i]) is None:
                start[i] = r
                finish[i] = r + dur[i]
            else:
                start[i], finish[i] = place(tt, r, dur[i])
                if kind == FIXED:
                    start[i] = r  # a fixed date never moves, even onto a team's day off
            after = succs[i]
            if after is not None:
                for j in after:
                    pending[j] -= 1
                    if not pending[j]:
                        ready.append(j)
        if g >= 0:
            continue
        if riders is not None:  # the finished hold's riders ask for a unit, in order
            for i in riders:  # resumed where a grant broke off
                q = team[i]
                if free[q]:
                    free[q] -= 1
                    g = i
                    break
                heappush(queues[q], (keys[i], i))
            else:
                riders = None
            if g >= 0:
                continue
        if waiting_incidents:  # as run_one: after the first drain (still at t0), in order
            waiting_incidents = False
            assert incidents is not None
            release_at = incidents.at
            last = incidents.streamed
            for j in range(last, len(release_at)):  # the slots scheduled one by one
                i = n + j
                q = team[i]
                if dropping and not request[j] and (not capacity[q] or not left[q]):
                    continue  # an absence nothing observed can wait for
                at = release_at[j]
                length = dur[i]
                if not capacity[q]:  # an unlimited team: it happens as drawn
                    if timed is None:
                        start[i] = at
                        finish[i] = at + length
                    else:
                        start[i], finish[i] = place(timed[i], at, length)
                elif at > t0:
                    heappush(heap, (t0 + (at - t0), seq, ~i))
                    seq += 1
                elif free[q]:  # granted at once; an incident releases nothing
                    free[q] -= 1
                    if dropping and request[j]:
                        left[q] -= 1
                    if timed is None:
                        start[i] = now
                        f = finish[i] = now + length
                    else:
                        start[i], f = place(timed[i], now, length)
                        finish[i] = f
                    if f > now:
                        heappush(heap, (now + (f - now), seq, i))
                        seq += 1
                    else:
                        soon.append(i)
                else:
                    heappush(queues[q], (keys[i], i))
            if last:  # the stream's sequence numbers: base + rank, as pushed in column order
                ranks = incidents.rank
                base = seq
                seq += last
                while w < last:  # the first timer whose team still matters enters the heap
                    if dropping and not left[team[n + w]] and not request[w]:
                        w += 1
                        continue
                    heappush(heap, (release_at[w], base + ranks[w], ~(n + w)))
                    w += 1
                    break
        if soon and (not heap or heap[0][0] > now):
            i = soon.popleft()
        elif heap:
            now, _, i = heappop(heap)
        else:
            break
        if i >= 0:  # the end of a hold: the unit goes to the head of the queue, then riders ask
            q = team[i]
            if not dropping or left[q]:
                queue = queues[q]
                if queue:
                    g = heappop(queue)[1]
                else:
                    free[q] += 1
            waiting = attached[i]
            riders = None if waiting is None else iter(waiting)
        else:  # a release timer: the task asks for a unit
            i = ~i
            q = team[i]
            if n <= i < n + last and i == n + w - 1:  # the stream's: its next one enters
                release_at = incidents.at  # type: ignore[union-attr]
                while w < last:
                    if dropping and not left[team[n + w]] and not request[w]:
                        w += 1
                        continue
                    heappush(heap, (release_at[w], base + ranks[w], ~(n + w)))
                    w += 1
                    break
            if dropping and not left[q]:
                continue  # an absence of a team nothing observed waits for any more
            if free[q]:
                free[q] -= 1
                g = i
            else:
                heappush(queues[q], (keys[i], i))
    return start, finish
