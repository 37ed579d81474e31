"""The ``inspection-sim`` command line: a thin layer over the public API.

Each subcommand lives in its own module under ``inspection_sim.cli`` and exposes
``register(subparsers)``, which adds its parser and sets ``handler`` to a function taking the parsed
arguments and returning an exit status. Heavy imports happen inside handlers, so ``--help`` is quick.

Whatever the input, a run ends in one of three ways: exit status 0; a user error
(:class:`~inspection_sim.errors.InspectionSimError`, a file that cannot be read or written, or an
option argparse refuses) as one message on stderr and exit status 2; or, for a fault in
inspection-sim itself, one line asking for a report and exit status 1. Never a traceback.
"""

from __future__ import annotations

import argparse
import importlib
import sys
from collections.abc import Sequence
from typing import NoReturn

from inspection_sim.cli.messages import cli_message, dates_given, one_line
from inspection_sim.errors import InspectionSimError

__all__ = ["COMMAND_MODULES", "build_parser", "main", "run"]

#: Modules that each register one subcommand, in the order ``--help`` lists them.
COMMAND_MODULES: tuple[str, ...] = (
    # the planner's main job first, then planning, what-ifs, sharing, and the reference commands
    "rehearse_cmd",
    "plan_cmd",
    "track_cmd",
    "timetable_cmd",
    "timeline_cmd",
    "simulate_cmd",
    "sweep_cmd",
    "report_cmd",
    "publish_cmd",
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


class Parser(argparse.ArgumentParser):
    """An argument parser whose usage errors are one line (the usage is one ``--help`` away)."""

    def error(self, message: str) -> NoReturn:
        self.exit(2, f"{self.prog}: error: {one_line(message)}\n")


def build_parser() -> argparse.ArgumentParser:
    """The full argument parser with every subcommand registered."""
    from inspection_sim._version import __version__

    parser = Parser(
        prog=PROG,
        description="Rehearse children's-services inspections: rules, plans, simulations and "
        "Outlook-ready calendars.",
    )
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    subparsers = parser.add_subparsers(dest="command", metavar="COMMAND")
    for name in COMMAND_MODULES:
        module = importlib.import_module(f"inspection_sim.cli.{name}")
        module.register(subparsers)
    _record_options(parser)
    return parser


def _record_options(parser: argparse.ArgumentParser) -> None:
    """Give every command its options by destination, so that errors from the library, which
    name Python arguments (``fieldwork_days``), can name the option instead (``--fieldwork-days``)."""
    options = {
        action.dest: max(action.option_strings, key=len)
        for action in parser._actions
        if action.option_strings and action.dest != "help"
    }
    parser.set_defaults(cli_options=options)
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            for command in action.choices.values():
                _record_options(command)


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; returns the exit status (0 ok, 1 fault, 2 user error, 130
    interrupted)."""
    parser = build_parser()
    try:
        args = parser.parse_args(argv)
    except SystemExit as stop:  # --help, --version, or a usage error already printed
        return stop.code if isinstance(stop.code, int) else 0 if stop.code is None else 2
    handler = getattr(args, "handler", None)
    if handler is None:
        parser.print_help()
        return 0
    try:
        status: int = handler(args)
    except InspectionSimError as error:
        options = getattr(args, "cli_options", {})
        _say(f"error: {cli_message(error, options, dates_given(args, options))}")
        return 2
    except KeyboardInterrupt:
        _say("interrupted")
        return 130
    except BrokenPipeError:
        return 0
    except OSError as error:  # a path given on the command line that cannot be read or written
        where = f"{error.filename}: " if error.filename is not None else ""
        _say(f"error: {where}{error.strerror or error}")
        return 2
    except Exception as error:  # a fault in inspection-sim itself, never the user's input
        _say(
            f"internal error ({type(error).__name__}: {error}); please report it with the "
            "command line that caused it"
        )
        return 1
    return status


def _say(message: str) -> None:
    print(f"{PROG}: {message}", file=sys.stderr)


def run(argv: Sequence[str] | None = None) -> NoReturn:
    """Console-script entry point: :func:`main`, then exit with its status."""
    sys.exit(main(argv))
