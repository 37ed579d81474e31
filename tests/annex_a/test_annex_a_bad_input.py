"""Bad input: one clear line on stderr and exit status 2, naming the file, option, key and value."""

from __future__ import annotations

import copy
import subprocess
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from inspection_sim.annex_a.measure_rules import build_measures
from inspection_sim.annex_a.planning import build_prepare_rule
from inspection_sim.annex_a.spec import build_annex_a_spec, read_annex_a_rules
from inspection_sim.annex_a.targets import kpi_targets
from inspection_sim.errors import RuleFileError, ScenarioError
from tests.annex_a.support import write_demo

Cli = Callable[..., subprocess.CompletedProcess[str]]
ROOT = Path(__file__).resolve().parents[2]


def one_error_line(result: subprocess.CompletedProcess[str]) -> str:
    assert result.returncode == 2, result.stderr
    assert "Traceback" not in result.stderr
    assert result.stderr.startswith("inspection-sim: error:")
    return result.stderr


def test_check_a_missing_file_is_exit_2(cli: Cli, tmp_path: Path) -> None:
    err = one_error_line(cli("annex-a", "check", str(tmp_path / "nope.xlsx"), "--on", "2027-03-01"))
    assert "nope.xlsx" in err
    assert "no such file or folder" in err


def test_check_a_file_that_is_not_a_workbook_is_exit_2(cli: Cli, tmp_path: Path) -> None:
    bad = tmp_path / "annex.xlsx"
    bad.write_text("not a workbook", "utf-8")
    err = one_error_line(cli("annex-a", "check", str(bad), "--on", "2027-03-01"))
    assert "cannot read the workbook" in err
    assert "annex.xlsx" in err


def test_check_a_workbook_without_lists_names_the_sheets_found(cli: Cli, tmp_path: Path) -> None:
    from openpyxl import Workbook

    book = Workbook()
    assert book.active is not None
    book.active.title = "Contacts"
    book.save(tmp_path / "other.xlsx")
    err = one_error_line(
        cli("annex-a", "check", str(tmp_path / "other.xlsx"), "--on", "2027-03-01")
    )
    assert "no Annex A list found" in err
    assert "'Contacts'" in err


def test_an_empty_folder_is_exit_2(cli: Cli, tmp_path: Path) -> None:
    err = one_error_line(cli("annex-a", "check", str(tmp_path), "--on", "2027-03-01"))
    assert "list-1.csv" in err


def test_a_malformed_on_date_is_exit_2(cli: Cli, tmp_path: Path) -> None:
    result = cli("annex-a", "check", str(tmp_path), "--on", "01/03/2027")
    assert result.returncode == 2
    assert "not an ISO date" in result.stderr
    assert "Traceback" not in result.stderr


def test_kpi_xlsx_without_out_is_exit_2(cli: Cli, tmp_path: Path) -> None:
    path = write_demo(tmp_path)
    err = one_error_line(cli("kpi", str(path), "--on", "2027-03-01", "--format", "xlsx"))
    assert "--out" in err


def test_demo_refuses_a_non_xlsx_name_and_an_existing_file(cli: Cli, tmp_path: Path) -> None:
    err = one_error_line(cli("annex-a", "demo", "--out", str(tmp_path / "demo.csv")))
    assert "--out" in err
    assert ".xlsx" in err
    target = tmp_path / "demo.xlsx"
    target.write_bytes(b"keep me")
    err = one_error_line(cli("annex-a", "demo", "--out", str(target)))
    assert "--force" in err
    assert target.read_bytes() == b"keep me"


def test_demo_rejects_a_rate_outside_0_to_1(cli: Cli, tmp_path: Path) -> None:
    result = cli("annex-a", "demo", "--out", str(tmp_path / "d.xlsx"), "--met-rate", "1.5")
    assert result.returncode == 2
    assert "between 0 and 1" in result.stderr


def scenario_with(kpis: str, tmp_path: Path) -> Path:
    text = (ROOT / "scenarios" / "good-council-ilacs-short.toml").read_text("utf-8")
    path = tmp_path / "scenario.toml"
    path.write_text(text + "\n" + kpis, "utf-8")
    return path


def test_kpi_scenario_with_bad_targets_lists_every_problem(cli: Cli, tmp_path: Path) -> None:
    scenario = scenario_with(
        "[kpis.cp-visited-within-10-working-day]\nmin = 0.9\nupper = 0.95\n"
        "[kpis.cla-visited-within-6-weeks]\nmin = 0.97\nupper = 0.95\n"
        "[kpis.care-leavers-eet]\nmin = 90\nuper = 0.95\n",
        tmp_path,
    )
    workbook = write_demo(tmp_path)
    err = one_error_line(
        cli("kpi", str(workbook), "--on", "2027-03-01", "--scenario", str(scenario))
    )
    assert "scenario.toml: kpis.cp-visited-within-10-working-day: unknown measure" in err
    assert "did you mean 'cp-visited-within-10-working-days'?" in err
    assert "kpis.cla-visited-within-6-weeks: min is above upper" in err
    assert "kpis.care-leavers-eet.min: must be a fraction between 0 and 1 (got 90)" in err
    assert "kpis.care-leavers-eet.uper: unknown key; did you mean 'upper'?" in err


def test_targets_of_a_lower_is_better_measure_must_be_reversed() -> None:
    with pytest.raises(ScenarioError, match="lower is better"):
        kpi_targets({"cla-health-assessment-overdue": {"min": 0.05, "upper": 0.10}})
    assert kpi_targets({"cla-health-assessment-overdue": {"min": 0.10, "upper": 0.05}})


def test_a_count_has_no_targets() -> None:
    with pytest.raises(ScenarioError, match="a count has no targets"):
        kpi_targets({"cp-count": {"min": 0.1, "upper": 0.2}})


def test_a_bad_list_rule_names_the_file_key_and_valid_choices() -> None:
    data = {
        "meta": {"set": "annex-a", "title": "t", "source": ["seed:001"], "confidence": "M"},
        "codes": {},
        "lists": {
            "list-1": {
                "number": 1,
                "title": "Contacts",
                "id": "Child Unique ID",
                "columns": [{"name": "Child Unique ID", "type": "dates"}],
            }
        },
        "uniqueness": {"source": ["seed:001"], "confidence": "L"},
    }
    with pytest.raises(RuleFileError) as caught:
        build_annex_a_spec(data, "draft.toml")
    text = str(caught.value)
    assert "draft.toml" in text
    assert "columns[0].type" in text
    assert "'dates'" in text
    assert "did you mean 'date'?" in text


def test_a_measure_naming_an_unknown_column_fails_at_load() -> None:
    data = {
        "meta": {
            "set": "annex-a-measures",
            "title": "t",
            "source": ["seed:001"],
            "confidence": "M",
        },
        "measures": {
            "m": {
                "ref": "1",
                "name": "m",
                "list": "list-7",
                "kind": "snapshot",
                "population": [{"present": "Child Protection Plan Start Dat"}],
                "numerator": [{"present": "Child Protection Plan Start Date"}],
                "source": ["seed:001"],
                "confidence": "M",
            }
        },
    }
    with pytest.raises(RuleFileError) as caught:
        build_measures(data, "measures-draft.toml")
    assert "did you mean 'Child Protection Plan Start Date'?" in str(caught.value)


def problems_of(build: Callable[[dict[str, Any], str], object], data: dict[str, Any]) -> list[str]:
    """Every problem ``build`` finds in ``data`` (read as ``draft.toml``), rendered."""
    with pytest.raises(RuleFileError) as caught:
        build(data, "draft.toml")
    return [str(problem) for problem in caught.value.problems]


def packaged(name: str) -> dict[str, Any]:
    """A copy of the packaged ``rules/data/annex-a/<name>.toml``, to spoil."""
    return copy.deepcopy(dict(read_annex_a_rules(name)))


def test_every_problem_of_a_list_file_is_reported_at_once() -> None:
    data = packaged("lists")
    data["meta"]["source"] = ["annex-a:ofstead"]
    data["codes"]["gender"]["also"]["X"] = "e) Other"
    columns = data["lists"]["list-1"]["columns"]
    data["lists"]["list-1"]["columns"] = [{**columns[0], "type": "dates"}, *columns[1:]]
    data["lists"]["list-1"]["id"] = "Child ID"
    data["lists"]["list-2"]["order"] = [["Nope", "Also nope"]]
    found = problems_of(build_annex_a_spec, data)
    assert len(found) == 5, found
    expected = [
        "meta.source[0]: unknown source reference (got 'annex-a:ofstead')",
        "codes.gender.also.X: names no code of this set (got 'e) Other')",
        "lists.list-1.columns[0].type: not a valid choice (got 'dates')",
        "lists.list-1.id: names no column of this list (got 'Child ID')",
        "lists.list-2.order[0]: must be [earlier, later] column names",
    ]
    for part in expected:
        assert any(f"draft.toml: {part}" in line for line in found), (part, found)
    assert "did you mean 'annex-a:ofsted'?" in found[-1]  # provenance is read last


def test_a_list_file_without_lists_says_so() -> None:
    data = packaged("lists")
    del data["lists"], data["links"]
    assert problems_of(build_annex_a_spec, data) == ["draft.toml: lists: needs at least one list"]


def test_a_code_column_in_a_file_without_code_sets_is_a_problem_not_a_crash() -> None:
    data = packaged("lists")
    del data["codes"]
    found = problems_of(build_annex_a_spec, data)
    assert found
    assert all(".codes: not a valid choice" in line for line in found), found


def test_a_measure_on_a_mistyped_list_reports_the_list_not_its_columns() -> None:
    data = packaged("measures")
    cp = data["measures"]["cp-count"]
    cp["list"] = "list-77"
    cp["timescale"] = "single-asessment"
    data["measures"]["cin-count"]["targets"] = {"min": 1.5, "upper": 0.2}
    found = problems_of(build_measures, data)
    assert found == [
        "draft.toml: measures.cin-count.targets.min: must be a fraction between 0 and 1 (got 1.5)",
        "draft.toml: measures.cp-count.list: not a valid choice (got 'list-77'); valid: "
        + ", ".join(f"list-{n}" for n in range(1, 12))
        + "; did you mean 'list-7'?",
        "draft.toml: measures.cp-count.timescale: unknown timescale (got 'single-asessment')"
        + found[2].partition("(got 'single-asessment')")[2],
    ]
    assert found[2].endswith("did you mean 'single-assessment'?")


def test_a_bad_condition_names_its_position_and_the_valid_columns() -> None:
    data = packaged("measures")
    cp = data["measures"]["cp-count"]
    cp["population"] = [{"open": ["Child Protection Plan Start Date"]}, {"present": 7}]
    found = problems_of(build_measures, data)
    assert found == [
        "draft.toml: measures.cp-count.population[0].open: must be two columns "
        "(got ['Child Protection Plan Start Date'])",
        "draft.toml: measures.cp-count.population[1].present: must be a string (got 7)",
    ]


def test_the_planning_rule_keeps_its_durations_in_order() -> None:
    data = packaged("planning")
    data["prepare-annex-a"]["most"] = 1
    assert problems_of(build_prepare_rule, data) == [
        "draft.toml: prepare-annex-a: needs clean <= with_problems <= most (got [1, 2, 1])"
    ]


def test_a_bad_planning_number_is_reported_once_not_as_an_order_too() -> None:
    data = packaged("planning")
    data["prepare-annex-a"]["clean"] = -1
    data["prepare-annex-a"]["problems_per_extra_day"] = 0
    data["prepare-annex-a"]["mots"] = 5
    found = problems_of(build_prepare_rule, data)
    assert found == [
        "draft.toml: prepare-annex-a.mots: unknown key (got 'mots'); valid: task, clean, "
        "with_problems, problems_per_extra_day, most, source, confidence, unverified, note; "
        "did you mean 'most'?",
        "draft.toml: prepare-annex-a.clean: must be an integer >= 0 (got -1)",
        "draft.toml: prepare-annex-a.problems_per_extra_day: must be an integer >= 1 (got 0)",
    ]
