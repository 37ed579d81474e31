"""What the rules say about each framework date, in plain words, and where each rule comes from.

A calendar explains a framework date the way a coordinator would ("Ofsted's ILACS framework
(December 2024 version): due the working day after the call"), says when a timing is a planning
assumption rather than a published rule, and keeps the rule's ids and sources for an ``X-``
property. The names of the frameworks are data (``rules/data/rehearsal/wording.toml``); the dates
come from the inspection type's rules.
"""

from __future__ import annotations

import calendar as months
from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import cache

from inspection_sim.rehearsal.phrases import clock_text, count, offset_phrase, plain_name
from inspection_sim.rules.base import Provenance
from inspection_sim.rules.fields import read_packaged
from inspection_sim.rules.model import InspectionType, NotWorkingDay, OnsiteRule
from inspection_sim.toml_reader import Reading

__all__ = ["WORDING_FILE", "FrameworkWords", "RuleWords", "framework_words"]

WORDING_FILE = "rules/data/rehearsal/wording.toml"

#: The anchors a council task can be due by, as the timeline's task that stands for them.
_ANCHOR_TASKS = {
    "notification": "notification",
    "onsite": "fieldwork",
    "fieldwork-end": "fieldwork",
}

#: The fields of each kind of rule item that set its date or time (an assumption when unverified).
_TIMING = frozenset(
    {"weekday", "time", "if_not_working_day", "rule", "weeks_after", "working_days"}
    | {"days", "start", "end", "due", "during", "at", "minutes"}
)

_WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")


@dataclass(frozen=True)
class FrameworkWords:
    """How titles and descriptions name one framework."""

    by: str
    framework: str


@cache
def _wording() -> dict[str, FrameworkWords]:
    reading = Reading(WORDING_FILE)
    root = reading.table(read_packaged("data/rehearsal/wording.toml"))
    root.only("frameworks")
    found = {}
    for table in root.tables("frameworks"):
        table.only("by", "framework")
        found[table.name] = FrameworkWords(table.text("by"), table.text("framework"))
    reading.check()
    return found


def framework_words(framework: str) -> FrameworkWords:
    """The words for ``framework``; a framework the wording file does not name is named by its
    id, upper-cased (a council's own framework file)."""
    words = _wording().get(framework)
    if words is not None:
        return words
    name = framework.upper()
    return FrameworkWords(name, f"the {name} framework")


@dataclass(frozen=True)
class RuleWords:
    """Plain words about the framework dates of one inspection type.

    Attributes:
        by: the inspectorate, for a framework date's title.
        inspection: the inspection type's name ("ILACS short inspection"); empty without rules.
        framework: whose rules set the dates, with the version: "Ofsted's ILACS framework
            (December 2024 version)".
        why: framework item id (as the timeline names it) to when the rules put it, in words.
        assumed: items whose timing is a planning assumption (an unverified rule field).
        due_by: council task id to the framework item (timeline task id) it is due by.
        due_words: council task id to when the rules make it due, in words.
        references: item or task id to its rule sources and confidence, for an ``X-`` property.
        returns: the ids of the data returns.
        caps: council task id to what the rules cap in the return it is due by ("At most 3
            documents are sent ...").
    """

    by: str
    framework: str
    inspection: str = ""
    why: Mapping[str, str] = field(default_factory=dict)
    assumed: frozenset[str] = frozenset()
    due_by: Mapping[str, str] = field(default_factory=dict)
    due_words: Mapping[str, str] = field(default_factory=dict)
    references: Mapping[str, str] = field(default_factory=dict)
    returns: frozenset[str] = frozenset()
    caps: Mapping[str, str] = field(default_factory=dict)

    @classmethod
    def of(cls, rules: InspectionType | None, framework: str, version: str) -> RuleWords:
        """The words for ``rules``; without rules (a hand-built timeline), names only."""
        words = framework_words(framework)
        phrase = f"{words.framework} ({_version_words(version)})"
        if rules is None:
            return cls(words.by, phrase)
        return cls(
            words.by,
            phrase,
            inspection=rules.name,
            why=_why(rules),
            assumed=_assumed(rules),
            due_by={
                task.id: _ANCHOR_TASKS.get(task.due.after, task.due.after)
                for task in rules.tasks
                if task.due is not None
            },
            due_words={
                task.id: offset_phrase(task.due, _names(rules))
                for task in rules.tasks
                if task.due is not None
            },
            references=_references(rules, version),
            returns=frozenset(ret.id for ret in rules.returns),
            caps=_caps(rules, phrase),
        )

    def explain(self, item: str) -> str:
        """Why ``item`` falls when it does, with whose rules say so; ``""`` when unknown."""
        why = self.why.get(item)
        if why is None:
            return ""
        text = f"Set by {self.framework}: {why}."
        if item in self.assumed:
            text += " This timing is a planning assumption: check it against the framework."
        return text


def _version_words(version: str) -> str:
    """``"2024-12"`` -> ``"December 2024 version"``; another form is kept as written."""
    year, _, month = version.partition("-")
    if year.isdigit() and month.isdigit() and 1 <= int(month) <= 12:
        return f"{months.month_name[int(month)]} {year} version"
    return f"version {version}"


def _names(rules: InspectionType) -> dict[str, str]:
    groups = (rules.phases, rules.returns, rules.meetings, rules.post, rules.tasks)
    return {item.id: item.name for group in groups for item in group}


def _why(rules: InspectionType) -> dict[str, str]:
    names = _names(rules)
    why = {"notification": _call_words(rules), "fieldwork": _onsite_words(rules)}
    for phase in rules.phases:
        start, end = offset_phrase(phase.start, names), offset_phrase(phase.end, names)
        why[phase.id] = f"from {start.removeprefix('on ')} to {end.removeprefix('on ')}"
    for ret in rules.returns:
        why[ret.id] = f"due {offset_phrase(ret.due, names)}"
        if ret.max_documents is not None:
            why[ret.id] += f"; at most {count(ret.max_documents, 'document')} are sent"
    for meeting in rules.meetings:
        length = count(meeting.minutes, "minute")
        if meeting.at is None:
            why[meeting.id] = f"every day on site at {clock_text(meeting.time)}, for {length}"
        else:
            when = offset_phrase(meeting.at, names)
            why[meeting.id] = f"{when} at {clock_text(meeting.time)}, for {length}"
    for step in rules.post:
        why[step.id] = offset_phrase(step.at, names)
    return why


def _caps(rules: InspectionType, framework: str) -> dict[str, str]:
    """Council task id to the cap of the return it is due by, in words."""
    capped = {ret.id: ret for ret in rules.returns if ret.max_documents is not None}
    caps = {}
    for task in rules.tasks:
        ret = capped.get(task.due.after) if task.due is not None else None
        if ret is not None and ret.max_documents is not None:
            caps[task.id] = (
                f"At most {count(ret.max_documents, 'document')} are sent: "
                f"{framework} caps {_lower(plain_name(ret.name))} for this inspection."
            )
    return caps


def _lower(name: str) -> str:
    return name[:1].lower() + name[1:]


def _call_words(rules: InspectionType) -> str:
    note = rules.notification
    text = f"the call comes on a {_WEEKDAYS[note.weekday]}, at {clock_text(note.time)}"
    if note.if_not_working_day is NotWorkingDay.PREVIOUS:
        return text + " (on a bank holiday, the working day before)"
    return text + " (on a bank holiday, the next working day)"


def _onsite_words(rules: InspectionType) -> str:
    onsite, days = rules.onsite, rules.fieldwork.days
    if onsite.rule is OnsiteRule.WEEKDAY_OF_WEEK and onsite.weekday is not None:
        start = f"on the {_WEEKDAYS[onsite.weekday]} of {_week_after(onsite.weeks_after or 0)}"
    else:
        start = f"{count(onsite.working_days or 0, 'working day')} after the call"
    return f"inspectors arrive {start} and are on site for {count(days, 'working day')}"


def _week_after(weeks: int) -> str:
    """``1`` -> ``"the week after the call"``, ``2`` -> ``"the second week after the call"``."""
    if weeks == 0:
        return "the week of the call"
    ordinal = {1: "", 2: "second ", 3: "third ", 4: "fourth "}.get(weeks)
    if ordinal is None:
        return f"the week {weeks} weeks after the call's week"
    return f"the {ordinal}week after the call"


def _assumed(rules: InspectionType) -> frozenset[str]:
    items: list[tuple[str, Provenance]] = [
        ("notification", rules.notification.provenance),
        ("fieldwork", rules.onsite.provenance),
        ("fieldwork", rules.fieldwork.provenance),
    ]
    for group in (rules.phases, rules.returns, rules.meetings, rules.post):
        items.extend((item.id, item.provenance) for item in group)
    return frozenset(item for item, prov in items if _TIMING & set(prov.unverified))


def _references(rules: InspectionType, version: str) -> dict[str, str]:
    where = f"rules {rules.key} {version}"
    found = {
        "notification": _cite(where, "notification", rules.notification.provenance),
        "fieldwork": _cite(where, "fieldwork", rules.onsite.provenance, rules.fieldwork.provenance),
    }
    for group in (rules.phases, rules.returns, rules.meetings, rules.post, rules.tasks):
        for item in group:
            found[item.id] = _cite(where, item.id, item.provenance)
    return found


def _cite(where: str, item: str, *provenances: Provenance) -> str:
    """``"rules ilacs:short 2024-12 | item annex-a | sources S3 S9 seed:001 | confidence L |
    unverified due"`` (no commas or semicolons, which a calendar would escape)."""
    sources = sorted({source for prov in provenances for source in prov.source})
    unverified = sorted({name for prov in provenances for name in prov.unverified})
    confidence = min((prov.confidence.value for prov in provenances), key="LMH".index)  # lowest
    parts = [where, f"item {item}", f"sources {' '.join(sources)}", f"confidence {confidence}"]
    if unverified:
        parts.append(f"unverified {' '.join(unverified)}")
    return " | ".join(parts)
