"""``inspection-sim rules``: list the registered rule sets and show one with its sources."""

from __future__ import annotations

import argparse
import json
from typing import Any

from inspection_sim.cli.args import iso_date, text


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = subparsers.add_parser(
        "rules",
        help="list and show the framework rules (with their sources)",
        description="List the registered frameworks, versions and inspection types, or show the "
        "rules of one inspection type (framework:type) or framework, with sources and confidence.",
    )
    actions = parser.add_subparsers(dest="rules_action", metavar="ACTION", required=True)
    listing = actions.add_parser("list", help="frameworks, versions, inspection types, timescales")
    listing.add_argument("--format", choices=("table", "json"), default="table")
    listing.set_defaults(handler=run_list)
    show = actions.add_parser(
        "show", help="the rules of framework:type, a framework, timescales or assumptions"
    )
    show.add_argument(
        "address",
        type=text,
        help="e.g. ilacs:short, jtai:front-door, a framework id (its blackouts, pauses and cycle), "
        "timescales, or assumptions (planning assumptions with no published source)",
    )
    when = show.add_mutually_exclusive_group()
    when.add_argument("--on", type=iso_date, default=None, help="the version in force on DATE")
    when.add_argument("--version", type=text, default=None, help="a version, e.g. 2024-12")
    show.add_argument("--format", choices=("table", "json"), default="table")
    show.set_defaults(handler=run_show)
    check = actions.add_parser("check", help="validate a draft rule file before registering it")
    check.add_argument(
        "file", type=text, help="a TOML rule file; [meta] names its framework and version"
    )
    check.set_defaults(handler=run_check)


def run_list(args: argparse.Namespace) -> int:
    from inspection_sim.rules import FRAMEWORKS, load_framework, load_timescales

    rows = []
    for framework, versions in FRAMEWORKS.items():
        for version in versions:
            rules = load_framework(framework, version=version)
            rows.append(
                {
                    "framework": framework,
                    "version": version,
                    "effective_from": rules.effective_from.isoformat(),
                    "inspections": [f"{framework}:{k}" for k in rules.inspections],
                    "file": rules.source_file,
                }
            )
    scales = load_timescales()
    if args.format == "json":
        data = {
            "frameworks": rows,
            "timescales": {"version": scales.version, "names": list(scales.items)},
        }
        print(json.dumps(data, indent=2))
        return 0
    for row in rows:
        print(
            f"{row['framework']:<10} {row['version']}  from {row['effective_from']}  {', '.join(row['inspections'])}"
        )
    print(
        f"timescales {scales.version}  from {scales.effective_from.isoformat()}  {len(scales.items)} timescales"
    )
    return 0


def run_show(args: argparse.Namespace) -> int:
    from inspection_sim.rules import (
        describe,
        inspection,
        load_assumptions,
        load_framework,
        load_timescales,
    )

    rules: Any
    if ":" in args.address:
        rules = inspection(args.address, on=args.on, version=args.version)
        lines = describe.inspection_lines(rules)
    elif args.address == "timescales":
        rules = load_timescales(args.version)
        lines = describe.timescale_lines(rules)
    elif args.address == "assumptions":
        rules = load_assumptions()
        lines = describe.assumption_lines(rules)
    else:
        rules = load_framework(args.address, on=args.on, version=args.version)
        lines = describe.framework_lines(rules)
    if args.format == "json":
        print(json.dumps(describe.to_data(rules), indent=2))
    else:
        print("\n".join(lines))
    return 0


def run_check(args: argparse.Namespace) -> int:
    """Validate a rule file that is not registered yet (it may extend a registered version)."""
    from pathlib import Path

    from inspection_sim.rules.registry import framework_from_file

    rules = framework_from_file(Path(args.file))
    kinds = ", ".join(rules.inspections)
    print(f"{args.file}: ok ({rules.id} {rules.version}, from {rules.effective_from}: {kinds})")
    return 0
