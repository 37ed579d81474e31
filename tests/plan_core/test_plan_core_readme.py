"""The README's "Critical path and levelling" example runs and says what it shows; the public names
are exported."""

from __future__ import annotations

import re
from pathlib import Path

import inspection_sim

README = Path(__file__).resolve().parents[2] / "README.md"


def section_code() -> str:
    text = README.read_text("utf-8")
    section = text.split("## Critical path and levelling", 1)[1].split("\n## ", 1)[0]
    (code,) = re.findall(r"^```python\n(.*?)^```", section, flags=re.DOTALL | re.MULTILINE)
    return code


def test_the_readme_example_runs_and_its_comments_hold() -> None:
    names: dict[str, object] = {}
    exec(compile(section_code(), "README.md", "exec"), names)
    schedule = names["schedule"]
    assert schedule.critical_path() == ["fieldwork"]  # type: ignore[attr-defined]
    assert names["levelled"].status == "heuristic"  # type: ignore[attr-defined]
    exact = names["exact"]
    assert exact.status == "OPTIMAL"  # type: ignore[attr-defined]
    assert exact.objective <= names["levelled"].objective  # type: ignore[attr-defined]


def test_public_names() -> None:
    for name in ("Timeline", "ScheduledTask", "cpm", "level"):
        assert name in inspection_sim.__all__
    assert inspection_sim.cpm.__module__ == "inspection_sim.plan.cpm"
    assert inspection_sim.level.__module__ == "inspection_sim.plan.level"
    assert inspection_sim.Timeline.__name__ == "Timeline"
    assert inspection_sim.ScheduledTask.__name__ == "ScheduledTask"
