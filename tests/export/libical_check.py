"""Read an .ics file with libical (GObject introspection) and print what it found, as JSON.

Run with Debian's /usr/bin/python3 (python3-gi, gir1.2-ical-3.0); the project's virtual
environment does not have the bindings.
"""

import json
import sys

import gi

gi.require_version("ICalGLib", "3.0")
from gi.repository import ICalGLib as ICal  # noqa: E402


def errors(component):
    found = []
    prop = component.get_first_property(ICal.PropertyKind.XLICERROR_PROPERTY)
    while prop:
        found.append(prop.get_xlicerror())
        prop = component.get_next_property(ICal.PropertyKind.XLICERROR_PROPERTY)
    child = component.get_first_component(ICal.ComponentKind.ANY_COMPONENT)
    while child:
        found.extend(errors(child))
        child = component.get_next_component(ICal.ComponentKind.ANY_COMPONENT)
    return found


def describe(event):
    start, end = event.get_dtstart(), event.get_dtend()
    record = {
        "uid": event.get_uid(),
        "is_date": bool(start.is_date()),
        "start": start.as_ical_string(),
        "end": end.as_ical_string(),
        "tzid": start.get_tzid(),
    }
    if not start.is_date():
        record["start_epoch"] = start.as_timet_with_zone(start.get_timezone())
        record["end_epoch"] = end.as_timet_with_zone(end.get_timezone())
    return record


def main(path):
    # newline="" keeps the CRLF line endings exactly as written.
    with open(path, encoding="utf-8", newline="") as stream:
        text = stream.read()
    with_method = ICal.Component.new_from_string(text)
    restrictions_with_method = with_method.check_restrictions()
    without_method = ICal.Component.new_from_string(text.replace("METHOD:PUBLISH\r\n", ""))
    restrictions_without_method = without_method.check_restrictions()
    events = []
    event = without_method.get_first_component(ICal.ComponentKind.VEVENT_COMPONENT)
    while event:
        events.append(describe(event))
        event = without_method.get_next_component(ICal.ComponentKind.VEVENT_COMPONENT)
    print(
        json.dumps(
            {
                "restrictions_with_method": restrictions_with_method,
                "restrictions_without_method": restrictions_without_method,
                "errors_with_method": errors(with_method),
                "errors_without_method": errors(without_method),
                "events": events,
            }
        )
    )


if __name__ == "__main__":
    main(sys.argv[1])
