"""Bad scenarios give one ScenarioError listing every problem: file, key path, value, choices."""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path
from typing import Any

import pytest

from inspection_sim.errors import InspectionSimError, ScenarioError
from inspection_sim.scenario import load_scenario, parse_scenario, scenario_from_mapping
from tests.scenario.scenario_helpers import minimal, problems_of


def _error(data: dict[str, Any]) -> ScenarioError:
    with pytest.raises(ScenarioError) as caught:
        scenario_from_mapping(data, source="council.toml")
    return caught.value


def test_unknown_key_is_an_error_with_closest_name() -> None:
    data = minimal()
    data["teams"]["performance"]["sise"] = 3
    problem = problems_of(_error(data))["teams.performance.sise"]
    assert problem.source == "council.toml"
    assert problem.value == "sise"
    assert "size" in problem.choices
    assert problem.suggestion() == "size"
    assert "did you mean 'size'?" in str(problem)


def test_unknown_top_level_section_suggests_the_closest() -> None:
    data = minimal()
    data["simulaton"] = {"runs": 10}
    problem = problems_of(_error(data))["simulaton"]
    assert problem.suggestion() == "simulation"


def test_wrong_type_names_expected_type_and_value() -> None:
    data = minimal()
    data["teams"]["performance"]["size"] = "three"
    problem = problems_of(_error(data))["teams.performance.size"]
    assert problem.value == "three"
    assert "integer" in problem.message


def test_boolean_is_not_an_integer() -> None:
    data = minimal()
    data["teams"]["performance"]["size"] = True
    assert "teams.performance.size" in problems_of(_error(data))


def test_unknown_inspection_type_lists_registry_names() -> None:
    data = minimal()
    data["inspection"]["type"] = "ilacs:shrot"
    problem = problems_of(_error(data))["inspection.type"]
    assert "ilacs:standard" in problem.choices
    assert problem.suggestion() == "ilacs:short"


def test_unknown_region_and_bad_weekmask() -> None:
    data = minimal()
    data["council"]["region"] = "englnd"
    data["council"]["weekmask"] = "Mon-Fry"
    found = problems_of(_error(data))
    assert found["council.region"].suggestion() == "england"
    assert "Mon-Fri" in found["council.weekmask"].message


@pytest.mark.parametrize(
    ("value", "text"),
    [
        ("2027-02-30", "must be a date (YYYY-MM-DD)"),
        ("next monday", "must be a date (YYYY-MM-DD)"),
        (20270301, "must be a date"),
        (datetime(2027, 3, 1, 9, 0), "not a date-time"),
        (date(2099, 3, 2), "outside the supported range"),
    ],
    ids=["impossible-day", "words", "number", "datetime", "out-of-range"],
)
def test_bad_dates(value: object, text: str) -> None:
    data = minimal()
    data["inspection"]["notified"] = value
    problem = problems_of(_error(data))["inspection.notified"]
    assert text in problem.message
    assert problem.value == value


def test_impossible_date_literal_in_toml_is_a_scenario_error() -> None:
    text = 'schema = 1\n[council]\nname = "X"\n[inspection]\ntype = "ilacs:short"\nnotified = 2027-02-30\n'
    with pytest.raises(ScenarioError, match=r"bad\.toml: malformed TOML"):
        parse_scenario(text, source="bad.toml")


def test_period_ending_before_it_starts() -> None:
    data = minimal()
    data["council"]["closures"] = [
        {"name": "Xmas", "from": date(2027, 12, 31), "to": date(2027, 12, 24)}
    ]
    problem = problems_of(_error(data))["council.closures[0].to"]
    assert "ends before it starts" in problem.message


def test_missing_required_keys_are_all_listed() -> None:
    error = _error({"schema": 1, "council": {}, "inspection": {}})
    keys = set(problems_of(error))
    assert {"council.name", "inspection.type", "inspection.notified"} <= keys


def test_missing_sections() -> None:
    keys = set(problems_of(_error({})))
    assert {"schema", "council", "inspection"} <= keys


def test_unsupported_schema_version() -> None:
    data = minimal()
    data["schema"] = 2
    problem = problems_of(_error(data))["schema"]
    assert problem.value == 2
    assert problem.choices == ("1",)


def test_version_and_on_are_exclusive() -> None:
    data = minimal()
    data["inspection"]["version"] = "2024-12"
    data["inspection"]["on"] = date(2027, 1, 1)
    assert "inspection.on" in problems_of(_error(data))


def test_unknown_rule_version_names_the_registered_ones() -> None:
    data = minimal()
    data["inspection"]["version"] = "2024-13"
    problem = problems_of(_error(data))["inspection.version"]
    assert problem.suggestion() == "2024-12"


def test_date_before_the_first_rules_names_the_earliest() -> None:
    data = minimal()
    data["inspection"]["on"] = date(2016, 1, 1)
    problem = problems_of(_error(data))["inspection.on"]
    assert "the earliest is 2018-01" in problem.message


def test_compressed_rehearsal_needs_fieldwork_days() -> None:
    data = minimal()
    data["rehearsal"] = {"mode": "compressed"}
    assert "rehearsal.fieldwork_days" in problems_of(_error(data))


def test_rehearsal_on_a_closure_day_names_the_nearest_working_days() -> None:
    data = minimal()
    data["council"]["closures"] = [
        {"name": "Shutdown", "from": date(2027, 6, 7), "to": date(2027, 6, 7)}
    ]
    data["rehearsal"] = {"start": date(2027, 6, 7)}  # a Monday, closed by the council
    problem = problems_of(_error(data))["rehearsal.start"]
    assert "nearest: 2027-06-04 or 2027-06-08" in problem.message


def test_compressed_rehearsal_longer_than_the_fieldwork() -> None:
    data = minimal()
    data["rehearsal"] = {"mode": "compressed", "fieldwork_days": 6}  # a short inspection has 5
    problem = problems_of(_error(data))["rehearsal.fieldwork_days"]
    assert problem.value == 6
    assert "1 to 5" in problem.message


def test_full_rehearsal_refuses_fieldwork_days() -> None:
    data = minimal()
    data["rehearsal"] = {"mode": "full", "fieldwork_days": 2}
    assert "rehearsal.fieldwork_days" in problems_of(_error(data))


def test_leave_of_more_people_than_the_team_has() -> None:
    data = minimal()
    data["teams"]["performance"]["leave"] = [
        {"from": date(2027, 3, 1), "to": date(2027, 3, 5), "people": 4}
    ]
    problem = problems_of(_error(data))["teams.performance.leave[0].people"]
    assert problem.value == 4


def test_history_judgement_depends_on_framework() -> None:
    data = minimal()
    data["inspection"]["history"] = [
        {"start": date(2022, 11, 14), "type": "area-send:full", "judgement": "good"}
    ]
    problem = problems_of(_error(data))["inspection.history[0].judgement"]
    assert "inconsistent" in problem.choices


def test_simulation_event_names_and_rates() -> None:
    data = minimal()
    data["simulation"] = {"runs": 0, "events": {"late-dta": 0.1, "deferral": 1.5}}
    found = problems_of(_error(data))
    assert found["simulation.runs"].value == 0
    assert found["simulation.events.late-dta"].suggestion() == "late-data"
    assert found["simulation.events.deferral"].value == 1.5


def test_task_changes_cycle_is_named() -> None:
    data = minimal()
    data["tasks"] = {
        "add": [
            {"id": "a", "team": "performance", "depends": ["c"]},
            {"id": "b", "team": "performance", "depends": ["a"]},
            {
                "id": "c",
                "team": "performance",
                "depends": [{"on": "b", "type": "FS", "lag": 1}],
            },
        ]
    }
    problem = problems_of(_error(data))["tasks"]
    assert "cycle" in problem.message
    for task in "abc":
        assert task in problem.message


def test_task_changes_bad_entries() -> None:
    data = minimal()
    data["tasks"] = {
        "add": [
            {"id": "a", "team": "performanse"},
            {"id": "a", "team": "performance", "depends": ["a", {"on": "a", "type": "XX"}, 3]},
        ],
        "remove": ["a"],
    }
    found = problems_of(_error(data))
    assert found["tasks.add[0].team"].suggestion() == "performance"
    assert found["tasks.add[1].id"].value == "a"
    assert found["tasks.add[1].depends[1].type"].choices == ("FS", "SS", "FF", "SF")
    assert found["tasks.add[1].depends[2]"].value == 3


def test_every_problem_is_reported_at_once() -> None:
    data = minimal()
    data["council"]["region"] = "wales!"
    data["teams"]["performance"]["size"] = -1
    data["inspection"]["notified"] = "2027-13-01"
    data["rehearsal"] = {"mode": "compresed", "kit_time": "25:00"}
    data["extra"] = 1
    error = _error(data)
    assert len(error.problems) == 6
    assert str(error).startswith("6 problems:")
    assert all(problem.source == "council.toml" for problem in error.problems)


def test_scenario_error_is_a_value_error_and_library_error() -> None:
    data = minimal()
    data["schema"] = "one"
    error = _error(data)
    assert isinstance(error, ValueError)
    assert isinstance(error, InspectionSimError)


def test_missing_file_names_the_path(tmp_path: Path) -> None:
    with pytest.raises(ScenarioError, match="cannot read"):
        load_scenario(tmp_path / "nowhere.toml")


def test_non_utf8_file(tmp_path: Path) -> None:
    path = tmp_path / "latin1.toml"
    path.write_bytes('schema = 1\n[council]\nname = "Caf\u00e9"\n'.encode("latin-1"))
    with pytest.raises(ScenarioError, match=r"latin1\.toml"):
        load_scenario(path)


def test_file_name_appears_in_every_problem(tmp_path: Path) -> None:
    path = tmp_path / "mine.toml"
    path.write_text('schema = 1\n[council]\nname = 3\n[inspection]\ntype = "jtai"\n', "utf-8")
    with pytest.raises(ScenarioError) as caught:
        load_scenario(path)
    assert all(problem.source == str(path) for problem in caught.value.problems)
    problem = problems_of(caught.value)["inspection.type"]
    assert "framework:type" in problem.message
    assert "jtai:front-door" in problem.choices


# -- checks against the rule registry -------------------------------------------------------------


def test_change_to_a_task_the_rules_do_not_have() -> None:
    data = minimal()
    data["tasks"] = {"change": {"prepare-case-file": {"duration": 3}}}
    problem = problems_of(_error(data))["tasks.change.prepare-case-file"]
    assert "prepare-case-files" in problem.choices
    assert problem.suggestion() == "prepare-case-files"


def test_task_changes_that_close_a_cycle_through_the_rules() -> None:
    data = minimal()
    # The rules make prepare-case-files wait for prepare-audited-case-list; the reverse closes a loop.
    data["tasks"] = {"change": {"prepare-audited-case-list": {"depends": ["prepare-case-files"]}}}
    problem = problems_of(_error(data))["tasks"]
    assert "cycle" in problem.message
    assert "prepare-audited-case-list" in problem.message
    assert "prepare-case-files" in problem.message


def test_added_task_depending_on_an_unknown_item() -> None:
    data = minimal()
    data["tasks"] = {"add": [{"id": "x", "team": "performance", "depends": ["annex-b"]}]}
    problem = problems_of(_error(data))["tasks.add[0].depends[0]"]
    assert "coordination-team" in problem.choices


def test_removing_a_task_others_still_need_is_reported() -> None:
    data = minimal()
    data["tasks"] = {"remove": ["coordination-team"]}
    error = _error(data)
    assert any(
        p.key and p.key.startswith("tasks") and "depends" in p.message for p in error.problems
    )
    assert all(p.source == "council.toml" for p in error.problems)


def test_unknown_override_key_is_reported_with_the_scenario_file() -> None:
    data = minimal()
    data["overrides"] = {"inspection": {"post": {"factual-accuracy": {"att": 7}}}}
    error = _error(data)
    [problem] = error.problems
    assert problem.key is not None
    assert problem.key.startswith("overrides.inspection")
    assert problem.source == "council.toml"


def test_statutory_timescale_cannot_be_overridden() -> None:
    data = minimal()
    data["overrides"] = {"timescales": {"initial-health-assessment": {"value": 25}}}
    [problem] = _error(data).problems
    assert problem.key is not None
    assert problem.key.startswith("overrides.timescales")
    assert "statutory" in problem.message


def test_valid_overrides_make_validated_copies() -> None:
    from inspection_sim.scenario.hooks import base_rules, local_rules, local_timescales

    data = minimal()
    data["overrides"] = {
        "inspection": {"post": {"factual-accuracy": {"at": {"working_days": 8}}}},
        "timescales": {"child-protection-visit": {"value": 15}},
    }
    scenario = scenario_from_mapping(data, source="council.toml")
    local = {p.id: p.at for p in local_rules(scenario).post}
    registry = {p.id: p.at for p in base_rules(scenario).post}
    assert local["factual-accuracy"] is not None
    assert local["factual-accuracy"].value == 8
    assert registry["factual-accuracy"] is not None
    assert registry["factual-accuracy"].value == 5  # the registry's own object is unchanged
    assert local_timescales(scenario).get("child-protection-visit").value == 15
