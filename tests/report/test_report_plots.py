"""Gantt chart and risk heat map: what is drawn, and repeatable bytes."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, timedelta

import pytest
from matplotlib.colors import to_hex

from inspection_sim.errors import ArgumentTypeError
from inspection_sim.report.plots import (
    CRITICAL,
    HOLIDAY,
    NORMAL,
    gantt,
    risk_heatmap,
    to_png,
    to_svg,
)
from tests.report.report_support import timeline


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
