"""The README walkthrough: every shell command in its ```sh blocks runs, as a real subprocess.

Commands run in README order, in one scratch folder that links to the repository's ``scenarios/``,
``notebooks/`` and ``.ci/``, with this interpreter's ``bin/`` first on PATH (so ``inspection-sim`` is the
installed command) and a fixed ``SOURCE_DATE_EPOCH``. ``[--option value]`` is usage notation for
an optional part; the command runs with it.

Three commands run in a cheaper equivalent form, because the test suite itself is inside them:

* the quick-start commands create ``.venv`` and install into it; here the already installed
  environment stands in, and only the rest of each ``&&`` chain runs. The test command is
  collected (``--collect-only``, in the repository) rather than run, since this test is part of
  that run;
* ``bash .ci/run`` is CI itself: its syntax is checked and every tool it calls must exist.
"""

from __future__ import annotations

import os
import re
import shlex
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
README = ROOT / "README.md"
BIN = Path(sys.executable).parent
LINKED = ("scenarios", "notebooks", ".ci")


def readme_commands(text: str) -> list[str]:
    """The commands of every ```sh block, with ``\\`` continuations joined and comments dropped."""
    commands: list[str] = []
    for block in re.findall(r"^```sh\n(.*?)^```", text, flags=re.DOTALL | re.MULTILINE):
        pending = ""
        for line in block.splitlines():
            if line.rstrip().endswith("\\"):
                pending += line.rstrip()[:-1] + " "
                continue
            command = (pending + line).strip()
            pending = ""
            if command and not command.startswith("#"):
                commands.append(command)
    return commands


COMMANDS = readme_commands(README.read_text("utf-8"))


def equivalent(command: str) -> str:
    """The form of ``command`` this test runs (see the module docstring)."""
    command = re.sub(r"\[(--[^\]]+)\]", r"\1", command)  # usage notation for an optional part
    if command.startswith("bash .ci/run"):
        return "bash -n .ci/run && " + " && ".join(f"test -x {tool}" for tool in _ci_tools())
    parts = [part.strip() for part in command.split("&&")]
    kept = [p for p in parts if not p.startswith(("python3 -m venv", ".venv/bin/pip install"))]
    kept = [p.replace(".venv/bin/", f"{BIN}/") for p in kept]
    kept = [
        f"cd {shlex.quote(str(ROOT))} && {p} --collect-only" if " -m pytest" in p else p
        for p in kept
    ]
    return " && ".join(kept)


def _ci_tools() -> list[str]:
    """The ``.venv/bin`` tools .ci/run calls, as paths in this environment."""
    script = (ROOT / ".ci" / "run").read_text("utf-8")
    names = sorted(set(re.findall(r"\.venv/bin/([\w.-]+)", script)))
    return [shlex.quote(str(BIN / name)) for name in names]


@pytest.fixture(scope="module")
def scratch(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The folder every README command runs in, in order."""
    folder = tmp_path_factory.mktemp("readme")
    for name in LINKED:
        (folder / name).symlink_to(ROOT / name, target_is_directory=True)
    return folder


def test_readme_has_the_walkthrough_commands() -> None:
    joined = "\n".join(COMMANDS)
    for needed in ("inspection-sim rehearse", "inspection-sim validate", "inspection-sim report"):
        assert needed in joined


def test_equivalent_forms() -> None:
    quick = (
        "python3 -m venv .venv && .venv/bin/pip install -q . && .venv/bin/inspection-sim calendar"
    )
    assert equivalent(quick) == f"{BIN}/inspection-sim calendar"
    tests = "python3 -m venv .venv && .venv/bin/pip install -q -e '.[test]' && .venv/bin/python -m pytest -q"
    assert equivalent(tests) == f"cd {ROOT} && {BIN}/python -m pytest -q --collect-only"
    assert equivalent("inspection-sim forecast --on 2026-06-01 [--format json]").endswith(
        "--on 2026-06-01 --format json"
    )
    assert equivalent("bash .ci/run   # CI").startswith("bash -n .ci/run && test -x ")


@pytest.mark.slow
@pytest.mark.parametrize("command", COMMANDS, ids=[f"{i:02d}" for i in range(len(COMMANDS))])
def test_readme_command_runs(command: str, scratch: Path) -> None:
    env = {
        **os.environ,
        "PATH": f"{BIN}{os.pathsep}{os.environ.get('PATH', '')}",
        "SOURCE_DATE_EPOCH": "1780300800",  # 2026-06-01T08:00:00Z
    }
    result = subprocess.run(
        ["bash", "-c", equivalent(command)],
        cwd=scratch,
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )
    assert result.returncode == 0, f"{command}\n{result.stdout[-2000:]}\n{result.stderr[-3000:]}"
    assert "Traceback" not in result.stderr


def section_python(text: str, heading: str) -> list[str]:
    """The ```python blocks of the README section under ``## heading``."""
    body = text.split(f"\n## {heading}\n", 1)[1].split("\n## ", 1)[0]
    return re.findall(r"^```python\n(.*?)^```", body, flags=re.DOTALL | re.MULTILINE)


@pytest.mark.slow
@pytest.mark.parametrize("heading", ["Scenario files", "Reports and notebooks"])
def test_readme_python_examples_run(heading: str, tmp_path: Path) -> None:
    blocks = section_python(README.read_text("utf-8"), heading)
    assert blocks
    for name in LINKED:
        (tmp_path / name).symlink_to(ROOT / name, target_is_directory=True)
    for block in blocks:
        result = subprocess.run(
            [sys.executable, "-c", block],
            cwd=tmp_path,
            capture_output=True,
            text=True,
            timeout=600,
            check=False,
        )
        assert result.returncode == 0, f"{block}\n{result.stderr[-3000:]}"
