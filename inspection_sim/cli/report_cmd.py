"""``inspection-sim report``: one self-contained HTML page about a scenario's inspection."""

from __future__ import annotations

import argparse

from inspection_sim.cli.args import iso_datetime, runs, runs_help, seed, text, workers, workers_help
from inspection_sim.plan.timeline import inspection_name

#: Drawing and encoding the charts takes about this long (seconds, quiet machine).
CHARTS_SECONDS = 1.5


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = subparsers.add_parser(
        "report",
        help="write a self-contained HTML report of a scenario",
        description="Plan the scenario's inspection, simulate it, and write one HTML page (no "
        "network needed) with the timeline, team calendars, risks and the rules used.",
    )
    parser.add_argument(
        "scenario", nargs="?", type=text, help="scenario TOML file (default: the embedded one)"
    )
    parser.add_argument("--out", type=text, required=True, help="the HTML file to write")
    parser.add_argument(
        "--runs",
        type=runs(0),
        default=None,
        help=runs_help("simulation runs (default: the scenario's; 0: none)"),
    )
    parser.add_argument("--seed", type=seed, default=None, help="simulation seed, 0 to 2^64-1")
    parser.add_argument(
        "--sweep-runs",
        type=runs(0),
        default=0,
        help=runs_help(
            "add a risk heat map: runs per notification date over the scenario's window "
            "(default 0: none)"
        ),
    )
    parser.add_argument(
        "--workers",
        type=workers,
        default=None,
        help=workers_help("one per CPU") + ", for the sweep",
    )
    parser.add_argument("--stamp", type=iso_datetime, default=None, help="time shown in the footer")
    parser.add_argument("--no-plots", action="store_true", help="leave the Gantt chart out")
    parser.add_argument(
        "--quiet", action="store_true", help="no progress bars (shown on stderr for long steps)"
    )
    parser.add_argument("--force", action="store_true", help="replace an existing file")
    parser.add_argument(
        "--parents", action="store_true", help="create the folders above --out when missing"
    )
    parser.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    from inspection_sim.progress import progress_bar
    from inspection_sim.report import write_report
    from inspection_sim.scenario import default_scenario, load_scenario
    from inspection_sim.workbench import report_scenario

    scenario = load_scenario(args.scenario) if args.scenario else default_scenario()
    timeline, inputs = report_scenario(
        scenario,
        runs=args.runs,
        seed=args.seed,
        stamp=args.stamp,
        plots=not args.no_plots,
        sweep_runs=args.sweep_runs,
        workers=args.workers,
        progress=not args.quiet,
    )
    charts = 0.0 if args.no_plots else CHARTS_SECONDS
    with progress_bar(
        1, unit="page", seconds=charts, enabled=not args.quiet, what="drawing the charts"
    ) as bar:
        path = write_report(args.out, timeline, inputs, force=args.force, parents=args.parents)
        bar.update()
    print(
        f"wrote {path}: {scenario.council.name}, {inspection_name(timeline)}, "
        f"{len(timeline.tasks)} tasks, {len(inputs.deadlines)} simulated deadlines"
    )
    return 0
