"""Keeping a calendar in step with a folder: what to create, update and remove, then doing it.

For each event of the folder, by UID:

* absent from the calendar: created (a cancelled one is not);
* in the calendar with a higher SEQUENCE: kept as it is, never overwritten with an older version;
* cancelled in the folder: removed;
* otherwise updated when its SEQUENCE or its content differs, else left alone.

The UIDs are inspection-sim's own (``uuid5`` in its namespace), so every copy of one in the
calendar is a copy of that event: a second copy (a calendar program's import, a half-finished
run of some other tool) is removed, leaving each event once.

An event of the calendar that the folder does not have is removed only when inspection-sim
published it from the same file (its mark names it): the planner's own events, and those published
from another file, are never touched. When the calendar holds events published from that file but
shares none with the folder, they come from another plan: publishing stops and says so, unless
``replace`` is given.

The decision is taken afresh from what the calendar holds on every run, so running twice changes
nothing, and a run that stopped half-way (a server killed, a network gone) is finished by the next.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from inspection_sim.publishing.protocol import Publisher, PublishError, RemoteEvent
from inspection_sim.publishing.resources import LocalEvent

__all__ = ["Changes", "PublishResult", "apply_changes", "plan_changes"]


@dataclass(frozen=True)
class Changes:
    """What a run will do to the calendar, in UID order within each kind."""

    create: tuple[LocalEvent, ...] = ()
    update: tuple[tuple[RemoteEvent, LocalEvent], ...] = ()
    remove: tuple[RemoteEvent, ...] = ()
    unchanged: tuple[str, ...] = ()
    kept: tuple[str, ...] = ()  # UIDs the calendar holds a newer version of

    def __len__(self) -> int:
        return len(self.create) + len(self.update) + len(self.remove)


@dataclass(frozen=True)
class PublishResult:
    """What a run did: counts of events created, updated, removed, unchanged and kept newer.

    Attributes:
        target: the calendar, as :attr:`Publisher.description` gives it.
        source: the file published (``all-teams.ics``).
        created, updated, removed: events changed in the calendar.
        unchanged: events the calendar already had as the folder has them.
        kept: UIDs of events the calendar holds a newer version of (a higher SEQUENCE), left as
            they are.
    """

    target: str
    source: str
    created: int = 0
    updated: int = 0
    removed: int = 0
    unchanged: int = 0
    kept: tuple[str, ...] = ()

    def summary(self) -> str:
        """``"2 created, 1 updated, 0 removed, 24 unchanged"``, and any events kept newer."""
        text = (
            f"{self.created} created, {self.updated} updated, {self.removed} removed, "
            f"{self.unchanged} unchanged"
        )
        if self.kept:
            noun = "event" if len(self.kept) == 1 else "events"
            text += (
                f"; {len(self.kept)} {noun} kept as the calendar has them (a newer version, "
                "with a higher SEQUENCE)"
            )
        return text


def plan_changes(
    local: Sequence[LocalEvent],
    remote: Iterable[RemoteEvent],
    *,
    source: str,
    replace: bool = False,
) -> Changes:
    """Decide what to do so that the calendar holds the folder's events (see the module notes).

    Raises:
        PublishError: the calendar holds events another plan published from ``source`` and
            ``replace`` is off.
    """
    wanted = {event.uid: event for event in local}
    copies: dict[str, list[RemoteEvent]] = {}
    for item in remote:
        copies.setdefault(item.uid, []).append(item)
    stale = [
        item
        for uid, items in sorted(copies.items())
        if uid not in wanted
        for item in items
        if item.source == source
    ]
    shared = any(
        item.source == source for uid, items in copies.items() if uid in wanted for item in items
    )
    if stale and not shared and not replace:
        raise PublishError(
            f"the calendar holds {len(stale)} events published from {source} of another plan "
            "(none of them is in this folder); publish into a calendar of its own, or add "
            "--replace to remove them"
        )
    create: list[LocalEvent] = []
    update: list[tuple[RemoteEvent, LocalEvent]] = []
    remove: list[RemoteEvent] = list(stale)
    unchanged: list[str] = []
    kept: list[str] = []
    for uid in sorted(wanted):
        event = wanted[uid]
        held = copies.get(uid, [])
        if not held:
            if not event.cancelled:
                create.append(event)
        elif any(item.sequence > event.sequence for item in held):
            kept.append(uid)
        elif event.cancelled:
            remove.extend(held)
        else:
            # One copy is kept (an identical one if there is), any other copy of the UID goes.
            same = [item for item in held if _same(item, event)]
            first = (same or held)[0]
            remove.extend(item for item in held if item is not first)
            if same:
                unchanged.append(uid)
            else:
                update.append((first, event))
    return Changes(
        create=tuple(create),
        update=tuple(update),
        remove=tuple(remove),
        unchanged=tuple(unchanged),
        kept=tuple(kept),
    )


def _same(item: RemoteEvent, event: LocalEvent) -> bool:
    return item.sequence == event.sequence and item.fingerprint == event.fingerprint


def apply_changes(changes: Changes, publisher: Publisher, *, source: str) -> PublishResult:
    """Carry out ``changes`` one event at a time.

    Raises:
        PublishError: a change failed; the message says how many were made before it (they stay
            made) and that publishing again finishes the rest.
    """
    done = 0
    try:
        for event in changes.create:
            publisher.create(event)
            done += 1
        for current, event in changes.update:
            publisher.update(current, event)
            done += 1
        for current in changes.remove:
            publisher.remove(current)
            done += 1
    except PublishError as error:
        raise _partly_done(error, done, len(changes)) from None
    return PublishResult(
        target=publisher.description,
        source=source,
        created=len(changes.create),
        updated=len(changes.update),
        removed=len(changes.remove),
        unchanged=len(changes.unchanged),
        kept=changes.kept,
    )


def _partly_done(error: PublishError, done: int, total: int) -> PublishError:
    if not done:
        return error
    first, *rest = error.problems
    note = f"; {done} of {total} changes were made before this: publish again to finish"
    return PublishError(problems=[dataclasses.replace(first, message=first.message + note), *rest])
