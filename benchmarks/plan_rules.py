"""Benchmark: planning from rules (``inspection_sim.plan``) with a 200-task council template.

Prints, in one run: the median time of ``plan()`` for ILACS short with its default template and
with 200 tasks (the default template plus added tasks), against a baseline measured in the same
run: the same 200-task plan when the rule file is parsed and validated on every call (what the
cache avoids). Target (PERFORMANCE.md): a 200-task plan from rules in under 5 ms.

Run: ``.venv/bin/python benchmarks/plan_rules.py``
"""

from __future__ import annotations

import gc
import random
import statistics
import sys
import time
from collections.abc import Callable
from datetime import date
from pathlib import Path

sys.path.pop(0)  # do not import from the benchmarks folder

from inspection_sim import plan
from inspection_sim.rules import inspection, with_overrides
from inspection_sim.rules.registry import framework_from_text

NOTIFIED = date(2026, 3, 2)
TEAMS = ("coordination", "performance", "social-care", "quality-assurance", "facilities", "it")


def big_template(size: int) -> dict[str, object]:
    """Extra tasks (each depending on up to two earlier ones) to reach ``size`` tasks in all."""
    rng = random.Random(7)
    short = inspection("ilacs:short", version="2024-12")
    have = len(short.tasks) + len(short.returns) + len(short.meetings) + len(short.post) + 3
    ids = [t.id for t in short.tasks]
    changes: dict[str, object] = {}
    for n in range(size - have):
        task_id = f"extra-{n:03d}"
        preds = rng.sample(ids[-20:], k=min(2, len(ids)))
        changes[f"tasks.{task_id}"] = {
            "name": f"Extra preparation {n}",
            "team": rng.choice(TEAMS),
            "duration": rng.randint(1, 3),
            "depends": [{"on": p, "type": rng.choice(("FS", "SS"))} for p in preds],
        }
        ids.append(task_id)
    return changes


def median_ms(func: Callable[[], object], repeat: int) -> float:
    times = []
    for _ in range(repeat):
        gc.collect()
        began = time.perf_counter()
        func()
        times.append(time.perf_counter() - began)
    return statistics.median(times) * 1e3


def main() -> None:
    changes = big_template(200)
    rules = with_overrides(inspection("ilacs:short", version="2024-12"), changes)
    count = len(plan(rules, notified=NOTIFIED).tasks)
    text = (Path(__file__).parents[1] / "inspection_sim/rules/data/ilacs/2024-12.toml").read_text()

    def uncached() -> object:
        framework = framework_from_text(
            text, name="2024-12.toml", framework="ilacs", version="2024-12"
        )
        item = with_overrides(framework.inspection("short"), changes)
        return plan(item, notified=NOTIFIED)

    default = median_ms(lambda: plan("ilacs:short", notified=NOTIFIED), 200)
    cached = median_ms(lambda: plan(rules, notified=NOTIFIED), 100)
    parsed = median_ms(uncached, 30)
    print(
        f"plan('ilacs:short') default template ({len(plan('ilacs:short', notified=NOTIFIED).tasks)} tasks): {default:.2f} ms"
    )
    print(
        f"plan() with a {count}-task template, rules cached:       {cached:.2f} ms (target < 5 ms)"
    )
    print(f"baseline: same plan, rule file parsed on every call:     {parsed:.2f} ms")
    print(f"ratio baseline / cached: {parsed / cached:.1f}x")


if __name__ == "__main__":
    main()
