"""``[onsite] cases = "annex-a.xlsx"``: a case sample drawn from an Annex A workbook, with the
scenario's seed and ``sample``; bad input named like the rest of the scenario."""

from __future__ import annotations

import subprocess
from collections.abc import Callable
from pathlib import Path

import pytest

from inspection_sim.errors import ScenarioError
from inspection_sim.rules.assumptions import load_assumptions
from inspection_sim.scenario import load_scenario
from inspection_sim.scenario.model import Scenario
from tests.scenario.test_scenario_onsite import HEAD
from tests.timetable.annex_workbook import STAFF_CSV, children, write_workbook

Cli = Callable[..., subprocess.CompletedProcess[str]]


def scenario_file(folder: Path, onsite: str, *, seed: int | None = None) -> Path:
    (folder / "staff.csv").write_text(STAFF_CSV, "utf-8")
    simulation = "" if seed is None else f"[simulation]\nseed = {seed}\n"
    path = folder / "council.toml"
    path.write_text(f'{HEAD}{simulation}[onsite]\npeople = "staff.csv"\n{onsite}', "utf-8")
    return path


def workbook(folder: Path) -> Path:
    lists = {
        3: children("R", 30, ["Ann Shaw", "Bob Khan", "Zed Quinn"]),
        8: children("L", 30, ["Cat Lee"]),
    }
    return write_workbook(folder / "annex-a.xlsx", lists)


def problem_of(path: Path) -> str:
    with pytest.raises(ScenarioError) as caught:
        load_scenario(path)
    return str(caught.value)


# -- bad input ----------------------------------------------------------------------------------


def test_a_missing_workbook_is_named_with_where_it_was_looked_for(tmp_path: Path) -> None:
    message = problem_of(scenario_file(tmp_path, 'cases = "annex-a.xlsx"\n'))
    assert "onsite.cases" in message
    assert f"file not found: {tmp_path / 'annex-a.xlsx'}" in message


def test_a_file_that_is_not_a_workbook_gets_the_readers_error(tmp_path: Path) -> None:
    (tmp_path / "annex-a.xlsx").write_text("not a workbook", "utf-8")
    message = problem_of(scenario_file(tmp_path, 'cases = "annex-a.xlsx"\n'))
    assert "cannot read the workbook" in message
    assert str(tmp_path / "annex-a.xlsx") in message


def test_a_workbook_without_the_worker_column_is_refused(tmp_path: Path) -> None:
    lists = {3: children("R", 3, ["Ann Shaw"])}
    write_workbook(tmp_path / "annex-a.xlsx", lists, worker_header="Social Worker")
    message = problem_of(scenario_file(tmp_path, 'cases = "annex-a.xlsx"\n'))
    assert "no list has an 'Allocated Worker' column" in message


@pytest.mark.parametrize(
    ("onsite", "expected"),
    [
        ('cases = "annex-a.xlsx"\nsample = 0\n', "onsite.sample"),
        ('cases = "annex-a.xlsx"\nsample = "ten"\n', "onsite.sample"),
        ("sample = 5\n", "draws from an Annex A workbook"),
    ],
)
def test_a_bad_sample_is_named(tmp_path: Path, onsite: str, expected: str) -> None:
    workbook(tmp_path)
    assert expected in problem_of(scenario_file(tmp_path, onsite))


# -- the sample ---------------------------------------------------------------------------------


def load(tmp_path: Path, onsite: str, seed: int | None = None) -> Scenario:
    return load_scenario(scenario_file(tmp_path, onsite, seed=seed))


def test_the_sample_comes_from_the_workbook_with_workers_on_the_staff_list(tmp_path: Path) -> None:
    workbook(tmp_path)
    onsite = load(tmp_path, 'cases = "annex-a.xlsx"\nsample = 8\n').onsite
    assert len(onsite.cases) == 8
    assert {case.allocated_worker for case in onsite.cases} <= {"ann", "bob", "cat"}
    assert {case.case_id[0] for case in onsite.cases} == {"R", "L"}
    assert onsite.source("cases") == str(tmp_path / "annex-a.xlsx")
    assert onsite.notes == (
        f"10 cases in {tmp_path / 'annex-a.xlsx'} left out of the sample: the allocated worker "
        "(Zed Quinn) is not on the staff list.",
    )


def test_without_sample_the_default_size_is_drawn(tmp_path: Path) -> None:
    workbook(tmp_path)
    assert (
        len(load(tmp_path, 'cases = "annex-a.xlsx"\n').onsite.cases)
        == load_assumptions().case_sample.size
    )


def test_the_scenarios_seed_chooses_the_sample(tmp_path: Path) -> None:
    workbook(tmp_path)
    onsite = 'cases = "annex-a.xlsx"\nsample = 6\n'
    first = load(tmp_path, onsite, seed=11).onsite.cases
    assert load(tmp_path, onsite, seed=11).onsite.cases == first
    assert load(tmp_path, onsite, seed=12).onsite.cases != first


def test_validate_says_which_cases_were_left_out(cli: Cli, tmp_path: Path) -> None:
    workbook(tmp_path)
    path = scenario_file(tmp_path, 'cases = "annex-a.xlsx"\nsample = 8\n')
    done = cli("validate", str(path))
    assert done.returncode == 0, done.stderr
    assert "8 sampled cases" in done.stdout
    assert "10 cases in" in done.stdout
    assert "(Zed Quinn) is not on the staff list." in done.stdout
