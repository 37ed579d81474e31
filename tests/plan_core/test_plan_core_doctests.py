"""The examples in the planning-core docstrings run and show what they say."""

from __future__ import annotations

import doctest
import importlib
from types import ModuleType

import pytest

MODULES = [
    importlib.import_module(f"inspection_sim.plan.{name}")
    for name in ("cpm", "level", "timeline", "worktime")
]


@pytest.mark.parametrize("module", MODULES, ids=lambda m: m.__name__)
def test_docstring_examples(module: ModuleType) -> None:
    result = doctest.testmod(module, optionflags=doctest.NORMALIZE_WHITESPACE)
    assert result.failed == 0


def test_the_examples_exist() -> None:
    counts = [
        doctest.testmod(m).attempted for m in MODULES if m.__name__.endswith(("cpm", "worktime"))
    ]
    assert len(counts) == 2
    assert all(count > 0 for count in counts)
