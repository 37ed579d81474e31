"""The Gantt chart shades the council's closures, which a scenario's timeline does not carry."""

from __future__ import annotations

import base64
import re
from datetime import date

from matplotlib.colors import to_hex

from inspection_sim.report import ReportInputs, render_report
from inspection_sim.report.plots import CLOSURE, gantt, to_png
from inspection_sim.scenario import Scenario, parse_scenario
from inspection_sim.workbench import plan_scenario

SHUTDOWN = '[[council.closures]]\nname = "Christmas shutdown"\nfrom = 2027-12-24\nto = 2027-12-31\n'


def _scenario(closures: str = SHUTDOWN) -> Scenario:
    text = (
        f'schema = 1\n[council]\nname = "Shire"\n{closures}'
        '[inspection]\ntype = "ilacs:short"\nnotified = 2027-12-13\n'
    )
    return parse_scenario(text)


def _closure_days(figure: object) -> list[date]:
    """The days shaded as closures (each one day wide), from the drawn patches."""
    import matplotlib.dates

    ax = figure.axes[0]  # type: ignore[attr-defined]
    found = []
    for patch in ax.patches:
        if to_hex(patch.get_facecolor()) == CLOSURE:
            left = patch.get_bbox().x0
            found.append(matplotlib.dates.num2date(left).date())
    return sorted(found)


def test_a_shutdown_is_shaded_on_its_days() -> None:
    scenario = _scenario()
    timeline = plan_scenario(scenario)
    assert not timeline.calendar.closures  # the planning calendar has none: they come in here
    figure = gantt(timeline, closures=scenario.council.closure_days())
    assert _closure_days(figure) == [date(2027, 12, d) for d in range(24, 32)]  # 24-31 inclusive


def test_no_closures_no_shading() -> None:
    scenario = _scenario(closures="")
    timeline = plan_scenario(scenario)
    assert _closure_days(gantt(timeline, closures=scenario.council.closure_days())) == []
    assert _closure_days(gantt(plan_scenario(_scenario()))) == []  # not given: not drawn


def test_closures_outside_the_chart_are_not_drawn() -> None:
    timeline = plan_scenario(_scenario())
    assert _closure_days(gantt(timeline, closures=[date(2030, 1, 2)])) == []


def test_report_chart_shows_the_scenario_s_closures() -> None:
    scenario = _scenario()
    timeline = plan_scenario(scenario)
    page = render_report(timeline, ReportInputs(scenario=scenario))
    images = re.findall(r'src="data:image/png;base64,([^"]+)"', page)
    shaded = to_png(gantt(timeline, closures=scenario.council.closure_days()))
    assert base64.b64decode(images[0]) == shaded
    assert shaded != to_png(gantt(timeline))  # the shading shows in the picture
