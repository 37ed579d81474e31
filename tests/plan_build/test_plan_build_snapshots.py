"""Golden snapshots of rule outcomes: one canonical plan per inspection type.

Each snapshot (``snapshots/<framework>_<version>__<type>.json``) records the dates, team, slack and
criticality of every task for a fixed notification date, so any change to the rule data shows up
as a JSON diff to review. After a deliberate rule change, regenerate with::

    INSPECTION_SIM_UPDATE_SNAPSHOTS=1 .venv/bin/python -m pytest tests/plan_build -k snapshot
"""

from __future__ import annotations

import json
import os
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from inspection_sim import plan

SNAPSHOTS = Path(__file__).parent / "snapshots"
CASES = [
    ("ilacs:short", date(2026, 3, 2)),
    ("ilacs:standard", date(2026, 5, 25)),
    ("ilacs:focused-visit", date(2026, 3, 3)),
    ("ilacs:monitoring-visit", date(2026, 3, 2)),
    ("ilacs:focused-visit", date(2020, 10, 13)),
    ("ilacs:short", date(2019, 3, 4)),
    ("jtai:front-door", date(2026, 3, 3)),
    ("jtai:thematic", date(2026, 3, 3)),
    ("jtai:thematic", date(2022, 10, 4)),
    ("area-send:full", date(2026, 3, 2)),
    ("area-send:monitoring", date(2026, 3, 2)),
    ("hmip-yj:single", date(2026, 3, 6)),
    ("hmip-yj:joint", date(2026, 2, 20)),
    ("hmip-yj:small", date(2026, 3, 6)),
    ("hmip-yj:small", date(2021, 3, 5)),
]


def outcome(address: str, notified: date) -> dict[str, Any]:
    timeline = plan(address, notified=notified)
    return {
        "inspection": timeline.inspection,
        "version": timeline.version,
        "notification": timeline.notification.isoformat(),
        "fieldwork": [d.isoformat() for d in timeline.fieldwork.days],
        "tasks": {
            t.id: {
                "start": t.start.isoformat(),
                "end": t.end.isoformat(),
                "team": t.team,
                "slack": t.slack_working_days,
                "critical": t.critical,
            }
            for t in timeline.tasks
        },
        "warnings": list(timeline.warnings),
    }


@pytest.mark.parametrize(("address", "notified"), CASES, ids=[f"{a}-{d}" for a, d in CASES])
def test_snapshot(address: str, notified: date) -> None:
    result = outcome(address, notified)
    name = f"{address.replace(':', '_')}_{result['version']}__{notified.isoformat()}.json"
    path = SNAPSHOTS / name
    text = json.dumps(result, indent=2, sort_keys=True) + "\n"
    if os.environ.get("INSPECTION_SIM_UPDATE_SNAPSHOTS") == "1":
        path.write_text(text, encoding="utf-8")
        pytest.skip(f"snapshot {name} written: review its diff")
    assert path.exists(), f"missing snapshot {name}: regenerate (see the module docstring)"
    assert json.loads(path.read_text(encoding="utf-8")) == result


def test_every_snapshot_file_belongs_to_a_case() -> None:
    expected = {
        f"{a.replace(':', '_')}_{plan(a, notified=d).version}__{d.isoformat()}.json"
        for a, d in CASES
    }
    assert {p.name for p in SNAPSHOTS.glob("*.json")} == expected
