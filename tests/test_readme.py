"""The README, line by line: every shell command and Python snippet runs, and what it shows holds.

Shell (```sh blocks): the commands run in README order, in one scratch folder that links to the
repository's ``scenarios/``, ``notebooks/`` and ``.ci/``, with this interpreter's ``bin/`` first on
PATH (so ``inspection-sim`` is the installed command) and a fixed ``SOURCE_DATE_EPOCH``.
``[--option value]`` is usage notation for an optional part; the command runs with it. A trailing
comment that starts with a digit (``# 2027-01-14``) shows a value the command prints; comment lines
right under a command show its output (compared with runs of white space folded).

Python (```python blocks): the blocks of each ``##`` section run in order in one fresh interpreter,
as a reader types them, in a scratch folder like the shell's. A comment that starts with a value (a
digit, a quote or a bracket) on an expression shows what the expression gives: the value's
``repr`` (``datetime.`` left out) or ``str`` (a tuple's items' ``str`` joined by ``, ``; JSON text
on one line), ``...`` standing for any text, optionally followed by ``: an explanation``. A value
comment anywhere else fails the test: every value the README shows is checked.

Both scratch folders are git repositories holding the project's ``.gitignore``: a file that a
command or snippet leaves behind and git would offer to commit fails the test.

The other blocks: the flow file (```toml) drives ``timescales simulate --flow``, the scenario excerpt
is in the scenario file it names, and the validation listing (```text) is what ``validate`` prints
for a scenario with those three mistakes.

Three commands run in a cheaper equivalent form, because the test suite itself is inside them:

* the quick-start commands create ``.venv`` and install into it; here the already installed
  environment stands in (``.venv/bin/`` is this interpreter's ``bin/``), and only the rest of each
  ``&&`` chain runs. The test command is collected (``--collect-only``, in the repository) rather
  than run, since this test is part of that run (CI runs it in full, twice: see ``.ci/run``);
* ``bash .ci/run`` is CI itself: its syntax is checked and every tool it calls must exist.
"""

from __future__ import annotations

import ast
import importlib.util
import io
import json
import os
import re
import shlex
import shutil
import subprocess
import sys
import tokenize
import tomllib
from dataclasses import dataclass
from pathlib import Path

import pytest

from tests.conftest import require_binary_or_skip

ROOT = Path(__file__).resolve().parents[1]
README = ROOT / "README.md"
TEXT = README.read_text("utf-8")
BIN = Path(sys.executable).parent
LINKED = ("scenarios", "notebooks", ".ci")
FENCE = re.compile(r"^```(\w+)\n(.*?)^```", flags=re.DOTALL | re.MULTILINE)


def fold(text: str) -> str:
    """Runs of white space as one space."""
    return " ".join(text.split())


def fenced(kind: str, text: str = TEXT) -> list[tuple[int, str]]:
    """(README line of the first code line, code) of every ```kind block."""
    return [
        (text.count("\n", 0, m.start(2)) + 1, m.group(2))
        for m in FENCE.finditer(text)
        if m.group(1) == kind
    ]


# Shell ---------------------------------------------------------------------------------------


@dataclass(frozen=True)
class ShellCommand:
    """A README command, with what its comments show it prints."""

    text: str
    shown: str | None = None  # a value in its trailing comment
    output: str = ""  # output shown in comment lines under it


def readme_commands(text: str) -> list[ShellCommand]:
    """The commands of every ```sh block, with ``\\`` continuations joined."""
    commands: list[ShellCommand] = []
    for _, block in fenced("sh", text):
        pending, first = "", len(commands)
        for line in block.splitlines():
            if line.strip().startswith("#"):
                if len(commands) > first:  # output shown under the previous command
                    last = commands[-1]
                    shown = f"{last.output} {line.strip()[1:]}"
                    commands[-1] = ShellCommand(last.text, last.shown, fold(shown))
                continue
            if line.rstrip().endswith("\\"):
                pending += line.rstrip()[:-1] + " "
                continue
            command = (pending + line).strip()
            pending = ""
            if command:
                comment = re.search(r"\s#\s*(.*)$", command)
                value = comment.group(1).split()[0] if comment and comment.group(1) else ""
                commands.append(ShellCommand(command, value if value[:1].isdigit() else None))
    return commands


COMMANDS = readme_commands(TEXT)


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


def _environment() -> dict[str, str]:
    return {
        **os.environ,
        "PATH": f"{BIN}{os.pathsep}{os.environ.get('PATH', '')}",
        "SOURCE_DATE_EPOCH": "1780300800",  # 2026-06-01T08:00:00Z
    }


def _link_repository(folder: Path) -> Path:
    """``folder`` set up like a clone for the README: the repository's folders linked and its
    ``.gitignore`` in a git repository, so that every file a command leaves must be ignored."""
    require_binary_or_skip(shutil.which("git") is not None, "git")
    for name in LINKED:
        (folder / name).symlink_to(ROOT / name, target_is_directory=True)
    shutil.copyfile(ROOT / ".gitignore", folder / ".gitignore")
    subprocess.run(["git", "init", "-q"], cwd=folder, check=True)
    exclude = folder / ".git" / "info" / "exclude"
    exclude.write_text("".join(f"/{name}\n" for name in (*LINKED, ".gitignore")), "utf-8")
    return folder


def not_ignored(folder: Path) -> list[str]:
    """Files in ``folder`` that git would offer to commit: outputs missing from .gitignore."""
    status = subprocess.run(
        ["git", "status", "--porcelain", "--untracked-files=all"],
        cwd=folder,
        capture_output=True,
        text=True,
        check=True,
    )
    return [line[3:] for line in status.stdout.splitlines() if line.startswith("??")]


@pytest.fixture(scope="module")
def scratch(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The folder every README command runs in, in order."""
    return _link_repository(tmp_path_factory.mktemp("readme"))


def test_readme_has_the_walkthrough_commands() -> None:
    joined = "\n".join(c.text for c in COMMANDS)
    for needed in ("inspection-sim rehearse", "inspection-sim validate", "inspection-sim report"):
        assert needed in joined


def test_commands_and_what_they_show_are_read() -> None:
    due = next(c for c in COMMANDS if "due initial-health-assessment" in c.text)
    assert due.shown == "2027-01-14"
    august = next(c for c in COMMANDS if "--onsite 2026-08-10" in c.text)
    assert august.output.startswith(
        "warnings: - ILACS short inspection: fieldwork 2026-08-10 to 2026-08-14"
    )
    assert "notified Mon 2026-09-07 -> on site Mon 2026-09-14" in august.output
    described = next(c for c in COMMANDS if c.text.startswith("inspection-sim due  "))
    assert (described.shown, described.output) == (None, "")


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
    assert equivalent("source .venv/bin/activate") == f"source {BIN}/activate"


@pytest.mark.slow
@pytest.mark.parametrize("command", COMMANDS, ids=[f"{i:02d}" for i in range(len(COMMANDS))])
def test_readme_command_runs(command: ShellCommand, scratch: Path) -> None:
    result = subprocess.run(
        ["bash", "-c", equivalent(command.text)],
        cwd=scratch,
        env=_environment(),
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )
    problem = f"{command.text}\n{result.stdout[-2000:]}\n{result.stderr[-3000:]}"
    assert result.returncode == 0, problem
    assert "Traceback" not in result.stderr
    printed = result.stdout + result.stderr
    if command.shown is not None:
        assert command.shown in printed, problem
    assert command.output in fold(printed), problem
    if "--quiet" in command.text.split():
        assert result.stderr == "", problem  # no progress bar
    assert not_ignored(scratch) == [], "outputs that .gitignore does not cover"


@pytest.mark.slow
def test_a_long_run_shows_a_progress_bar_unless_quiet(tmp_path: Path) -> None:
    """The README: a long run shows a progress bar on stderr, and ``--quiet`` turns it off. A sweep
    over a year takes seconds, long by any measure."""
    command = ["inspection-sim", "sweep", "--from", "2027-01-01", "--to", "2027-12-31"]
    command += ["--runs", "50", "--workers", "1", "--format", "json"]
    runs = [
        subprocess.run(
            [*command, *quiet],
            cwd=tmp_path,
            env=_environment(),
            capture_output=True,
            text=True,
            timeout=600,
            check=False,
        )
        for quiet in ([], ["--quiet"])
    ]
    shown, quiet = runs
    assert shown.returncode == 0, shown.stderr
    assert re.search(r"100%\|", shown.stderr), shown.stderr
    assert (quiet.returncode, quiet.stderr) == (0, "")
    assert json.loads(quiet.stdout) == json.loads(shown.stdout)


# Python --------------------------------------------------------------------------------------

#: A comment that starts like a value: a number, a string, a tuple, list, set or dict.
VALUE = re.compile(r"""-?\d|['"(\[{]""")


@dataclass(frozen=True)
class Step:
    """One top-level statement of a Python block."""

    code: str
    line: int  # README line of its first line
    shown: str | None  # the value its comment shows (an expression's)


def python_sections(text: str = TEXT) -> dict[str, list[tuple[int, str]]]:
    """The ```python blocks of each ``##`` section, by heading, in README order."""
    sections: dict[str, list[tuple[int, str]]] = {}
    starts = list(re.finditer(r"^## (.+)$", text, flags=re.MULTILINE))
    for here, after in zip(starts, [*starts[1:], None], strict=True):
        end = after.start() if after else len(text)
        offset = text.count("\n", 0, here.start())
        blocks = fenced("python", text[here.start() : end])
        if blocks:
            sections[here.group(1)] = [(offset + line, code) for line, code in blocks]
    return sections


def python_steps(line: int, code: str) -> list[Step]:
    """The statements of a block; a value shown anywhere but on an expression is an error."""
    tree = ast.parse(code, "README.md")
    comments = {
        token.start[0]: token.string.lstrip("#").strip()
        for token in tokenize.generate_tokens(io.StringIO(code).readline)
        if token.type == tokenize.COMMENT
    }
    lines = code.splitlines()
    steps = []
    for statement in tree.body:
        rows = range(statement.lineno, (statement.end_lineno or statement.lineno) + 1)
        shown = [comments.pop(row) for row in rows if row in comments]
        values = [text for text in shown if VALUE.match(text)]
        where = f"README.md:{line + statement.lineno - 1}"
        if values and (len(values) > 1 or not isinstance(statement, ast.Expr)):
            raise AssertionError(f"{where}: a value is shown where it cannot be checked")
        source = "\n".join(lines[rows.start - 1 : rows.stop - 1])
        steps.append(Step(source, line + statement.lineno - 1, values[0] if values else None))
    stray = [row for row, text in comments.items() if VALUE.match(text)]
    if stray:
        raise AssertionError(f"README.md:{line + stray[0] - 1}: a value shown on its own line")
    return steps


def matches(shown: str, renderings: list[str]) -> bool:
    """True when ``shown`` (or its part before a ``: `` explanation) is one of ``renderings``."""
    cuts = [len(shown)] + [m.start() for m in re.finditer(": ", shown)]
    for cut in cuts:
        pattern = ".*?".join(re.escape(part) for part in shown[:cut].split("..."))
        if any(re.fullmatch(pattern, form, flags=re.DOTALL) for form in renderings):
            return True
    return False


#: Runs the steps given as JSON in a fresh interpreter; writes each shown value's renderings.
HARNESS = r"""
import ast, json, re, sys

def renderings(value):
    forms = [re.sub(r"\bdatetime\.(?=\w+\()", "", repr(value)), str(value)]
    if isinstance(value, tuple):
        forms.append(", ".join(str(item) for item in value))
    if isinstance(value, str) and value.startswith("{"):
        forms.append(json.dumps(json.loads(value)))  # JSON text on one line
    return forms

with open(sys.argv[1], encoding="utf-8") as handle:
    steps = json.load(handle)
seen, namespace = [], {"__name__": "__main__"}
for step in steps:
    mode = "exec" if step["shown"] is None else "eval"
    tree = ast.parse(step["code"], mode=mode)
    ast.increment_lineno(tree, step["line"] - 1)
    result = eval(compile(tree, "README.md", mode), namespace)
    if mode == "eval":
        seen.append({"line": step["line"], "shown": step["shown"], "forms": renderings(result)})
with open(sys.argv[2], "w", encoding="utf-8") as handle:
    json.dump(seen, handle)
"""

SECTIONS = python_sections()


def test_every_python_block_is_in_a_section() -> None:
    assert sum(len(blocks) for blocks in SECTIONS.values()) == len(fenced("python"))
    assert len(fenced("python")) == TEXT.count("```python")


def test_the_values_shown_are_found() -> None:
    steps = [
        s for blocks in SECTIONS.values() for line, code in blocks for s in python_steps(line, code)
    ]
    shown = {s.code.split("#")[0].strip(): s.shown for s in steps if s.shown is not None}
    assert shown["result.p_met()"] is not None
    assert len(shown) >= 10


def test_value_matching() -> None:
    assert matches("(5, 0): Mon-Fri, Monday call", ["(5, 0)"])
    assert matches("{'p10': date(2026, 11, 23), ..., 'p90': date(2028, 5, 8)}",
                   ["{'p10': date(2026, 11, 23), 'p50': date(2027, 1, 4), 'p90': date(2028, 5, 8)}"])  # fmt: skip
    assert not matches("{'p10': date(2026, 11, 23), ...}", ["{'p10': date(2026, 11, 30)}"])
    assert not matches("0.91", ["0.914"])
    assert matches("2026-03-09, 2026-03-13", ["(date(...))", "2026-03-09, 2026-03-13"])
    with pytest.raises(AssertionError, match=r"README.md:11: a value is shown where"):
        python_steps(10, "x = 1\ny = 2  # 2\n")
    with pytest.raises(AssertionError, match=r"README.md:10: a value shown on its own line"):
        python_steps(10, "# [1, 2]\nx = 1\n")


@pytest.mark.slow
@pytest.mark.parametrize("heading", list(SECTIONS))
def test_readme_python_runs_and_shows_true_values(heading: str, tmp_path: Path) -> None:
    steps = [s for line, code in SECTIONS[heading] for s in python_steps(line, code)]
    program, seen = tmp_path / "steps.json", tmp_path / "seen.json"
    program.write_text(json.dumps([s.__dict__ for s in steps]), "utf-8")
    (tmp_path / "work").mkdir()
    folder = _link_repository(tmp_path / "work")
    result = subprocess.run(
        [sys.executable, "-c", HARNESS, str(program), str(seen)],
        cwd=folder,
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )
    assert result.returncode == 0, result.stderr[-3000:]
    wrong = [
        f"README.md:{v['line']}: shows {v['shown']!r}, the code gives {v['forms'][0]!r}"
        for v in json.loads(seen.read_text("utf-8"))
        if not matches(v["shown"], v["forms"])
    ]
    assert wrong == []
    assert len(json.loads(seen.read_text("utf-8"))) == sum(s.shown is not None for s in steps)
    assert not_ignored(folder) == [], "outputs that .gitignore does not cover"


# Other blocks --------------------------------------------------------------------------------


def _block_after(phrase: str, kind: str) -> str:
    """The first ```kind block after ``phrase``."""
    start = TEXT.index(phrase)
    return next(code for line, code in fenced(kind, TEXT[start:]))


@pytest.mark.slow
def test_the_flow_file_runs(tmp_path: Path) -> None:
    flow = tmp_path / "flow.toml"
    flow.write_text(_block_after("`--flow FILE`", "toml"), "utf-8")
    result = subprocess.run(
        [
            "inspection-sim",
            "timescales",
            "simulate",
            "--flow",
            str(flow),
            "--runs",
            "2",
            "--format",
            "json",
        ],
        env=_environment(),
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    runs = json.loads(result.stdout)
    assert runs["base"]["timescale"] == "single-assessment"
    assert runs["base"]["months"][0]["month"] == "2027-01"  # start = 2027-01-04
    assert runs["what-if"]["timescale"] == "single-assessment"  # arrivals x1.2 from April


def test_the_scenario_excerpt_is_in_its_file() -> None:
    """Line by line, comments aside (the README's say what the registry holds)."""
    named = re.search(r"For example, from\s+`(scenarios/[\w.-]+\.toml)`:", TEXT)
    assert named
    excerpt = _block_after(named.group(0), "toml")

    def setting(line: str) -> str:
        return fold(line.split(" #")[0])

    body = {setting(line) for line in (ROOT / named.group(1)).read_text("utf-8").splitlines()}
    missing = [line for line in excerpt.splitlines() if setting(line) not in body]
    assert missing == []


def test_the_validation_listing_is_what_validate_prints(tmp_path: Path) -> None:
    """A council.toml with the three mistakes the listing names (region, a key, a task id)."""
    listing = _block_after("Exit status 2 means", "text").splitlines()
    good = (ROOT / "scenarios" / "good-council-ilacs-short.toml").read_text("utf-8")
    bad = good.replace('region = "england"', 'region = "englnd"').replace("size = 4", "sise = 4", 1)
    (tmp_path / "council.toml").write_text(
        bad + "\n[tasks.change.prepare-case-file]\nduration = 3\n", "utf-8"
    )
    result = subprocess.run(
        [sys.executable, "-m", "inspection_sim", "validate", "council.toml"],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert result.returncode == 2
    printed = result.stderr.splitlines()
    assert len(printed) == len(listing)
    for shown, line in zip(listing, printed, strict=True):
        pattern = ".*?".join(re.escape(part) for part in shown.split("..."))
        assert re.fullmatch(pattern, line), (shown, line)


# Prose ---------------------------------------------------------------------------------------


def test_the_extras_the_readme_installs_exist() -> None:
    """``pip install '.[plot]'`` names extras of this project, from a clone (``.``)."""
    extras = tomllib.loads((ROOT / "pyproject.toml").read_text("utf-8"))["project"][
        "optional-dependencies"
    ]
    installs = re.findall(r"pip install\s+(-\S+\s+)*'?([^'\s`]+)'?", fold(TEXT))
    assert installs
    for _, target in installs:
        assert target.startswith("."), f"pip install {target}: from a clone it is '.[...]'"
        named = re.fullmatch(r"\.(?:\[([\w,-]+)\])?", target)
        assert named, target
        for extra in (named.group(1) or "").split(","):
            assert not extra or extra in extras, f"no extra {extra!r} in pyproject.toml"


def test_names_the_readme_uses_from_the_package_exist() -> None:
    """``inspection_sim.NAME`` in the README is exported (``load_timescales`` was not)."""
    import inspection_sim

    used = set(re.findall(r"\binspection_sim\.([A-Za-z_]\w*)\b(?![./])", TEXT))
    assert "load_timescales" in used
    missing = [
        name
        for name in sorted(used)
        if name not in inspection_sim.__all__
        and importlib.util.find_spec(f"inspection_sim.{name}") is None
    ]
    assert missing == []


def test_the_benchmarks_listed_exist() -> None:
    listed = re.findall(r"^\| `(\w+\.py)` \|", TEXT, flags=re.MULTILINE)
    assert "forecast.py" in listed
    assert [name for name in listed if not (ROOT / "benchmarks" / name).is_file()] == []


def test_how_to_run_inspection_sim_follows_the_quick_start() -> None:
    quick = TEXT.split("## Quick start", 1)[1].split("\n## ", 1)[0]
    assert "source .venv/bin/activate" in quick
    assert ".venv/bin/inspection-sim" in quick


def test_what_the_notebooks_write_is_ignored(tmp_path: Path) -> None:
    """Run in Jupyter, a notebook writes beside itself: each ``Path("...")`` it creates is ignored."""
    require_binary_or_skip(shutil.which("git") is not None, "git")
    written = set()
    for notebook in sorted((ROOT / "notebooks").glob("*.ipynb")):
        for cell in json.loads(notebook.read_text("utf-8"))["cells"]:
            if cell["cell_type"] == "code":
                written |= set(re.findall(r'Path\("([^"]+)"\)', "".join(cell["source"])))
    assert written  # 01 writes its calendars into rehearsal-calendars/
    shutil.copyfile(ROOT / ".gitignore", tmp_path / ".gitignore")
    subprocess.run(["git", "init", "-q"], cwd=tmp_path, check=True)
    # A name with a suffix is a file (a workbook); one without is a folder of calendars.
    paths = [
        f"notebooks/{name}" if Path(name).suffix else f"notebooks/{name}/all-teams.ics"
        for name in sorted(written)
    ]
    ignored = subprocess.run(
        ["git", "check-ignore", "--no-index", *paths],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        check=False,
    )
    assert ignored.stdout.splitlines() == paths
