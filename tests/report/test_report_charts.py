"""The report's charts: a timeline's Gantt chart, a simulation's chance per deadline and a
sweep's risk heat map (model objects hold no charts; report/ draws them)."""

from __future__ import annotations

from datetime import date

import pytest
from matplotlib.colors import to_hex

import inspection_sim
from inspection_sim.errors import ArgumentTypeError
from inspection_sim.report.plots import CRITICAL, deadline_chart, gantt, risk_heatmap, to_png
from inspection_sim.workbench import plan_scenario, simulate_scenario, sweep_scenario


@pytest.fixture(scope="module")
def scenario() -> inspection_sim.Scenario:
    return inspection_sim.default_scenario()


def test_the_gantt_chart_of_a_timeline(scenario: inspection_sim.Scenario) -> None:
    timeline = plan_scenario(scenario)
    ax = gantt(timeline).axes[0]
    labels = [t.get_text() for t in ax.get_yticklabels()]
    assert len(labels) == len(timeline.tasks)
    bars = [to_hex(p.get_facecolor()) for p in ax.patches if p.get_height() == pytest.approx(0.6)]
    assert bars.count(CRITICAL) == sum(t.critical and not t.is_milestone for t in timeline.tasks)


def test_the_deadline_chart_shows_each_deadline_riskiest_first(
    scenario: inspection_sim.Scenario,
) -> None:
    result = simulate_scenario(scenario, runs=200, seed=3)
    chances = result.p_met()
    ax = deadline_chart(result).axes[0]
    labels = [t.get_text() for t in ax.get_yticklabels()]
    assert len(labels) == len(chances)
    widths = [p.get_width() for p in ax.patches]
    assert widths == sorted(widths)  # the riskiest deadline is on top
    assert sorted(widths) == pytest.approx(sorted(chances.values()))
    assert to_png(deadline_chart(result)) == to_png(deadline_chart(result))


def test_the_risk_heat_map_of_a_sweep(scenario: inspection_sim.Scenario) -> None:
    sweep = sweep_scenario(
        scenario, first=date(2027, 1, 4), last=date(2027, 2, 26), runs=20, seed=1
    )
    figure = risk_heatmap(sweep)
    ax = figure.axes[0]
    assert ax.get_title() == "Risk by notification week"
    assert len(ax.get_images()) == 1


def test_deadline_chart_needs_a_deadline(scenario: inspection_sim.Scenario) -> None:
    class NoDeadlines:
        runs = 1

        def p_met(self) -> dict[str, float]:
            return {}

    with pytest.raises(ArgumentTypeError, match="no deadline"):
        deadline_chart(NoDeadlines())  # type: ignore[arg-type]
