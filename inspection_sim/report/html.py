"""One self-contained HTML page about a planned inspection, for sharing with senior leaders.

The page holds the timeline, each team's calendar, the risks and the rules used with their sources.
It needs no network: styles are inline, pictures are embedded as ``data:`` URIs, and a Content
Security Policy forbids scripts and every outside fetch. Every text that comes from a scenario or a
rule file is escaped, so a council named ``<script>alert(1)</script>`` shows as text.
"""

from __future__ import annotations

import base64
import ntpath
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from typing import TYPE_CHECKING, Any

from inspection_sim.errors import MissingExtraError
from inspection_sim.export.html_page import escape as e
from inspection_sim.export.html_page import html_page
from inspection_sim.plan.timeline import inspection_name
from inspection_sim.weekmask import parse_weekmask

if TYPE_CHECKING:
    from inspection_sim.calendar import WorkingCalendar
    from inspection_sim.plan.timeline import ScheduledTask, Timeline
    from inspection_sim.report.onsite import OnsiteReport
    from inspection_sim.scenario import Scenario
    from inspection_sim.scenario.model import Team

__all__ = ["ReportInputs", "render_report"]

#: This page's own style rules, after the shared ones (``export.html_page.BASE_STYLE``).
_STYLE = """
body{max-width:70rem}h1{font-size:1.6rem}th,td{vertical-align:top}
tr.critical td{background:#fdecea}img{max-width:100%;height:auto}
td.off{background:#f2f2f2;color:#999}.late{color:#c0392b;font-weight:bold}
"""


@dataclass(frozen=True)
class ReportInputs:
    """What a report shows besides the timeline (all optional).

    ``simulation`` is a :class:`~inspection_sim.simulation.SimulationResult`: the page then says
    how likely the plan holds (P(every deadline met), each deadline with whom it is owed to and
    what drives it, tornado charts, the assumptions in plain words). Without one, ``deadlines``
    may give ``(deadline, probability met)`` pairs. ``sweep`` is a
    :class:`~inspection_sim.simulation.SweepResult` or tidy records, drawn as a heat map (see
    :func:`~inspection_sim.report.plots.risk_heatmap`); ``stamp`` is the time printed in the
    footer. ``onsite`` (a scenario with people) adds the section on the week on site.
    """

    scenario: Scenario | None = None
    deadlines: Sequence[tuple[str, float]] = ()
    sweep: Any = ()
    sweep_date_key: str | None = None
    plots: bool = True
    stamp: datetime | None = None
    notes: Sequence[str] = field(default_factory=tuple)
    simulation: Any = None
    onsite: OnsiteReport | None = None


def render_report(timeline: Timeline, inputs: ReportInputs | None = None) -> str:
    """The report page as a string of HTML (UTF-8, no outside resources)."""
    inputs = inputs or ReportInputs()
    council = inputs.scenario.council.name if inputs.scenario else "Council"
    title = f"{council}: {inspection_name(timeline)} rehearsal plan"
    body = [
        f"<h1>{e(title)}</h1>",
        _facts(timeline),
        _section("Timeline", _gantt(timeline, inputs) + _task_table(timeline, inputs.scenario)),
        _section("Team calendars", _team_calendars(timeline, inputs.scenario)),
        _section("Risks", _risks(timeline, inputs)),
        *_onsite(inputs),
        _section("Rules used and their sources", _rules(timeline, inputs.scenario)),
        _footer(timeline, inputs),
    ]
    return html_page(title, body, _STYLE)


def _section(heading: str, content: str) -> str:
    return f"<section>\n<h2>{e(heading)}</h2>\n{content}\n</section>"


def _onsite(inputs: ReportInputs) -> list[str]:
    """The section on the week on site, for a scenario with people only (no empty heading)."""
    if inputs.onsite is None:
        return []
    from inspection_sim.report.onsite import HEADING, onsite_section

    return [_section(HEADING, onsite_section(inputs.onsite))]


def _facts(timeline: Timeline) -> str:
    fieldwork = timeline.fieldwork
    facts = [
        ("Inspection", timeline.inspection),
        ("Rules version", f"{timeline.framework} {timeline.version}"),
        ("Notification", f"{timeline.notification:%a %d %b %Y %H:%M}"),
        ("Fieldwork", f"{fieldwork.start:%a %d %b} to {fieldwork.end:%a %d %b %Y}"),
        ("Tasks", str(len(timeline.tasks))),
        ("Critical tasks", str(sum(t.critical for t in timeline.tasks))),
    ]
    cells = "".join(f'<div class="fact">{e(k)}<b>{e(v)}</b></div>' for k, v in facts)
    return f'<div class="facts">{cells}</div>'


def _image(kind: str, payload: bytes, alt: str) -> str:
    data = base64.b64encode(payload).decode("ascii")
    return f'<p><img alt="{e(alt)}" src="data:{kind};base64,{data}"></p>'


def _gantt(timeline: Timeline, inputs: ReportInputs) -> str:
    if not inputs.plots:
        return ""
    try:
        from inspection_sim.report.plots import gantt, to_png

        # the timeline is on the planning calendar: the council's closures are shaded from here
        scenario = inputs.scenario
        closures = scenario.council.closure_days() if scenario else ()
        figure = gantt(timeline, closures=closures)
        return _image("image/png", to_png(figure), "Gantt chart of the timeline")
    except MissingExtraError:
        return '<p class="muted">Install matplotlib for a Gantt chart.</p>'


def _team_names(timeline: Timeline, scenario: Scenario | None) -> dict[str, str]:
    """Each team of the timeline by the name a planner reads: the scenario's, else the words of
    its id (:func:`~inspection_sim.plan.teams.team_display`, as the rehearsal's calendars)."""
    from inspection_sim.plan.teams import team_display

    given = {team.id: team.name for team in scenario.teams} if scenario else {}
    return {t.team: team_display(given, t.team) for t in timeline.tasks if t.team}


def _task_table(timeline: Timeline, scenario: Scenario | None) -> str:
    header = "<tr><th>Task</th><th>Team</th><th>Start</th><th>End</th><th>Slack (working days)</th>"
    header += "<th>Depends on</th></tr>"
    rows = [header]
    names = _task_names(timeline)
    teams = _team_names(timeline, scenario)
    for task in timeline.tasks:
        css = ' class="critical"' if task.critical else ""
        after = "; ".join(names.get(t, t) for t in task.depends_on)
        team = teams[task.team] if task.team else "inspectors"
        rows.append(
            f"<tr{css}><td>{e(task.name or task.id)}</td><td>{e(team)}</td>"
            f"<td>{task.start:%a %d %b %Y}</td><td>{task.end:%a %d %b %Y}</td>"
            f"<td>{task.slack_working_days}</td><td>{e(after)}</td></tr>"
        )
    note = '<p class="muted">Critical tasks (no slack) are shaded. End dates are inclusive.</p>'
    return note + "<table>" + "".join(rows) + "</table>"


def _team_calendars(timeline: Timeline, scenario: Scenario | None) -> str:
    by_team: dict[str, list[ScheduledTask]] = {}
    for task in timeline.tasks:
        if task.team:
            by_team.setdefault(task.team, []).append(task)
    if not by_team:
        return '<p class="muted">No council tasks in this timeline.</p>'
    names = _team_names(timeline, scenario)
    return "\n".join(
        _team_calendar(team, names[team], tasks, timeline, scenario)
        for team, tasks in sorted(by_team.items())
    )


def _team_calendar(
    team_id: str,
    heading: str,
    tasks: list[ScheduledTask],
    timeline: Timeline,
    scenario: Scenario | None,
) -> str:
    team = scenario.team(team_id) if scenario else None
    days = scenario.council_calendar() if scenario else None
    contacts = ""
    if team and team.contacts:
        contacts = f'<p class="muted">Contacts: {e("; ".join(team.contacts))}</p>'

    first = min(t.start for t in tasks)
    last = max(t.end for t in tasks)
    monday = first - timedelta(days=first.weekday())
    rows = ["<tr><th>Week of</th>" + "".join(f"<th>{d}</th>" for d in _DAYS) + "</tr>"]
    while monday <= last:
        sunday = monday + timedelta(days=6)
        if any(t.start <= sunday and t.end >= monday for t in tasks):  # weeks with work only
            rows.append(_week_row(monday, tasks, timeline, team, days))
        monday += timedelta(days=7)
    return f"<h3>{e(heading)}</h3>{contacts}<table>{''.join(rows)}</table>"


_DAYS = ("Mon", "Tue", "Wed", "Thu", "Fri")


def _week_row(
    monday: date,
    tasks: Iterable[ScheduledTask],
    timeline: Timeline,
    team: Team | None,
    days: WorkingCalendar | None,
) -> str:
    """One week of a team's calendar; ``days``: the scenario's council calendar, if any."""
    cells = [f"<td>{monday:%d %b %Y}</td>"]
    for offset in range(len(_DAYS)):
        day = monday + timedelta(days=offset)
        if not _in_calendar(timeline, day) or not _council_works(timeline, days, day):
            cells.append('<td class="off">closed</td>')
            continue
        if not _team_works(team, day):
            cells.append('<td class="off">team off</td>')
            continue
        lines = [e(t.name or t.id) for t in tasks if t.start <= day <= t.end]
        lines += [f'<span class="muted">{e(text)}</span>' for text in _leave_notes(team, day)]
        cells.append(f"<td>{'<br>'.join(lines)}</td>")
    return "<tr>" + "".join(cells) + "</tr>"


def _council_works(timeline: Timeline, council: WorkingCalendar | None, day: date) -> bool:
    """False on the planning calendar's days off and on the council's own closures."""
    if not timeline.calendar.is_working_day(day):
        return False
    return council is None or not council.start <= day <= council.end or council.is_working_day(day)


def _team_works(team: Team | None, day: date) -> bool:
    """False on the team's own days off: outside its weekmask, or whole-team leave."""
    if team is None:
        return True
    if team.weekmask is not None and not parse_weekmask(team.weekmask)[day.weekday()]:
        return False
    return not any(leave.people is None and leave.start <= day <= leave.end for leave in team.leave)


def _leave_notes(team: Team | None, day: date) -> list[str]:
    """What the scenario says about the team's leave on ``day`` (inclusive periods)."""
    if team is None:
        return []
    notes = []
    for leave in team.leave:
        if leave.start <= day <= leave.end:
            who = (
                "whole team away" if leave.people is None else f"{leave.people} of {team.size} away"
            )
            notes.append(f"{who}: {leave.note}" if leave.note else who)
    return notes


def _in_calendar(timeline: Timeline, day: date) -> bool:
    return timeline.calendar.start <= day <= timeline.calendar.end


def _risks(timeline: Timeline, inputs: ReportInputs) -> str:
    """Two questions kept apart: is the plan feasible as planned (the critical path), and how
    likely it holds when durations vary and things go wrong (the simulation)."""
    parts = ["<h3>Is the plan feasible?</h3>"]
    if timeline.risks:
        rows = ["<tr><th>Task</th><th>Deadline</th><th>Working days late</th><th>Why</th></tr>"]
        rows += [
            f"<tr><td>{e(_task_names(timeline).get(r.task, r.task))}</td>"
            f"<td>{r.deadline:%a %d %b %Y}</td>"
            f'<td class="late">{r.working_days_late}</td><td>{e(r.reason)}</td></tr>'
            for r in timeline.risks
        ]
        parts.append(
            "<p>No: even when every task takes exactly as long as planned, the plan misses "
            "these deadlines.</p><table>" + "".join(rows) + "</table>"
        )
    else:
        parts.append(
            "<p>Yes: when every task takes exactly as long as planned, every council task "
            "meets its framework deadline. How likely that is to hold is a separate question, "
            "answered by the simulation below.</p>"
        )
    if timeline.warnings:
        items = "".join(f"<li>{e(w)}</li>" for w in timeline.warnings)
        parts.append(f"<p>Warnings from the planner:</p><ul>{items}</ul>")
    if inputs.simulation is not None:
        parts.append(_likelihood(timeline, inputs))
    elif inputs.deadlines:
        parts.append("<h3>How likely does it hold?</h3>" + _deadline_table(inputs.deadlines))
    if inputs.sweep:
        parts.append("<h3>Which notification weeks are riskiest?</h3>")
        if inputs.plots:
            parts.append(_heatmap(timeline, inputs))
    parts.extend(f"<p>{e(note)}</p>" for note in inputs.notes)
    return "\n".join(parts)


#: Whom a deadline is owed to, in the page's words.
_OWED = {"inspectors": "the inspectors", "framework": "the framework", "council": "the council"}


def _likelihood(timeline: Timeline, inputs: ReportInputs) -> str:
    """The simulated answer: P(every deadline met), each deadline, what drives the risk, the
    tornado charts and the assumptions."""
    result = inputs.simulation
    chance = result.p_all_met()
    parts = [
        "<h3>How likely does it hold?</h3>",
        f"<p>In {result.runs} simulated runs, every deadline was met in the same run in "
        f"<b>{chance:.0%}</b> of them. Each deadline on its own:</p>",
    ]
    rows = [
        "<tr><th>Deadline</th><th>Owed to</th><th>Chance of meeting it</th>"
        "<th>Working days late when missed (mean)</th><th>What drives a miss</th></tr>"
    ]
    for row in result.deadline_table():
        p = row["p_met"]
        css = ' class="late"' if p < 0.8 else ""
        driver = row["main_driver"] or ("never missed" if p == 1 else "too few misses to tell")
        rows.append(
            f"<tr><td>{e(result.name_of(row['deadline']))}</td>"
            f"<td>{e(_OWED.get(row['commitment'] or '', '-'))}</td><td{css}>{p:.0%}</td>"
            f"<td>{row['mean_days_late_when_missed']:.1f}</td><td>{e(driver)}</td></tr>"
        )
    parts.append("<table>" + "".join(rows) + "</table>")
    risky = result.riskiest_tasks()
    if risky:
        items = "".join(
            f"<li>{e(r['name'])} ({e(result.team_name(r['team']) or 'no team')}): "
            f"{'its late data' if r['driver'] == 'late-data' else 'how long it takes'} drives "
            f"{e(result.name_of(r['deadline']))} (on its chain in "
            f"{r['criticality']:.0%} of runs, rank correlation {r['correlation']:+.2f})</li>"
            for r in risky
        )
        parts.append(f"<p>The tasks that drive the risk:</p><ul>{items}</ul>")
    else:
        parts.append("<p>No task's duration or late data drives a deadline that can be missed.</p>")
    if inputs.plots:
        parts.extend(_tornadoes(result))
    from inspection_sim.simulation.describe import assumption_lines

    assumed = "".join(f"<li>{e(line)}</li>" for line in assumption_lines(result.model))
    parts.append(f"<p>What the simulation assumed:</p><ul>{assumed}</ul>")
    return "\n".join(parts)


def _tornadoes(result: Any, count: int = 3) -> list[str]:
    """Tornado charts of the deadlines least likely to be met that something drives."""
    from inspection_sim.report.plots import to_png, tornado

    chances = sorted(result.p_met().items(), key=lambda item: (item[1], item[0]))
    pictures: list[str] = []
    for name, _ in chances:
        if len(pictures) == count:
            break
        if not result.main_drivers(name):
            continue
        try:
            figure = tornado(result, name)
        except MissingExtraError:
            return ['<p class="muted">Install the plot extra for the tornado charts.</p>']
        alt = f"What drives {result.name_of(name)}"
        pictures.append(_image("image/png", to_png(figure), alt))
    return pictures


def _deadline_table(deadlines: Sequence[tuple[str, float]]) -> str:
    rows = ["<tr><th>Deadline</th><th>Probability of meeting it</th></tr>"]
    for name, probability in deadlines:
        css = ' class="late"' if probability < 0.8 else ""
        rows.append(f"<tr><td>{e(name)}</td><td{css}>{probability:.0%}</td></tr>")
    return "<p>From the simulation:</p><table>" + "".join(rows) + "</table>"


def _task_names(timeline: Timeline) -> dict[str, str]:
    """Each task's plain name by its id (a page names tasks, never their ids)."""
    from inspection_sim.simulation.result import REQUESTS, REQUESTS_NAME

    names = {task.id: task.name or task.id for task in timeline.tasks}
    return names | {REQUESTS: REQUESTS_NAME}


def _heatmap(timeline: Timeline, inputs: ReportInputs) -> str:
    try:
        from inspection_sim.report.plots import risk_heatmap, to_png

        figure = risk_heatmap(
            inputs.sweep, date_key=inputs.sweep_date_key, names=_task_names(timeline)
        )
    except MissingExtraError:
        return '<p class="muted">Install matplotlib for the risk heat map.</p>'
    return _image("image/png", to_png(figure), "Risk by notification week")


def _rules(timeline: Timeline, scenario: Scenario | None) -> str:
    parts = [
        f"<p>Rules: {e(timeline.framework)} version {e(timeline.version)}. Each date below comes "
        "from rule data citing its sources, with the confidence (H, M, L) and any values not yet "
        "verified against the source.</p>",
        _cited_table(timeline),
        _source_table([*timeline.sources, *(task.source for task in timeline.tasks)]),
    ]
    if scenario and (scenario.rule_overrides or scenario.timescale_overrides):
        items = "".join(
            f"<li>{e(key)} = {e(value)}</li>"
            for key, value in (*scenario.rule_overrides, *scenario.timescale_overrides)
        )
        parts.append(f"<p>Local overrides from {e(scenario_name(scenario))}:</p><ul>{items}</ul>")
    return "\n".join(parts)


def _cited_table(timeline: Timeline) -> str:
    rows = ["<tr><th>Item</th><th>Sources</th></tr>"]
    rows += [
        f"<tr><td>{e(task.name or task.id)}</td><td>{e(task.source)}</td></tr>"
        for task in timeline.tasks
        if task.source
    ]
    return "<table>" + "".join(rows) + "</table>"


def _source_table(texts: Sequence[str]) -> str:
    from inspection_sim.report.sources import cited_keys, source_titles

    known = source_titles()
    rows = ["<tr><th>Key</th><th>Document</th><th>Date</th><th>Address</th></tr>"]
    for key in sorted(cited_keys(texts), key=_source_order):
        entry = known.get(key, {})
        rows.append(
            f"<tr><td>{e(key)}</td><td>{e(entry.get('title', 'not in the source list'))}</td>"
            f"<td>{e(entry.get('date', ''))}</td><td>{e(entry.get('url', ''))}</td></tr>"
        )
    files = [text for text in texts if text.endswith(".toml")]
    note = f"<p>Rule files: {e(', '.join(dict.fromkeys(files)))}.</p>" if files else ""
    return note + "<table>" + "".join(rows) + "</table>"


def _source_order(key: str) -> tuple[int, int]:
    """S1, S2, ... S37 by number, then the seeds."""
    if key.startswith("seed:"):
        return 1, int(key[5:])
    return 0, int(key[1:])


def _footer(timeline: Timeline, inputs: ReportInputs) -> str:
    from inspection_sim._version import __version__

    when = f" on {inputs.stamp:%d %b %Y %H:%M}" if inputs.stamp else ""
    source = f" from {scenario_name(inputs.scenario)}" if inputs.scenario else ""
    return f'<p class="muted">Made by inspection-sim {e(__version__)}{e(when)}{e(source)}.</p>'


def scenario_name(scenario: Scenario) -> str:
    """The scenario as a shared page names it: its file name and the council, never a path.

    A report is emailed: the folders of its author's disk have no place in it.
    """
    return f"{ntpath.basename(scenario.source)} ({scenario.council.name})"
