"""Bad staff lists, case samples and rooms: every problem named by file, row, column and value."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from inspection_sim.errors import UnknownNameError
from inspection_sim.timetable import (
    Person,
    Room,
    SampledCase,
    TimetableInputError,
    parse_rooms,
    read_cases,
    read_rooms,
    read_staff,
)
from inspection_sim.timetable.people import check_inputs
from inspection_sim.timetable.staff_csv import parse_leave
from inspection_sim.timetable.synthetic import cases_csv, rooms_csv, staff_csv, synthetic_council


def write(tmp_path: Path, name: str, text: str) -> Path:
    path = tmp_path / name
    path.write_text(text, "utf-8")
    return path


def test_person_reads_roles_as_people_write_them_and_checks_them() -> None:
    assert Person("a", "Ann", "T", "Team Manager").role == "team-manager"
    with pytest.raises(UnknownNameError, match=r"did you mean 'social-worker'\?"):
        Person("a", "Ann", "T", "social wroker")
    with pytest.raises(TimetableInputError, match="name must be a non-empty string"):
        Person("a", " ", "T", "social worker")
    with pytest.raises(TimetableInputError, match="capacity must be at least 1"):
        Room("Room 1", 0)


def test_check_inputs_lists_every_problem_and_suggests_ids() -> None:
    people = [
        Person("sw-012", "Ann", "T", "social worker"),
        Person("sw-012", "Bo", "T", "social worker"),
    ]
    cases = [SampledCase("C-1", "sw-12"), SampledCase("C-1", "sw-012")]
    with pytest.raises(TimetableInputError) as error:
        check_inputs(people, cases, [Room("R", 2), Room("R", 3)])
    text = str(error.value)
    assert "two people have the same id (got 'sw-012')" in text
    assert "two rooms have the same name (got 'R')" in text
    assert "case 'C-1': allocated worker is not on the staff list (got 'sw-12')" in text
    assert "did you mean 'sw-012'?" in text
    assert "the case is sampled twice (got 'C-1')" in text


def test_team_manager_is_worked_out_from_the_workers_team() -> None:
    people = [
        Person("a", "Ann", "Assessment", "social worker"),
        Person("m", "Meg", "Assessment", "team manager"),
        Person("b", "Bo", "Court", "social worker"),
    ]
    _, cases = check_inputs(people, [SampledCase("C-1", "a"), SampledCase("C-2", "b")], [])
    assert cases[0].team_manager == "m"
    assert cases[1].team_manager is None


def test_read_staff_reports_file_row_column_and_value(tmp_path: Path) -> None:
    path = write(
        tmp_path,
        "staff.csv",
        "Name,Team,Role,Working days,Leave\n"
        "Ann Shaw,Assessment,Social worker,Mon-Thu,2027-06-08..2027-06-09\n"
        "Bo Reid,Assessment,social wroker,,\n"
        "Cy Hall,Assessment,team manager,Mon-Fry,\n"
        "Di Ford,Assessment,team manager,,2027-13-01\n"
        "Ann Shaw,Court,social worker,,\n",
    )
    with pytest.raises(TimetableInputError) as error:
        read_staff(path)
    text = str(error.value)
    assert f"{path}: row 3, role: person 'bo-reid': unknown role (got 'social wroker')" in text
    assert "did you mean 'social-worker'?" in text
    assert f"{path}: row 4, column 'working days': working days must be a weekmask" in text
    assert "(got 'Mon-Fry')" in text
    assert f"{path}: row 5, column 'leave'" in text
    assert "(got '2027-13-01')" in text
    assert f"{path}: row 6, id: the same id as row 2; add an id column" in text


def test_read_staff_reads_part_time_days_and_leave(tmp_path: Path) -> None:
    path = write(
        tmp_path,
        "staff.csv",
        "id,name,team,role,working days,leave\n"
        'a1,Ann Shaw,Assessment,Social worker,"Mon,Wed",2027-06-08..2027-06-09; 2027-06-14\n',
    )
    (ann,) = read_staff(path)
    assert ann.weekdays == (True, False, True, False, False, False, False)
    assert ann.leave == {date(2027, 6, 8), date(2027, 6, 9), date(2027, 6, 14)}
    assert not ann.works_on(date(2027, 6, 9))
    assert ann.works_on(date(2027, 6, 7))


def test_read_staff_header_problems(tmp_path: Path) -> None:
    with pytest.raises(TimetableInputError, match=r"header: unknown column \(got 'Grade'\)"):
        read_staff(write(tmp_path, "a.csv", "name,team,role,Grade\n"))
    with pytest.raises(TimetableInputError, match=r"header: missing column \(got 'role'\)"):
        read_staff(write(tmp_path, "b.csv", "name,team\n"))
    with pytest.raises(TimetableInputError, match=r"nope\.csv: file not found"):
        read_staff(tmp_path / "nope.csv")


def test_read_cases_by_name_or_id_and_its_problems(tmp_path: Path) -> None:
    people = [
        Person("a1", "Ann Shaw", "T", "social worker"),
        Person("s1", "Sam Lee", "T", "social worker"),
        Person("s2", "Sam Lee", "U", "auditor"),
    ]
    good = write(tmp_path, "c.csv", "Case ID,Allocated worker,Auditor\nC-1,ann shaw,s2\n")
    assert read_cases(good, people) == [SampledCase("C-1", "a1", None, "s2")]
    bad = write(
        tmp_path, "d.csv", "case id,allocated worker,auditor\nC-2,Ann Shw,\nC-3,a1,Sam Lee\n"
    )
    with pytest.raises(TimetableInputError) as error:
        read_cases(bad, people)
    text = str(error.value)
    assert "row 2, column 'allocated worker': no one on the staff list" in text
    assert "did you mean 'ann shaw'?" in text
    assert (
        "row 3, column 'auditor': more than one person has this name (s1, s2); give the id" in text
    )


def test_rooms_from_text_or_csv(tmp_path: Path) -> None:
    assert parse_rooms("Room 1=6, Blue room=4") == [Room("Room 1", 6), Room("Blue room", 4)]
    with pytest.raises(
        TimetableInputError, match=r"--rooms: each room is NAME=CAPACITY .*\(got 'Blue=x'\)"
    ):
        parse_rooms("Room 1=6,Blue=x")
    path = write(tmp_path, "rooms.csv", "name,capacity\nRoom 1,six\n")
    with pytest.raises(TimetableInputError, match=r"row 2, column 'capacity'.*\(got 'six'\)"):
        read_rooms(path)


def test_leave_ranges() -> None:
    assert parse_leave("2027-06-10..2027-06-11;2027-06-01") == {
        date(2027, 6, 1),
        date(2027, 6, 10),
        date(2027, 6, 11),
    }
    with pytest.raises(ValueError, match="runs backwards"):
        parse_leave("2027-06-11..2027-06-10")


def test_synthetic_council_round_trips_through_csv(tmp_path: Path) -> None:
    people, cases, rooms = synthetic_council(
        60, 8, seed=3, leave=(date(2027, 6, 7), date(2027, 6, 11)), away_workers=1
    )
    staff = read_staff(write(tmp_path, "s.csv", staff_csv(people)))
    assert staff == people
    assert read_cases(write(tmp_path, "c.csv", cases_csv(cases)), staff) == cases
    assert read_rooms(write(tmp_path, "r.csv", rooms_csv(rooms))) == rooms
    away = next(p for p in people if p.id == cases[0].allocated_worker)
    assert not any(away.works_on(date(2027, 6, d)) for d in range(7, 12))


def test_csv_files_are_read_as_spreadsheets_save_them(tmp_path: Path) -> None:
    """CRLF line ends, a line break inside a quoted cell, a byte-order mark; rows are numbered as
    a spreadsheet shows them, so a problem after a two-line cell names the right row."""
    text = (
        "\ufeffid,name,team,role\r\n"
        'a1,"Ann\r\nShaw",Assessment,social worker\r\n'
        "b2,Bo Lee,Assessment,social wroker\r\n"
    )
    path = tmp_path / "staff.csv"
    path.write_bytes(text.encode("utf-8"))
    with pytest.raises(TimetableInputError, match=r"staff\.csv: row 3, role: .*'social wroker'"):
        read_staff(path)
    path.write_bytes(text.replace("wroker", "worker").encode("utf-8"))
    ann, bo = read_staff(path)
    assert (ann.id, ann.name, bo.name) == ("a1", "Ann\r\nShaw", "Bo Lee")


def test_staff_with_line_breaks_and_quotes_in_their_names_round_trip(tmp_path: Path) -> None:
    people = [
        Person("a1", "Ann\rShaw", 'Team, "North"', "social worker", "Mon-Thu"),
        Person("b2", "Bo\nLee", "Team\r\nSouth", "team manager"),
    ]
    path = tmp_path / "staff.csv"
    path.write_bytes(staff_csv(people).encode("utf-8"))
    assert read_staff(path) == people
