"""``inspection-sim report --out``: a page to email carries no local path, and the file it writes
is only ever a regular file, in a folder that exists (or ``--parents``)."""

from __future__ import annotations

import os
import stat
import subprocess
from collections.abc import Callable
from pathlib import Path

import pytest

from tests.conftest import ROOT

Cli = Callable[..., subprocess.CompletedProcess[str]]
QUICK = ("--runs", "0", "--no-plots")


def one_line_error(result: subprocess.CompletedProcess[str]) -> str:
    assert result.returncode == 2, result.stderr
    assert result.stderr.count("\n") == 1, result.stderr
    assert "Traceback" not in result.stderr
    return result.stderr


@pytest.mark.slow
def test_the_page_names_the_scenario_by_file_name_and_council(cli: Cli, tmp_path: Path) -> None:
    """The footer and the overrides used to show the scenario's absolute path."""
    scenario = tmp_path / "private" / "folders" / "our-council.toml"
    scenario.parent.mkdir(parents=True)
    scenario.write_text(
        (ROOT / "scenarios" / "ri-council-ilacs-standard.toml").read_text("utf-8"), "utf-8"
    )
    out = tmp_path / "report.html"
    done = cli("report", str(scenario), "--out", str(out), *QUICK)
    assert done.returncode == 0, done.stderr
    page = out.read_text("utf-8")
    assert str(tmp_path) not in page
    assert "private" not in page
    assert "from our-council.toml (Eastmoor County Council)." in page
    assert "Local overrides from our-council.toml (Eastmoor County Council):" in page


@pytest.mark.slow
def test_out_into_a_missing_folder_is_refused_unless_parents(cli: Cli, tmp_path: Path) -> None:
    out = tmp_path / "reports" / "june" / "report.html"
    error = one_line_error(cli("report", "--out", str(out), *QUICK))
    assert f"the folder '{out.parent}' does not exist" in error
    assert "--parents" in error
    assert list(tmp_path.iterdir()) == []
    done = cli("report", "--out", str(out), *QUICK, "--parents")
    assert done.returncode == 0, done.stderr
    assert out.is_file()


def _device(path: Path) -> None:
    os.mknod(path, stat.S_IFCHR | 0o666, os.makedev(1, 3))


@pytest.mark.slow
@pytest.mark.parametrize("kind", ["FIFO", "folder", "link to a device", "device"])
def test_force_never_replaces_what_is_not_a_regular_file(
    cli: Cli, tmp_path: Path, kind: str
) -> None:
    """As root, ``report --out <device> --force`` used to turn a device into a regular file."""
    if kind == "device" and os.geteuid() != 0:
        pytest.skip("creating a device node needs root")
    out = tmp_path / "report.html"
    make = {
        "FIFO": os.mkfifo,
        "folder": os.mkdir,
        "link to a device": lambda path: os.symlink("/dev/null", path),
        "device": _device,
    }
    make[kind](out)
    before = os.lstat(out)
    error = one_line_error(cli("report", "--out", str(out), *QUICK, "--force"))
    assert "regular files only, even with --force" in error
    after = os.lstat(out)
    assert (after.st_mode, after.st_ino, after.st_rdev) == (
        before.st_mode,
        before.st_ino,
        before.st_rdev,
    )
    assert sorted(p.name for p in tmp_path.iterdir()) == ["report.html"]  # no temporary file left


@pytest.mark.slow
@pytest.mark.skipif(not Path("/proc/self").is_dir(), reason="needs Linux /proc")
def test_a_folder_that_cannot_hold_files_is_a_clean_error(cli: Cli) -> None:
    """The temporary file used to be created outside the write's error handling: a traceback."""
    error = one_line_error(
        cli("report", "--out", "/proc/inspection-sim-report.html", *QUICK, "--force")
    )
    assert "/proc/inspection-sim-report.html" in error


@pytest.mark.slow
def test_temporary_files_of_killed_writes_are_removed(cli: Cli, tmp_path: Path) -> None:
    out = tmp_path / "report.html"
    (tmp_path / ".report.html.0123456789ab.tmp").write_text("<html>half")
    (tmp_path / ".report.html.x1y2z3w4.tmp").write_text("<html>half, from an older version")
    (tmp_path / ".notes.txt.0123456789ab.tmp").write_text("not the report's")
    done = cli("report", "--out", str(out), *QUICK)
    assert done.returncode == 0, done.stderr
    assert sorted(p.name for p in tmp_path.iterdir()) == [
        ".notes.txt.0123456789ab.tmp",
        "report.html",
    ]
    assert stat.S_IMODE(out.stat().st_mode) == 0o666 & ~_umask()


def _umask() -> int:
    current = os.umask(0)
    os.umask(current)
    return current
