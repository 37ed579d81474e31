"""Plain words: offsets, dependencies and conditions as a coordinator writes them, and a reason in
words for every framework date of every inspection type."""

from __future__ import annotations

import pytest

from inspection_sim.plan.network import Link
from inspection_sim.rehearsal.phrases import link_phrase, offset_phrase, plain_name
from inspection_sim.rehearsal.rule_words import RuleWords, framework_words
from inspection_sim.rules import FRAMEWORKS, Offset, Unit, load_framework

NAMES = {"publication": "Report published"}


@pytest.mark.parametrize(
    ("offset", "words"),
    [
        (Offset("notification", 1, Unit.WORKING_DAYS), "the working day after the call"),
        (Offset("notification", 0, Unit.WORKING_DAYS), "on the day of the call"),
        (Offset("onsite", -1, Unit.WORKING_DAYS), "the working day before the first day on site"),
        (Offset("onsite", -3, Unit.WORKING_DAYS), "3 working days before the first day on site"),
        (Offset("fieldwork-end", 0, Unit.WORKING_DAYS), "on the last day on site"),
        (Offset("publication", 70, Unit.WORKING_DAYS), "70 working days after “Report published”"),
        (Offset("publication", 0, Unit.WORKING_DAYS), "on the day of “Report published”"),
        (Offset("notification", 4, Unit.HOURS), "4 hours after the call"),
        (Offset("notification", 1, Unit.CALENDAR_DAYS), "1 day after the call"),
    ],
)
def test_offsets_in_words(offset: Offset, words: str) -> None:
    assert offset_phrase(offset, NAMES) == words


@pytest.mark.parametrize(
    ("link", "lag", "words"),
    [
        (Link.FS, 0, ("After", "")),
        (Link.SS, 0, ("Starts with", "")),
        (Link.FF, 0, ("Finishes with", "")),
        (Link.SS, 1, ("Starts with", " (1 working day after it starts)")),
        (Link.FS, -2, ("After", " (2 working days before it finishes)")),
    ],
)
def test_dependencies_say_what_they_mean(link: Link, lag: int, words: tuple[str, str]) -> None:
    assert link_phrase(link, lag) == words


def test_conditions_read_as_words_and_are_not_said_twice() -> None:
    assert plain_name("Plan due [if outcome 3]") == "Plan due (only if outcome 3)"
    assert plain_name("Plan due (if priority action) [if priority action]") == (
        "Plan due (if priority action)"
    )
    assert plain_name("Report published") == "Report published"


def test_every_registered_framework_has_words() -> None:
    for framework in FRAMEWORKS:
        words = framework_words(framework)
        assert words.by, framework
        assert words.by != framework.upper(), f"{framework} falls back to its id"


@pytest.mark.parametrize(
    ("framework", "version"), [(f, v) for f, versions in FRAMEWORKS.items() for v in versions]
)
def test_every_framework_date_of_every_inspection_type_says_why(
    framework: str, version: str
) -> None:
    for rules in load_framework(framework, version=version).inspections.values():
        words = RuleWords.of(rules, framework, version)
        items = ["notification", "fieldwork"]
        for group in (rules.phases, rules.returns, rules.meetings, rules.post):
            items.extend(item.id for item in group)
        for item in items:
            text = words.explain(item)
            assert text.startswith(f"Set by {words.framework}: "), (rules.key, item)
            assert "UNVERIFIED" not in text
        assert set(words.due_by.values()) <= {*items, *(t.id for t in rules.tasks)}
