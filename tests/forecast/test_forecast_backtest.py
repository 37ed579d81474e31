"""Backtests on the published inspections (S13), with the real numbers printed (-s or -rA).

The backtests are maintainer tools (``tools/backtest.py``); every test here needs the dataset and
skips without it.
"""

from __future__ import annotations

from datetime import date

import pytest

from inspection_sim.calendar import WorkingCalendar
from inspection_sim.forecasting.calibration import calibration
from tools.backtest import Score, backtest_cycle, backtest_cycle_as_of, backtest_publication
from tools.derive import Inspection


@pytest.fixture(scope="module")
def calibrated(inspections: list[Inspection]) -> Score:
    score = backtest_cycle(inspections, "calibrated")
    print(score.line())
    return score


@pytest.fixture(scope="module")
def framework(inspections: list[Inspection]) -> Score:
    score = backtest_cycle(inspections, "framework")
    print(score.line())
    return score


def test_every_pair_is_scored(calibrated: Score) -> None:
    assert calibrated.n == 78
    assert calibrated.censored > 0


def test_calibrated_beats_the_bare_framework_window(calibrated: Score, framework: Score) -> None:
    """The pairs straddle the COVID pause; the rule window alone covers less than half."""
    assert framework.cover80 < 0.5
    assert calibrated.cover80 > framework.cover80 + 0.2
    assert calibrated.cover50 > framework.cover50
    assert calibrated.censored_misses80 < framework.censored_misses80


def test_calibrated_intervals_are_calibrated(calibrated: Score) -> None:
    """Leave-one-council-out (the queue model refitted without the council, whether a pair or a
    council still waiting): the 80% interval covers at least 75%, the 50% at least 45%, and few
    councils still waiting at the cut-off are known misses."""
    assert calibrated.cover80 >= 0.75
    assert calibrated.cover50 >= 0.45
    assert calibrated.censored_misses80 <= 5


@pytest.mark.xfail(
    strict=True,
    reason="the data does not allow it: forecast as of the first report's publication, the queue "
    "model's leave-one-council-out 80% intervals cover 82% of the 78 pairs but are 17.2 months "
    "wide (median); the residual sd after judgement and anniversary is 6.8 months (README)",
)
def test_issue_target_80_percent_cover_and_under_12_months(calibrated: Score) -> None:
    assert calibrated.cover80 >= 0.75
    assert calibrated.width80 < 12


@pytest.mark.parametrize("as_of", [date(2023, 7, 1), date(2024, 1, 1)])
def test_out_of_time_from_inside_the_queue(as_of: date, inspections: list[Inspection]) -> None:
    """Fitted only on inspections that started before ``as_of`` (councils not yet re-inspected
    censored there), forecasting every council still waiting on ``as_of``: the 80% interval
    covers at least 75% of real next starts and is narrower than 12 months."""
    score = backtest_cycle_as_of(inspections, as_of)
    print(score.line())
    assert score.n >= 20
    assert score.cover80 >= 0.75
    assert score.width80 < 12
    assert score.censored_misses80 <= 2


def test_out_of_time_with_reports_not_yet_published(inspections: list[Inspection]) -> None:
    """As of 1 Jul 2023 but fitted only on starts 48 working days earlier (the 95th percentile of
    the publication lag from 2021, so nearly every report of them was out): the target holds."""
    lag = calibration().publication["2021+"]
    p95 = lag.values[lag.levels.index(0.95)]
    as_of = date(2023, 7, 1)
    known = WorkingCalendar().add_working_days(as_of, -round(p95))
    score = backtest_cycle_as_of(inspections, as_of, known_until=known)
    print(score.line())
    assert known < as_of
    assert score.n == backtest_cycle_as_of(inspections, as_of).n
    assert score.cover80 >= 0.75
    assert score.width80 < 12


def test_out_of_time_needs_a_re_inspection_after_every_judgement(
    inspections: list[Inspection],
) -> None:
    """By 2023 no council judged good before the pause had been re-inspected: no fit."""
    with pytest.raises(ValueError, match="no re-inspection observed after 'good'"):
        backtest_cycle_as_of(inspections, date(2023, 1, 1))


def test_publication_backtest_uses_only_earlier_reports(inspections: list[Inspection]) -> None:
    score = backtest_publication(inspections)
    print(score.line())
    assert score.n + score.skipped == len(inspections)
    assert score.cover80 >= 0.75
    assert score.cover50 >= 0.45
    assert score.width80 <= 15
