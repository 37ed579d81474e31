"""The post-pause queue model: Kaplan-Meier, the Buckley-James fit, the shipped figures."""

from __future__ import annotations

from datetime import date
from importlib import resources
from pathlib import Path

import numpy as np
import pytest

from inspection_sim.errors import RuleFileError
from inspection_sim.forecasting.calibration import calibration, load_calibration
from inspection_sim.forecasting.cycle import forecast
from inspection_sim.forecasting.cycle_rules import cycle_rules
from inspection_sim.forecasting.derive import POOLS, observations, read_inspections
from inspection_sim.forecasting.history import JUDGEMENTS
from inspection_sim.forecasting.queue import (
    Observation,
    fit_queue,
    kaplan_meier,
    weighted_quantiles,
)
from tests.forecast.forecast_support import CSV

SHIPPED = resources.files("inspection_sim.forecasting").joinpath("data", "calibration.toml")


def test_kaplan_meier_matches_a_hand_computed_case() -> None:
    """Values 1, 2+, 3, 4+, 5 (+: censored): S drops by 1/5 at 1, by 4/5 x 1/3 at 3 (3 at risk),
    and by the rest, 4/5 x 2/3, at 5."""
    values = np.asarray([3.0, 1.0, 4.0, 2.0, 5.0])
    events = np.asarray([True, True, False, False, True])
    points, weights = kaplan_meier(values, events)
    assert points.tolist() == [1.0, 3.0, 5.0]
    assert weights.tolist() == pytest.approx([0.2, 0.8 / 3, 0.8 * 2 / 3])
    assert weights.sum() == pytest.approx(1.0)


def test_kaplan_meier_puts_the_censored_tail_on_the_largest_bound() -> None:
    points, weights = kaplan_meier(np.asarray([1.0, 2.0, 7.0]), np.asarray([True, False, False]))
    assert points.tolist() == [1.0, 7.0]
    assert weights.tolist() == pytest.approx([1 / 3, 2 / 3])


def test_weighted_quantiles_span_the_points() -> None:
    points, weights = np.asarray([0.0, 10.0]), np.asarray([0.5, 0.5])
    assert weighted_quantiles(points, weights, [0, 0.25, 0.5, 0.75, 1]) == [0, 0, 5, 10, 10]


def _line(slope: float, censor_at: float | None = None) -> list[Observation]:
    rng = np.random.default_rng(3)
    found = []
    for judgement, level in (("good", 5.0), ("inadequate", -5.0)):
        for a in np.linspace(-10, 20, 40):
            offset = level + slope * a + float(rng.normal(0, 2))
            if censor_at is not None and a + offset > censor_at:
                found.append(Observation(float(a), judgement, censor_at - float(a), event=False))
            else:
                found.append(Observation(float(a), judgement, offset, event=True))
    return found


def test_without_censoring_the_fit_is_least_squares() -> None:
    data = _line(-0.4)
    fit = fit_queue(data, ("good", "inadequate"), {"good": "a", "inadequate": "a"})
    x = np.asarray(
        [[o.anniversary, o.judgement == "good", o.judgement == "inadequate"] for o in data]
    )
    beta = np.linalg.lstsq(x.astype(float), np.asarray([o.offset for o in data]), rcond=None)[0]
    assert [fit.slope, fit.levels["good"], fit.levels["inadequate"]] == pytest.approx(beta.tolist())
    assert fit.counts == {"a": (80, 0)}


def test_censoring_is_corrected_not_ignored() -> None:
    """Drop the censored councils and the slope is biased down; Buckley-James recovers it."""
    data = _line(-0.4, censor_at=8.0)
    assert sum(not o.event for o in data) >= 20
    pools = {"good": "a", "inadequate": "a"}
    corrected = fit_queue(data, ("good", "inadequate"), pools)
    naive = fit_queue([o for o in data if o.event], ("good", "inadequate"), pools)
    assert abs(naive.slope + 0.4) > 0.03
    assert abs(corrected.slope + 0.4) < 0.03


def test_offsets_are_clamped_to_the_fitted_anniversaries() -> None:
    fit = fit_queue(_line(-0.4), ("good", "inadequate"), {"good": "a", "inadequate": "a"})
    low, high = fit.anniversaries
    assert (low, high) == (-10.0, 20.0)
    assert fit.offset(100.0, "good") == fit.offset(high, "good")
    assert fit.offset(-100.0, "good") == fit.offset(low, "good")


def test_shipped_fit_covers_the_councils_whose_anniversary_the_pause_moved() -> None:
    """S13: 78 pairs plus 20 councils not re-inspected by the cut-off, all first seen pre-pause."""
    found = observations(read_inspections(CSV), cycle_rules(), date(2024, 7, 1))
    events = [o for _, o in found if o.event]
    assert len(events) == 78
    assert len(found) - len(events) == 20
    queue = calibration().queue
    assert (queue.pairs, queue.censored) == (78, 20)
    assert set(POOLS) == set(JUDGEMENTS)


def test_queue_mapping_is_monotone_and_orders_the_judgements() -> None:
    """The backlog: later anniversaries slipped less, but the actual date still moves later;
    inadequate councils came first, then requires improvement, then good."""
    queue = calibration().queue
    assert -1 < queue.slope < 0
    levels = queue.levels
    assert levels["inadequate"] < levels["requires-improvement"] < levels["good"]
    days = [date(2022, 1, 3), date(2023, 1, 2), date(2024, 1, 1)]
    moved = [d.toordinal() + 30.44 * queue.offset(d, "good") for d in days]
    assert moved == sorted(moved)


def test_pre_pause_history_uses_the_fitted_offset() -> None:
    result = forecast(["2019-06-17:standard:requires-improvement"], on=date(2019, 7, 29))
    short = result.inspection()
    assert "queue model" in short.basis
    assert date(2022, 6, 1) <= short.onsite.quantile(50) <= date(2024, 6, 30)


def _write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "calibration.toml"
    path.write_text(text, encoding="utf-8")
    return path


def test_a_slope_that_would_send_dates_back_is_refused(tmp_path: Path) -> None:
    text = SHIPPED.read_text("utf-8")
    line = next(x for x in text.splitlines() if x.startswith("slope = "))
    with pytest.raises(RuleFileError, match=r"queue\.slope: slope must be above -1"):
        load_calibration(_write(tmp_path, text.replace(line, "slope = -1.5")))


def test_an_unknown_queue_level_is_named(tmp_path: Path) -> None:
    text = SHIPPED.read_text("utf-8").replace("\ngood = ", "\ngoood = ")
    with pytest.raises(RuleFileError) as caught:
        load_calibration(_write(tmp_path, text))
    assert "queue.level.goood: unknown key" in str(caught.value)
    assert "did you mean 'good'?" in str(caught.value)
