"""``inspection-sim validate``: check a scenario file and list every problem in it."""

from __future__ import annotations

import argparse


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = subparsers.add_parser(
        "validate",
        help="check a scenario file and list every problem",
        description="Check a scenario file against the schema and the rule registry. Prints a "
        "summary when it is valid; otherwise lists every problem (file, key, value, valid "
        "choices) and exits with status 2.",
    )
    parser.add_argument("scenario", help="scenario TOML file")
    parser.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    from inspection_sim.scenario import load_scenario

    scenario = load_scenario(args.scenario)
    inspection = scenario.inspection
    rules = scenario.rules()
    when = f"notified {inspection.notified.isoformat()}" if inspection.notified else "a window"
    tasks = scenario.tasks
    print(f"{args.scenario}: valid (schema {scenario.schema})")
    print(f"  council:    {scenario.council.name} ({scenario.council.region})")
    print(f"  inspection: {inspection.type}, {when}, rules {rules.framework} {rules.version}")
    print(f"  teams:      {', '.join(team.id for team in scenario.teams) or 'none'}")
    print(
        f"  local:      {len(scenario.rule_overrides)} rule and "
        f"{len(scenario.timescale_overrides)} timescale override(s); tasks added "
        f"{len(tasks.add)}, removed {len(tasks.remove)}, changed {len(tasks.change)}"
    )
    return 0
