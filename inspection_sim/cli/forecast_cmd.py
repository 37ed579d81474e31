"""``inspection-sim forecast``: when the next inspection activities are likely to come."""

from __future__ import annotations

import argparse
from typing import TYPE_CHECKING

from inspection_sim.cli.args import iso_date, text

if TYPE_CHECKING:
    from inspection_sim.forecasting.cycle import Forecast


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = subparsers.add_parser(
        "forecast",
        help="forecast the next inspection activities from a council's history",
        description="Forecast the next activities (ILACS inspections, focused and monitoring visits, "
        "area SEND and youth justice inspections) "
        "as on-site start dates at p10/p25/p50/p75/p90, soonest first, and the publication and "
        "action-plan dates after the last inspection.",
    )
    parser.add_argument(
        "--last",
        action="append",
        default=[],
        metavar="START:TYPE:JUDGEMENT",
        help="a past inspection, e.g. 2024-03-11:short:good, 2023-05-15:area-send:positive or a "
        "visit, e.g. 2024-10-08:focused-visit (repeatable)",
    )
    parser.add_argument(
        "--scenario", type=text, default=None, help="read the history from a scenario file"
    )
    parser.add_argument(
        "--on", type=iso_date, default=None, help="date of the forecast (default: today)"
    )
    parser.add_argument(
        "--model", type=text, default="calibrated", help="calibrated (default) or framework"
    )
    parser.add_argument(
        "--history",
        type=text,
        default=None,
        metavar="FILE",
        help="refit the model on a CSV of published inspections (the columns of "
        "ilacs_inspections.csv), using only those that started before --on",
    )
    parser.add_argument("--format", choices=("table", "json"), default="table")
    parser.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    from datetime import date

    from inspection_sim.errors import ForecastInputError
    from inspection_sim.forecasting.cycle import forecast
    from inspection_sim.forecasting.history import parse_entry

    history = [parse_entry(text, source="--last") for text in args.last]
    if args.scenario is not None:
        from inspection_sim.scenario import load_scenario
        from inspection_sim.workbench import scenario_history

        history += scenario_history(load_scenario(args.scenario))
    if not history:
        raise ForecastInputError(
            "give the history with --last START:TYPE:JUDGEMENT (e.g. 2024-03-11:short:good) "
            "or --scenario FILE"
        )
    on = args.on or date.today()
    calib = None
    if args.history is not None:
        from pathlib import Path

        from inspection_sim.forecasting.calibration import calibration
        from inspection_sim.forecasting.cycle_rules import cycle_rules
        from inspection_sim.forecasting.refit import refit

        calib = refit(calibration(), Path(args.history), on, cycle_rules())
    result = forecast(history, on=on, model=args.model, calib=calib)
    print(result.to_json() if args.format == "json" else table(result))
    return 0


def table(result: Forecast) -> str:
    """The forecast as a plain-text table."""
    lines = [
        f"Forecast as of {result.on.isoformat()} ({result.model} model)",
        "History: " + ", ".join(str(entry) for entry in result.history),
        "",
        f"{'activity':<26}{'p10':<12}{'p25':<12}{'p50':<12}{'p75':<12}{'p90':<12}",
    ]
    for item in result.next:
        q = item.onsite.quantiles()
        lines.append(f"{item.activity:<26}" + "".join(f"{d.isoformat():<12}" for d in q.values()))
    window = result.notification_window().quantiles()
    lines += [
        "",
        "Notification of " + result.inspection().activity + ": "
        + ", ".join(f"{k} {v.isoformat()}" for k, v in window.items()),
    ]  # fmt: skip
    after = result.after_last
    if after is not None:
        pub = after.published.quantiles()
        plan = after.action_plan.quantiles()
        lines += [
            f"Last inspection ended {after.onsite_end.isoformat()}; report published (period "
            f"{after.period}): " + ", ".join(f"{k} {v.isoformat()}" for k, v in pub.items()),
            f"Action plan due ({after.action_plan_working_days} working days after publication): "
            + ", ".join(f"{k} {v.isoformat()}" for k, v in plan.items()),
        ]
    for event in result.events:
        q = event.onsite.quantiles()
        lines.append(f"Next {event.activity}: {q['p10'].isoformat()} to {q['p90'].isoformat()}")
    lines += ["", "Basis:"] + [f"  {a.activity}: {a.basis}" for a in result.next + result.events]
    lines.append(f"Calibration: {result.source}")
    return "\n".join(lines)
