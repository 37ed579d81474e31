"""``inspection-sim publish``: keep a CalDAV calendar in step with an output folder; write a feed."""

from __future__ import annotations

import argparse

from inspection_sim.cli.args import text, whole

#: The feed's refresh hint, in minutes (see inspection_sim.export.feed for why these bounds).
SHORTEST_REFRESH_MINUTES = 15
LONGEST_REFRESH_MINUTES = 24 * 60
DEFAULT_REFRESH_MINUTES = 60


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = subparsers.add_parser(
        "publish",
        help="push a folder's calendar to a CalDAV server, or write a subscription feed",
        description="Publish the calendars that rehearse wrote into a folder, so that they update "
        "in place instead of being imported again. --caldav creates, updates and removes the "
        "events of a calendar on a CalDAV server (running it again changes only what changed); "
        "--feed writes feed.ics into the folder, for a web server to host and Outlook to "
        "subscribe to. The user name and password come from INSPECTION_SIM_CALDAV_USER and "
        "INSPECTION_SIM_CALDAV_PASSWORD, or from ~/.netrc; never from the command line.",
    )
    parser.add_argument("folder", type=text, help="the folder rehearse --out wrote")
    parser.add_argument(
        "--caldav",
        type=text,
        metavar="URL",
        help="the CalDAV server's address (https://; http:// only for this computer), or a "
        "calendar's own address",
    )
    parser.add_argument(
        "--calendar", type=text, metavar="NAME", help="the calendar's name on the server"
    )
    parser.add_argument(
        "--team",
        type=text,
        metavar="NAME",
        help="publish this team's calendar (team-NAME.ics) instead of all-teams.ics",
    )
    parser.add_argument(
        "--create", action="store_true", help="create the calendar when the server has none"
    )
    parser.add_argument(
        "--replace",
        action="store_true",
        help="remove the events another plan published into the calendar",
    )
    parser.add_argument(
        "--insecure-skip-tls-verify",
        action="store_true",
        help="do not check the server's TLS certificate (only on a network you trust)",
    )
    parser.add_argument(
        "--feed",
        action="store_true",
        help="write feed.ics, a subscription feed of the combined calendar, into the folder; "
        "later runs of rehearse renew it",
    )
    parser.add_argument(
        "--feed-refresh",
        type=whole(SHORTEST_REFRESH_MINUTES, LONGEST_REFRESH_MINUTES),
        metavar="MINUTES",
        help="how often subscribers should fetch the feed, "
        f"{SHORTEST_REFRESH_MINUTES} to {LONGEST_REFRESH_MINUTES} minutes (default: "
        f"{DEFAULT_REFRESH_MINUTES})",
    )
    parser.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    from datetime import timedelta

    from inspection_sim.errors import InspectionSimError
    from inspection_sim.publishing import publish, write_feed

    server_only = ("calendar", "team", "create", "replace", "insecure_skip_tls_verify")
    if args.caldav is None:
        given = [f"--{name.replace('_', '-')}" for name in server_only if getattr(args, name)]
        if given:
            raise InspectionSimError(f"{', '.join(given)} applies only with --caldav URL")
    if args.feed_refresh is not None and not args.feed:
        raise InspectionSimError("--feed-refresh applies only with --feed")
    if args.caldav is None and not args.feed:
        raise InspectionSimError("nothing to publish: give --caldav URL, --feed, or both")
    if args.feed:
        minutes = args.feed_refresh or DEFAULT_REFRESH_MINUTES
        update = write_feed(args.folder, refresh=timedelta(minutes=minutes))
        print(f"{args.folder}: feed.ics {update.change_of('feed.ics')}")
        print(
            "  host feed.ics on a web server, then subscribe to its address in Outlook "
            "(Add calendar > Subscribe from web)"
        )
    if args.caldav is not None:
        result = publish(
            args.folder,
            args.caldav,
            calendar=args.calendar,
            team=args.team,
            create=args.create,
            replace=args.replace,
            insecure_skip_tls_verify=args.insecure_skip_tls_verify,
        )
        print(f"{result.source} -> {result.target}: {result.summary()}")
    return 0
