"""Before/after check of the calendar files: same components, properties, parameters and values.

For the embedded default scenario and every ``scenarios/*.toml``, rehearses with a fixed ``--stamp``
twice, once with the package as it was at a base commit (exported with ``git archive``) and once
with this tree's, then parses every ``.ics`` file of both runs with icalendar and compares them
component by component: names and order of components and properties, parameters, and each value
as icalendar writes it after reading (so only line layout, such as folding or the order of an
RRULE's parts, may differ). ``events.csv`` must be byte-identical. Three runs per scenario:

* ``full``: the scenario's own rehearsal;
* ``compressed``: two days of fieldwork and three fortnightly planning meetings;
* ``reissue``: the ``full`` files written by the base code, replaced (``--force``) by each side with
  the keep-in-touch meetings moved to 08:45, so SEQUENCE is continued from the base code's file.

Usage: ``python tools/compare_ics.py [BASE]`` (default: the commit this branch started from on
main). Exits 1 when any file differs.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import TypeAlias

import icalendar

ROOT = Path(__file__).resolve().parent.parent
STAMP = "2027-05-01T09:00:00Z"
RUNS = {
    "full": [],
    "compressed": ["--mode", "compressed", "--fieldwork-days", "2", "--planning-meetings", "3"],
}
REISSUE = ["--kit-time", "08:45", "--force"]

Property: TypeAlias = tuple[str, tuple[tuple[str, str], ...], bytes]  # name, parameters, value
Shape: TypeAlias = tuple[str, tuple[Property, ...], tuple["Shape", ...]]


def shape(component: icalendar.cal.component.Component) -> Shape:
    """A component as icalendar reads it: properties in order, parameters, re-written values."""
    properties: list[Property] = []
    for name, values in component.items():
        for value in values if isinstance(values, list) else [values]:
            params = tuple(sorted((key, str(item)) for key, item in value.params.items()))
            properties.append((name, params, value.to_ical()))
    return str(component.name), tuple(properties), tuple(shape(c) for c in component.subcomponents)


def differences(before: bytes, after: bytes, where: str = "") -> list[str]:
    """Where two calendars differ when parsed (empty when they carry the same content)."""
    old, new = icalendar.Calendar.from_ical(before), icalendar.Calendar.from_ical(after)
    for component in (old, new):
        for part in component.walk():
            if part.errors:
                return [f"{where}: {part.name} errors {part.errors}"]
    return _compare(shape(old), shape(new), where or old.name)


def _compare(old: Shape, new: Shape, where: str) -> list[str]:
    if old[0] != new[0]:
        return [f"{where}: component {old[0]} became {new[0]}"]
    found = [
        f"{where}: property {left} became {right}"
        for left, right in zip(old[1], new[1], strict=False)
        if left != right
    ]
    if len(old[1]) != len(new[1]):
        found.append(f"{where}: {len(old[1])} properties became {len(new[1])}")
    if len(old[2]) != len(new[2]):
        found.append(f"{where}: {len(old[2])} subcomponents became {len(new[2])}")
    for n, (left, right) in enumerate(zip(old[2], new[2], strict=False)):
        found.extend(_compare(left, right, f"{where}/{left[0]}[{n}]"))
    return found


def rehearse(code: Path, scenario: Path | None, out: Path, options: list[str]) -> None:
    """``inspection-sim rehearse`` with the package found under ``code``."""
    command = [sys.executable, "-P", "-m", "inspection_sim", "rehearse"]
    command += [str(scenario)] if scenario else []
    command += ["--out", str(out), "--stamp", STAMP, *options]
    env = {**os.environ, "PYTHONPATH": str(code)}
    out.parent.mkdir(parents=True, exist_ok=True)
    result = subprocess.run(
        command, env=env, cwd=out.parent, capture_output=True, text=True, check=False
    )
    if result.returncode != 0:
        raise SystemExit(f"{' '.join(command)} failed with {code}:\n{result.stderr}")


def check_source(code: Path) -> None:
    """Fail unless ``python -P`` with PYTHONPATH ``code`` imports the package from ``code``."""
    found = subprocess.run(
        [sys.executable, "-P", "-c", "import inspection_sim; print(inspection_sim.__file__)"],
        env={**os.environ, "PYTHONPATH": str(code)},
        cwd=code,
        capture_output=True,
        text=True,
        check=True,
    ).stdout.strip()
    if not Path(found).is_relative_to(code):
        raise SystemExit(f"inspection_sim is imported from {found}, not from {code}")


def compare_folders(before: Path, after: Path) -> tuple[list[str], int, int]:
    """Differences, the number of .ics files compared and how many are byte-identical."""
    names = sorted(p.name for p in before.iterdir())
    if names != sorted(p.name for p in after.iterdir()):
        return [f"{after}: other files than {names}"], 0, 0
    found: list[str] = []
    compared = identical = 0
    for name in names:
        old, new = (before / name).read_bytes(), (after / name).read_bytes()
        if name.endswith(".ics"):
            compared += 1
            identical += old == new
            found.extend(differences(old, new, f"{after.name}/{name}"))
        elif old != new:
            found.append(f"{after.name}/{name}: bytes differ")
    return found, compared, identical


def main() -> int:
    base = sys.argv[1] if len(sys.argv) > 1 else _git("merge-base", "HEAD", "main")
    scenarios: list[Path | None] = [None, *sorted((ROOT / "scenarios").glob("*.toml"))]
    failures = files = same_bytes = 0
    with tempfile.TemporaryDirectory(prefix="compare-ics-") as temp:
        work = Path(temp)
        old_code = work / "base"
        old_code.mkdir()
        archive = subprocess.run(
            ["git", "-C", str(ROOT), "archive", base, "inspection_sim"],
            capture_output=True,
            check=True,
        ).stdout
        subprocess.run(["tar", "-x", "-C", str(old_code)], input=archive, check=True)
        check_source(old_code)
        check_source(ROOT)
        print(f"base {base[:12]} against the working tree, --stamp {STAMP}")
        for scenario in scenarios:
            label = scenario.stem if scenario else "(default)"
            found: list[str] = []
            counts = [0, 0]
            for run, options in RUNS.items():
                before, after = work / label / f"{run}-before", work / label / f"{run}-after"
                rehearse(old_code, scenario, before, options)
                rehearse(ROOT, scenario, after, options)
                _add(counts, found, compare_folders(before, after))
            for side, code in (("before", old_code), ("after", ROOT)):
                target = work / label / f"reissue-{side}"
                shutil.copytree(work / label / "full-before", target)
                rehearse(code, scenario, target, REISSUE)
            reissued = compare_folders(
                work / label / "reissue-before", work / label / "reissue-after"
            )
            _add(counts, found, reissued)
            files, same_bytes = files + counts[0], same_bytes + counts[1]
            status = "same when parsed" if not found else f"{len(found)} differences"
            print(f"  {label:40} {counts[0]:3} .ics files  {status}")
            for line in found[:20]:
                print(f"      {line}")
            failures += bool(found)
    if failures:
        print(f"{failures} of {len(scenarios)} scenarios differ")
        return 1
    print(
        f"all {files} .ics files carry the same content when parsed; {same_bytes} are "
        f"byte-identical and {files - same_bytes} differ in line layout only"
    )
    return 0


def _add(counts: list[int], found: list[str], result: tuple[list[str], int, int]) -> None:
    found.extend(result[0])
    counts[0] += result[1]
    counts[1] += result[2]


def _git(*args: str) -> str:
    return subprocess.run(
        ["git", "-C", str(ROOT), *args], capture_output=True, text=True, check=True
    ).stdout.strip()


if __name__ == "__main__":
    sys.exit(main())
