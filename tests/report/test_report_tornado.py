"""The tornado chart of what drives a deadline, the heat map's weeks without a call, and the
report's two questions (feasible as planned; how likely it holds) kept apart."""

from __future__ import annotations

from datetime import date

import numpy as np
import pytest
from matplotlib.colors import to_hex

from inspection_sim.errors import ArgumentTypeError
from inspection_sim.plan.network import Dependency, DurationSpec, Network, TaskSpec
from inspection_sim.report import ReportInputs, render_report
from inspection_sim.report.plots import FIELDWORK, NORMAL, risk_heatmap, to_png, tornado
from inspection_sim.scenario import default_scenario
from inspection_sim.simulation import InformationRequests, Uncertainty, simulate
from inspection_sim.workbench import plan_scenario, simulate_scenario

WIDE = DurationSpec("triangular", (1.0, 3.0, 8.0))


def simulated() -> object:
    """A deadline decided by 'tight' (random) and shared with requests to team b."""
    net = Network.build(
        [
            TaskSpec("start", duration=0),
            TaskSpec("tight $x", duration=3, team="a", uncertainty=WIDE),
            TaskSpec("due", duration=0, team="a", finish_no_later_than=4),
            TaskSpec("never", duration=1, team="b", finish_no_later_than=60),
        ],
        [
            Dependency("start", "tight $x"),
            Dependency("tight $x", "due"),
            Dependency("start", "never"),
        ],
    )
    requests = InformationRequests("b", 0.5, DurationSpec("fixed", (1.0,)), (0.0, 3.0))
    return simulate(net, runs=500, seed=3, uncertainty=Uncertainty(information_requests=[requests]))


def test_the_tornado_draws_the_main_drivers_strongest_on_top() -> None:
    result = simulated()
    figure = tornado(result, "due")  # type: ignore[arg-type]
    ax = figure.axes[0]
    bars = [p for p in ax.patches if p.get_height() == pytest.approx(0.6)]
    drivers = result.main_drivers("due", 8)  # type: ignore[attr-defined]
    assert len(bars) == len(drivers) >= 1
    assert [bar.get_width() for bar in bars] == [d["correlation"] for d in drivers]
    assert to_hex(bars[0].get_facecolor()) == NORMAL  # a task's duration
    labels = [t.get_text() for t in ax.get_yticklabels()]
    assert labels[0] == "how long “tight $x” takes (A)"  # drawn as written, with its team's name
    assert "What drives “due”" in ax.get_title()
    assert to_png(tornado(result, "due")) == to_png(figure)  # type: ignore[arg-type]
    requests = tornado(result, "information-requests")  # type: ignore[arg-type]
    [bar] = [p for p in requests.axes[0].patches if p.get_height() == pytest.approx(0.6)]
    assert to_hex(bar.get_facecolor()) == FIELDWORK  # an event


def test_the_tornado_refuses_what_it_cannot_draw() -> None:
    result = simulated()
    with pytest.raises(ArgumentTypeError, match="did you mean 'due'"):
        tornado(result, "dew")  # type: ignore[arg-type]
    with pytest.raises(ArgumentTypeError, match="nothing drives a miss"):
        tornado(result, "never")  # type: ignore[arg-type]


def test_weeks_without_a_call_are_grey_in_the_heat_map() -> None:
    rows = [
        {"notified": date(2027, 1, 4), "p": 0.5},
        {"notified": date(2027, 1, 25), "p": 0.7},  # two weeks between without a date
    ]
    image = risk_heatmap(rows).axes[0].images[0]
    grid = image.get_array()
    assert grid.shape == (1, 4)
    assert np.ma.getmaskarray(grid)[0].tolist() == [False, True, True, False]
    assert to_hex(image.get_cmap().get_bad()) == "#e5e5e5"


def test_the_page_keeps_feasible_and_likely_apart() -> None:
    """A plan feasible as planned whose deadlines are not all likely to hold: the page says
    both, with P(every deadline met), whom each deadline is owed to and the assumptions."""
    scenario = default_scenario()
    timeline = plan_scenario(scenario)
    result = simulate_scenario(scenario, runs=1000, seed=7)
    page = render_report(timeline, ReportInputs(scenario=scenario, simulation=result, plots=False))
    assert not timeline.risks
    assert "Yes: when every task takes exactly as long as planned" in page
    assert f"in the same run in <b>{result.p_all_met():.0%}</b>" in page
    assert result.p_all_met() < 0.8
    assert "meets every framework deadline" not in page
    assert "<td>the framework</td>" in page
    assert "<td>the inspectors</td>" in page
    assert (
        "staff absence in Inspection coordination team" in page
    )  # what drives a miss of support on site
    assert "UNVERIFIED" in page
    assert (
        "Extract, check and send the Annex A child-level data (Performance and data team)" in page
    )
