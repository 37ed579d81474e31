"""libical through GObject introspection, run by Debian's python3 in a subprocess (the project's
virtual environment does not have the bindings): what it reads in an .ics file."""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path
from typing import Any

from tests.conftest import require_binary_or_skip

LIBICAL_SCRIPT = Path(__file__).parent / "export" / "libical_check.py"
SYSTEM_PYTHON = "/usr/bin/python3"


def has_libical() -> bool:
    if shutil.which(SYSTEM_PYTHON) is None:
        return False
    probe = subprocess.run(
        [
            SYSTEM_PYTHON,
            "-c",
            "import gi; gi.require_version('ICalGLib', '3.0'); from gi.repository import ICalGLib",
        ],
        capture_output=True,
        check=False,
        timeout=60,
    )
    return probe.returncode == 0


def libical_report(path: Path) -> dict[str, Any]:
    """libical's report on ``path`` (see ``tests/export/libical_check.py``); skips the test when
    libical is not installed (fails in CI)."""
    available = Path(SYSTEM_PYTHON).exists() and has_libical()
    require_binary_or_skip(available, "libical GObject introspection (gir1.2-ical-3.0 python3-gi)")
    result = subprocess.run(
        [SYSTEM_PYTHON, str(LIBICAL_SCRIPT), str(path)],
        capture_output=True,
        text=True,
        check=True,
        timeout=60,
    )
    report: dict[str, Any] = json.loads(result.stdout)
    return report
