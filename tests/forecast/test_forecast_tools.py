"""The maintainer tools (``tools/``): outside the installed package, and usable without the dataset
where they can be."""

from __future__ import annotations

import ast
import importlib.util
import subprocess
import sys
import tomllib
from fnmatch import fnmatch
from importlib import resources
from pathlib import Path

import pytest

from tests.conftest import ROOT

PACKAGE = ROOT / "inspection_sim"


def _run(*args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )


@pytest.mark.parametrize("moved", ["derive", "backtest", "queue"])
def test_research_modules_are_not_in_the_package(moved: str) -> None:
    assert importlib.util.find_spec(f"inspection_sim.forecasting.{moved}") is None


def test_the_package_never_imports_the_tools() -> None:
    """``tools/`` is not installed: an import of it from the package would fail for every user."""
    offenders = []
    for path in sorted(PACKAGE.rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text("utf-8"))):
            names = []
            if isinstance(node, ast.Import):
                names = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
                names = [node.module]
            offenders += [
                f"{path.relative_to(ROOT)}: {n}" for n in names if n.split(".")[0] == "tools"
            ]
    assert offenders == []


def test_only_the_package_is_installed() -> None:
    config = tomllib.loads((ROOT / "pyproject.toml").read_text("utf-8"))
    include = config["tool"]["setuptools"]["packages"]["find"]["include"]
    assert [p for p in include if fnmatch("inspection_sim.forecasting", p)]
    assert not [p for p in include if fnmatch("tools", p) or fnmatch("tools.derive", p)]


def test_derive_without_a_file_prints_usage() -> None:
    result = _run("-m", "tools.derive")
    assert result.returncode == 2
    assert result.stderr == "usage: python -m tools.derive ILACS_CSV\n"


def test_derive_on_a_missing_file_says_which(tmp_path: Path) -> None:
    missing = tmp_path / "ilacs_inspections.csv"
    result = _run("-m", "tools.derive", str(missing))
    assert result.returncode == 2
    assert result.stderr.splitlines() == [
        f"derive: error: {missing}: cannot read the file: No such file or directory"
    ]
    assert result.stdout == ""


def test_derive_regenerates_the_shipped_figures(ilacs_csv: Path) -> None:
    """The README's regeneration command, run as written, gives the shipped file byte for byte."""
    result = _run("-m", "tools.derive", str(ilacs_csv))
    assert result.returncode == 0, result.stderr
    shipped = resources.files("inspection_sim.forecasting").joinpath("data", "calibration.toml")
    assert result.stdout == shipped.read_text("utf-8")


def test_forecast_benchmark_without_the_dataset_says_so_in_one_line(tmp_path: Path) -> None:
    env = {"PATH": "/usr/bin:/bin", "INSPECTION_SIM_SHARED": str(tmp_path)}
    result = _run("-P", "benchmarks/forecast.py", "--runs", "2", env=env)
    assert result.returncode == 0, result.stderr
    assert result.stderr == ""
    skipped = [line for line in result.stdout.splitlines() if line.startswith("2. ")]
    expected = tmp_path / "data" / "ilacs_inspections.csv"
    assert skipped == [
        f"2. backtests: skipped: needs the published-inspections dataset {expected}, which is not "
        "there (set INSPECTION_SIM_SHARED to the folder holding data/ilacs_inspections.csv)"
    ]
    assert "3. flow" in result.stdout
