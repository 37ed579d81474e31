"""The plot() methods of Timeline, SimulationResult and SweepResult draw the right charts."""

from __future__ import annotations

from datetime import date

import pytest
from matplotlib.colors import to_hex

import inspection_sim
from inspection_sim.errors import ArgumentTypeError
from inspection_sim.report.plots import CRITICAL, deadline_chart, to_png


@pytest.fixture(scope="module")
def scenario() -> inspection_sim.Scenario:
    return inspection_sim.default_scenario()


def test_timeline_plot_is_the_gantt_chart(scenario: inspection_sim.Scenario) -> None:
    timeline = scenario.plan()
    ax = timeline.plot().axes[0]
    labels = [t.get_text() for t in ax.get_yticklabels()]
    assert len(labels) == len(timeline.tasks)
    bars = [to_hex(p.get_facecolor()) for p in ax.patches if p.get_height() == pytest.approx(0.6)]
    assert bars.count(CRITICAL) == sum(t.critical and not t.is_milestone for t in timeline.tasks)


def test_simulation_plot_shows_each_deadline_riskiest_first(
    scenario: inspection_sim.Scenario,
) -> None:
    result = scenario.simulate(runs=200, seed=3)
    chances = result.p_met()
    ax = result.plot().axes[0]
    labels = [t.get_text() for t in ax.get_yticklabels()]
    assert len(labels) == len(chances)
    widths = [p.get_width() for p in ax.patches]
    assert widths == sorted(widths)  # the riskiest deadline is on top
    assert sorted(widths) == pytest.approx(sorted(chances.values()))
    assert to_png(result.plot()) == to_png(result.plot())


def test_sweep_plot_is_the_risk_heat_map(scenario: inspection_sim.Scenario) -> None:
    sweep = scenario.sweep(first=date(2027, 1, 4), last=date(2027, 2, 26), runs=20, seed=1)
    figure = sweep.plot()
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
