"""Refit the next-inspection model on a history of published inspections (``--history FILE``).

A history file has the columns of the published-inspections dataset (``ilacs_inspections.csv``,
source S12/S13): ``local_authority``, ``inspection_framework`` (``short`` or ``standard``; other
rows are skipped), ``inspection_start_date`` and ``inspection_end_date`` (dd/mm/yyyy),
``publication_date`` (dd/mm/yy or dd/mm/yyyy) and ``overall_effectiveness_grade`` (outstanding,
good, requires improvement, inadequate). Only inspections that started before the forecast date
are used; councils not re-inspected by then are right-censored there.

Observations by regime: a council whose pause-adjusted anniversary the pause moved feeds the
post-pause queue (:func:`.queue_fit.fit_queue`); a council whose last inspection started after the
restart feeds the regime after it (:func:`.queue_fit.fit_level`), once enough were re-inspected.
"""

from __future__ import annotations

import csv
import io
import itertools
import stat
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from typing import Any

from dateutil.relativedelta import relativedelta

from inspection_sim.errors import RuleFileError
from inspection_sim.forecasting.calibration import DAYS_PER_MONTH, Calibration, with_queue_figures
from inspection_sim.forecasting.cycle_rules import CycleRules
from inspection_sim.forecasting.history import JUDGEMENTS
from inspection_sim.forecasting.queue_fit import Observation, fit_level, fit_queue

__all__ = [
    "COLUMNS",
    "MIN_AFTER_PAIRS",
    "MIN_PAIRS",
    "REFERENCE",
    "Pair",
    "PublishedInspection",
    "observations",
    "pairs",
    "queue_figures",
    "read_inspections",
    "refit",
]

#: The columns a history file needs.
COLUMNS = (
    "local_authority",
    "inspection_framework",
    "inspection_start_date",
    "inspection_end_date",
    "publication_date",
    "overall_effectiveness_grade",
)
#: Anniversaries are measured in months from this date (keeps the fitted levels readable).
REFERENCE = date(2023, 1, 1)
#: Re-inspections after the restart needed before that regime gets its own fit.
MIN_AFTER_PAIRS = 5
#: Re-inspections after the pause needed before the queue is fitted at all.
MIN_PAIRS = 10


@dataclass(frozen=True)
class PublishedInspection:
    """A short or standard inspection with parsed dates."""

    council: str
    type: str
    start: date
    end: date
    published: date
    judgement: str | None


@dataclass(frozen=True)
class Pair:
    """Two consecutive inspections of one council."""

    first: PublishedInspection
    second: PublishedInspection


def _day(text: str, fmt: str) -> date:
    return datetime.strptime(text.strip(), fmt).date()


def _published(text: str) -> date:
    for fmt in ("%d/%m/%y", "%d/%m/%Y"):
        try:
            return _day(text, fmt)
        except ValueError:
            continue
    raise ValueError(text)


#: A history file larger than this is refused (the published dataset is well under 1 MB).
MAX_HISTORY_BYTES = 50_000_000


def _history_text(path: Path) -> str:
    """The text of a history file: a regular UTF-8 file within the size cap (a FIFO or a device
    would block or never end)."""
    try:
        info = path.stat()
        if not stat.S_ISREG(info.st_mode):
            raise RuleFileError("not a regular file (give a CSV file)", source=str(path))
        if info.st_size > MAX_HISTORY_BYTES:
            raise RuleFileError(
                f"larger than {MAX_HISTORY_BYTES:,} bytes; is it a history CSV?", source=str(path)
            )
        return path.read_bytes().decode("utf-8-sig")
    except OSError as error:
        raise RuleFileError(f"cannot read the file: {error.strerror}", source=str(path)) from None
    except UnicodeDecodeError as error:
        raise RuleFileError(
            f"not UTF-8 text (byte {error.start}); save the CSV as UTF-8", source=str(path)
        ) from None


def read_inspections(path: Path) -> list[PublishedInspection]:
    """The short and standard inspections in a history file, by council then start date.

    Raises:
        RuleFileError: naming the file, and the column or line, when the file is missing, a
            needed column is absent or a date does not parse.
    """
    found: list[PublishedInspection] = []
    with io.StringIO(_history_text(path), newline="") as handle:
        reader = csv.DictReader(handle)
        missing = [c for c in COLUMNS if c not in (reader.fieldnames or ())]
        if missing:
            raise RuleFileError("missing column", source=str(path), key=missing[0], choices=COLUMNS)
        for number, row in enumerate(reader, start=2):
            kind = (row["inspection_framework"] or "").strip()
            if kind not in ("short", "standard"):
                continue
            grade = (row["overall_effectiveness_grade"] or "").strip().replace(" ", "-")
            try:
                found.append(
                    PublishedInspection(
                        council=(row["local_authority"] or "").strip(),
                        type=kind,
                        start=_day(row["inspection_start_date"] or "", "%d/%m/%Y"),
                        end=_day(row["inspection_end_date"] or "", "%d/%m/%Y"),
                        published=_published(row["publication_date"] or ""),
                        judgement=grade if grade in JUDGEMENTS else None,
                    )
                )
            except ValueError as error:
                raise RuleFileError(
                    "unparsable date (dates are dd/mm/yyyy)",
                    source=str(path),
                    key=f"line {number}",
                    value=str(error),
                ) from None
    return sorted(found, key=lambda i: (i.council, i.start))


def pairs(inspections: Sequence[PublishedInspection]) -> list[Pair]:
    """Consecutive inspections of the same council whose first judgement is known."""
    found = []
    for first, second in itertools.pairwise(inspections):
        if first.council == second.council and first.judgement is not None:
            found.append(Pair(first, second))
    return found


def _months(a: date, b: date) -> float:
    return (b - a).days / DAYS_PER_MONTH


def _pause_moved(first: PublishedInspection, rules: CycleRules) -> bool:
    plain = first.start + relativedelta(months=rules.anniversary_months)
    return rules.anniversary(first.start) != plain


def _after_restart(first: PublishedInspection, rules: CycleRules) -> bool:
    return bool(rules.pauses) and first.start > rules.pauses[-1].end


def observations(
    inspections: Sequence[PublishedInspection],
    rules: CycleRules,
    censored_at: date,
    regime: str = "pause",
) -> list[tuple[str, Observation]]:
    """(council, observation) for the fit of ``regime``: ``pause`` (councils whose anniversary the
    pause moved) or ``after`` (councils last inspected after the restart).

    A pair is an event; a council whose latest inspection is of the regime is right-censored at
    ``censored_at`` (its next inspection started on or after it, outside the data).
    """
    chosen = _pause_moved if regime == "pause" else _after_restart

    def observation(item: PublishedInspection, offset: float, event: bool) -> Observation:
        anniversary = _months(REFERENCE, rules.anniversary(item.start))
        return Observation(anniversary, str(item.judgement), offset, event=event)

    found = []
    for pair in pairs(inspections):
        if chosen(pair.first, rules):
            offset = _months(rules.anniversary(pair.first.start), pair.second.start)
            found.append((pair.first.council, observation(pair.first, offset, True)))
    latest = {item.council: item for item in inspections}
    for item in latest.values():
        if item.judgement is not None and chosen(item, rules):
            bound = _months(rules.anniversary(item.start), censored_at)
            found.append((item.council, observation(item, bound, False)))
    return found


def queue_figures(
    inspections: Sequence[PublishedInspection], rules: CycleRules, censored_at: date
) -> dict[str, Any]:
    """The model's figures (the ``queue`` table of ``calibration.toml``), fitted on
    ``inspections``, right-censored at ``censored_at``.

    Raises:
        ValueError: when fewer than :data:`MIN_PAIRS` councils were re-inspected after the pause.
    """
    queue = [o for _, o in observations(inspections, rules, censored_at)]
    events = sum(o.event for o in queue)
    if events < MIN_PAIRS:
        raise ValueError(f"{events} re-inspections after the pause; the fit needs {MIN_PAIRS}")
    fit = fit_queue(
        queue,
        JUDGEMENTS,
        same_next=dict(rules.next_after),
    )
    figures: dict[str, Any] = {
        "method": "censored normal regression (Tobit, EM), right-censored at the cut-off",
        "reference": REFERENCE.isoformat(),
        "censored_at": censored_at.isoformat(),
        "pairs": fit.events,
        "censored": fit.censored,
        "slope": round(fit.slope, 4),
        "sigma": round(fit.sigma, 3),
        "anniversary_from": round(fit.anniversaries[0], 2),
        "anniversary_to": round(fit.anniversaries[1], 2),
        "level": {j: round(fit.levels[j], 2) for j in JUDGEMENTS},
    }
    if fit.borrowed:
        figures["borrowed"] = dict(fit.borrowed)
    after = [o for _, o in observations(inspections, rules, censored_at, "after")]
    events = sum(o.event for o in after)
    if events >= MIN_AFTER_PAIRS:
        level, sigma = fit_level(after)
        figures["after"] = {
            "level": round(level, 2),
            "sigma": round(sigma, 3),
            "pairs": events,
            "censored": len(after) - events,
        }
    return figures


def refit(calib: Calibration, path: Path, on: date, rules: CycleRules) -> Calibration:
    """``calib`` with the next-inspection model refitted on the history file at ``path``, using
    only inspections that started before ``on`` (councils not re-inspected by then censored).

    Raises:
        RuleFileError: for an unreadable file, or a history with no re-inspection after the pause.
    """
    known = [i for i in read_inspections(path) if i.start < on]
    try:
        figures = queue_figures(known, rules, on)
    except ValueError as error:
        raise RuleFileError(
            f"cannot refit the forecast: {error} before {on.isoformat()}", source=str(path)
        ) from None
    return with_queue_figures(calib, figures, str(path))
