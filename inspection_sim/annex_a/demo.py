"""A synthetic, realistic Annex A for demonstrations and tests. Never real data.

The council's size (children in need), the rate at which timescales are met and a few deliberate
errors are parameters; everything is drawn from one seed, so the same arguments give the same
workbook. Every child id starts with ``DEMO-``. With ``errors=True`` the workbook carries exactly
the problems listed in :attr:`DemoAnnexA.planted`, one of each kind below, and no others.
"""

from __future__ import annotations

import random
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from pathlib import Path

from inspection_sim.annex_a.reader import AnnexA, annex_a_from_rows
from inspection_sim.annex_a.spec import ListSpec, load_annex_a_spec
from inspection_sim.calendar import WorkingCalendar
from inspection_sim.errors import ArgumentTypeError

__all__ = ["DEMO_ON", "DemoAnnexA", "Planted", "demo_annex_a", "write_demo"]

#: The default extract date of a demo workbook.
DEMO_ON = date(2027, 3, 1)
TITLE_ROWS = 2  # a title line and a blank line above each header row, as councils' templates have
_FIRST_DATA_ROW = TITLE_ROWS + 2
_TEXT_DATE_LISTS = frozenset({6, 7, 8, 9, 10, 11})  # these lists carry dates as dd/mm/yyyy text
_SHARES = {  # rows per child in need, roughly seed 001's council
    "list-1": 2.0, "list-2": 0.4, "list-3": 0.8, "list-4": 0.9, "list-5": 0.3,
    "list-7": 0.3, "list-8": 0.35, "list-9": 0.3, "list-10": 0.03, "list-11": 0.02,
}  # fmt: skip
RATE_NAMES = ("assessments", "icpc", "cp-visits", "cin-visits", "cla-visits", "reviews", "health",
              "care-leavers")  # fmt: skip


@dataclass(frozen=True)
class Planted:
    """A deliberate error: its problem kind, list, spreadsheet row and column."""

    kind: str
    list: str
    row: int
    column: str


@dataclass(frozen=True)
class DemoAnnexA:
    """A demo extract: sheet name -> rows (title, blank, header, data), the extract date and
    the deliberate errors."""

    on: date
    tables: Mapping[str, Sequence[Sequence[object]]]
    planted: tuple[Planted, ...]

    def annex_a(self) -> AnnexA:
        """The workbook as read, without writing it."""
        return annex_a_from_rows(self.tables, source="<demo>")

    def write(self, path: str | Path, *, force: bool = False) -> Path:
        return write_demo(self, path, force=force)


def demo_annex_a(
    seed: int = 0,
    *,
    on: date = DEMO_ON,
    children: int = 800,
    met: float | Mapping[str, float] = 0.9,
    errors: bool = True,
) -> DemoAnnexA:
    """A synthetic Annex A of a council with ``children`` children in need on ``on``.

    ``met`` is the share of each timescale met (one number, or per name of :data:`RATE_NAMES`).

    Raises:
        ArgumentTypeError: a size below 20, a rate outside 0..1 or an unknown rate name.
    """
    if not isinstance(children, int) or children < 20:
        raise ArgumentTypeError(
            "the council needs at least 20 children in need", key="--children", value=children
        )
    rates = _rates(met)
    maker = _Maker(random.Random(seed), on, rates)
    rows = maker.build(children)
    planted = maker.plant(rows) if errors else ()
    spec = load_annex_a_spec()
    tables: dict[str, list[list[object]]] = {}
    for listing in spec.lists.values():
        sheet = f"{listing.label} - {listing.title}"[:31].rstrip()  # Excel allows 31 characters
        header = [c.name for c in listing.columns]
        extra = [
            p.column for p in planted if p.kind == "unknown-column" and p.list == listing.label
        ]
        body = [
            [_cell(listing, row.get(name)) for name in (*header, *extra)]
            for row in rows[listing.id]
        ]
        title: list[object] = [
            f"Annex A {listing.label}: {listing.title} (DEMO DATA, not real children)"
        ]
        heading: list[object] = [*header, *extra]
        tables[sheet] = [title, [], heading, *body]
    return DemoAnnexA(on, tables, planted)


def write_demo(demo: DemoAnnexA, path: str | Path, *, force: bool = False) -> Path:
    """Write the demo workbook (.xlsx) atomically, stamped with its extract date."""
    from inspection_sim.annex_a.xlsx import SheetData, write_workbook

    stamp = datetime.combine(demo.on, time(0, 0), tzinfo=UTC)
    sheets = [SheetData(name, rows, widths={0: 16}) for name, rows in demo.tables.items()]
    return write_workbook(path, sheets, stamp, force=force)


def _rates(met: float | Mapping[str, float]) -> dict[str, float]:
    given = dict.fromkeys(RATE_NAMES, met) if isinstance(met, int | float) else dict(met)
    rates = dict.fromkeys(RATE_NAMES, 0.9)
    for name, value in given.items():
        if name not in RATE_NAMES:
            raise ArgumentTypeError(
                "unknown timescale rate", key="met", value=name, choices=RATE_NAMES
            )
        if isinstance(value, bool) or not isinstance(value, int | float) or not 0 <= value <= 1:
            raise ArgumentTypeError("a rate must be between 0 and 1", key="--met-rate", value=value)
        rates[name] = float(value)
    return rates


def _cell(listing: ListSpec, value: object) -> object:
    if isinstance(value, date) and listing.number in _TEXT_DATE_LISTS:
        return value.strftime("%d/%m/%Y")
    return value


Row = dict[str, object]


class _Maker:
    """Draws the rows of every list from one random stream, list by list, in a fixed order."""

    def __init__(self, rng: random.Random, on: date, rates: Mapping[str, float]) -> None:
        self.rng, self.on, self.rates = rng, on, rates
        self.cal = WorkingCalendar(start=on - timedelta(days=7 * 366), end=on + timedelta(days=400))
        self.spec = load_annex_a_spec()
        self.next_id = 0

    # -- small draws -------------------------------------------------------------------------

    def child_id(self) -> str:
        self.next_id += 1
        return f"DEMO-{self.next_id:06d}"

    def met(self, name: str) -> bool:
        return self.rng.random() < self.rates[name]

    def days_ago(self, low: int, high: int) -> date:
        return self.on - timedelta(days=self.rng.randint(low, high))

    def working_days_before(self, low: int, high: int) -> date:
        return self.cal.add_working_days(
            self.cal.roll_backward(self.on), -self.rng.randint(low, high)
        )

    def after(self, day: date, low: int, high: int) -> date:
        return min(self.cal.add_working_days(day, self.rng.randint(low, high)), self.on)

    def person(self, row: Row, listing: ListSpec) -> Row:
        """Fill the columns ``row`` does not set: codes, numbers, text, birth date and age."""
        rng = self.rng
        born = self.days_ago(30, 17 * 365)
        if listing.number == 9:
            born = self.days_ago(18 * 365, 21 * 365)
        for column in listing.columns:
            if column.name in row:
                continue
            if column.name == "Date of Birth":
                row[column.name] = born
            elif column.name == "Age of Child (Years)":
                row[column.name] = (self.on - born).days // 365
            elif (
                column.type == "code"
                and column.codes is not None
                and (not column.blank or rng.random() < 0.7)
            ):
                row[column.name] = rng.choice(column.codes.values)
            elif column.type == "integer" and not column.blank:
                row[column.name] = rng.randint(0, 3)
            elif column.type == "text" and not column.blank:
                row[column.name] = self.text(column.name)
            elif column.type == "date" and not column.blank:
                row[column.name] = self.days_ago(30, 330)
        return row

    def text(self, column: str) -> str:
        if "Team" in column:
            return f"Team {self.rng.choice('ABCDEF')}"
        if "postcode" in column:
            return f"ZZ{self.rng.randint(1, 99)} {self.rng.randint(1, 9)}ZZ"
        if column == "LA of Placement":
            return "Demo Borough"
        if "adopter" in column.lower():
            return self.rng.choice(("Yes", "No"))
        return f"Demo worker {self.rng.randint(1, 60)}"

    # -- the lists ---------------------------------------------------------------------------

    def build(self, children: int) -> dict[str, list[Row]]:
        lists = self.spec.lists
        count = {k: max(8, round(children * share)) for k, share in _SHARES.items()}
        rows: dict[str, list[Row]] = {k: [] for k in lists}
        makers: Sequence[tuple[str, Callable[[], Row]]] = (
            ("list-1", self.contact), ("list-2", self.early_help), ("list-3", self.referral),
            ("list-4", self.assessment), ("list-5", self.section_47),
        )  # fmt: skip
        for list_id, make in makers:
            rows[list_id] = [self.person(make(), lists[list_id]) for _ in range(count[list_id])]
        cp = [self.person(self.cp_plan(), lists["list-7"]) for _ in range(count["list-7"])]
        cla = [self.person(self.in_care(), lists["list-8"]) for _ in range(count["list-8"])]
        cin = [self.person(self.cin(status), lists["list-6"]) for status in self.statuses(children)]
        for source, status in ((cp, "b) Child Protection plan"), (cla, "a) Looked after child")):
            for row in source:
                if self.is_open(row, source is cp):
                    episode = self.cin(status)
                    episode["Child Unique ID"] = row["Child Unique ID"]
                    cin.append(self.person(episode, lists["list-6"]))
        rows["list-6"], rows["list-7"], rows["list-8"] = cin, cp, cla
        rows["list-9"] = [
            self.person(self.care_leaver(), lists["list-9"]) for _ in range(count["list-9"])
        ]
        rows["list-10"] = [
            self.person(self.adoption(), lists["list-10"]) for _ in range(count["list-10"])
        ]
        rows["list-11"] = [
            self.person(self.adopter(), lists["list-11"]) for _ in range(count["list-11"])
        ]
        return rows

    def is_open(self, row: Row, cp: bool) -> bool:
        end = row.get("Child Protection Plan End Date" if cp else "Date Ceased to be Looked After")
        return end is None

    def statuses(self, children: int) -> list[str]:
        return [
            "c) Child in need plan" if self.rng.random() < 0.8 else "d) Open assessment"
            for _ in range(children)
        ]

    def contact(self) -> Row:
        return {"Child Unique ID": self.child_id(), "Date of Contact": self.days_ago(0, 180)}

    def early_help(self) -> Row:
        start = self.days_ago(20, 300)
        done = self.after(start, 10, 60) if self.rng.random() < 0.7 else None
        return {"Child Unique ID": self.child_id(), "Assessment start date": start,
                "Assessment completion date": done}  # fmt: skip

    def referral(self) -> Row:
        return {"Child Unique ID": self.child_id(), "Date of referral": self.days_ago(0, 180)}

    def assessment(self) -> Row:
        start = self.days_ago(50, 330)
        if self.rng.random() < 0.85:
            limit = (5, 45) if self.met("assessments") else (46, 70)
            done: date | None = self.cal.add_working_days(start, self.rng.randint(*limit))
            if done is not None and done > self.on:
                done = None
        else:
            done = None
        return {"Child Unique ID": self.child_id(), "Continuous Assessment Start Date": start,
                "Continuous Assessment Date of Authorisation": done}  # fmt: skip

    def section_47(self) -> Row:
        start = self.days_ago(30, 330)
        row: Row = {"Child Unique ID": self.child_id(),
                    "Strategy discussion initiating Section 47 Enquiry Start Date": start}  # fmt: skip
        if self.rng.random() < 0.6:
            limit = (3, 15) if self.met("icpc") else (16, 30)
            icpc = self.cal.add_working_days(start, self.rng.randint(*limit))
            if icpc <= self.on:
                row["Date of Initial Child Protection Conference"] = icpc
                row["Was an Initial Child Protection Conference deemed unnecessary?"] = "b) No"
        return row

    def cin(self, status: str) -> Row:
        start = self.days_ago(10, 700)
        seen = self.days_ago(0, 27) if self.met("cin-visits") else self.days_ago(29, 90)
        return {"Child Unique ID": self.child_id(), "CIN Start Date": start,
                "Date Child Was Last Seen": max(seen, start), "CIN Closure Date": None,
                "Reason for Closure": None, "Case Status": status}  # fmt: skip

    def cp_plan(self) -> Row:
        start = self.days_ago(5, 600)
        ended = self.rng.random() < 0.15
        end = self.after(start, 40, 200) if ended else None
        if end is not None and end >= self.on:
            end = None
        visit = (
            self.working_days_before(0, 10)
            if self.met("cp-visits")
            else self.working_days_before(11, 30)
        )
        review = self.review(start, 3, 6)
        return {"Child Unique ID": self.child_id(), "Child Protection Plan Start Date": start,
                "Date of the Last Statutory Visit": max(visit, start),
                "Date of latest review conference": review, "Child Protection Plan End Date": end}  # fmt: skip

    def review(self, start: date, first: int, then: int) -> date | None:
        """A latest review that keeps the plan in time (or not, at the reviews rate)."""
        from dateutil.relativedelta import relativedelta

        if start + relativedelta(months=first) >= self.on:
            return None if self.met("reviews") else start
        if self.met("reviews"):
            return max(
                start,
                self.on - relativedelta(months=then) + timedelta(days=self.rng.randint(1, 60)),
            )
        return max(
            start, self.on - relativedelta(months=then) - timedelta(days=self.rng.randint(1, 60))
        )

    def in_care(self) -> Row:
        start = self.days_ago(30, 2000)
        ended = self.rng.random() < 0.15
        end = (
            min(start + timedelta(days=self.rng.randint(20, 300)), self.on - timedelta(days=1))
            if ended
            else None
        )
        visit = self.days_ago(0, 42) if self.met("cla-visits") else self.days_ago(43, 100)
        health = self.days_ago(0, 360) if self.met("health") else self.days_ago(370, 500)
        from dateutil.relativedelta import relativedelta

        review: date | None
        if self.cal.add_working_days(start, 20) >= self.on:
            review = None
        elif self.met("reviews"):
            review = max(
                start, self.on - relativedelta(months=6) + timedelta(days=self.rng.randint(1, 90))
            )
        else:
            review = max(
                start, self.on - relativedelta(months=6) - timedelta(days=self.rng.randint(1, 60))
            )
        return {"Child Unique ID": self.child_id(), "Date Started to be Looked After": start,
                "Start date of current legal status": start, "Date of Latest Statutory Review": review,
                "Date of Last Social Work Visit": max(visit, start),
                "Date of Last Health Assessment": max(health, start),
                "Date Ceased to be Looked After": end, "Reason Ceased to be Looked After": None,
                "Start Date of Most Recent Placement": max(start, self.days_ago(0, 400))}  # fmt: skip

    def care_leaver(self) -> Row:
        rng = self.rng
        contact = self.days_ago(0, 300) if self.met("care-leavers") else self.days_ago(370, 600)
        eet = rng.random() < 0.7
        activity = self.spec.codes["activity"].values
        return {"Child Unique ID": self.child_id(), "Latest Date of Contact": contact,
                "LA in Touch": "a) Yes", "Activity Status": rng.choice(activity[:10] if eet else activity[10:]),
                "Suitability of Accommodation": "a) Suitable" if rng.random() < 0.9 else "b) Unsuitable",
                "Latest Pathway Plan Review Date": self.days_ago(0, 200)}  # fmt: skip

    def adoption(self) -> Row:
        entered = self.days_ago(300, 900)
        decision = entered + timedelta(days=self.rng.randint(60, 200))
        return {"Child Unique ID": self.child_id(), "Date the Child Entered Care": entered,
                "Date of Decision that Child Should be Placed for Adoption": min(decision, self.on)}  # fmt: skip

    def adopter(self) -> Row:
        enquiry = self.days_ago(100, 300)
        return {"Individual adopter identifier": f"DEMO-A{self.rng.randint(1000, 9999)}-{self.next_id}",
                "Date enquiry received": enquiry,
                "Date Stage 1 started": enquiry + timedelta(days=10),
                "Date Stage 1 ended": enquiry + timedelta(days=70)}  # fmt: skip

    # -- the deliberate errors ---------------------------------------------------------------

    def plant(self, rows: dict[str, list[Row]]) -> tuple[Planted, ...]:
        rng, on = self.rng, self.on

        def pick(list_id: str, used: set[int], test: Callable[[Row], bool] = lambda r: True) -> int:
            choices = [i for i, r in enumerate(rows[list_id]) if i not in used and test(r)]
            index = rng.choice(choices)
            used.add(index)
            return index

        def at(list_id: str, index: int) -> int:
            return _FIRST_DATA_ROW + index

        planted: list[Planted] = []
        used7: set[int] = set()
        i = pick("list-1", set())
        rows["list-1"][i]["Contact Source"] = None
        planted.append(Planted("blank-required", "List 1", at("list-1", i), "Contact Source"))
        i = pick("list-4", set())
        rows["list-4"][i]["Continuous Assessment Start Date"] = "31/02/2027"
        planted.append(
            Planted("bad-date", "List 4", at("list-4", i), "Continuous Assessment Start Date")
        )
        i = pick("list-6", set())
        rows["list-6"][i]["Primary Need Code"] = "N12 - Unknown need"
        planted.append(Planted("bad-code", "List 6", at("list-6", i), "Primary Need Code"))
        i = pick("list-7", used7)
        rows["list-7"][i]["Date of the Last Statutory Visit"] = on + timedelta(days=3)
        planted.append(
            Planted("future-date", "List 7", at("list-7", i), "Date of the Last Statutory Visit")
        )
        first = pick("list-7", used7)
        second = pick("list-7", used7)
        ended = rows["list-7"][second]
        if ended["Child Protection Plan End Date"] is None:  # a plan that has ended needs no CIN
            ended["Child Protection Plan End Date"] = ended["Child Protection Plan Start Date"]
        rows["list-7"][second]["Child Unique ID"] = rows["list-7"][first]["Child Unique ID"]
        planted.append(
            Planted("duplicate-id", "List 7", at("list-7", max(first, second)), "Child Unique ID")
        )
        i = pick("list-7", used7, lambda r: r["Child Protection Plan End Date"] is None)
        rows["list-7"][i]["Child Unique ID"] = "DEMO-NOCIN1"
        planted.append(Planted("no-open-episode", "List 7", at("list-7", i), "Child Unique ID"))
        i = pick("list-8", set())
        started = rows["list-8"][i]["Date Started to be Looked After"]
        assert isinstance(started, date)
        rows["list-8"][i]["Date Ceased to be Looked After"] = started - timedelta(days=5)
        planted.append(
            Planted("end-before-start", "List 8", at("list-8", i), "Date Ceased to be Looked After")
        )
        i = pick("list-8", {i})
        rows["list-8"][i]["Number of Placements in the Last 12 months"] = "two"
        planted.append(
            Planted(
                "bad-integer",
                "List 8",
                at("list-8", i),
                "Number of Placements in the Last 12 months",
            )
        )
        for row in rows["list-3"]:
            row["Social worker notes"] = "see case file"
        planted.append(Planted("unknown-column", "List 3", TITLE_ROWS + 1, "Social worker notes"))
        return tuple(planted)
