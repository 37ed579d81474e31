"""``inspection-sim annex-a``: check an Annex A as Ofsted will read it, or write a demo one."""

from __future__ import annotations

import argparse

from inspection_sim.cli.args import iso_date, number, seed, text, whole

#: The demo's smallest council (fewer children leave lists empty) and its largest: a very large
#: council's children in need, several times over.
MIN_CHILDREN, MAX_CHILDREN = 20, 10_000
#: Building and writing the demo takes about this long per child (seconds, quiet machine).
SECONDS_PER_CHILD = 0.9e-3


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = subparsers.add_parser(
        "annex-a",
        help="check an Annex A workbook as Ofsted will read it, or write a demo one",
        description="Check a council's Annex A child-level lists (an .xlsx workbook with sheets "
        "'List 1' ... 'List 11', or a folder of list-N.csv files) and list every problem by "
        "list, row and column; or write a synthetic demo Annex A (never real data).",
    )
    actions = parser.add_subparsers(dest="annex_a_action", metavar="ACTION", required=True)
    check = actions.add_parser(
        "check",
        help="list every problem; exit status 1 when there are problems, 0 when clean",
        description="Exit status: 0 clean, 1 problems found, 2 the input cannot be read.",
    )
    check.add_argument(
        "file", type=text, help="the Annex A workbook (.xlsx) or folder of list-N.csv files"
    )
    check.add_argument("--on", type=iso_date, required=True, help="the extract date, YYYY-MM-DD")
    check.add_argument("--format", choices=("text", "json"), default="text")
    check.add_argument(
        "--plan",
        action="store_true",
        help="also say how the result changes the prepare-annex-a task",
    )
    check.set_defaults(handler=run_check)
    demo = actions.add_parser("demo", help="write a synthetic Annex A workbook (demo data only)")
    demo.add_argument("--out", type=text, required=True, help="the .xlsx file to write")
    demo.add_argument("--seed", type=seed, default=0, help="random seed, 0 (default) to 2^64-1")
    demo.add_argument("--on", type=iso_date, default=None, help="extract date (default 2027-03-01)")
    demo.add_argument(
        "--children",
        type=whole(MIN_CHILDREN, MAX_CHILDREN),
        default=800,
        help=f"children in need, {MIN_CHILDREN} to {MAX_CHILDREN:,} (default 800)",
    )
    demo.add_argument(
        "--met-rate",
        type=number(0, 1),
        default=0.9,
        help="share of timescales met, 0 to 1 (default 0.9)",
    )
    demo.add_argument("--no-errors", action="store_true", help="leave out the deliberate errors")
    demo.add_argument("--force", action="store_true", help="replace an existing file")
    demo.add_argument(
        "--quiet", action="store_true", help="no progress bar (shown on stderr for large demos)"
    )
    demo.set_defaults(handler=run_demo)


def run_check(args: argparse.Namespace) -> int:
    from inspection_sim.annex_a import check_annex_a

    result = check_annex_a(args.file, args.on)
    print(result.to_json() if args.format == "json" else result.to_text())
    if args.plan and args.format == "text":
        from inspection_sim.annex_a.planning import prepare_annex_a_change

        change = prepare_annex_a_change(result)
        print(f"plan: {change.task} takes {change.duration} working days: {change.reason}")
    return 0 if result.ok else 1


def run_demo(args: argparse.Namespace) -> int:
    from inspection_sim.annex_a.demo import DEMO_ON, demo_annex_a
    from inspection_sim.errors import ArgumentTypeError
    from inspection_sim.progress import progress_bar

    if not str(args.out).lower().endswith(".xlsx"):
        raise ArgumentTypeError(
            "the demo is a workbook: give --out a file ending .xlsx", key="--out", value=args.out
        )
    seconds = args.children * SECONDS_PER_CHILD
    with progress_bar(
        1, unit="workbook", seconds=seconds, enabled=not args.quiet, what="writing the demo"
    ) as bar:
        demo = demo_annex_a(
            args.seed,
            on=args.on or DEMO_ON,
            children=args.children,
            met=args.met_rate,
            errors=not args.no_errors,
        )
        path = demo.write(args.out, force=args.force)
        bar.update()
    rows = sum(max(len(rows) - 3, 0) for rows in demo.tables.values())
    print(
        f"wrote {path}: demo Annex A (not real data), {rows} rows, extract date "
        f"{demo.on.isoformat()}, {len(demo.planted)} deliberate errors"
    )
    return 0
