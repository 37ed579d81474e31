"""The report's week on site, from real runs of the CLI: for every shipped scenario with people the
section holds the figures ``simulate`` prints for the same runs and seed; a scenario without people
has no such section; names from a scenario show as text."""

from __future__ import annotations

import csv
import html
import io
import re
from pathlib import Path

import pytest

from tests.conftest import run_cli
from tests.report.test_report_chromium import chromium, console_messages

SCENARIOS = Path(__file__).parents[2] / "scenarios"
HEADING = "<h2>The week on site</h2>"
RUNS, SEED = "40", "5"


def people_scenarios() -> list[str]:
    """Every shipped scenario that lists people, and the embedded default ("")."""
    found = [p.name for p in sorted(SCENARIOS.glob("*.toml")) if "\n[onsite]" in p.read_text()]
    return ["", *found]


def scenario_args(name: str) -> list[str]:
    return [str(SCENARIOS / name)] if name else []


def report_page(tmp_path: Path, *args: str) -> str:
    out = tmp_path / "report.html"
    result = run_cli("report", *args, "--out", str(out), "--no-plots", "--quiet", "--force")
    assert result.returncode == 0, result.stderr
    return out.read_text("utf-8")


def onsite_section(page: str) -> str:
    """The section's HTML, from its heading to its end."""
    start = page.index(HEADING)
    return page[start : page.index("</section>", start)]


def text_of(fragment: str) -> str:
    """What a reader sees: tags dropped, entities decoded."""
    return html.unescape(re.sub(r"<[^>]+>", "", fragment))


def simulated_week(name: str) -> list[str]:
    """The lines of ``simulate``'s on-site part, with the report's runs and seed."""
    result = run_cli("simulate", *scenario_args(name), "--runs", RUNS, "--seed", SEED, "--quiet")
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    start = next(i for i, line in enumerate(lines) if line.startswith("On-site week: "))
    return lines[start:]


def load_rows(section: str) -> list[tuple[str, ...]]:
    """The rebooking-load table's rows: day, mean, P10, P90."""
    rows = re.findall(r"<tr>(<td>.*?)</tr>", section)
    return [tuple(text_of(cell) for cell in re.findall(r"<td>(.*?)</td>", row)) for row in rows]


@pytest.mark.parametrize("name", people_scenarios(), ids=lambda n: n or "default")
def test_section_holds_the_figures_simulate_prints(name: str, tmp_path: Path) -> None:
    week = simulated_week(name)
    page = report_page(tmp_path, *scenario_args(name), "--runs", RUNS, "--seed", SEED)
    assert page.count(HEADING) == 1
    section = onsite_section(page)
    text = text_of(section)

    first = re.match(
        r"On-site week: (.+), (\w+ \d+ \w+ to \w+ \d+ \w+ \d+); (\d+) sessions? booked, "
        r"(\w+) left unbooked, (\d+ sampled cases?)\.",
        week[0],
    )
    assert first, week[0]
    what, days, booked, unbooked, cases = first.groups()
    assert f"{what[0].upper()}{what[1:]}, {days}: {booked} session" in text
    assert f"{unbooked} left unbooked, {cases}." in text

    figures = "\n".join(week)
    every = re.search(r"P\(every sampled case discussed\): (\S+)", figures)
    planned = re.search(
        r"sampled cases discussed as planned: (\S+) \(P10 (\S+), P90 (\S+)\)", figures
    )
    assert every
    assert planned
    assert f"P(every sampled case discussed): {every[1]}" in text
    assert (
        f"Sampled cases discussed as planned: {planned[1]} (P10 {planned[2]}, P90 {planned[3]})"
        in text
    )
    printed = [
        (row[1].strip(), row[2], row[3], row[4])
        for row in (
            re.match(r"    (\S.*?)\s+(\S+) \(P10 (\S+), P90 (\S+)\)$", line) for line in week
        )
        if row
    ]
    assert printed
    assert load_rows(section) == printed
    assert f"{RUNS} runs, seed {SEED}" in text

    what_if = [line for line in week if line.startswith("What if ")]
    if what_if:
        said = what_if[0].removesuffix(" (the scenario's [[onsite.absent]]).")
        assert said in text
        assert "before," in said
        assert "after" in said
    else:
        assert "What if" not in text


def test_what_if_lists_each_change_in_a_sentence(tmp_path: Path) -> None:
    page = report_page(tmp_path, str(SCENARIOS / "what-if-two-social-workers-away.toml"))
    text = text_of(onsite_section(page))
    assert (
        "What if Aisha Khan and Liam Baker are away: 2 sessions rebooked (moved or held with "
        "someone else), 1 held with a substitute, 0 missed; sampled cases discussed as planned "
        "12 of 12 (100%) before, 10 of 12 (83%) after" in text
    )
    # the same sentences the timetable's what-if prints (inspection-sim timetable --absent)
    assert "Case discussion: case C-1007 moves from Thu 17 Jun 09:00 to Fri 18 Jun" in text
    assert "is held with Claire Dunn in place of Aisha Khan" in text


def test_unbooked_sessions_are_listed_with_the_reason_rehearse_writes(tmp_path: Path) -> None:
    scenario = str(SCENARIOS / "ri-council-ilacs-standard.toml")
    out = tmp_path / "rehearsal"
    result = run_cli("rehearse", scenario, "--out", str(out))
    assert result.returncode == 0, result.stderr
    rows = list(csv.DictReader(io.StringIO((out / "timetable.csv").read_text("utf-8"))))
    unbooked = [row for row in rows if row["status"] == "unbooked"]
    assert unbooked  # the shipped scenario has a session no inspector can take
    text = text_of(onsite_section(report_page(tmp_path, scenario, "--runs", "0")))
    assert f"{len(unbooked)} left unbooked" in text
    assert "Not booked, and why:" in text
    for row in unbooked:
        assert row["note"]
        assert row["note"] in text


def test_without_runs_the_week_and_what_if_stay(tmp_path: Path) -> None:
    page = report_page(
        tmp_path, str(SCENARIOS / "what-if-two-social-workers-away.toml"), "--runs", "0"
    )
    text = text_of(onsite_section(page))
    assert "36 sessions booked, none left unbooked, 12 sampled cases." in text
    assert "Random staff absence is not simulated" in text
    assert "P(every sampled case discussed)" not in text
    assert "10 of 12 (83%) after" in text


def test_no_section_without_people(tmp_path: Path) -> None:
    scenario = SCENARIOS / "area-send.toml"
    assert "[onsite]" not in scenario.read_text("utf-8")
    page = report_page(tmp_path, str(scenario), "--runs", "20")
    assert "week on site" not in page.lower()
    assert "<h2>Risks</h2>" in page  # the rest of the page is there


def hostile_scenario(tmp_path: Path) -> Path:
    text = (SCENARIOS / "what-if-two-social-workers-away.toml").read_text("utf-8")
    hostile = text.replace('name = "Aisha Khan"', 'name = "<script>alert(4)</script> Khan"')
    assert hostile != text
    path = tmp_path / "hostile.toml"
    path.write_text(hostile, "utf-8")
    return path


def test_names_from_the_scenario_are_escaped(tmp_path: Path) -> None:
    page = report_page(tmp_path, str(hostile_scenario(tmp_path)), "--runs", "20")
    section = onsite_section(page)
    assert "<script" not in page.lower()
    assert "&lt;script&gt;alert(4)&lt;/script&gt; Khan" in section
    assert "What if <script>alert(4)</script> Khan and Liam Baker are away" in text_of(section)


@pytest.mark.slow
def test_page_with_the_week_on_site_opens_in_a_browser(tmp_path: Path) -> None:
    page = tmp_path / "onsite.html"
    page.write_text(report_page(tmp_path, str(hostile_scenario(tmp_path)), "--runs", "20"), "utf-8")
    dom = chromium(page, tmp_path, "--dump-dom")
    assert dom.returncode == 0, dom.stderr[-2000:]
    assert console_messages(dom.stderr) == []
    assert HEADING in dom.stdout
    assert "<script" not in dom.stdout.lower()
    assert "&lt;script&gt;alert(4)&lt;/script&gt; Khan" in dom.stdout
