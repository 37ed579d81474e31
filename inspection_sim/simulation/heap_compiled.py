"""The heap engine's event loop compiled with numba, when it is installed (``pip install
'.[fast]'``): the same events in the same order with the same arithmetic as
:func:`~inspection_sim.simulation.heap_plain.run_plain`, for many replications in one call.

It covers replications without absences or information requests on a model without team
calendars (calendars and incidents are Python objects the compiled code cannot call); the heap
engine runs every other replication through ``run_plain``, and everything through it when numba
is not installed. Python lists become arrays: a task's successors, predecessors and links are
slices of flat arrays (``*_at`` gives each task's first index), and the deques of ``run_plain``
(the drains, each team's queue, each hold's riders, the zero-length holds) are linked lists
through ``after_*`` arrays, as each task enters each kind of deque at most once. The heap holds
``(time, sequence, code)`` as three arrays with the same order (time, then sequence).

Compiling takes a few seconds the first time (numba keeps the result in ``__pycache__``), so
the engine uses it only once it is compiled in the process or when the run is large enough to
pay for it (:func:`worth_it`). :func:`kernel` is plain Python too: tests run it uncompiled.
"""

from __future__ import annotations

import importlib
import importlib.util
import math
import os
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import numpy as np
import numpy.typing as npt

from inspection_sim.plan.network import NO_TIME
from inspection_sim.simulation.heap_plain import FIXED, PLAIN, SIMPLE, Plan

__all__ = ["Packed", "available", "compiled", "kernel", "pack", "run_batch", "worth_it"]

FloatArray = npt.NDArray[np.float64]
IntArray = npt.NDArray[np.int64]
BoolArray = npt.NDArray[np.bool_]

#: Task-replications (tasks x runs) from which compiling pays for itself on a quiet machine:
#: the Python loop takes about 0.6 microseconds per task, the first compilation a few seconds
#: and loading it from numba's cache about 0.5 s with numba's import.
WORTH = 2_000_000
#: Set to 0 to keep the compiled loop off even when numba is installed.
SWITCH = "INSPECTION_SIM_COMPILED"


@dataclass(frozen=True)
class Packed:
    """A model's lists (:class:`~inspection_sim.simulation.des.Lists`) as flat arrays."""

    team: IntArray
    uses: BoolArray
    kind: IntArray
    quick: BoolArray
    plain_at: IntArray
    plain: IntArray
    pred_at: IntArray
    pred: IntArray
    link: IntArray
    lag: FloatArray
    #: Start-no-earlier-than and fixed start (NaN: none).
    snet: FloatArray
    fixed: FloatArray
    succ_at: IntArray
    succ: IntArray
    npreds: IntArray
    roots: IntArray
    capacity: IntArray
    #: Each task's place in its team's queue (``Lists.rank``).
    rank: IntArray
    origin: int


def pack(plan: Plan) -> Packed:
    """The arrays of ``plan`` (a model without team calendars)."""
    lists = plan.lists
    n = lists.n
    plains = [p if p is not None else [] for p in lists.plain]
    succs = [s if s is not None else [] for s in plan.succs]
    links = [link for pred in lists.preds for link in pred]
    return Packed(
        team=np.array(lists.team, dtype=np.int64),
        uses=np.array(lists.uses_capacity, dtype=np.bool_),
        kind=np.array(plan.kind, dtype=np.int64),
        quick=np.array(plan.quick, dtype=np.bool_),
        plain_at=_starts([len(p) for p in plains]),
        plain=np.array([p for ps in plains for p in ps], dtype=np.int64),
        pred_at=_starts([len(p) for p in lists.preds]),
        pred=np.array([p for p, _, _ in links], dtype=np.int64),
        link=np.array([k for _, k, _ in links], dtype=np.int64),
        lag=np.array([g for _, _, g in links], dtype=np.float64),
        snet=_optional(lists.snet, n),
        fixed=_optional(lists.fixed, n),
        succ_at=_starts([len(s) for s in succs]),
        succ=np.array([j for s in succs for j in s], dtype=np.int64),
        npreds=np.array(lists.npreds, dtype=np.int64),
        roots=np.array(plan.roots, dtype=np.int64),
        capacity=np.array(lists.capacity, dtype=np.int64),
        rank=np.array(lists.rank, dtype=np.int64),
        origin=lists.origin,
    )


def _starts(sizes: list[int]) -> IntArray:
    """Where each task's slice begins in a flat array, and the end: ``(n + 1,)``."""
    return np.concatenate([[0], np.cumsum(sizes, dtype=np.int64)]).astype(np.int64)


def _optional(values: list[int | None], n: int) -> FloatArray:
    found = np.full(n, np.nan)
    for i, value in enumerate(values):
        if value is not None and value != NO_TIME:
            found[i] = float(value)
    return found


_PACKED: dict[int, tuple[Plan, Packed]] = {}


def packed(plan: Plan) -> Packed:
    """``pack(plan)``, built once per plan."""
    hit = _PACKED.get(id(plan))
    if hit is not None and hit[0] is plan:
        return hit[1]
    found = pack(plan)
    if len(_PACKED) > 32:
        _PACKED.clear()
    _PACKED[id(plan)] = (plan, found)
    return found


def available() -> bool:
    """True when numba is installed and the compiled loop is not switched off."""
    return os.environ.get(SWITCH, "1") != "0" and importlib.util.find_spec("numba") is not None


_COMPILED: list[Callable[..., None]] = []


def compiled() -> Callable[..., None]:
    """The compiled :func:`kernel` (compiled, or loaded from numba's cache, on first use)."""
    if not _COMPILED:
        numba: Any = importlib.import_module("numba")
        jit = numba.njit(cache=True, nogil=True)
        # the kernel's steps are inlined into it: as calls they made it up to a third slower
        inline = numba.njit(cache=True, nogil=True, inline="always")
        # the kernel's calls resolve to the module's names when it compiles: compile them first
        globals().update({name: jit(function) for name, function in _HELPERS.items()})
        globals().update({name: inline(function) for name, function in _STEPS.items()})
        _COMPILED.append(jit(kernel))
    return _COMPILED[0]


def worth_it(tasks: int, runs: int) -> bool:
    """Whether to use the compiled loop for ``runs`` replications of ``tasks`` tasks: once it is
    compiled in this process, always; before, only for a run that pays for compiling it."""
    return bool(_COMPILED) or tasks * runs >= WORTH


def run_batch(
    plan: Plan,
    durations: FloatArray,
    shifts: IntArray,
    delays: FloatArray,
    delayed: BoolArray,
    python: bool = False,
) -> tuple[FloatArray, FloatArray]:
    """Start and finish ``(runs, tasks)`` of replications without incidents: ``durations`` and
    ``delays`` are ``(runs, tasks)``, ``delayed`` says which rows have late data. ``python``
    runs the kernel uncompiled (for tests)."""
    p = packed(plan)
    runs, n = durations.shape
    start = np.full((runs, n), np.nan)
    finish = np.full((runs, n), np.nan)
    run = kernel if python else compiled()
    run(
        p.team, p.uses, p.kind, p.quick, p.plain_at, p.plain, p.pred_at, p.pred, p.link,
        p.lag, p.snet, p.fixed, p.succ_at, p.succ, p.npreds, p.roots, p.capacity, p.rank, p.origin,
        np.ascontiguousarray(durations), np.ascontiguousarray(shifts, dtype=np.int64),
        np.ascontiguousarray(delays), np.ascontiguousarray(delayed), start, finish,
    )  # fmt: skip
    return start, finish


def kernel(  # one loop, as run_plain; its repeated steps are inlined when it is compiled
    team: IntArray,
    uses: BoolArray,
    kind: IntArray,
    quick: BoolArray,
    plain_at: IntArray,
    plain: IntArray,
    pred_at: IntArray,
    pred: IntArray,
    link: IntArray,
    lag: FloatArray,
    snet: FloatArray,
    fixed: FloatArray,
    succ_at: IntArray,
    succ: IntArray,
    npreds: IntArray,
    roots: IntArray,
    capacity: IntArray,
    rank: IntArray,
    origin: int,
    durations: FloatArray,
    shifts: IntArray,
    delays: FloatArray,
    delayed: BoolArray,
    start: FloatArray,
    finish: FloatArray,
) -> None:
    """Every replication of ``durations`` through ``run_plain``'s loop; fills ``start`` and
    ``finish`` (see :func:`run_batch`). Variable names follow ``run_plain``."""
    n = team.shape[0]
    teams = capacity.shape[0]
    pending = np.empty(n, dtype=np.int64)
    free = np.empty(teams, dtype=np.int64)
    queue_head = np.empty(teams, dtype=np.int64)
    queue_tail = np.empty(teams, dtype=np.int64)
    after_queue = np.empty(n, dtype=np.int64)
    rider_head = np.empty(n, dtype=np.int64)
    rider_tail = np.empty(n, dtype=np.int64)
    after_rider = np.empty(n, dtype=np.int64)
    after_ready = np.empty(n, dtype=np.int64)
    after_soon = np.empty(n, dtype=np.int64)
    stack_head = np.empty(n + 1, dtype=np.int64)
    stack_tail = np.empty(n + 1, dtype=np.int64)
    heap_time = np.empty(2 * n + 1)
    heap_seq = np.empty(2 * n + 1, dtype=np.int64)
    heap_code = np.empty(2 * n + 1, dtype=np.int64)
    for row in range(durations.shape[0]):
        dur = durations[row]
        delay = delays[row]
        late = delayed[row]
        s = start[row]
        f = finish[row]
        shift = shifts[row]
        for i in range(n):
            pending[i] = npreds[i]
            rider_head[i] = -1
        for q in range(teams):
            free[q] = capacity[q]
            queue_head[q] = -1
        size = 0  # heap entries
        soon_head = soon_tail = -1
        depth = 0  # interrupted drains on the stack
        ready_on = roots.shape[0] > 0  # ``ready is not None``
        ready_head = ready_tail = -1
        for k in range(roots.shape[0]):
            ready_head, ready_tail = _chain(ready_head, ready_tail, after_ready, roots[k])
        rider = -1
        riding = False
        seq = 0
        g = -1
        t0 = float(origin + shift)
        now = t0
        moved = float(shift)
        while True:
            if g >= 0:  # grant
                s[g] = now
                end = now + dur[g]
                f[g] = end
                if end > now:
                    size, seq = _schedule(heap_time, heap_seq, heap_code, size, seq, now, end, g)
                else:
                    soon_head, soon_tail = _chain(soon_head, soon_tail, after_soon, g)
                new_head = new_tail = -1
                for k in range(succ_at[g], succ_at[g + 1]):
                    j = succ[k]
                    pending[j] -= 1
                    if pending[j]:
                        continue
                    if new_head < 0 and quick[j] and not late:
                        r, host = _latest(plain_at, plain, f, t0, j)
                        if r > now:
                            if host >= 0 and uses[host]:
                                _append(rider_head, rider_tail, after_rider, host, j)
                            else:
                                size, seq = _schedule(
                                    heap_time, heap_seq, heap_code, size, seq, now, r, ~j
                                )
                            continue
                    new_head, new_tail = _chain(new_head, new_tail, after_ready, j)
                g = -1
                if new_head >= 0:
                    if ready_on:
                        stack_head[depth] = ready_head
                        stack_tail[depth] = ready_tail
                        depth += 1
                    ready_on = True
                    ready_head, ready_tail = new_head, new_tail
            while ready_on:  # release the tasks whose last predecessor was determined
                if ready_head < 0:
                    if depth:
                        depth -= 1
                        ready_head = stack_head[depth]
                        ready_tail = stack_tail[depth]
                    else:
                        ready_on = False
                    continue
                i = ready_head
                ready_head = after_ready[i]
                host = -1
                sort = kind[i]
                if sort == PLAIN:
                    r, host = _latest(plain_at, plain, f, t0, i)
                    if late and delay[i]:
                        r += delay[i]
                        host = -1
                elif sort == FIXED:
                    r = fixed[i] + moved
                elif sort == SIMPLE:
                    r = t0
                    for m in range(pred_at[i], pred_at[i + 1]):
                        p = pred[m]
                        value = (f[p] if link[m] == 0 else s[p]) + lag[m]
                        if value > r:
                            r = value
                            host = p if link[m] == 0 and lag[m] == 0 else -1
                    if late and delay[i]:
                        r += delay[i]
                        host = -1
                else:  # des.release, without team calendars
                    r = t0
                    if not math.isnan(snet[i]):
                        bound = snet[i] + moved
                        if bound > r:
                            r = bound
                    last = -math.inf
                    latest = False
                    for m in range(pred_at[i], pred_at[i + 1]):
                        p = pred[m]
                        value = (f[p] if link[m] == 0 or link[m] == 2 else s[p]) + lag[m]
                        if link[m] < 2:
                            if value > r:
                                r = value
                        elif not latest or value > last:
                            last = value
                            latest = True
                    if latest and last - dur[i] > r:
                        r = last - dur[i]
                    if late:
                        r += delay[i]
                if uses[i]:
                    if r <= now:
                        if _ask(free, queue_head, queue_tail, after_queue, rank, team[i], i):
                            g = i
                            break  # grant it, drain its successors, then come back
                    elif host >= 0 and uses[host]:
                        _append(rider_head, rider_tail, after_rider, host, i)
                    else:
                        size, seq = _schedule(heap_time, heap_seq, heap_code, size, seq, now, r, ~i)
                    continue
                s[i] = r
                f[i] = r + dur[i]
                for k in range(succ_at[i], succ_at[i + 1]):
                    j = succ[k]
                    pending[j] -= 1
                    if not pending[j]:
                        ready_head, ready_tail = _chain(ready_head, ready_tail, after_ready, j)
            if g >= 0:
                continue
            if riding:  # the finished hold's riders ask for a unit, in order
                while rider >= 0:
                    i = rider
                    rider = after_rider[i]
                    if _ask(free, queue_head, queue_tail, after_queue, rank, team[i], i):
                        g = i
                        break
                if g >= 0:
                    continue
                riding = False
            if soon_head >= 0 and (size == 0 or heap_time[0] > now):
                i = soon_head
                soon_head = after_soon[i]
            elif size:
                now = heap_time[0]
                i = heap_code[0]
                size = _pop(heap_time, heap_seq, heap_code, size)
            else:
                break
            if i >= 0:  # the end of a hold: the unit goes to the head of the queue
                q = team[i]
                if queue_head[q] >= 0:
                    g = queue_head[q]
                    queue_head[q] = after_queue[g]
                else:
                    free[q] += 1
                rider = rider_head[i]
                riding = rider >= 0
            else:  # a release timer: the task asks for a unit
                i = ~i
                if _ask(free, queue_head, queue_tail, after_queue, rank, team[i], i):
                    g = i


def _push(
    time: FloatArray, seq: IntArray, code: IntArray, size: int, at: float, number: int, what: int
) -> int:
    """Adds ``(at, number, what)`` to the heap of ``size`` entries; returns the new size."""
    k = size
    while k > 0:
        parent = (k - 1) >> 1
        if time[parent] < at or (time[parent] == at and seq[parent] < number):
            break
        time[k], seq[k], code[k] = time[parent], seq[parent], code[parent]
        k = parent
    time[k], seq[k], code[k] = at, number, what
    return size + 1


def _pop(time: FloatArray, seq: IntArray, code: IntArray, size: int) -> int:
    """Removes the heap's least entry (time, then sequence); returns the new size."""
    size -= 1
    at, number, what = time[size], seq[size], code[size]
    k = 0
    while True:
        child = 2 * k + 1
        if child >= size:
            break
        other = child + 1
        if other < size and (
            time[other] < time[child] or (time[other] == time[child] and seq[other] < seq[child])
        ):
            child = other
        if at < time[child] or (at == time[child] and number < seq[child]):
            break
        time[k], seq[k], code[k] = time[child], seq[child], code[child]
        k = child
    time[k], seq[k], code[k] = at, number, what
    return size


def _schedule(
    time: FloatArray,
    seq: IntArray,
    code: IntArray,
    size: int,
    number: int,
    now: float,
    at: float,
    what: int,
) -> tuple[int, int]:
    """Pushes ``what`` for ``at``, as ``now + (at - now)`` (``run_plain``'s arithmetic), with
    sequence ``number``; returns the heap's new size and the next sequence number."""
    return _push(time, seq, code, size, now + (at - now), number, what), number + 1


def _chain(head: int, tail: int, after: IntArray, item: int) -> tuple[int, int]:
    """Adds ``item`` at the end of the linked list from ``head`` to ``tail`` (-1: empty) through
    ``after``; returns its new head and tail."""
    after[item] = -1  # first (never the tail: a task enters a list once): a faster loop
    if head < 0:
        return item, item
    after[tail] = item
    return head, item


def _append(head: IntArray, tail: IntArray, after: IntArray, owner: int, item: int) -> None:
    """Adds ``item`` at the end of ``owner``'s linked list (a team's queue, a hold's riders)."""
    if head[owner] < 0:
        head[owner] = item
    else:
        after[tail[owner]] = item
    tail[owner] = item
    after[item] = -1


def _ask(
    free: IntArray,
    queue_head: IntArray,
    queue_tail: IntArray,
    after_queue: IntArray,
    rank: IntArray,
    q: int,
    i: int,
) -> bool:
    """Task ``i`` asks team ``q`` for a unit: True if it takes a free one, else it joins the
    team's queue in its place (``rank``: the plan's order, as run_plain's heaps)."""
    if free[q]:
        free[q] -= 1
        return True
    head = queue_head[q]
    if head < 0 or rank[i] < rank[head]:  # first in the queue
        after_queue[i] = head
        queue_head[q] = i
        if head < 0:
            queue_tail[q] = i
        return False
    at = head
    while after_queue[at] >= 0 and rank[after_queue[at]] < rank[i]:
        at = after_queue[at]
    after_queue[i] = after_queue[at]
    after_queue[at] = i
    if after_queue[i] < 0:
        queue_tail[q] = i
    return False


def _latest(
    plain_at: IntArray, plain: IntArray, f: FloatArray, t0: float, i: int
) -> tuple[float, int]:
    """The latest finish of task ``i``'s plain predecessors (``t0`` at the earliest) and the
    predecessor that has it (-1: none)."""
    r = t0
    host = -1
    for m in range(plain_at[i], plain_at[i + 1]):
        p = plain[m]
        if f[p] > r:
            r = f[p]
            host = p
    return r, host


#: The kernel's helpers as plain Python (:func:`compiled` replaces the module's names).
_HELPERS = {"_push": _push, "_pop": _pop}
#: The kernel's repeated steps as plain Python (:func:`compiled` replaces them, inlined).
_STEPS = {
    "_schedule": _schedule,
    "_chain": _chain,
    "_append": _append,
    "_ask": _ask,
    "_latest": _latest,
}
