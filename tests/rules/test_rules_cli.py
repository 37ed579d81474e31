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


def test_rules_show_a_framework_shows_the_cycle_and_its_pause() -> None:
    """The cycle the forecast reads is the one shown: windows, counts and the COVID pause."""
    done = run("rules", "show", "ilacs", "--version", "2024-12")
    assert "ilacs:short at 36 months (-6/+6)" in done.stdout
    assert "ilacs:monitoring-visit at 3 months, at most 6, the first +4 weeks from action-plan" in (
        done.stdout
    )
    assert (
        "dates 2020-03-17 to 2021-06-27; for short, standard; the cycle's clock stops"
        in done.stdout
    )
    assert "dates 2020-03-17 to 2020-08-31; for focused-visit, monitoring-visit)" in done.stdout
    assert "event engagement-meeting: Annual engagement meeting with Ofsted" in done.stdout
    data = json.loads(run("rules", "show", "ilacs", "--format", "json").stdout)
    pause = next(b for b in data["blackouts"] if b["id"] == "covid-suspension")
    assert (pause["end"], pause["pauses_cycle"]) == ("2021-06-27", True)
    focused = next(c for c in data["cycle"] if c["id"] == "focused-visits-between")
    assert focused["onsite_weekday"] is None  # from the focused visit's own notice rule


def test_rules_show_timescales_and_assumptions() -> None:
    done = run("rules", "show", "timescales")
    assert done.returncode == 0
    assert "initial-health-assessment: Initial health assessment: 20 working days" in done.stdout
    done = run("rules", "show", "assumptions")
    assert "event staff-absence: Staff absence: triangular (1.0, 2.0, 10.0)" in done.stdout
    assert "UNVERIFIED" in done.stdout
    data = json.loads(run("rules", "show", "assumptions", "--format", "json").stdout)
    assert data["events"]["deferral"]["working_days"] == 10
    assert data["forecast"]["overdue_weeks"] == 26


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
    assert f"{bad}: inspections.short.fieldwork.dayz: unknown key" in failed.stderr
    assert "did you mean 'days'?" in failed.stderr


def test_rules_check_lists_every_problem_at_once(tmp_path: Path) -> None:
    draft = tmp_path / "draft.toml"
    draft.write_text(
        '[meta]\nframework = "ilacs"\nversion = "2099-01"\nextends = "2026-04"\n'
        'title = "draft"\neffective_from = 2099-01-01\nsource = ["S1"]\nconfidence = "L"\n'
        "[inspections.short.fieldwork]\ndays = 0\n[inspections.short.notification]\n"
        'weekday = "mnday"\n',
        encoding="utf-8",
    )
    failed = run("rules", "check", str(draft))
    assert failed.returncode == 2
    assert "2 problems:" in failed.stderr
    assert f"{draft}: inspections.short.fieldwork.days: must be an integer >= 1" in failed.stderr
    assert "did you mean 'monday'?" in failed.stderr
    assert "Traceback" not in failed.stderr


def test_rules_check_reads_a_file_saved_with_a_byte_order_mark(tmp_path: Path) -> None:
    draft = tmp_path / "draft.toml"
    text = (
        '[meta]\nframework = "ilacs"\nversion = "2099-01"\nextends = "2026-04"\n'
        'title = "draft"\neffective_from = 2099-01-01\nsource = ["S1"]\nconfidence = "L"\n'
    )
    draft.write_bytes(b"\xef\xbb\xbf" + text.encode("utf-8"))
    assert run("rules", "check", str(draft)).returncode == 0
    draft.write_bytes(text.encode("utf-16"))
    failed = run("rules", "check", str(draft))
    assert failed.returncode == 2
    assert "save it as UTF-8" in failed.stderr


def test_rules_check_a_missing_file() -> None:
    done = run("rules", "check", "no/such/file.toml")
    assert done.returncode == 2
    assert "no/such/file.toml: cannot read the file" in done.stderr
