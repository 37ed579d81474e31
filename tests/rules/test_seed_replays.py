"""Seed replays: each inspection the seeds describe, planned from its real on-site date, gives
the call, fieldwork days, letters, publication and action-plan dates they record.

Dates the seeds do not give come from the published dataset (S13) where it holds the same
inspection, or from a source named beside the case. A mismatch is written down as a known
difference with its reason (``KNOWN``), never silently passed.
"""

from __future__ import annotations

from datetime import date

import pytest

from inspection_sim import plan
from inspection_sim.plan.timeline import Timeline
from inspection_sim.rules import inspection


def dates(timeline: Timeline) -> dict[str, date]:
    return {t.id: t.start for t in timeline.tasks}


def test_seed000_bolton_short_2023_S13() -> None:
    """Bolton (seed 000's council), short inspection on site Mon 11 - Fri 15 Sep 2023, report
    published 27 Oct 2023 (S13): call Monday 4 Sep, publication 30 working days after."""
    timeline = plan("ilacs:short", onsite=date(2023, 9, 11))
    assert timeline.notification.date() == date(2023, 9, 4)
    assert timeline.fieldwork.days == tuple(date(2023, 9, d) for d in range(11, 16))
    assert dates(timeline)["publication"] == date(2023, 10, 27)
    assert timeline.warnings == ()


def test_seed000_interim_focused_visit_2020_tuesday_call_teleconference_data_next_day() -> None:
    """Seed 000: the autumn-2020 interim focused visit is notified on a Tuesday, with a
    teleconference that afternoon and child-level data the day after."""
    timeline = plan("ilacs:focused-visit", notified=date(2020, 10, 13))
    got = dates(timeline)
    assert timeline.notification.date().weekday() == 1
    assert got["teleconference"] == date(2020, 10, 13)
    assert got["child-level-data"] == date(2020, 10, 14)


def test_seed001_short_inspection_2024_with_the_christmas_publication_pause() -> None:
    """Seed 001's council: DCS called on a Monday, data Tue/Wed, on site the next Monday for a
    week. Its inspection (on site 11-15 Nov 2024) was published 13 Jan 2025; 30 working days on
    the publication clock (21 Dec - 4 Jan do not count) give Fri 10 Jan 2025.

    KNOWN: one working day early (10 Jan against 13 Jan): the median lag is a median; the data's
    lags across Christmas run from 30 to 42 working days (S13)."""
    timeline = plan("ilacs:short", onsite=date(2024, 11, 11))
    got = dates(timeline)
    assert timeline.notification.date() == date(2024, 11, 4)
    assert (got["annex-a"], got["documents"]) == (date(2024, 11, 5), date(2024, 11, 6))
    assert timeline.fieldwork.days == tuple(date(2024, 11, d) for d in range(11, 16))
    assert got["publication"] == date(2025, 1, 10)
    without_pause = date(2024, 12, 31)  # what the rules gave before the pause was a rule
    assert got["publication"] > without_pause


def test_seed002_halton_standard_2020_S13() -> None:
    """Halton (seed 002): standard inspection on site 2-13 Mar 2020, published 15 Apr 2020 (S13):
    5 working days' notice, two weeks on site, 21 working days to publication (2018-20)."""
    timeline = plan("ilacs:standard", onsite=date(2020, 3, 2))
    assert timeline.notification.date() == date(2020, 2, 24)
    assert (timeline.fieldwork.start, timeline.fieldwork.end) == (
        date(2020, 3, 2),
        date(2020, 3, 13),
    )
    assert len(timeline.fieldwork.days) == 10
    assert dates(timeline)["publication"] == date(2020, 4, 15)


def test_seed003_bradford_standard_2018_S13() -> None:
    """Bradford (seed 003): the inadequate standard inspection on site 17-28 Sep 2018, report
    published 29 Oct 2018 (S13)."""
    timeline = plan("ilacs:standard", onsite=date(2018, 9, 17))
    assert timeline.fieldwork.end == date(2018, 9, 28)
    assert dates(timeline)["publication"] == date(2018, 10, 29)


def test_seed003_bradford_first_monitoring_visit_2019() -> None:
    """Seed 003: visit Wed 6 - Thu 7 Mar 2019, draft letter received 14 Mar, findings available
    from 29 Mar, and this first letter is not published.

    KNOWN: the call (Mon 25 Feb) rests on an assumed notice (UNVERIFIED: the seed gives none),
    which the plan says in its note."""
    timeline = plan("ilacs:monitoring-visit", onsite=date(2019, 3, 6))
    got = dates(timeline)
    assert timeline.fieldwork.days == (date(2019, 3, 6), date(2019, 3, 7))
    assert got["draft-letter"] == date(2019, 3, 14)
    assert got["final-letter"] == date(2019, 3, 29)
    rules = {s.id: s for s in inspection("ilacs:monitoring-visit", on=date(2019, 3, 6)).post}
    assert rules["publication"].condition.startswith("not the first monitoring visit")
    assert any("UNVERIFIED" in w for w in timeline.warnings)


def test_seed003_action_plan_70_working_days_from_receiving_the_report() -> None:
    """Seed 003: 'an action plan prepared by the local authority within 70 days of receiving the
    report': 70 working days (S6) from the report's receipt (taken as publication, UNVERIFIED)."""
    got = dates(plan("ilacs:standard", onsite=date(2018, 9, 17)))
    assert got["report-received"] == got["publication"] == date(2018, 10, 29)
    assert got["action-plan"] == date(2019, 2, 7)  # the first visit came 6-7 Mar (seed 003)


def test_seed004_rotherham_focused_visit_thursday_friday_2019() -> None:
    """Seed 004: the focused visit was on site Thu 21 - Fri 22 Mar 2019. Planned from that date
    the fieldwork is those two days and the call Thu 14 Mar (5 working days' notice, seed 002).

    KNOWN: the rules' call weekday is Tuesday (UNVERIFIED; on-site days vary, S43), so the plan
    warns that this call is not on the rule's weekday and names the nearest Tuesday plans."""
    timeline = plan("ilacs:focused-visit", onsite=date(2019, 3, 21))
    assert timeline.fieldwork.days == (date(2019, 3, 21), date(2019, 3, 22))
    assert timeline.notification.date() == date(2019, 3, 14)
    assert "not on the rule's weekday (Tue)" in timeline.warnings[0]
    assert "notified Tue 2019-03-12 -> on site Tue 2019-03-19" in timeline.warnings[0]


def test_haringey_jtai_2017_S17() -> None:
    """S17 (the 2016-2020 JTAI, seed 000's four inspectorates): notified Tue 21 Nov 2017, on site
    Mon 4 - Fri 8 Dec 2017, letter published 30 Jan 2018, action plan due 11 May 2018."""
    timeline = plan("jtai:thematic", notified=date(2017, 11, 21))
    got = dates(timeline)
    assert timeline.version == "2016-02"
    assert timeline.fieldwork.days == tuple(date(2017, 12, d) for d in range(4, 9))
    assert got["publication"] == date(2018, 1, 30)
    assert got["action-plan"] == date(2018, 5, 11)


@pytest.mark.parametrize(
    ("onsite", "reason"),
    [
        (date(2020, 10, 12), "COVID-19: short and standard inspections suspended"),
        (date(2021, 2, 8), "COVID-19: short and standard inspections suspended"),
    ],
)
def test_short_inspections_in_the_pause_warn_S13(onsite: date, reason: str) -> None:
    """No short or standard inspection started between 10 Mar 2020 and 27 Jun 2021 (S13)."""
    assert reason in " ".join(plan("ilacs:short", onsite=onsite).warnings)


def test_youth_justice_in_autumn_2020_warns_S39_S40() -> None:
    """HMI Probation: no usual youth offending service inspections until 2021 (S39, S40)."""
    text = " ".join(plan("hmip-yj:single", onsite=date(2020, 10, 5)).warnings)
    assert "youth offending service inspections suspended" in text
