"""ILACS rule files (rules/data/ilacs/*.toml): the published facts, each test naming its source."""

from __future__ import annotations

from datetime import date

import pytest

from inspection_sim.calendar import WorkingCalendar
from inspection_sim.plan.anchors import onsite_from_notification
from inspection_sim.rules import Unit, load_framework
from inspection_sim.rules.model import NotWorkingDay

CAL = WorkingCalendar()
VERSIONS = ("2018-01", "2018-09", "2020-09", "2021-06", "2023-01", "2024-04", "2024-12", "2026-04")


def post(version: str, kind: str, step: str) -> tuple[str, int, Unit]:
    item = {s.id: s for s in load_framework("ilacs", version=version).inspection(kind).post}[step]
    return item.at.after, item.at.value, item.at.unit


@pytest.mark.parametrize("version", VERSIONS)
def test_short_and_standard_notified_on_monday_morning_S3_seed001(version: str) -> None:
    rules = load_framework("ilacs", version=version)
    for kind in ("short", "standard"):
        note = rules.inspection(kind).notification
        assert note.weekday == 0
        assert note.time.hour < 12
        assert note.who == ("director of children's services",)
        assert note.if_not_working_day is NotWorkingDay.NEXT_KEEP_ONSITE
        assert "if_not_working_day" in note.provenance.unverified


@pytest.mark.parametrize("version", VERSIONS)
def test_five_working_days_notice_monday_to_monday_S3_seed002(version: str) -> None:
    rules = load_framework("ilacs", version=version)
    for kind in ("short", "standard"):
        item = rules.inspection(kind)
        assert item.onsite.nominal_working_days == 5
        plan = onsite_from_notification(item, date(2026, 3, 2), CAL)
        assert plan.onsite == date(2026, 3, 9)
        assert CAL.working_days_between(plan.call, plan.onsite) == 5


@pytest.mark.parametrize("version", VERSIONS)
def test_short_is_mon_fri_x1_and_standard_mon_fri_x2_S13(version: str) -> None:
    rules = load_framework("ilacs", version=version)
    short, standard = rules.inspection("short"), rules.inspection("standard")
    assert (short.fieldwork.days, standard.fieldwork.days) == (5, 10)
    monfri = (True, True, True, True, True, False, False)
    assert short.fieldwork.weekmask == standard.fieldwork.weekmask == monfri
    plan = onsite_from_notification(standard, date(2026, 3, 2), CAL)
    assert (plan.fieldwork[0], plan.fieldwork[-1]) == (date(2026, 3, 9), date(2026, 3, 20))


def test_annex_a_day_plus_one_documents_day_plus_two_unverified_seed001() -> None:
    short = load_framework("ilacs").inspection("short")
    returns = {r.id: r for r in short.returns}
    assert returns["annex-a"].due.value == 1
    assert returns["documents"].due.value == 2
    assert returns["annex-a"].provenance.unverified == ("due",)


def test_up_to_12_cases_sampled_from_the_audited_list_unverified_seed001() -> None:
    sampling = load_framework("ilacs").inspection("short").sampling
    assert sampling is not None
    assert (sampling.cases_max, sampling.from_return) == (12, "audited-case-list")
    assert "cases_max" in sampling.provenance.unverified


def test_daily_kit_meetings_with_the_dcs_seed002() -> None:
    meetings = {m.id: m for m in load_framework("ilacs").inspection("short").meetings}
    assert meetings["kit"].during == "fieldwork"
    assert "director of children's services" in meetings["kit"].attendees
    assert meetings["final-feedback"].at is not None


def test_factual_accuracy_5_working_days_after_the_draft_S31() -> None:
    assert post("2024-12", "short", "factual-accuracy") == ("draft-report", 5, Unit.WORKING_DAYS)


def test_publication_lag_21_then_30_working_days_S13() -> None:
    assert post("2018-09", "short", "publication")[1] == 21
    assert post("2021-06", "short", "publication")[1] == 30
    assert post("2024-12", "standard", "publication")[1] == 30


def test_action_plan_70_working_days_with_its_anchor_S6_seed003() -> None:
    """70 working days from receiving the report (seed 003), taken as the publication day."""
    assert post("2024-12", "short", "action-plan") == ("report-received", 70, Unit.WORKING_DAYS)
    assert post("2024-12", "short", "report-received") == ("publication", 0, Unit.WORKING_DAYS)
    received = {s.id: s for s in load_framework("ilacs").inspection("short").post}
    assert "at" in received["report-received"].provenance.unverified


def test_focused_visit_priority_actions_draft_plan_20_working_days_from_sep_2018_S6() -> None:
    assert {
        s.id for s in load_framework("ilacs", version="2018-01").inspection("focused-visit").post
    } == {"publication"}
    assert post("2018-09", "focused-visit", "draft-action-plan") == (
        "publication",
        20,
        Unit.WORKING_DAYS,
    )
    assert post("2018-09", "focused-visit", "action-plan")[1] == 70


def test_interim_focused_visit_2020_tuesday_call_afternoon_teleconference_data_next_day_seed000() -> (
    None
):
    visit = load_framework("ilacs", on=date(2020, 10, 20)).inspection("focused-visit")
    assert visit.notification.weekday == 1
    meetings = {m.id: m for m in visit.meetings}
    assert meetings["teleconference"].time.hour >= 12
    assert meetings["teleconference"].at is not None
    assert meetings["teleconference"].at.value == 0
    data = {r.id: r for r in visit.returns}["child-level-data"]
    assert (data.due.after, data.due.value) == ("notification", 1)


def test_focused_visit_two_inspectors_two_days_five_working_days_notice_S8_seed002() -> None:
    visit = load_framework("ilacs", version="2024-12").inspection("focused-visit")
    assert (visit.fieldwork.days, visit.fieldwork.inspectors, visit.onsite.working_days) == (
        2,
        2,
        5,
    )
    assert "weekday" in visit.notification.provenance.unverified


def test_monitoring_visits_two_days_about_quarterly_up_to_six_S7_S14() -> None:
    rules = load_framework("ilacs", version="2024-12")
    assert rules.inspection("monitoring-visit").fieldwork.days == 2
    cycle = {c.id: c for c in rules.cycle}["monitoring-after-inadequate"]
    assert (cycle.interval, cycle.unit, cycle.max_count) == (3, Unit.MONTHS, 6)


def test_three_year_cycle_plus_or_minus_six_months_S3_S4() -> None:
    cycle = {c.id: c for c in load_framework("ilacs", version="2024-12").cycle}
    assert (cycle["short-after-good"].interval, cycle["short-after-good"].window_before) == (36, 6)
    assert cycle["standard-after-ri"].next == "ilacs:standard"


def test_reinspection_of_inadequate_by_standard_inspection_from_sep_2018_S7() -> None:
    assert "reinspection-after-inadequate" not in {
        c.id for c in load_framework("ilacs", version="2018-01").cycle
    }
    cycle = {c.id: c for c in load_framework("ilacs", version="2018-09").cycle}
    assert cycle["reinspection-after-inadequate"].next == "ilacs:standard"


def test_care_leavers_judgement_from_2023_and_no_overall_grade_from_april_2026_S10_S11() -> None:
    assert "care leavers" not in load_framework("ilacs", version="2021-06").judgements
    assert "care leavers" in load_framework("ilacs", version="2023-01").judgements
    assert "overall effectiveness" not in load_framework("ilacs", version="2026-04").judgements
    routing = {c.id: c for c in load_framework("ilacs", version="2026-04").cycle}[
        "short-after-good"
    ]
    assert routing.when == ("leaders:outstanding", "leaders:good")
    assert "when" in routing.provenance.unverified


def test_no_fieldwork_in_bank_holiday_weeks_christmas_gap_or_summer_S13() -> None:
    rules = load_framework("ilacs", version="2024-12")
    names = {b.id for b in rules.fieldwork_blackouts()}
    assert {"bank-holiday-weeks", "christmas", "summer"} <= names
    christmas = {b.id: b for b in rules.blackouts}["christmas"]
    assert christmas.contains(date(2025, 12, 23))
    assert christmas.contains(date(2026, 1, 12))
    assert not christmas.contains(date(2025, 12, 22))
    assert not christmas.contains(date(2026, 1, 13))
    summer = {b.id: b for b in rules.blackouts}["summer"]
    assert summer.contains(date(2026, 7, 30))
    assert summer.contains(date(2026, 9, 2))
    assert not summer.contains(date(2026, 7, 29))
    assert not summer.contains(date(2026, 9, 3))


def test_christmas_publication_pause_S13() -> None:
    (pause,) = load_framework("ilacs").publication_pauses()
    assert (pause.start, pause.end) == ("12-21", "01-04")


def test_pre_election_hold_is_on_publication_not_fieldwork_S30() -> None:
    hold = {b.id: b for b in load_framework("ilacs").blackouts}["pre-election"]
    assert (hold.applies_to, hold.days) == ("publication", 28)


def test_covid_pauses_S8_S9_S13() -> None:
    """Short and standard inspections stopped until 27 Jun 2021 (the cycle with them); visits
    came back from autumn 2020, and stopped again in the November lockdown."""
    rules = load_framework("ilacs", version="2020-09")
    pauses = {b.id: b for b in rules.blackouts}
    assert pauses["lockdown-pause"].contains(date(2020, 11, 20))
    assert pauses["lockdown-pause"].inspections == ("focused-visit", "monitoring-visit")
    suspension = pauses["covid-suspension"]
    assert suspension.cycle_pause() == (date(2020, 3, 17), date(2021, 6, 27))
    assert suspension.inspections == ("short", "standard")
    assert {b.id for b in rules.fieldwork_blackouts("short")} >= {"covid-suspension"}
    assert "covid-suspension" not in {b.id for b in rules.fieldwork_blackouts("focused-visit")}
    assert pauses["covid-visits"].cycle_pause() is None


def test_default_task_template_covers_the_preparation_seed001() -> None:
    tasks = {t.id: t for t in load_framework("ilacs").inspection("short").tasks}
    assert tasks["coordination-team"].depends[0].on == "notification"
    assert tasks["prepare-annex-a"].due is not None
    assert tasks["prepare-annex-a"].due.after == "annex-a"
    assert {"prepare-case-files", "base-room", "it-access", "factual-accuracy-comments"} <= set(
        tasks
    )
    assert tasks["write-action-plan"].team == "leadership"
