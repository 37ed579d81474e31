"""A small hand-built timeline for report tests, with hostile names where a scenario could put them."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, datetime, time
from zoneinfo import ZoneInfo

from inspection_sim.calendar import WorkingCalendar
from inspection_sim.plan.network import Dependency, Network, TaskKind, TaskSpec
from inspection_sim.plan.timeline import Fieldwork, Risk, ScheduledTask, Timeline
from inspection_sim.scenario import Scenario, parse_scenario

HOSTILE = "<script>alert(1)</script>"

CALENDAR = WorkingCalendar(
    start=date(2027, 1, 1), end=date(2027, 12, 31), closures=[date(2027, 3, 4)]
)

# (id, name, team, start, end, slack, critical, depends_on)
ROWS = [
    ("call", "Notification call", None, date(2027, 3, 1), date(2027, 3, 1), 0, True, ()),
    (
        "annex-a",
        "Annex A data",
        "performance",
        date(2027, 3, 2),
        date(2027, 3, 3),
        0,
        True,
        ("call",),
    ),
    (
        "cases",
        HOSTILE,
        "quality-assurance",
        date(2027, 3, 2),
        date(2027, 3, 2),
        2,
        False,
        ("call",),
    ),
    ("fieldwork", "Fieldwork", None, date(2027, 3, 8), date(2027, 3, 12), 0, True, ("annex-a",)),
    (
        "feedback",
        "Final feedback",
        "leadership",
        date(2027, 3, 12),
        date(2027, 3, 12),
        0,
        True,
        ("fieldwork",),
    ),
]


def timeline(*, council_task_name: str = HOSTILE) -> Timeline:
    """An ILACS-short-like timeline over a bank-holiday-free March 2027 week, one closure day."""
    specs = [TaskSpec(id=r[0], name=r[1], team=r[2], duration=1) for r in ROWS]
    deps = [Dependency(p, r[0]) for r in ROWS for p in r[7]]
    network = Network.build(specs, deps)
    tasks = tuple(
        ScheduledTask(
            id=r[0],
            name=council_task_name if r[0] == "cases" else r[1],
            team=r[2],
            kind=TaskKind.PREPARATION,
            start=r[3],
            end=r[4],
            start_index=CALENDAR.nearest_working_day_index(r[3]),
            finish_index=CALENDAR.nearest_working_day_index(r[4]) + 1,
            duration=1,
            depends_on=r[7],
            slack_working_days=r[5],
            critical=r[6],
            framework=r[2] is None,
            source=f"S13; S3 {HOSTILE} (H)" if r[0] == "fieldwork" else "",
        )
        for r in ROWS
    )
    return Timeline(
        inspection="ilacs:short",
        framework="ilacs",
        version="2024-12",
        calendar=CALENDAR,
        network=network,
        notification=datetime.combine(date(2027, 3, 1), time(9), ZoneInfo("Europe/London")),
        fieldwork=Fieldwork(
            date(2027, 3, 8), date(2027, 3, 12), tuple(date(2027, 3, d) for d in range(8, 13))
        ),
        tasks=tasks,
        warnings=(f"warning about {HOSTILE}",),
        risks=(Risk("annex-a", date(2027, 3, 2), 1, f"late because {HOSTILE}"),),
        sources=("rules/data/ilacs/2024-12.toml", "S1", "seed:001"),
    )


def hostile_scenario() -> Scenario:
    """The default scenario with a hostile council name and team contact."""
    text = (
        'schema = 1\n[council]\nname = "<script>alert(1)</script>"\n'
        '[teams.performance]\nname = "Perf & <b>data</b>"\nsize = 3\n'
        'contacts = ["<img src=x onerror=alert(2)>"]\n'
        "[[teams.performance.leave]]\nfrom = 2027-03-02\nto = 2027-03-02\npeople = 1\n"
        'note = "<i>training</i>"\n'
        '[inspection]\ntype = "ilacs:short"\nnotified = 2027-03-01\n'
    )
    return replace(parse_scenario(text), source="hostile.toml")
