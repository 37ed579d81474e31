"""``inspection-sim validate``: check scenario files and list every problem in them."""

from __future__ import annotations

import argparse
from typing import TYPE_CHECKING

from inspection_sim.cli.args import text

if TYPE_CHECKING:
    from inspection_sim.errors import Problem
    from inspection_sim.scenario import Scenario


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = subparsers.add_parser(
        "validate",
        help="check scenario files and list every problem",
        description="Check scenario files against the schema and the rule registry. Prints a "
        "summary of each valid file; lists every problem of every invalid one (file, key, "
        "value, valid choices) and exits with status 2.",
    )
    parser.add_argument(
        "scenarios", nargs="+", type=text, metavar="SCENARIO", help="scenario TOML files"
    )
    parser.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    from inspection_sim.errors import ScenarioError
    from inspection_sim.scenario import load_scenario

    problems: list[Problem] = []
    for path in args.scenarios:
        try:
            scenario = load_scenario(path)
        except ScenarioError as error:
            problems.extend(error.problems)
            continue
        _summary(path, scenario)
    if problems:
        raise ScenarioError(problems=problems)
    return 0


def _summary(path: str, scenario: Scenario) -> None:
    inspection = scenario.inspection
    from inspection_sim.scenario.hooks import local_rules

    rules = local_rules(scenario)
    when = f"notified {inspection.notified.isoformat()}" if inspection.notified else "a window"
    tasks = scenario.tasks
    print(f"{path}: valid (schema {scenario.schema})")
    print(f"  council:    {scenario.council.name} ({scenario.council.region})")
    print(f"  inspection: {inspection.type}, {when}, rules {rules.framework} {rules.version}")
    print(f"  teams:      {', '.join(team.id for team in scenario.teams) or 'none'}")
    print(
        f"  local:      {len(scenario.rule_overrides)} rule and "
        f"{len(scenario.timescale_overrides)} timescale override(s); tasks added "
        f"{len(tasks.add)}, removed {len(tasks.remove)}, changed {len(tasks.change)}"
    )
    onsite = scenario.onsite
    if onsite:
        rooms = "the rules' rooms" if onsite.rooms is None else f"{len(onsite.rooms)} rooms"
        away = f"; what if {len(onsite.absent)} away" if onsite.absent else ""
        print(
            f"  on site:    {len(onsite.people)} people, {rooms}, {len(onsite.cases)} sampled "
            f"cases{away}"
        )
        for note in onsite.notes:
            print(f"              {note}")
