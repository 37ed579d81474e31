"""A case sample drawn from an Annex A workbook's "Allocated Worker" columns: bad input first,
then the draw (seeded, spread across the lists, only workers on the staff list) and the command."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from subprocess import CompletedProcess

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from inspection_sim.annex_a import AnnexAInputError
from inspection_sim.annex_a.allocated import AllocatedChild
from inspection_sim.scenario.annex_cases import sample_annex_a_cases, sample_children
from inspection_sim.timetable import Person, TimetableInputError, read_staff
from tests.timetable.annex_workbook import STAFF_CSV, children, write_workbook

Cli = Callable[..., CompletedProcess[str]]


@pytest.fixture
def staff(tmp_path: Path) -> list[Person]:
    path = tmp_path / "staff.csv"
    path.write_text(STAFF_CSV, "utf-8")
    return read_staff(path)


# -- bad input ----------------------------------------------------------------------------------


def test_a_missing_workbook_is_named(tmp_path: Path, staff: list[Person]) -> None:
    with pytest.raises(AnnexAInputError, match="no such file") as caught:
        sample_annex_a_cases(tmp_path / "annex-a.xlsx", staff)
    assert caught.value.problems[0].source == str(tmp_path / "annex-a.xlsx")


def test_a_file_that_is_not_a_workbook_gets_the_readers_error(
    tmp_path: Path, staff: list[Person]
) -> None:
    path = tmp_path / "annex-a.xlsx"
    path.write_text("case id,allocated worker\r\n", "utf-8")
    with pytest.raises(AnnexAInputError, match="cannot read the workbook") as caught:
        sample_annex_a_cases(path, staff)
    assert caught.value.problems[0].source == str(path)


def test_a_workbook_without_the_worker_column_says_which_lists_have_it(
    tmp_path: Path, staff: list[Person]
) -> None:
    path = write_workbook(
        tmp_path / "annex-a.xlsx", {3: children("R", 4, ["Ann Shaw"])}, worker_header="Worker"
    )
    with pytest.raises(
        AnnexAInputError, match="no list has an 'Allocated Worker' column"
    ) as caught:
        sample_annex_a_cases(path, staff)
    problem = caught.value.problems[0]
    assert problem.source == str(path)
    assert "List 3" in problem.message
    assert "List 8" in problem.message
    assert problem.value == ["List 3 - Referrals"]


def test_a_worker_not_on_the_staff_list_is_counted_and_named_not_dropped(
    tmp_path: Path, staff: list[Person]
) -> None:
    rows = [("R-1", "Ann Shaw"), ("R-2", "Zed Quinn"), ("R-3", "Zed Quinn"), ("R-4", "Yan Ho")]
    path = write_workbook(tmp_path / "annex-a.xlsx", {3: rows})
    drawn = sample_annex_a_cases(path, staff, sample=5)
    assert [case.case_id for case in drawn.cases] == ["R-1"]
    assert drawn.left_out == 3
    assert drawn.note == (
        f"3 cases in {path} left out of the sample: the allocated worker (Zed Quinn, Yan Ho) "
        "are not on the staff list."
    )


def test_a_name_two_people_share_is_left_out_and_said_so(tmp_path: Path) -> None:
    staff = [
        Person("ann", "Ann Shaw", "assessment", "social worker"),
        Person("ann2", "Ann Shaw", "looked after", "social worker"),
        Person("bob", "Bob Khan", "assessment", "social worker"),
    ]
    rows = [("R-1", "Ann Shaw"), ("R-2", "Bob Khan"), ("R-3", "Zed Quinn")]
    drawn = sample_annex_a_cases(write_workbook(tmp_path / "a.xlsx", {3: rows}), staff)
    assert [case.case_id for case in drawn.cases] == ["R-2"]
    assert drawn.note.endswith(
        "left out of the sample: the allocated worker (Zed Quinn) is not on the staff list "
        "and (Ann Shaw) is the name of more than one person on it."
    )


def test_no_worker_on_the_staff_list_is_an_error_naming_the_workbook(
    tmp_path: Path, staff: list[Person]
) -> None:
    path = write_workbook(tmp_path / "annex-a.xlsx", {3: children("R", 3, ["Zed Quinn"])})
    with pytest.raises(TimetableInputError, match="no case has an allocated worker") as caught:
        sample_annex_a_cases(path, staff)
    assert caught.value.problems[0].source == str(path)
    assert caught.value.problems[0].value == ["Zed Quinn"]


def test_a_sample_below_one_is_refused(staff: list[Person]) -> None:
    with pytest.raises(TimetableInputError, match="at least 1 case"):
        sample_children([AllocatedChild("list-3", "R-1", "Ann Shaw")], staff, sample=0)


# -- the draw -----------------------------------------------------------------------------------


def test_names_match_ignoring_case_and_spaces_and_only_ids_are_kept(
    tmp_path: Path, staff: list[Person]
) -> None:
    rows = [("R-1", "ann shaw"), ("R-2", "  BOB   Khan "), ("R-3", "Cat\u00a0Lee")]
    path = write_workbook(tmp_path / "annex-a.xlsx", {3: rows})
    drawn = sample_annex_a_cases(path, staff, sample=3)
    assert sorted((c.case_id, c.allocated_worker) for c in drawn.cases) == [
        ("R-1", "ann"),
        ("R-2", "bob"),
        ("R-3", "cat"),
    ]
    assert all(c.team_manager is None and c.auditor is None for c in drawn.cases)
    assert drawn.note == ""


def test_the_sample_spreads_across_the_lists(tmp_path: Path, staff: list[Person]) -> None:
    lists = {
        3: children("R", 30, ["Ann Shaw", "Bob Khan"]),
        4: children("A", 30, ["Bob Khan"]),
        7: children("P", 30, ["Ann Shaw"]),
        8: children("L", 3, ["Cat Lee"]),
    }
    drawn = sample_annex_a_cases(write_workbook(tmp_path / "a.xlsx", lists), staff, sample=12)
    prefixes = [case.case_id.split("-")[0] for case in drawn.cases]
    assert {p: prefixes.count(p) for p in "RAPL"} == {"R": 3, "A": 3, "P": 3, "L": 3}


def test_a_child_on_several_lists_is_one_case(tmp_path: Path, staff: list[Person]) -> None:
    lists = {3: [("C-1", "Ann Shaw")], 4: [("C-1", "Ann Shaw"), ("C-2", "Bob Khan")]}
    drawn = sample_annex_a_cases(write_workbook(tmp_path / "a.xlsx", lists), staff, sample=5)
    assert sorted(case.case_id for case in drawn.cases) == ["C-1", "C-2"]


def test_the_same_seed_draws_the_same_sample_and_another_seed_another(
    tmp_path: Path, staff: list[Person]
) -> None:
    lists = {3: children("R", 40, ["Ann Shaw", "Bob Khan"]), 8: children("L", 40, ["Cat Lee"])}
    path = write_workbook(tmp_path / "a.xlsx", lists)
    first = sample_annex_a_cases(path, staff, sample=10, seed=7)
    assert sample_annex_a_cases(path, staff, sample=10, seed=7) == first
    assert sample_annex_a_cases(path, staff, sample=10, seed=8).cases != first.cases


NAMES = ["Ann Shaw", "Bob Khan", "Cat Lee", "Zed Quinn", "Yan Ho", "tom reid"]


@settings(max_examples=60, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    rows=st.lists(
        st.tuples(
            st.sampled_from(["list-3", "list-4", "list-8"]),
            st.integers(0, 30).map(lambda n: f"C-{n}"),
            st.sampled_from(NAMES),
        ),
        min_size=1,
        max_size=60,
    ),
    sample=st.integers(1, 40),
    seed=st.integers(0, 2**32),
)
def test_every_sampled_case_is_held_by_someone_on_the_staff_list(
    staff: list[Person], rows: list[tuple[str, str, str]], sample: int, seed: int
) -> None:
    found = [AllocatedChild(*row) for row in rows]
    ids = {person.id for person in staff}
    try:
        drawn = sample_children(found, staff, sample=sample, seed=seed)
    except TimetableInputError:
        assert all(name in ("Zed Quinn", "Yan Ho") for _, _, name in rows)
        return
    case_ids = [case.case_id for case in drawn.cases]
    assert len(case_ids) == len(set(case_ids)) <= sample
    assert all(case.allocated_worker in ids for case in drawn.cases)
    held = {child for _, child, name in rows if name not in ("Zed Quinn", "Yan Ho")}
    assert set(case_ids) <= held
    assert len(case_ids) == min(sample, len(held))
    # every child left out is counted: none of its rows names someone on the staff list
    assert drawn.left_out == len({child for _, child, _ in rows} - held)


# -- the command --------------------------------------------------------------------------------


def test_the_command_books_a_sample_drawn_from_a_workbook(cli: Cli, tmp_path: Path) -> None:
    (tmp_path / "staff.csv").write_text(STAFF_CSV, "utf-8")
    lists = {
        3: children("R", 10, ["Ann Shaw", "Bob Khan", "Zed Quinn"]),
        8: children("L", 10, ["Cat Lee"]),
    }
    write_workbook(tmp_path / "annex-a.xlsx", lists)
    args = ("timetable", "staff.csv", "--cases", "annex-a.xlsx", "--start", "2027-06-07")
    run = cli(*args, "--sample", "4", "--seed", "3", "--format", "json", cwd=tmp_path)
    assert run.returncode == 0, run.stderr
    assert run.stderr.strip() == (
        "3 cases in annex-a.xlsx left out of the sample: the allocated worker (Zed Quinn) is not "
        "on the staff list."
    )
    sessions = json.loads(run.stdout)["sessions"]
    cases = {s["case_id"] for s in sessions if s["activity"] == "case-discussion"}
    assert len(cases) == 4
    assert {c[0] for c in cases} == {"R", "L"}
    again = cli(*args, "--sample", "4", "--seed", "3", "--format", "json", cwd=tmp_path)
    assert again.stdout == run.stdout


def test_the_command_refuses_sample_without_a_workbook_and_names_a_missing_one(
    cli: Cli, tmp_path: Path
) -> None:
    (tmp_path / "staff.csv").write_text(STAFF_CSV, "utf-8")
    args = ("timetable", "staff.csv", "--start", "2027-06-07")
    run = cli(*args, "--sample", "4", cwd=tmp_path)
    assert run.returncode == 2
    assert "--sample" in run.stderr
    assert "--cases FILE.xlsx" in run.stderr
    assert len(run.stderr.strip().splitlines()) == 1
    missing = cli(*args, "--cases", "annex.xlsx", cwd=tmp_path)
    assert missing.returncode == 2
    assert "annex.xlsx" in missing.stderr
    assert "no such file" in missing.stderr
    assert "Traceback" not in missing.stderr
