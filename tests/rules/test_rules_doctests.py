"""The ``>>>`` examples in the rules, timescales and planner docstrings run and hold."""

from __future__ import annotations

import doctest
import importlib

import pytest

MODULES = (
    "inspection_sim.rules.registry",
    "inspection_sim.timescales",
    "inspection_sim.plan.build",
)


@pytest.mark.parametrize("name", MODULES)
def test_docstring_examples(name: str) -> None:
    module = importlib.import_module(name)
    result = doctest.testmod(module, globs={**vars(module)}, optionflags=doctest.ELLIPSIS)
    assert result.attempted > 0
    assert result.failed == 0
