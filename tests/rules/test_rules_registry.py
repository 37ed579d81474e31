"""The registry: every registered file loads, every file on disk is registered, versions by date."""

from __future__ import annotations

from datetime import date
from importlib import resources

import pytest

from inspection_sim import frameworks, load_framework
from inspection_sim.annex_a.spec import ANNEX_A_RULE_FILES
from inspection_sim.errors import ArgumentTypeError, UnknownNameError
from inspection_sim.rehearsal.inject_rules import REHEARSAL_RULE_FILES
from inspection_sim.rules import FRAMEWORKS, TIMESCALE_VERSIONS, load_timescales, version_on
from inspection_sim.rules.loader import source_ids

REGISTERED = [(fw, v) for fw, versions in FRAMEWORKS.items() for v in versions]


@pytest.mark.parametrize(
    ("framework", "version"), REGISTERED, ids=[f"{f}-{v}" for f, v in REGISTERED]
)
def test_every_registered_file_loads(framework: str, version: str) -> None:
    rules = load_framework(framework, version=version)
    assert rules.id == framework
    assert rules.version == version
    assert rules.inspections
    for item in rules.inspections.values():
        assert item.key == f"{framework}:{item.id}"
        assert item.fieldwork.days >= 1
        assert item.provenance.source


def test_every_file_on_disk_is_registered_and_every_entry_has_a_file() -> None:
    data = resources.files("inspection_sim.rules").joinpath("data")
    on_disk = {
        (folder.name, file.name.removesuffix(".toml"))
        for folder in data.iterdir()
        if folder.is_dir()
        for file in folder.iterdir()
        if file.name.endswith(".toml")
    }
    registered = set(REGISTERED) | {("timescales", v) for v in TIMESCALE_VERSIONS}
    registered |= {("annex-a", name) for name in ANNEX_A_RULE_FILES}
    registered |= {("rehearsal", name) for name in REHEARSAL_RULE_FILES}
    assert on_disk == registered
    assert {f.name for f in data.iterdir() if f.is_file()} == {"sources.toml", "assumptions.toml"}


def test_timescale_versions_load() -> None:
    for version in TIMESCALE_VERSIONS:
        assert load_timescales(version).items


def test_versions_are_in_date_order() -> None:
    for framework, versions in FRAMEWORKS.items():
        starts = [load_framework(framework, version=v).effective_from for v in versions]
        assert starts == sorted(starts), framework


def test_frameworks_lists_the_registry() -> None:
    assert frameworks() == ("ilacs", "jtai", "area-send", "hmip-yj")


@pytest.mark.parametrize(
    ("on", "expected"),
    [
        (date(2018, 1, 1), "2018-01"),
        (date(2018, 8, 31), "2018-01"),
        (date(2018, 9, 1), "2018-09"),
        (date(2020, 10, 20), "2020-09"),
        (date(2021, 6, 1), "2021-06"),
        (date(2023, 7, 1), "2023-01"),
        (date(2024, 4, 4), "2023-01"),
        (date(2024, 4, 5), "2024-04"),
        (date(2024, 12, 13), "2024-12"),
        (date(2026, 3, 31), "2024-12"),
        (date(2026, 4, 1), "2026-04"),
    ],
)
def test_ilacs_version_in_force_on_a_date(on: date, expected: str) -> None:
    assert version_on("ilacs", on) == expected
    assert load_framework("ilacs", on=on).version == expected


def test_latest_version_by_default() -> None:
    assert load_framework("ilacs").version == FRAMEWORKS["ilacs"][-1]


def test_a_date_before_the_first_version_names_the_earliest() -> None:
    with pytest.raises(UnknownNameError, match=r"earliest is 2018-01 \(in force from 2018-01-01\)"):
        load_framework("ilacs", on=date(2017, 12, 31))


def test_unknown_framework_suggests_the_closest() -> None:
    with pytest.raises(UnknownNameError, match="did you mean 'ilacs'"):
        load_framework("ilac")


def test_unknown_version_lists_the_versions() -> None:
    with pytest.raises(UnknownNameError, match="valid: 2018-01, 2018-09"):
        load_framework("ilacs", version="2019-01")


def test_unknown_inspection_type_suggests_focused_visit() -> None:
    with pytest.raises(UnknownNameError, match="did you mean 'focused-visit'"):
        load_framework("ilacs").inspection("focussed-visit")


def test_on_and_version_together_is_an_error() -> None:
    with pytest.raises(ArgumentTypeError):
        load_framework("ilacs", on=date(2024, 1, 1), version="2024-12")


def test_on_must_be_a_date() -> None:
    with pytest.raises(ArgumentTypeError, match="'on'"):
        load_framework("ilacs", on="2024-01-01")  # type: ignore[arg-type]


def test_loaded_files_are_cached() -> None:
    assert load_framework("ilacs", version="2024-12") is load_framework("ilacs", version="2024-12")


def test_every_rule_cites_known_sources() -> None:
    known = source_ids()
    for framework, version in REGISTERED:
        rules = load_framework(framework, version=version)
        provs = [rules.provenance, *(b.provenance for b in rules.blackouts)]
        provs += [c.provenance for c in rules.cycle]
        for item in rules.inspections.values():
            provs += [
                item.notification.provenance,
                item.onsite.provenance,
                item.fieldwork.provenance,
            ]
            for group in (item.phases, item.returns, item.meetings, item.post, item.tasks):
                provs += [x.provenance for x in group]
        for prov in provs:
            assert prov.source
            assert set(prov.source) <= known
