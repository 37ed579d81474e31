"""``inspection-sim kpi``: the performance table of an Annex A, with targets and RAG."""

from __future__ import annotations

import argparse

from inspection_sim.cli.args import iso_date, stamp, text


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = subparsers.add_parser(
        "kpi",
        help="compute the performance measures of an Annex A, with targets and RAG",
        description="Compute the performance table's measures (assessments within 45 working "
        "days, child protection visits, children in care visits, reviews, care leavers...) from "
        "an Annex A on its extract date, rated green, amber or red against the scenario's [kpis] "
        "targets (default: the targets of a council's published table).",
    )
    parser.add_argument(
        "file", type=text, help="the Annex A workbook (.xlsx) or folder of list-N.csv files"
    )
    parser.add_argument("--on", type=iso_date, required=True, help="the extract date, YYYY-MM-DD")
    parser.add_argument(
        "--scenario",
        type=text,
        help="scenario TOML file: its [kpis] targets and working-day calendar",
    )
    parser.add_argument("--format", choices=("table", "json", "xlsx", "html"), default="table")
    parser.add_argument("--out", type=text, help="the file to write (needed for xlsx and html)")
    parser.add_argument(
        "--stamp",
        type=stamp,
        help="export time for xlsx and html, from 1970, e.g. 2027-03-01T09:00:00Z",
    )
    parser.add_argument("--force", action="store_true", help="replace an existing file")
    parser.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    from inspection_sim.annex_a import compute_kpis
    from inspection_sim.errors import ArgumentTypeError
    from inspection_sim.export.stamp import resolve_stamp

    if args.format in ("xlsx", "html") and not args.out:
        raise ArgumentTypeError(
            f"--format {args.format} writes a file: give it with --out", key="--out"
        )
    council, targets, calendar = "Council", None, None
    if args.scenario:
        from inspection_sim.scenario import load_scenario
        from inspection_sim.workbench import kpi_settings

        settings = kpi_settings(load_scenario(args.scenario))
        council, targets, calendar = settings.council, settings.targets, settings.calendar
    result = compute_kpis(args.file, args.on, targets=targets, calendar=calendar)
    if args.format == "json":
        text = result.to_json()
    elif args.format == "table":
        from inspection_sim.annex_a.table import kpi_text

        text = kpi_text(result)
    else:
        moment = args.stamp if args.stamp is not None else resolve_stamp()
        if args.format == "xlsx":
            from inspection_sim.annex_a.table import write_kpi_xlsx

            path = write_kpi_xlsx(args.out, result, moment, council=council, force=args.force)
        else:
            from inspection_sim.annex_a.html import write_kpi_html

            path = write_kpi_html(args.out, result, council=council, stamp=moment, force=args.force)
        counts = result.rag_counts()
        print(
            f"wrote {path}: {len(result.kpis)} measures ({counts['green']} green, "
            f"{counts['amber']} amber, {counts['red']} red), {result.problems} Annex A problems"
        )
        return 0
    if args.out:
        from pathlib import Path

        from inspection_sim.export.atomic import write_file

        target = write_file(Path(args.out), (text + "\n").encode("utf-8"), force=args.force)
        print(f"wrote {target}")
    else:
        print(text)
    return 0
