"""Bad ``[[onsite.absent]]`` entries (the what-if of people away after the week was booked): each
problem names the file, the key, the value and what is valid (the closest id, the on-site days),
and the command line says so on one line of stderr with status 2."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

import pytest

from inspection_sim.errors import ScenarioError
from inspection_sim.scenario import scenario_from_mapping
from tests.conftest import ROOT
from tests.scenario.scenario_helpers import minimal, problems_of

PEOPLE = [
    {"id": "ann", "name": "Ann Shaw", "team": "assessment", "role": "social worker"},
    {"id": "tom", "name": "Tom Reid", "team": "assessment", "role": "team manager"},
]
CASES = [{"case_id": "C-7", "allocated_worker": "ann", "team_manager": "tom"}]
#: The rehearsal's on-site days when it starts on this Monday (the ILACS short week).
REHEARSAL = date(2027, 6, 7)
REHEARSAL_DAYS = [date(2027, 6, d).isoformat() for d in range(14, 19)]


def with_absent(*absent: Any, rehearsal: bool = True) -> dict[str, Any]:
    data = minimal()
    data["onsite"] = {"people": PEOPLE, "cases": CASES, "absent": list(absent)}
    if rehearsal:
        data["rehearsal"] = {"start": REHEARSAL}
    return data


def error_of(data: dict[str, Any]) -> ScenarioError:
    with pytest.raises(ScenarioError) as caught:
        scenario_from_mapping(data, source="council.toml")
    return caught.value


def test_someone_not_on_the_staff_list_suggests_the_closest_id() -> None:
    problem = problems_of(error_of(with_absent({"person": "anne"})))["onsite.absent[0].person"]
    assert problem.source == "council.toml"
    assert problem.value == "anne"
    assert "staff list (onsite.people)" in problem.message
    assert problem.suggestion() == "ann"


def test_an_unknown_key_suggests_the_closest() -> None:
    absent = {"person": "ann", "form": date(2027, 6, 15)}
    problem = problems_of(error_of(with_absent(absent)))["onsite.absent[0].form"]
    assert problem.suggestion() == "from"


def test_an_absence_without_a_person_is_refused() -> None:
    problem = problems_of(error_of(with_absent({"from": date(2027, 6, 15)})))[
        "onsite.absent[0].person"
    ]
    assert "missing required key" in problem.message


def test_an_absence_that_ends_before_it_starts_is_refused() -> None:
    absent = {"person": "ann", "from": date(2027, 6, 16), "to": date(2027, 6, 15)}
    problem = problems_of(error_of(with_absent(absent)))["onsite.absent[0].to"]
    assert problem.value == date(2027, 6, 15)
    assert "ends before it starts (2027-06-16)" in problem.message


@pytest.mark.parametrize("value", ["2027-06-31", 15, "next week"])
def test_a_date_that_is_not_one_is_named(value: Any) -> None:
    problem = problems_of(error_of(with_absent({"person": "ann", "from": value})))[
        "onsite.absent[0].from"
    ]
    assert problem.value == value
    assert "YYYY-MM-DD" in problem.message


def test_absent_of_another_type_says_what_is_valid() -> None:
    data = with_absent()
    data["onsite"]["absent"] = "ann"
    problem = problems_of(error_of(data))["onsite.absent"]
    assert problem.value == "ann"
    assert "array of tables" in problem.message


def test_dates_on_no_day_of_the_rehearsals_week_name_the_valid_days() -> None:
    absent = {"person": "ann", "from": date(2027, 6, 21), "to": date(2027, 6, 22)}
    problem = problems_of(error_of(with_absent({"person": "tom"}, absent)))["onsite.absent[1]"]
    assert problem.value == "2027-06-21..2027-06-22"
    assert "the rehearsal (from [rehearsal] start)" in problem.message
    for day in REHEARSAL_DAYS:
        assert day in problem.message


def test_without_a_rehearsal_the_dates_are_checked_on_the_inspections_week() -> None:
    absent = {"person": "ann", "from": date(2027, 6, 15)}
    problem = problems_of(error_of(with_absent(absent, rehearsal=False)))["onsite.absent[0]"]
    assert problem.value == "from 2027-06-15"
    assert "the inspection called on 2027-03-01" in problem.message
    assert "Mon 2027-03-08" in problem.message


def test_every_problem_is_listed_at_once() -> None:
    error = error_of(
        with_absent(
            {"person": "anne"},
            {"person": "tom", "from": date(2027, 6, 16), "to": date(2027, 6, 15)},
        )
    )
    assert set(problems_of(error)) >= {"onsite.absent[0].person", "onsite.absent[1].to"}


def test_validate_says_so_on_one_line_with_status_2(cli: Any, tmp_path: Path) -> None:
    shipped = (ROOT / "scenarios" / "what-if-two-social-workers-away.toml").read_text("utf-8")
    bad = tmp_path / "what-if.toml"
    bad.write_text(shipped.replace('person = "aisha-khan"', 'person = "aisha-kahn"'), "utf-8")
    done = cli("validate", str(bad))
    assert done.returncode == 2
    lines = done.stderr.strip().splitlines()
    assert len(lines) == 1, done.stderr
    assert str(bad) in lines[0]
    assert "onsite.absent[0].person" in lines[0]
    assert "aisha-kahn" in lines[0]
    assert "aisha-khan" in lines[0]
    assert "Traceback" not in done.stderr
