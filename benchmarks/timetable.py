"""Benchmark: the on-site timetable of a large council.

A synthetic council of 400 staff, 60 sampled cases and an ILACS standard inspection (two weeks,
4 social care inspectors plus the regulatory and schools inspectors on their days), with a fifth
of the staff taking leave in the fortnight and four sampled workers away throughout. Prints, in one
run: the greedy timetabler's time (target: under 1 s) against a naive first-fit baseline measured
in the same run (sessions in rule order, each at the first day and time that fits, no substitutes),
the sessions each books, and CP-SAT's result within its time limit with its status and gap. Then
the Monte Carlo of random staff absence over the greedy timetable (1,000 runs at the default
scenario's staff-absence rate; target: a few seconds) against a naive baseline measured in the
same run (absences drawn person by person and day by day, each run rebooked through the what-if
``rebook_absences``, which rebuilds the board and every booking), per run.

Run: ``.venv/bin/python benchmarks/timetable.py [TIME_LIMIT_SECONDS]``
"""

from __future__ import annotations

import math
import random
import sys
import time
from datetime import date

from inspection_sim.calendar import WorkingCalendar
from inspection_sim.timetable import (
    Absence,
    Timetable,
    absence_risk,
    build_timetable,
    load_onsite,
    rebook_absences,
)
from inspection_sim.timetable.board import Board, Miss
from inspection_sim.timetable.build import default_inspectors, onsite_days
from inspection_sim.timetable.people import check_inputs
from inspection_sim.timetable.sessions import Grid, expand_sessions
from inspection_sim.timetable.synthetic import synthetic_council

START = date(2027, 6, 7)
TARGET_SECONDS = 1.0
#: The default scenario's ``[simulation.events] staff-absence`` (absences per person per day).
ABSENCE_RATE = 0.02
MONTE_CARLO_RUNS = 1000
MONTE_CARLO_TARGET_SECONDS = 3.0
BASELINE_RUNS = 100


def naive_first_fit(people: list, cases: list, rooms: list) -> tuple[float, int, int]:  # type: ignore[type-arg]
    """Seconds, booked and unbooked for sessions booked in rule order at the first time that fits."""
    began = time.perf_counter()
    rules = load_onsite("ilacs:standard", on=START)
    days = onsite_days(rules, START, WorkingCalendar())
    by_id, resolved = check_inputs(people, cases, rooms)
    grid = Grid.of(rules.hours)
    sessions = expand_sessions(rules, days, by_id, resolved, grid)
    board = Board(rules, days, by_id, default_inspectors(rules, days), rooms, grid)
    booked = 0
    for session in sessions:
        placed = None
        for day in session.days:
            if placed is None and all(
                board.works(p, day) for n in session.needs if n.fixed for p in n.candidates
            ):
                for start in board.starts(session):
                    placed = board.try_at(session, session.needs, day, start, Miss())
                    if placed is not None:
                        break
        if placed is not None:
            board.commit(placed)
            booked += 1
    return time.perf_counter() - began, booked, len(sessions) - booked


def main() -> None:
    limit = float(sys.argv[1]) if len(sys.argv) > 1 else 30.0
    people, cases, rooms = synthetic_council(
        400, 60, seed=1, leave=(START, date(2027, 6, 18)), leave_share=0.2, away_workers=4, rooms=5
    )
    args = {"people": people, "cases": cases, "rooms": rooms, "start": START}
    build_timetable("ilacs:standard", **args)  # warm the rule cache
    naive_seconds, naive_booked, naive_left = naive_first_fit(people, cases, rooms)
    began = time.perf_counter()
    greedy = build_timetable("ilacs:standard", **args)
    greedy_seconds = time.perf_counter() - began
    print(
        f"council: {len(people)} staff, {len(cases)} sampled cases, {len(rooms)} rooms, "
        f"{len(greedy.days)} on-site days, {len(greedy.inspectors)} inspector slots"
    )
    print(
        f"naive first-fit: {naive_seconds * 1000:7.1f} ms  booked {naive_booked}, not booked {naive_left}"
    )
    print(
        f"greedy:          {greedy_seconds * 1000:7.1f} ms  booked {len(greedy.bookings)} "
        f"({len(greedy.substitutes)} with a substitute), not booked {len(greedy.unbooked)}; "
        f"{greedy_seconds / naive_seconds:.2f}x the baseline's time "
        f"({'within' if greedy_seconds < TARGET_SECONDS else 'OVER'} the {TARGET_SECONDS:.0f} s target)"
    )
    monte_carlo(greedy)
    try:
        began = time.perf_counter()
        exact = build_timetable("ilacs:standard", **args, solver="cp-sat", time_limit=limit)
    except ImportError:
        print("cp-sat: ortools is not installed (pip install 'inspection_sim[ortools]')")
        return
    seconds = time.perf_counter() - began
    report = exact.solver
    gap = "n/a" if report.gap is None else f"{report.gap:.1%}"
    print(
        f"cp-sat:          {seconds:7.1f} s   booked {len(exact.bookings)} "
        f"({len(exact.substitutes)} with a substitute), not booked {len(exact.unbooked)}; "
        f"status {report.status}, gap {gap}, {report.moves} moved from greedy, "
        f"time limit {limit:.0f} s{'; ' + report.note if report.note else ''}"
    )


def naive_absence_runs(plan: Timetable, runs: int, seed: int) -> float:
    """Seconds for ``runs`` runs drawn person by person and day by day, each rebooked whole."""
    gen = random.Random(seed)
    chance = -math.expm1(-ABSENCE_RATE)
    days = plan.days
    began = time.perf_counter()
    for _ in range(runs):
        absences = []
        for pid in sorted(plan.people):
            away_until = -1
            for k, day in enumerate(days):
                if k > away_until and gen.random() < chance:
                    away_until = k + math.ceil(gen.triangular(1.0, 10.0, 2.0)) - 1
                    absences.append(Absence(pid, day, days[min(away_until, len(days) - 1)]))
        rebook_absences(plan, absences)
    return time.perf_counter() - began


def monte_carlo(plan: Timetable) -> None:
    absence_risk(plan, rate=ABSENCE_RATE, runs=10, seed=1)  # warm the rule cache
    naive = naive_absence_runs(plan, BASELINE_RUNS, seed=1) / BASELINE_RUNS
    began = time.perf_counter()
    risk = absence_risk(plan, rate=ABSENCE_RATE, runs=MONTE_CARLO_RUNS, seed=1)
    seconds = time.perf_counter() - began
    per_run = seconds / MONTE_CARLO_RUNS
    print(
        f"naive absence runs: {naive * 1000:7.2f} ms a run ({BASELINE_RUNS} runs, rebooked whole)"
    )
    print(
        f"absence Monte Carlo: {seconds:6.2f} s for {MONTE_CARLO_RUNS} runs, "
        f"{per_run * 1000:.2f} ms a run, {per_run / naive:.2f}x the baseline's time a run "
        f"({'within' if seconds < MONTE_CARLO_TARGET_SECONDS else 'OVER'} the "
        f"{MONTE_CARLO_TARGET_SECONDS:.0f} s target); cases discussed as planned "
        f"{risk.as_planned.mean:.1%} on average, every case discussed in {risk.all_discussed:.0%} "
        f"of runs, busiest day {risk.busiest.mean:.1f} changes on average"
    )


if __name__ == "__main__":
    main()
