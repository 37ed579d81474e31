"""``inspection-sim sweep``: which notification dates of a window are riskiest."""

from __future__ import annotations

import argparse
from typing import TYPE_CHECKING

from inspection_sim.cli.args import (
    add_simulation_output,
    add_simulation_source,
    iso_date,
    runs,
    runs_help,
    workers,
    workers_help,
)

if TYPE_CHECKING:
    from inspection_sim.plan.timeline import Timeline
    from inspection_sim.scenario import Scenario
    from inspection_sim.simulation.sweeps import SweepResult


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = subparsers.add_parser(
        "sweep",
        help="simulate every candidate notification date of a window",
        description="Plan and simulate the inspection for every candidate notification date "
        "between --from and --to (inclusive; the plan's notification weekday, rolled to the next "
        "working day), --runs replications each, and report the probability of meeting every "
        "deadline per date.",
    )
    add_simulation_source(parser, notified_help="notification of the base plan")
    parser.add_argument("--from", dest="first", type=iso_date, help="first candidate date")
    parser.add_argument("--to", dest="last", type=iso_date, help="last candidate date")
    parser.add_argument(
        "--runs", type=runs(), default=200, help=runs_help("replications per date (default 200)")
    )
    parser.add_argument("--workers", type=workers, help=workers_help("one per CPU"))
    parser.add_argument(
        "--all-dates",
        action="store_true",
        help="every working day of the window, marking the calls the rules would not give "
        "(default: only the rules' calls, none whose fieldwork falls in a period without "
        "fieldwork)",
    )
    add_simulation_output(parser)
    parser.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    from datetime import date

    from inspection_sim.cli.source import load_source
    from inspection_sim.scenario import Scenario
    from inspection_sim.simulation import sweep
    from inspection_sim.workbench import sweep_scenario

    source = load_source(args.scenario, args.notified)
    _check_window(args, source)
    options = {
        "first": args.first,
        "last": args.last,
        "runs": args.runs,
        "seed": args.seed,
        "workers": args.workers,
        "engine": args.engine,
        "progress": not args.quiet,
        "all_dates": args.all_dates,
    }
    if isinstance(source, Scenario):
        result = sweep_scenario(source, **options)
    else:  # framework:type: plan each candidate date afresh
        from inspection_sim.plan.build import plan

        def planner(day: date) -> Timeline:
            return plan(args.scenario, notified=day)

        result = sweep(source, planner=planner, **options)
    if args.format == "json":
        print(result.to_json())
    elif args.format == "csv":
        print(result.to_csv(), end="")
    else:
        print(_table(result, _deadline_names(source, result)))
    return 0


def _deadline_names(source: Scenario | Timeline, result: SweepResult) -> dict[str, str]:
    """Each deadline's plain name and its team's, as the table reads them: from the plan of the first
    date swept (a task's name and team do not change with the date)."""
    from inspection_sim.plan.teams import team_display
    from inspection_sim.scenario import Scenario
    from inspection_sim.simulation.result import REQUESTS, REQUESTS_NAME
    from inspection_sim.workbench import plan_scenario, scenario_team_names

    timeline = source
    if isinstance(source, Scenario):
        if not result.dates:
            return {}
        timeline = plan_scenario(source, notified=result.dates[0])
    assert not isinstance(timeline, Scenario)
    owners = timeline.network.teams
    teams = scenario_team_names(source, owners) if isinstance(source, Scenario) else {}
    names = {
        task.id: (task.name or task.id)
        + (f" ({team_display(teams, task.team)})" if task.team else "")
        for task in timeline.tasks
    }
    return names | {REQUESTS: REQUESTS_NAME}


def _check_window(args: argparse.Namespace, source: Scenario | Timeline) -> None:
    """--from and --to together, in order; or neither, for a scenario's notification window."""
    from inspection_sim.errors import SimulationError
    from inspection_sim.scenario import Scenario

    if args.first is not None and args.last is not None:
        if args.last < args.first:
            raise SimulationError(
                f"the window ends before it starts (--from {args.first.isoformat()})",
                key="--to",
                value=args.last.isoformat(),
            )
        return
    if args.first is not None or args.last is not None:
        missing = "--to" if args.last is None else "--from"
        raise SimulationError(f"give {missing} too: the window needs both ends", key=missing)
    if not isinstance(source, Scenario):  # framework:type
        raise SimulationError("give the window with --from and --to", key="--from")
    if source.inspection.window is None:
        raise SimulationError(
            "give the window with --from and --to (the scenario has no [inspection.window])",
            key="--from",
        )


def _table(result: SweepResult, names: dict[str, str]) -> str:
    marked = any(result.outside_rules)
    lines = [
        f"{len(result.dates)} notification dates, {result.runs} replications each, "
        f"seed {result.seed}, engine {result.engine}",
        f"{'notified':<12} {'P(all met)':>10} {'missed':>6}  the deadline least likely met",
    ]
    for k, row in enumerate(result.wide_records()):
        weakest = result.weakest(k)
        text = (
            f"{weakest[1]:>4.0%} {names.get(weakest[0], weakest[0])}" if weakest else "none missed"
        )
        mark = f"  * {row['outside_rules']}" if row["outside_rules"] else ""
        lines.append(
            f"{row['date']:<12} {row['p_all_met']:>10.1%} {row['missed_mean']:>6.2f}  {text}{mark}"
        )
    risky = result.riskiest(5)
    lines.append(
        "Riskiest dates: " + ", ".join(f"{day.isoformat()} ({p:.0%})" for day, p in risky)
        if risky
        else "Riskiest dates: none (every date meets every deadline in every run)"
    )
    lines.append("(missed: the mean number of deadlines missed in a run)")
    if marked:
        lines.append("* a call the rules would not give (--all-dates)")
    if result.left_out:
        lines.append(
            f"Left out: {len(result.left_out)} calls the rules would not give ("
            + _periods(result.left_out)
            + "); --all-dates includes them"
        )
    return "\n".join(lines)


def _periods(left_out: tuple[tuple[object, tuple[str, ...]], ...]) -> str:
    """Why, each reason once without its dates: "Summer", "Weeks holding a bank holiday"..."""
    names = [reason.split(" (")[0] for _, reasons in left_out for reason in reasons]
    return ", ".join(dict.fromkeys(names))
