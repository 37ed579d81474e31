"""The shipped calibration figures: recomputed from the CSV (fails on drift; skipped without the
dataset), and bad files."""

from __future__ import annotations

from datetime import date
from importlib import resources
from pathlib import Path

import pytest

from inspection_sim.calendar import WorkingCalendar
from inspection_sim.errors import RuleFileError
from inspection_sim.forecasting.calibration import calibration, load_calibration
from inspection_sim.forecasting.cycle_rules import (
    CycleRules,
    build_cycle_rules,
    cycle_rules,
    keyed_version,
)
from inspection_sim.rules import Framework, load_framework
from inspection_sim.rules.registry import framework_from_text
from tools.derive import (
    PublishedInspection,
    bank_holiday_periods,
    derive_figures,
    render_toml,
    seasons,
)

SHIPPED = resources.files("inspection_sim.forecasting").joinpath("data", "calibration.toml")


def test_shipped_figures_match_a_fresh_derivation_from_the_csv(
    inspections: list[PublishedInspection],
) -> None:
    """S13: every figure in calibration.toml is recomputed from ilacs_inspections.csv."""
    fresh = render_toml(derive_figures(inspections))
    assert fresh == SHIPPED.read_text("utf-8"), (
        "calibration.toml drifted from the CSV; regenerate with "
        "python -m tools.derive ../shared/data/ilacs_inspections.csv"
    )


def test_figures_agree_with_the_published_analysis(inspections: list[PublishedInspection]) -> None:
    """RULES §3 (S13): publication lags, median 21 then 30 working days."""
    figures = derive_figures(inspections)
    assert figures["source"]["rows_used"] == 230
    median = figures["grid"].index(50)
    assert figures["publication"]["2021+"]["working_days"][median] == 30
    assert figures["publication"]["2018-2020"]["working_days"][median] == 21


def test_calibration_names_its_source() -> None:
    text = calibration().source_text()
    assert "ilacs_inspections.csv" in text
    assert "54af59b" in text
    assert "2026-08-22" in text


def test_the_rules_seasons_are_the_datasets(inspections: list[PublishedInspection]) -> None:
    """One fact, one place: the periods without fieldwork (and the Christmas publication pause)
    are rule data, which the forecast and plans both read; derived again from the dataset they
    agree, and no on-site period holds a bank holiday (the rules' bank-holiday weeks, S13)."""
    rules = load_framework("ilacs", version="2024-12")
    blackouts = {b.id: (b.start, b.end) for b in rules.blackouts}
    derived = seasons(inspections)
    assert derived == {name: blackouts[name] for name in derived}
    assert bank_holiday_periods(inspections, WorkingCalendar()) == 0
    assert "bank-holiday-weeks" in blackouts
    timing = cycle_rules().timing["short"]
    assert {b.id for b in timing.blackouts} >= {"summer", "christmas", "bank-holiday-weeks"}


def _write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "calibration.toml"
    path.write_text(text, encoding="utf-8")
    return path


def test_unknown_key_names_file_key_and_choices(tmp_path: Path) -> None:
    text = SHIPPED.read_text("utf-8").replace("[queue.level]", "[queue.levle]")
    path = _write(tmp_path, text)
    with pytest.raises(RuleFileError) as caught:
        load_calibration(path)
    message = str(caught.value)
    assert str(path) in message
    assert "queue.levle: unknown key" in message
    assert "did you mean 'level'?" in message


def test_decreasing_quantiles_are_refused(tmp_path: Path) -> None:
    text = SHIPPED.read_text("utf-8").replace(
        "working_days = [22.0, 26.0", "working_days = [37.0, 26.0"
    )
    with pytest.raises(
        RuleFileError, match=r'publication\."2021\+"\.working_days: quantiles must not'
    ):
        load_calibration(_write(tmp_path, text))


def test_a_bad_after_restart_table_is_refused(tmp_path: Path) -> None:
    text = SHIPPED.read_text("utf-8") + "\n[queue.after]\nlevel = 1.0\nsigma = 0\npairs = 0\n"
    with pytest.raises(RuleFileError) as caught:
        load_calibration(_write(tmp_path, text))
    keys = [p.key for p in caught.value.problems]
    assert keys == ["queue.after.sigma", "queue.after.pairs", "queue.after.censored"]


def test_every_problem_of_a_calibration_file_is_listed(tmp_path: Path) -> None:
    text = SHIPPED.read_text("utf-8").replace("n = 129", "n = -1")
    text = text.replace("sigma = ", "sigma = -").replace("[queue.level]", "[queue.levels]")
    with pytest.raises(RuleFileError) as caught:
        load_calibration(_write(tmp_path, text))
    keys = [p.key for p in caught.value.problems]
    assert keys == ['publication."2021+".n', "queue.levels", "queue.sigma", "queue.level"]


def test_cycle_rules_come_from_the_framework_rules() -> None:
    """S3, S4: 36 months +/- 6; S6: 70 working days; each read from the ILACS rule data."""
    rules = cycle_rules()
    ilacs = load_framework("ilacs", version="2024-12")
    short = next(rule for rule in ilacs.cycle if rule.next == "ilacs:short")
    assert (rules.anniversary_months, rules.window_months) == (36, 6)
    assert (short.interval, short.window_before, short.window_after) == (36, 6, 6)
    assert {"S3", "S4"} <= set(short.provenance.source)
    assert rules.action_plan_working_days == 70
    assert "S14" in rules.monitoring_visit.provenance.source
    assert rules.pauses[0].provenance.confidence.value == "H"


def test_the_forecast_reads_the_overall_judgement_rules() -> None:
    """The 2026-04 ILACS rules are keyed on the leaders' judgement; a history records the
    overall one, so the forecast reads the newest version keyed on it."""
    versions = [load_framework("ilacs", version=v) for v in ("2024-12", "2026-04")]
    assert keyed_version(versions, "ilacs").version == "2024-12"


def _send_draft(change: str) -> Framework:
    text = (
        '[meta]\nframework = "area-send"\nversion = "2099-01"\nextends = "2025-06"\n'
        'title = "draft"\neffective_from = 2099-01-01\nsource = ["S23"]\nconfidence = "L"\n'
        + change
    )
    return framework_from_text(text, name="draft.toml", framework="area-send", version="2099-01")


def _with_others(*others: Framework) -> CycleRules:
    ilacs = load_framework("ilacs", version="2024-12")
    return build_cycle_rules(ilacs, others, overdue_weeks=26, spread_weeks=4)


def test_cycle_rules_reject_an_unknown_outcome() -> None:
    draft = _send_draft('[cycle.outcome-2]\nwhen = ["outcome:inconsistant"]\n')
    with pytest.raises(RuleFileError) as caught:
        _with_others(draft)
    text = str(caught.value)
    assert "draft.toml: cycle.outcome-2.when[0]: unknown judgement" in text
    assert "did you mean 'outcome:inconsistent'?" in text


def test_cycle_rules_need_months() -> None:
    draft = _send_draft('[cycle.outcome-1]\nunit = "years"\ninterval = 5\nwindow_before = 2\n')
    with pytest.raises(RuleFileError, match=r"cycle\.outcome-1\.unit: the forecast needs months"):
        _with_others(draft)


def test_a_draft_with_the_same_windows_gives_the_same_forecast_rules() -> None:
    draft = _send_draft("")
    assert _with_others(draft, load_framework("hmip-yj")) == cycle_rules()


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
