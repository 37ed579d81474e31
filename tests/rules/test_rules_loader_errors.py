"""Bad rule files fail at load with the file, the key path, the value and the valid choices."""

from __future__ import annotations

import pytest

from inspection_sim.errors import RuleFileError
from inspection_sim.rules.registry import framework_from_text

NAME = "rules/data/ilacs/2099-01.toml"


def load(body: str) -> object:
    text = '[meta]\nframework = "ilacs"\nversion = "2099-01"\nextends = "2024-12"\n'
    text += 'title = "test"\neffective_from = 2099-01-01\n' + body
    return framework_from_text(text, name=NAME, framework="ilacs", version="2099-01")


def test_a_valid_extension_loads() -> None:
    rules = load("[inspections.short.onsite]\nnominal_working_days = 5\n")
    assert rules.inspection("short").fieldwork.days == 5  # type: ignore[attr-defined]


def test_malformed_toml_names_the_file_and_line() -> None:
    with pytest.raises(RuleFileError, match=rf"^{NAME}: malformed TOML: .*line 7"):
        load("[inspections.short\n")


def test_unknown_key_gives_path_value_and_suggestion() -> None:
    with pytest.raises(RuleFileError) as caught:
        load("[inspections.short.onsite]\nworking_dayz = 5\n")
    text = str(caught.value)
    assert text.startswith(f"{NAME}: inspections.short.onsite.working_dayz: unknown key")
    assert "did you mean 'working_days'?" in text


def test_wrong_type_names_the_key_path() -> None:
    with pytest.raises(
        RuleFileError, match=r"inspections\.short\.fieldwork\.days: must be an integer \(got '5'\)"
    ):
        load('[inspections.short.fieldwork]\ndays = "5"\n')


def test_a_value_out_of_range() -> None:
    with pytest.raises(RuleFileError, match=r"fieldwork.days: must be an integer >= 1 \(got 0\)"):
        load("[inspections.short.fieldwork]\ndays = 0\n")


def test_bad_weekday_lists_the_weekdays() -> None:
    with pytest.raises(RuleFileError) as caught:
        load('[inspections.short.notification]\nweekday = "mnday"\n')
    text = str(caught.value)
    assert "inspections.short.notification.weekday: not a weekday (got 'mnday')" in text
    assert "did you mean 'monday'?" in text


def test_bad_weekmask() -> None:
    with pytest.raises(RuleFileError, match=r"fieldwork.weekmask: malformed weekmask"):
        load('[inspections.short.fieldwork]\nweekmask = "Mon-Fry"\n')


def test_bad_unit_lists_the_units() -> None:
    body = '[inspections.short.post.publication]\nat = { after = "fieldwork-end", workdays = 30 }\n'
    with pytest.raises(RuleFileError) as caught:
        load(body)
    text = str(caught.value)
    assert "inspections.short.post.publication.at.workdays: unknown key" in text
    assert "working_days" in text


def test_two_units_in_one_offset() -> None:
    body = '[inspections.short.post.publication]\nat = { after = "fieldwork-end", working_days = 30, hours = 2 }\n'
    with pytest.raises(RuleFileError, match="give exactly one unit key"):
        load(body)


def test_bad_reference_suggests_the_closest_id() -> None:
    body = '[inspections.short.post.factual-accuracy]\nat = { after = "draft-reprt", working_days = 5 }\n'
    with pytest.raises(RuleFileError) as caught:
        load(body)
    text = str(caught.value)
    assert "post.factual-accuracy.at.after: unknown reference (got 'draft-reprt')" in text
    assert "did you mean 'draft-report'?" in text


def test_a_task_deadline_may_not_name_a_council_task() -> None:
    body = '[inspections.short.tasks.base-room]\ndue = { after = "it-access", working_days = 0 }\n'
    with pytest.raises(
        RuleFileError, match=r"tasks.base-room.due.after: unknown reference \(got 'it-access'\)"
    ):
        load(body)


def test_offsets_that_form_a_cycle_are_named() -> None:
    body = '[inspections.short.post.draft-report]\nat = { after = "factual-accuracy", working_days = -5 }\n'
    with pytest.raises(
        RuleFileError,
        match="offsets form a cycle: draft-report -> factual-accuracy -> draft-report",
    ):
        load(body)


def test_unknown_source_reference() -> None:
    body = '[inspections.short.fieldwork]\nsource = ["S99"]\n'
    with pytest.raises(
        RuleFileError, match=r"fieldwork.source\[0\]: unknown source reference \(got 'S99'\)"
    ):
        load(body)


def test_unverified_must_name_a_field() -> None:
    body = '[inspections.short.fieldwork]\nunverified = ["dayz"]\n'
    with pytest.raises(
        RuleFileError, match=r"fieldwork.unverified\[0\]: names no field of this rule"
    ):
        load(body)


def test_bad_confidence() -> None:
    body = '[inspections.short.fieldwork]\nconfidence = "high"\n'
    with pytest.raises(
        RuleFileError,
        match=r"fieldwork.confidence: not a valid choice \(got 'high'\); valid: H, M, L",
    ):
        load(body)


def test_bad_dependency_type() -> None:
    body = '[inspections.short.tasks.base-room]\ndepends = [{ on = "notification", type = "XS" }]\n'
    with pytest.raises(
        RuleFileError, match=r"tasks.base-room.depends\[0\].type: not a valid choice"
    ):
        load(body)


def test_dependency_lag_in_weeks_is_rejected() -> None:
    body = '[inspections.short.tasks.base-room]\ndepends = [{ on = "notification", lag = 1, unit = "weeks" }]\n'
    with pytest.raises(RuleFileError, match="working_days, calendar_days or hours"):
        load(body)


def test_duplicate_ids_across_groups() -> None:
    body = '[inspections.short.tasks.annex-a]\nname = "x"\nteam = "t"\nduration = 1\n'
    with pytest.raises(RuleFileError, match=r"tasks.annex-a: duplicate id"):
        load(body)


def test_meta_must_match_the_registry() -> None:
    text = '[meta]\nframework = "ilacs"\nversion = "2098-01"\nextends = "2024-12"\ntitle = "x"\neffective_from = 2099-01-01\n'
    with pytest.raises(RuleFileError, match=r"meta\.version: does not match the registry entry"):
        framework_from_text(text, name=NAME, framework="ilacs", version="2099-01")


def test_extends_must_be_registered() -> None:
    text = '[meta]\nframework = "ilacs"\nversion = "2099-01"\nextends = "2024-11"\n'
    with pytest.raises(RuleFileError, match=r"meta\.extends: .*did you mean '2024-12'"):
        framework_from_text(text, name=NAME, framework="ilacs", version="2099-01")


def test_an_error_in_an_inherited_value_names_the_file_that_set_it() -> None:
    # The new file changes nothing wrong itself; an unknown top-level key is its own.
    with pytest.raises(RuleFileError, match=rf"^{NAME}: surprise: unknown key"):
        load("[surprise]\nx = 1\n")


def test_bad_blackout_month_day() -> None:
    body = '[blackouts.summer]\nstart = "08-32"\n'
    with pytest.raises(
        RuleFileError, match=r"blackouts\.summer\.start: must be a month and day 'MM-DD'"
    ):
        load(body)


def test_a_blackout_names_inspection_types_of_its_framework() -> None:
    body = '[blackouts.summer]\ninspections = ["shrot"]\npauses_cycle = true\n'
    with pytest.raises(RuleFileError) as caught:
        load(body)
    text = str(caught.value)
    assert "blackouts.summer.inspections[0]: unknown inspection type (got 'shrot')" in text
    assert "did you mean 'short'" in text
    assert (
        "blackouts.summer.pauses_cycle: only a 'dates' blackout pauses the inspection cycle" in text
    )


def test_a_task_citation_is_not_inherited_in_part() -> None:
    body = '[inspections.short.tasks.base-room]\nconfidence = "H"\n'
    with pytest.raises(RuleFileError, match=r"tasks.base-room.confidence: give 'source' too"):
        load(body)
