"""A case sample drawn from an Annex A workbook's "Allocated Worker" columns.

Each child with a worker is matched to the staff list by the worker's name (ignoring case and
repeated spaces); a seeded draw then takes cases from the lists in turn, so the sample spreads
across assessments, plans, children in care and the rest. Cases whose worker is not on the staff
list cannot be discussed with them: they are counted and named in :attr:`AnnexASample.note`, never
dropped silently. The sample's case ids are the workbook's child ids; nothing else is read.
"""

from __future__ import annotations

import random
from collections.abc import Sequence
from dataclasses import dataclass
from os import PathLike, fspath

from inspection_sim.annex_a.allocated import AllocatedChild, read_allocated_children
from inspection_sim.rules.assumptions import load_assumptions
from inspection_sim.timetable.people import Person, SampledCase, TimetableInputError

__all__ = [
    "MAX_SAMPLE",
    "AnnexASample",
    "sample_annex_a_cases",
    "sample_children",
]

#: The largest sample: more cases than inspectors could discuss in any on-site week.
MAX_SAMPLE = 1000
#: Workers named in the note before "and N more".
_NAMED = 3


@dataclass(frozen=True)
class AnnexASample:
    """The sampled cases, and the cases left out because their worker is not on the staff list."""

    cases: tuple[SampledCase, ...]
    source: str
    left_out: int = 0
    unknown_workers: tuple[str, ...] = ()
    shared_names: tuple[str, ...] = ()

    @property
    def note(self) -> str:
        """One plain sentence on the cases left out, or "" when none were."""
        if not self.left_out:
            return ""
        reasons = []
        if self.unknown_workers:
            verb = "is" if len(self.unknown_workers) == 1 else "are"
            reasons.append(f"({_names(self.unknown_workers)}) {verb} not on the staff list")
        if self.shared_names:
            verb = "is" if len(self.shared_names) == 1 else "are"
            reasons.append(
                f"({_names(self.shared_names)}) {verb} the name of more than one person on it"
            )
        cases = "case" if self.left_out == 1 else "cases"
        return (
            f"{self.left_out} {cases} in {self.source} left out of the sample: the allocated "
            f"worker {' and '.join(reasons)}."
        )


def _names(names: Sequence[str]) -> str:
    """The first few names, then how many more."""
    shown = ", ".join(names[:_NAMED])
    more = len(names) - _NAMED
    return f"{shown} and {more} more" if more > 0 else shown


def sample_annex_a_cases(
    path: str | PathLike[str],
    people: Sequence[Person],
    *,
    sample: int | None = None,
    seed: int = 0,
) -> AnnexASample:
    """Draw ``sample`` cases from the Annex A workbook at ``path``, each with its allocated worker
    (None: the planning assumption's size, ``[case_sample]`` in rules/data/assumptions.toml,
    UNVERIFIED).

    Raises:
        AnnexAInputError: the workbook cannot be read, or has no "Allocated Worker" column.
        TimetableInputError: ``sample`` is below 1, or no case has a worker on the staff list.
    """
    source = fspath(path)
    return sample_children(
        read_allocated_children(source), people, sample=sample, seed=seed, source=source
    )


def sample_children(
    children: Sequence[AllocatedChild],
    people: Sequence[Person],
    *,
    sample: int | None = None,
    seed: int = 0,
    source: str = "<annex-a>",
) -> AnnexASample:
    """The seeded draw of :func:`sample_annex_a_cases` from children already read."""
    if sample is None:
        sample = load_assumptions().case_sample.size
    if sample < 1:
        raise TimetableInputError("the sample needs at least 1 case", key="sample", value=sample)
    by_name: dict[str, list[str]] = {}
    for person in people:
        by_name.setdefault(_key(person.name), []).append(person.id)
    eligible: dict[str, list[SampledCase]] = {}
    seen: set[str] = set()
    unknown: dict[str, None] = {}  # first-seen order, no repeats
    shared: dict[str, None] = {}
    left_out: set[str] = set()
    for child in children:
        ids = by_name.get(_key(child.worker), [])
        if len(ids) != 1:
            (shared if ids else unknown).setdefault(child.worker, None)
            left_out.add(child.child_id)
            continue
        if child.child_id in seen:  # a child on several lists is one case
            continue
        seen.add(child.child_id)
        eligible.setdefault(child.list_id, []).append(SampledCase(child.child_id, ids[0]))
    left_out -= seen
    if not eligible:
        raise TimetableInputError(
            "no case has an allocated worker on the staff list (names are matched ignoring "
            "case and spaces)",
            source=source,
            key="Allocated Worker",
            value=[*unknown, *shared][:_NAMED],
        )
    cases = _spread(eligible, sample, seed)
    return AnnexASample(cases, source, len(left_out), tuple(unknown), tuple(shared))


def _spread(
    eligible: dict[str, list[SampledCase]], sample: int, seed: int
) -> tuple[SampledCase, ...]:
    """Shuffle each list with the seed, then take one case from each list in turn."""
    rng = random.Random(seed)
    queues = []
    for list_id in eligible:  # list order, so the draw depends on the seed alone
        cases = list(eligible[list_id])
        rng.shuffle(cases)
        queues.append(cases)
    chosen: list[SampledCase] = []
    while len(chosen) < sample and any(queues):
        for queue in queues:
            if queue and len(chosen) < sample:
                chosen.append(queue.pop(0))
    return tuple(chosen)


def _key(name: str) -> str:
    return " ".join(name.split()).casefold()
