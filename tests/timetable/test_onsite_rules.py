"""The on-site rule data: every version loads, agrees with the framework rules, cites its sources,
and bad data fails with the file, the key path, the value and the valid choices."""

from __future__ import annotations

from importlib import resources

import pytest

from inspection_sim.errors import RuleFileError, UnknownNameError
from inspection_sim.rules import FRAMEWORKS, load_framework
from inspection_sim.timetable import ONSITE_VERSIONS, load_onsite
from inspection_sim.timetable.onsite_rules import onsite_from_text

ALL = [
    (fw, v, kind)
    for fw, versions in FRAMEWORKS.items()
    for v in versions
    for kind in load_framework(fw, version=v).inspections
]


def test_every_onsite_file_is_registered_and_every_entry_has_a_file() -> None:
    root = resources.files("inspection_sim.rules").joinpath("data", "onsite")
    on_disk = {
        (folder.name, file.name.removesuffix(".toml"))
        for folder in root.iterdir()
        if folder.is_dir()
        for file in folder.iterdir()
        if file.name.endswith(".toml")
    }
    assert on_disk == {(fw, v) for fw, vs in ONSITE_VERSIONS.items() for v in vs}


@pytest.mark.parametrize(
    ("framework", "version", "kind"), ALL, ids=[f"{f}-{v}-{k}" for f, v, k in ALL]
)
def test_every_inspection_type_has_onsite_rules_that_agree_with_the_framework(
    framework: str, version: str, kind: str
) -> None:
    rules = load_onsite(f"{framework}:{kind}", version=version)
    inspection = load_framework(framework, version=version).inspection(kind)
    assert rules.version <= version
    every_day = sum(g.count for g in rules.inspectors if not g.on_days)
    if inspection.fieldwork.inspectors is not None:
        assert every_day == inspection.fieldwork.inspectors
    meetings = (
        {m.id: m for m in inspection.meetings.values()}
        if isinstance(inspection.meetings, dict)
        else {m.id: m for m in inspection.meetings}
    )
    for activity in rules.activities:
        assert activity.provenance.source
        if activity.id in meetings and activity.time is not None:
            assert activity.time == meetings[activity.id].time
            assert activity.minutes == meetings[activity.id].minutes
    if "kit" in meetings:
        assert rules.activity("kit").per == "day"


def test_standard_inspection_has_a_regulatory_inspector_for_two_days_and_a_schools_one_for_one() -> (
    None
):
    rules = load_onsite("ilacs:standard", version="2024-12")
    groups = {g.id: g for g in rules.inspectors}
    assert groups["social-care"].count == 4
    assert len(groups["regulatory"].on_days) == 2
    assert len(groups["schools"].on_days) == 1
    assert "seed:002" in groups["regulatory"].provenance.source
    assert "on_days" in groups["regulatory"].provenance.unverified


def test_sources_follow_the_reference() -> None:
    assert "S19" in load_onsite("jtai:front-door").activity("case-tracking").provenance.source
    assert "S24" in load_onsite("area-send:full").activity("setting-visit").provenance.source
    observation = load_onsite("ilacs:monitoring-visit", version="2024-12").activity("observation")
    assert "seed:003" in observation.provenance.source
    assert "seed:002" in load_onsite("ilacs:short").activity("kit").provenance.source


def test_planning_assumptions_are_listed_as_unverified() -> None:
    found = dict(load_onsite("ilacs:short").unverified())
    assert "minutes" in found["activities.case-discussion"]
    assert "per_inspector_per_day" in found["activities.case-discussion"]
    assert "start" in found["hours"]


def test_focused_visit_team_follows_the_version() -> None:
    assert load_onsite("ilacs:focused-visit", version="2020-09").lead_group.count == 3
    assert load_onsite("ilacs:focused-visit", version="2024-12").lead_group.count == 2


def test_overrides_are_validated_copies() -> None:
    rules = load_onsite("ilacs:short")
    longer = rules.with_overrides(
        {"activities.case-discussion.minutes": 90, "hours.start": "08:30"}
    )
    assert longer.activity("case-discussion").minutes == 90
    assert rules.activity("case-discussion").minutes == 60
    with pytest.raises(RuleFileError, match=r"did you mean 'minutes'\?"):
        rules.with_overrides({"activities.case-discussion.minuts": 90})
    with pytest.raises(RuleFileError, match=r"no such activity.*did you mean 'kit'\?"):
        rules.with_overrides({"activities.kitt.minutes": 30})
    with pytest.raises(RuleFileError, match=r"overlaps the break 'Lunch'"):
        rules.with_overrides({"activities.kit.time": "12:45"})


def test_unknown_names_suggest_the_closest() -> None:
    with pytest.raises(UnknownNameError, match=r"did you mean 'short'\?"):
        load_onsite("ilacs:shrt")
    with pytest.raises(UnknownNameError, match=r"did you mean 'ilacs'\?"):
        load_onsite("ilac:short")


DRAFT = """
[meta]
set = "onsite"
framework = "ilacs"
version = "2099-01"
extends = "2021-06"
title = "draft"
source = ["S1"]
confidence = "L"
"""


@pytest.mark.parametrize(
    ("extra", "message"),
    [
        (
            "[inspections.short.activities.kit]\ntme = '16:30'",
            r"draft\.toml: inspections\.short\.activities\.kit\.tme: unknown key .*did you mean 'time'\?",
        ),
        (
            "[inspections.short.activities.manager-meeting]\nattendees = [{ role = 'team-manger', count = 3 }]",
            r"attendees\[0\]\.role: not a valid choice \(got 'team-manger'\).*did you mean 'team-manager'\?",
        ),
        (
            "[inspections.short.activities.kit]\nper = 'case'\nattendees = []",
            r"activities\.kit\.with: .*per case must say who",
        ),
        (
            "[inspections.short.inspectors.social-care]\nlead = false",
            r"exactly one inspector group must have lead = true",
        ),
        (
            "[inspections.short.activities.final-feedback]\ninspectors = 9",
            r"activities\.final-feedback\.inspectors: group 'social-care' has only 4",
        ),
        ("[hours]\nslot_minutes = 7", r"hours\.slot_minutes: must divide an hour .*\(got 7\)"),
        ("[hours]\nend = '08:00'", r"hours\.end: must be after the start"),
        (
            "[inspections.short.activities.kit]\nsource = ['S99']",
            r"activities\.kit\.source\[0\]: unknown source reference \(got 'S99'\)",
        ),
    ],
)
def test_bad_rule_data_names_file_key_value_and_choices(extra: str, message: str) -> None:
    """One mistake, one problem: nothing else is reported as its consequence."""
    with pytest.raises(RuleFileError, match=message) as caught:
        onsite_from_text(DRAFT + extra, name="draft.toml", inspection="ilacs:short")
    assert len(caught.value.problems) == 1, caught.value.problems


def test_every_problem_of_a_file_is_reported_at_once() -> None:
    extra = """
[hours]
slot_minutes = 7
[inspections.short.activities.kit]
per = "case"
tme = "16:30"
[inspections.short.activities.manager-meeting]
attendees = [{ role = "team-manger", count = 3 }, "Ann"]
[inspections.standard.inspectors.regulatory]
on_days = [0, 2]
"""
    with pytest.raises(RuleFileError) as caught:
        onsite_from_text(DRAFT + extra, name="draft.toml", inspection="ilacs:short")
    found = {(p.key, p.message) for p in caught.value.problems}
    kit, meeting = (
        "inspections.short.activities.kit",
        "inspections.short.activities.manager-meeting",
    )
    assert found == {
        ("hours.slot_minutes", "must divide an hour (5, 10, 15, 20, 30 or 60)"),
        (f"{kit}.tme", "unknown key"),
        (f"{kit}.with", "an activity per case must say who of the case attends"),
        (
            f"{kit}.attendees",
            "an activity per case takes its people from the case (with, substitute)",
        ),
        (f"{meeting}.attendees[0].role", "not a valid choice"),
        (
            f"{meeting}.attendees[1]",
            "must be a table like { role = 'team-manager', count = 2 }",
        ),
        (
            "inspections.standard.inspectors.regulatory.on_days[0]",
            "must be an on-site day number >= 1",
        ),
    }
    assert str(caught.value).startswith("7 problems:")


def test_a_mistake_in_another_inspection_type_is_found_whichever_type_is_asked_for() -> None:
    extra = "[inspections.standard.activities.kit]\nminutes = 0"
    with pytest.raises(
        RuleFileError, match=r"standard\.activities\.kit\.minutes: must be an integer >= 1"
    ):
        onsite_from_text(DRAFT + extra, name="draft.toml", inspection="ilacs:short")


def test_every_bad_rule_change_is_reported_at_once_naming_where_it_came_from() -> None:
    rules = load_onsite("ilacs:short")
    with pytest.raises(RuleFileError) as caught:
        rules.with_overrides(
            {
                "activities.kitt.minutes": 30,
                "inspectors.social-cair.count": 2,
                "activities.case-discussion.minutes": 0,
                "hours.start": "8.30",
                "": 1,
            },
            source="scenario.toml",
        )
    problems = caught.value.problems
    assert {p.source for p in problems} == {"scenario.toml"}
    assert [(p.key, p.value) for p in problems] == [
        ("activities.kitt.minutes", "kitt"),
        ("inspectors.social-cair.count", "social-cair"),
        ("", ""),
        ("hours.start", "8.30"),
        ("inspections.short.activities.case-discussion.minutes", 0),
    ]
    assert problems[0].suggestion() == "kit"
    assert problems[1].suggestion() == "social-care"
