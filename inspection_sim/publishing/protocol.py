"""What a publisher is: a calendar somewhere that events can be listed in, put into and taken out of.

The reconciliation (:mod:`inspection_sim.publishing.sync`) decides what to create, update and
remove; a publisher only carries it out, one event at a time. CalDAV is the first
(:mod:`inspection_sim.publishing.caldav_target`); Exchange and Microsoft 365 through Microsoft Graph
can follow behind the same four methods, keeping the UID, SEQUENCE, fingerprint and source of each
event in properties of their own.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Protocol, runtime_checkable

from inspection_sim.errors import InspectionSimError
from inspection_sim.publishing.resources import LocalEvent

__all__ = ["PublishError", "Publisher", "RemoteEvent"]


class PublishError(InspectionSimError, OSError):
    """Publishing failed: a bad address, the server's answer or the connection to it."""


@dataclass(frozen=True)
class RemoteEvent:
    """One event as the calendar holds it.

    Attributes:
        uid: its UID.
        sequence: its SEQUENCE (0 when absent).
        fingerprint: its content, compared with a :class:`LocalEvent`'s (see
            :func:`~inspection_sim.publishing.resources.fingerprint`).
        source: the file of the folder that published it (``all-teams.ics``), or None for an
            event inspection-sim did not publish.
        handle: what the publisher needs to change it again (for CalDAV: its address and ETag).
    """

    uid: str
    sequence: int
    fingerprint: str
    source: str | None
    handle: object = None


@runtime_checkable
class Publisher(Protocol):
    """A calendar that :func:`inspection_sim.publish` can keep in step with an output folder.

    Each method either does what it says or raises :class:`PublishError` with a message for the
    planner; a change made stays made, so a run that stops half-way is finished by the next one.
    """

    @property
    def description(self) -> str:
        """The calendar, for messages: ``'Inspection' at https://dav.example.org/...``."""
        ...

    def existing(self) -> list[RemoteEvent]:
        """Every event the calendar holds now."""
        ...

    def create(self, event: LocalEvent) -> None:
        """Add an event the calendar does not have."""
        ...

    def update(self, remote: RemoteEvent, event: LocalEvent) -> None:
        """Replace ``remote`` with ``event`` (same UID)."""
        ...

    def remove(self, remote: RemoteEvent) -> None:
        """Delete ``remote`` from the calendar."""
        ...
