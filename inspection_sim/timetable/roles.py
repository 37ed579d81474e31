"""The roles a member of staff can hold, as the staff list and the on-site rules name them.

Roles are written in lower case with hyphens (``team-manager``); a staff CSV may write them as
people do (``Team manager``, ``team_manager``) and :func:`role_id` turns that into the id.
"""

from __future__ import annotations

__all__ = ["ROLES", "role_id", "role_label"]

#: Every role the timetable knows, roughly from the front line up.
ROLES: tuple[str, ...] = (
    "social-worker",
    "practitioner",
    "advanced-practitioner",
    "auditor",
    "team-manager",
    "service-manager",
    "fostering-adoption-manager",
    "virtual-school-head",
    "head-of-service",
    "director",
    "partner",
    "business-support",
)


def role_id(text: str) -> str:
    """``"Team manager"`` -> ``"team-manager"`` (not checked against :data:`ROLES`)."""
    return "-".join(text.strip().lower().replace("_", " ").replace("-", " ").split())


def role_label(role: str) -> str:
    """``"team-manager"`` -> ``"team manager"``, for messages people read."""
    return role.replace("-", " ")
