"""Hostile command lines for every subcommand: a run ends in exit 0, or in exit 2 with one error
message on stderr (one line; a scenario's list of problems is one line each), never a traceback
and never advice meant for Python callers.

The command lines mix valid values with the edges of what Python can hold (years 1 and 9999,
offsets that push a date past them, 10**25, inf and nan), empty strings, control characters,
unknown names, binary files, folders and paths that cannot be written. Values that are valid
but costly (a million runs) are left out: the time they take is not what is tested here. Most
runs are in-process through ``main(argv)``, so hundreds fit in well under a minute; a few run
as real subprocesses.
"""

from __future__ import annotations

import atexit
import contextlib
import io
import re
import shutil
import subprocess
import tempfile
import warnings
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

from inspection_sim.annex_a.demo import demo_annex_a
from inspection_sim.cli import main
from inspection_sim.scenario import default_scenario
from inspection_sim.tracking import plan_inspection

Cli = Callable[..., subprocess.CompletedProcess[str]]
ROOT = Path(__file__).resolve().parents[2]
SCENARIOS = ROOT / "scenarios"
RULES = ROOT / "inspection_sim" / "rules" / "data"

#: Where every run writes (its current folder) and the hostile files it reads; the strategies
#: name these files, so they exist from import on.
WORKSPACE = Path(tempfile.mkdtemp(prefix="inspection-sim-fuzz-"))


def _workspace() -> dict[str, Path]:
    files = {
        "binary": b"\x7fELF\x02\x01\x01\x00\xd0\xff\xfe\x00" * 50,
        "empty": b"",
        "bom": b"\xef\xbb\xbfschema = 1\n",
        "garbage": b"[[[ this is = not toml\n",
        "nul": b"schema = 1\x00\n",
        "a-file": b"not a folder\n",
        "flow": b"[flow]\narrivals_per_week = 5.0\ncapacity_per_week = 6.0\n",
    }
    paths = {}
    for name, content in files.items():
        path = WORKSPACE / f"{name}.toml"
        path.write_bytes(content)
        paths[name] = path
    (WORKSPACE / "a-folder").mkdir(exist_ok=True)
    (WORKSPACE / "out").mkdir(exist_ok=True)
    paths["folder"] = WORKSPACE / "a-folder"
    paths["annex-a"] = demo_annex_a(1, on=date(2027, 3, 1), children=40).write(
        WORKSPACE / "annex-a.xlsx"
    )
    plan = plan_inspection(default_scenario(), date(2027, 6, 7))
    plan.write(WORKSPACE / "plan", stamp=datetime(2027, 6, 7, 8, 0, tzinfo=UTC))
    paths["tracker"] = WORKSPACE / "plan" / "tracker.xlsx"
    return paths


FILES = _workspace()
atexit.register(shutil.rmtree, WORKSPACE, ignore_errors=True)  # also when only collected


# -- values: each option has valid values (that keep a run short) and hostile ones -----------------

CONTROL = ["", " ", "\t", "\n", "x\ny", "a\rb", "\x1b[31mred\x1b[0m", "\udcff", "a" * 300, "ünï"]
TEXT = st.one_of(
    st.sampled_from([*CONTROL, "bogus", "ilacs", ":", "::::", "-", "--", "-x", "ilacs:nope"]),
    st.text(st.characters(blacklist_characters="\x00", blacklist_categories=["Cs"]), max_size=12),
)
#: Whole numbers beyond every ceiling, below every floor, or not numbers at all.
HOSTILE_INTS = st.one_of(
    st.sampled_from(["-1", "-0", "0", "10000000", "1e3", "0x10", "", " ", "1.5", "٣", "9" * 5000]),
    st.integers(min_value=10**7, max_value=10**25).map(str),
    st.integers(max_value=-1, min_value=-(10**25)).map(str),
    TEXT,
)
HOSTILE_FLOATS = st.one_of(
    st.sampled_from(["inf", "-inf", "nan", "NaN", "1e309", "-1", "-0.5", "1e-320", "", "1,5",
                     "0x1p3", "1001", "1e6"]),
    TEXT,
)  # fmt: skip
HOSTILE_DATES = st.one_of(
    st.sampled_from(["0001-01-01", "9999-12-31", "2014-12-31", "2041-01-01", "2027-02-30",
                     "27-01-04", "", "today", "2027-01-04T09:00", "2027-W01-1"]),
    st.dates().map(date.isoformat),
    TEXT,
)  # fmt: skip
#: Dates the calendar covers, most of them near today's plans, some at its ends.
DATES = st.one_of(
    st.dates(date(2026, 1, 1), date(2028, 12, 31)),
    st.dates(date(2015, 1, 1), date(2040, 12, 31)),
    st.sampled_from([date(2015, 1, 1), date(2040, 12, 31), date(2040, 12, 24)]),
).map(date.isoformat)
OFFSETS = st.sampled_from(["", "Z", "+00:00", "+05:00", "-05:00", "+14:00", "-23:59"])
HOSTILE_DATETIMES = st.one_of(
    st.sampled_from(["0001-01-01T00:00:00+05:00", "9999-12-31T23:59:59-05:00", "1969-12-31T23:59:59Z",
                     "2027-13-01T00:00", "", "T", "2027-01-04T25:00", "2027-01-04T09:00+25:00"]),
    st.builds(lambda d, z: d.isoformat() + z,
              st.datetimes(datetime(1, 1, 1), datetime(9999, 12, 31)), OFFSETS),
    TEXT,
)  # fmt: skip
DATETIMES = st.builds(
    lambda d, z: d.isoformat() + z,
    st.datetimes(datetime(2015, 1, 1), datetime(2040, 12, 31)),
    OFFSETS,
)
#: Files that are not scenarios (or rule or flow files) at all.
HOSTILE_PATHS = st.sampled_from(
    [*(str(p) for p in FILES.values() if p.name != "flow.toml"), str(WORKSPACE / "missing.toml"),
     "", "-", str(FILES["a-file"] / "below.toml")]
)  # fmt: skip
SCENARIO_FILES = st.sampled_from(sorted(str(p) for p in SCENARIOS.glob("*.toml")))
#: Output paths: fresh ones; and ones that cannot be written (never a device: --force is drawn).
OUTS = st.integers(0, 10**6).map(lambda n: str(WORKSPACE / "out" / f"run-{n}"))
HOSTILE_OUTS = st.sampled_from(
    [
        "",
        str(FILES["a-file"]),
        str(FILES["a-file"] / "below"),
        "/proc/none/x",
        str(FILES["folder"]),
        "/",
    ]
)
FORMATS = st.sampled_from(["table", "json", "csv", "text"])
INSPECTIONS = [
    "ilacs:short", "ilacs:standard", "ilacs:focused-visit", "ilacs:monitoring-visit",
    "jtai:front-door", "jtai:thematic", "area-send:full", "area-send:monitoring",
    "hmip-yj:single", "hmip-yj:joint", "hmip-yj:small",
]  # fmt: skip


@dataclass(frozen=True)
class Value:
    """What an option takes: values it should run with, and values it must refuse or survive."""

    valid: st.SearchStrategy[str]
    hostile: st.SearchStrategy[str]


def whole(low: int, high: int) -> Value:
    return Value(st.integers(low, high).map(str), HOSTILE_INTS)


def decimal(low: float, high: float) -> Value:
    return Value(st.floats(low, high).map(repr), HOSTILE_FLOATS)


def names(*valid: str) -> Value:
    return Value(st.sampled_from(valid), TEXT)


DATE = Value(DATES, HOSTILE_DATES)
DATETIME = Value(DATETIMES, HOSTILE_DATETIMES)
FORMAT = Value(FORMATS, TEXT)
SEED = Value(st.integers(0, 2**64 - 1).map(str), HOSTILE_INTS)
ONE_WORKER = Value(st.just("1"), HOSTILE_INTS)
SCENARIO = Value(SCENARIO_FILES, HOSTILE_PATHS)
OUT = Value(OUTS, HOSTILE_OUTS)
FLAG = None


@st.composite
def hostility(draw: st.DrawFn) -> int:
    """The percentage of values drawn hostile in one command line: none, a few, or many."""
    return draw(st.sampled_from([0, 10, 30, 70]))


def pick(draw: st.DrawFn, value: Value, hostile: int) -> str:
    bad = draw(st.integers(0, 99)) < hostile
    return draw(value.hostile if bad else value.valid)


def options(draw: st.DrawFn, hostile: int, table: dict[str, Value | None]) -> list[str]:
    """Some of the options in ``table`` (None: a flag), in a drawn order."""
    chosen = draw(st.lists(st.sampled_from(list(table)), unique=True, max_size=len(table)))
    argv: list[str] = []
    for option in chosen:
        value = table[option]
        argv += [option] if value is None else [option, pick(draw, value, hostile)]
    return argv


# -- command lines --------------------------------------------------------------------------------


@st.composite
def calendar(draw: st.DrawFn) -> list[str]:
    bad = draw(hostility())
    return ["calendar", *options(draw, bad, {
        "--year": whole(2015, 2040), "--region": names("england", "wales", "scotland"),
        "--weekmask": names("Mon-Fri", "Mon-Thu", "1111100", "Sun", "Mon,Wed"),
        "--from": DATE, "--days": whole(-300, 300),
    })]  # fmt: skip


TIMESCALE_NAMES = names("initial-health-assessment", "return-home-interview",
                        "first-looked-after-review", "child-in-need-visit", "care-proceedings",
                        "review-health-assessment", "strategy-discussion")  # fmt: skip


@st.composite
def due(draw: st.DrawFn) -> list[str]:
    bad = draw(hostility())
    name = [pick(draw, TIMESCALE_NAMES, bad)] if draw(st.integers(0, 9)) else []
    return ["due", *name, *options(draw, bad, {
        "--from": Value(st.one_of(DATES, DATETIMES), st.one_of(HOSTILE_DATES, HOSTILE_DATETIMES)),
        "--occurrence": whole(1, 1000), "--region": names("england", "wales"),
        "--format": Value(st.sampled_from(["text", "json"]), TEXT),
    })]  # fmt: skip


RULE_FILE = Value(
    st.sampled_from([str(RULES / "ilacs" / "2024-12.toml"), str(RULES / "jtai" / "2023-09.toml")]),
    HOSTILE_PATHS,
)


@st.composite
def rules(draw: st.DrawFn) -> list[str]:
    bad = draw(hostility())
    action = draw(st.sampled_from(["list", "show", "check", "nothing"]))
    if action == "list":
        return ["rules", "list", *options(draw, bad, {"--format": FORMAT})]
    if action == "check":
        return ["rules", "check", pick(draw, RULE_FILE, bad)]
    if action == "nothing":
        return ["rules", *draw(st.lists(TEXT, max_size=2))]
    address = pick(draw, names(*INSPECTIONS, "ilacs", "jtai", "hmip-yj", "area-send"), bad)
    when = draw(
        st.sampled_from([{"--on": DATE}, {"--version": names("2024-12", "2018-01", "2023-09")}])
    )
    return ["rules", "show", address, *options(draw, bad, {**when, "--format": FORMAT})]


TEAM = Value(
    st.builds(lambda n, k: f"{n}={k}", st.sampled_from(["performance", "social-care", "it"]),
              st.integers(1, 5)),
    st.one_of(st.builds(lambda n, k: f"{n}={k}", TEXT, HOSTILE_INTS), TEXT),
)  # fmt: skip


@st.composite
def timeline(draw: st.DrawFn) -> list[str]:
    bad = draw(hostility())
    anchor = draw(st.sampled_from(["--notified", "--onsite"]))
    argv = ["timeline", pick(draw, names(*INSPECTIONS), bad), anchor, pick(draw, DATE, bad)]
    argv += options(draw, bad, {
        "--version": names("2024-12", "2018-01"), "--format": FORMAT, "--strict": FLAG,
        "--level": FLAG,
    })  # fmt: skip
    for _ in range(draw(st.integers(0, 2))):
        argv += ["--team", pick(draw, TEAM, bad)]
    for _ in range(draw(st.integers(0, 2))):
        argv += ["--election", pick(draw, DATE, bad)]
    return argv


SOURCE = Value(
    st.one_of(SCENARIO_FILES, st.sampled_from(INSPECTIONS)),
    st.one_of(HOSTILE_PATHS, st.sampled_from(["ilacs:", "x:y", ":"])),
)


def simulation_options(draw: st.DrawFn, bad: int) -> list[str]:
    return options(draw, bad, {
        "--notified": DATE, "--seed": SEED, "--engine": names("auto", "heap", "simpy", "numpy"),
        "--format": FORMAT, "--quiet": FLAG,
    })  # fmt: skip


@st.composite
def simulate(draw: st.DrawFn) -> list[str]:
    bad = draw(hostility())
    source = [pick(draw, SOURCE, bad)] if draw(st.booleans()) else []
    return [
        "simulate",
        *source,
        "--runs",
        pick(draw, whole(1, 20), bad),
        *simulation_options(draw, bad),
    ]


#: Sweep windows of up to a month (a window of years is valid but slow), near today or at the
#: calendar's ends.
WINDOW = st.one_of(
    st.tuples(st.dates(date(2027, 1, 1), date(2027, 12, 31)), st.integers(-3, 30)),
    st.tuples(
        st.sampled_from([date(2015, 1, 1), date(2040, 12, 1), date(2040, 12, 31)]),
        st.integers(-3, 30),
    ),
).map(lambda w: [w[0].isoformat(), (w[0] + timedelta(days=w[1])).isoformat()])


@st.composite
def sweep(draw: st.DrawFn) -> list[str]:
    bad = draw(hostility())
    source = [pick(draw, SOURCE, bad)] if draw(st.booleans()) else []
    first, last = draw(WINDOW)
    first = pick(draw, Value(st.just(first), HOSTILE_DATES), bad)
    last = pick(draw, Value(st.just(last), HOSTILE_DATES), bad)
    # without --from and --to, a scenario's window (a year of dates), now and then
    window = [] if draw(st.integers(0, 19)) == 0 else ["--from", first, "--to", last]
    return ["sweep", *source, *window, "--runs", pick(draw, whole(1, 3), bad),
            "--workers", pick(draw, ONE_WORKER, bad), *simulation_options(draw, bad)]  # fmt: skip


@st.composite
def report(draw: st.DrawFn) -> list[str]:
    bad = draw(hostility())
    scenario = [pick(draw, SCENARIO, bad)] if draw(st.booleans()) else []
    return ["report", *scenario, "--out", pick(draw, OUT, bad), "--no-plots",
            "--runs", pick(draw, whole(0, 20), bad), *options(draw, bad, {
                "--seed": SEED, "--sweep-runs": whole(0, 1), "--workers": ONE_WORKER,
                "--stamp": DATETIME, "--force": FLAG, "--parents": FLAG, "--quiet": FLAG})]  # fmt: skip


KIT_TIMES = Value(
    st.times().map(lambda t: t.isoformat(timespec="minutes")),
    st.one_of(st.sampled_from(["9:00", "24:00", "09:00+05:00", "", "noon"]), TEXT),
)


@st.composite
def rehearse(draw: st.DrawFn) -> list[str]:
    bad = draw(hostility())
    scenario = [pick(draw, SCENARIO, bad)] if draw(st.booleans()) else []
    return ["rehearse", *scenario, "--out", pick(draw, OUT, bad),
            "--stamp", pick(draw, DATETIME, bad), *options(draw, bad, {
                "--start": DATE, "--mode": names("full", "compressed"),
                "--fieldwork-days": whole(1, 10), "--kit-time": KIT_TIMES,
                "--planning-meetings": whole(0, 52), "--force": FLAG, "--parents": FLAG})]  # fmt: skip


@st.composite
def validate(draw: st.DrawFn) -> list[str]:
    bad = draw(hostility())
    return ["validate", *(pick(draw, SCENARIO, bad) for _ in range(draw(st.integers(0, 3))))]


ENTRY = Value(
    st.builds(lambda d, k: f"{d}:{k}", st.dates(date(2015, 1, 1), date(2026, 12, 31)),
              st.sampled_from(["short:good", "standard:inadequate", "short:requires-improvement",
                               "focused-visit", "monitoring-visit", "area-send:positive",
                               "standard:outstanding"])),
    st.one_of(st.builds(lambda d, k, j: f"{d}:{k}:{j}", HOSTILE_DATES, TEXT, TEXT), TEXT),
)  # fmt: skip


@st.composite
def forecast(draw: st.DrawFn) -> list[str]:
    bad = draw(hostility())
    argv = ["forecast"]
    for _ in range(draw(st.integers(0, 2))):
        argv += ["--last", pick(draw, ENTRY, bad)]
    return argv + options(draw, bad, {
        "--scenario": SCENARIO, "--on": DATE, "--model": names("calibrated", "framework"),
        "--format": FORMAT,
    })  # fmt: skip


CHANGE = Value(
    st.builds(lambda d, f: f"{d}:{f}", DATES, st.floats(0, 3).map(repr)),
    st.one_of(st.builds(lambda d, f: f"{d}:{f}", HOSTILE_DATES, HOSTILE_FLOATS), TEXT),
)
FLOW = Value(st.just(str(FILES["flow"])), HOSTILE_PATHS)


@st.composite
def timescales(draw: st.DrawFn) -> list[str]:
    bad = draw(hostility())
    scenario = [pick(draw, SCENARIO, bad)] if draw(st.booleans()) else []
    argv = ["timescales", "simulate", *scenario, "--quiet", "--runs", pick(draw, whole(1, 2), bad),
            "--months", pick(draw, whole(1, 3), bad)]  # fmt: skip
    argv += options(draw, bad, {
        "--flow": FLOW, "--seed": SEED, "--workers": ONE_WORKER,
        "--timescale": names("initial-health-assessment", "single-assessment",
                             "first-looked-after-review"),
        "--start": DATE, "--arrivals-per-week": decimal(0, 20),
        "--capacity-per-week": decimal(0.5, 20), "--servers": whole(1, 100),
        "--no-show": decimal(0, 0.99), "--service": names("fixed", "exponential"),
        "--arrivals": names("poisson", "constant", "poisson-working-days"),
        "--availability": Value(st.sampled_from(["1,1,0.5", "1", "0.5,1"]),
                                st.one_of(st.sampled_from(["1,,1", "2", "nan", "-1"]), TEXT)),
        "--capacity-change": CHANGE, "--arrivals-change": CHANGE, "--at": DATE,
        "--format": Value(st.sampled_from(["table", "json"]), TEXT),
    })  # fmt: skip
    return argv


@st.composite
def anything(draw: st.DrawFn) -> list[str]:
    """Words that may not be a command at all."""
    return draw(
        st.lists(st.one_of(TEXT, st.sampled_from(["--help", "--version", "-h"])), max_size=3)
    )


ANNEX_A = Value(st.just(str(FILES["annex-a"])), HOSTILE_PATHS)
WORKBOOKS = Value(
    st.integers(0, 10**6).map(lambda n: str(WORKSPACE / "out" / f"book-{n}.xlsx")),
    st.one_of(HOSTILE_OUTS, st.just(str(FILES["a-file"] / "below.xlsx"))),
)


@st.composite
def annex_a(draw: st.DrawFn) -> list[str]:
    bad = draw(hostility())
    if draw(st.booleans()):
        return ["annex-a", "check", pick(draw, ANNEX_A, bad), "--on", pick(draw, DATE, bad),
                *options(draw, bad, {"--format": FORMAT, "--plan": FLAG})]  # fmt: skip
    return ["annex-a", "demo", "--out", pick(draw, WORKBOOKS, bad), "--quiet", *options(draw, bad, {
        "--seed": SEED, "--on": DATE, "--children": whole(20, 60),
        "--met-rate": decimal(0, 1), "--no-errors": FLAG, "--force": FLAG,
    })]  # fmt: skip


@st.composite
def kpi(draw: st.DrawFn) -> list[str]:
    bad = draw(hostility())
    return ["kpi", pick(draw, ANNEX_A, bad), "--on", pick(draw, DATE, bad), *options(draw, bad, {
        "--scenario": SCENARIO, "--format": names("table", "json", "xlsx", "html"),
        "--out": WORKBOOKS, "--stamp": DATETIME, "--force": FLAG,
    })]  # fmt: skip


@st.composite
def plan(draw: st.DrawFn) -> list[str]:
    bad = draw(hostility())
    scenario = [pick(draw, SCENARIO, bad)] if draw(st.booleans()) else []
    return ["plan", *scenario, "--out", pick(draw, OUT, bad), "--stamp", pick(draw, DATETIME, bad),
            *options(draw, bad, {"--notified": DATE, "--force": FLAG, "--parents": FLAG})]  # fmt: skip


TRACKER = Value(st.just(str(FILES["tracker"])), HOSTILE_PATHS)
#: Days of the planned week, and any other day.
TRACK_DAYS = Value(
    st.one_of(st.dates(date(2027, 6, 7), date(2027, 6, 25)).map(date.isoformat), DATES),
    HOSTILE_DATES,
)


@st.composite
def track(draw: st.DrawFn) -> list[str]:
    bad = draw(hostility())
    return ["track", pick(draw, TRACKER, bad), "--today", pick(draw, TRACK_DAYS, bad),
            "--runs", pick(draw, whole(1, 20), bad), *options(draw, bad, {
                "--plan": Value(st.just(str(FILES["tracker"].parent)), HOSTILE_OUTS),
                "--scenario": SCENARIO, "--seed": SEED, "--at-risk-below": decimal(0, 1),
                "--dry-run": FLAG, "--stamp": DATETIME, "--force": FLAG})]  # fmt: skip


COMMAND_LINES = st.one_of(
    calendar(), due(), rules(), timeline(), simulate(), sweep(), report(), rehearse(),
    validate(), forecast(), timescales(), annex_a(), kpi(), plan(), track(), anything(),
)  # fmt: skip

# -- the property ---------------------------------------------------------------------------------

COMMANDS = {"calendar", "due", "rules", "timeline", "simulate", "sweep", "report", "rehearse",
            "validate", "forecast", "timescales", "annex-a", "kpi", "plan", "track"}  # fmt: skip
PYTHON_ADVICE = ("force=True", "build the calendar", "argument '", "Traceback")
BAR = re.compile(r"\d+%\|")


def check_outcome(status: int, stderr: str, *, problems_found: bool = False) -> None:
    """Exit 0; or exit 2 with one error message: one line, or a header line and one line per
    problem. Never advice for Python callers. ``problems_found``: exit 1 is the command's answer
    (annex-a check found problems in the workbook), not a fault."""
    for phrase in PYTHON_ADVICE:
        assert phrase not in stderr, stderr
    assert "internal error" not in stderr, stderr
    assert status in ((0, 1, 2) if problems_found else (0, 2)), stderr
    if status in (0, 1):
        return
    lines = [line for line in stderr.split("\n") if line and not BAR.search(line)]
    assert lines, "exit 2 without a message"
    assert re.match(r"inspection-sim( [\w-]+)*: error: ", lines[0]), lines[0]
    many = re.search(r": (\d+) problems:$", lines[0])
    if many is None:
        assert len(lines) == 1, stderr
    else:
        assert len(lines) == 1 + int(many.group(1)), stderr
        assert all(line.startswith("  - ") for line in lines[1:]), stderr


@contextlib.contextmanager
def in_workspace() -> Iterator[None]:
    with contextlib.chdir(WORKSPACE):
        yield


def run_in_process(argv: list[str]) -> tuple[int, str, str]:
    """``main(argv)`` with its output captured; warnings are printed, as a user would see them,
    not raised (the suite makes them errors)."""
    out, err = io.StringIO(), io.StringIO()
    with (
        in_workspace(),
        contextlib.redirect_stdout(out),
        contextlib.redirect_stderr(err),
        warnings.catch_warnings(),
    ):
        warnings.simplefilter("default")
        status = main(argv)
    return status, out.getvalue(), err.getvalue()


@settings(
    max_examples=400,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
@given(argv=COMMAND_LINES)
def test_no_command_line_ends_in_a_traceback(argv: list[str]) -> None:
    status, _, err = run_in_process(argv)
    command = argv[0] if argv and argv[0] in COMMANDS else "(not a command)"
    event(f"{command}: exit {status}")  # seen with --hypothesis-show-statistics
    check_outcome(status, err, problems_found=argv[:2] == ["annex-a", "check"])


HOSTILE = {
    "binary-scenario": ("simulate", str(FILES["binary"]), "--runs", "5"),
    "escape-in-a-name": ("due", "\x1b[2J\x1b[31mcleared", "--from", "2027-01-04"),
    "newline-in-a-team": ("timeline", "ilacs:short", "--notified", "2027-03-01", "--level",
                          "--team", "perf\normance=2"),
    "year-one-with-an-offset": ("report", "--out", "x.html", "--stamp",
                                "0001-01-01T00:00:00+05:00", "--runs", "0", "--no-plots"),
    "out-below-a-file": ("rehearse", "--out", str(FILES["a-file"] / "below"), "--stamp",
                         "2027-01-01T00:00:00Z"),
    "folder-as-flow": ("timescales", "simulate", "--flow", str(FILES["folder"]), "--runs", "1"),
}  # fmt: skip


@pytest.mark.parametrize("argv", HOSTILE.values(), ids=HOSTILE.keys())
def test_hostile_command_lines_as_real_processes(cli: Cli, argv: tuple[str, ...]) -> None:
    done = cli(*argv, cwd=WORKSPACE)
    check_outcome(done.returncode, done.stderr)
    assert done.returncode == 2
    assert "\x1b" not in done.stderr  # control characters are shown escaped


def test_an_unexpected_fault_is_one_line_asking_for_a_report(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    import inspection_sim.cli.calendar_cmd as calendar_cmd

    def broken(args: object) -> int:
        raise ZeroDivisionError("division by zero")

    monkeypatch.setattr(calendar_cmd, "run", broken)
    assert main(["calendar"]) == 1
    err = capsys.readouterr().err
    assert err.count("\n") == 1
    assert err.startswith("inspection-sim: internal error (ZeroDivisionError: division by zero)")
    assert "please report it" in err
