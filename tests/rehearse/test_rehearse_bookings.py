"""The rehearsal books the inspectors' base room and IT for the inspectors on site each day: the
numbers are the framework rules' fieldwork team, the days a part-time inspector comes are the
on-site rules', and a new booking starts where the number changes."""

from __future__ import annotations

import csv
import subprocess
from collections.abc import Callable
from datetime import date
from pathlib import Path

import pytest

from inspection_sim import plan
from inspection_sim.errors import RuleFileError
from inspection_sim.rehearsal import rehearse
from inspection_sim.rules import inspection, load_framework, with_overrides
from inspection_sim.rules.registry import framework_from_text
from inspection_sim.timetable import load_onsite
from tests.conftest import ROOT

CALL = date(2027, 6, 7)  # a Monday; on site Mon 14 to Fri 25 June 2027
VERSION = "2024-12"


def standard(**changes: object) -> object:
    rules = inspection("ilacs:standard", version=VERSION)
    return with_overrides(rules, changes) if changes else rules


def bookings(rehearsal: object, task: str) -> list[tuple[str, list[date]]]:
    found = []
    for event in rehearsal.events:  # type: ignore[attr-defined]
        if event.key.startswith(f"{task}:booking:"):
            days = [
                event.start,
                *(event.recurrence.dates(event.start)[1:] if event.recurrence else []),
            ]
            found.append((event.summary, days))
    return found


def june(*days: int) -> list[date]:
    return [date(2027, 6, day) for day in days]


# -- bad rule data ---------------------------------------------------------------------------------


@pytest.mark.parametrize(("value", "message"), [("3", "must be a string"), ("''", "empty")])
def test_a_bad_booking_in_the_task_template_names_the_file_and_key(
    value: str, message: str
) -> None:
    text = (
        '[meta]\nframework = "ilacs"\nversion = "2099-01"\nextends = "2024-12"\n'
        'title = "t"\neffective_from = 2099-01-01\n'
        f"[inspections.short.tasks.base-room]\nbooks = {value}\n"
    )
    with pytest.raises(RuleFileError) as caught:
        framework_from_text(text, name="draft.toml", framework="ilacs", version="2099-01")
    [problem] = caught.value.problems
    assert (problem.source, problem.key) == (
        "draft.toml",
        "inspections.short.tasks.base-room.books",
    )
    assert message in problem.message


# -- the bookings ----------------------------------------------------------------------------------


def test_the_standard_inspection_books_day_by_day_for_the_inspectors_on_site() -> None:
    rules = standard()
    result = rehearse(plan(rules, notified=CALL), CALL, rules=rules)  # type: ignore[arg-type]
    expected = [
        ("Rehearsal: Base room for 4 inspectors", june(14)),
        ("Rehearsal: Base room for 5 inspectors", june(15, 16)),  # the regulatory inspector
        ("Rehearsal: Base room for 5 inspectors", june(17)),  # the schools inspector
        ("Rehearsal: Base room for 4 inspectors", june(18, 21, 22, 23, 24, 25)),
    ]
    assert bookings(result, "base-room") == expected
    it = bookings(result, "it-access")
    assert [days for _, days in it] == [days for _, days in expected]
    assert it[1][0] == "Rehearsal: IT access and case-system accounts for 5 inspectors"
    second = next(e for e in result.events if e.key == "base-room:booking:2")
    assert second.description.startswith(
        "5 inspectors on site Tue 15 Jun 2027 to Wed 16 Jun 2027: 4 social care inspectors; "
        "1 social care regulatory inspector."
    )
    assert "team social-care regulatory sources S3 seed:002" in second.reference
    task = next(e for e in result.events if e.key == "base-room")
    assert (
        "Inspectors on site: 4 social care inspectors every day; 1 social care regulatory "
        "inspector on Tue 15 Jun 2027 to Wed 16 Jun 2027 (5 on site then); 1 schools inspector "
        "on Thu 17 Jun 2027 (5 on site then). Book for up to 5 on the busiest day."
    ) in task.description
    assert task.description.splitlines()[-1].startswith("In the real inspection:")


def test_the_numbers_follow_the_rule_data_not_the_code() -> None:
    rules = standard(**{"fieldwork.team.schools": {"count": 2}})
    result = rehearse(plan(rules, notified=CALL), CALL, rules=rules)  # type: ignore[arg-type]
    assert [summary for summary, _ in bookings(result, "base-room")] == [
        "Rehearsal: Base room for 4 inspectors",
        "Rehearsal: Base room for 5 inspectors",
        "Rehearsal: Base room for 6 inspectors",
        "Rehearsal: Base room for 4 inspectors",
    ]


@pytest.mark.parametrize(
    "kind", ["ilacs:short", "ilacs:standard", "ilacs:focused-visit", "jtai:front-door"]
)
def test_every_day_on_site_is_booked_once_for_the_team_the_rules_give(kind: str) -> None:
    rules = inspection(kind, version=None)
    result = rehearse(plan(rules, notified=CALL), CALL, rules=rules)
    onsite = {g.id: g.on_days for g in load_onsite(kind).inspectors}
    team = load_framework(kind.split(":")[0]).inspection(kind.split(":")[1]).fieldwork.team
    booked = {}
    for summary, days in bookings(result, "base-room"):
        for day in days:
            assert day not in booked
            booked[day] = int(summary.split(" for ")[1].split()[0])
    assert sorted(booked) == list(result.fieldwork)
    for number, day in enumerate(result.fieldwork, start=1):
        expected = sum(m.count for m in team if not onsite[m.id] or number in onsite[m.id])
        assert booked[day] == expected


def test_a_compressed_run_says_who_comes_after_its_last_day() -> None:
    rules = standard()
    result = rehearse(
        plan(rules, notified=CALL),  # type: ignore[arg-type]
        CALL,
        mode="compressed",
        fieldwork_days=3,
        rules=rules,  # type: ignore[arg-type]
    )
    assert [days for _, days in bookings(result, "base-room")] == [june(14), june(15, 16)]
    task = next(e for e in result.events if e.key == "base-room")
    assert "1 schools inspector on fieldwork day 4, after this rehearsal's last day" in (
        task.description
    )


def test_the_rehearse_command_writes_the_bookings(
    cli: Callable[..., subprocess.CompletedProcess[str]], tmp_path: Path
) -> None:
    out = tmp_path / "standard"
    done = cli(
        "rehearse",
        str(ROOT / "scenarios" / "ri-council-ilacs-standard.toml"),
        "--mode",
        "full",
        "--start",
        "2027-06-07",
        "--out",
        str(out),
        "--parents",
        "--stamp",
        "2027-05-01T09:00:00Z",
    )
    assert done.returncode == 0, done.stderr
    with (out / "events.csv").open(encoding="utf-8-sig", newline="") as handle:
        rows = [row for row in csv.DictReader(handle) if ":booking:" in row["key"]]
    assert [row["summary"] for row in rows if row["key"].startswith("base-room")] == [
        "Rehearsal: Base room for 4 inspectors",
        "Rehearsal: Base room for 5 inspectors",
        "Rehearsal: Base room for 5 inspectors",
        "Rehearsal: Base room for 4 inspectors",
    ]
    assert {row["busy"] for row in rows} == {"FREE"}
