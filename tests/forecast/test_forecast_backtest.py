"""Backtests on the published inspections (S13), with the real numbers printed (-s or -rA)."""

from __future__ import annotations

import pytest

from inspection_sim.forecasting.backtest import Score, backtest_cycle, backtest_publication
from inspection_sim.forecasting.derive import read_inspections
from tests.forecast.forecast_support import CSV

INSPECTIONS = read_inspections(CSV)


@pytest.fixture(scope="module")
def calibrated() -> Score:
    score = backtest_cycle(INSPECTIONS, "calibrated")
    print(score.line())
    return score


@pytest.fixture(scope="module")
def framework() -> Score:
    score = backtest_cycle(INSPECTIONS, "framework")
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
    """Leave-one-council-out (the queue model refitted without the council): the 80% interval
    covers at least 75% and the 50% at least 45%; few censored councils are known misses."""
    assert calibrated.cover80 >= 0.75
    assert calibrated.cover50 >= 0.45
    assert calibrated.censored_misses80 <= 8


@pytest.mark.xfail(
    strict=True,
    reason="the data does not allow it: the queue model's leave-one-council-out 80% intervals "
    "cover 82% of the 78 pairs but are 15.4 months wide (median); residual spread after the "
    "judgement and anniversary is about +/-7 months (see the README)",
)
def test_issue_target_80_percent_cover_and_under_12_months(calibrated: Score) -> None:
    assert calibrated.cover80 >= 0.75
    assert calibrated.width80 < 12


def test_publication_backtest_uses_only_earlier_reports() -> None:
    score = backtest_publication(INSPECTIONS)
    print(score.line())
    assert score.n + score.skipped == len(INSPECTIONS)
    assert score.cover80 >= 0.75
    assert score.cover50 >= 0.45
    assert score.width80 <= 15
