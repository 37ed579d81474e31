"""A CalDAV calendar as a publisher, through the ``caldav`` library.

The calendar is found among the calendars of the user the credentials name: by the address itself
when it is a calendar's, else by its display name (``--calendar``), created on request
(``--create``). Its events are listed with one REPORT; each change is one request: a PUT with
``If-None-Match: *`` to create (at ``<uid>.ics``), a PUT with ``If-Match`` and the ETag listed to
update, a DELETE with ``If-Match`` to remove. A calendar changed by someone else in the meantime
answers 412, and the run stops rather than overwrite that change; the next run starts from what the
calendar then holds.

Resources are sent byte for byte as :mod:`inspection_sim.publishing.resources` makes them: the
library's own save would add one to SEQUENCE on every save. TLS certificates are checked unless
``insecure_skip_tls_verify`` says otherwise in so many words.

Every failure becomes a :class:`PublishError` of one line that names the server and what to do:
an address that does not answer, a certificate that does not verify, credentials refused, a
calendar that is not there (the closest name suggested).
"""

from __future__ import annotations

import re
import warnings
from dataclasses import dataclass
from typing import Any
from urllib.parse import quote

from inspection_sim.errors import UnknownNameError
from inspection_sim.publishing.address import Address, check_address
from inspection_sim.publishing.credentials import Credentials, find_credentials, where_to_put
from inspection_sim.publishing.protocol import PublishError, RemoteEvent
from inspection_sim.publishing.resources import LocalEvent, read_remote

__all__ = ["TIMEOUT_SECONDS", "CaldavPublisher"]

#: How long to wait for the server to answer one request.
TIMEOUT_SECONDS = 30

_CONTENT_TYPE = {"Content-Type": 'text/calendar; charset="utf-8"'}
_CLOSED = "the server closed the connection"
_ERRNO_TEXT = re.compile(r"\[Errno -?\d+\] ([^'\")]+)")


@dataclass(frozen=True)
class _Handle:
    """Where an event is on the server and which version was listed."""

    url: str
    etag: str | None


class CaldavPublisher:
    """Publishes into one calendar of a CalDAV server. Use :meth:`connect`."""

    def __init__(self, client: Any, calendar: Any, name: str, address: Address) -> None:
        self._client = client
        self._calendar = calendar
        self._name = name
        self._address = address

    @classmethod
    def connect(
        cls,
        caldav: str,
        *,
        calendar: str | None = None,
        create: bool = False,
        insecure_skip_tls_verify: bool = False,
        credentials: Credentials | None = None,
    ) -> CaldavPublisher:
        """Reach the server at ``caldav`` and find the calendar to publish into.

        Args:
            caldav: the server's address, or a calendar's own address.
            calendar: the calendar's display name; needed unless ``caldav`` is a calendar's
                address.
            create: create the calendar when the server has none of that name.
            insecure_skip_tls_verify: do not check the server's TLS certificate (only on a network
                you trust: anyone in between could read the password).
            credentials: the user name and password (default: the environment, else netrc).

        Raises:
            PublishError: a bad address, no answer, a certificate or credentials refused.
            UnknownNameError: no calendar of that name (the closest is suggested).
        """
        from caldav.davclient import DAVClient

        address = check_address(caldav)
        found = credentials if credentials is not None else find_credentials(address.host)
        client: Any = DAVClient(
            url=address.url,
            username=found.user if found else None,
            password=found.password if found else None,
            timeout=TIMEOUT_SECONDS,
            ssl_verify_cert=not insecure_skip_tls_verify,
            enable_rfc6764=False,  # the address given is the one used, never one DNS suggests
        )
        with _talking(address, "finding the calendars"):
            principal = client.principal()
            calendars = {str(item.get_display_name() or ""): item for item in principal.calendars()}
            name, chosen = _choose(address, calendars, calendar)
            if chosen is None:
                if not create:
                    raise _missing(address, calendars, name)
                chosen = principal.make_calendar(name=name)
        return cls(client, chosen, name, address)

    @property
    def description(self) -> str:
        return f"{self._name!r} at {self._address.where}"

    def existing(self) -> list[RemoteEvent]:
        import caldav as library

        with _talking(self._address, "listing the calendar's events"):
            found = self._calendar.search(comp_class=library.Event)
        events = []
        for item in found:
            content = read_remote(item.data or "")
            if content is None:
                continue  # not an event with a UID: nothing inspection-sim could have written
            handle = _Handle(str(item.url), item.etag or None)
            events.append(
                RemoteEvent(
                    content.uid, content.sequence, content.fingerprint, content.source, handle
                )
            )
        return events

    def create(self, event: LocalEvent) -> None:
        url = str(self._calendar.url.join(quote(event.uid, safe="") + ".ics"))
        self._send("PUT", url, event, {"If-None-Match": "*"})

    def update(self, remote: RemoteEvent, event: LocalEvent) -> None:
        handle = _handle(remote)
        condition = {"If-Match": handle.etag} if handle.etag else {}
        self._send("PUT", handle.url, event, condition)

    def remove(self, remote: RemoteEvent) -> None:
        handle = _handle(remote)
        condition = {"If-Match": handle.etag} if handle.etag else {}
        with _talking(self._address, f"removing event {remote.uid}"):
            response = self._client.delete(handle.url, condition)
        if response.status != 404:  # already gone is what was wanted
            _check(response.status, response.reason, self._address, f"removing event {remote.uid}")

    def _send(self, method: str, url: str, event: LocalEvent, condition: dict[str, str]) -> None:
        doing = f"sending event {event.uid}"
        with _talking(self._address, doing):
            body = event.resource.decode("utf-8")
            response = self._client.put(url, body, {**_CONTENT_TYPE, **condition})
        _check(response.status, response.reason, self._address, doing)


def _choose(
    address: Address, calendars: dict[str, Any], wanted: str | None
) -> tuple[str, Any | None]:
    """The calendar the address names, else the one called ``wanted`` (None: not there)."""
    by_url = {_normal(str(item.url)): (name, item) for name, item in calendars.items()}
    named = by_url.get(_normal(address.url))
    if named is not None and wanted in (None, named[0]):
        return named
    if wanted is None:
        names = ", ".join(sorted(calendars)) or "none"
        raise PublishError(
            f"is not the address of a calendar: add --calendar NAME (calendars there: {names})",
            key="caldav",
            value=address.url,
        )
    return wanted, calendars.get(wanted)


def _missing(address: Address, calendars: dict[str, Any], name: str) -> UnknownNameError:
    return UnknownNameError(
        f"{address.where} has no calendar of this name (add --create to create it)",
        key="calendar",
        value=name,
        choices=sorted(calendars),
    )


def _normal(url: str) -> str:
    return url.rstrip("/") + "/"


def _handle(remote: RemoteEvent) -> _Handle:
    if not isinstance(remote.handle, _Handle):
        raise TypeError("a CalDAV publisher changes only events it listed itself")
    return remote.handle


def _check(status: int, reason: str | None, address: Address, doing: str) -> None:
    """Raise for an answer that is not a success."""
    if 200 <= status < 300:
        return
    if status in (409, 412):
        raise PublishError(
            f"{address.where} refused {doing}: the calendar was changed by someone else while "
            f"publishing (HTTP {status}); publish again"
        )
    raise PublishError(f"{address.where} refused {doing} (HTTP {status} {reason or ''})".strip())


class _talking:
    """Turns the library's and the network's exceptions into one-line :class:`PublishError`.

    Also keeps quiet the HTTP library's warning about an unverified certificate: the planner
    asked for that with --insecure-skip-tls-verify, and a warning on every request helps no one.
    """

    def __init__(self, address: Address, doing: str) -> None:
        self._address = address
        self._doing = doing
        self._warnings = warnings.catch_warnings()

    def __enter__(self) -> None:
        self._warnings.__enter__()
        warnings.filterwarnings("ignore", message="Unverified HTTPS request")

    def __exit__(
        self, kind: type[BaseException] | None, error: BaseException | None, _: Any
    ) -> None:
        self._warnings.__exit__(kind, error, _)
        if error is None or isinstance(error, PublishError | UnknownNameError):
            return
        translated = _translate(error, self._address, self._doing)
        if translated is not None:
            raise translated from None


def _translate(error: BaseException, address: Address, doing: str) -> PublishError | None:
    from caldav.lib import error as dav
    from niquests import exceptions as http

    where = address.where
    if isinstance(error, dav.AuthorizationError):
        status = error.status or 401
        if status == 403:
            return PublishError(
                f"{where} refused access while {doing} (HTTP 403): the user has no right to "
                "this calendar"
            )
        return PublishError(
            f"{where} refused the user name and password (HTTP 401); {where_to_put(address.host)}"
        )
    if isinstance(error, dav.NotFoundError):
        return PublishError(
            f"{where} has no CalDAV service at this address (HTTP 404)",
            key="caldav",
            value=address.url,
        )
    if isinstance(error, dav.RateLimitError):
        return PublishError(f"{where} is busy (HTTP {error.status or 503}); try again later")
    if isinstance(error, dav.DAVError):
        answer = f"HTTP {error.status}" if error.status else error.reason
        return PublishError(f"{where} refused {doing} ({answer})")
    if isinstance(error, http.SSLError):
        return PublishError(
            f"{where}: the TLS certificate could not be verified ({_reason(error)}); fix the "
            "server's certificate, or add --insecure-skip-tls-verify only on a network you trust"
        )
    if isinstance(error, http.Timeout):
        return PublishError(
            f"{where} did not answer within {TIMEOUT_SECONDS} seconds while {doing}"
        )
    if isinstance(error, http.ConnectionError | ConnectionError):
        reason = _reason(error)
        if reason == _CLOSED:
            return PublishError(f"lost the connection to {where} while {doing} ({reason})")
        return PublishError(f"cannot reach {where} while {doing} ({reason})")
    if isinstance(error, http.RequestException):
        return PublishError(f"{where}: {doing} failed ({_reason(error)})")
    return None


def _reason(error: BaseException) -> str:
    """The operating system's words for a network failure, without the library's wrapping."""
    text = str(error)
    if "Failed to resolve" in text or "Name or service not known" in text:
        return "the host name is not known"
    found = _ERRNO_TEXT.search(text)
    if found:
        return found.group(1).strip().lower()
    if "certificate verify failed" in text:
        detail = text.split("certificate verify failed:", 1)[-1].split("(")[0].strip(" )'\"")
        return f"certificate verify failed: {detail}" if detail else "certificate verify failed"
    if "RemoteDisconnected" in text or "closed connection" in text or "Connection aborted" in text:
        return _CLOSED
    return type(error).__name__
