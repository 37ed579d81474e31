"""iCalendar goes through icalendar: rehearse imports it, and no module writes content lines itself."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

from tests.conftest import ROOT

# Runs the real command line in this interpreter, then lists the icalendar modules it imported.
PROBE = """
import runpy, sys
out = sys.argv[1]
sys.argv = ["inspection-sim", "rehearse", "--out", out, "--stamp", "2027-05-01T09:00:00Z"]
try:
    runpy.run_module("inspection_sim", run_name="__main__", alter_sys=True)
except SystemExit as done:
    assert not done.code, done.code
print(" ".join(sorted(name for name in sys.modules if name.split(".")[0] == "icalendar")))
"""

# What a hand-made writer or reader needs: component brackets, a property name with its ':' or ';',
# TZID/VALUE parameters, RRULE parts, folds. Recognising a file by its first line is allowed.
HAND_WRITTEN = re.compile(
    r"""["'](BEGIN|END):"""
    r"""|["'](DTSTART|DTEND|DTSTAMP|RRULE|EXDATE|UID|SEQUENCE|SUMMARY|DESCRIPTION|LOCATION"""
    r"""|CATEGORIES|TRANSP|TRIGGER|ACTION|TZID|TZOFFSETFROM|TZOFFSETTO|TZNAME|X-[A-Z-]+)[:;]"""
    r"""|;(TZID|VALUE)=|["'{](FREQ|INTERVAL|UNTIL|BYDAY)="""
    r"""|\\r\\n[ \\t]|\\n[ \\t]"""
)


def test_rehearse_writes_its_calendars_with_icalendar(tmp_path: Path) -> None:
    out = tmp_path / "rehearsal"
    result = subprocess.run(
        [sys.executable, "-c", PROBE, str(out)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    modules = result.stdout.splitlines()[-1].split()
    assert "icalendar" in modules
    assert "icalendar.cal.timezone" in modules
    assert (out / "all-teams.ics").read_bytes().startswith(b"BEGIN:VCALENDAR\r\n")


def test_no_module_formats_icalendar_lines_itself() -> None:
    found = [
        f"{path.relative_to(ROOT)}:{number}: {line.strip()}"
        for path in sorted((ROOT / "inspection_sim").rglob("*.py"))
        for number, line in enumerate(path.read_text("utf-8").splitlines(), 1)
        if HAND_WRITTEN.search(line) and ".startswith(" not in line
    ]
    assert found == []


def test_the_pattern_recognises_hand_written_lines() -> None:
    written = [
        'lines.append(f"SUMMARY:{escape_text(event.summary)}")',
        '"BEGIN:VEVENT",',
        'f"DTSTART;TZID={TZID}:{format_local(start)}"',
        'parts.append(f"UNTIL={until_text}")',
        'return b"\\r\\n ".join(chunks)',
    ]
    assert all(HAND_WRITTEN.search(line) for line in written)
    assert not HAND_WRITTEN.search('vevent.add("SUMMARY", _text(event.summary))')
