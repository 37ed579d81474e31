"""Gantt chart and risk heat map: what is drawn, and repeatable bytes."""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import replace
from datetime import date, timedelta
from pathlib import Path
from subprocess import CompletedProcess
from xml.etree import ElementTree

import pytest
from matplotlib import rc_context
from matplotlib.colors import to_hex
from matplotlib.figure import Figure

from inspection_sim.errors import ArgumentTypeError
from inspection_sim.plan.network import Network, TaskSpec
from inspection_sim.plan.timeline import Timeline
from inspection_sim.report.plots import (
    CRITICAL,
    HOLIDAY,
    NORMAL,
    deadline_chart,
    gantt,
    risk_heatmap,
    to_png,
    to_svg,
)
from inspection_sim.simulation.run import simulate
from tests.report.report_support import timeline

Cli = Callable[..., CompletedProcess[str]]


def test_gantt_bars_colour_the_critical_path() -> None:
    figure = gantt(timeline())
    ax = figure.axes[0]
    bars = [p for p in ax.patches if p.get_height() == pytest.approx(0.6)]
    # Three multi-day or one-day tasks are bars; the call and feedback are one-day tasks too.
    assert len(bars) == 5
    colours = [to_hex(bar.get_facecolor()) for bar in bars]
    assert colours.count(CRITICAL) == 4
    assert colours.count(NORMAL) == 1
    labels = [t.get_text() for t in ax.get_yticklabels()]
    assert labels[0] == "Notification call"


def test_gantt_marks_bank_holidays_in_range() -> None:
    base = timeline()
    # Move the feedback to after the Easter Monday bank holiday (2027-03-29).
    tasks = tuple(
        replace(t, start=date(2027, 3, 30), end=date(2027, 3, 30)) if t.id == "feedback" else t
        for t in base.tasks
    )
    ax = gantt(replace(base, tasks=tasks)).axes[0]
    holiday_lines = [line for line in ax.get_lines() if to_hex(line.get_color()) == HOLIDAY]
    assert len(holiday_lines) == 2  # Good Friday 26 March and Easter Monday 29 March 2027
    ax_plain = gantt(base).axes[0]
    assert not [line for line in ax_plain.get_lines() if to_hex(line.get_color()) == HOLIDAY]


def test_png_and_svg_are_repeatable() -> None:
    assert to_png(gantt(timeline())) == to_png(gantt(timeline()))
    svg = to_svg(gantt(timeline()))
    assert svg == to_svg(gantt(timeline()))
    assert svg.lstrip().startswith("<?xml")


def test_heatmap_averages_each_week() -> None:
    monday = date(2027, 1, 4)
    rows = [
        {
            "notified": monday + timedelta(days=7 * w + d),
            "p_miss_returns": w / 10,
            "p_miss_plan": 0.5,
        }
        for w in range(4)
        for d in (0, 1)
    ]
    figure = risk_heatmap(rows)
    image = figure.axes[0].images[0]
    grid = image.get_array()
    assert grid.shape == (2, 4)
    assert list(grid[0]) == pytest.approx([0.0, 0.1, 0.2, 0.3])
    labels = [t.get_text() for t in figure.axes[0].get_yticklabels()]
    assert labels == ["p_miss_returns", "p_miss_plan"]


def test_heatmap_accepts_a_dataframe() -> None:
    pandas = pytest.importorskip("pandas")
    frame = pandas.DataFrame(
        {"notified": pandas.to_datetime(["2027-01-04", "2027-01-11"]), "risk": [0.2, 0.4]}
    )
    grid = risk_heatmap(frame).axes[0].images[0].get_array()
    assert list(grid[0]) == pytest.approx([0.2, 0.4])


def test_heatmap_bad_input() -> None:
    with pytest.raises(ArgumentTypeError, match="'notified'"):
        risk_heatmap([{"date": date(2027, 1, 4), "risk": 0.1}])
    with pytest.raises(ArgumentTypeError, match="no numeric metric"):
        risk_heatmap([{"notified": date(2027, 1, 4), "label": "x"}])


# -- text is text: names are drawn as written, never as mathtext or TeX -------------------------

#: Names a council could give tasks: dollars (paired, single, and pairs that are not valid
#: mathtext, which used to stop the drawing), backslashes, sub- and superscripts.
MATH_NAMES = (
    "Brief on cost $5 and $6",
    "Unbalanced $ in a name",
    "Budget $$ and $x^$ and $_$",
    r"Files in S:\new\temp \alpha",
    "a_b^c and x^2_i",
    r"Escaped \$ and $\frac{1}{2}$",
)


def _drawn_texts(figure: Figure) -> list[str]:
    """The strings a figure's renderer drew, read from its SVG (fonts as text: one <text> element
    per plain string; mathtext would be drawn glyph by glyph, never as the whole name)."""
    root = ElementTree.fromstring(to_svg(figure))
    return ["".join(node.itertext()) for node in root.iter("{http://www.w3.org/2000/svg}text")]


def _with_names(names: tuple[str, ...]) -> Timeline:
    """The report timeline with its tasks renamed, cycling through ``names``."""
    base = timeline()
    tasks = tuple(replace(t, name=names[i % len(names)]) for i, t in enumerate(base.tasks))
    return replace(base, tasks=tasks)


def test_gantt_draws_task_names_and_title_as_written() -> None:
    title = "Rehearsal for $council_name^2"
    for first in range(0, len(MATH_NAMES), 3):  # the report's timeline has fewer tasks
        names = MATH_NAMES[first : first + 3]
        figure = gantt(_with_names(names), title=title)
        drawn = _drawn_texts(figure)
        for name in (*names, title):
            assert name in drawn
        labels = [text.get_text() for text in figure.axes[0].get_yticklabels()]
        assert labels[: len(names)] == list(names)
        assert to_png(figure).startswith(b"\x89PNG")  # "$$" used to stop the drawing


def test_gantt_ignores_a_tex_setting_for_names() -> None:
    with rc_context({"text.usetex": True}):
        figure = gantt(_with_names(MATH_NAMES[:1]), title="cost $5")
        labels = figure.axes[0].get_yticklabels()
        assert not labels[0].get_usetex()
        assert not figure.axes[0].title.get_usetex()


def test_deadline_chart_draws_deadline_names_as_written() -> None:
    names = ("cost $5 and $6", "a_b^c", r"back\slash $")
    specs = [TaskSpec(name, duration=2, finish_no_later_than=3 + i) for i, name in enumerate(names)]
    result = simulate(Network.build(specs, []), runs=20, seed=1)
    figure = deadline_chart(result, title="Deadlines for $council")
    drawn = _drawn_texts(figure)
    for name in (*names, "Deadlines for $council"):
        assert name in drawn


def test_heatmap_draws_metric_names_title_and_label_as_written() -> None:
    rows = [{"notified": date(2027, 1, 4), "cost $5 and $6": 0.5, "x^2_i $": 0.25}]
    figure = risk_heatmap(rows, title="Risk $ by week", label="share of $ runs")
    drawn = _drawn_texts(figure)
    for text in ("cost $5 and $6", "x^2_i $", "Risk $ by week", "share of $ runs"):
        assert text in drawn


def test_report_runs_on_a_scenario_with_mathtext_in_names(tmp_path: Path, cli: Cli) -> None:
    adds = "".join(
        f'[[tasks.add]]\nid = "t{i}"\nname = {json.dumps(name)}\nteam = "coordination"\n'
        'duration = 1\ndepends = ["coordination-team"]\n'
        for i, name in enumerate(MATH_NAMES)
    )
    scenario = tmp_path / "council.toml"
    scenario.write_text(
        'schema = 1\n[council]\nname = "Cost $5 Borough"\n'
        '[teams.coordination]\nname = "Team $ and a_b^c"\n'
        '[inspection]\ntype = "ilacs:short"\nnotified = 2027-03-01\n' + adds,
        "utf-8",
    )
    out = tmp_path / "report.html"
    result = cli("report", str(scenario), "--out", str(out), "--runs", "0")
    assert result.returncode == 0, result.stderr
    page = out.read_text("utf-8")
    assert "Budget $$ and $x^$ and $_$" in page
    assert "data:image/png;base64," in page
