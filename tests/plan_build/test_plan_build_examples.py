"""Worked examples, checked by hand against the rules (each names its source)."""

from __future__ import annotations

from datetime import date, datetime

import pytest

from inspection_sim.errors import StrictModeError
from inspection_sim.plan.build import plan
from inspection_sim.plan.network import TaskKind
from inspection_sim.rules import inspection


def by_id(timeline: object) -> dict[str, object]:
    return {t.id: t for t in timeline.tasks}  # type: ignore[attr-defined]


def test_ilacs_short_notified_monday_2_march_2026_fieldwork_9_to_13_march_S3() -> None:
    timeline = plan("ilacs:short", notified=date(2026, 3, 2))
    assert (timeline.fieldwork.start, timeline.fieldwork.end) == (
        date(2026, 3, 9),
        date(2026, 3, 13),
    )
    assert len(timeline.fieldwork.days) == 5
    assert timeline.notification.isoformat() == "2026-03-02T09:30:00+00:00"
    assert timeline.version == "2024-12"  # in force on 2 Mar 2026
    assert timeline.warnings == ()
    tasks = by_id(timeline)
    assert tasks["annex-a"].start == date(2026, 3, 3)  # day +1 (seed 001)
    assert tasks["documents"].start == date(2026, 3, 4)  # day +2
    assert tasks["kit"].start == date(2026, 3, 9)
    assert tasks["kit"].end == date(2026, 3, 13)
    assert tasks["final-feedback"].start == date(2026, 3, 13)
    # Publication 30 working days after 13 Mar (S13) falls after the Easter bank holidays.
    assert tasks["publication"].start == date(2026, 4, 28)
    assert tasks["factual-accuracy"].start == date(2026, 4, 17)
    assert tasks["action-plan"].start == date(2026, 8, 6)  # 70 working days after publication


def test_standard_notified_in_a_week_whose_monday_is_a_bank_holiday_S13() -> None:
    """Spring bank holiday Mon 25 May 2026: the call comes on Tuesday; on site Mon 1 June, with
    4 working days' notice: a warning saying what the rule data assumes (an error if strict)."""
    for notified in (date(2026, 5, 25), date(2026, 5, 26)):
        timeline = plan("ilacs:standard", notified=notified)
        assert timeline.notification.date() == date(2026, 5, 26)
        assert (timeline.fieldwork.start, timeline.fieldwork.end) == (
            date(2026, 6, 1),
            date(2026, 6, 12),
        )
        (warning,) = timeline.warnings
        assert "a bank holiday changes the notice: Mon 2026-05-25 Spring Bank Holiday" in warning
        assert "4 working days' notice, not the usual 5" in warning
        assert "if_not_working_day: next-working-day-keep-onsite, UNVERIFIED" in warning
        assert "notified Mon 2026-06-01 -> on site Mon 2026-06-08" in warning
        assert by_id(timeline)["annex-a"].start == date(2026, 5, 27)  # day +1 from the call
        with pytest.raises(StrictModeError, match="a bank holiday changes the notice"):
            plan("ilacs:standard", notified=notified, strict=True)


def test_jtai_notified_on_a_tuesday_fieldwork_on_the_monday_of_week_3_S16_S17() -> None:
    timeline = plan("jtai:front-door", notified=date(2026, 3, 3))
    assert timeline.notification.weekday() == 1
    assert (timeline.fieldwork.start, timeline.fieldwork.end) == (
        date(2026, 3, 16),
        date(2026, 3, 20),
    )
    assert by_id(timeline)["multi-agency-audit"].start == date(2026, 3, 13)


def test_small_youth_justice_inspection_mon_thu_fieldwork_seed000() -> None:
    timeline = plan("hmip-yj:small", notified=date(2026, 3, 6))
    assert timeline.notification.weekday() == 4
    assert timeline.fieldwork.days == (
        date(2026, 3, 23),
        date(2026, 3, 24),
        date(2026, 3, 25),
        date(2026, 3, 26),
    )


def test_focused_visit_two_days_after_five_working_days_notice_seed002() -> None:
    timeline = plan("ilacs:focused-visit", notified=date(2026, 3, 4))
    assert timeline.fieldwork.days == (date(2026, 3, 11), date(2026, 3, 12))
    assert by_id(timeline)["child-level-data"].start == date(2026, 3, 5)


def test_interim_focused_visit_2020_tuesday_teleconference_seed000() -> None:
    timeline = plan("ilacs:focused-visit", notified=date(2020, 10, 13))
    assert timeline.version == "2020-09"
    tele = by_id(timeline)["teleconference"]
    assert tele.start == date(2020, 10, 13)
    assert tele.time_of_day is not None
    assert tele.time_of_day.hour == 14


def test_monitoring_visit_wednesday_and_thursday_seed003() -> None:
    timeline = plan("ilacs:monitoring-visit", notified=date(2026, 3, 2))
    assert timeline.fieldwork.days == (date(2026, 3, 11), date(2026, 3, 12))
    assert by_id(timeline)["publication"].start == date(2026, 4, 17)  # 24 working days


def test_area_send_full_three_week_envelope_S24_S25() -> None:
    timeline = plan("area-send:full", notified=date(2026, 3, 2))
    assert (timeline.fieldwork.start, timeline.fieldwork.end) == (
        date(2026, 3, 16),
        date(2026, 3, 20),
    )
    phase = by_id(timeline)["data-and-tracking"]
    assert (phase.start, phase.end) == (date(2026, 3, 2), date(2026, 3, 13))
    assert phase.kind is TaskKind.OFFSITE


def test_backward_from_an_onsite_start_gives_the_call() -> None:
    timeline = plan("ilacs:short", onsite=date(2026, 3, 9))
    assert timeline.notification == datetime.fromisoformat("2026-03-02T09:30:00+00:00")
    assert plan("ilacs:short", onsite=date(2026, 6, 1)).notification.date() == date(2026, 5, 26)


def test_a_summer_onsite_date_is_ilacs_2026_and_the_bst_offset_is_kept() -> None:
    timeline = plan("ilacs:short", notified=date(2026, 6, 8))
    assert timeline.version == "2026-04"
    assert timeline.notification.isoformat() == "2026-06-08T09:30:00+01:00"


@pytest.mark.parametrize(
    ("address", "notified"),
    [
        ("ilacs:short", date(2026, 3, 2)),
        ("ilacs:standard", date(2026, 3, 2)),
        ("ilacs:focused-visit", date(2026, 3, 3)),
        ("ilacs:monitoring-visit", date(2026, 3, 2)),
        ("jtai:front-door", date(2026, 3, 3)),
        ("jtai:thematic", date(2026, 3, 3)),
        ("area-send:full", date(2026, 3, 2)),
        ("area-send:monitoring", date(2026, 3, 2)),
        ("hmip-yj:single", date(2026, 3, 6)),
        ("hmip-yj:joint", date(2026, 2, 20)),  # 6 Mar would run into Easter
        ("hmip-yj:small", date(2026, 3, 6)),
    ],
)
def test_every_type_plans_without_warnings_or_risks(address: str, notified: date) -> None:
    """No warning about the anchor; types whose notice or publication rests on UNVERIFIED rules
    say so in one note, which names them."""
    timeline = plan(address, notified=notified)
    item = inspection(address, on=notified)
    notes = [w for w in timeline.warnings if "rest on UNVERIFIED rules" in w]
    assert len(notes) == len(timeline.warnings)
    relies = {"weekday", "rule", "weeks_after", "working_days"} & {
        *item.notification.provenance.unverified,
        *item.onsite.provenance.unverified,
    }
    assert bool(notes) == bool(
        relies
        or "days" in item.fieldwork.provenance.unverified
        or any("publication" in s.id and s.provenance.unverified for s in item.post)
    )
    assert timeline.risks == ()
    assert all(t.start >= timeline.notification.date() for t in timeline.tasks)
    council = [t for t in timeline.tasks if not t.framework]
    assert council
    assert all(t.deadline is None or t.end <= t.deadline for t in council)
