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
