"""The on-site week of a simulation: what random staff absence does to the booked week, and the
what-if of people known to be away, in plain English and as JSON-ready data.

:class:`OnsiteWeek` puts together the booked week (:class:`~.result.Timetable`), the Monte Carlo of
:func:`~.disruption_risk.absence_risk` over it and, when absences are given, the week rebooked
around them (:func:`~.disruption.rebook_absences`), whose timetable rows mark each change. Which week is booked, and why, is the caller's
to say (``week``, in words): the engines here know no scenario.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from inspection_sim.timetable.disruption import CaseShares, Disruption
from inspection_sim.timetable.disruption_risk import AbsenceRisk, Spread
from inspection_sim.timetable.disruption_text import disruption_dict, risk_dict
from inspection_sim.timetable.result import COLUMNS, Timetable, timetable_rows

__all__ = [
    "CHANGE_COLUMNS",
    "OnsiteWeek",
    "changed_rows",
    "onsite_week_dict",
    "onsite_week_summary",
    "what_if_line",
]


@dataclass(frozen=True)
class OnsiteWeek:
    """The booked on-site week (``plan``; ``week`` says which it is), random staff absence over it
    (``risk``; its runs may be fewer than the simulation's, ``asked`` runs) and the what-if."""

    week: str
    plan: Timetable
    risk: AbsenceRisk
    asked: int
    what_if: Disruption | None = None


def _count(n: int, one: str, many: str | None = None) -> str:
    return f"{n} {one if n == 1 else (many or one + 's')}"


def _share(shares: CaseShares, cases: int) -> str:
    return f"{round(shares.as_planned * cases)} of {cases} ({shares.as_planned:.0%})"


def _people(d: Disruption) -> str:
    names = list(dict.fromkeys(d.plan.person_name(a.person) for a in d.absences))
    if len(names) <= 1:
        return "".join(names) or "nobody"
    return ", ".join(names[:-1]) + " and " + names[-1]


def what_if_line(d: Disruption) -> str:
    """The what-if in one sentence: who is away, the sessions rebooked, held with a substitute
    and missed, and the sampled cases discussed as planned before and after."""
    rebooked, stand_ins, missed = len(d.moved), len(d.substitutes), len(d.missed)
    n = len(d.plan.cases)
    verb = "is" if len({a.person for a in d.absences}) == 1 else "are"
    return (
        f"what if {_people(d)} {verb} away: {_count(rebooked, 'session')} rebooked (moved or "
        f"held with someone else), {stand_ins} held with a substitute, {missed} missed; sampled "
        f"cases discussed as planned {_share(d.planned, n)} before, {_share(d.shares, n)} after"
    )


def _spread(s: Spread, percent: bool) -> str:
    if percent:
        return f"{s.mean:.1%} (P10 {s.p10:.0%}, P90 {s.p90:.0%})"
    return f"{s.mean:5.2f} (P10 {s.p10:g}, P90 {s.p90:g})"


def _notice(days: int) -> str:
    return "on the morning it starts" if days == 0 else f"{days} working day(s) before it starts"


def onsite_week_summary(w: OnsiteWeek) -> str:
    """The on-site part of a simulation's report: the week, the chance every sampled case is
    discussed, the share discussed as planned, the coordinator's rebooking load on each day and
    the what-if."""
    r, plan = w.risk, w.plan
    first, last = plan.days[0], plan.days[-1]
    runs = f"{r.runs:,} runs" if r.runs == w.asked else f"{r.runs:,} runs (of {w.asked:,} asked)"
    lines = [
        f"On-site week: {w.week}, {first:%a %d %b} to {last:%a %d %b %Y}; "
        f"{_count(len(plan.bookings), 'session')} booked, "
        f"{len(plan.unbooked) or 'none'} left unbooked, {_count(len(plan.cases), 'sampled case')}.",
        f"Random staff absence: {r.rate:g} absences starting per person per working day "
        f"(the scenario's staff-absence rate), {runs}, seed {r.seed}; the coordinator learns of "
        f"each absence {_notice(r.notice_days)} (planning assumption, UNVERIFIED).",
        f"  P(every sampled case discussed): {r.all_discussed:.1%}",
        f"  sampled cases discussed as planned: {_spread(r.as_planned, True)}",
        "  the coordinator's rebooking load, sessions changed a day (mean, P10, P90):",
    ]
    rows = [(f"{day:%a %d %b}", spread) for day, spread in zip(r.days, r.load, strict=True)]
    rows.append(("before the visit", r.before))
    lines += [f"    {label:<17}{_spread(spread, False)}" for label, spread in rows]
    if w.what_if is not None:
        line = what_if_line(w.what_if)
        lines.append(f"{line[0].upper()}{line[1:]} (the scenario's [[onsite.absent]]).")
        busy = [f"{n} on {day:%a %d %b}" for day, n in w.what_if.load_by_day().items() if n]
        if w.what_if.before:
            busy.insert(0, f"{w.what_if.before} before the visit")
        lines.append(f"  the coordinator's changes: {', '.join(busy) or 'none'}")
    return "\n".join(lines)


def onsite_week_dict(w: OnsiteWeek) -> dict[str, Any]:
    """The on-site part as JSON-ready data."""
    return {
        "week": w.week,
        "days": [day.isoformat() for day in w.plan.days],
        "sessions_booked": len(w.plan.bookings),
        "sessions_not_booked": len(w.plan.unbooked),
        "sampled_cases": len(w.plan.cases),
        "runs_asked": w.asked,
        "absence_risk": risk_dict(w.risk),
        "what_if": None if w.what_if is None else disruption_dict(w.what_if),
    }


#: ``timetable.csv`` of a week rebooked around absences: the timetable's columns and ``change``.
CHANGE_COLUMNS = (*COLUMNS, "change")


def changed_rows(d: Disruption) -> list[dict[str, str]]:
    """The rows of the rebooked timetable, each with the change that made it (``moved``,
    ``swapped``: same time with someone else, ``substitute`` or ``missed``; empty: as planned)."""
    kinds = {c.session: c.kind for c in d.changes}
    return [{**row, "change": kinds.get(row["session"], "")} for row in timetable_rows(d.after)]
