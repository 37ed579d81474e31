"""History entries ``start:type:judgement``: bad input first, then the forms that parse."""

from __future__ import annotations

from datetime import date

import pytest

from inspection_sim.errors import ForecastInputError, UnknownNameError
from inspection_sim.forecasting.history import HistoryEntry, parse_entry, parse_history


@pytest.mark.parametrize(
    ("text", "fragment"),
    [
        ("2024-03-11", "malformed history entry"),
        ("2024-03-11:short:good:extra", "malformed history entry"),
        ("11/03/2024:short:good", "not an ISO date"),
        ("2024-03-11:short", "needs a judgement"),
        ("2024-03-11:focused-visit:good", "has no graded judgement"),
    ],
    ids=["no-type", "four-parts", "uk-date", "no-judgement", "visit-with-judgement"],
)
def test_malformed_entries_name_the_value(text: str, fragment: str) -> None:
    with pytest.raises(ForecastInputError) as caught:
        parse_entry(text, source="--last")
    message = str(caught.value)
    assert fragment in message
    assert message.startswith("--last")


def test_unknown_type_suggests_the_closest() -> None:
    with pytest.raises(UnknownNameError) as caught:
        parse_entry("2024-03-11:shrt:good", source="--last")
    assert "did you mean 'short'?" in str(caught.value)
    assert "'shrt'" in str(caught.value)


def test_unknown_judgement_lists_choices_and_suggests() -> None:
    with pytest.raises(UnknownNameError) as caught:
        parse_entry("2024-03-11:standard:requires-improvment")
    text = str(caught.value)
    assert "valid: outstanding, good, requires-improvement, inadequate" in text
    assert "did you mean 'requires-improvement'?" in text


def test_history_without_an_inspection_is_refused() -> None:
    with pytest.raises(ForecastInputError, match="at least one graded inspection"):
        parse_history(["2024-03-11:focused-visit"])


def test_entries_parse_and_sort_by_start() -> None:
    history = parse_history(
        ["2024-09-10:focused-visit", "2023-01-16:standard:requires improvement"]
    )
    assert history == (
        HistoryEntry(date(2023, 1, 16), "standard", "requires-improvement"),
        HistoryEntry(date(2024, 9, 10), "focused-visit", None),
    )
    assert [str(e) for e in history] == [
        "2023-01-16:standard:requires-improvement",
        "2024-09-10:focused-visit",
    ]


def test_entry_objects_validate_too() -> None:
    with pytest.raises(UnknownNameError):
        HistoryEntry(date(2024, 3, 11), "short", "excellent")


def test_other_frameworks_take_their_own_judgements() -> None:
    assert parse_entry("2023-05-15:area-send:widespread-failings").framework == "area-send"
    assert parse_entry("2022-09-12:hmip-yj:good").framework == "hmip-yj"
    with pytest.raises(UnknownNameError) as caught:
        parse_entry("2023-05-15:area-send:good")
    assert "unknown outcome" in str(caught.value)
    assert "valid: positive, inconsistent, widespread-failings" in str(caught.value)
