"""Rebooking the on-site timetable around absent people: the what-if, and random staff absence."""

from __future__ import annotations

from datetime import date
from functools import cache

import pytest

from inspection_sim.rules import Confidence, load_assumptions
from inspection_sim.timetable import (
    Absence,
    Timetable,
    TimetableInputError,
    absence_risk,
    build_timetable,
    disruption_dict,
    read_cases,
    read_rooms,
    read_staff,
    rebook_absences,
    risk_dict,
    risk_summary,
)
from inspection_sim.timetable.disruption import notice_days
from inspection_sim.timetable.disruption_risk import absence_length
from tests.conftest import ROOT
from tests.timetable.checks import violations

START = date(2027, 6, 7)


@cache
def good_council() -> Timetable:
    people = read_staff(ROOT / "scenarios/people/good-council-staff.csv")
    cases = read_cases(ROOT / "scenarios/people/good-council-cases.csv", people)
    rooms = read_rooms(ROOT / "scenarios/people/good-council-rooms.csv")
    return build_timetable("ilacs:short", people=people, cases=cases, rooms=rooms, start=START)


def test_the_notice_and_the_length_of_an_absence_are_unverified_rule_data() -> None:
    found = load_assumptions()
    assert notice_days() == found.rebooking.notice_days == 0
    assert found.rebooking.provenance.unverified == ("notice_days",)
    assert found.rebooking.provenance.confidence is Confidence.LOW
    assert absence_length() == found.event("staff-absence").days


def test_no_absence_leaves_the_plan_as_it_is() -> None:
    plan = good_council()
    found = rebook_absences(plan, [])
    assert found.after == plan
    assert found.changes == ()
    assert found.shares == found.planned
    assert found.planned.as_planned == 1.0
    assert found.planned.with_worker == pytest.approx(plan.cases_discussed())
    assert found.load == (0,) * len(plan.days)


def test_a_worker_away_two_days_moves_their_discussion_and_one_away_all_week_is_stood_in_for() -> (
    None
):
    plan = good_council()
    found = rebook_absences(
        plan, [Absence("p0028"), Absence("p0031", date(2027, 6, 8), date(2027, 6, 9))]
    )
    assert violations(found.after) == []
    by_session = {c.session: c for c in found.changes}
    moved = by_session["case-discussion:C-1003"]
    assert moved.kind == "moved"
    assert moved.before.day == date(2027, 6, 8)
    assert moved.after is not None
    assert moved.after.day > date(2027, 6, 9)
    assert moved.after.people == ("p0031",)
    assert moved.known == date(2027, 6, 8)
    stood_in = by_session["case-discussion:C-1002"]
    assert stood_in.kind == "substitute"
    assert stood_in.after is not None
    assert stood_in.after.people == ("p0026",)  # the assessment team manager
    assert stood_in.after.start == stood_in.before.start  # on the planned slot
    assert "Grace Ahmed (social worker, assessment) is away" in stood_in.after.note
    assert found.after.booking("case-discussion:C-1002").substitute
    assert found.shares.as_planned == pytest.approx(10 / 12)
    assert found.shares.with_substitute == pytest.approx(2 / 12)
    assert found.load_by_day() == {
        date(2027, 6, 7): 1,
        date(2027, 6, 8): 1,
        date(2027, 6, 9): 0,
        date(2027, 6, 10): 0,
        date(2027, 6, 11): 0,
    }
    assert disruption_dict(found)["load"]["2027-06-08"] == 1


def test_a_case_whose_worker_and_manager_are_both_away_is_missed_with_the_reason() -> None:
    plan = good_council()
    found = rebook_absences(plan, [Absence("p0028"), Absence("p0026")])
    assert violations(found.after) == []
    missed = {c.session: c for c in found.missed}
    assert "case-discussion:C-1002" in missed
    (unbooked,) = [u for u in found.after.unbooked if u.session == "case-discussion:C-1002"]
    assert "Grace Ahmed (social worker, assessment) is away" in unbooked.reason
    assert "the team manager cannot stand in" in unbooked.reason
    assert found.shares.not_discussed == pytest.approx(1 / 12)


def test_someone_else_of_the_role_takes_a_meeting_place_at_the_same_time() -> None:
    plan = good_council()
    meeting = next(b for b in plan.bookings if b.activity == "leader-meeting")
    found = rebook_absences(plan, [Absence(meeting.people[0], meeting.day, meeting.day)])
    (change,) = [c for c in found.changes if c.session == meeting.session]
    assert change.kind == "swapped"
    assert change.after is not None
    assert change.after.start == meeting.start
    assert meeting.people[0] not in change.after.people
    assert violations(found.after) == []


def test_notice_moves_the_load_earlier_and_before_the_visit() -> None:
    plan = good_council()
    away = [Absence("p0031", date(2027, 6, 8), date(2027, 6, 9))]
    found = rebook_absences(plan, away, notice=1)
    assert found.load[0] == 1
    assert found.changes[0].known == date(2027, 6, 7)
    early = rebook_absences(plan, away, notice=3)
    assert early.before == 1
    assert early.changes[0].known is None
    assert sum(early.load) == 0


@pytest.mark.parametrize(
    ("absences", "message"),
    [
        ([Absence("p0O28")], "did you mean 'p0028'?"),
        ([Absence("p0028", date(2027, 7, 1))], "no on-site day falls in it"),
        (["p0028"], "absences must be Absence objects"),
    ],
)
def test_bad_absences_are_refused(absences: list[Absence], message: str) -> None:
    with pytest.raises(TimetableInputError, match=message):
        rebook_absences(good_council(), absences)


def test_an_absence_checks_itself() -> None:
    with pytest.raises(TimetableInputError, match="the first day is after the last"):
        Absence("p0028", date(2027, 6, 9), date(2027, 6, 8))
    with pytest.raises(TimetableInputError, match="needs a person's id"):
        Absence(" ")
    with pytest.raises(TimetableInputError, match="must be a date"):
        Absence("p0028", "2027-06-08")  # type: ignore[arg-type]
    with pytest.raises(TimetableInputError, match="notice must be a whole number"):
        rebook_absences(good_council(), [], notice=-1)


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"rate": -0.1}, "from 0 to 1"),
        ({"rate": float("nan")}, "from 0 to 1"),
        ({"rate": 0.1, "runs": 0}, "runs must be a whole number"),
        ({"rate": 0.1, "seed": -1}, "seed must be a whole number"),
    ],
)
def test_bad_monte_carlo_settings_are_refused(kwargs: dict[str, float], message: str) -> None:
    with pytest.raises(TimetableInputError, match=message):
        absence_risk(good_council(), **kwargs)  # type: ignore[arg-type]


def test_the_monte_carlo_is_the_same_for_the_same_seed() -> None:
    plan = good_council()
    first = absence_risk(plan, rate=0.05, runs=300, seed=11)
    assert first == absence_risk(plan, rate=0.05, runs=300, seed=11)
    assert first != absence_risk(plan, rate=0.05, runs=300, seed=12)
    assert risk_dict(first)["runs"] == 300
    assert "Every sampled case discussed in" in risk_summary(first)


def test_no_absence_keeps_every_run_as_planned_and_more_absence_disrupts_more() -> None:
    plan = good_council()
    calm = absence_risk(plan, rate=0.0, runs=50, seed=1)
    assert calm.disrupted == 0.0
    assert calm.as_planned.mean == calm.planned.as_planned == 1.0
    assert calm.total.p90 == 0.0
    assert calm.all_discussed == 1.0
    rough = absence_risk(plan, rate=0.2, runs=200, seed=1)
    mild = absence_risk(plan, rate=0.02, runs=200, seed=1)
    assert rough.as_planned.mean < mild.as_planned.mean < 1.0
    assert rough.total.mean > mild.total.mean > 0.0
    assert rough.all_discussed <= mild.all_discussed
    for spread in (rough.as_planned, rough.total, *rough.load):
        assert spread.p10 <= spread.p50 <= spread.p90
    shares = rough.with_worker.mean + rough.with_substitute.mean + rough.not_discussed.mean
    assert shares == pytest.approx(1.0)
