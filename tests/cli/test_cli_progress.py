"""Progress bars: shown on stderr for work estimated at a second or more, never for quick work,
never with --quiet, and never in the machine output on stdout (real subprocess runs)."""

from __future__ import annotations

import subprocess
from collections.abc import Callable
from pathlib import Path

Cli = Callable[..., subprocess.CompletedProcess[str]]


def test_a_long_simulation_shows_progress_on_stderr_only(cli: Cli) -> None:
    # the default scenario: about 140 cells a replication, so 5,000 runs are a few seconds
    shown = cli("simulate", "--runs", "5000", "--seed", "1", "--format", "json")
    quiet = cli("simulate", "--runs", "5000", "--seed", "1", "--format", "json", "--quiet")
    assert shown.returncode == quiet.returncode == 0, shown.stderr
    assert "5000/5000" in shown.stderr
    assert quiet.stderr == ""
    assert shown.stdout == quiet.stdout  # the bar never reaches the JSON


def test_quick_work_shows_no_bar(cli: Cli) -> None:
    done = cli("simulate", "--runs", "200", "--seed", "1")
    assert done.returncode == 0, done.stderr
    assert done.stderr == ""


def test_a_long_serial_sweep_counts_its_dates(cli: Cli) -> None:
    argv = ("sweep", "--from", "2027-04-01", "--to", "2027-06-30", "--runs", "200")
    shown = cli(*argv, "--workers", "1", "--seed", "2", "--format", "csv")
    quiet = cli(*argv, "--workers", "1", "--seed", "2", "--format", "csv", "--quiet")
    assert shown.returncode == 0, shown.stderr
    # the quarter's thirteen Mondays less the two whose fieldwork would hold a bank holiday
    # (May Day, the spring bank holiday), counted as they finish
    assert "11/11" in shown.stderr
    assert shown.stdout == quiet.stdout
    assert quiet.stderr == ""


def test_timescales_show_progress_unless_quiet(cli: Cli) -> None:
    shown = cli("timescales", "simulate", "--runs", "100", "--format", "json")
    quiet = cli("timescales", "simulate", "--runs", "100", "--format", "json", "--quiet")
    assert shown.returncode == 0, shown.stderr
    assert "100/100" in shown.stderr
    assert quiet.stderr == ""
    assert shown.stdout == quiet.stdout


def test_the_report_says_it_is_drawing_the_charts(cli: Cli, tmp_path: Path) -> None:
    shown = cli("report", "--out", str(tmp_path / "a.html"), "--runs", "50")
    assert shown.returncode == 0, shown.stderr
    assert "drawing the charts" in shown.stderr
    quiet = cli("report", "--out", str(tmp_path / "b.html"), "--runs", "50", "--quiet")
    assert quiet.returncode == 0, quiet.stderr
    assert quiet.stderr == ""
    no_charts = cli("report", "--out", str(tmp_path / "c.html"), "--runs", "0", "--no-plots")
    assert no_charts.returncode == 0, no_charts.stderr
    assert no_charts.stderr == ""  # quick: nothing to show
