"""Content lines: TEXT escaping and 75-octet folding on UTF-8 character boundaries."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from inspection_sim.export.lines import LIMIT, escape_text, fold, join_lines, unfold


def test_escapes_the_four_special_characters() -> None:
    assert escape_text("a,b;c\\d\ne") == "a\\,b\\;c\\\\d\\ne"


def test_crlf_and_lone_cr_become_one_escaped_newline() -> None:
    assert escape_text("one\r\ntwo\rthree") == "one\\ntwo\\nthree"


def test_short_line_is_not_folded() -> None:
    assert fold("SUMMARY:" + "x" * 67) == b"SUMMARY:" + b"x" * 67


def test_long_ascii_line_folds_at_75_then_74_octets() -> None:
    folded = fold("X" * 200)
    chunks = folded.split(b"\r\n")
    assert [len(chunk) for chunk in chunks] == [75, 75, 52]  # 75 + (1 + 74) + (1 + 51)
    assert all(chunk.startswith(b" ") for chunk in chunks[1:])


def test_fold_never_cuts_a_multibyte_character() -> None:
    line = "DESCRIPTION:" + "é" * 40 + "😀" * 20  # 2-byte and 4-byte sequences across the cut
    for chunk in fold(line).split(b"\r\n"):
        assert len(chunk) <= LIMIT
        chunk.decode("utf-8")  # each physical line is valid UTF-8 on its own


@given(st.lists(st.text(min_size=1).filter(lambda s: "\r" not in s and "\n" not in s), max_size=8))
def test_fold_and_unfold_round_trip(lines: list[str]) -> None:
    lines = [line for line in lines if not line.startswith((" ", "\t"))]
    data = join_lines(lines)
    assert all(len(physical) <= LIMIT for physical in data.split(b"\r\n"))
    assert data.endswith(b"\r\n")
    assert unfold(data) == [line for line in lines if line]
