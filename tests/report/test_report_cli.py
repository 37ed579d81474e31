"""``inspection-sim report`` run as a real subprocess, on shipped and hostile scenarios."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.conftest import run_cli
from tests.report.test_report_chromium import chromium, console_messages

SCENARIOS = Path(__file__).parents[2] / "scenarios"

HOSTILE_SCENARIO = """\
schema = 1
[council]
name = "<script>alert(1)</script> Borough"
[teams.coordination]
name = "<b onmouseover=alert(3)>Coordination</b>"
contacts = ["Ann \\"<i>\\" O'Neil & co"]
[inspection]
type = "ilacs:short"
notified = 2027-03-01
[[tasks.add]]
id = "xss-task"
name = "<script>alert(2)</script>"
team = "coordination"
duration = 1
depends = ["coordination-team"]
"""


def test_report_of_a_shipped_scenario(tmp_path: Path) -> None:
    out = tmp_path / "report.html"
    scenario = SCENARIOS / "ri-council-ilacs-standard.toml"
    result = run_cli("report", str(scenario), "--out", str(out), "--runs", "50")
    assert result.returncode == 0, result.stderr
    assert "wrote" in result.stdout
    page = out.read_text("utf-8")
    assert "Eastmoor County Council" in page
    assert "Brief the lead member and chief executive" in page  # the scenario's added task
    assert "Simulation: 50 replications, seed 11." in page
    assert "data:image/png;base64," in page
    # feasible as planned, and how likely that holds, said apart
    assert "<h3>Is the plan feasible?</h3>" in page
    assert "Yes: when every task takes exactly as long as planned" in page
    assert "<h3>How likely does it hold?</h3>" in page
    assert "every deadline was met in the same run in <b>" in page
    assert "The plan meets every framework deadline." not in page
    assert "UNVERIFIED (rules/data/assumptions.toml)" in page  # the assumptions, in words
    # a tornado chart, named as the planner reads the task
    assert 'alt="What drives Prepare the case files the inspectors select"' in page
    assert "Prepare the case files the inspectors select (Quality assurance and audit)" in page


def test_default_scenario_and_repeatable_output(tmp_path: Path) -> None:
    first, second = tmp_path / "a.html", tmp_path / "b.html"
    for out in (first, second):
        result = run_cli(
            "report", "--out", str(out), "--runs", "20", "--stamp", "2027-05-01T09:00Z"
        )
        assert result.returncode == 0, result.stderr
    assert first.read_bytes() == second.read_bytes()
    assert "Northbridge Borough Council" in first.read_text("utf-8")


def test_existing_file_is_kept_without_force(tmp_path: Path) -> None:
    out = tmp_path / "report.html"
    out.write_text("keep me", "utf-8")
    result = run_cli("report", "--out", str(out), "--runs", "0", "--no-plots")
    assert result.returncode == 2
    assert "refusing to overwrite" in result.stderr
    assert out.read_text("utf-8") == "keep me"
    result = run_cli("report", "--out", str(out), "--runs", "0", "--no-plots", "--force")
    assert result.returncode == 0, result.stderr


def test_bad_scenario_is_a_clean_error(tmp_path: Path) -> None:
    bad = tmp_path / "bad.toml"
    bad.write_text('schema = 1\n[council]\nname = 1\n[inspection]\ntype = "ilacs:short"\n', "utf-8")
    result = run_cli("report", str(bad), "--out", str(tmp_path / "r.html"))
    assert result.returncode == 2
    assert "Traceback" not in result.stderr
    assert "council.name" in result.stderr
    assert not (tmp_path / "r.html").exists()


@pytest.mark.slow
def test_hostile_scenario_shows_as_text_in_a_browser(tmp_path: Path) -> None:
    scenario = tmp_path / "hostile.toml"
    scenario.write_text(HOSTILE_SCENARIO, "utf-8")
    out = tmp_path / "hostile.html"
    result = run_cli("report", str(scenario), "--out", str(out), "--runs", "20")
    assert result.returncode == 0, result.stderr
    page = out.read_text("utf-8")
    assert "<script" not in page.lower()
    assert "onmouseover=alert" not in page.replace("onmouseover=alert(3)&gt;", "")
    dom = chromium(out, tmp_path, "--dump-dom")
    assert console_messages(dom.stderr) == []
    assert "&lt;script&gt;alert(1)&lt;/script&gt; Borough" in dom.stdout
    assert "&lt;script&gt;alert(2)&lt;/script&gt;" in dom.stdout
    assert "<script" not in dom.stdout.lower()
    assert "<b " not in dom.stdout


def test_sweep_heat_map_in_the_report(tmp_path: Path) -> None:
    out = tmp_path / "sweep.html"
    result = run_cli(
        "report", "--out", str(out), "--runs", "20", "--sweep-runs", "10", "--workers", "1"
    )
    assert result.returncode == 0, result.stderr
    page = out.read_text("utf-8")
    assert 'alt="Risk by notification week"' in page
    assert (
        "Sweep: 38 notification dates the rules give from 2027-01-11 to 2027-12-06, "
        "10 replications each." in page
    )
    assert "Left out: 12 calls the rules would not give (Christmas and New Year gap, " in page


def test_sweep_needs_a_window(tmp_path: Path) -> None:
    result = run_cli(
        "report",
        str(SCENARIOS / "focused-visit.toml"),
        "--out",
        str(tmp_path / "r.html"),
        "--runs",
        "0",
        "--sweep-runs",
        "5",
    )
    assert result.returncode == 2
    assert "inspection.window: a sweep needs the scenario's notification window" in result.stderr
