"""Calendars read back from a file, made ready for icalendar to write them again.

Publishing sends each event of a written calendar on its own, and the subscription feed is the
combined calendar with a few properties more: both read the file with icalendar and write new
calendars from its components. icalendar's own TEXT type does not survive that trip whole: it reads
``S:\\\\New`` as ``S:\\New`` and then writes the backslash and N as a line break. :func:`recompose`
gives every TEXT value the writer's text type (:mod:`inspection_sim.export.ical`), which keeps it.
"""

from __future__ import annotations

from icalendar import Component, vText

# The writer's TEXT type, shared so that a value read back is written exactly as it was.
from inspection_sim.export.ical import _Text

__all__ = ["recompose"]


def recompose(component: Component) -> Component:
    """``component`` and its subcomponents with every TEXT value in the writer's text type."""
    for name, value in list(component.items()):
        if isinstance(value, list):
            component[name] = [_writable(item) for item in value]
        else:
            component[name] = _writable(value)
    for sub in component.subcomponents:
        recompose(sub)
    return component


def _writable(value: object) -> object:
    if type(value) is not vText:
        return value
    text = _Text(str(value))
    text.params = value.params
    return text
