"""What a coordinator reads about absence in the on-site days: a what-if's changes and shares, and
the Monte Carlo's spreads, in plain English (people by name) and as JSON-ready data."""

from __future__ import annotations

from datetime import date
from typing import Any

from inspection_sim.timetable.disruption import CaseShares, Disruption, SessionChange
from inspection_sim.timetable.disruption_risk import AbsenceRisk, Spread
from inspection_sim.timetable.result import Booking, Timetable

__all__ = ["change_sentences", "disruption_dict", "disruption_summary", "risk_dict", "risk_summary"]

_SHARES = (
    ("as_planned", "discussed as planned"),
    ("with_worker", "with their allocated worker"),
    ("with_substitute", "with a substitute"),
    ("not_discussed", "not discussed"),
)


def _when(b: Booking) -> str:
    return f"{b.start:%a %d %b %H:%M}"


def _known(c: SessionChange) -> str:
    return f"{c.known:%a %d %b}" if c.known else "before"


def _names(tt: Timetable, ids: tuple[str, ...]) -> str:
    return ", ".join(tt.person_name(p) for p in ids) or "nobody"


def _sentence(d: Disruption, c: SessionChange) -> str:
    tt = d.after
    away = tt.person_name(c.away)
    if c.kind == "missed":
        return f"{c.title} on {_when(c.before)} is not held: {c.reason}"
    assert c.after is not None
    if c.kind == "substitute":
        where = "" if c.after.start == c.before.start else f", moved to {_when(c.after)}"
        return (
            f"{c.title} on {_when(c.before)} is held with {_names(tt, c.after.people)} in place "
            f"of {away}{where}"
        )
    if c.kind == "swapped":
        return (
            f"{c.title} on {_when(c.before)} is held with {_names(tt, c.after.people)} "
            f"instead (was {_names(tt, c.before.people)}; {away} is away)"
        )
    return f"{c.title} moves from {_when(c.before)} to {_when(c.after)} ({away} is away)"


def change_sentences(d: Disruption) -> list[str]:
    """Each change of the what-if in a sentence, people by name."""
    return [_sentence(d, c) for c in d.changes]


def _absence_line(d: Disruption) -> str:
    parts = []
    for a in d.absences:
        first = a.first or d.plan.days[0]
        last = a.last or d.plan.days[-1]
        who = d.plan.people[a.person].label
        if first == last:
            parts.append(f"{who} is away on {first:%a %d %b %Y}")
        else:
            parts.append(f"{who} is away {first:%a %d %b} to {last:%a %d %b %Y}")
    return "What if " + "; ".join(parts) + "." if parts else "What if nobody is away."


def _notice(days: int) -> str:
    when = "on the morning it starts" if days == 0 else f"{days} working day(s) before it starts"
    return f"The coordinator learns of each absence {when} (planning assumption, UNVERIFIED)."


def _share(value: float, count: int) -> str:
    return f"{round(value * count)} of {count} ({value:.0%})"


def disruption_summary(d: Disruption) -> str:
    """The absences, each change in a sentence, a table of the changes (ids), the shares before
    and after, and the coordinator's changes on each day."""
    lines = [_absence_line(d), _notice(d.notice_days)]
    counts = {k: sum(c.kind == k for c in d.changes) for k in ("moved", "swapped")}
    counts["substitute"] = len(d.substitutes)
    counts["missed"] = len(d.missed)
    if not d.changes:
        lines.append("No booked session changes.")
    else:
        lines.append(
            f"{len(d.changes)} booked session(s) change: {counts['moved']} moved, "
            f"{counts['swapped']} with someone else at the same time, {counts['substitute']} "
            f"with a substitute, {counts['missed']} not held."
        )
        lines += [f"  {sentence}." for sentence in change_sentences(d)]
        lines.append("")
        lines.append(
            f"  {'known':<10} {'change':<10} {'session':<32} {'from':<16} {'to':<16} people"
        )
        for c in d.changes:
            after = c.after
            lines.append(
                f"  {_known(c):<10} {c.kind:<10} {c.session:<32} {_when(c.before):<16} "
                f"{(_when(after) if after else '-'):<16} "
                f"{';'.join(c.before.people)} -> {';'.join(after.people) if after else '-'}"
            )
        lines.append("")
    n = len(d.plan.cases)
    lines.append(f"Sampled cases ({n}), after rebooking (planned):")
    for key, label in _SHARES:
        now, was = getattr(d.shares, key), getattr(d.planned, key)
        lines.append(f"  {label + ':':<30} {_share(now, n):<16} ({was:.0%})")
    busy = [f"{count} on {day:%a %d %b}" for day, count in d.load_by_day().items() if count]
    if d.before:
        busy.insert(0, f"{d.before} before the visit")
    load = ", ".join(busy) if busy else "none"
    lines.append(f"The coordinator's rebooking load (sessions changed a day): {load}.")
    return "\n".join(lines)


def _shares_dict(shares: CaseShares) -> dict[str, float]:
    return {key: round(getattr(shares, key), 4) for key, _ in _SHARES}


def _booking(b: Booking | None) -> dict[str, Any] | None:
    if b is None:
        return None
    return {
        "start": b.start.isoformat(),
        "end": b.end.isoformat(),
        "room": b.room,
        "inspectors": list(b.inspectors),
        "people": list(b.people),
        "substitute": b.substitute,
    }


def disruption_dict(d: Disruption) -> dict[str, Any]:
    """The what-if as JSON-ready data."""
    return {
        "absences": [
            {
                "person": a.person,
                "first": (a.first or d.plan.days[0]).isoformat(),
                "last": (a.last or d.plan.days[-1]).isoformat(),
            }
            for a in d.absences
        ],
        "notice_days": d.notice_days,
        "changes": [
            {
                "kind": c.kind,
                "session": c.session,
                "case_id": c.case_id,
                "known": c.known.isoformat() if c.known else "before",
                "away": c.away,
                "before": _booking(c.before),
                "after": _booking(c.after),
                "reason": c.reason,
            }
            for c in d.changes
        ],
        "planned": _shares_dict(d.planned),
        "shares": _shares_dict(d.shares),
        "load": {day.isoformat(): count for day, count in d.load_by_day().items()},
        "before": d.before,
    }


def _spread(s: Spread, percent: bool) -> str:
    if percent:
        return f"{s.mean:6.1%}  ({s.p10:.0%} / {s.p50:.0%} / {s.p90:.0%})"
    return f"{s.mean:6.2f}  ({s.p10:g} / {s.p50:g} / {s.p90:g})"


def risk_summary(r: AbsenceRisk) -> str:
    """The Monte Carlo's spreads: shares, the chance every case is discussed, the daily load."""
    spec = r.length
    lines = [
        f"Random staff absence over {r.runs} runs (seed {r.seed}): {r.rate:g} absences starting "
        f"per person per working day, each {spec.kind} {tuple(spec.params)} working days "
        "(planning assumption, UNVERIFIED).",
        _notice(r.notice_days),
        f"Sampled cases ({len(r.plan.cases)}), mean (10th / 50th / 90th percentile); planned in "
        "brackets after:",
    ]
    for key, label in _SHARES:
        lines.append(
            f"  {label + ':':<30} {_spread(getattr(r, key), True)}  [{getattr(r.planned, key):.0%}]"
        )
    lines.append(
        f"Every sampled case discussed in {r.all_discussed:.0%} of runs; every one with its "
        f"allocated worker in {r.all_with_worker:.0%}; absence changed the timetable in "
        f"{r.disrupted:.0%}."
    )
    lines.append("The coordinator's rebooking load, sessions changed a day (mean, percentiles):")
    rows = [(f"{day:%a %d %b}", spread) for day, spread in zip(r.days, r.load, strict=True)]
    rows += [("before the visit", r.before), ("busiest day", r.busiest), ("in all", r.total)]
    lines += [f"  {label:<17}{_spread(spread, False)}" for label, spread in rows]
    return "\n".join(lines)


def _spread_dict(s: Spread) -> dict[str, float]:
    return {
        "mean": round(s.mean, 4),
        "p10": round(s.p10, 4),
        "p50": round(s.p50, 4),
        "p90": round(s.p90, 4),
    }


def risk_dict(r: AbsenceRisk) -> dict[str, Any]:
    """The Monte Carlo as JSON-ready data."""
    days: list[date] = list(r.days)
    return {
        "runs": r.runs,
        "seed": r.seed,
        "rate": r.rate,
        "notice_days": r.notice_days,
        "length": {"kind": r.length.kind, "params": list(r.length.params)},
        "planned": _shares_dict(r.planned),
        "shares": {key: _spread_dict(getattr(r, key)) for key, _ in _SHARES},
        "all_discussed": round(r.all_discussed, 4),
        "all_with_worker": round(r.all_with_worker, 4),
        "disrupted": round(r.disrupted, 4),
        "load": {day.isoformat(): _spread_dict(s) for day, s in zip(days, r.load, strict=True)},
        "before": _spread_dict(r.before),
        "busiest": _spread_dict(r.busiest),
        "total": _spread_dict(r.total),
    }
