"""``inspection-sim validate`` run as a real subprocess."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.conftest import run_cli as _run

SCENARIOS = Path(__file__).parents[2] / "scenarios"


@pytest.mark.parametrize("path", sorted(SCENARIOS.glob("*.toml")), ids=lambda p: p.stem)
def test_shipped_scenarios_validate(path: Path) -> None:
    result = _run("validate", str(path))
    assert result.returncode == 0, result.stderr
    assert "valid (schema 1)" in result.stdout


def test_summary_counts_local_changes() -> None:
    result = _run("validate", str(SCENARIOS / "ri-council-ilacs-standard.toml"))
    assert result.returncode == 0, result.stderr
    assert "ilacs:standard, notified 2027-09-13, rules ilacs 2026-04" in result.stdout
    assert (
        "2 rule and 2 timescale override(s); tasks added 1, removed 1, changed 1" in result.stdout
    )


def test_bad_scenario_lists_every_problem_without_traceback(tmp_path: Path) -> None:
    path = tmp_path / "bad.toml"
    path.write_text(
        "schema = 1\n"
        '[council]\nname = "X"\nregion = "englnd"\n'
        "[teams.performance]\nsise = 3\n"
        '[inspection]\ntype = "ilacs:shrt"\nnotified = "2027-02-30"\n',
        "utf-8",
    )
    result = _run("validate", str(path))
    assert result.returncode == 2
    assert "Traceback" not in result.stderr
    assert "4 problems:" in result.stderr
    for text in (
        f"{path}: council.region",
        "did you mean 'england'?",
        "teams.performance.sise: unknown key",
        "did you mean 'size'?",
        "did you mean 'ilacs:short'?",
        "inspection.notified: must be a date (YYYY-MM-DD)",
    ):
        assert text in result.stderr


def test_missing_file_is_a_user_error(tmp_path: Path) -> None:
    result = _run("validate", str(tmp_path / "none.toml"))
    assert result.returncode == 2
    assert "cannot read the scenario file" in result.stderr
    assert "Traceback" not in result.stderr


def test_several_files_at_once(tmp_path: Path) -> None:
    first, second = tmp_path / "one.toml", tmp_path / "two.toml"
    first.write_text(
        'schema = 1\n[council]\nname = 1\n[inspection]\ntype = "ilacs:short"\nnotified = 2027-03-01\n',
        "utf-8",
    )
    second.write_text(
        'schema = 2\n[council]\nname = "X"\n[inspection]\ntype = "ilacs:short"\nnotified = 2027-03-01\n',
        "utf-8",
    )
    good = SCENARIOS / "area-send.toml"
    result = _run("validate", str(first), str(good), str(second))
    assert result.returncode == 2
    assert f"{good}: valid (schema 1)" in result.stdout
    assert "2 problems:" in result.stderr
    assert f"{first}: council.name: must be a string" in result.stderr
    assert f"{second}: schema: unsupported schema version" in result.stderr
