"""The report and its charts name tasks by their plain names: a rule id never reaches a title,
a label or a table a planner reads (only the JSON and CSV of the CLI keep ids)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from inspection_sim.report import render_report
from inspection_sim.report.plots import deadline_chart, risk_heatmap, tornado
from inspection_sim.scenario.loader import load_scenario
from inspection_sim.simulation import SimulationResult
from inspection_sim.workbench import report_scenario, simulate_scenario, sweep_scenario
from tests.simulate.test_sim_words import SHIPPED, ids_left, names_of

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


def test_the_charts_name_tasks_never_their_ids() -> None:
    scenario = load_scenario(SCENARIOS / "ri-council-ilacs-standard.toml")
    result = simulate_scenario(scenario, runs=400, seed=5)
    names = names_of(result)
    drawn = texts(deadline_chart(result), names)
    assert "Prepare the case files the inspectors select" in drawn
    driven = [name for name in result.deadline_names if result.main_drivers(name)]
    assert "prepare-case-files" in driven
    for name in driven:
        words = texts(tornado(result, name), names)
        title = words[0]
        assert title.startswith(f"What drives “{result.name_of(name)[:40]}")
        assert ids_left("\n".join(words), names) == set()
    sweep = sweep_scenario(scenario, runs=5, workers=1, first=None, last=None)
    labels = texts(risk_heatmap(sweep, names=names), names)
    assert "Prepare the case files the inspectors select" in labels
    assert ids_left("\n".join(labels + drawn), names) == set()
