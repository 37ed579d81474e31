"""The report and its charts name tasks and teams by their plain names: a rule id or a team key
never reaches a title, a label, a heading or a table a planner reads (only the JSON and CSV of
the CLI keep them)."""

from __future__ import annotations

import html
import re
from pathlib import Path

import pytest

from inspection_sim.report import render_report
from inspection_sim.report.plots import deadline_chart, risk_heatmap, tornado
from inspection_sim.scenario.loader import load_scenario
from inspection_sim.simulation import SimulationResult
from inspection_sim.workbench import report_scenario, simulate_scenario, sweep_scenario
from tests.simulate.test_sim_words import SHIPPED, ids_left, names_of, team_names_of, teams_left

SCENARIOS = Path(__file__).parents[2] / "scenarios"


def texts(figure: object, names: dict[str, str]) -> list[str]:
    """Every title, tick label and text drawn on a figure's axes, on one line; a label cut
    short ("…") to fit reads as the whole name it starts."""
    found = []
    for ax in figure.axes:  # type: ignore[attr-defined]
        found.append(ax.get_title())
        found += [t.get_text() for t in ax.get_yticklabels()]
        found += [t.get_text() for t in ax.texts]
    return [_whole(text.replace("\n", " "), names) for text in found]


def _whole(text: str, names: dict[str, str]) -> str:
    if not text.endswith("…"):
        return text
    start = text[:-1].rstrip()
    return next((name for name in names.values() if name.startswith(start)), text)


@pytest.mark.parametrize("path", SHIPPED, ids=lambda p: p.stem)
def test_the_page_names_tasks_never_their_ids(path: Path) -> None:
    scenario = load_scenario(path)
    timeline, inputs = report_scenario(scenario, runs=300, seed=5, plots=False)
    page = render_report(timeline, inputs)
    # the rules section quotes the scenario's overrides as its file writes them (rule keys)
    page = page.split("<h2>Rules used and their sources</h2>")[0]
    # the planner's warnings point into `rules show`, whose rules are keyed by id
    page = re.sub(r"<p>Warnings from the planner:</p><ul>.*?</ul>", "", page, flags=re.S)
    assert "How likely does it hold?" in page
    page = re.sub(r"<[^>]+>", "\n", page)  # the words, not the tags
    result = inputs.simulation
    assert isinstance(result, SimulationResult)
    assert ids_left(page, names_of(result)) == set()
    assert teams_left(page, team_names_of(result), names_of(result).values()) == set()
    for team in {task.team for task in timeline.tasks if task.team}:  # a calendar per team
        assert f"\n{html.escape(result.team_name(team))}\n" in page


def test_team_headings_name_teams_the_scenario_does_not_list() -> None:
    """The default scenario lists five teams; the rules give tasks to two more (facilities, IT),
    whose headings read as the rehearsal's calendars name them."""
    scenario = load_scenario(SCENARIOS / "good-council-ilacs-short.toml")
    timeline, inputs = report_scenario(scenario, runs=0, plots=False)
    page = render_report(timeline, inputs)
    headings = re.findall(r"<h3>([^<]*)</h3>", page.split("<h2>Team calendars</h2>")[1])
    assert "Performance and data team" in headings
    assert {"Facilities", "IT"} <= set(headings)
    assert not [h for h in headings if "(" in h]  # no "Name (key)"
    assert "<td>performance</td>" not in page
    assert "<td>Performance and data team</td>" in page  # the task table's team column


def test_the_charts_name_tasks_never_their_ids() -> None:
    scenario = load_scenario(SCENARIOS / "ri-council-ilacs-standard.toml")
    result = simulate_scenario(scenario, runs=400, seed=5)
    names = names_of(result)
    drawn = texts(deadline_chart(result), names)
    assert "Prepare the case files the inspectors select" in drawn
    driven = [name for name in result.deadline_names if result.main_drivers(name)]
    assert "prepare-case-files" in driven
    teams = team_names_of(result)
    for name in driven:
        words = texts(tornado(result, name), names)
        title = words[0]
        assert title.startswith(f"What drives “{result.name_of(name)[:40]}")
        assert ids_left("\n".join(words), names) == set()
        assert teams_left("\n".join(words), teams, names.values()) == set()
    labels = texts(tornado(result, "prepare-case-files"), names)
    owner = result.team_of("prepare-case-files")
    assert any(label.endswith(f"({result.team_name(owner)})") for label in labels)
    sweep = sweep_scenario(scenario, runs=5, workers=1, first=None, last=None)
    labels = texts(risk_heatmap(sweep, names=names), names)
    assert "Prepare the case files the inspectors select" in labels
    assert ids_left("\n".join(labels + drawn), names) == set()


@pytest.mark.parametrize("path", SHIPPED, ids=lambda p: p.stem)
def test_the_page_and_its_charts_name_the_inspection_never_its_rule_id(path: Path) -> None:
    from inspection_sim.plan.timeline import inspection_name
    from inspection_sim.report.plots import gantt

    scenario = load_scenario(path)
    timeline, inputs = report_scenario(scenario, runs=20, seed=5, plots=False)
    name = inspection_name(timeline)
    assert name != timeline.inspection
    head = render_report(timeline, inputs).split("</h1>")[0]
    assert f"{html.escape(scenario.council.name)}: {html.escape(name)} rehearsal plan" in head
    assert scenario.inspection.type not in head
    title = gantt(timeline).axes[0].get_title()
    assert title.startswith(f"{name}: notified ")


def test_the_report_command_names_the_inspection(cli, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    done = cli("report", "--runs", "10", "--no-plots", "--out", str(tmp_path / "r.html"))
    assert done.returncode == 0, done.stderr
    assert "ILACS short inspection" in done.stdout
    assert "ilacs:short" not in done.stdout
