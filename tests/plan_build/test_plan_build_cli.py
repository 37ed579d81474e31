"""``inspection-sim timeline`` run as a real subprocess."""

from __future__ import annotations

import csv
import io
import json
import subprocess
import sys

import inspection_sim


def run(*args: str) -> subprocess.CompletedProcess[str]:
    code = "import sys; from inspection_sim.cli import main; sys.exit(main(sys.argv[1:]))"
    return subprocess.run(
        [sys.executable, "-c", code, *args], capture_output=True, text=True, check=False
    )


def test_table_shows_the_worked_example() -> None:
    done = run("timeline", "ilacs:short", "--notified", "2026-03-02")
    assert done.returncode == 0
    assert "fieldwork  2026-03-09 to 2026-03-13" in done.stdout
    assert "[prepare-annex-a]" in done.stdout


def test_json_follows_the_contract() -> None:
    done = run("timeline", "ilacs:short", "--notified", "2026-03-02", "--format", "json")
    data = json.loads(done.stdout)
    assert set(data) >= {
        "framework",
        "version",
        "inspection",
        "notification",
        "fieldwork",
        "milestones",
        "tasks",
        "warnings",
    }
    assert data["notification"] == "2026-03-02T09:30:00+00:00"
    assert data["fieldwork"]["days"][0] == "2026-03-09"
    task = {t["id"]: t for t in data["tasks"]}["prepare-case-files"]
    assert task["depends_on"] == ["prepare-audited-case-list"]
    assert set(task) >= {
        "id",
        "name",
        "team",
        "start",
        "end",
        "depends_on",
        "slack_working_days",
        "critical",
    }
    assert data == json.loads(
        inspection_sim.plan(
            "ilacs:short", notified=__import__("datetime").date(2026, 3, 2)
        ).to_json()
    )


def test_csv_has_a_row_per_task() -> None:
    done = run("timeline", "jtai:front-door", "--notified", "2026-03-03", "--format", "csv")
    rows = list(csv.DictReader(io.StringIO(done.stdout)))
    assert {r["id"]: r for r in rows}["fieldwork"]["start"] == "2026-03-16"


def test_backward_from_onsite() -> None:
    done = run("timeline", "ilacs:standard", "--onsite", "2026-06-01", "--format", "json")
    assert json.loads(done.stdout)["notification"].startswith("2026-05-26T")


def test_warning_in_json_and_strict_exit_2() -> None:
    done = run("timeline", "ilacs:short", "--onsite", "2026-08-10", "--format", "json")
    assert "Summer" in " ".join(json.loads(done.stdout)["warnings"])
    strict = run("timeline", "ilacs:short", "--onsite", "2026-08-10", "--strict")
    assert strict.returncode == 2
    assert "nearest valid dates" in strict.stderr
    assert "Traceback" not in strict.stderr


def test_version_option_and_unknown_type() -> None:
    done = run(
        "timeline",
        "ilacs:short",
        "--notified",
        "2026-03-02",
        "--version",
        "2018-09",
        "--format",
        "json",
    )
    assert json.loads(done.stdout)["version"] == "2018-09"
    bad = run("timeline", "ilacs:focussed-visit", "--notified", "2026-03-02")
    assert bad.returncode == 2
    assert "did you mean 'focused-visit'?" in bad.stderr


def test_level_option_runs() -> None:
    done = run(
        "timeline", "hmip-yj:small", "--notified", "2026-03-06", "--level", "--format", "json"
    )
    assert done.returncode == 0
    assert json.loads(done.stdout)["fieldwork"]["end"] == "2026-03-26"


def test_election_option_warns_of_the_publication_hold() -> None:
    done = run("timeline", "ilacs:short", "--notified", "2026-03-02", "--election", "2026-05-07")
    assert done.returncode == 0
    assert "pre-election publication hold" in done.stdout


def test_level_with_team_sizes_moves_tasks_within_capacity() -> None:
    args = ("timeline", "ilacs:short", "--notified", "2026-03-02", "--format", "json")
    plain = {t["id"]: t for t in json.loads(run(*args).stdout)["tasks"]}
    done = run(*args, "--level", "--team", "performance=1")
    levelled = {t["id"]: t for t in json.loads(done.stdout)["tasks"]}
    assert plain["prepare-documents"]["start"] == plain["prepare-annex-a"]["start"]
    assert levelled["prepare-documents"]["start"] > levelled["prepare-annex-a"]["end"]
    bad = run(*args, "--team", "performance=0")
    assert bad.returncode == 2
    assert "NAME=SIZE" in bad.stderr
