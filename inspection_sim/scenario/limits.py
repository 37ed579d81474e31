"""The ceilings of a scenario file: how much of everything it may hold.

A scenario describes one council; these are far above what one needs, and low enough that no file
can make a command run out of memory or time before it starts. The file's size and nesting are
capped by the TOML reader (:mod:`inspection_sim.toml_reader`). The README ("Scenario files")
states each of them.
"""

from __future__ import annotations

__all__ = [
    "MAX_ITEMS",
    "MAX_OVERRIDES",
    "MAX_PERIOD_DAYS",
    "MAX_RUNS",
    "MAX_TEAMS",
    "MAX_TEXT",
    "MAX_WINDOW_DAYS",
]

#: Characters in one text value (a name, a note, a contact).
MAX_TEXT = 500

#: Teams a scenario may describe.
MAX_TEAMS = 50

#: Entries in any one list: closures, one team's leave periods and contacts, past inspections,
#: tasks added, removed or changed, and dependencies of one task.
MAX_ITEMS = 100

#: Rule overrides (keys) in ``[overrides.inspection]`` and in ``[overrides.timescales]`` each.
MAX_OVERRIDES = 200

#: Days in one closure or one leave period (a year; longer leave is a team that is gone).
MAX_PERIOD_DAYS = 366

#: Days in the notification window a sweep covers (three years).
MAX_WINDOW_DAYS = 3 * 366

#: Simulation runs a scenario may ask for: the ceiling of ``--runs``. At about 22 KB a run while
#: it simulates, a run larger than the machine's free memory is refused when it starts.
MAX_RUNS = 1_000_000
