"""Living through the week: from a shipped scenario, ``plan``, then a slipped Tuesday recorded in
the tracker, then ``track --today``: the run-sheet, the calendars (exactly the moved events get
SEQUENCE + 1), the change log and the tracker."""

from __future__ import annotations

import csv
import io
import subprocess
from collections.abc import Callable
from datetime import date
from pathlib import Path

import pytest
from track_support import (
    CALL,
    SCENARIO,
    TUESDAY,
    Row,
    copy_plan,
    entries,
    events,
    fill,
    make_plan,
    the_slipped_tuesday,
)

from inspection_sim.scenario import load_scenario
from inspection_sim.tracking import track

Cli = Callable[..., subprocess.CompletedProcess[str]]
TRACKED = "2027-06-08T17:00:00Z"

#: The two tasks whose days move: Annex A took a second day; the documents start a day late.
MOVED = {
    "Extract, check and send the Annex A child-level data",
    "Collate and send documents and performance information",
}


@pytest.fixture(scope="module")
def template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return make_plan(tmp_path_factory.mktemp("template") / "plan")


@pytest.fixture
def plan(template: Path, tmp_path: Path) -> Path:
    return copy_plan(template, tmp_path / "plan")


def run_track(cli: Cli, tracker: Path, *args: str) -> subprocess.CompletedProcess[str]:
    done = cli("track", str(tracker), "--today", TUESDAY.isoformat(), "--stamp", TRACKED, *args)
    assert done.returncode == 0, done.stderr
    return done


def test_the_run_sheet_reports_the_slip_and_the_deadlines_now_at_risk(plan: Path, cli: Cli) -> None:
    the_slipped_tuesday(plan / "tracker.xlsx")
    out = run_track(cli, plan / "tracker.xlsx").stdout
    assert "run-sheet for Tue 8 Jun 2027" in out
    assert "Council tasks: 4 done, 1 under way, 8 not started" in out
    today = out.split("Today, Tue 8 Jun 2027:")[1].split("Next working day")[0]
    assert "Performance and data team\n    - start: Collate and send documents" in today
    assert "Framework dates\n    - [" not in today  # framework dates are listed by their own names
    assert "Due: Annex A child-level data sent to Ofsted" in today
    assert "Next working day, Wed 9 Jun 2027:" in out
    slipped = out.split("Slipped against the plan as first made: 2")[1]
    assert (
        "Extract, check and send the Annex A child-level data (Performance and data team): "
        "finished Tue 8 Jun 2027, 1 working day late (planned Mon 7 Jun 2027)" in slipped
    )
    assert (
        "Collate and send documents and performance information (Performance and data team): "
        "now finishes Wed 9 Jun 2027, 1 working day late (planned Tue 8 Jun 2027)" in slipped
    )
    risks = out.split("Deadlines at risk")[1]
    line = next(text for text in risks.splitlines() if "Collate and send documents" in text)
    assert line.startswith(
        "  - Collate and send documents and performance information, due Wed 9 Jun 2027: "
    )
    now, at_plan = line.rsplit(": ", 1)[1].split(" ")
    assert int(now.rstrip("%")) < int(at_plan.strip("()%"))
    assert "drivers:" in risks


def test_exactly_the_moved_events_get_sequence_plus_one(plan: Path, cli: Cli) -> None:
    files = sorted(plan.glob("*.ics"))
    before = {path.name: events(path) for path in files}
    the_slipped_tuesday(plan / "tracker.xlsx")
    run_track(cli, plan / "tracker.xlsx")
    for path in files:
        old, new = before[path.name], events(path)
        assert set(new) == set(old), path.name  # the same UIDs, nothing added or dropped
        for uid, event in new.items():
            moved = event["content"] != old[uid]["content"]
            assert moved == (event["summary"] in MOVED), (path.name, event["summary"])
            assert event["sequence"] == old[uid]["sequence"] + moved, (path.name, event["summary"])
            assert event["status"] == ""
    combined = events(plan / "all-teams.ics")
    assert {e["summary"] for e in combined.values() if e["sequence"] == 1} == MOVED


def test_a_second_run_with_nothing_new_changes_nothing(plan: Path, cli: Cli) -> None:
    the_slipped_tuesday(plan / "tracker.xlsx")
    run_track(cli, plan / "tracker.xlsx")
    files = {path.name: path.read_bytes() for path in plan.iterdir()}
    again = cli(
        "track",
        str(plan / "tracker.xlsx"),
        "--today",
        "2027-06-08",
        "--stamp",
        "2027-06-08T18:00:00Z",
    )
    assert again.returncode == 0, again.stderr
    assert "11 files unchanged" in again.stdout
    assert "changes logged: 0" in again.stdout
    assert {path.name: path.read_bytes() for path in plan.iterdir()} == files


def test_the_tracker_is_kept_then_updated_and_the_change_log_says_what_changed(
    plan: Path, cli: Cli
) -> None:
    tracker = plan / "tracker.xlsx"
    the_slipped_tuesday(tracker)
    typed = tracker.read_bytes()
    recorded = entries(tracker)
    done = run_track(cli, tracker)
    kept = plan / "tracker-kept-20270608T170000Z.xlsx"
    assert kept.read_bytes() == typed
    assert entries(tracker) == recorded
    assert "your tracker as it was, kept" in done.stdout
    import openpyxl

    book = openpyxl.load_workbook(tracker)
    tasks = book["Tasks"]
    column = {cell.value: cell.column - 1 for cell in tasks[1]}
    rows = {row[column["task_id"]]: row for row in tasks.iter_rows(min_row=2, values_only=True)}
    documents = rows["prepare-documents"]
    assert documents[column["start"]].date() == TUESDAY
    assert documents[column["finish"]].date() == date(2027, 6, 9)
    assert str(documents[column["rag"]]).startswith("=IF(")  # the planner's formulas stay
    log = list(csv.DictReader(io.StringIO((plan / "changes.csv").read_text("utf-8"))))
    assert {(row["item"], row["field"], row["from"], row["to"]) for row in log} >= {
        ("prepare-annex-a", "status", "Not started", "Done"),
        ("prepare-annex-a", "actual_finish", "", "2027-06-08"),
        ("prepare-annex-a", "notes", "", "List 8 needed a second extract"),
        ("prepare-annex-a", "planned_finish", "2027-06-07", "2027-06-08"),
        ("prepare-documents", "planned_start", "2027-06-07", "2027-06-08"),
        ("prepare-case-files", "status", "Not started", "In progress"),
    }
    assert {row["when"] for row in log} == {TRACKED}
    assert {row["today"] for row in log} == {"2027-06-08"}
    assert len(log) == 18


def test_an_event_that_no_longer_happens_is_cancelled(plan: Path, cli: Cli, tmp_path: Path) -> None:
    changed = tmp_path / "no-staff-briefings.toml"
    text = SCENARIO.read_text("utf-8") + '\n[tasks]\nremove = ["staff-briefings"]\n'
    changed.write_text(text, "utf-8")
    load_scenario(changed)  # a valid scenario
    before = events(plan / "team-inspection-coordination-team.ics")
    done = run_track(cli, plan / "tracker.xlsx", "--scenario", str(changed))
    assert "changes logged: 1" in done.stdout
    for name in ("all-teams.ics", "team-inspection-coordination-team.ics"):
        after = events(plan / name)
        cancelled = [e for e in after.values() if e["status"] == "CANCELLED"]
        assert [e["summary"] for e in cancelled] == [
            "Brief staff; draw up the interview and case-discussion schedule"
        ]
        assert cancelled[0]["sequence"] == 1
    uid = next(u for u, e in before.items() if e["summary"].startswith("Brief staff"))
    assert (
        events(plan / "team-inspection-coordination-team.ics")[uid]["content"]
        == before[uid]["content"]
    )
    assert (plan / "scenario.toml").read_bytes() == changed.read_bytes()
    log = (plan / "changes.csv").read_text("utf-8")
    assert (
        "Brief staff; draw up the interview and case-discussion schedule,event,scheduled,cancelled"
        in log
    )
    again = cli(
        "track",
        str(plan / "tracker.xlsx"),
        "--today",
        "2027-06-08",
        "--stamp",
        "2027-06-09T08:00:00Z",
    )
    assert again.returncode == 0, again.stderr
    assert "changes logged: 0" in again.stdout
    assert events(plan / "all-teams.ics")[uid]["sequence"] == 1  # cancelled once, not again


def test_dry_run_prints_the_run_sheet_and_writes_nothing(plan: Path, cli: Cli) -> None:
    the_slipped_tuesday(plan / "tracker.xlsx")
    files = {path.name: path.read_bytes() for path in plan.iterdir()}
    done = cli("track", str(plan / "tracker.xlsx"), "--today", "2027-06-08", "--dry-run")
    assert done.returncode == 0, done.stderr
    assert "Slipped against the plan as first made: 2" in done.stdout
    assert "nothing written" in done.stderr
    assert {path.name: path.read_bytes() for path in plan.iterdir()} == files


def test_a_csv_of_the_tasks_sheet_is_tracked_like_the_workbook(plan: Path, cli: Cli) -> None:
    the_slipped_tuesday(plan / "tracker.xlsx")
    recorded = entries(plan / "tracker.xlsx")
    csv_tracker = plan.parent / "tasks.csv"
    lines = ["task_id,status,actual_start,actual_finish,notes"]
    for task, (status, start, finish, notes) in recorded.items():
        day = lambda value: "" if value is None else value.strftime("%d/%m/%Y")  # noqa: E731
        lines.append(f"{task},{status},{day(start)},{day(finish)},{notes or ''}")
    csv_tracker.write_text("\r\n".join(lines) + "\r\n", "utf-8")
    done = cli(
        "track", str(csv_tracker), "--plan", str(plan), "--today", "2027-06-08", "--stamp", TRACKED
    )
    assert done.returncode == 0, done.stderr
    assert "Slipped against the plan as first made: 2" in done.stdout
    assert entries(plan / "tracker.xlsx") == recorded
    assert {e["summary"] for e in events(plan / "all-teams.ics").values() if e["sequence"]} == MOVED


def test_track_from_python_returns_the_plan_from_today_and_the_risks(plan: Path) -> None:
    the_slipped_tuesday(plan / "tracker.xlsx")
    result = track(plan / "tracker.xlsx", TUESDAY, runs=200, seed=7, write=False)
    assert result.timeline.task("prepare-annex-a").end == TUESDAY
    assert result.timeline.task("prepare-documents").start == TUESDAY
    assert result.timeline.task("fieldwork").start == date(2027, 6, 14)  # framework dates stay
    names = [risk.name for risk in result.at_risk()]
    assert "prepare-documents" in names
    assert (
        result.at_plan["prepare-documents"]
        > {r.name: r.p_met for r in result.risks}["prepare-documents"]
    )
    assert result.written is None
    assert result.plan.progress["prepare-case-files"].state == "under way"
    assert result.plan.progress["prepare-case-files"].entry.actual_start == TUESDAY
    assert CALL < TUESDAY
    fill(plan / "tracker.xlsx", {"prepare-documents": Row("In progress", CALL)})
    caught_up = track(plan / "tracker.xlsx", TUESDAY, runs=200, seed=7, write=False)
    assert caught_up.timeline.task("prepare-documents").end == TUESDAY


def test_deadlines_past_are_missed_when_the_work_runs_past_them_and_gone_when_met(
    plan: Path,
) -> None:
    the_slipped_tuesday(plan / "tracker.xlsx")
    fill(plan / "tracker.xlsx", {"prepare-case-files": Row("Done", TUESDAY, date(2027, 6, 9))})
    monday = date(2027, 6, 21)  # the week after the fieldwork
    result = track(plan / "tracker.xlsx", monday, runs=50, seed=7, write=False)
    missed = {risk.name for risk in result.missed()}
    assert "prepare-documents" in missed  # never recorded: it now runs past its day
    assert "onsite-support" not in missed  # bound to the days on site, which are over
    assert not {"prepare-annex-a", "prepare-case-files"} & {r.name for r in result.risks}
    assert all(risk.due is None or risk.due >= monday for risk in result.at_risk())
    sheet = result.runsheet()
    assert "Deadlines already missed:" in sheet
    assert "Collate and send documents and performance information: due Wed 9 Jun 2027" in sheet
