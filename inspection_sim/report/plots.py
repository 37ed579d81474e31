"""Pictures for planners: a Gantt chart of a timeline, the chance of meeting each deadline, what
drives a deadline (a tornado chart) and a risk heat map for sweeps.

matplotlib (installed with inspection_sim) is imported only here, inside the functions. The
figures are plain :class:`matplotlib.figure.Figure` objects (no pyplot state), so they work in
scripts, notebooks and servers alike; :func:`to_png` and :func:`to_svg` serialise them with fixed
metadata so the same input gives the same bytes.

Text is text: every string drawn from input (task and deadline names, titles, labels) is drawn as
written, never parsed as mathtext or TeX. Escaping cannot do this exactly (matplotlib reads
``\\$`` back as ``$``, so a name holding a backslash before a dollar would change); the text
properties in :data:`PLAIN` switch the parsing off instead.
"""

from __future__ import annotations

import io
from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from datetime import date, timedelta
from typing import TYPE_CHECKING, Any

from inspection_sim.errors import ArgumentTypeError, MissingExtraError
from inspection_sim.plan.timeline import inspection_name

if TYPE_CHECKING:
    from matplotlib.figure import Figure

    from inspection_sim.plan.timeline import Timeline
    from inspection_sim.simulation.result import SimulationResult

__all__ = ["PLAIN", "deadline_chart", "gantt", "risk_heatmap", "to_png", "to_svg", "tornado"]

CRITICAL = "#c0392b"
NORMAL = "#2e6f9e"
FRAMEWORK = "#7f8c8d"
FIELDWORK = "#f5b041"
HOLIDAY = "#8e44ad"
CLOSURE = "#bdc3c7"
NO_DATA = "#e5e5e5"

#: Text properties of every string drawn from input: as written, whatever ``$``, ``\``, ``_`` or
#: ``^`` it holds (an unbalanced ``$`` would otherwise stop the drawing with a mathtext error,
#: and ``cost $5 and $6`` would be typeset as "cost 5and6"), whatever the user's ``text.usetex``.
PLAIN: dict[str, Any] = {"parse_math": False, "usetex": False}


def _figure_class() -> type[Figure]:
    try:
        from matplotlib.figure import Figure
    except ImportError:
        raise MissingExtraError(
            "plots need matplotlib, which inspection_sim installs: pip install matplotlib"
        ) from None
    return Figure


def gantt(
    timeline: Timeline,
    *,
    title: str | None = None,
    width: float = 11.0,
    closures: Iterable[date] = (),
) -> Figure:
    """A Gantt chart of ``timeline``: one bar per task (last day inclusive), milestones as
    diamonds, critical tasks in red, the fieldwork shaded, bank holidays as dotted lines and
    closures (a Christmas shutdown) in grey.

    Args:
        timeline: the planned inspection.
        title: the chart title (default: the inspection and its notification).
        width: the figure width in inches.
        closures: the council's closed days, e.g. ``scenario.council.closure_days()``. A
            scenario's timeline is on its planning calendar, which has no closures (they are the
            council's, not the inspectorate's), so they are passed here; closures already in
            ``timeline.calendar`` are shaded too. Only days within the chart's range are drawn.
    """
    from matplotlib.lines import Line2D
    from matplotlib.patches import Patch

    date2num = _dates().date2num
    tasks = timeline.tasks
    figure = _figure_class()(figsize=(width, 1.6 + 0.3 * max(len(tasks), 3)), layout="constrained")
    ax = figure.add_subplot()
    for row, task in enumerate(tasks):
        colour = CRITICAL if task.critical else (FRAMEWORK if task.framework else NORMAL)
        if task.is_milestone:
            ax.plot(date2num(task.start), row, marker="D", color=colour, markersize=6)
        else:
            days = (task.end - task.start).days + 1
            ax.barh(row, days, left=date2num(task.start), height=0.6, color=colour)
    first = min((t.start for t in tasks), default=timeline.fieldwork.start)
    last = max((t.end for t in tasks), default=timeline.fieldwork.end)
    _mark_calendar(ax, timeline, first, last, frozenset(closures) | timeline.calendar.closures)
    names = [_short(t.name or t.id) for t in tasks]
    ax.set_yticks(range(len(tasks)), names, fontsize=8, **PLAIN)
    ax.invert_yaxis()
    ax.xaxis.set_major_formatter(_dates().DateFormatter("%d %b\n%Y"))
    ax.grid(axis="x", color="#dddddd", linewidth=0.6)
    default = f"{inspection_name(timeline)}: notified {timeline.notification:%a %d %b %Y}"
    ax.set_title(title or default, **PLAIN)
    handles = [
        Patch(color=CRITICAL, label="critical path"),
        Patch(color=NORMAL, label="council task"),
        Patch(color=FRAMEWORK, label="framework date"),
        Patch(color=FIELDWORK, alpha=0.3, label="fieldwork"),
        Patch(color=CLOSURE, alpha=0.5, label="closure"),
        Line2D([], [], color=HOLIDAY, linestyle=":", label="bank holiday"),
    ]
    ax.legend(handles=handles, loc="lower right", fontsize=7, ncols=2)
    return figure


def _mark_calendar(
    ax: Any, timeline: Timeline, first: date, last: date, closures: frozenset[date]
) -> None:
    date2num = _dates().date2num
    fieldwork = timeline.fieldwork
    ax.axvspan(
        date2num(fieldwork.start),
        date2num(fieldwork.end + timedelta(days=1)),
        color=FIELDWORK,
        alpha=0.3,
        zorder=0,
    )
    calendar = timeline.calendar
    for day, _name in calendar.holidays_in(first, last):
        if day in closures:  # holidays_in lists the calendar's closures too; shaded below
            continue
        ax.axvline(date2num(day) + 0.5, color=HOLIDAY, linestyle=":", linewidth=1.2)
    for day in sorted(d for d in closures if first <= d <= last):
        ax.axvspan(
            date2num(day), date2num(day) + 1, color=CLOSURE, alpha=0.5, linewidth=0, zorder=0
        )


def _dates() -> Any:
    """matplotlib.dates, untyped: its functions take and return plain numbers."""
    import matplotlib.dates

    return matplotlib.dates


def _short(text: str, limit: int = 42) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _wrapped(text: str, width: int, lines: int = 2) -> str:
    """``text`` on up to ``lines`` lines of ``width`` characters (the last cut short with …)."""
    import textwrap

    return "\n".join(textwrap.wrap(text, width, max_lines=lines, placeholder=" …"))


def risk_heatmap(
    rows: Any,
    *,
    date_key: str | None = None,
    metrics: Sequence[str] | None = None,
    title: str = "Risk by notification week",
    label: str | None = None,
    higher_is_better: bool | None = None,
    names: Mapping[str, str] | None = None,
) -> Figure:
    """A heat map of sweep results: one row per metric, one column per week (Monday); a week
    with no date (a sweep takes no call the rules would not give) is grey.

    Args:
        rows: a :class:`~inspection_sim.simulation.SweepResult` (its ``p_met:`` metrics are
            shown, green for likely), or tidy records (mappings, or a pandas DataFrame) holding a
            date under ``date_key`` and numeric metrics. Several dates in one week are averaged.
        date_key: the column that holds the notification date (default ``"date"`` for a sweep
            result, else ``"notified"``).
        metrics: the columns to show (default: every numeric column but ``date_key``).
        title: the chart title.
        label: the colour bar's label.
        higher_is_better: colour high values green (default: True for a sweep result, whose
            metrics are probabilities of meeting deadlines; False for other records).
        names: how each row reads, by metric or deadline (``p_met:`` left off): a deadline's
            plain name rather than its id (see :meth:`SimulationResult.name_of`).

    Raises:
        ArgumentTypeError: rows without ``date_key``, or no numeric metric to show.
    """
    is_sweep = hasattr(rows, "wide_records")
    records = rows.wide_records() if is_sweep else _records(rows)
    key = date_key or ("date" if is_sweep else "notified")
    if is_sweep and metrics is None:
        metrics = [m for m in rows.metrics if m.startswith("p_met:")] or None
    good_high = is_sweep if higher_is_better is None else higher_is_better
    weeks, rows_shown, grid = _weekly_grid(records, key, metrics)
    figure = _figure_class()(figsize=(max(6.0, 0.18 * len(weeks) + 3), 1.5 + 0.4 * len(rows_shown)))
    figure.set_layout_engine("constrained")
    ax = figure.add_subplot()
    from matplotlib import colormaps

    colours = colormaps["RdYlGn" if good_high else "RdYlGn_r"].with_extremes(bad=NO_DATA)
    image = ax.imshow(grid, aspect="auto", cmap=colours, interpolation="nearest")
    words = names or {}
    labels = [
        _short(words.get(n, words.get(n.removeprefix("p_met:"), n.removeprefix("p_met:"))), 48)
        for n in rows_shown
    ]
    ax.set_yticks(range(len(rows_shown)), labels, fontsize=8, **PLAIN)
    step = max(1, len(weeks) // 13)
    ticks = list(range(0, len(weeks), step))
    ax.set_xticks(ticks, [weeks[i].strftime("%d %b") for i in ticks], fontsize=7, rotation=45)
    ax.set_xlabel("week of notification (Monday)")
    ax.set_title(title, **PLAIN)
    default_label = "probability of meeting it" if is_sweep else "value"
    figure.colorbar(image, ax=ax).set_label(label or default_label, **PLAIN)
    return figure


def deadline_chart(
    result: SimulationResult, *, title: str | None = None, width: float = 9.0
) -> Figure:
    """The simulated chance of meeting each deadline, riskiest first, as horizontal bars
    coloured from red (unlikely) to green (likely), each labelled with its percentage.

    Raises:
        ArgumentTypeError: the simulated plan has no deadline to show.
    """
    chances = sorted(result.p_met().items(), key=lambda item: (item[1], item[0]))
    if not chances:
        raise ArgumentTypeError("the simulated plan has no deadline to chart")
    from matplotlib import colormaps

    colours = colormaps["RdYlGn"]
    figure = _figure_class()(figsize=(width, 1.4 + 0.35 * len(chances)), layout="constrained")
    ax = figure.add_subplot()
    for row, (_, chance) in enumerate(chances):
        ax.barh(row, chance, height=0.6, color=colours(chance))
        ax.text(min(chance, 0.88) + 0.01, row, f"{chance:.0%}", va="center", fontsize=8)
    labels = [_short(result.name_of(name), 56) for name, _ in chances]
    ax.set_yticks(range(len(chances)), labels, fontsize=8, **PLAIN)
    ax.invert_yaxis()
    ax.set_xlim(0, 1)
    ax.xaxis.set_major_formatter(_percent())
    ax.set_xlabel(f"probability of meeting the deadline ({result.runs} runs)")
    ax.grid(axis="x", color="#dddddd", linewidth=0.6)
    ax.set_title(title or "Chance of meeting each deadline", **PLAIN)
    return figure


def tornado(
    result: SimulationResult,
    deadline: str,
    *,
    top: int = 8,
    title: str | None = None,
    width: float = 9.0,
) -> Figure:
    """What drives one deadline, as a tornado chart: the strongest random inputs (see
    :meth:`~inspection_sim.simulation.SimulationResult.main_drivers`), strongest on top, each
    bar its rank correlation with the working days by which the deadline is missed (right: a
    larger value makes a miss likelier or longer), labelled with its team's name and its criticality
    for the deadline. Task inputs are blue, events orange.

    Raises:
        ArgumentTypeError: an unknown deadline, or one that nothing drives (always met, or too
            few misses to tell).
    """
    if deadline not in result.deadline_names:
        raise ArgumentTypeError(
            "no such deadline in this simulation",
            key="deadline",
            value=deadline,
            choices=result.deadline_names,
        )
    drivers = result.main_drivers(deadline, top)
    if not drivers:
        raise ArgumentTypeError(
            "nothing drives a miss of this deadline (it is always met, or missed too rarely to "
            "tell)",
            key="deadline",
            value=deadline,
        )
    figure = _figure_class()(figsize=(width, 1.6 + 0.5 * len(drivers)), layout="constrained")
    ax = figure.add_subplot()
    for row, driver in enumerate(drivers):
        value = driver["correlation"]
        colour = NORMAL if driver["task"] else FIELDWORK
        ax.barh(row, value, height=0.6, color=colour)
        crit = driver["criticality"]
        note = f"{value:+.2f}" + ("" if crit is None else f", on its chain in {crit:.0%}")
        ax.text(
            value + (0.02 if value >= 0 else -0.02),
            row,
            note,
            va="center",
            fontsize=7,
            ha="left" if value >= 0 else "right",
            **PLAIN,
        )
    labels = [
        _wrapped(
            d["input"] + (f" ({result.team_name(d['team'])})" if d["team"] and d["task"] else ""),
            44,
        )
        for d in drivers
    ]
    ax.set_yticks(range(len(drivers)), labels, fontsize=8, **PLAIN)
    ax.invert_yaxis()
    ax.set_xlim(-1.25, 1.25)
    ax.axvline(0, color="#555555", linewidth=0.8)
    ax.set_xlabel(f"rank correlation with the working days late ({result.runs} runs)")
    ax.grid(axis="x", color="#dddddd", linewidth=0.6)
    chance = result.p_met()[deadline]
    default = f"What drives “{result.name_of(deadline)}” (met in {chance:.0%} of runs)"
    ax.set_title(title or _wrapped(default, 80), **PLAIN)
    return figure


def _percent() -> Any:
    from matplotlib.ticker import PercentFormatter

    return PercentFormatter(xmax=1.0)


def _records(rows: Any) -> list[Mapping[str, Any]]:
    if hasattr(rows, "to_dict"):  # a pandas DataFrame
        return list(rows.to_dict("records"))
    return list(rows)


def _weekly_grid(
    records: list[Mapping[str, Any]], date_key: str, metrics: Sequence[str] | None
) -> tuple[list[date], list[str], list[list[float]]]:
    if not records or any(date_key not in row for row in records):
        raise ArgumentTypeError(
            f"every row needs a {date_key!r} date", key="date_key", value=date_key
        )
    names = list(metrics) if metrics else _numeric_columns(records, date_key)
    if not names:
        raise ArgumentTypeError("no numeric metric to show", key="metrics", value=metrics)
    sums: dict[tuple[date, str], list[float]] = defaultdict(list)
    for row in records:
        day = _as_date(row[date_key])
        monday = day - timedelta(days=day.weekday())
        for name in names:
            sums[(monday, name)].append(float(row[name]))
    found = sorted({monday for monday, _ in sums})
    weeks = [found[0] + timedelta(weeks=k) for k in range((found[-1] - found[0]).days // 7 + 1)]
    grid = [[_mean(sums.get((week, name), [])) for week in weeks] for name in names]
    return weeks, names, grid


def _numeric_columns(records: list[Mapping[str, Any]], date_key: str) -> list[str]:
    first = records[0]
    return [
        name
        for name, value in first.items()
        if name != date_key and isinstance(value, int | float) and not isinstance(value, bool)
    ]


def _as_date(value: Any) -> date:
    if hasattr(value, "date") and callable(value.date):  # datetime, pandas Timestamp
        return value.date()  # type: ignore[no-any-return]
    if isinstance(value, date):
        return value
    return date.fromisoformat(str(value))


def _mean(values: list[float]) -> float:
    return sum(values) / len(values) if values else float("nan")


def to_png(figure: Figure, *, dpi: int = 110) -> bytes:
    """The figure as PNG bytes (no timestamp or software metadata, so output is repeatable)."""
    buffer = io.BytesIO()
    figure.savefig(buffer, format="png", dpi=dpi, metadata={"Software": None})
    return buffer.getvalue()


def to_svg(figure: Figure) -> str:
    """The figure as SVG text with fixed element ids and no date, so output is repeatable."""
    from matplotlib import rc_context

    buffer = io.StringIO()
    with rc_context({"svg.hashsalt": "inspection-sim", "svg.fonttype": "none"}):
        figure.savefig(buffer, format="svg", metadata={"Date": None})
    return buffer.getvalue()
