"""The report's section on the week on site, for a scenario with people: the sessions booked and
not booked (with the reasons), how random staff absence disturbs the week (the same figures as
``inspection-sim simulate`` prints) and the scenario's what-if, its changes in the timetable's own
sentences. People appear by name and sampled cases by their id, nothing more."""

from __future__ import annotations

from dataclasses import dataclass

from inspection_sim.export.html_page import escape as e
from inspection_sim.timetable.disruption import Disruption
from inspection_sim.timetable.disruption_risk import AbsenceRisk, Spread
from inspection_sim.timetable.disruption_text import change_sentences
from inspection_sim.timetable.onsite_week import OnsiteWeek, what_if_line
from inspection_sim.timetable.result import Timetable

__all__ = ["OnsiteReport", "onsite_section"]

#: The section's heading (a scenario without people gets no section at all).
HEADING = "The week on site"


@dataclass(frozen=True)
class OnsiteReport:
    """What the section shows: the booked week (``plan``; ``week`` says which it is, in words),
    random staff absence over it (``risk``, of ``asked`` runs; None when the report simulates
    nothing) and the what-if of the scenario's ``[[onsite.absent]]`` (None when it lists none)."""

    week: str
    plan: Timetable
    risk: AbsenceRisk | None = None
    asked: int = 0
    what_if: Disruption | None = None

    @classmethod
    def from_week(cls, week: OnsiteWeek) -> OnsiteReport:
        return cls(week.week, week.plan, week.risk, week.asked, week.what_if)


def _count(n: int, one: str) -> str:
    return f"{n} {one if n == 1 else one + 's'}"


def _capital(text: str) -> str:
    return text[:1].upper() + text[1:]


def _booked(part: OnsiteReport) -> str:
    plan = part.plan
    first, last = plan.days[0], plan.days[-1]
    text = (
        f"<p>{e(_capital(part.week))}, {first:%a %d %b} to {last:%a %d %b %Y}: "
        f"<b>{e(_count(len(plan.bookings), 'session'))} booked</b>, "
        f"{e(len(plan.unbooked) or 'none')} left unbooked, "
        f"{e(_count(len(plan.cases), 'sampled case'))}.</p>"
    )
    if plan.unbooked:
        items = "".join(f"<li>{e(u.title)}: {e(u.reason)}</li>" for u in plan.unbooked)
        text += f"<p>Not booked, and why:</p><ul>{items}</ul>"
    return text


def _spread(s: Spread, percent: bool) -> tuple[str, str, str]:
    """Mean, P10 and P90 as ``simulate`` prints them."""
    if percent:
        return f"{s.mean:.1%}", f"{s.p10:.0%}", f"{s.p90:.0%}"
    return f"{s.mean:.2f}", f"{s.p10:g}", f"{s.p90:g}"


def _risk(part: OnsiteReport) -> str:
    r = part.risk
    if r is None:
        return (
            '<p class="muted">Random staff absence is not simulated: the report was asked for no '
            "simulation runs (<code>--runs 0</code>).</p>"
        )
    runs = f"{r.runs:,} runs" if r.runs == part.asked else f"{r.runs:,} runs (of {part.asked:,})"
    mean, p10, p90 = _spread(r.as_planned, True)
    rows = ["<tr><th>Day</th><th>Mean</th><th>P10</th><th>P90</th></tr>"]
    days = [(f"{day:%a %d %b}", spread) for day, spread in zip(r.days, r.load, strict=True)]
    for label, spread in [*days, ("before the visit", r.before)]:
        cells = "".join(f"<td>{e(v)}</td>" for v in _spread(spread, False))
        rows.append(f"<tr><td>{e(label)}</td>{cells}</tr>")
    return (
        f"<p>With random staff absence ({e(f'{r.rate:g}')} absences starting per person per "
        f"working day, the scenario's staff-absence rate, a planning assumption, UNVERIFIED; "
        f"{e(runs)}, seed {e(r.seed)}):</p><ul>"
        f"<li>P(every sampled case discussed): <b>{e(f'{r.all_discussed:.1%}')}</b></li>"
        f"<li>Sampled cases discussed as planned: <b>{e(mean)}</b> (P10 {e(p10)}, "
        f"P90 {e(p90)})</li></ul>"
        "<p>The coordinator's rebooking load, sessions changed a day:</p>"
        f"<table>{''.join(rows)}</table>"
    )


def _what_if(d: Disruption) -> str:
    text = f"<h3>What if people are away</h3><p>{e(_capital(what_if_line(d)))} (the scenario's absences).</p>"
    sentences = change_sentences(d)
    if sentences:
        items = "".join(f"<li>{e(s)}.</li>" for s in sentences)
        text += f"<p>The changes:</p><ul>{items}</ul>"
    return text


def onsite_section(part: OnsiteReport) -> str:
    """The section's content (HTML, every text escaped)."""
    parts = [_booked(part), _risk(part)]
    if part.what_if is not None:
        parts.append(_what_if(part.what_if))
    return "\n".join(parts)
