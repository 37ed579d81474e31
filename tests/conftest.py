"""Shared fixtures: running the real command line as a subprocess; the published dataset."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

from tools.dataset import dataset_path, missing_dataset

ROOT = Path(__file__).resolve().parents[1]


def run_cli(
    *args: str, cwd: Path | None = None, env: dict[str, str] | None = None, timeout: float = 120
) -> subprocess.CompletedProcess[str]:
    """Run ``inspection-sim ARGS`` in a fresh interpreter, as a user would."""
    full_env = {**os.environ, **(env or {})}
    return subprocess.run(
        [sys.executable, "-m", "inspection_sim", *args],
        cwd=cwd or ROOT,
        env=full_env,
        capture_output=True,
        text=True,
        timeout=timeout,
        check=False,
    )


@pytest.fixture
def cli() -> Callable[..., subprocess.CompletedProcess[str]]:
    return run_cli


def require_binary_or_skip(available: bool, what: str) -> None:
    """Skip a real-component test when a system tool is missing, except in CI where it must run."""
    if available:
        return
    if os.environ.get("CI"):
        pytest.fail(f"{what} is required in CI but is not installed")
    pytest.skip(f"{what} is not installed")


@pytest.fixture(scope="session")
def ilacs_csv() -> Path:
    """The published-inspections dataset (S13), outside the repository; skips when it is absent.

    Every test that reads the dataset takes it from here (nothing reads it at import), so a fresh
    clone without ``../shared`` runs the rest of the suite. ``INSPECTION_SIM_SHARED`` names another
    shared folder (see ``tools/dataset.py``).
    """
    reason = missing_dataset()
    if reason is not None:
        pytest.skip(reason)
    return dataset_path()
