"""``inspection-sim rules`` and ``inspection-sim due`` run as real subprocesses."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path


def run(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [
            sys.executable,
            "-c",
            "import sys; from inspection_sim.cli import main; sys.exit(main(sys.argv[1:]))",
            *args,
        ],
        capture_output=True,
        text=True,
        check=False,
    )


def test_due_prints_the_initial_health_assessment_date() -> None:
    done = run("due", "initial-health-assessment", "--from", "2026-12-14")
    assert (done.returncode, done.stdout) == (0, "2027-01-14\n")


def test_due_json_carries_the_source() -> None:
    done = run("due", "return-home-interview", "--from", "2026-12-24T18:00", "--format", "json")
    data = json.loads(done.stdout)
    assert data["at"] == "2026-12-27T18:00:00"
    assert data["source"].startswith("S34")


def test_due_unknown_timescale_is_one_line_and_exit_2() -> None:
    done = run("due", "initial-health-assesment", "--from", "2026-12-14")
    assert done.returncode == 2
    assert "did you mean 'initial-health-assessment'" in done.stderr
    assert "Traceback" not in done.stderr
    assert done.stderr.count("\n") == 1


def test_due_without_from_is_a_user_error() -> None:
    done = run("due", "care-plan")
    assert done.returncode == 2
    assert "--from" in done.stderr


def test_due_lists_timescales() -> None:
    done = run("due")
    assert "initial-health-assessment" in done.stdout
    assert "72 hours" in done.stdout


def test_rules_list_names_every_framework() -> None:
    done = run("rules", "list")
    assert done.returncode == 0
    for name in ("ilacs:short", "jtai:front-door", "area-send:full", "hmip-yj:small"):
        assert name in done.stdout


def test_rules_show_table_cites_sources_and_unverified() -> None:
    done = run("rules", "show", "ilacs:short", "--on", "2019-05-01")
    assert done.returncode == 0
    assert "version 2018-09" in done.stdout
    assert "UNVERIFIED: due" in done.stdout
    assert "Mon 09:30" in done.stdout


def test_rules_show_json_by_version() -> None:
    done = run("rules", "show", "ilacs:focused-visit", "--version", "2020-09", "--format", "json")
    data = json.loads(done.stdout)
    assert data["notification"]["weekday"] == "Tue"
    assert data["fieldwork"]["weekmask"] == "Mon-Fri"


def test_rules_show_a_framework_lists_blackouts_and_cycle() -> None:
    done = run("rules", "show", "ilacs")
    assert "Christmas and New Year gap" in done.stdout
    assert "cycle short-after-good" in done.stdout


def test_rules_show_suggests_focused_visit() -> None:
    done = run("rules", "show", "ilacs:focussed-visit")
    assert done.returncode == 2
    assert "did you mean 'focused-visit'?" in done.stderr


def test_rules_show_before_the_first_version_names_the_earliest() -> None:
    done = run("rules", "show", "ilacs:short", "--on", "2017-06-01")
    assert done.returncode == 2
    assert "the earliest is 2018-01" in done.stderr


def test_rules_check_validates_a_draft_file(tmp_path: Path) -> None:
    good = tmp_path / "2099-01.toml"
    good.write_text(
        '[meta]\nframework = "ilacs"\nversion = "2099-01"\nextends = "2026-04"\n'
        'title = "draft"\neffective_from = 2099-01-01\nsource = ["S1"]\nconfidence = "L"\n'
        "[inspections.short.fieldwork]\ndays = 4\n",
        encoding="utf-8",
    )
    done = run("rules", "check", str(good))
    assert done.returncode == 0
    assert "ok (ilacs 2099-01" in done.stdout
    bad = tmp_path / "bad.toml"
    bad.write_text(
        good.read_text(encoding="utf-8").replace("days = 4", "dayz = 4"), encoding="utf-8"
    )
    failed = run("rules", "check", str(bad))
    assert failed.returncode == 2
    assert f"{bad}: [inspections.short].fieldwork.dayz: unknown key" in failed.stderr
    assert "did you mean 'days'?" in failed.stderr


def test_rules_check_a_missing_file() -> None:
    done = run("rules", "check", "no/such/file.toml")
    assert done.returncode == 2
    assert "no/such/file.toml: cannot read the file" in done.stderr
