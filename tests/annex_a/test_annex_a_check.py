"""annex-a check: the demo's deliberate errors found exactly, tolerant reading, CSV and xlsx."""

from __future__ import annotations

import csv
import json
import subprocess
from collections.abc import Callable
from datetime import date, datetime
from pathlib import Path

import pytest

from inspection_sim.annex_a import check_annex_a, compute_kpis, demo_annex_a, read_annex_a
from inspection_sim.annex_a.reader import annex_a_from_rows
from tests.annex_a.support import ON, demo, write_demo

Cli = Callable[..., subprocess.CompletedProcess[str]]


def found(problems: object) -> list[tuple[str, str | None, int | None, str | None]]:
    return sorted((p.kind, p.list, p.row, p.column) for p in problems)  # type: ignore[attr-defined]


@pytest.mark.parametrize("seed", [0, 1, 7])
def test_check_finds_exactly_the_planted_errors(seed: int) -> None:
    d = demo_annex_a(seed, on=ON, children=150)
    result = check_annex_a(d.annex_a(), d.on)
    assert found(result.problems) == found(d.planted)
    assert len({p.kind for p in d.planted}) == len(d.planted) == 9


def test_a_demo_without_errors_is_clean() -> None:
    d = demo(errors=False)
    result = check_annex_a(d.annex_a(), d.on)
    assert result.ok, result.to_text()
    assert d.planted == ()


def test_cli_demo_then_check_finds_the_planted_errors(cli: Cli, tmp_path: Path) -> None:
    out = tmp_path / "annex-a.xlsx"
    made = cli("annex-a", "demo", "--out", str(out), "--seed", "5", "--children", "120")
    assert made.returncode == 0, made.stderr
    assert "9 deliberate errors" in made.stdout
    assert "not real data" in made.stdout
    checked = cli("annex-a", "check", str(out), "--on", "2027-03-01", "--format", "json")
    assert checked.returncode == 1, checked.stderr
    report = json.loads(checked.stdout)
    planted = demo_annex_a(5, children=120).planted
    assert sorted(
        (p["kind"], p["list"], p["row"], p["column"]) for p in report["problems"]
    ) == found(planted)
    assert report["counts"] == {p.kind: 1 for p in sorted(planted, key=lambda p: p.kind)} | {}


def test_cli_clean_workbook_exits_0(cli: Cli, tmp_path: Path) -> None:
    out = tmp_path / "clean.xlsx"
    assert (
        cli("annex-a", "demo", "--out", str(out), "--children", "60", "--no-errors").returncode == 0
    )
    checked = cli("annex-a", "check", str(out), "--on", "2027-03-01", "--plan")
    assert checked.returncode == 0, checked.stdout
    assert "no problems" in checked.stdout
    assert "prepare-annex-a takes 1 working days" in checked.stdout
    assert "UNVERIFIED" in checked.stdout


def test_an_earlier_on_date_turns_later_dates_into_problems() -> None:
    d = demo(errors=False)
    result = check_annex_a(d.annex_a(), date(2027, 2, 1))
    assert result.counts()["future-date"] > 10
    assert all("--on" in p.message for p in result.problems if p.kind == "future-date")


def test_demo_workbook_is_the_same_bytes_for_the_same_seed(tmp_path: Path) -> None:
    first = demo_annex_a(9, children=50).write(tmp_path / "a.xlsx").read_bytes()
    second = demo_annex_a(9, children=50).write(tmp_path / "b.xlsx").read_bytes()
    assert first == second
    assert demo_annex_a(10, children=50).write(tmp_path / "c.xlsx").read_bytes() != first


def test_every_demo_id_says_demo() -> None:
    annex = demo().annex_a()
    for sheet in annex.sheets.values():
        ids = sheet.cells[sheet.spec.id_column]
        assert ids
        assert all(str(child).startswith("DEMO-") for child in ids)


HEADER = ["Child Unique ID", "Child Protection Plan Start Date", "Date of the Last Statutory Visit"]


def test_headers_are_matched_tolerantly_and_found_below_a_title() -> None:
    rows = [
        ["Annex A List 7"],
        [],
        ["  CHILD unique ID ", "child protection plan start date", "Date of Last Statutory Visit",
         "Was the child seen alone", "Subject to Emergency Protection Order or Protected Under "
         "Police Powers in Last Six Months", "Children’s notes"],
        ["C1", "01/02/2027", "20/02/2027", "Y", "N", "x"],
    ]  # fmt: skip
    annex = annex_a_from_rows({"List 7 CP": rows})
    sheet = annex.sheets["list-7"]
    assert sheet.header_row == 3
    assert sheet.row_numbers == [4]
    assert "Date of the Last Statutory Visit" in sheet.cells
    assert "Was the Child Seen Alone?" in sheet.cells
    assert sheet.unknown == ("Children’s notes",)
    result = check_annex_a(annex, ON)
    unknown = [p for p in result.problems if p.kind == "unknown-column"]
    assert [(p.row, p.column) for p in unknown] == [(3, "Children’s notes")]
    assert not [p for p in result.problems if p.kind == "bad-code"]


def test_dates_codes_and_numbers_are_read_as_ofsted_reads_them() -> None:
    header = [*HEADER, "Latest Category of Abuse", "Number of Previous Child Protection Plans"]
    rows = [
        header,
        ["A", "01/02/2027", date(2027, 2, 20), "a) Neglect", 1],
        ["B", "2027-02-01", datetime(2027, 2, 20, 0, 0), "Neglect", "2"],
        ["C", 46054.0, "20/2/2027", "NEG", 2.0],
        ["D", "1 Feb 2027", "30/02/2027", "f) Other", -1],
    ]
    result = check_annex_a(annex_a_from_rows({"List 7": rows}), ON)
    bad = {(p.row, p.kind): p for p in result.problems if p.kind.startswith("bad-")}
    assert set(bad) == {
        (4, "bad-date"),
        (5, "bad-date"),
        (5, "bad-code"),
        (5, "bad-integer"),
        (4, "bad-code"),
    }
    assert "formatted as a date" in bad[(4, "bad-date")].message
    assert "not a real date" in next(
        p.message for p in result.problems if p.row == 5 and p.column == HEADER[2]
    )


def test_missing_lists_columns_and_header_rows_are_problems() -> None:
    annex = annex_a_from_rows(
        {"List 7": [HEADER, ["C1", "01/02/2027", ""]], "List 8": [["no header"]]}
    )
    result = check_annex_a(annex, ON)
    counts = result.counts()
    assert counts["missing-list"] == 9
    assert counts["no-header-row"] == 1
    assert counts["missing-column"] == 14
    assert not result.ok


def test_a_csv_folder_reads_like_the_workbook(tmp_path: Path) -> None:
    d = demo()
    folder = tmp_path / "csv"
    folder.mkdir()
    for name, rows in d.tables.items():
        number = name.split()[1]
        with (folder / f"list-{number}.csv").open("w", newline="", encoding="utf-8") as stream:
            csv.writer(stream).writerows(
                [
                    [
                        v.strftime("%d/%m/%Y") if isinstance(v, date) else ("" if v is None else v)
                        for v in row
                    ]
                    for row in rows
                ]
            )
    from_csv = check_annex_a(read_annex_a(folder), ON)
    from_xlsx = check_annex_a(read_annex_a(write_demo(tmp_path)), ON)
    assert found(from_csv.problems) == found(from_xlsx.problems) == found(d.planted)
    kpis_csv = compute_kpis(from_csv, ON).to_dict()["kpis"]
    kpis_xlsx = compute_kpis(from_xlsx, ON).to_dict()["kpis"]
    assert kpis_csv == kpis_xlsx
