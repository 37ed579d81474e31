"""The README's on-site timetable example runs as written."""

from __future__ import annotations

import subprocess
import sys

from tests.conftest import ROOT
from tests.test_readme import README, section_python


def test_readme_timetable_example_runs() -> None:
    (block,) = section_python(README.read_text("utf-8"), "On-site timetable")
    result = subprocess.run(
        [sys.executable, "-c", block],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert "36 sessions booked, 1 with a substitute, 0 not booked" in result.stdout
