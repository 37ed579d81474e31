"""The numbers of inspectors live once: in the framework rules' fieldwork team. The on-site rules
refer to each member by id and say which days a part-time one comes; a dangling reference, a
disagreement or a second copy fails at load, naming the file and the key."""

from __future__ import annotations

import subprocess
import tomllib
from collections.abc import Callable
from importlib import resources
from pathlib import Path
from typing import Any

import pytest

from inspection_sim.errors import RuleFileError
from inspection_sim.rules import FRAMEWORKS, load_framework
from inspection_sim.rules.describe import inspection_lines
from inspection_sim.rules.registry import framework_from_text
from inspection_sim.timetable import load_onsite
from inspection_sim.timetable.onsite_rules import build_onsite, onsite_from_text

FRAMEWORK_DRAFT = "rules/data/ilacs/2099-01.toml"
ONSITE_DRAFT = "draft.toml"
DATA = Path(str(resources.files("inspection_sim.rules").joinpath("data")))


def framework(body: str) -> object:
    text = '[meta]\nframework = "ilacs"\nversion = "2099-01"\nextends = "2024-12"\n'
    text += 'title = "test"\neffective_from = 2099-01-01\n' + body
    return framework_from_text(text, name=FRAMEWORK_DRAFT, framework="ilacs", version="2099-01")


def onsite(body: str, inspection: str = "ilacs:standard") -> object:
    text = '[meta]\nset = "onsite"\nframework = "ilacs"\nversion = "2099-01"\n'
    text += 'extends = "2021-06"\ntitle = "draft"\nsource = ["S1"]\nconfidence = "L"\n' + body
    return onsite_from_text(text, name=ONSITE_DRAFT, inspection=inspection)


# -- bad rule data ---------------------------------------------------------------------------------


@pytest.mark.parametrize("key", ["inspectors = 4", "others = []"])
def test_a_number_of_inspectors_outside_the_team_is_refused_in_the_framework_rules(
    key: str,
) -> None:
    with pytest.raises(RuleFileError) as caught:
        framework(f"[inspections.short.fieldwork]\n{key}\n")
    [problem] = caught.value.problems
    assert problem.source == FRAMEWORK_DRAFT
    assert problem.key == f"inspections.short.fieldwork.{key.split()[0]}"
    assert "fieldwork.team.<id>" in problem.message


@pytest.mark.parametrize(
    ("body", "key", "message"),
    [
        ("count = 0", "count", "must be an integer >= 1"),
        ("days = 11", "days", "must be an integer from 1 to 10"),
        ("count = 'two'", "count", "must be an integer"),
        ("cuont = 2", "cuont", "unknown key"),
    ],
)
def test_a_bad_team_member_names_the_file_and_key(body: str, key: str, message: str) -> None:
    with pytest.raises(RuleFileError) as caught:
        framework(f"[inspections.standard.fieldwork.team.schools]\n{body}\n")
    [problem] = caught.value.problems
    assert (problem.source, problem.key) == (
        FRAMEWORK_DRAFT,
        f"inspections.standard.fieldwork.team.schools.{key}",
    )
    assert problem.message.startswith(message)


def test_a_count_in_the_onsite_rules_is_a_second_copy_and_is_refused() -> None:
    with pytest.raises(RuleFileError) as caught:
        onsite("[inspections.standard.inspectors.regulatory]\ncount = 2\n")
    [problem] = caught.value.problems
    assert (problem.source, problem.key, problem.value) == (
        ONSITE_DRAFT,
        "inspections.standard.inspectors.regulatory.count",
        2,
    )
    assert "[inspections.standard.fieldwork.team.regulatory] count" in problem.message


def test_an_onsite_group_with_no_team_member_is_a_dangling_reference() -> None:
    body = (
        "[inspections.standard.inspectors.scools]\nname = 'Schools inspector'\n"
        "on_days = [4]\nsessions_per_day = 4\nsource = ['seed:002']\nconfidence = 'L'\n"
    )
    with pytest.raises(RuleFileError) as caught:
        onsite(body)
    [problem] = caught.value.problems
    assert (problem.source, problem.key) == (
        ONSITE_DRAFT,
        "inspections.standard.inspectors.scools",
    )
    assert "rules/data/ilacs/2026-04.toml" in problem.message
    assert "inspections.standard.fieldwork.team" in problem.message
    assert problem.suggestion() == "schools"


def test_onsite_days_that_disagree_with_the_team_name_both_files() -> None:
    with pytest.raises(RuleFileError) as caught:
        onsite("[inspections.standard.inspectors.regulatory]\non_days = [2]\n")
    [problem] = caught.value.problems
    assert (problem.source, problem.key, problem.value) == (
        ONSITE_DRAFT,
        "inspections.standard.inspectors.regulatory.on_days",
        [2],
    )
    assert "on site for 2 day(s)" in problem.message
    assert "rules/data/ilacs/2018-01.toml" in problem.message
    assert "inspections.standard.fieldwork.team.regulatory" in problem.message


def test_an_every_day_member_given_days_and_days_past_the_fieldwork_are_refused() -> None:
    with pytest.raises(RuleFileError) as caught:
        onsite("[inspections.short.inspectors.social-care]\non_days = [1]\n", "ilacs:short")
    assert [p.message.split(" (")[0] for p in caught.value.problems] == [
        "the framework rules put this inspector on site every day"
    ]
    with pytest.raises(RuleFileError, match=r"on_days: the fieldwork has 10 day\(s\)"):
        onsite("[inspections.standard.inspectors.schools]\non_days = [11]\n")


def test_a_team_member_with_no_onsite_group_is_refused_naming_the_member() -> None:
    draft = framework(
        "[inspections.short.fieldwork.team.observer]\n"
        "role = 'observer'\ncount = 1\nsource = ['S3']\nconfidence = 'L'\n"
    )
    rules = load_onsite("ilacs:short")
    with pytest.raises(RuleFileError) as caught:
        build_onsite(
            rules.raw,
            rules.origins,
            rules.source_file,
            "ilacs",
            "short",
            draft.inspections,  # type: ignore[attr-defined]
        )
    problems = caught.value.problems
    # the standard inspection extends the short one: its team has the observer too
    assert [p.key for p in problems] == [
        "inspections.short.inspectors",
        "inspections.standard.inspectors",
    ]
    assert f"{FRAMEWORK_DRAFT} inspections.short.fieldwork.team.observer" in problems[0].message


# -- the registered rule data ----------------------------------------------------------------------

ALL = [
    (fw, v, kind)
    for fw, versions in FRAMEWORKS.items()
    for v in versions
    for kind in load_framework(fw, version=v).inspections
]


@pytest.mark.parametrize(
    ("framework_id", "version", "kind"), ALL, ids=[f"{f}-{v}-{k}" for f, v, k in ALL]
)
def test_every_onsite_group_is_the_framework_team_member_of_its_version(
    framework_id: str, version: str, kind: str
) -> None:
    team = load_framework(framework_id, version=version).inspection(kind).fieldwork.team
    groups = load_onsite(f"{framework_id}:{kind}", version=version).inspectors
    assert team, "every inspection type says who comes on site"
    assert {m.id: m.count for m in team} == {g.id: g.count for g in groups}
    days = {m.id: m.days for m in team}
    assert {g.id: (len(g.on_days) or None) for g in groups} == days


def _tables(
    data: object, path: tuple[str, ...] = ()
) -> list[tuple[tuple[str, ...], dict[str, Any]]]:
    if not isinstance(data, dict):
        return []
    found = [(path, data)]
    for key, value in data.items():
        found += _tables(value, (*path, key))
    return found


def test_no_rule_file_holds_a_second_copy_of_the_inspector_numbers() -> None:
    """Inspector numbers appear only as ``count`` of a fieldwork team member: never as a group's
    count in the on-site files, never as ``inspectors``/``others`` of a framework's fieldwork."""
    copies = []
    for file in sorted(DATA.rglob("*.toml")):
        relative = file.relative_to(DATA).as_posix()
        data = tomllib.loads(file.read_text(encoding="utf-8"))
        for path, table in _tables(data):
            if relative.startswith("onsite/") and "inspectors" in path[-2:-1] and "count" in table:
                copies.append(f"{relative} {'.'.join(path)}.count")
            if path[-1:] == ("fieldwork",) and {"inspectors", "others"} & set(table):
                copies.append(f"{relative} {'.'.join(path)}")
    assert copies == []


def test_the_standard_inspection_team_is_shown_with_its_sources() -> None:
    standard = load_framework("ilacs", version="2024-12").inspection("standard")
    lines = "\n".join(inspection_lines(standard))
    assert "inspectors: 4 social care inspector every day  [S3; seed:002 (M)]" in lines
    assert "inspectors: 1 social care regulatory inspector for 2 of the days  [seed:002" in lines
    assert "inspectors: 1 schools inspector for 1 of the days  [seed:002" in lines


def test_rules_show_lists_the_team_and_rules_check_refuses_a_copy(
    cli: Callable[..., subprocess.CompletedProcess[str]], tmp_path: Path
) -> None:
    shown = cli("rules", "show", "hmip-yj:small", "--version", "2024-01")
    assert shown.returncode == 0, shown.stderr
    assert "inspectors: 2 HMI Probation inspector every day" in shown.stdout
    assert "UNVERIFIED: count" in shown.stdout
    draft = tmp_path / "draft.toml"
    draft.write_text(
        '[meta]\nframework = "ilacs"\nversion = "2099-01"\nextends = "2024-12"\n'
        'title = "t"\neffective_from = 2099-01-01\n'
        "[inspections.short.fieldwork]\ninspectors = 5\n",
        encoding="utf-8",
    )
    refused = cli("rules", "check", str(draft))
    assert refused.returncode == 2
    assert refused.stderr.count("\n") == 1
    assert "inspections.short.fieldwork.inspectors" in refused.stderr
    assert "Traceback" not in refused.stderr
