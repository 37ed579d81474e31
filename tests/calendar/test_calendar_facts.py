"""Hand-checked working-day facts for England and Wales (gov.uk bank-holiday tables)."""

from __future__ import annotations

from datetime import date

import pytest

from inspection_sim import WorkingCalendar

# England and Wales bank holidays on weekdays, 2018-2030, as published on gov.uk. Pinned so that a
# change in the `holidays` package data is caught here rather than in a council's calendar.
PINNED_BANK_HOLIDAYS: dict[int, tuple[str, ...]] = {
    2018: ("01-01", "03-30", "04-02", "05-07", "05-28", "08-27", "12-25", "12-26"),
    2019: ("01-01", "04-19", "04-22", "05-06", "05-27", "08-26", "12-25", "12-26"),
    2020: ("01-01", "04-10", "04-13", "05-08", "05-25", "08-31", "12-25", "12-28"),
    2021: ("01-01", "04-02", "04-05", "05-03", "05-31", "08-30", "12-27", "12-28"),
    2022: (
        "01-03",
        "04-15",
        "04-18",
        "05-02",
        "06-02",
        "06-03",
        "08-29",
        "09-19",
        "12-26",
        "12-27",
    ),
    2023: ("01-02", "04-07", "04-10", "05-01", "05-08", "05-29", "08-28", "12-25", "12-26"),
    2024: ("01-01", "03-29", "04-01", "05-06", "05-27", "08-26", "12-25", "12-26"),
    2025: ("01-01", "04-18", "04-21", "05-05", "05-26", "08-25", "12-25", "12-26"),
    2026: ("01-01", "04-03", "04-06", "05-04", "05-25", "08-31", "12-25", "12-28"),
    2027: ("01-01", "03-26", "03-29", "05-03", "05-31", "08-30", "12-27", "12-28"),
    2028: ("01-03", "04-14", "04-17", "05-01", "05-29", "08-28", "12-25", "12-26"),
    2029: ("01-01", "03-30", "04-02", "05-07", "05-28", "08-27", "12-25", "12-26"),
    2030: ("01-01", "04-19", "04-22", "05-06", "05-27", "08-26", "12-25", "12-26"),
}


@pytest.fixture(scope="module")
def cal() -> WorkingCalendar:
    return WorkingCalendar()


@pytest.mark.parametrize("year", sorted(PINNED_BANK_HOLIDAYS))
def test_weekday_bank_holidays_match_pinned_table(cal: WorkingCalendar, year: int) -> None:
    found = {
        day for day, _ in cal.holidays_in(date(year, 1, 1), date(year, 12, 31)) if day.weekday() < 5
    }
    expected = {date.fromisoformat(f"{year}-{md}") for md in PINNED_BANK_HOLIDAYS[year]}
    assert found == expected
    assert not any(cal.is_working_day(day) for day in expected)


def test_initial_health_assessment_over_christmas(cal: WorkingCalendar) -> None:
    """A child entering care on Mon 2026-12-14: IHA due 20 working days later (CPR 2010 reg 7)."""
    due = cal.add_working_days(date(2026, 12, 14), 20)
    assert due == date(2027, 1, 14)
    assert cal.working_days_between(date(2026, 12, 14), due) == 20


@pytest.mark.parametrize(
    ("start", "n", "expected"),
    [
        # Christmas 2021: 25th and 26th at a weekend, substitutes on Mon 27 and Tue 28.
        ("2021-12-24", 1, "2021-12-29"),
        ("2021-12-29", -1, "2021-12-24"),
        # Christmas 2022: 25th on a Sunday, substitute Tue 27; New Year substitute Mon 2023-01-02.
        ("2022-12-23", 1, "2022-12-28"),
        ("2022-12-30", 1, "2023-01-03"),
        # Easter 2024: Good Friday 29 Mar, Easter Monday 1 Apr.
        ("2024-03-28", 1, "2024-04-02"),
        ("2024-04-02", -1, "2024-03-28"),
        # Early May (6 May 2024) and late May (27 May 2024) bank holidays.
        ("2024-05-03", 1, "2024-05-07"),
        ("2024-05-24", 1, "2024-05-28"),
        # Late summer bank holiday 26 Aug 2024.
        ("2024-08-23", 1, "2024-08-27"),
        # One-off days: Platinum Jubilee 2-3 Jun 2022, state funeral 19 Sep 2022,
        # coronation 8 May 2023.
        ("2022-06-01", 1, "2022-06-06"),
        ("2022-09-16", 1, "2022-09-20"),
        ("2023-05-05", 1, "2023-05-09"),
        # Day 0 is the anchor itself, working day or not.
        ("2024-12-25", 0, "2024-12-25"),
        # A start on a weekend: day 1 is the next working day.
        ("2026-03-07", 1, "2026-03-09"),
        ("2026-03-07", -1, "2026-03-06"),
        # ILACS notice: Monday call, on site 5 working days later (the next Monday).
        ("2026-03-02", 5, "2026-03-09"),
    ],
)
def test_hand_checked_offsets(cal: WorkingCalendar, start: str, n: int, expected: str) -> None:
    begin = date.fromisoformat(start)
    assert cal.add_working_days(begin, n) == date.fromisoformat(expected)


def test_roll_and_lists(cal: WorkingCalendar) -> None:
    assert cal.roll_forward(date(2025, 12, 25)) == date(2025, 12, 29)
    assert cal.roll_backward(date(2025, 12, 26)) == date(2025, 12, 24)
    assert cal.roll_forward(date(2025, 12, 24)) == date(2025, 12, 24)
    assert cal.working_days(date(2025, 12, 24), date(2025, 12, 29)) == [
        date(2025, 12, 24),
        date(2025, 12, 29),
    ]
    assert cal.working_days(date(2025, 12, 29), date(2025, 12, 24)) == []
    names = dict(cal.holidays_in(date(2023, 5, 1), date(2023, 5, 31)))
    assert date(2023, 5, 8) in names
    assert "Coronation" in names[date(2023, 5, 8)]


def test_small_youth_justice_weekmask() -> None:
    """Small youth justice services: fieldwork Monday to Thursday (seed 000; RULES.md section 9)."""
    mon_thu = WorkingCalendar(weekmask="Mon-Thu")
    assert mon_thu.weekmask == "Mon-Thu"
    assert mon_thu.add_working_days(date(2026, 3, 5), 1) == date(2026, 3, 9)  # Thu -> Mon
    assert not mon_thu.is_working_day(date(2026, 3, 6))  # a Friday


def test_closures_and_derive() -> None:
    base = WorkingCalendar(start=date(2026, 1, 1), end=date(2027, 12, 31))
    shutdown = [date(2026, 12, 29), date(2026, 12, 30), date(2026, 12, 31)]
    council = base.derive(closures=shutdown)
    assert base.is_working_day(date(2026, 12, 30))
    assert not council.is_working_day(date(2026, 12, 30))
    assert council.add_working_days(date(2026, 12, 24), 1) == date(2027, 1, 4)
    assert "closure" in dict(council.holidays_in(date(2026, 12, 29), date(2026, 12, 29))).values()
    assert council == base.derive(closures=reversed(shutdown))
    assert hash(council) == hash(base.derive(closures=shutdown))
    assert council != base


def test_index_space_round_trip(cal: WorkingCalendar) -> None:
    day = date(2026, 3, 9)
    index = cal.index_of(day)
    assert cal.date_at(index) == day
    assert cal.date_at(index + 5) == cal.add_working_days(day, 5)
    assert cal.index_of(date(2026, 3, 7)) == index  # a Saturday rolls forward to Monday


def test_calendar_is_immutable(cal: WorkingCalendar) -> None:
    with pytest.raises(AttributeError, match="immutable"):
        cal.foo = 1  # type: ignore[attr-defined]


@pytest.mark.parametrize("region", ["england", "wales", "scotland", "northern-ireland"])
def test_bank_holidays_match_the_holidays_package_public_lookup(region: str) -> None:
    """The quick direct load of the UK holiday class agrees with `country_holidays`."""
    import holidays

    from inspection_sim.calendar import REGIONS, _bank_holidays

    table = holidays.country_holidays("GB", subdiv=REGIONS[region], years=range(2015, 2041))
    expected = tuple(sorted((day, str(name)) for day, name in table.items()))
    assert _bank_holidays(region, 2015, 2040) == expected
