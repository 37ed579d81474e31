"""What a planner reads of a simulation names tasks and teams by their plain names, never their
rule ids or scenario keys, and tiny run counts print no warning: on every shipped scenario."""

from __future__ import annotations

import json
import re
import warnings
from collections.abc import Iterable
from pathlib import Path

import pytest

from inspection_sim.scenario.loader import load_scenario
from inspection_sim.simulation import SimulationResult
from inspection_sim.simulation.result import REQUESTS_NAME
from inspection_sim.workbench import simulate_scenario
from tests.conftest import run_cli

SCENARIOS = Path(__file__).parents[2] / "scenarios"
SHIPPED = sorted(SCENARIOS.glob("*.toml"))


def ids_left(text: str, names: dict[str, str]) -> set[str]:
    """The rule ids (those with a hyphen: no plain word has one here) still in ``text`` once
    every plain name, which may hold such a word ("factual-accuracy comments"), is taken out."""
    for name in sorted(set(names.values()), key=len, reverse=True):
        text = text.replace(name, " ")
    return {
        task
        for task in names
        if "-" in task and re.search(rf"(?<![\w-]){re.escape(task)}(?![\w-])", text)
    }


def names_of(result: SimulationResult) -> dict[str, str]:
    return {
        task: result.name_of(task) for task in (*result.model.network.order, "information-requests")
    }


def team_names_of(result: SimulationResult) -> dict[str, str]:
    return {team: result.team_name(team) for team in result.model.network.teams}


def teams_left(text: str, teams: dict[str, str], words: Iterable[str] = ()) -> set[str]:
    """The team keys still in ``text`` where a team is named, once every team name and every
    other plain name in ``words`` (task names, which may hold a key: "performance information")
    is taken out: a hyphenated key anywhere, a plain one ("it", "performance") after "team",
    "in", "to" or "for", in brackets, or alone at the start of a line (a table's first column)
    and followed by punctuation, a column gap or the line's end."""
    for name in sorted({*teams.values(), *words}, key=len, reverse=True):
        text = text.replace(name, " ")
    found = set()
    for team in teams:
        key = re.escape(team)
        anywhere = "-" in team and re.search(rf"(?<![\w-]){key}(?![\w-])", text)
        placed = re.search(
            rf"(?m)(?:\b(?:team|in|to|for) |\(|^[ \t]*){key}(?=[;,):]|[ \t]{{2,}}|[ \t]*$)", text
        )
        if anywhere or placed:
            found.add(team)
    return found


def test_teams_left_finds_a_key_where_a_team_is_named_but_not_an_ordinary_word() -> None:
    teams = {"performance": "Performance and data team", "it": "IT", "social-care": "Social care"}
    words = ["Collate documents and performance information"]
    assert teams_left("Annex A\n  team performance; owed to the inspectors", teams) == {
        "performance"
    }
    assert teams_left("driven by staff absence in performance", teams) == {"performance"}
    assert teams_left("  it                 -    2.0%", teams) == {"it"}
    assert teams_left("how long “Prepare” takes (social-care)", teams) == {"social-care"}
    text = "Performance and data team; how long it takes\nIT  not limited\nSocial care"
    assert (
        teams_left(text + "\nCollate documents and performance information", teams, words) == set()
    )


def test_ids_left_finds_an_id_but_not_a_word_inside_a_name() -> None:
    names = {"factual-accuracy": "Factual-accuracy comments due", "kit-meeting": "Keep in touch"}
    assert ids_left("Check and send factual-accuracy comments due", names) == {"factual-accuracy"}
    assert ids_left("Factual-accuracy comments due; Keep in touch", names) == set()
    assert ids_left("driven by kit-meeting", names) == {"kit-meeting"}


@pytest.mark.parametrize("path", SHIPPED, ids=lambda p: p.stem)
def test_the_summary_names_tasks_never_their_ids(path: Path) -> None:
    result = simulate_scenario(load_scenario(path), runs=300, seed=5)
    summary = result.summary()
    names = names_of(result)
    assert ids_left(summary, names) == set()
    assert teams_left(summary, team_names_of(result), names.values()) == set()
    for row in result.deadline_table():  # each deadline by its name, as the table reads it
        assert f"  {result.name_of(row['deadline'])}\n" in summary + "\n"
    assert all(result.name_of(r["task"]) in summary for r in result.riskiest_tasks())


def test_ids_stay_in_the_machine_columns() -> None:
    result = simulate_scenario(
        load_scenario(SCENARIOS / "ri-council-ilacs-standard.toml"), runs=300
    )
    deadlines = {row["deadline"] for row in result.deadline_table()}
    assert {"prepare-case-files", "information-requests"} <= deadlines
    assert result.name_of("information-requests") == REQUESTS_NAME
    assert result.name_of("prepare-case-files") == "Prepare the case files the inspectors select"
    assert result.team_of("prepare-case-files") == "quality-assurance"
    assert result.team_name("quality-assurance") == "Quality assurance and audit"  # the scenario's
    assert result.team_name("it") == "IT"  # a team the scenario does not list
    data = json.loads(result.to_json())
    assert {row["team"] for row in data["teams"]} == set(result.model.network.teams)
    assert {row["team"] for row in data["tasks"]} - {None} == set(result.model.network.teams)
    assert {d["team"] for rows in data["drivers"].values() for d in rows} <= {
        None,
        *result.model.network.teams,
    }


def test_simulate_names_teams_at_the_command_line() -> None:
    """The default scenario, as a planner first runs it: the scenario's team names, the
    words of a key the scenario does not list, and no key where a team is named."""
    done = run_cli("simulate", "--runs", "200", "--quiet")
    assert done.returncode == 0, done.stderr
    result = simulate_scenario(load_scenario(SCENARIOS / "good-council-ilacs-short.toml"), runs=1)
    assert "Performance and data team; owed to the inspectors" in done.stdout
    assert "work for Performance and data team" in done.stdout
    assert "a person a working day in Inspection coordination team; " in done.stdout
    assert "not limited" in done.stdout
    assert teams_left(done.stdout, team_names_of(result), names_of(result).values()) == set()
    table = run_cli("simulate", "--runs", "50", "--quiet", "--format", "csv")
    assert ",performance," in table.stdout  # the machine columns keep the keys
    assert result.name_of("no-such-task") == "no-such-task"


def test_the_sweep_table_names_the_weakest_deadline() -> None:
    done = run_cli(
        "sweep",
        str(SCENARIOS / "ri-council-ilacs-standard.toml"),
        *("--from", "2027-09-06", "--to", "2027-10-01", "--runs", "30", "--workers", "1"),
        "--quiet",
    )
    assert done.returncode == 0, done.stderr
    assert done.stderr == ""
    result = simulate_scenario(load_scenario(SCENARIOS / "ri-council-ilacs-standard.toml"), runs=1)
    assert ids_left(done.stdout, names_of(result)) == set()
    assert "the deadline least likely met" in done.stdout
    assert "(Quality assurance and audit)" in done.stdout  # a deadline's task, with its team's name
    assert teams_left(done.stdout, team_names_of(result), names_of(result).values()) == set()


def no_constant(name: str) -> None:
    raise AssertionError(f"{name} in the JSON")


@pytest.mark.parametrize("runs", [1, 2, 3])
@pytest.mark.parametrize("path", SHIPPED, ids=lambda p: p.stem)
def test_tiny_run_counts_warn_of_nothing(path: Path, runs: int) -> None:
    """With one or two runs a deadline is often never late, or late in every run; no statistic
    of it may be NaN or print a numpy warning."""
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        for seed in (1, 2):
            result = simulate_scenario(load_scenario(path), runs=runs, seed=seed)
            json.loads(result.to_json(), parse_constant=no_constant)  # no NaN or Infinity
            assert not re.search(r"\bnan\b", result.summary() + str(result.to_records()), re.I)
            for row in result.deadline_table():
                assert row["p90_days_late"] >= 0.0


def test_simulate_with_two_runs_prints_no_warning() -> None:
    """The case that printed a RuntimeWarning: no information request in either run."""
    path = SCENARIOS / "what-if-performance-two-down.toml"
    for form in ("table", "json", "csv"):
        done = run_cli("simulate", str(path), "--runs", "2", "--seed", "1", "--format", form)
        assert done.returncode == 0, done.stderr
        assert done.stderr == ""
