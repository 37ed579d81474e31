"""The rehearsal folder under mistakes and faults, through the real command line.

Running the quick-start command twice, two rehearsals racing on one folder, a SIGKILL in the middle
of ``rehearse --force``, a renamed team, ``--force`` onto a FIFO, a folder or a device, a missing
parent folder and team names too long for a file name.
"""

from __future__ import annotations

import os
import random
import re
import shutil
import signal
import stat
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

import pytest

from tests.conftest import ROOT

Cli = Callable[..., subprocess.CompletedProcess[str]]
STAMP = "2027-05-01T09:00:00Z"
DEFAULT_SCENARIO = ROOT / "inspection_sim" / "scenario" / "data" / "default.toml"
MANIFEST = ".inspection-sim.json"


def command(out: Path, *extra: str, scenario: Path | None = None) -> list[str]:
    """``inspection-sim rehearse`` as a subprocess argument list."""
    head = [sys.executable, "-m", "inspection_sim", "rehearse"]
    if scenario is not None:
        head.append(str(scenario))
    return [*head, "--out", str(out), "--stamp", STAMP, *extra]


def start(args: list[str]) -> subprocess.Popen[bytes]:
    return subprocess.Popen(
        args,
        cwd=ROOT,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )


def renamed_team_scenario(folder: Path) -> Path:
    """The default scenario with one team renamed (its calendar file gets another name)."""
    path = folder / "renamed.toml"
    text = DEFAULT_SCENARIO.read_text("utf-8")
    assert '"Quality assurance team"' in text
    path.write_text(text.replace('"Quality assurance team"', '"Quality and audit team"'), "utf-8")
    return path


_VOLATILE = re.compile(rb"\r\n(SEQUENCE|DTSTAMP):[^\r\n]*")


def rehearsal_set(folder: Path) -> dict[str, bytes]:
    """The visible files of a rehearsal folder and of its subfolders (``people/ann-shaw.ics``),
    without what changes between exports of the same rehearsal (SEQUENCE continues from the
    folder's last export)."""
    found = {}
    for path in sorted(folder.rglob("*")):
        name = path.relative_to(folder).as_posix()
        if path.is_file() and not any(part.startswith(".") for part in name.split("/")):
            found[name] = _VOLATILE.sub(b"", path.read_bytes())
    return found


def leftovers(folder: Path) -> list[str]:
    """Hidden entries beside or inside the folder other than its manifest."""
    beside = [p.name for p in folder.parent.iterdir() if p.name.startswith(f".{folder.name}")]
    inside = [p.name for p in folder.iterdir() if p.name.startswith(".") and p.name != MANIFEST]
    return beside + inside


@pytest.fixture(scope="module")
def references(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path, Path]:
    """Two different rehearsals written once each: (A, B, B's scenario).

    A is the default scenario from 7 June 2027; B renames a team and starts a week later, so that
    every calendar differs and each set has a team file the other lacks.
    """
    base = tmp_path_factory.mktemp("references")
    scenario = renamed_team_scenario(base)
    a, b = base / "a", base / "b"
    for args in (
        command(a, "--start", "2027-06-07"),
        command(b, "--start", "2027-06-14", scenario=scenario),
    ):
        done = subprocess.run(args, cwd=ROOT, capture_output=True, timeout=120, check=False)
        assert done.returncode == 0, done.stderr
    assert rehearsal_set(a).keys() != rehearsal_set(b).keys()
    return a, b, scenario


@pytest.mark.slow
def test_the_quick_start_command_can_be_run_again(cli: Cli, tmp_path: Path) -> None:
    """README's first command, twice in the same folder (DTSTAMP from the clock both times)."""
    args = ("rehearse", "--start", "2026-12-07", "--out", "rehearsal")
    first = cli(*args, cwd=tmp_path)
    assert first.returncode == 0, first.stderr
    # 7 team calendars, combined, CSV, tracker, timetable.csv, 26 people's and 4 rooms' calendars
    assert "rehearsal: 41 new files" in first.stdout
    before = rehearsal_set(tmp_path / "rehearsal")
    second = cli(*args, cwd=tmp_path)
    assert second.returncode == 0, second.stderr
    assert "rehearsal: 41 files unchanged" in second.stdout
    assert "all-teams.ics: 29 events, unchanged" in second.stdout
    assert rehearsal_set(tmp_path / "rehearsal") == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["rehearsal"]


@pytest.mark.slow
def test_a_renamed_team_leaves_no_stale_calendar(cli: Cli, tmp_path: Path) -> None:
    out = tmp_path / "rehearsal"
    first = cli("rehearse", "--start", "2027-06-07", "--out", str(out), "--stamp", STAMP)
    assert first.returncode == 0, first.stderr
    assert (out / "team-quality-assurance-team.ics").is_file()
    scenario = renamed_team_scenario(tmp_path)
    again = cli("rehearse", str(scenario), "--start", "2027-06-07", "--out", str(out))
    assert again.returncode == 0, again.stderr
    assert not (out / "team-quality-assurance-team.ics").exists()
    assert (out / "team-quality-and-audit-team.ics").is_file()
    assert "team-quality-assurance-team.ics: removed" in again.stdout
    assert re.search(r"rehearsal: 1 new file, \d+ updated, .*1 removed", again.stdout)
    forced = cli("rehearse", "--start", "2027-06-07", "--out", str(out), "--force")
    assert forced.returncode == 0, forced.stderr
    assert not (out / "team-quality-and-audit-team.ics").exists()  # with --force too


@pytest.mark.slow
def test_two_rehearsals_racing_on_a_fresh_folder_never_mix(
    references: tuple[Path, Path, Path], tmp_path: Path
) -> None:
    """Both runs succeed (the second waits, then updates the first's files) and the folder holds
    one rehearsal's calendars, never some of each."""
    a, b, scenario = references
    sets = (rehearsal_set(a), rehearsal_set(b))
    for trial in range(10):
        out = tmp_path / f"trial-{trial}" / "rehearsal"
        out.parent.mkdir()
        runs = [
            start(command(out, "--start", "2027-06-07")),
            start(command(out, "--start", "2027-06-14", scenario=scenario)),
        ]
        errors = [run.communicate(timeout=120)[1] for run in runs]
        assert [run.returncode for run in runs] == [0, 0], errors
        assert rehearsal_set(out) in sets, f"trial {trial}: calendars of two rehearsals"
        assert leftovers(out) == []


@pytest.mark.slow
def test_a_kill_during_rehearse_force_leaves_the_old_set_or_the_new_one(
    references: tuple[Path, Path, Path], tmp_path: Path
) -> None:
    """SIGKILL at a random moment of the write: the folder holds A or B whole; the next run
    cleans up what the killed one left."""
    a, b, scenario = references
    sets = (rehearsal_set(a), rehearsal_set(b))
    rng = random.Random(11)
    out = tmp_path / "rehearsal"
    for trial in range(10):
        if out.exists():
            shutil.rmtree(out)
        shutil.copytree(a, out, symlinks=True)
        run = start(command(out, "--start", "2027-06-14", "--force", scenario=scenario))
        _kill_once_writing_starts(run, out, delay=rng.uniform(0, 0.2))
        found = rehearsal_set(out)
        # which of the two depends on the moment of the kill: before or after the swap
        assert found in sets, f"trial {trial}: calendars of two rehearsals after the kill"
        # the next run (here with the same input) cleans up and completes
        done = subprocess.run(
            command(out, "--start", "2027-06-14", scenario=scenario),
            cwd=ROOT,
            capture_output=True,
            timeout=120,
            check=False,
        )
        assert done.returncode == 0, done.stderr
        assert rehearsal_set(out) == sets[1]
        assert leftovers(out) == [], f"trial {trial}"


def _kill_once_writing_starts(run: subprocess.Popen[bytes], out: Path, delay: float) -> None:
    """SIGKILL ``run`` ``delay`` seconds after a file is written in ``out`` or beside it (a lock
    file alone is not writing)."""

    def snapshot() -> tuple[tuple[str, ...], tuple[tuple[str, int], ...]]:
        beside = tuple(
            sorted(name for name in os.listdir(out.parent) if not name.endswith(".lock"))
        )
        try:
            inside = tuple(sorted((p.name, p.stat().st_ino) for p in out.iterdir()))
        except OSError:
            inside = ()
        return beside, inside

    first = snapshot()
    deadline = time.monotonic() + 60
    while run.poll() is None and snapshot() == first and time.monotonic() < deadline:
        time.sleep(0.002)  # leave the CPU to the run being watched
    time.sleep(delay)
    if run.poll() is None:
        run.send_signal(signal.SIGKILL)
    run.wait(timeout=60)
    for stream in (run.stdout, run.stderr):
        if stream:
            stream.close()


def _device(path: Path) -> None:
    os.mknod(path, stat.S_IFCHR | 0o666, os.makedev(1, 3))


@pytest.mark.slow
@pytest.mark.parametrize("kind", ["FIFO", "folder", "device"])
def test_force_never_replaces_a_fifo_a_folder_or_a_device(
    cli: Cli, tmp_path: Path, kind: str
) -> None:
    if kind == "device" and os.geteuid() != 0:
        pytest.skip("creating a device node needs root")
    out = tmp_path / "rehearsal"
    first = cli("rehearse", "--start", "2027-06-07", "--out", str(out), "--stamp", STAMP)
    assert first.returncode == 0, first.stderr
    before = rehearsal_set(out)
    target = out / "events.csv"  # written last by older versions, after every calendar
    target.unlink()
    {"FIFO": os.mkfifo, "folder": os.mkdir, "device": _device}[kind](target)
    mode = os.lstat(target).st_mode
    del before["events.csv"]  # the calendars: not to be touched
    refused = cli("rehearse", "--start", "2027-06-14", "--out", str(out), "--force")
    assert refused.returncode == 2
    assert refused.stderr.count("\n") == 1, refused.stderr
    assert "events.csv" in refused.stderr
    assert "regular files only" in refused.stderr
    assert os.lstat(target).st_mode == mode
    assert _without(out, "events.csv") == before  # no calendar was replaced either


def _without(folder: Path, name: str) -> dict[str, bytes]:
    """:func:`rehearsal_set` without ``name`` (which is not a regular file here)."""
    kept = folder / name
    found = {}
    for path in sorted(folder.rglob("*")):
        key = path.relative_to(folder).as_posix()
        if path == kept or any(part.startswith(".") for part in key.split("/")):
            continue
        if path.is_file():
            found[key] = _VOLATILE.sub(b"", path.read_bytes())
    return found


@pytest.mark.slow
def test_out_into_a_missing_folder_is_refused_unless_parents(cli: Cli, tmp_path: Path) -> None:
    out = tmp_path / "2027" / "rehearsal"
    refused = cli("rehearse", "--start", "2027-06-07", "--out", str(out))
    assert refused.returncode == 2
    assert f"the folder '{tmp_path / '2027'}' does not exist" in refused.stderr
    assert "--parents" in refused.stderr
    assert list(tmp_path.iterdir()) == []
    done = cli("rehearse", "--start", "2027-06-07", "--out", str(out), "--parents")
    assert done.returncode == 0, done.stderr
    assert (out / "all-teams.ics").is_file()


@pytest.mark.slow
def test_empty_out_is_refused(cli: Cli, tmp_path: Path) -> None:
    refused = cli("rehearse", "--start", "2027-06-07", "--out", "", cwd=tmp_path)
    assert refused.returncode == 2
    assert "a folder of its own" in refused.stderr
    assert list(tmp_path.iterdir()) == []


@pytest.mark.slow
def test_long_team_names_export(cli: Cli, tmp_path: Path) -> None:
    """Team names of 300 characters used to give file names the file system refuses."""
    text = DEFAULT_SCENARIO.read_text("utf-8")
    long_name = "Inspection coordination and business support team " * 6
    scenario = tmp_path / "long.toml"
    scenario.write_text(text.replace('"Inspection coordination team"', f'"{long_name}"'), "utf-8")
    out = tmp_path / "rehearsal"
    done = cli("rehearse", str(scenario), "--start", "2027-06-07", "--out", str(out))
    assert done.returncode == 0, done.stderr
    names = [path.name for path in out.glob("team-inspection-coordination-*.ics")]
    assert len(names) == 1
    assert len(names[0]) <= 80
    again = cli("rehearse", str(scenario), "--start", "2027-06-07", "--out", str(out))
    assert again.returncode == 0, again.stderr
    assert [path.name for path in out.glob("team-inspection-coordination-*.ics")] == names
