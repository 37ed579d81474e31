"""Benchmark: the on-site timetable of a large council.

A synthetic council of 400 staff, 60 sampled cases and an ILACS standard inspection (two weeks,
4 social care inspectors plus the regulatory and schools inspectors on their days), with a fifth
of the staff taking leave in the fortnight and four sampled workers away throughout. Prints, in one
run: the greedy timetabler's time (target: under 1 s) against a naive first-fit baseline measured
in the same run (sessions in rule order, each at the first day and time that fits, no substitutes),
the sessions each books, and CP-SAT's result within its time limit with its status and gap.

Run: ``.venv/bin/python benchmarks/timetable.py [TIME_LIMIT_SECONDS]``
"""

from __future__ import annotations

import sys
import time
from datetime import date

sys.path.pop(0)  # do not import from the benchmarks folder

from inspection_sim.calendar import WorkingCalendar
from inspection_sim.timetable import build_timetable, load_onsite
from inspection_sim.timetable.board import Board, Miss
from inspection_sim.timetable.build import default_inspectors, onsite_days
from inspection_sim.timetable.people import check_inputs
from inspection_sim.timetable.sessions import Grid, expand_sessions
from inspection_sim.timetable.synthetic import synthetic_council

START = date(2027, 6, 7)
TARGET_SECONDS = 1.0


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


if __name__ == "__main__":
    main()
