"""Bad command-line input: one line on stderr naming the option, the value and what is valid, exit
status 2, never a traceback and never silently ignored. Each case was once a traceback or was
accepted without a word; all run as a user runs them (a real subprocess)."""

from __future__ import annotations

import subprocess
from collections.abc import Callable
from pathlib import Path

import pytest

Cli = Callable[..., subprocess.CompletedProcess[str]]

REHEARSE = ("rehearse", "--stamp", "2027-01-01T00:00:00Z")
TIMELINE = ("timeline", "ilacs:short", "--notified", "2027-03-01")

#: (command line, the option, the value, a fragment of what is valid)
CASES = {
    # once a traceback
    "sweep-workers-0": (("sweep", "--workers", "0"), "--workers", "'0'", "from 1 to"),
    "sweep-workers-negative": (("sweep", "--workers", "-1"), "--workers", "'-1'", "from 1 to"),
    "report-workers-0": (("report", "--out", "r.html", "--workers", "0"), "--workers", "'0'", "from 1 to"),
    "report-workers-negative": (("report", "--out", "r.html", "--workers", "-1"), "--workers", "'-1'", "from 1 to"),
    "calendar-year-0": (("calendar", "--year", "0"), "--year", "'0'", "a year from 2015 to 2040"),
    "calendar-year-negative": (("calendar", "--year", "-1"), "--year", "'-1'", "a year from 2015 to 2040"),
    "calendar-year-10000": (("calendar", "--year", "10000"), "--year", "'10000'", "a year from 2015 to 2040"),
    "due-occurrence-100": (
        ("due", "first-looked-after-review", "--from", "2027-01-04", "--occurrence", "100"),
        "--occurrence", "100", "the calendar's last day 2040-12-31",
    ),
    "due-from-year-9999": (
        ("due", "return-home-interview", "--from", "9999-12-31T23:00"),
        "--from", "'9999-12-31T23:00'", "a date from 2015-01-01 to 2040-12-31",
    ),
    "rehearse-stamp-year-1": (
        ("rehearse", "--stamp", "0001-01-01T00:00:00+05:00"),
        "--stamp", "'0001-01-01T00:00:00+05:00'", "from 1970-01-01T00:00:00Z",
    ),
    "rehearse-planning-meetings-huge": (
        (*REHEARSE, "--planning-meetings", "1000000000"),
        "--planning-meetings", "'1000000000'", "from 0 to 52",
    ),
    "simulate-runs-huge": (
        ("simulate", "--runs", "1000000000000"), "--runs", "'1000000000000'", "from 1 to 1,000,000"
    ),
    "timescales-arrivals-inf": (
        ("timescales", "simulate", "--arrivals-per-week", "inf"),
        "--arrivals-per-week", "'inf'", "a finite number between 0 and 1000",
    ),
    "timeline-election-year-1": (
        (*TIMELINE, "--election", "0001-01-01"),
        "--election", "'0001-01-01'", "a date from 2015-01-01 to 2040-12-31",
    ),
    # once accepted without a word
    "timeline-unknown-team": (
        (*TIMELINE, "--level", "--team", "bogus=2"), "--team", "'bogus'", "valid: coordination,"
    ),
    "report-runs-negative": (("report", "--out", "r.html", "--runs", "-1"), "--runs", "'-1'", "from 0 to 1,000,000"),
    "report-sweep-runs-negative": (
        ("report", "--out", "r.html", "--sweep-runs", "-1"), "--sweep-runs", "'-1'", "from 0 to 1,000,000"
    ),
    "rehearse-mode-empty": ((*REHEARSE, "--mode", ""), "--mode", "''", "'full', 'compressed'"),
    "rehearse-out-empty": ((*REHEARSE, "--out", ""), "--out", "''", "a folder of its own"),
    "timeline-election-after-the-calendar": (
        (*TIMELINE, "--election", "2090-05-04"),
        "--election", "'2090-05-04'", "a date from 2015-01-01 to 2040-12-31",
    ),
    "timescales-capacity-inf": (
        ("timescales", "simulate", "--capacity-per-week", "inf"),
        "--capacity-per-week", "'inf'", "a finite number above 0",
    ),
}  # fmt: skip


def one_error_line(done: subprocess.CompletedProcess[str]) -> str:
    """The single error line of a refused command line."""
    assert done.returncode == 2, (done.returncode, done.stderr)
    assert "Traceback" not in done.stderr
    lines = done.stderr.splitlines()
    assert len(lines) == 1, done.stderr
    assert done.stdout == ""
    return lines[0]


@pytest.mark.parametrize(("argv", "option", "value", "valid"), CASES.values(), ids=CASES.keys())
def test_bad_input_is_refused_in_one_line(
    cli: Cli, tmp_path: Path, argv: tuple[str, ...], option: str, value: str, valid: str
) -> None:
    line = one_error_line(cli(*argv, cwd=tmp_path))
    assert line.startswith("inspection-sim"), line
    assert option in line
    assert value in line
    assert valid in line
    assert list(tmp_path.iterdir()) == []  # refused before anything was written


def test_an_unknown_team_suggests_the_closest(cli: Cli) -> None:
    line = one_error_line(cli(*TIMELINE, "--level", "--team", "performanc=2"))
    assert "--team" in line
    assert "did you mean 'performance'?" in line


def test_team_sizes_without_level_are_refused(cli: Cli) -> None:
    line = one_error_line(cli(*TIMELINE, "--team", "performance=2"))
    assert "--team sizes are used only with --level" in line


def test_rules_check_on_a_binary_file(cli: Cli, tmp_path: Path) -> None:
    binary = tmp_path / "rules.toml"
    binary.write_bytes(b"\x7fELF\x02\x01\x01\x00\xd0\xff\xfe" * 40)
    line = one_error_line(cli("rules", "check", str(binary)))
    assert str(binary) in line
    assert "not UTF-8 text" in line


def test_rules_check_on_a_folder(cli: Cli, tmp_path: Path) -> None:
    line = one_error_line(cli("rules", "check", str(tmp_path)))
    assert str(tmp_path) in line
    assert "not a regular file" in line


def test_report_into_a_folder_that_cannot_hold_files(cli: Cli, tmp_path: Path) -> None:
    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder\n", encoding="utf-8")
    line = one_error_line(cli("report", "--out", str(blocker / "report.html"), "--quiet"))
    assert str(blocker) in line


def test_an_offset_on_the_kit_time_is_refused_not_dropped(cli: Cli, tmp_path: Path) -> None:
    line = one_error_line(cli(*REHEARSE, "--kit-time", "09:00+05:00", cwd=tmp_path))
    assert "--kit-time" in line
    assert "takes no UTC offset" in line


def test_calendar_days_past_the_calendar_name_the_option(cli: Cli) -> None:
    line = one_error_line(cli("calendar", "--year", "2040", "--from", "2040-12-01", "--days", "40"))
    assert line.startswith("inspection-sim: error: --days: 40 working days after 2040-12-01")
    assert "build the calendar" not in line  # advice for Python callers, not for the command line


def test_ceilings_are_stated_in_the_help(cli: Cli) -> None:
    import os

    most = 4 * (os.cpu_count() or 1)
    for command, phrases in {
        "simulate": ["up to 1,000,000"],
        "sweep": ["up to 1,000,000", f"1 to {most} on this machine"],
        "report": ["up to 1,000,000", f"1 to {most} on this machine"],
    }.items():
        text = " ".join(cli(command, "--help").stdout.split())
        for phrase in phrases:
            assert phrase in text, (command, phrase)
    text = " ".join(cli("timescales", "simulate", "--help").stdout.split())
    assert "replications, 1 to 100,000" in text
    assert "0 to 1000" in text
