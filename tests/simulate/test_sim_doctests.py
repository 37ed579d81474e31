"""The examples in the simulation docstrings run and show what they say."""

from __future__ import annotations

import doctest
import importlib

import pytest


@pytest.mark.parametrize("name", ["run", "drivers", "describe"])
def test_docstring_examples(name: str) -> None:
    """Only modules with examples: a module without any would pass whatever it said."""
    module = importlib.import_module(f"inspection_sim.simulation.{name}")
    result = doctest.testmod(module, optionflags=doctest.NORMALIZE_WHITESPACE)
    assert result.attempted > 0
    assert result.failed == 0


def test_the_run_examples_exist() -> None:
    module = importlib.import_module("inspection_sim.simulation.run")
    assert doctest.testmod(module).attempted >= 5
