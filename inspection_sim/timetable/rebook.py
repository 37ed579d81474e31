"""Rebooking on the board around people who become absent, one absence at a time.

Each absence becomes known on a day (see the planning assumption ``[rebooking]``); the sessions it
hits on that day or later are taken off the board and put back with the fewest changes: at the
same time with someone else of the same role (swapped), else at another free time on that day or
later with the people it is for (moved), else, for a case, with its substitute (the team manager)
at the planned time or another free time (substitute), else not at all (missed, with the reason).
The board only knows the absences known so far, so no session is moved around an absence that
nobody knows of yet.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace

from inspection_sim.timetable.board import Board, Miss, Placement
from inspection_sim.timetable.sessions import Need, Session

__all__ = ["CHANGE_KINDS", "Outcome", "Spell", "rebook_board"]

#: What rebooking did to a session, from the least to the most disruptive.
CHANGE_KINDS = ("swapped", "moved", "substitute", "missed")


@dataclass(frozen=True)
class Spell:
    """``person`` away on the on-site ``days`` (indices), known on the morning of day ``known``
    (negative: before the visit)."""

    known: int
    person: str
    days: tuple[int, ...]


@dataclass(frozen=True)
class Outcome:
    """One change the coordinator makes: ``before`` becomes ``after`` (None when missed)."""

    kind: str
    before: Placement
    after: Placement | None
    known: int
    away: str
    reason: str = ""


#: Called when a spell is applied, before its sessions are rebooked (to record it as leave).
OnAway = Callable[[Spell], None]


def rebook_board(
    board: Board,
    current: dict[str, Placement],
    spells: Sequence[Spell],
    *,
    explain: bool = True,
    on_away: OnAway | None = None,
) -> list[Outcome]:
    """Apply ``spells`` in order to ``board`` and ``current`` (session id -> placement), both
    changed in place; return the changes. ``explain=False`` skips the reasons (for speed)."""
    outcomes: list[Outcome] = []
    holding: dict[str, set[str]] = {}  # person -> ids of the sessions they are booked in
    for sid, p in current.items():
        for person in p.people:
            holding.setdefault(person, set()).add(sid)
    for spell in spells:
        board.mark_away(spell.person, spell.days)
        if on_away is not None:
            on_away(spell)
        away = set(spell.days)
        hit = [current[sid] for sid in holding.get(spell.person, ()) if current[sid].day in away]
        hit.sort(key=lambda p: (p.day, p.start, p.session.order))
        for placement in hit:
            outcome = _rebook_one(board, placement, spell, explain)
            outcomes.append(outcome)
            sid = placement.session.id
            for person in placement.people:
                holding[person].discard(sid)
            if outcome.after is None:
                del current[sid]
            else:
                current[sid] = outcome.after
                for person in outcome.after.people:
                    holding.setdefault(person, set()).add(sid)
    return outcomes


def _rebook_one(board: Board, p: Placement, spell: Spell, explain: bool) -> Outcome:
    s = p.session
    board.remove(p)
    later = tuple(d for d in s.days if d >= spell.known)
    target = s if later == s.days else replace(s, days=later)
    booked_with = s.substitute if p.substitute and s.substitute is not None else s.needs
    if not all(need.fixed for need in booked_with):
        found = board.try_at(s, booked_with, p.day, p.start, Miss())
        if found is not None:
            same = replace(found, substitute=p.substitute, note=p.note)
            return _done(board, "swapped", p, same, spell)
    found, miss = board.find(target, s.needs)
    if found is not None:
        return _done(board, "moved", p, found, spell)
    if s.substitute is not None:
        note = _substitute_note(board, s, spell, explain)
        instead = board.try_at(s, s.substitute, p.day, p.start, Miss())
        sub_miss = Miss()
        if instead is None:
            instead, sub_miss = board.find(target, s.substitute)
        if instead is not None:
            kind = "moved" if p.substitute else "substitute"
            return _done(board, kind, p, replace(instead, substitute=True, note=note), spell)
        if explain:
            reason, _ = board.explain(target, miss)
            why, _ = board.explain(target, sub_miss)
            stand_in = _labels(s.substitute)
            return Outcome(
                "missed", p, None, spell.known, spell.person,
                f"{reason}; the {stand_in} cannot stand in: {why}",
            )  # fmt: skip
        return Outcome("missed", p, None, spell.known, spell.person)
    reason = board.explain(target, miss)[0] if explain else ""
    return Outcome("missed", p, None, spell.known, spell.person, reason)


def _done(board: Board, kind: str, before: Placement, after: Placement, spell: Spell) -> Outcome:
    board.commit(after)
    return Outcome(kind, before, after, spell.known, spell.person)


def _labels(needs: Sequence[Need]) -> str:
    return ", ".join(n.label for n in needs)


def _substitute_note(board: Board, s: Session, spell: Spell, explain: bool) -> str:
    if not explain:
        return "substitute"
    who = board.people[spell.person].label
    first = board.days[spell.days[0]]
    last = board.days[spell.days[-1]]
    when = f"on {first:%a %d %b}" if first == last else f"from {first:%a %d %b} to {last:%a %d %b}"
    return (
        f"the {_labels(s.substitute or ())} attends in place of the {_labels(s.needs)}: "
        f"{who} is away {when} and no time on the days left fits"
    )
