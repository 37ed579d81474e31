"""The ``inspection-sim`` command line: a thin layer over the public API.

Each subcommand lives in its own module under ``inspection_sim.cli`` and exposes
``register(subparsers)``, which adds its parser and sets ``handler`` to a function taking the parsed
arguments and returning an exit status. Heavy imports happen inside handlers, so ``--help`` is quick.
User errors (:class:`~inspection_sim.errors.InspectionSimError`) become one message on stderr and
exit status 2, never a traceback.
"""

from __future__ import annotations

import argparse
import importlib
import sys
from collections.abc import Sequence

from inspection_sim.errors import InspectionSimError

__all__ = ["COMMAND_MODULES", "build_parser", "main"]

#: Modules that each register one subcommand, in the order ``--help`` lists them.
COMMAND_MODULES: tuple[str, ...] = (
    # the planner's main job first, then planning, what-ifs, sharing, and the reference commands
    "rehearse_cmd",
    "timetable_cmd",
    "timeline_cmd",
    "simulate_cmd",
    "sweep_cmd",
    "report_cmd",
    "validate_cmd",
    "forecast_cmd",
    "annex_a_cmd",
    "kpi_cmd",
    "timescales_cmd",
    "rules_cmd",
    "due_cmd",
    "calendar_cmd",
)

PROG = "inspection-sim"


def build_parser() -> argparse.ArgumentParser:
    """The full argument parser with every subcommand registered."""
    from inspection_sim import __version__

    parser = argparse.ArgumentParser(
        prog=PROG,
        description="Rehearse children's-services inspections: rules, plans, simulations and "
        "Outlook-ready calendars.",
    )
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    subparsers = parser.add_subparsers(dest="command", metavar="COMMAND")
    for name in COMMAND_MODULES:
        module = importlib.import_module(f"inspection_sim.cli.{name}")
        module.register(subparsers)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; returns the exit status (0 ok, 2 user error, 130 interrupted)."""
    parser = build_parser()
    args = parser.parse_args(argv)
    handler = getattr(args, "handler", None)
    if handler is None:
        parser.print_help()
        return 0
    try:
        status: int = handler(args)
    except InspectionSimError as error:
        print(f"{PROG}: error: {error}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        print(f"{PROG}: interrupted", file=sys.stderr)
        return 130
    except BrokenPipeError:
        return 0
    return status


def run() -> None:
    """Console-script entry point."""
    sys.exit(main())
