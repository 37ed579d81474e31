"""The examples in the simulation docstrings run and show what they say."""

from __future__ import annotations

import doctest
import importlib

import pytest


@pytest.mark.parametrize("name", ["run", "sweeps", "result", "simtime", "model", "sampling"])
def test_docstring_examples(name: str) -> None:
    module = importlib.import_module(f"inspection_sim.simulation.{name}")
    result = doctest.testmod(module, optionflags=doctest.NORMALIZE_WHITESPACE)
    assert result.failed == 0


def test_the_run_examples_exist() -> None:
    module = importlib.import_module("inspection_sim.simulation.run")
    assert doctest.testmod(module).attempted >= 5
