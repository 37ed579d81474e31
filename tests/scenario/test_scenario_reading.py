"""Reading a scenario file: whatever the path names and whatever the bytes, a clean ScenarioError.

A byte-order mark is accepted; folders, FIFOs, devices and symlinks to them are refused before a
byte is read; a file is read to at most the cap plus one byte; nesting is capped; bytes that are
not UTF-8 are refused with their position. At the command line each is one line and exit
status 2.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path
from subprocess import CompletedProcess
from typing import Any

import pytest

from inspection_sim.errors import ScenarioError
from inspection_sim.scenario import load_scenario, parse_scenario, scenario_from_mapping
from inspection_sim.scenario import source as scenario_source
from inspection_sim.toml_reader import MAX_BYTES, MAX_DEPTH

SCENARIOS = Path(__file__).parents[2] / "scenarios"
GOOD = (SCENARIOS / "good-council-ilacs-short.toml").read_text("utf-8")

Cli = Callable[..., CompletedProcess[str]]


def _refused(path: Path | str) -> str:
    with pytest.raises(ScenarioError) as caught:
        load_scenario(path)
    return str(caught.value)


def _one_line_exit_2(result: CompletedProcess[str]) -> str:
    assert result.returncode == 2, result.stderr
    assert "Traceback" not in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1, result.stderr
    return result.stderr


def test_a_utf8_byte_order_mark_is_accepted(tmp_path: Path) -> None:
    path = tmp_path / "bom.toml"
    path.write_bytes(b"\xef\xbb\xbf" + GOOD.encode("utf-8"))
    assert load_scenario(path).council.name == "Northbridge Borough Council"
    assert parse_scenario("\ufeff" + GOOD).council.name == "Northbridge Borough Council"


def test_validate_accepts_a_file_saved_with_a_byte_order_mark(tmp_path: Path, cli: Cli) -> None:
    path = tmp_path / "bom.toml"
    path.write_bytes(b"\xef\xbb\xbf" + GOOD.encode("utf-8"))
    result = cli("validate", str(path))
    assert result.returncode == 0, result.stderr


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="named pipes need a POSIX system")
def test_a_fifo_is_refused_without_waiting_for_a_writer(tmp_path: Path, cli: Cli) -> None:
    fifo = tmp_path / "scenario.toml"
    os.mkfifo(fifo)
    assert "a named pipe (FIFO)" in _refused(fifo)
    # In a fresh process too: opening the FIFO for reading must not block (timeout = failure).
    stderr = _one_line_exit_2(cli("validate", str(fifo), timeout=30))
    assert "must be a regular file" in stderr


def test_a_folder_is_refused(tmp_path: Path, cli: Cli) -> None:
    assert "this is a folder" in _refused(tmp_path)
    assert "this is a folder" in _one_line_exit_2(cli("rehearse", str(tmp_path), "--out", "x"))


@pytest.mark.skipif(not Path("/dev/zero").exists(), reason="needs /dev/zero")
def test_a_symlink_to_an_endless_device_is_refused(tmp_path: Path, cli: Cli) -> None:
    link = tmp_path / "scenario.toml"
    link.symlink_to("/dev/zero")
    assert "a character device" in _refused(link)
    assert "a character device" in _one_line_exit_2(cli("validate", str(link), timeout=30))
    assert "a character device" in _refused("/dev/null")


def test_a_huge_file_is_read_only_to_the_cap(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "huge.toml"
    with path.open("wb") as handle:
        handle.truncate(64 * MAX_BYTES)  # sparse: 64 MiB of NUL bytes on no disk space
    read: list[int] = []
    real_read = os.read

    def counting_read(handle: int, size: int) -> bytes:
        chunk = real_read(handle, size)
        read.append(len(chunk))
        return chunk

    monkeypatch.setattr(scenario_source.os, "read", counting_read)
    assert f"larger than {MAX_BYTES} bytes" in _refused(path)
    assert sum(read) == MAX_BYTES + 1


def test_a_file_at_the_cap_is_read(tmp_path: Path) -> None:
    path = tmp_path / "padded.toml"
    text = GOOD + "#" * (MAX_BYTES - len(GOOD.encode("utf-8")) - 1) + "\n"
    path.write_text(text, "utf-8")
    assert path.stat().st_size == MAX_BYTES
    assert load_scenario(path).council.name == "Northbridge Borough Council"


def test_bytes_that_are_not_utf8_are_refused_with_their_position(tmp_path: Path, cli: Cli) -> None:
    path = tmp_path / "latin1.toml"
    path.write_bytes(b'schema = 1\n[council]\nname = "Caf\xe9 council"\n')
    assert "not UTF-8 text (byte 32); save it as UTF-8" in _refused(path)
    assert "not UTF-8 text (byte 32)" in _one_line_exit_2(cli("validate", str(path)))


@pytest.mark.parametrize(
    "text",
    [
        "x = " + "[" * 5000 + "]" * 5000 + "\n",
        "x = " + "{a = " * 5000 + "1" + "}" * 5000 + "\n",
        "schema = 1\n" + "a." * 3000 + "b = 1\n",
        "schema = 1\n[" + ".".join(["t"] * (MAX_DEPTH + 1)) + "]\n",
    ],
    ids=["inline-arrays", "inline-tables", "dotted-keys", "table-header"],
)
def test_deep_nesting_is_refused(text: str) -> None:
    with pytest.raises(ScenarioError, match=f"nest more than {MAX_DEPTH} deep"):
        parse_scenario(text, source="deep.toml")


def test_deep_nesting_from_python_is_refused() -> None:
    data: dict[str, Any] = {}
    inner = data
    for _ in range(20_000):
        inner["x"] = {}
        inner = inner["x"]
    with pytest.raises(ScenarioError, match="nest more than"):
        scenario_from_mapping(data)


def test_deep_nesting_at_the_command_line(tmp_path: Path, cli: Cli) -> None:
    path = tmp_path / "deep.toml"
    path.write_text("x = " + "[" * 5000 + "]" * 5000 + "\n", "utf-8")
    assert "nest more than" in _one_line_exit_2(cli("validate", str(path)))


def test_a_missing_file_names_the_reason(tmp_path: Path) -> None:
    assert "no such file or directory" in _refused(tmp_path / "missing.toml")
