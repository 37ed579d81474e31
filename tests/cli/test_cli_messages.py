"""Words that reach a planner at the command line name its options (``--force``,
``--fieldwork-days``), never the Python arguments behind them; Python callers still get theirs."""

from __future__ import annotations

import subprocess
from collections.abc import Callable
from pathlib import Path

import pytest

from inspection_sim.cli.messages import cli_message, one_line
from inspection_sim.errors import CalendarRangeError, ScheduleError
from inspection_sim.scenario import default_scenario
from inspection_sim.workbench import rehearse_scenario

Cli = Callable[..., subprocess.CompletedProcess[str]]
PYTHON_WORDS = ("force=True", "fieldwork_days", "build the calendar", "first and last", "on:")


def error_line(done: subprocess.CompletedProcess[str]) -> str:
    assert done.returncode == 2, done.stderr
    (line,) = done.stderr.splitlines()
    for word in PYTHON_WORDS:
        assert word not in line, line
    return line


def test_a_file_it_did_not_write_is_kept_and_the_message_names_force(
    cli: Cli, tmp_path: Path
) -> None:
    mine = tmp_path / "notes.html"
    mine.write_text("my own notes\n", encoding="utf-8")
    line = error_line(cli("report", "--out", str(mine), "--runs", "0", "--no-plots", "--quiet"))
    assert "--force" in line
    assert mine.read_text(encoding="utf-8") == "my own notes\n"


def test_a_python_argument_becomes_the_option(cli: Cli, tmp_path: Path) -> None:
    line = error_line(
        cli("rehearse", "--mode", "full", "--fieldwork-days", "3", "--stamp", "2027-01-01T00:00Z",
            "--out", str(tmp_path / "r"))
    )  # fmt: skip
    assert line == (
        "inspection-sim: error: --fieldwork-days: applies to a compressed rehearsal only (got 3)"
    )


def test_a_python_argument_no_option_stands_for_is_left_out(cli: Cli) -> None:
    line = error_line(cli("simulate", "ilacs:short", "--notified", "2015-01-05", "--runs", "5"))
    assert line.startswith("inspection-sim: error: ilacs has no version in force on 2015-01-05")


def test_dates_past_the_calendar_name_the_dates_given(cli: Cli) -> None:
    line = error_line(cli("timeline", "ilacs:short", "--notified", "2040-12-24"))
    assert "outside the calendar's range 2015-01-01 to 2040-12-31" in line
    assert line.endswith("(dates given: --notified 2040-12-24)")


@pytest.mark.parametrize(
    ("argv", "expected"),
    [
        (("sweep", "--from", "2027-04-01", "--quiet"), "--to: give --to too"),
        (("sweep", "ilacs:short", "--notified", "2027-03-01", "--quiet"),
         "--from: give the window with --from and --to"),
        (("sweep", "--from", "2027-04-10", "--to", "2027-04-01", "--quiet"),
         "--to: the window ends before it starts"),
    ],
    ids=["to-missing", "no-window", "reversed"],
)  # fmt: skip
def test_a_sweep_window_is_asked_for_by_its_options(
    cli: Cli, argv: tuple[str, ...], expected: str
) -> None:
    assert expected in error_line(cli(*argv))


def test_python_callers_still_get_the_argument_name() -> None:
    with pytest.raises(ScheduleError, match=r"^fieldwork_days: applies to a compressed"):
        rehearse_scenario(default_scenario(), None, mode="full", fieldwork_days=3)


def test_the_translation_rules() -> None:
    options = {"fieldwork_days": "--fieldwork-days", "start": "--start"}
    error = ScheduleError("too long", key="fieldwork_days", value=9)
    assert cli_message(error, options) == "--fieldwork-days: too long (got 9)"
    unknown = ScheduleError("no such thing", key="anchor")
    assert cli_message(unknown, options) == "no such thing"
    from_a_file = ScheduleError("bad", source="council.toml", key="start")
    assert cli_message(from_a_file, options) == "council.toml: start: bad"  # a key in the file
    beyond = CalendarRangeError(
        "day 2041-01-01 is outside; build the calendar with a wider start/end"
    )
    assert cli_message(beyond, {}, {"--on": "2040-12-30"}) == (
        "day 2041-01-01 is outside (dates given: --on 2040-12-30)"
    )


def test_control_characters_are_shown_escaped() -> None:
    assert one_line("team\x1b[2J\nname\r") == "team\\x1b[2J\\nname\\r"
    assert one_line("café\tteam") == "café\tteam"
