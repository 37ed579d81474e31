"""Shared paths for the forecast tests: the published-inspections CSV lives outside the project."""

from __future__ import annotations

from pathlib import Path

CSV = Path(__file__).resolve().parents[2] / ".." / "shared" / "data" / "ilacs_inspections.csv"
