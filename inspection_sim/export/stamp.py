"""The export clock: DTSTAMP comes from the caller, so identical input gives identical files.

Order of precedence: an explicit ``--stamp`` (ISO 8601), then the ``SOURCE_DATE_EPOCH`` environment
variable (seconds since 1970, the reproducible-builds convention), then the current time.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from datetime import UTC, datetime

from inspection_sim.errors import ArgumentTypeError

__all__ = ["resolve_stamp"]


def resolve_stamp(text: str | None = None, *, environ: Mapping[str, str] | None = None) -> datetime:
    """The export time as an aware UTC datetime, whole seconds.

    Args:
        text: an ISO date-time such as ``2027-06-01T09:00:00+01:00`` or ``...Z``; a value without
            an offset is read as UTC.
        environ: where to look for ``SOURCE_DATE_EPOCH`` (default: ``os.environ``).

    Raises:
        ArgumentTypeError: the text or the epoch is malformed.
    """
    env = os.environ if environ is None else environ
    if text is not None:
        try:
            moment = datetime.fromisoformat(text.replace("Z", "+00:00"))
        except ValueError:
            raise ArgumentTypeError(
                "stamp must be an ISO date-time, e.g. 2027-06-01T09:00:00Z",
                key="--stamp",
                value=text,
            ) from None
        if moment.tzinfo is None:
            moment = moment.replace(tzinfo=UTC)
    elif env.get("SOURCE_DATE_EPOCH"):
        epoch = env["SOURCE_DATE_EPOCH"]
        try:
            moment = datetime.fromtimestamp(int(epoch), tz=UTC)
        except (ValueError, OverflowError, OSError):
            raise ArgumentTypeError(
                "SOURCE_DATE_EPOCH must be whole seconds since 1970-01-01", value=epoch
            ) from None
    else:
        moment = datetime.now(UTC)
    return moment.astimezone(UTC).replace(microsecond=0)
