"""The post-pause queue model: the censored (Tobit) fit (``tools/queue_fit.py``), the shipped
figures, bad files. Only the check against the published inspections needs the dataset."""

from __future__ import annotations

from datetime import date
from importlib import resources
from pathlib import Path

import numpy as np
import pytest

from inspection_sim.errors import RuleFileError
from inspection_sim.forecasting.calibration import DAYS_PER_MONTH, calibration, load_calibration
from inspection_sim.forecasting.cycle import forecast
from inspection_sim.forecasting.cycle_rules import cycle_rules
from inspection_sim.forecasting.queue_fit import Observation, fit_queue
from tools.derive import PublishedInspection, observations

SHIPPED = resources.files("inspection_sim.forecasting").joinpath("data", "calibration.toml")
TWO = ("good", "inadequate")


def _line(slope: float, sigma: float = 2.0, censor_at: float | None = None) -> list[Observation]:
    """Two judgements (levels 5 and -5) on anniversaries -10..20, censored where a + offset
    exceeds ``censor_at`` (the cut-off date in the same months)."""
    rng = np.random.default_rng(3)
    found = []
    for judgement, level in (("good", 5.0), ("inadequate", -5.0)):
        for a in np.linspace(-10, 20, 60):
            offset = level + slope * a + float(rng.normal(0, sigma))
            if censor_at is not None and a + offset > censor_at:
                found.append(Observation(float(a), judgement, censor_at - float(a), event=False))
            else:
                found.append(Observation(float(a), judgement, offset, event=True))
    return found


def test_without_censoring_the_fit_is_least_squares() -> None:
    data = _line(-0.4)
    fit = fit_queue(data, TWO)
    x = np.asarray(
        [[o.anniversary, o.judgement == "good", o.judgement == "inadequate"] for o in data]
    )
    y = np.asarray([o.offset for o in data])
    beta = np.linalg.lstsq(x.astype(float), y, rcond=None)[0]
    assert [fit.slope, fit.levels["good"], fit.levels["inadequate"]] == pytest.approx(beta.tolist())
    residual = y - x.astype(float) @ beta
    assert fit.sigma == pytest.approx(float(np.sqrt(np.mean(residual**2))))
    assert (fit.events, fit.censored) == (120, 0)


def test_censoring_is_corrected_not_ignored() -> None:
    """Councils still waiting at the cut-off are the slow ones: drop them and the good level and
    the spread come out too low; the censored fit recovers the fit on the uncensored truth."""
    truth = fit_queue(_line(-0.4), TWO)
    data = _line(-0.4, censor_at=4.0)
    assert sum(not o.event for o in data) >= 50
    corrected = fit_queue(data, TWO)
    naive = fit_queue([o for o in data if o.event], TWO)
    assert truth.levels["good"] - naive.levels["good"] > 0.8
    assert abs(corrected.levels["good"] - truth.levels["good"]) < 0.35
    assert abs(corrected.slope - truth.slope) < 0.05
    assert abs(corrected.sigma - truth.sigma) < abs(naive.sigma - truth.sigma)


def test_a_judgement_without_a_re_inspection_borrows_a_level() -> None:
    """Early in the queue: a judgement not yet re-inspected takes the level of one leading to the
    same next inspection (else the latest level); with no re-inspection at all, no fit."""
    data = [o for o in _line(-0.4) if o.judgement == "good"]
    fit = fit_queue(data, TWO, same_next={"good": "short", "inadequate": "short"})
    assert fit.borrowed == {"inadequate": "good"}
    assert fit.levels["inadequate"] == fit.levels["good"]
    with pytest.raises(ValueError, match="no re-inspection observed after any judgement"):
        fit_queue([o for o in data if not o.event], TWO)


def test_offsets_are_clamped_to_the_fitted_anniversaries() -> None:
    fit = fit_queue(_line(-0.4), TWO)
    low, high = fit.anniversaries
    assert (low, high) == (-10.0, 20.0)
    assert fit.offset(100.0, "good") == fit.offset(high, "good")
    assert fit.offset(-100.0, "good") == fit.offset(low, "good")
    assert fit.offset(0.0, "good") == fit.levels["good"]


def test_shipped_fit_covers_the_councils_whose_anniversary_the_pause_moved(
    inspections: list[PublishedInspection],
) -> None:
    """S13: 78 pairs plus 20 councils not re-inspected by the cut-off, all first seen pre-pause."""
    found = observations(inspections, cycle_rules(), date(2024, 7, 1))
    events = [o for _, o in found if o.event]
    assert len(events) == 78
    assert len(found) - len(events) == 20
    queue = calibration().queue
    assert (queue.pairs, queue.censored) == (78, 20)


def test_queue_mapping_is_monotone_and_orders_the_judgements() -> None:
    """The backlog: later anniversaries slipped less, but the actual date still moves later;
    inadequate councils came first, then requires improvement, then good."""
    queue = calibration().queue
    assert -1 < queue.slope < 0
    levels = queue.levels
    assert levels["inadequate"] < levels["requires-improvement"] < levels["good"]
    days = [date(2022, 1, 3), date(2023, 1, 2), date(2024, 1, 1), date(2025, 1, 6)]
    moved = [d.toordinal() + DAYS_PER_MONTH * queue.offset(d, "good") for d in days]
    assert moved == sorted(moved)


def test_pre_pause_history_uses_the_fitted_offset() -> None:
    result = forecast(["2019-06-17:standard:requires-improvement"], on=date(2019, 7, 29))
    standard = result.inspection()
    assert "queue model" in standard.basis
    assert date(2022, 6, 1) <= standard.onsite.quantile(50) <= date(2024, 6, 30)


def _write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "calibration.toml"
    path.write_text(text, encoding="utf-8")
    return path


def _replace_line(start: str, new: str) -> str:
    text = SHIPPED.read_text("utf-8")
    line = next(x for x in text.splitlines() if x.startswith(start))
    return text.replace(line, new)


def test_a_slope_that_would_send_dates_back_is_refused(tmp_path: Path) -> None:
    path = _write(tmp_path, _replace_line("slope = ", "slope = -1.5"))
    with pytest.raises(RuleFileError, match=r"queue\.slope: slope must be above -1"):
        load_calibration(path)


def test_a_spread_that_is_not_positive_is_refused(tmp_path: Path) -> None:
    path = _write(tmp_path, _replace_line("sigma = ", "sigma = 0"))
    with pytest.raises(RuleFileError, match=r"queue\.sigma: sigma must be positive"):
        load_calibration(path)


def test_an_unknown_queue_level_is_named(tmp_path: Path) -> None:
    text = SHIPPED.read_text("utf-8").replace("\ngood = ", "\ngoood = ")
    with pytest.raises(RuleFileError) as caught:
        load_calibration(_write(tmp_path, text))
    assert "queue.level.goood: unknown key" in str(caught.value)
    assert "did you mean 'good'?" in str(caught.value)
