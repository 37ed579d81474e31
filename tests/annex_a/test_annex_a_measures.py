"""The measures: numerators and denominators recomputed independently, RAG, targets, trends."""

from __future__ import annotations

import json
import subprocess
from collections.abc import Callable
from datetime import date, datetime, timedelta
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from inspection_sim import WorkingCalendar
from inspection_sim.annex_a import compute_kpis, load_measures, rag
from inspection_sim.annex_a.reader import annex_a_from_rows
from inspection_sim.timescales import timescales
from tests.annex_a.support import ON, demo, write_demo

Cli = Callable[..., subprocess.CompletedProcess[str]]
CAL = WorkingCalendar()
RANK = {"red": 0, "amber": 1, "green": 2}


def as_date(value: object) -> date | None:
    """Read a cell independently of the library: dd/mm/yyyy text or a spreadsheet date."""
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    if isinstance(value, str) and value.count("/") == 2:
        day, month, year = value.split("/")
        try:
            return date(int(year), int(month), int(day))
        except ValueError:
            return None
    return None


def openpyxl_rows(path: Path, number: int) -> list[dict[str, object]]:
    from openpyxl import load_workbook

    book = load_workbook(path, read_only=True)
    sheet = next(s for s in book.worksheets if s.title.startswith(f"List {number} "))
    rows = list(sheet.iter_rows(values_only=True))
    header = [str(h) for h in rows[2]]
    return [dict(zip(header, row, strict=False)) for row in rows[3:]]


def test_kpi_json_matches_an_independent_count_of_the_workbook(cli: Cli, tmp_path: Path) -> None:
    path = write_demo(tmp_path, seed=4, children=250)
    result = cli("kpi", str(path), "--on", ON.isoformat(), "--format", "json")
    assert result.returncode == 0, result.stderr
    data = json.loads(result.stdout)
    assert data["on"] == "2027-03-01"
    assert data["problems"] == 9
    kpis = {k["id"]: k for k in data["kpis"]}

    rows4 = openpyxl_rows(path, 4)
    done = [r for r in rows4 if as_date(r["Continuous Assessment Date of Authorisation"])]
    hits = [
        r for r in done
        if (start := as_date(r["Continuous Assessment Start Date"])) is not None
        and CAL.working_days_between(start, as_date(r["Continuous Assessment Date of Authorisation"])) <= 45  # type: ignore[arg-type]
    ]  # fmt: skip
    assert (
        kpis["assessments-within-45-working-days"]["numerator"],
        kpis["assessments-within-45-working-days"]["denominator"],
    ) == (len(hits), len(done))

    rows5 = openpyxl_rows(path, 5)
    icpc = [r for r in rows5 if as_date(r["Date of Initial Child Protection Conference"])]
    met = [
        r for r in icpc
        if CAL.working_days_between(as_date(r["Strategy discussion initiating Section 47 Enquiry Start Date"]), as_date(r["Date of Initial Child Protection Conference"])) <= 15  # type: ignore[arg-type]
    ]  # fmt: skip
    assert (
        kpis["icpc-within-15-working-days"]["numerator"],
        kpis["icpc-within-15-working-days"]["denominator"],
    ) == (len(met), len(icpc))

    def open_on(start: object, end: object) -> bool:
        first, last = as_date(start), as_date(end)
        return first is not None and first <= ON and (last is None or last > ON)

    rows7 = [
        r
        for r in openpyxl_rows(path, 7)
        if open_on(r["Child Protection Plan Start Date"], r["Child Protection Plan End Date"])
    ]
    visited = [
        r
        for r in rows7
        if (v := as_date(r["Date of the Last Statutory Visit"]))
        and CAL.working_days_between(v, ON) <= 10
    ]
    assert (
        kpis["cp-visited-within-10-working-days"]["numerator"],
        kpis["cp-visited-within-10-working-days"]["denominator"],
    ) == (len(visited), len(rows7))

    rows8 = [
        r
        for r in openpyxl_rows(path, 8)
        if open_on(r["Date Started to be Looked After"], r["Date Ceased to be Looked After"])
    ]
    seen = [
        r
        for r in rows8
        if (v := as_date(r["Date of Last Social Work Visit"])) and (ON - v).days <= 42
    ]
    assert (
        kpis["cla-visited-within-6-weeks"]["numerator"],
        kpis["cla-visited-within-6-weeks"]["denominator"],
    ) == (len(seen), len(rows8))

    for item in data["kpis"]:
        assert set(item) >= {
            "id",
            "name",
            "numerator",
            "denominator",
            "value",
            "min_target",
            "upper_target",
            "higher_is_better",
            "rag",
        }
        assert item["rag"] in (None, "green", "amber", "red")
        if item["denominator"]:
            assert item["value"] == item["numerator"] / item["denominator"]
            assert 0 <= item["value"] <= 1
        else:
            assert item["value"] is None
    assert kpis["cp-visited-within-10-working-days"]["min_target"] == 0.92
    assert kpis["assessments-within-45-working-days"]["upper_target"] == 0.95
    assert kpis["icpc-within-15-working-days"]["rag"] is None  # no source gives a target


days = st.integers(min_value=-500, max_value=20).map(lambda n: ON + timedelta(days=n))
maybe = st.one_of(st.none(), days)


@settings(max_examples=60, deadline=None)
@given(
    st.lists(st.tuples(days, maybe, maybe), min_size=1, max_size=30),
    st.sampled_from([ON, date(2026, 12, 29), date(2027, 4, 5)]),
)
def test_cp_visits_numerator_recomputed(
    rows: list[tuple[date, date | None, date | None]], on: date
) -> None:
    table = [
        [
            "Child Unique ID",
            "Child Protection Plan Start Date",
            "Child Protection Plan End Date",
            "Date of the Last Statutory Visit",
        ]
    ]
    table += [[f"C{i}", s, e, v] for i, (s, e, v) in enumerate(rows)]
    kpi = compute_kpis(
        annex_a_from_rows({"List 7": table}), on, measures=["cp-visited-within-10-working-days"]
    ).kpis[0]
    population = [(s, v) for s, e, v in rows if s <= on and (e is None or e > on)]
    numerator = sum(v is not None and CAL.working_days_between(v, on) <= 10 for _, v in population)
    assert (kpi.numerator, kpi.denominator) == (numerator, len(population))
    assert kpi.value == (numerator / len(population) if population else None)


@settings(max_examples=60, deadline=None)
@given(st.lists(st.tuples(days, maybe), min_size=1, max_size=30))
def test_assessment_numerator_recomputed(rows: list[tuple[date, date | None]]) -> None:
    table = [
        [
            "Child Unique ID",
            "Continuous Assessment Start Date",
            "Continuous Assessment Date of Authorisation",
        ]
    ]
    table += [[f"C{i}", s.strftime("%d/%m/%Y"), a] for i, (s, a) in enumerate(rows)]
    kpi = compute_kpis(
        annex_a_from_rows({"List 4": table}), ON, measures=["assessments-within-45-working-days"]
    ).kpis[0]
    done = [(s, a) for s, a in rows if a is not None]
    assert kpi.denominator == len(done)
    assert kpi.numerator == sum(CAL.working_days_between(s, a) <= 45 for s, a in done)


@settings(max_examples=40, deadline=None)
@given(st.lists(st.tuples(days, maybe, maybe), min_size=1, max_size=30))
def test_cla_visits_numerator_recomputed(rows: list[tuple[date, date | None, date | None]]) -> None:
    table = [
        [
            "Child Unique ID",
            "Date Started to be Looked After",
            "Date Ceased to be Looked After",
            "Date of Last Social Work Visit",
        ]
    ]
    table += [[f"C{i}", s, e, v] for i, (s, e, v) in enumerate(rows)]
    kpi = compute_kpis(
        annex_a_from_rows({"List 8": table}), ON, measures=["cla-visited-within-6-weeks"]
    ).kpis[0]
    population = [v for s, e, v in rows if s <= ON and (e is None or e > ON)]
    assert (kpi.numerator, kpi.denominator) == (
        sum(v is not None and (ON - v).days <= 42 for v in population),
        len(population),
    )


fractions = st.floats(min_value=0, max_value=1, allow_nan=False)


@given(fractions, fractions, fractions, fractions)
def test_rag_is_monotone_in_the_value(a: float, b: float, t1: float, t2: float) -> None:
    low, high = sorted((a, b))
    lo_t, hi_t = sorted((t1, t2))
    up = [rag(v, lo_t, hi_t, True) for v in (low, high)]
    assert RANK[up[0]] <= RANK[up[1]]  # type: ignore[index]
    down = [rag(v, hi_t, lo_t, False) for v in (low, high)]
    assert RANK[down[0]] >= RANK[down[1]]  # type: ignore[index]


def test_rag_boundaries_on_the_minimum_upper_model() -> None:
    assert rag(0.95, 0.90, 0.95) == "green"
    assert rag(0.90, 0.90, 0.95) == "amber"
    assert rag(0.8999, 0.90, 0.95) == "red"
    assert rag(0.05, 0.10, 0.05, higher_is_better=False) == "green"
    assert rag(0.10, 0.10, 0.05, higher_is_better=False) == "amber"
    assert rag(0.117, 0.10, 0.05, higher_is_better=False) == "red"  # seed 001's 5.10: 11.7% red
    assert rag(None, 0.9, 0.95) is None
    assert rag(0.5, None, None) is None


def test_working_days_skip_bank_holidays() -> None:
    # 45 working days from 1 Dec 2026 lands on 9 Feb 2027 (Christmas, Boxing Day and New Year skipped)
    start = date(2026, 12, 1)
    last = CAL.add_working_days(start, 45)
    table = [["Child Unique ID", "Continuous Assessment Start Date", "Continuous Assessment Date of Authorisation"],
             ["A", start, last], ["B", start, CAL.add_working_days(start, 46)]]  # fmt: skip
    kpi = compute_kpis(
        annex_a_from_rows({"List 4": table}), ON, measures=["assessments-within-45-working-days"]
    ).kpis[0]
    assert (kpi.numerator, kpi.denominator) == (1, 2)
    assert (last - start).days > 63  # more than 45 weekdays of calendar time


def test_a_scenario_sets_targets_and_its_calendar(cli: Cli, tmp_path: Path) -> None:
    root = Path(__file__).resolve().parents[2]
    text = (root / "scenarios" / "good-council-ilacs-short.toml").read_text("utf-8")
    scenario = tmp_path / "s.toml"
    scenario.write_text(
        text + "\n[kpis.cp-visited-within-10-working-days]\nmin = 0.5\nupper = 0.6\n", "utf-8"
    )
    workbook = write_demo(tmp_path)
    result = cli(
        "kpi", str(workbook), "--on", "2027-03-01", "--scenario", str(scenario), "--format", "json"
    )
    assert result.returncode == 0, result.stderr
    kpi = {k["id"]: k for k in json.loads(result.stdout)["kpis"]}[
        "cp-visited-within-10-working-days"
    ]
    assert (kpi["min_target"], kpi["upper_target"], kpi["rag"]) == (0.5, 0.6, "green")


def test_red_measures_name_the_children_to_act_on() -> None:
    d = demo(errors=False)
    result = compute_kpis(d.annex_a(), ON, targets={"cla-visited-within-6-weeks": (0.99, 1.0)})
    kpi = result.kpi("cla-visited-within-6-weeks")
    assert kpi.rag == "red"
    assert kpi.act_on
    assert len(kpi.act_on) == kpi.denominator - kpi.numerator
    assert all(child.startswith("DEMO-") for child in kpi.act_on)
    assert result.kpi("cla-count").act_on == ()


def test_the_trend_is_six_monthly_outturns_and_blank_before_the_data() -> None:
    d = demo(errors=False)
    kpi = compute_kpis(d.annex_a(), ON).kpi("assessments-within-45-working-days")
    assert kpi.trend is not None
    assert [m.strftime("%Y-%m") for m, _ in kpi.trend] == [
        "2026-10",
        "2026-11",
        "2026-12",
        "2027-01",
        "2027-02",
        "2027-03",
    ]
    late = compute_kpis(d.annex_a(), date(2030, 3, 1)).kpi("assessments-within-45-working-days")
    assert late.trend is not None
    assert all(v is None for _, v in late.trend)


def test_measures_rest_on_the_timescales_they_cite() -> None:
    scales = {t.id: t for t in timescales()}
    limits = {
        "assessments-within-45-working-days": 45,
        "icpc-within-15-working-days": 15,
        "cp-visited-within-10-working-days": 10,
    }
    for name, limit in limits.items():
        m = load_measures()[name]
        assert m.numerator[0].limit == limit == scales[m.timescale].value  # type: ignore[index]
        assert m.numerator[0].unit == scales[m.timescale].unit  # type: ignore[index]
    cla = load_measures()["cla-visited-within-6-weeks"]
    assert cla.numerator[0].limit == 7 * scales["looked-after-visit"].then[0].value == 42
    assert load_measures()["cla-health-assessment-overdue"].higher_is_better is False


@pytest.mark.parametrize("name", list(load_measures()))
def test_every_measure_computes_on_the_demo(name: str) -> None:
    kpi = compute_kpis(demo().annex_a(), ON, measures=[name]).kpis[0]
    assert kpi.denominator is None or kpi.denominator > 0
    assert kpi.numerator > 0


def test_a_scenario_with_targets_is_valid_for_every_command(cli: Cli, tmp_path: Path) -> None:
    """``[kpis]`` is a scenario section: validate and simulate accept it; a bad measure is listed."""
    root = Path(__file__).resolve().parents[2]
    text = (root / "scenarios" / "good-council-ilacs-short.toml").read_text("utf-8")
    good = tmp_path / "good.toml"
    good.write_text(text + "\n[kpis.cla-visited-within-6-weeks]\nmin = 0.9\nupper = 0.95\n")
    for command in (("validate", str(good)), ("simulate", str(good), "--runs", "20", "--quiet")):
        result = cli(*command)
        assert result.returncode == 0, result.stderr
    bad = tmp_path / "bad.toml"
    bad.write_text(text + "\n[kpis.cla-visited-within-6-week]\nmin = 0.9\nupper = 0.95\n")
    result = cli("validate", str(bad))
    assert result.returncode == 2
    assert "kpis.cla-visited-within-6-week" in result.stderr
    assert "cla-visited-within-6-weeks" in result.stderr  # the closest measure is suggested
