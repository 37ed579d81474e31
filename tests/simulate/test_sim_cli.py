"""The simulate and sweep commands, run as a user runs them (a real subprocess)."""

from __future__ import annotations

import csv
import io
import json
import re
from pathlib import Path

from tests.conftest import run_cli

SCENARIOS = Path(__file__).parents[2] / "scenarios"


def test_simulate_the_default_scenario_as_json() -> None:
    done = run_cli("simulate", "--runs", "120", "--seed", "7", "--format", "json", "--quiet")
    assert done.returncode == 0, done.stderr
    assert done.stderr == ""
    data = json.loads(done.stdout)
    assert data["runs"] == 120
    assert data["seed"] == 7
    assert data["engine"] == "heap"
    deadlines = {d["deadline"]: d["p_met"] for d in data["deadlines"]}
    assert "information-requests" in deadlines
    assert all(0.0 <= p <= 1.0 for p in deadlines.values())
    again = run_cli("simulate", "--runs", "120", "--seed", "7", "--format", "json", "--quiet")
    assert again.stdout == done.stdout


def test_simulate_a_scenario_file_as_a_table_quick_so_without_a_progress_bar() -> None:
    done = run_cli(
        "simulate", str(SCENARIOS / "jtai-front-door.toml"), "--runs", "2000", "--seed", "3"
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.startswith("2000 replications, seed 3")
    assert "Riskiest tasks" in done.stdout
    assert "Riskiest teams" in done.stdout
    assert done.stderr == ""  # well under a second of work: no bar (see tests/cli)


def test_simulate_framework_type_with_notified_as_csv() -> None:
    done = run_cli(
        "simulate",
        "ilacs:short",
        "--notified",
        "2027-03-01",
        "--runs",
        "50",
        "--seed",
        "1",
        "--format",
        "csv",
        "--quiet",
        "--engine",
        "simpy",
    )
    assert done.returncode == 0, done.stderr
    rows = list(csv.DictReader(io.StringIO(done.stdout)))
    assert rows
    assert {"task", "p50_end", "criticality", "p_deadline_met"} <= set(rows[0])


def test_sweep_a_quarter_on_two_workers() -> None:
    done = run_cli(
        "sweep",
        "--from",
        "2027-04-01",
        "--to",
        "2027-06-30",
        "--runs",
        "30",
        "--workers",
        "2",
        "--seed",
        "4",
        "--format",
        "csv",
        "--quiet",
    )
    assert done.returncode == 0, done.stderr
    rows = list(csv.DictReader(io.StringIO(done.stdout)))
    dates = sorted({r["date"] for r in rows})
    assert dates[0] == "2027-04-05"
    assert "2027-05-04" in dates  # the May Day call, on the Tuesday as the rules move it
    assert "2027-05-03" not in dates
    assert "2027-04-26" not in dates  # its fieldwork would hold May Day: the rules leave it out
    assert "2027-05-24" not in dates  # the same with the spring bank holiday
    assert {r["metric"] for r in rows} >= {"p_all_met", "missed_mean"}
    assert {r["outside_rules"] for r in rows} == {""}
    table = run_cli(
        "sweep",
        "--from",
        "2027-04-01",
        "--to",
        "2027-04-30",
        "--runs",
        "20",
        "--workers",
        "1",
        "--seed",
        "4",
    )
    assert table.returncode == 0, table.stderr
    assert "Riskiest dates:" in table.stdout
    assert table.stderr == ""  # a quick sweep shows no bar (see tests/cli)


def test_user_errors_are_one_line_and_exit_2() -> None:
    cases = [
        ("simulate", "ilacs:short", "--runs", "5"),
        ("simulate", "--runs", "0", "--quiet"),
        ("simulate", "--engine", "fast", "--quiet"),
        ("sweep", "--from", "2027-01-01", "--to", "2026-01-01", "--quiet"),
        ("simulate", str(SCENARIOS / "missing.toml")),
    ]
    for args in cases:
        done = run_cli(*args)
        assert done.returncode == 2, (args, done.stderr)
        assert "Traceback" not in done.stderr
        assert re.match(r"inspection-sim( simulate| sweep)?: error: ", done.stderr), done.stderr
        assert len(done.stderr.splitlines()) == 1, done.stderr


def test_sweep_framework_type_replans_each_tuesday() -> None:
    """A JTAI is notified on a Tuesday: the candidates are the window's Tuesdays the rules
    give."""
    done = run_cli(
        "sweep",
        "jtai:front-door",
        "--notified",
        "2027-03-02",
        "--from",
        "2027-03-01",
        "--to",
        "2027-03-31",
        "--runs",
        "10",
        "--workers",
        "1",
        "--format",
        "json",
        "--quiet",
        "--seed",
        "2",
    )
    assert done.returncode == 0, done.stderr
    data = json.loads(done.stdout)
    dates = sorted({r["date"] for r in data["records"]})
    # the calls of 9 and 16 March would put the fieldwork in the Easter weeks: left out
    assert dates == ["2027-03-02", "2027-03-23", "2027-03-30"]
    left_out = {row["date"]: row["why"] for row in data["left_out"]}
    assert sorted(left_out) == ["2027-03-09", "2027-03-16"]
    assert all("bank holiday" in " ".join(why) for why in left_out.values())
    assert data["seed"] == 2
