"""Publishing an output folder: calendars that update in place instead of being imported again.

Two routes, from the same folder that ``rehearse`` (and later ``plan`` and ``track``) writes:

* :func:`publish` keeps a calendar on a server in step with the folder's combined calendar (or one
  team's): it creates, updates by UID (never over a higher SEQUENCE) and removes events, so that
  running it twice changes nothing. CalDAV is the first server; a :class:`Publisher` for Microsoft
  Graph can come behind the same interface.
* :func:`write_feed` adds ``feed.ics`` to the folder, a subscription feed a web server can host;
  every later write of the folder renews it.

The package is named ``publishing`` so that the public function ``inspection_sim.publish`` is
never shadowed by a submodule of the same name.
"""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

from inspection_sim.errors import OutputError
from inspection_sim.export.feed import DEFAULT_REFRESH, FEED_NAME, check_refresh, feed_bytes
from inspection_sim.export.folder import FolderUpdate, Previous, write_folder
from inspection_sim.export.manifest import read_manifest
from inspection_sim.publishing.credentials import Credentials
from inspection_sim.publishing.protocol import Publisher, PublishError, RemoteEvent
from inspection_sim.publishing.resources import LocalEvent
from inspection_sim.publishing.source import Source, read_source
from inspection_sim.publishing.sync import PublishResult, apply_changes, plan_changes

__all__ = [
    "Credentials",
    "LocalEvent",
    "PublishError",
    "PublishResult",
    "Publisher",
    "RemoteEvent",
    "Source",
    "publish",
    "read_source",
    "write_feed",
]


def publish(
    folder: str | Path,
    caldav: str | None = None,
    *,
    calendar: str | None = None,
    team: str | None = None,
    create: bool = False,
    replace: bool = False,
    insecure_skip_tls_verify: bool = False,
    credentials: Credentials | None = None,
    publisher: Publisher | None = None,
) -> PublishResult:
    """Make a calendar hold the events of an output folder, as they are there now.

    Args:
        folder: a folder written by ``rehearse`` (or :func:`write_calendars`).
        caldav: the CalDAV server's address (``https://``; ``http://`` only for this computer),
            or the address of a calendar on it.
        calendar: the calendar's display name on the server.
        team: publish this team's calendar (``team-<name>.ics``) instead of the combined one.
        create: create the calendar when the server has none of that name.
        replace: remove events that another plan published into the calendar.
        insecure_skip_tls_verify: do not check the server's TLS certificate.
        credentials: user name and password (default: ``INSPECTION_SIM_CALDAV_USER`` and
            ``INSPECTION_SIM_CALDAV_PASSWORD``, else ``~/.netrc``).
        publisher: any other :class:`Publisher`, instead of ``caldav`` and its options.

    Returns:
        What changed: events created, updated, removed, unchanged, and kept because the calendar
        has a newer version.

    Raises:
        OutputError: the folder was not written by inspection-sim or was edited since.
        UnknownNameError: no calendar of that team in the folder, or of that name on the server.
        PublishError: the server cannot be reached or refused a change; another plan's events
            are in the calendar and ``replace`` is off.
    """
    if (caldav is None) == (publisher is None):
        raise PublishError("give a CalDAV address or a publisher (one of them)", key="caldav")
    source = read_source(folder, team=team)
    if publisher is None:
        from inspection_sim.publishing.caldav_target import CaldavPublisher

        assert caldav is not None
        publisher = CaldavPublisher.connect(
            caldav,
            calendar=calendar,
            create=create,
            insecure_skip_tls_verify=insecure_skip_tls_verify,
            credentials=credentials,
        )
    changes = plan_changes(source.events, publisher.existing(), source=source.name, replace=replace)
    return apply_changes(changes, publisher, source=source.name)


def write_feed(folder: str | Path, *, refresh: timedelta = DEFAULT_REFRESH) -> FolderUpdate:
    """Add (or renew) ``feed.ics`` in an output folder, from its combined calendar.

    The other files of the folder are kept as they are; every later write of the folder's
    calendars renews the feed with the same refresh interval.

    Args:
        folder: a folder written by ``rehearse`` (or :func:`write_calendars`).
        refresh: how often subscribers should fetch it (15 minutes to a day).

    Raises:
        OutputError: the folder was not written by inspection-sim, or a file in it was edited
            since (rewrite the folder first).
        ArgumentTypeError: ``refresh`` is out of range.
    """
    path = Path(folder)
    source = read_source(path)  # the same checks as publishing: ours, and not edited since
    check_refresh(refresh)

    def build(previous: Previous) -> dict[str, bytes]:
        files: dict[str, bytes] = {}
        for name in sorted(read_manifest(path) or {}):
            data = previous(name)
            if data is not None and name != FEED_NAME:
                files[name] = data
        combined = files.get(source.name)
        if combined is None:
            raise OutputError(f"{source.name} was removed while writing the feed", source=str(path))
        files[FEED_NAME] = feed_bytes(combined, refresh=refresh)
        return files

    return write_folder(path, build)
