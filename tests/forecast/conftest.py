"""The published inspections (S13) for the forecast tests, read once; skipped without the dataset."""

from __future__ import annotations

from pathlib import Path

import pytest

from inspection_sim.forecasting.refit import PublishedInspection, read_inspections


@pytest.fixture(scope="session")
def inspections(ilacs_csv: Path) -> list[PublishedInspection]:
    return read_inspections(ilacs_csv)
