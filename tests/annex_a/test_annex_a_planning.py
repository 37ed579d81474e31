"""The plan's prepare-annex-a task takes the check's result (an UNVERIFIED planning assumption)."""

from __future__ import annotations

from datetime import date

from inspection_sim import load_framework, plan
from inspection_sim.annex_a import check_annex_a
from inspection_sim.annex_a.planning import prepare_annex_a_change, prepare_rule
from inspection_sim.rules import with_overrides
from tests.annex_a.support import ON, demo


def test_clean_is_shorter_than_with_problems() -> None:
    clean = prepare_annex_a_change(check_annex_a(demo(errors=False).annex_a(), ON))
    messy = prepare_annex_a_change(check_annex_a(demo().annex_a(), ON))
    rule = prepare_rule()
    assert (clean.duration, messy.duration) == (rule.clean, rule.with_problems)
    assert clean.duration < messy.duration
    assert "UNVERIFIED" in messy.reason
    assert set(rule.provenance.unverified) == {
        "clean",
        "with_problems",
        "problems_per_extra_day",
        "most",
    }


def test_many_problems_are_capped() -> None:
    many = check_annex_a(demo(errors=False).annex_a(), date(2026, 1, 1))
    assert len(many.problems) > 1000
    assert prepare_annex_a_change(many).duration == prepare_rule().most


def test_the_change_applies_to_the_plan() -> None:
    messy = prepare_annex_a_change(check_annex_a(demo().annex_a(), ON))
    short = load_framework("ilacs", on=date(2027, 3, 1)).inspection("short")
    local = with_overrides(short, messy.override(), source="annex-a check")
    task = next(
        t for t in plan(local, notified=date(2027, 3, 1)).tasks if t.id == "prepare-annex-a"
    )
    assert (task.end - task.start).days + 1 == messy.duration
