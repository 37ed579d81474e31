"""Where the published-inspections dataset (source S13) is: outside the repository, never copied in.

By default ``../shared/data/ilacs_inspections.csv`` beside the clone; the ``INSPECTION_SIM_SHARED``
environment variable names another folder holding ``data/ilacs_inspections.csv`` (point it at a
folder without the file to hide the dataset). Tests and benchmarks that need the file ask here.
"""

from __future__ import annotations

import os
from pathlib import Path

__all__ = ["ENVIRONMENT", "dataset_path", "missing_dataset"]

#: The environment variable naming the shared folder.
ENVIRONMENT = "INSPECTION_SIM_SHARED"
_ROOT = Path(__file__).resolve().parents[1]
_IN_SHARED = Path("data") / "ilacs_inspections.csv"


def dataset_path() -> Path:
    """The path the dataset is expected at (it may not exist)."""
    named = os.environ.get(ENVIRONMENT)
    shared = Path(named) if named else _ROOT.parent / "shared"
    return shared / _IN_SHARED


def missing_dataset() -> str | None:
    """None when the dataset is there, else one line saying which file is missing."""
    path = dataset_path()
    if path.is_file():
        return None
    return (
        f"needs the published-inspections dataset {path}, which is not there "
        f"(set {ENVIRONMENT} to the folder holding data/ilacs_inspections.csv)"
    )
