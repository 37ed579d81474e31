"""The README's CalDAV commands (a ```console block: they need a server, so tests/test_readme.py
cannot run them) run against a real Radicale, with its address for ``https://dav.example.org/``,
and print what the README shows."""

from __future__ import annotations

import re
import subprocess
from collections.abc import Callable
from pathlib import Path

import pytest
from publish_support import Radicale, credentials_env

from tests.conftest import ROOT

Cli = Callable[..., subprocess.CompletedProcess[str]]
README = (ROOT / "README.md").read_text("utf-8")


def section(heading: str) -> str:
    start = README.index(f"\n## {heading}\n")
    end = README.find("\n## ", start + 1)
    return README[start:end]


def console_lines() -> list[str]:
    block = re.search(r"^```console\n(.*?)^```", section("Publishing calendars"), re.M | re.S)
    assert block is not None
    return block.group(1).splitlines()


@pytest.mark.slow
def test_the_readme_caldav_commands_print_what_it_shows(
    cli: Cli, tmp_path: Path, tmp_path_factory: pytest.TempPathFactory
) -> None:
    rehearsal = section("Rehearsal calendars")
    assert "--start 2027-06-07 --out june-rehearsal" in rehearsal
    made = cli(
        "rehearse",
        str(ROOT / "scenarios" / "good-council-ilacs-short.toml"),
        "--start",
        "2027-06-07",
        "--out",
        "june-rehearsal",
        cwd=tmp_path,
    )
    assert made.returncode == 0, made.stderr

    server = Radicale(tmp_path_factory.mktemp("readme-server")).start()
    try:
        env = credentials_env(tmp_path)
        lines = console_lines()
        commands = [line[2:] for line in lines if line.startswith("$ inspection-sim publish")]
        assert len(commands) == 2
        assert any("INSPECTION_SIM_CALDAV_USER" in line for line in lines)
        shown = [line for line in lines if not line.startswith("$ ")]
        printed = ""
        for command in commands:
            args = command.replace("https://dav.example.org/", server.url).split()[1:]
            result = cli(*args, cwd=tmp_path, env=env)
            assert result.returncode == 0, result.stderr
            printed = result.stdout
        where = server.url.removeprefix("http://").rstrip("/")
        assert printed.splitlines() == [line.replace("dav.example.org", where) for line in shown]
    finally:
        server.stop()
