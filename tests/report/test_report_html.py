"""The HTML report: self-contained, every scenario text escaped, every section present."""

from __future__ import annotations

import re
from dataclasses import replace
from datetime import UTC, datetime
from pathlib import Path

import pytest

from inspection_sim.errors import OutputError
from inspection_sim.report import ReportInputs, render_report, write_report
from tests.report.report_support import HOSTILE, hostile_scenario, timeline

#: The performance team's calendar heading: the scenario's name for it, escaped, never its id.
PERFORMANCE_HEADING = "<h3>Perf &amp; &lt;b&gt;data&lt;/b&gt;</h3>"


def _page(**kwargs: object) -> str:
    inputs = ReportInputs(scenario=hostile_scenario(), plots=False, **kwargs)  # type: ignore[arg-type]
    return render_report(timeline(), inputs)


def test_hostile_text_is_escaped_everywhere() -> None:
    page = _page(deadlines=[(HOSTILE, 0.5)], notes=[HOSTILE])
    assert "<script" not in page.lower()
    assert "<img src=x" not in page
    assert "onerror=alert(2)>" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    assert "Perf &amp; &lt;b&gt;data&lt;/b&gt;" in page


def test_page_needs_no_network() -> None:
    page = render_report(timeline(), ReportInputs(plots=True))
    assert "default-src 'none'" in page
    urls = re.findall(r'(?:src|href)="([^"]+)"', page)
    assert urls, "the Gantt chart should be embedded"
    assert all(url.startswith("data:image/png;base64,") for url in urls)
    # Source addresses are shown as text: nothing links, loads or imports from elsewhere.
    for fetching in ("<a ", "<link", "url(", "@import", "<iframe", "<object"):
        assert fetching not in page


def test_sections_and_facts() -> None:
    page = _page(deadlines=[("Action plan", 0.93)])
    for heading in ("Timeline", "Team calendars", "Risks", "Rules used and their sources"):
        assert f"<h2>{heading}</h2>" in page
    assert "Mon 08 Mar to Fri 12 Mar 2027" in page
    assert "Rule files: rules/data/ilacs/2024-12.toml." in page
    # Cited keys are listed with their documents, S-numbers in order, then the seeds.
    rules = page.split("<h2>Rules used and their sources</h2>")[1]
    keys = ("<td>S1</td>", "<td>S3</td>", "<td>S13</td>", "<td>seed:001</td>")
    positions = [rules.index(key) for key in keys]
    assert positions == sorted(positions)
    assert "Inspecting local authority children&#x27;s services (ILACS) framework" in rules
    assert "93%" in page
    # The risk row: Annex A data misses its deadline by one working day.
    assert '<td class="late">1</td>' in page


def test_team_calendar_marks_closed_days() -> None:
    page = _page()
    # 4 March 2027 is a council closure in the test calendar: shown closed in each team week.
    performance = page.split(PERFORMANCE_HEADING)[1].split("</table>")[0]
    assert "01 Mar 2027" in performance
    assert performance.count('class="off">closed') == 1
    assert "Annex A data" in performance
    # Partial leave from the scenario is shown on its day (periods are inclusive), escaped.
    assert "1 of 3 away: &lt;i&gt;training&lt;/i&gt;" in performance
    assert performance.count(" away") == 1


def test_team_calendar_marks_the_team_s_own_days_off() -> None:
    scenario = hostile_scenario()
    team = scenario.team("performance")
    assert team is not None
    part_time = replace(team, weekmask="Mon-Wed", leave=())
    inputs = ReportInputs(scenario=replace(scenario, teams=(part_time,)), plots=False)
    performance = (
        render_report(timeline(), inputs).split(PERFORMANCE_HEADING)[1].split("</table>")[0]
    )
    # Thursday 4 March is a council closure; Friday 5 March is outside the team's Mon-Wed.
    assert performance.count('class="off">closed') == 1
    assert performance.count('class="off">team off') == 1


def test_stamp_and_source_in_footer() -> None:
    page = _page(stamp=datetime(2027, 6, 1, 9, 0, tzinfo=UTC))
    assert "on 01 Jun 2027 09:00 from hostile.toml" in page


def test_same_input_same_page() -> None:
    first = render_report(timeline(), ReportInputs(plots=True))
    second = render_report(timeline(), ReportInputs(plots=True))
    assert first == second


def test_write_report_is_atomic_and_refuses_to_overwrite(tmp_path: Path) -> None:
    target = tmp_path / "out" / "report.html"
    write_report(target, timeline(), ReportInputs(plots=False), parents=True)
    original = target.read_bytes()
    with pytest.raises(OutputError, match="refusing to overwrite"):
        write_report(target, timeline(), ReportInputs(plots=False, notes=["changed"]))
    assert target.read_bytes() == original
    write_report(target, timeline(), ReportInputs(plots=False, notes=["changed"]), force=True)
    assert b"changed" in target.read_bytes()
    assert [p.name for p in target.parent.iterdir()] == ["report.html"]
