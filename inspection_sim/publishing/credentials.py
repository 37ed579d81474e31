"""Where the user name and password for a calendar server come from: never the command line.

In order: the environment (``INSPECTION_SIM_CALDAV_USER`` and ``INSPECTION_SIM_CALDAV_PASSWORD``,
both or neither), then a ``machine`` entry for the server's host in ``~/.netrc`` (or the file
``NETRC`` names), the file curl, git and pip read too. A command-line argument would be kept in the
shell's history and shown to every user of the machine by ``ps``; a file in the project would be
copied and committed with it. Without either, the server is asked without credentials and the
error it gives says where to put them.
"""

from __future__ import annotations

import netrc
import os
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

from inspection_sim.publishing.protocol import PublishError

__all__ = ["PASSWORD_VARIABLE", "USER_VARIABLE", "Credentials", "find_credentials", "where_to_put"]

USER_VARIABLE = "INSPECTION_SIM_CALDAV_USER"
PASSWORD_VARIABLE = "INSPECTION_SIM_CALDAV_PASSWORD"


@dataclass(frozen=True)
class Credentials:
    """A user name and password, and where they were found (for messages; never the password)."""

    user: str
    password: str = field(repr=False)
    origin: str = "the caller"


def find_credentials(host: str, *, environ: Mapping[str, str] | None = None) -> Credentials | None:
    """The credentials for ``host``: from the environment, else from netrc, else None.

    Raises:
        PublishError: only one of the two variables is set, or the netrc file cannot be read.
    """
    env = os.environ if environ is None else environ
    user, password = env.get(USER_VARIABLE), env.get(PASSWORD_VARIABLE)
    if user is not None or password is not None:
        if not user or password is None:
            missing = USER_VARIABLE if not user else PASSWORD_VARIABLE
            raise PublishError(
                f"{missing} is not set: set both {USER_VARIABLE} and {PASSWORD_VARIABLE}, "
                "or neither (to use ~/.netrc)"
            )
        return Credentials(user, password, "the environment")
    return _from_netrc(host, env)


def where_to_put(host: str) -> str:
    """Advice for a 401: the two ways to give credentials."""
    return (
        f"set {USER_VARIABLE} and {PASSWORD_VARIABLE}, or add a 'machine {host}' entry to ~/.netrc"
    )


def _from_netrc(host: str, env: Mapping[str, str]) -> Credentials | None:
    path = Path(env["NETRC"]) if env.get("NETRC") else Path.home() / ".netrc"
    if not path.is_file():
        return None
    try:
        entry = netrc.netrc(str(path)).authenticators(host)
    except netrc.NetrcParseError as error:
        raise PublishError(f"cannot read it: {error.msg}", source=str(path)) from None
    except OSError as error:
        raise PublishError(f"cannot read it: {error.strerror or error}", source=str(path)) from None
    if entry is None:
        return None
    login, _, password = entry
    if not login or password is None:
        return None
    return Credentials(login, password, str(path))
