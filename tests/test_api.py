"""The public API is one list: ``_EXPORTS``; ``__all__``, the imports of the package face (for type
checkers) and the README's "Python API" section must all say the same."""

from __future__ import annotations

import ast
import importlib
import re
import subprocess
import sys
from pathlib import Path

import inspection_sim

ROOT = Path(__file__).parents[1]
FACE = ROOT / "inspection_sim" / "__init__.py"


def _readme_section() -> str:
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    return text.split("\n## Python API\n", 1)[1].split("\n## ", 1)[0]


def test_all_is_made_from_the_one_list() -> None:
    assert inspection_sim.__all__ == sorted(inspection_sim._EXPORTS)


def test_the_face_imports_each_name_from_its_module() -> None:
    """Every import of the face, eager or for type checkers, is of a listed name from the module
    the list gives; and every listed name is imported (so a type checker knows it)."""
    imported: dict[str, str] = {}
    for node in ast.walk(ast.parse(FACE.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom) and (node.module or "").startswith("inspection_sim"):
            for alias in node.names:
                imported[alias.asname or alias.name] = str(node.module)
    assert imported == inspection_sim._EXPORTS


def test_every_name_is_the_object_its_module_defines() -> None:
    """In a fresh interpreter, after the submodules that share a name with a function were
    imported (they must not shadow it)."""
    script = (
        "import importlib, inspection_sim\n"
        "import inspection_sim.plan.build, inspection_sim.timescales, inspection_sim.rehearsal\n"
        "wrong = [n for n, m in inspection_sim._EXPORTS.items()\n"
        "         if getattr(inspection_sim, n) is not getattr(importlib.import_module(m), n)]\n"
        "print(wrong)\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, cwd=ROOT, check=True
    )
    assert done.stdout.strip() == "[]"


def test_the_readme_lists_the_same_names() -> None:
    table = [line for line in _readme_section().splitlines() if line.startswith("| ")]
    listed = [name for row in table[1:] for name in re.findall(r"`([^`]+)`", row.split("|")[2])]
    assert sorted(listed) == inspection_sim.__all__
    assert len(listed) == len(set(listed))


def test_every_public_entry_point_of_the_readme_imports_with_its_names() -> None:
    paragraph = _readme_section().split("public entry points", 1)[1].split("internal", 1)[0]
    entry_points = re.findall(r"`(inspection_sim\.[a-z_.]+)`", paragraph)
    assert "inspection_sim.workbench" in entry_points
    for name in entry_points:
        module = importlib.import_module(name)
        exported = getattr(module, "__all__", None)
        assert exported, f"{name} declares no __all__"
        missing = [item for item in exported if not hasattr(module, item)]
        assert missing == [], name
