"""The performance table as xlsx (openpyxl, LibreOffice) and HTML (escaped; headless Chromium)."""

from __future__ import annotations

import csv
import re
import shutil
import subprocess
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path

import pytest

from inspection_sim.annex_a import compute_kpis
from inspection_sim.annex_a.html import render_kpi_html, write_kpi_html
from inspection_sim.annex_a.table import kpi_text, sparkline, write_kpi_xlsx
from inspection_sim.annex_a.xlsx import safe_text
from tests.annex_a.support import HOSTILE, ON, hostile_annex_a, write_demo
from tests.conftest import require_binary_or_skip
from tests.report.test_report_chromium import chromium, console_messages

Cli = Callable[..., subprocess.CompletedProcess[str]]
STAMP = datetime(2027, 3, 1, 9, 0, tzinfo=UTC)
SOFFICE = shutil.which("soffice") or shutil.which("libreoffice")


@pytest.fixture(scope="module")
def hostile() -> object:
    return compute_kpis(
        hostile_annex_a(), ON, targets={"cp-visited-within-10-working-days": (0.99, 1.0)}
    )


def test_formula_text_is_neutralised() -> None:
    for text in ("=1+1", "+44", "-2", "@SUM(A1)", "\tx", "\rx"):
        assert safe_text(text) == "'" + text
    assert safe_text("DEMO-1") == "DEMO-1"


def test_xlsx_opens_in_openpyxl_with_rag_colours_and_safe_ids(
    hostile: object, tmp_path: Path
) -> None:
    from openpyxl import load_workbook

    path = write_kpi_xlsx(tmp_path / "kpi.xlsx", hostile, STAMP, council="Demo Borough")  # type: ignore[arg-type]
    book = load_workbook(path)
    assert book.sheetnames == ["Performance", "Children to act on", "Annex A problems"]
    table = book["Performance"]
    header = [c.value for c in table[3]]
    assert header[:6] == ["Ref", "Performance measure", "Num", "Denom", "Current", "Period"]
    assert header[-4:] == ["Min", "Upper", "RAG", "Trend"]
    rows = {row[0].value: row for row in table.iter_rows(min_row=4)}
    cp = rows["4.7.2"]
    rag_cell = cp[header.index("RAG")]
    assert rag_cell.value == "red"
    assert rag_cell.fill.start_color.rgb.endswith("FFC7CE")
    assert cp[header.index("Current")].number_format == "0.0%"
    act = book["Children to act on"]
    ids = [row[2].value for row in act.iter_rows(min_row=2)]
    assert "'" + HOSTILE in ids
    assert all(c.data_type == "s" for row in act.iter_rows(min_row=2) for c in row if c.value)
    assert not any(
        isinstance(v, str) and v.startswith("=")
        for row in act.iter_rows(values_only=True)
        for v in row
    )


def test_xlsx_and_html_are_byte_identical_for_the_same_stamp(
    hostile: object, tmp_path: Path
) -> None:
    first = write_kpi_xlsx(tmp_path / "a.xlsx", hostile, STAMP).read_bytes()  # type: ignore[arg-type]
    second = write_kpi_xlsx(tmp_path / "b.xlsx", hostile, STAMP).read_bytes()  # type: ignore[arg-type]
    assert first == second
    later = datetime(2027, 3, 2, 9, 0, tzinfo=UTC)
    assert write_kpi_xlsx(tmp_path / "c.xlsx", hostile, later).read_bytes() != first  # type: ignore[arg-type]
    assert render_kpi_html(hostile, stamp=STAMP) == render_kpi_html(hostile, stamp=STAMP)  # type: ignore[arg-type]


def test_cli_writes_xlsx_and_refuses_to_overwrite(cli: Cli, tmp_path: Path) -> None:
    workbook = write_demo(tmp_path)
    out = tmp_path / "table.xlsx"
    args = (
        "kpi",
        str(workbook),
        "--on",
        "2027-03-01",
        "--format",
        "xlsx",
        "--out",
        str(out),
        "--stamp",
        "2027-03-01T09:00:00Z",
    )
    made = cli(*args)
    assert made.returncode == 0, made.stderr
    assert "14 measures" in made.stdout
    assert "9 Annex A problems" in made.stdout
    before = out.read_bytes()
    again = cli(*args)
    assert again.returncode == 2
    assert "--force" in again.stderr
    assert cli(*args, "--force").returncode == 0
    assert out.read_bytes() == before


@pytest.mark.slow
def test_xlsx_converts_in_libreoffice(hostile: object, tmp_path: Path) -> None:
    require_binary_or_skip(SOFFICE is not None, "LibreOffice (soffice)")
    assert SOFFICE is not None
    path = write_kpi_xlsx(tmp_path / "kpi.xlsx", hostile, STAMP)  # type: ignore[arg-type]
    profile = tmp_path / "lo-profile"
    result = subprocess.run(
        [SOFFICE, f"-env:UserInstallation={profile.as_uri()}", "--headless", "--convert-to",
         'csv:Text - txt - csv (StarCalc):44,34,76,1,,0,false,true,false,false,false,-1', "--outdir", str(tmp_path / "out"), str(path)],
        capture_output=True, text=True, timeout=180, check=False,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    files = sorted((tmp_path / "out").glob("*.csv"))
    assert len(files) == 3, result.stdout
    table = next(f for f in files if "Performance" in f.name)
    rows = list(csv.reader(table.read_text("utf-8").splitlines()))
    assert rows[2][:2] == ["Ref", "Performance measure"]
    cp = next(row for row in rows if row and row[0] == "4.7.2")
    assert cp[-2] == "red"
    assert cp[4].endswith("%")
    act = next(f for f in files if "act" in f.name).read_text("utf-8")
    assert "'" + HOSTILE.replace('"', '""') in act  # shown as text, never run as a formula


def test_html_is_self_contained_and_escapes_the_data(hostile: object) -> None:
    page = render_kpi_html(hostile, council="<b>Council</b>", stamp=STAMP)  # type: ignore[arg-type]
    assert 'http-equiv="Content-Security-Policy"' in page
    assert "<script" not in page.lower()
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    assert "&lt;b&gt;Council&lt;/b&gt;" in page
    assert not re.search(r"(src|href)=\"(http|//)", page)
    assert page.count("<svg") >= 2  # the two trend sparklines


def test_text_table_and_sparkline() -> None:
    assert sparkline([0.1, None, 0.3]) == "▁ █"
    assert sparkline([0.5]) == ""
    result = compute_kpis(hostile_annex_a(), ON)
    text = kpi_text(result)
    assert "2.10a" in text
    assert "Extract date 2027-03-01" in text


@pytest.mark.slow
def test_html_in_headless_chromium(hostile: object, tmp_path: Path) -> None:
    page = write_kpi_html(tmp_path / "kpi.html", hostile, council="Demo", stamp=STAMP)  # type: ignore[arg-type]
    shot = tmp_path / "kpi.png"
    result = chromium(page, tmp_path, f"--screenshot={shot}")
    assert result.returncode == 0, result.stderr[-2000:]
    assert console_messages(result.stderr) == []
    assert shot.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    dom = chromium(page, tmp_path, "--dump-dom")
    assert console_messages(dom.stderr) == []
    assert "<script" not in dom.stdout.lower()
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in dom.stdout
    assert dom.stdout.count("<polyline") >= 2
