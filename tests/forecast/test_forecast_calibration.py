"""The shipped calibration figures: recomputed from the CSV (fails on drift; skipped without the
dataset), and bad files."""

from __future__ import annotations

from datetime import date
from importlib import resources
from pathlib import Path

import pytest

from inspection_sim.errors import InspectionSimError, RuleFileError
from inspection_sim.forecasting.calibration import calibration, load_calibration
from inspection_sim.forecasting.cycle_rules import cycle_rules, load_cycle_rules
from tools.derive import Inspection, derive_figures, render_toml

SHIPPED = resources.files("inspection_sim.forecasting").joinpath("data", "calibration.toml")


def test_shipped_figures_match_a_fresh_derivation_from_the_csv(
    inspections: list[Inspection],
) -> None:
    """S13: every figure in calibration.toml is recomputed from ilacs_inspections.csv."""
    fresh = render_toml(derive_figures(inspections))
    assert fresh == SHIPPED.read_text("utf-8"), (
        "calibration.toml drifted from the CSV; regenerate with "
        "python -m tools.derive ../shared/data/ilacs_inspections.csv"
    )


def test_figures_agree_with_the_published_analysis(inspections: list[Inspection]) -> None:
    """RULES §10 and §3 (S13): no August or Christmas fieldwork, no bank-holiday weeks, lags."""
    figures = derive_figures(inspections)
    assert figures["source"]["rows_used"] == 230
    assert figures["no_fieldwork"]["summer"]["latest_end_before"] == "07-29"
    assert figures["no_fieldwork"]["summer"]["earliest_start_after"] == "09-03"
    assert figures["no_fieldwork"]["christmas"]["latest_end_before"] == "12-22"
    assert figures["no_fieldwork"]["bank_holidays"]["onsite_periods_with_bank_holiday"] == 0
    median = figures["grid"].index(50)
    assert figures["publication"]["2021+"]["working_days"][median] == 30
    assert figures["publication"]["2018-2020"]["working_days"][median] == 21


def test_calibration_names_its_source() -> None:
    text = calibration().source_text()
    assert "ilacs_inspections.csv" in text
    assert "54af59b" in text
    assert "2026-08-22" in text


def test_no_fieldwork_periods_wrap_over_new_year() -> None:
    calib = calibration()
    assert calib.in_no_fieldwork(date(2025, 8, 15))
    assert calib.in_no_fieldwork(date(2025, 12, 29))
    assert calib.in_no_fieldwork(date(2026, 1, 5))
    assert not calib.in_no_fieldwork(date(2025, 12, 22))
    assert not calib.in_no_fieldwork(date(2025, 9, 3))


def _write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "calibration.toml"
    path.write_text(text, encoding="utf-8")
    return path


def test_unknown_key_names_file_key_and_choices(tmp_path: Path) -> None:
    text = SHIPPED.read_text("utf-8").replace("[no_fieldwork.summer]", "[no_fieldwork.sumer]")
    path = _write(tmp_path, text)
    with pytest.raises(RuleFileError) as caught:
        load_calibration(path)
    message = str(caught.value)
    assert str(path) in message
    assert "no_fieldwork.sumer: unknown key" in message
    assert "did you mean 'summer'?" in message


def test_decreasing_quantiles_are_refused(tmp_path: Path) -> None:
    text = SHIPPED.read_text("utf-8").replace(
        "working_days = [27.0, 30.0", "working_days = [37.0, 30.0"
    )
    with pytest.raises(
        RuleFileError, match=r"publication\.2021\+\.working_days: quantiles must not"
    ):
        load_calibration(_write(tmp_path, text))


def test_bad_month_day_is_refused(tmp_path: Path) -> None:
    text = SHIPPED.read_text("utf-8").replace('from = "07-30"', 'from = "07-32"')
    with pytest.raises(RuleFileError, match=r"no_fieldwork\.summer\.from: expected a month-day"):
        load_calibration(_write(tmp_path, text))


def test_cycle_rules_reject_a_bad_weekday(tmp_path: Path) -> None:
    shipped = (
        resources.files("inspection_sim.forecasting")
        .joinpath("data", "cycle.toml")
        .read_text("utf-8")
    )
    path = tmp_path / "cycle.toml"
    path.write_text(shipped.replace('value = "Wed"', 'value = "Wedn"'), encoding="utf-8")
    with pytest.raises(InspectionSimError) as caught:
        load_cycle_rules(path)
    assert "ilacs.monitoring-visit.onsite_weekday" in str(caught.value)


def test_cycle_rules_carry_sources() -> None:
    """S3, S4: 36 months +/- 6; S6: 70 working days."""
    rules = cycle_rules()
    assert rules.anniversary_months == 36
    assert rules.window_months == 6
    assert rules.action_plan_working_days == 70
    assert "S6" in rules.sources["action_plan_working_days"].source


def test_anniversary_stops_the_clock_during_the_pause() -> None:
    rules = cycle_rules()
    assert rules.anniversary(date(2022, 5, 9)) == date(2025, 5, 9)
    pause = rules.pauses[0]
    length = (pause.end - pause.start).days + 1
    assert (
        rules.anniversary(date(2019, 5, 13)).toordinal() == date(2022, 5, 13).toordinal() + length
    )
    # started during the pause: only the part after the start counts
    inside = date(2021, 1, 4)
    assert (rules.anniversary(inside) - date(2024, 1, 4)).days == (pause.end - inside).days + 1


def test_cycle_rules_reject_an_unknown_outcome(tmp_path: Path) -> None:
    shipped = (
        resources.files("inspection_sim.forecasting")
        .joinpath("data", "cycle.toml")
        .read_text("utf-8")
    )
    path = tmp_path / "cycle.toml"
    path.write_text(
        shipped.replace('after = ["inconsistent"]', 'after = ["inconsistant"]'), encoding="utf-8"
    )
    with pytest.raises(RuleFileError) as caught:
        load_cycle_rules(path)
    text = str(caught.value)
    assert "area-send.next[1].after: unknown judgement" in text
    assert "did you mean 'inconsistent'?" in text
