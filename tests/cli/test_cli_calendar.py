"""The calendar command and the CLI's handling of user errors, run as real subprocesses."""

from __future__ import annotations

from inspection_sim.cli import main
from tests.conftest import run_cli


def test_calendar_prints_year_facts_and_deadline() -> None:
    result = run_cli("calendar", "--year", "2026", "--from", "2026-12-14", "--days", "20")
    assert result.returncode == 0, result.stderr
    assert "2026 in england (Mon-Fri): 253 working days" in result.stdout
    assert "2026-12-28 Mon  Boxing Day (observed)" in result.stdout
    assert "20 working days after 2026-12-14 (day 0): 2027-01-14 (Thu)" in result.stdout


def test_user_error_is_one_line_exit_2_no_traceback() -> None:
    result = run_cli("calendar", "--region", "englnd")
    assert result.returncode == 2
    assert "Traceback" not in result.stderr
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1
    assert "did you mean 'england'?" in lines[0]


def test_bad_date_argument_is_a_usage_error() -> None:
    result = run_cli("calendar", "--from", "14/12/2026")
    assert result.returncode == 2
    assert "not an ISO date" in result.stderr
    assert "Traceback" not in result.stderr


def test_out_of_range_is_clean() -> None:
    result = run_cli("calendar", "--year", "2050")
    assert result.returncode == 2
    assert "outside the calendar's range" in result.stderr
    assert "Traceback" not in result.stderr


def test_version_and_help() -> None:
    result = run_cli("--version")
    assert result.returncode == 0
    assert result.stdout.startswith("inspection-sim ")
    assert main([]) == 0
