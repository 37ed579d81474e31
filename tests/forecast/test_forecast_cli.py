"""The forecast and timescales commands, run as real subprocesses."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

from tests.conftest import ROOT, run_cli


def test_forecast_json_contract() -> None:
    result = run_cli(
        "forecast", "--last", "2024-03-11:short:good", "--on", "2024-06-03", "--format", "json"
    )
    assert result.returncode == 0, result.stderr
    data = json.loads(result.stdout)
    assert [item["activity"] for item in data["next"]] == ["ilacs:focused-visit", "ilacs:short"]
    for item in data["next"]:
        assert [date.fromisoformat(item[k]) for k in ("p10", "p25", "p50", "p75", "p90")]
    assert data["after_last"]["action_plan_working_days"] == 70


def test_forecast_table_repeats_last_and_names_the_source() -> None:
    result = run_cli(
        "forecast", "--last", "2023-01-16:standard:inadequate", "--last", "2023-07-12:monitoring-visit",
        "--on", "2023-08-01",
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    assert "ilacs:monitoring-visit" in result.stdout
    assert "ilacs:standard" in result.stdout
    assert "54af59b" in result.stdout


def test_forecast_from_a_scenario() -> None:
    scenario = ROOT / "scenarios" / "good-council-ilacs-short.toml"
    result = run_cli(
        "forecast", "--scenario", str(scenario), "--on", "2026-01-05", "--format", "json"
    )
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout)["history"] == ["2023-03-13:short:good"]


def test_forecast_bad_input_is_one_line() -> None:
    for args in (("--last", "2024-03-11:shrt:good"), ("--last", "2024-13-11:short:good"), ()):
        result = run_cli("forecast", *args)
        assert result.returncode == 2
        assert "Traceback" not in result.stderr
        assert len(result.stderr.strip().splitlines()) == 1
    assert "did you mean 'short'?" in run_cli("forecast", "--last", "2024-03-11:shrt:good").stderr


def test_timescales_simulate_with_options_and_whatif() -> None:
    result = run_cli(
        "timescales", "simulate", "--runs", "20", "--months", "6", "--capacity-per-week", "12",
        "--capacity-change", "2027-03-01:0.667", "--at", "2027-06-15", "--format", "json",
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    data = json.loads(result.stdout)
    assert data["base"]["deadline_working_days"] == 20
    base, cut = data["projection"]["base"]["--at"], data["projection"]["what-if"]["--at"]
    assert cut["backlog"] > base["backlog"]


def test_timescales_simulate_scenario_projects_at_the_forecast(tmp_path: Path) -> None:
    flow = tmp_path / "flow.toml"
    flow.write_text(
        '[flow]\ntimescale = "single-assessment"\nstart = 2027-01-04\narrivals_per_week = 30\n'
        "capacity_per_week = 34\nservers = 8\n",
        encoding="utf-8",
    )
    scenario = ROOT / "scenarios" / "good-council-ilacs-short.toml"
    result = run_cli("timescales", "simulate", str(scenario), "--flow", str(flow), "--runs", "10")
    assert result.returncode == 0, result.stderr
    assert "single-assessment: 45 working days" in result.stdout
    assert "Projection at inspection p50" in result.stdout


def test_timescales_bad_flow_file_names_file_and_key(tmp_path: Path) -> None:
    flow = tmp_path / "flow.toml"
    flow.write_text("[flow]\narrivals_per_wek = 3\n", encoding="utf-8")
    result = run_cli("timescales", "simulate", "--flow", str(flow))
    assert result.returncode == 2
    assert str(flow) in result.stderr
    assert "did you mean 'arrivals_per_week'?" in result.stderr
    flow.write_text("[flow]\nno_show = 1.5\n", encoding="utf-8")
    result = run_cli("timescales", "simulate", "--flow", str(flow))
    assert result.returncode == 2
    assert "flow.no_show: no_show must be a probability" in result.stderr
    assert "Traceback" not in result.stderr


def test_timescales_bad_option_is_one_line() -> None:
    result = run_cli("timescales", "simulate", "--capacity-change", "June:0.5")
    assert result.returncode == 2
    assert "DATE:FACTOR" in result.stderr


def test_forecast_area_send_scenario() -> None:
    scenario = ROOT / "scenarios" / "area-send.toml"
    result = run_cli(
        "forecast", "--scenario", str(scenario), "--on", "2024-01-08", "--format", "json"
    )
    assert result.returncode == 0, result.stderr
    data = json.loads(result.stdout)
    assert [item["activity"] for item in data["next"]] == ["area-send:full"]
    assert "after_last" not in data
