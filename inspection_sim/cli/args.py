"""Argument types shared by subcommands: they turn text into values or raise argparse errors."""

from __future__ import annotations

import argparse
from datetime import date, datetime


def iso_date(text: str) -> date:
    """An ISO date ``YYYY-MM-DD``."""
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not an ISO date (YYYY-MM-DD): {text!r}") from None


def iso_datetime(text: str) -> datetime:
    """An ISO date-time, e.g. ``2027-01-04T09:00:00+00:00``; a bare date means midnight UTC."""
    try:
        value = datetime.fromisoformat(text.replace("Z", "+00:00"))
    except ValueError:
        raise argparse.ArgumentTypeError(
            f"not an ISO date-time (YYYY-MM-DDTHH:MM[:SS][+HH:MM]): {text!r}"
        ) from None
    return value


def add_simulation_source(parser: argparse.ArgumentParser, *, notified_help: str) -> None:
    """The SCENARIO argument and ``--notified`` shared by the simulation commands."""
    parser.add_argument(
        "scenario",
        nargs="?",
        help="scenario TOML file, or framework:type with --notified "
        "(default: the embedded good council's ILACS short inspection)",
    )
    parser.add_argument("--notified", type=iso_date, help=notified_help)


def add_simulation_output(parser: argparse.ArgumentParser) -> None:
    """``--seed``, ``--engine``, ``--format`` and ``--quiet``, shared by the simulation commands."""
    parser.add_argument("--seed", type=int, help="random seed (default: the scenario's)")
    parser.add_argument("--engine", default="auto", help="auto (default), numpy, heap or simpy")
    parser.add_argument("--format", choices=("table", "json", "csv"), default="table")
    parser.add_argument("--quiet", action="store_true", help="no progress bar")
