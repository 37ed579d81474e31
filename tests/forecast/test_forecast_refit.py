"""``forecast --history FILE``: refitting the model on a history of published inspections."""

from __future__ import annotations

import json
from datetime import date, timedelta
from pathlib import Path

import pytest

from inspection_sim.errors import RuleFileError
from inspection_sim.forecasting.calibration import calibration
from inspection_sim.forecasting.cycle import forecast
from inspection_sim.forecasting.cycle_rules import cycle_rules
from inspection_sim.forecasting.refit import COLUMNS, MIN_AFTER_PAIRS, refit
from tests.conftest import run_cli

HEADER = ",".join(COLUMNS)


def _row(council: str, kind: str, start: date, grade: str) -> str:
    end = start + timedelta(days=4 if kind == "short" else 11)
    published = end + timedelta(days=42)
    return f"{council},{kind},{start:%d/%m/%Y},{end:%d/%m/%Y},{published:%d/%m/%y},{grade}"


def _history(tmp_path: Path, rows: list[str]) -> Path:
    path = tmp_path / "history.csv"
    path.write_text("\n".join([HEADER, *rows]) + "\n", encoding="utf-8")
    return path


def test_a_missing_column_names_the_file_and_the_column(tmp_path: Path) -> None:
    path = tmp_path / "bad.csv"
    path.write_text("local_authority,inspection_framework\nx,short\n", encoding="utf-8")
    done = run_cli(
        "forecast", "--last", "2022-03-07:short:good", "--on", "2024-07-01", "--history", str(path)
    )
    assert done.returncode == 2
    assert str(path) in done.stderr
    assert "inspection_start_date: missing column" in done.stderr
    assert "Traceback" not in done.stderr


def test_a_bad_date_names_the_line(tmp_path: Path) -> None:
    path = _history(tmp_path, ["a,short,31/02/2019,04/03/2019,01/04/19,good"])
    with pytest.raises(RuleFileError, match=r"line 2: unparsable date"):
        refit(calibration(), path, date(2024, 7, 1), cycle_rules())


def test_a_history_without_enough_re_inspections_is_refused(tmp_path: Path) -> None:
    path = _history(tmp_path, [_row("a", "short", date(2019, 3, 4), "good")])
    done = run_cli(
        "forecast", "--last", "2022-03-07:short:good", "--on", "2024-07-01", "--history", str(path)
    )
    assert done.returncode == 2
    assert "cannot refit the forecast: 0 re-inspections after the pause" in done.stderr


def _synthetic(count: int, gap_months: int) -> list[str]:
    """Councils inspected before the pause and re-inspected from 2022, then after the restart and
    re-inspected ``gap_months`` later (the regime after it)."""
    rows = []
    for i in range(count):
        first = date(2018, 3, 5) + timedelta(weeks=2 * i)
        second = date(2022, 1, 10) + timedelta(weeks=2 * i + (i * 7) % 9)
        third = second + timedelta(days=round(gap_months * 30.44)) + timedelta(days=7 * (i % 3))
        third -= timedelta(days=third.weekday())
        grade = ("good", "requires improvement", "outstanding", "inadequate")[i % 4]
        rows += [
            _row(f"c{i}", "short", first, grade),
            _row(f"c{i}", "standard", second, grade),
            _row(f"c{i}", "short", third, "good"),
        ]
    return rows


def test_refit_uses_only_inspections_before_on_and_fits_the_regime_after_the_restart(
    tmp_path: Path,
) -> None:
    path = _history(tmp_path, _synthetic(12, 30))
    early = refit(calibration(), path, date(2024, 1, 1), cycle_rules()).queue
    late = refit(calibration(), path, date(2026, 6, 1), cycle_rules()).queue
    assert early.after is None  # no third inspection had started by 2024
    assert late.after is not None
    assert late.after.pairs >= MIN_AFTER_PAIRS
    assert -7 < late.after.level < -4  # 30 months after a 36-month anniversary
    result = forecast(
        ["2023-03-06:short:good"],
        on=date(2025, 1, 6),
        calib=refit(calibration(), path, date(2025, 1, 6), cycle_rules()),
    )
    assert "after the restart" in result.inspection().basis


def test_cli_refit_changes_the_forecast_and_says_so(tmp_path: Path) -> None:
    path = _history(tmp_path, _synthetic(12, 30))
    args = ["forecast", "--last", "2023-03-06:short:good", "--on", "2026-06-01", "--format", "json"]
    shipped = json.loads(run_cli(*args).stdout)
    refitted = run_cli(*args, "--history", str(path))
    assert refitted.returncode == 0, refitted.stderr
    data = json.loads(refitted.stdout)
    short = next(a for a in data["next"] if a["activity"] == "ilacs:short")
    assert "after the restart: fitted on" in short["basis"]
    assert short != next(a for a in shipped["next"] if a["activity"] == "ilacs:short")


@pytest.mark.parametrize(
    ("make", "words"),
    [
        (lambda p: p.write_bytes(b"local_authority\xff,x\n"), "not UTF-8 text"),
        (lambda p: p.mkdir(), "not a regular file"),
        (lambda p: __import__("os").mkfifo(p), "not a regular file"),
    ],
    ids=["binary", "folder", "fifo"],
)
def test_a_history_that_is_not_a_csv_file_is_refused_in_one_line(
    tmp_path: Path, make: object, words: str
) -> None:
    """Binary text, a folder or a named pipe (which would block a reader) is one clean error."""
    path = tmp_path / "history.csv"
    make(path)  # type: ignore[operator]
    result = run_cli(
        "forecast", "--last", "2022-03-01:short:good", "--on", "2025-01-01",
        "--history", str(path), timeout=30,
    )  # fmt: skip
    assert result.returncode == 2
    lines = result.stderr.splitlines()
    assert len(lines) == 1
    assert words in lines[0]
    assert str(path) in lines[0]
