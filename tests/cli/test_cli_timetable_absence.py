"""``inspection-sim timetable --absent`` and ``--runs``, run as a real subprocess on the shipped
staff list and cases: a what-if of people away, and random staff absence."""

from __future__ import annotations

import json
import re

import pytest

from tests.conftest import ROOT, run_cli

STAFF = "scenarios/people/good-council-staff.csv"
CASES = "scenarios/people/good-council-cases.csv"
ROOMS = "scenarios/people/good-council-rooms.csv"
BASE = (
    "timetable",
    STAFF,
    "--cases",
    CASES,
    "--rooms",
    ROOMS,
    "--type",
    "ilacs:short",
    "--start",
    "2027-06-07",
)


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("--absent", "p0O28"), "--absent: the absent person is not on the staff list"),
        (("--absent", "p0O28"), "did you mean 'p0028'?"),
        (("--absent", "p0028:2027-06-31"), "--absent: expected ID[:FROM[..TO]]"),
        (("--absent", "p0028:2027-06-09..2027-06-08"), "the first day is after the last"),
        (("--absent", ":2027-06-08"), "--absent: expected ID[:FROM[..TO]]"),
        (("--absent", "p0028:2027-07-01"), "no on-site day falls in it"),
        (("--absent", "p0028", "--runs", "10"), "give --absent or --runs, not both"),
        (("--seed", "3"), "--seed chooses the random absences of --runs; give --runs too"),
        (("--absence-rate", "0.1"), "--absence-rate is the rate of --runs; give --runs too"),
        (("--runs", "0"), "argument --runs: '0' is out of range"),
        (("--runs", "10", "--absence-rate", "1.5"), "argument --absence-rate"),
        (("--runs", "10", "--format", "csv"), "--format: --runs prints a table or JSON"),
    ],
)
def test_bad_absence_options_are_one_line_and_exit_2(args: tuple[str, ...], message: str) -> None:
    result = run_cli(*BASE, *args, cwd=ROOT)
    assert result.returncode == 2, (args, result.stdout, result.stderr)
    assert "Traceback" not in result.stderr
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, lines
    assert message in lines[0]


def test_two_workers_on_leave_rebook_in_plain_english() -> None:
    result = run_cli(
        *BASE, "--absent", "p0028", "--absent", "p0031:2027-06-08..2027-06-09", cwd=ROOT
    )
    assert result.returncode == 0, result.stderr
    out = result.stdout
    assert out.startswith("What if Grace Ahmed (social worker, assessment) is away Mon 07 Jun")
    assert "Case discussion: case C-1002 on Mon 07 Jun 09:00 is held with Faisal Fisher" in out
    assert "Case discussion: case C-1003 moves from Tue 08 Jun 09:00 to" in out
    # ids only in the table's columns, names in the sentences
    sentences = [line for line in out.splitlines() if line.startswith("  Case discussion")]
    assert sentences
    assert not any(re.search(r"\bp\d{4}\b", line) for line in sentences)
    assert "case-discussion:C-1003" in out
    assert re.search(r"discussed as planned: +10 of 12 \(83%\) +\(100%\)", out)
    assert "rebooking load (sessions changed a day): 1 on Mon 07 Jun, 1 on Tue 08 Jun." in out


def test_what_if_json_has_the_changes_and_the_timetable_after() -> None:
    result = run_cli(*BASE, "--absent", "p0028", "--format", "json", cwd=ROOT)
    assert result.returncode == 0, result.stderr
    data = json.loads(result.stdout)
    what_if = data["what_if"]
    assert [c["session"] for c in what_if["changes"]] == ["case-discussion:C-1002"]
    assert what_if["changes"][0]["kind"] == "substitute"
    assert what_if["shares"]["with_substitute"] > what_if["planned"]["with_substitute"]
    sessions = {s["session"]: s for s in data["timetable"]["sessions"]}
    assert sessions["case-discussion:C-1002"]["people"] == "p0026"


def test_monte_carlo_is_the_same_for_the_same_seed() -> None:
    args = (*BASE, "--runs", "200", "--seed", "5", "--format", "json")
    first = run_cli(*args, cwd=ROOT)
    second = run_cli(*args, cwd=ROOT)
    assert first.returncode == 0, first.stderr
    assert first.stdout == second.stdout
    data = json.loads(first.stdout)
    assert data["runs"] == 200
    assert data["rate"] == 0.02
    assert 0 <= data["all_discussed"] <= 1
    assert len(data["load"]) == 5
    table = run_cli(*BASE, "--runs", "200", "--seed", "5", "--absence-rate", "0.05", cwd=ROOT)
    assert table.returncode == 0, table.stderr
    assert "Random staff absence over 200 runs (seed 5): 0.05 absences" in table.stdout
    assert "Every sampled case discussed in" in table.stdout
