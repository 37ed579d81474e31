"""``rehearse`` and ``simulate`` on the shipped what-if scenario (two social workers away in the
on-site week), run as real subprocesses: the rebooked week on disk, and the on-site week part of
the simulation in words and in JSON."""

from __future__ import annotations

import csv
import json
import re
from pathlib import Path
from typing import Any

WHAT_IF = "scenarios/what-if-two-social-workers-away.toml"
STAMP = "2027-05-01T09:00:00Z"


def test_rehearse_writes_the_week_after_the_changes(cli: Any, tmp_path: Path) -> None:
    out = tmp_path / "rehearsal"
    done = cli("rehearse", WHAT_IF, "--out", str(out), "--stamp", STAMP)
    assert done.returncode == 0, done.stderr
    assert (
        "what if Aisha Khan and Liam Baker are away: 2 sessions rebooked (moved or held with "
        "someone else), 1 held with a substitute, 0 missed; sampled cases discussed as planned "
        "12 of 12 (100%) before, 10 of 12 (83%) after:" in done.stdout
    )
    assert (
        "Case discussion: case C-1001 on Fri 18 Jun 09:00 is held with Claire Dunn" in done.stdout
    )
    with (out / "timetable.csv").open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    assert sorted(row["change"] for row in rows if row["change"]) == [
        "moved",
        "substitute",
        "swapped",
    ]
    substitute = next(row for row in rows if row["change"] == "substitute")
    assert substitute["people"] == "claire-dunn"
    assert substitute["status"] == "substitute"
    # away from her two sessions, Aisha Khan gets no diary; who stands in for her gets them
    assert not (out / "people" / "aisha-khan.ics").exists()
    assert "C-1001" in (out / "people" / "claire-dunn.ics").read_text("utf-8")
    ben = (out / "people" / "ben-morgan.ics").read_text("utf-8")
    assert "DTSTART;TZID=Europe/London:20270615T101500" in ben
    again = cli("rehearse", WHAT_IF, "--out", str(out), "--stamp", STAMP)
    assert again.returncode == 0, again.stderr
    assert "timetable.csv: 36 sessions, unchanged" in again.stdout  # the same bytes


def test_simulate_adds_the_on_site_week(cli: Any) -> None:
    done = cli("simulate", WHAT_IF, "--runs", "300", "--seed", "7", "--quiet")
    assert done.returncode == 0, done.stderr
    text = done.stdout
    part = text[text.index("On-site week: ") :]
    assert part.startswith(
        "On-site week: the rehearsal's on-site days (from 2027-06-07), Mon 14 Jun to Fri 18 Jun "
        "2027; 36 sessions booked, none left unbooked, 12 sampled cases."
    )
    assert "300 runs, seed 7" in part
    found = re.search(r"P\(every sampled case discussed\): (\d+\.\d)%", part)
    assert found is not None
    assert 50 < float(found.group(1)) < 100
    assert re.search(r"sampled cases discussed as planned: \d+\.\d% \(P10 \d+%, P90 \d+%\)", part)
    assert re.search(r"Wed 16 Jun +\d\.\d\d \(P10 \d+, P90 \d+\)", part)
    assert (
        "What if Aisha Khan and Liam Baker are away: 2 sessions rebooked (moved or held with "
        "someone else), 1 held with a substitute, 0 missed; sampled cases discussed as planned "
        "12 of 12 (100%) before, 10 of 12 (83%) after (the scenario's [[onsite.absent]])."
    ) in part
    assert "the coordinator's changes: 2 on Tue 15 Jun, 1 on Thu 17 Jun" in part


def test_simulate_json_has_the_on_site_week(cli: Any) -> None:
    done = cli("simulate", WHAT_IF, "--runs", "200", "--seed", "3", "--quiet", "--format", "json")
    assert done.returncode == 0, done.stderr
    data = json.loads(done.stdout)
    onsite = data["onsite"]
    assert onsite["days"] == [f"2027-06-{d}" for d in range(14, 19)]
    risk = onsite["absence_risk"]
    assert (risk["runs"], risk["seed"], risk["rate"]) == (200, 3, 0.02)
    assert 0 <= risk["all_discussed"] <= 1
    assert set(risk["load"]) == set(onsite["days"])
    assert onsite["what_if"]["shares"]["as_planned"] == round(10 / 12, 4)
    assert "runs" in data  # the simulation's own data is kept


def test_simulate_of_an_inspection_type_has_no_on_site_week(cli: Any) -> None:
    done = cli("simulate", "ilacs:short", "--notified", "2027-03-01", "--runs", "50", "--quiet")
    assert done.returncode == 0, done.stderr
    assert "On-site week" not in done.stdout


def test_validate_counts_the_people_away(cli: Any) -> None:
    done = cli("validate", WHAT_IF)
    assert done.returncode == 0, done.stderr
    assert "35 people, 5 rooms, 12 sampled cases; what if 2 away" in done.stdout


def test_a_rehearsal_moved_off_the_absences_week_says_so(cli: Any, tmp_path: Path) -> None:
    done = cli("rehearse", WHAT_IF, "--start", "2027-09-06", "--out", str(tmp_path / "r"))
    assert done.returncode == 2
    (line,) = done.stderr.strip().splitlines()
    assert line.startswith(f"inspection-sim: error: {WHAT_IF}: onsite.absent: ")
    assert "the on-site days are 2027-09-13 to 2027-09-17" in line
    assert "Traceback" not in done.stderr
    assert not (tmp_path / "r").exists()
