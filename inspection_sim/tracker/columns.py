"""The tracker's layout: sheet names, column names and the format version, the contract a reader
of the workbook relies on.

Change a name here only with a new :data:`FORMAT_VERSION`: a tracker a planner has filled in is
read back by its column names, never by position.
"""

from __future__ import annotations

__all__ = [
    "ABOUT_SHEET",
    "FORMAT_VERSION",
    "FORMAT_VERSION_CELL",
    "INJECTS_SHEET",
    "MILESTONES_SHEET",
    "MILESTONE_COLUMNS",
    "RAG_VALUES",
    "STATUSES",
    "TASKS_SHEET",
    "TASK_COLUMNS",
    "TIMETABLE_SHEET",
    "TRACKER_NAME",
]

#: The file name in a rehearsal's folder.
TRACKER_NAME = "tracker.xlsx"

#: The version of this layout, in :data:`FORMAT_VERSION_CELL` of the About sheet.
FORMAT_VERSION = 1

TASKS_SHEET = "Tasks"
MILESTONES_SHEET = "Framework dates"
INJECTS_SHEET = "Injects"
TIMETABLE_SHEET = "On-site timetable"
ABOUT_SHEET = "About"

#: Where the format version is: the About sheet, cell B2 (also the defined name format_version).
FORMAT_VERSION_CELL = "B2"

#: One row per council task. Planners fill in status, actual_start, actual_finish and notes;
#: rag is worked out by the spreadsheet from status and dates.
TASK_COLUMNS = (
    "task_id",
    "task",
    "owner_team",
    "contacts",
    "start",
    "finish",
    "due",
    "due_is_deadline",
    "depends_on",
    "depends_on_in_words",
    "status",
    "actual_start",
    "actual_finish",
    "rag",
    "notes",
)

#: One row per framework date.
MILESTONE_COLUMNS = (
    "item_id",
    "what",
    "date",
    "last_date",
    "time",
    "kind",
    "why",
    "calendars",
    "reference",
)

#: The status drop-down, in the order a task goes through it.
STATUSES = ("Not started", "In progress", "Done", "Blocked")

#: What the rag column shows.
RAG_VALUES = ("Red", "Amber", "Green")
