"""Bad ``[onsite]`` sections: every problem names the file, the key (or CSV row and column), the
value and what is valid, and the command line says so on one line of stderr with status 2."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

import pytest

from inspection_sim.errors import ScenarioError
from inspection_sim.scenario import load_scenario, scenario_from_mapping
from inspection_sim.timetable import TimetableInputError
from tests.scenario.scenario_helpers import minimal, problems_of

STAFF_CSV = "id,name,team,role,working days,leave\r\nann,Ann Shaw,assessment,social worker,,\r\n"


def people(*extra: dict[str, Any]) -> list[dict[str, Any]]:
    base = [
        {"id": "ann", "name": "Ann Shaw", "team": "assessment", "role": "social worker"},
        {"id": "tom", "name": "Tom Reid", "team": "assessment", "role": "team manager"},
    ]
    return [*base, *extra]


def with_onsite(**onsite: Any) -> dict[str, Any]:
    data = minimal()
    data["onsite"] = onsite
    return data


def error_of(data: dict[str, Any], folder: Path | None = None) -> ScenarioError:
    with pytest.raises(ScenarioError) as caught:
        scenario_from_mapping(data, source="council.toml", folder=folder)
    return caught.value


def test_an_unknown_key_suggests_the_closest() -> None:
    problem = problems_of(error_of(with_onsite(people=people(), caess=[])))["onsite.caess"]
    assert problem.source == "council.toml"
    assert problem.value == "caess"
    assert problem.suggestion() == "cases"


def test_cases_without_people_are_refused() -> None:
    problem = problems_of(error_of(with_onsite(cases=[])))["onsite.people"]
    assert "missing required key" in problem.message


def test_people_of_another_type_say_what_is_valid() -> None:
    problem = problems_of(error_of(with_onsite(people=12)))["onsite.people"]
    assert problem.value == 12
    assert "CSV file name" in problem.message
    assert "array of tables" in problem.message


def test_a_missing_csv_file_is_named_with_where_it_was_looked_for(tmp_path: Path) -> None:
    problem = problems_of(error_of(with_onsite(people="people/staf.csv"), tmp_path))[
        "onsite.people"
    ]
    assert problem.value == "people/staf.csv"
    assert "file not found" in problem.message
    assert str(tmp_path / "people" / "staf.csv") in problem.message


def test_a_folder_given_as_a_csv_file_is_refused(tmp_path: Path) -> None:
    (tmp_path / "staff").mkdir()
    problem = problems_of(error_of(with_onsite(people="staff"), tmp_path))["onsite.people"]
    assert "not a regular file" in problem.message


def test_a_bad_csv_row_names_the_csv_file_row_and_column(tmp_path: Path) -> None:
    staff = tmp_path / "staff.csv"
    staff.write_text(STAFF_CSV + "tom,Tom Reid,assessment,team manager,Mon-Thur,\r\n", "utf-8")
    (problem,) = error_of(with_onsite(people="staff.csv"), tmp_path).problems
    assert problem.source == str(staff)
    assert problem.key == "row 3, column 'working days'"
    assert problem.value == "Mon-Thur"


def test_an_unknown_role_suggests_the_closest() -> None:
    bad = {"id": "bo", "name": "Bo Li", "team": "assessment", "role": "socal worker"}
    problem = problems_of(error_of(with_onsite(people=people(bad))))["onsite.people[2].role"]
    assert problem.value == "socal worker"
    assert problem.suggestion() == "social-worker"


def test_a_missing_name_is_named() -> None:
    bad = {"id": "bo", "team": "assessment", "role": "social worker"}
    problem = problems_of(error_of(with_onsite(people=people(bad))))["onsite.people[2].name"]
    assert "missing required key" in problem.message


@pytest.mark.parametrize(
    ("leave", "key"),
    [
        (["2027-02-30"], "onsite.people[2].leave[0]"),
        ([12], "onsite.people[2].leave[0]"),
        ([{"from": date(2027, 6, 18), "to": date(2027, 6, 14)}], "onsite.people[2].leave[0].to"),
        (
            [{"from": date(2027, 6, 14), "unto": date(2027, 6, 18)}],
            "onsite.people[2].leave[0].unto",
        ),
        ("2027-06-14", "onsite.people[2].leave"),
    ],
)
def test_bad_leave_is_named_at_its_key(leave: Any, key: str) -> None:
    bad = {"id": "bo", "name": "Bo Li", "team": "assessment", "role": "social worker"}
    bad["leave"] = leave
    assert key in problems_of(error_of(with_onsite(people=people(bad))))


def test_a_bad_weekmask_is_named() -> None:
    bad = {"id": "bo", "name": "Bo Li", "team": "assessment", "role": "social worker"}
    bad["working_days"] = "Mon-Thur"
    problem = problems_of(error_of(with_onsite(people=people(bad))))[
        "onsite.people[2].working_days"
    ]
    assert problem.value == "Mon-Thur"
    assert "Mon-Fri" in problem.message


def test_two_people_with_one_id_are_refused() -> None:
    twin = {"id": "ann", "name": "Ann Other", "team": "front-door", "role": "social worker"}
    problem = problems_of(error_of(with_onsite(people=people(twin))))["onsite.people"]
    assert problem.value == "ann"
    assert "same id" in problem.message


def test_a_room_without_room_for_anyone_is_refused() -> None:
    rooms = [{"name": "Room 1", "capacity": 0}]
    problem = problems_of(error_of(with_onsite(people=people(), rooms=rooms)))[
        "onsite.rooms[0].capacity"
    ]
    assert problem.value == 0


def test_two_rooms_with_one_name_are_refused() -> None:
    rooms = [{"name": "Room 1", "capacity": 4}, {"name": "Room 1", "capacity": 6}]
    problem = problems_of(error_of(with_onsite(people=people(), rooms=rooms)))["onsite.rooms"]
    assert problem.value == "Room 1"


def test_a_case_whose_worker_is_not_on_the_staff_list_names_both() -> None:
    cases = [{"case_id": "C-7", "allocated_worker": "anne"}]
    problem = problems_of(error_of(with_onsite(people=people(), cases=cases)))[
        "onsite.cases[0].allocated_worker"
    ]
    assert problem.source == "council.toml"
    assert problem.value == "anne"
    assert "case 'C-7'" in problem.message
    assert "staff list (onsite.people)" in problem.message
    assert problem.suggestion() == "ann"


def test_a_case_naming_a_name_two_people_share_asks_for_the_id() -> None:
    twin = {"id": "ann-2", "name": "Ann Shaw", "team": "front-door", "role": "social worker"}
    cases = [{"case_id": "C-7", "allocated_worker": "Ann Shaw"}]
    problem = problems_of(error_of(with_onsite(people=people(twin), cases=cases)))[
        "onsite.cases[0].allocated_worker"
    ]
    assert "ann, ann-2" in problem.message
    assert "give the id" in problem.message


def test_a_csv_case_whose_worker_is_not_on_the_csv_staff_list_names_both_files(
    tmp_path: Path,
) -> None:
    (tmp_path / "staff.csv").write_text(STAFF_CSV, "utf-8")
    cases = tmp_path / "cases.csv"
    cases.write_text("case id,allocated worker\r\nC-7,anne\r\n", "utf-8")
    data = with_onsite(people="staff.csv", cases="cases.csv")
    (problem,) = error_of(data, tmp_path).problems
    assert problem.source == str(cases)
    assert problem.key == "row 2, column 'allocated worker'"
    assert problem.value == "anne"
    assert str(tmp_path / "staff.csv") in problem.message
    assert problem.suggestion() == "ann"


def test_a_case_sampled_twice_is_refused() -> None:
    cases = [{"case_id": "C-7", "allocated_worker": "ann"}] * 2
    problem = problems_of(error_of(with_onsite(people=people(), cases=cases)))["onsite.cases"]
    assert problem.value == "C-7"
    assert "twice" in problem.message


def test_every_problem_is_listed_at_once() -> None:
    bad = {"id": "bo", "name": "Bo Li", "team": "assessment", "role": "socal worker"}
    rooms = [{"name": "Room 1", "capacity": "six"}]
    error = error_of(with_onsite(people=people(bad), rooms=rooms, cses=[]))
    assert set(problems_of(error)) >= {
        "onsite.people[2].role",
        "onsite.rooms[0].capacity",
        "onsite.cses",
    }


def test_the_error_is_a_scenario_error_not_a_timetable_one(tmp_path: Path) -> None:
    (tmp_path / "staff.csv").write_text(STAFF_CSV + "bo,Bo Li,,social worker,,\r\n", "utf-8")
    error = error_of(with_onsite(people="staff.csv"), tmp_path)
    assert not isinstance(error, TimetableInputError)


def test_the_cli_says_what_is_wrong_on_one_line(cli: Any, tmp_path: Path) -> None:
    scenario = tmp_path / "council.toml"
    scenario.write_text(
        'schema = 1\n[council]\nname = "X"\n[inspection]\ntype = "ilacs:short"\n'
        'notified = 2027-03-01\n[onsite]\npeople = "people/staff.csv"\n',
        "utf-8",
    )
    for args in (("validate",), ("rehearse", "--out", str(tmp_path / "out"))):
        done = cli(args[0], str(scenario), *args[1:])
        assert done.returncode == 2, done.stderr
        assert "Traceback" not in done.stderr
        assert done.stderr.count("\n") == 1
        assert "onsite.people: file not found" in done.stderr
        assert "people/staff.csv" in done.stderr


def test_a_scenario_file_reads_its_csv_files_beside_it(tmp_path: Path) -> None:
    folder = tmp_path / "council"
    (folder / "people").mkdir(parents=True)
    (folder / "people" / "staff.csv").write_text(STAFF_CSV, "utf-8")
    scenario = folder / "council.toml"
    scenario.write_text(
        'schema = 1\n[council]\nname = "X"\n[inspection]\ntype = "ilacs:short"\n'
        'notified = 2027-03-01\n[onsite]\npeople = "people/staff.csv"\n',
        "utf-8",
    )
    assert [p.id for p in load_scenario(scenario).onsite.people] == ["ann"]
