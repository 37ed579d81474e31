"""tools/compare_ics.py: line layout is ignored, any change of content is reported."""

from __future__ import annotations

import importlib.util
from types import ModuleType

import pytest
from ical_support import STAMP, relaid, sample_events

from inspection_sim.export import to_ical
from tests.conftest import ROOT


def load_tool() -> ModuleType:
    spec = importlib.util.spec_from_file_location("compare_ics", ROOT / "tools" / "compare_ics.py")
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


TOOL = load_tool()
DATA = to_ical(sample_events(), calendar_name="Compare", stamp=STAMP)


def test_another_line_layout_is_the_same_calendar() -> None:
    other = relaid(DATA, 23)
    assert other != DATA
    assert TOOL.differences(DATA, other) == []


@pytest.mark.parametrize(
    ("old", "new", "where"),
    [
        (
            b"CATEGORIES:Deadline\r\nTRANSP:TRANSPARENT",
            b"TRANSP:TRANSPARENT\r\nCATEGORIES:Deadline",
            "VEVENT[2]",
        ),
        (b"DTSTART;TZID=Europe/London:20271102", b"DTSTART:20271102", "VEVENT[5]"),
        (b"SEQUENCE:0", b"SEQUENCE:1", "VEVENT[1]"),
        (b"Room 2.14\\, County", b"Room 2.14\\; County", "VEVENT[4]"),
        (b"BYDAY=MO,TU,WE,TH,FR", b"BYDAY=MO,TU,WE,TH", "VEVENT[4]"),
        (b"TRIGGER:-PT15M", b"TRIGGER:-PT10M", "VEVENT[1]/VALARM[0]"),
        (b"BYMONTH=10", b"BYMONTH=11", "VTIMEZONE[0]/STANDARD[1]"),
    ],
)
def test_a_change_of_content_is_reported(old: bytes, new: bytes, where: str) -> None:
    assert old in DATA
    found = TOOL.differences(DATA, DATA.replace(old, new, 1))
    assert found
    assert all(f"VCALENDAR/{where}" in line for line in found)
