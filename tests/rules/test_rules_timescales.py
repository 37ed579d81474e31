"""Timescale rules (rules/data/timescales/2023-12.toml) and due(): facts with their sources."""

from __future__ import annotations

from datetime import date, datetime

import pytest

from inspection_sim import WorkingCalendar, due, timescales
from inspection_sim.errors import ArgumentTypeError, RuleFileError, ScheduleError, UnknownNameError
from inspection_sim.rules import Unit, load_timescales


def test_initial_health_assessment_20_working_days_over_christmas_S32_S33() -> None:
    result = due("initial-health-assessment", date(2026, 12, 14))
    assert result.date == date(2027, 1, 14)
    assert result.source.startswith("S32; S33")


def test_day_zero_is_the_start_event() -> None:
    assert due("referral-decision", date(2026, 3, 6)).date == date(2026, 3, 9)  # Fri -> Mon
    assert due("referral-decision", date(2026, 3, 7)).date == date(2026, 3, 9)  # Sat -> Mon


@pytest.mark.parametrize(
    ("name", "value", "unit"),
    [
        ("single-assessment", 45, Unit.WORKING_DAYS),
        ("initial-child-protection-conference", 15, Unit.WORKING_DAYS),
        ("care-plan", 10, Unit.WORKING_DAYS),
        ("first-looked-after-review", 20, Unit.WORKING_DAYS),
        ("return-home-interview", 72, Unit.HOURS),
        ("care-proceedings", 26, Unit.WEEKS),
    ],
)
def test_statutory_values_S32_S34_S35(name: str, value: int, unit: Unit) -> None:
    item = load_timescales().get(name)
    assert (item.value, item.unit, item.kind) == (value, unit, "statutory")


def test_return_home_interview_is_72_clock_hours_not_working_days_S34() -> None:
    friday_evening = datetime(2026, 12, 24, 18, 0)
    result = due("return-home-interview", friday_evening)
    assert result.at == datetime(2026, 12, 27, 18, 0)  # over Christmas: hours, not working days
    assert due("return-home-interview", date(2026, 12, 24)).date == date(2026, 12, 27)


def test_looked_after_reviews_20_wd_then_3_months_then_every_6_months_S32() -> None:
    start = date(2026, 1, 5)
    first = due("first-looked-after-review", start).date
    assert first == date(2026, 2, 2)
    assert due("first-looked-after-review", start, occurrence=2).date == date(2026, 5, 2)
    assert due("first-looked-after-review", start, occurrence=3).date == date(2026, 11, 2)
    assert due("first-looked-after-review", start, occurrence=4).date == date(2027, 5, 2)


def test_a_cadence_without_repeat_ends() -> None:
    with pytest.raises(ScheduleError, match="occurrence"):
        due("initial-health-assessment", date(2026, 1, 5), occurrence=2)


def test_child_protection_visits_are_a_local_standard_seed001() -> None:
    item = load_timescales().get("child-protection-visit")
    assert (item.value, item.unit, item.local) == (10, Unit.WORKING_DAYS, True)


def test_a_council_overrides_a_local_standard_as_a_validated_copy() -> None:
    rules = load_timescales()
    local = rules.with_overrides(
        {"child-protection-visit": {"value": 15}}, source="scenarios/x.toml"
    )
    assert local.get("child-protection-visit").value == 15
    assert rules.get("child-protection-visit").value == 10
    assert due("child-protection-visit", date(2026, 3, 2), rules=local).date == date(2026, 3, 23)


def test_a_statutory_timescale_cannot_be_overridden() -> None:
    with pytest.raises(RuleFileError, match="only local timescales can be overridden"):
        load_timescales().with_overrides({"initial-health-assessment": {"value": 25}})


def test_an_override_is_validated() -> None:
    with pytest.raises(
        RuleFileError,
        match=r"^scenarios/x\.toml: timescales\.child-protection-visit\.value: must be an integer",
    ):
        load_timescales().with_overrides(
            {"child-protection-visit": {"value": "15"}}, source="scenarios/x.toml"
        )
    with pytest.raises(RuleFileError, match="did you mean 'value'"):
        load_timescales().with_overrides({"child-protection-visit": {"valeu": 15}})


def test_unknown_timescale_suggests_the_closest() -> None:
    with pytest.raises(UnknownNameError, match="did you mean 'initial-health-assessment'"):
        due("initial-health-assesment", date(2026, 1, 5))


def test_bad_start_and_occurrence() -> None:
    with pytest.raises(ArgumentTypeError, match="'start'"):
        due("care-plan", "2026-01-05")  # type: ignore[arg-type]
    with pytest.raises(ArgumentTypeError, match="'occurrence'"):
        due("care-plan", date(2026, 1, 5), occurrence=0)


def test_a_calendar_with_closures_moves_working_day_deadlines() -> None:
    cal = WorkingCalendar(closures=[date(2026, 1, 6)])
    assert due("referral-decision", date(2026, 1, 5), calendar=cal).date == date(2026, 1, 7)


def test_timescales_lists_every_item_with_a_source() -> None:
    items = timescales()
    assert len(items) >= 20
    assert all(item.provenance.source for item in items)
    assert {"initial-health-assessment", "return-home-interview"} <= {i.id for i in items}
