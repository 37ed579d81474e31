"""Input echoed in error messages reaches the terminal as visible text, never as control codes.

Every error message is built by ``Problem``: file, key, message, value, valid choices. Whatever
part carries a control character or an ANSI escape sequence shows it as an escape (``\\x1b``), for
every error type, and a message stays on one line.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from subprocess import CompletedProcess

import pytest
from hypothesis import given
from hypothesis import strategies as st

from inspection_sim import errors
from inspection_sim.errors import InspectionSimError, Problem, ScenarioError, printable
from inspection_sim.scenario import parse_scenario

Cli = Callable[..., CompletedProcess[str]]

RED = "\x1b[31m"
TITLE = "\x1b]0;owned\x07"  # sets a terminal's title
ERROR_TYPES = [
    getattr(errors, name)
    for name in errors.__all__
    if isinstance(getattr(errors, name), type)
    and issubclass(getattr(errors, name), InspectionSimError)
]


def _controls(text: str) -> list[str]:
    return [char for char in text if not char.isprintable() and char != "\n"]


@pytest.mark.parametrize("kind", ERROR_TYPES, ids=lambda kind: kind.__name__)
def test_every_error_type_neutralises_control_characters(kind: type[InspectionSimError]) -> None:
    error = kind(
        f"bad name {RED}red",
        source=f"council{TITLE}.toml",
        key=f"teams.{RED}x\ny",
        value=f"{RED}value",
        choices=(f"{RED}a", "b"),
    )
    text = str(error)
    assert _controls(text) == []
    assert "\n" not in text
    assert "bad name \\x1b[31mred" in text
    assert "council\\x1b]0;owned\\x07.toml" in text
    assert "teams.\\x1b[31mx\\ny" in text


def test_a_listing_of_several_problems_keeps_one_line_per_problem() -> None:
    error = ScenarioError(
        problems=[Problem(f"one{RED}\nline", "a.toml", "k"), Problem("two", "a.toml", "k\r")]
    )
    lines = str(error).splitlines()
    assert lines == ["2 problems:", "  - a.toml: k: one\\x1b[31m\\nline", "  - a.toml: k\\r: two"]


@given(st.text())
def test_printable_leaves_nothing_a_terminal_acts_on(text: str) -> None:
    shown = printable(text)
    assert shown.isprintable()
    if text.isprintable():
        assert shown == text


def test_scenario_keys_and_values_with_escapes_are_shown_escaped() -> None:
    text = (
        "schema = 1\n"
        f'[council]\nname = "X"\nregion = "{RED}englnd"\n'
        f'"{RED}extra" = 1\n'
        '[inspection]\ntype = "ilacs:short"\nnotified = 2027-03-01\n'
    )
    with pytest.raises(ScenarioError) as caught:
        parse_scenario(text.replace(RED, "\\u001b[31m"), source="council.toml")
    message = str(caught.value)
    assert _controls(message) == []
    assert 'council."\\u001b[31mextra": unknown key' in message  # a key TOML must quote
    assert "(got '\\x1b[31menglnd')" in message


def test_validate_prints_no_escape_sequence(tmp_path: Path, cli: Cli) -> None:
    path = tmp_path / "council.toml"
    path.write_text(
        'schema = 1\n[council]\nname = "X"\nregion = "\\u001b[2J\\u001b[31mwales!"\n'
        '[inspection]\ntype = "ilacs:short"\nnotified = 2027-03-01\n',
        "utf-8",
    )
    result = cli("validate", str(path))
    assert result.returncode == 2
    assert "\x1b" not in result.stderr
    assert "\\x1b[2J\\x1b[31mwales!" in result.stderr
