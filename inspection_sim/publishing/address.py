"""The address of a calendar server, checked before anything is sent to it.

It must be an ``https://`` address with a host name; ``http://`` is accepted only for this
computer (``localhost``, ``127.0.0.1``, ``::1``), since over plain HTTP the password and the plan
cross the network unencrypted. A user name or password in the address is refused: it would be kept
in the shell's history (see :mod:`inspection_sim.publishing.credentials` for where they go).
Messages show the address with any password replaced by ``***``.
"""

from __future__ import annotations

import ipaddress
import re
from dataclasses import dataclass
from urllib.parse import urlsplit, urlunsplit

from inspection_sim.publishing.protocol import PublishError

__all__ = ["Address", "check_address"]

_LOCAL_NAMES = frozenset({"localhost"})
#: ``//user:password@`` in an address.
_PASSWORD = re.compile(r"(//[^/@:]*):[^/@]*@")


@dataclass(frozen=True)
class Address:
    """A checked server address."""

    url: str
    host: str
    port: int | None

    @property
    def where(self) -> str:
        """``host`` or ``host:port``, for messages."""
        host = f"[{self.host}]" if ":" in self.host else self.host
        return host if self.port is None else f"{host}:{self.port}"


def check_address(text: str) -> Address:
    """Check a server address given as ``--caldav``.

    Raises:
        PublishError: not an http(s) address with a host, a user name or password in it, or plain
            http to another computer.
    """
    shown = shown_address(text)
    try:
        parts = urlsplit(text.strip())
        port = parts.port
    except ValueError:
        raise PublishError(
            "is not a valid address; give the calendar server's address, for example "
            "https://dav.example.org/",
            key="caldav",
            value=shown,
        ) from None
    if parts.scheme.lower() not in ("https", "http") or not parts.hostname:
        raise PublishError(
            "must be an https:// address with a host name, for example https://dav.example.org/",
            key="caldav",
            value=shown,
        )
    if parts.username is not None or parts.password is not None:
        raise PublishError(
            "must not hold a user name or password (the shell would keep them in its history); "
            "set INSPECTION_SIM_CALDAV_USER and INSPECTION_SIM_CALDAV_PASSWORD, or use ~/.netrc",
            key="caldav",
            value=shown,
        )
    host = parts.hostname
    if parts.scheme.lower() == "http" and not _this_computer(host):
        raise PublishError(
            "plain http:// would send the password and the plan unencrypted; use https:// "
            "(http:// is accepted only for this computer: localhost, 127.0.0.1)",
            key="caldav",
            value=shown,
        )
    url = urlunsplit(parts._replace(path=parts.path or "/"))
    return Address(url=url, host=host, port=port)


def shown_address(text: str) -> str:
    """The address with any password replaced by ``***`` (read as text: it may not parse)."""
    return _PASSWORD.sub(r"\1:***@", text)


def _this_computer(host: str) -> bool:
    if host.lower() in _LOCAL_NAMES:
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False
