"""The one TOML reader: file guards, key paths, and every problem of a file reported at once."""

from __future__ import annotations

import codecs
import tomllib
from datetime import UTC, date, time
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from inspection_sim.errors import (
    ForecastInputError,
    InspectionSimError,
    Problem,
    RuleFileError,
    ScenarioError,
    WeekmaskError,
)
from inspection_sim.toml_reader import (
    MAX_DEPTH,
    Reading,
    Table,
    key_text,
    merge,
    parse_toml,
    read_toml,
)
from inspection_sim.weekmask import parse_weekday


def _table(text: str, source: str = "a.toml") -> Table:
    return Reading(source).table(tomllib.loads(text))


def _problems(table: Table) -> dict[str | None, str]:
    """Key path -> rendered problem, after :meth:`Reading.check` raised."""
    with pytest.raises(RuleFileError) as caught:
        table.reading.check()
    return {p.key: str(p) for p in caught.value.problems}


# -- key paths --------------------------------------------------------------------------------------


def test_key_paths_are_toml_dotted_keys() -> None:
    assert key_text(("inspections", "short", "fieldwork", "days")) == (
        "inspections.short.fieldwork.days"
    )
    assert key_text(("flow", "whatif", 0, "factor")) == "flow.whatif[0].factor"
    assert key_text(("publication", "2021+", "n")) == 'publication."2021+".n'
    assert key_text(()) == ""


@given(st.lists(st.text(min_size=1, max_size=8), min_size=1, max_size=4))
def test_a_key_path_addresses_its_value_in_toml(path: list[str]) -> None:
    """Written as a dotted key, any path is valid TOML that sets the value at that path."""
    data = tomllib.loads(f"{key_text(tuple(path))} = 1")
    for part in path:
        data = data[part]
    assert data == 1


# -- problems, all at once ----------------------------------------------------------------------------


def test_every_problem_of_a_table_is_reported_together() -> None:
    table = _table('days = "5"\nweekday = "mnday"\ncolour = "red"\n[tasks.x]\nteam = 3\n')
    table.only("days", "weekday", "tasks")
    table.integer("days")
    table.parse("weekday", parse_weekday, 0)
    table.text("title")
    for task in table.tables("tasks"):
        task.text("team")
    with pytest.raises(RuleFileError) as caught:
        table.reading.check()
    text = str(caught.value)
    assert text.splitlines()[0] == "5 problems:"
    assert "a.toml: colour: unknown key (got 'colour'); valid: days, weekday, tasks" in text
    assert "a.toml: days: must be an integer (got '5')" in text
    assert "a.toml: weekday: not a weekday (got 'mnday')" in text
    assert "did you mean 'monday'?" in text
    assert "a.toml: title: missing required key (a string)" in text
    assert "a.toml: tasks.x.team: must be a string (got 3)" in text


def test_no_problem_raises_nothing() -> None:
    table = _table("days = 5\n")
    assert table.integer("days", minimum=1) == 5
    table.reading.check()


def test_the_reading_raises_its_own_error_class() -> None:
    reading = Reading("s.toml", error=ScenarioError)
    reading.table({}).text("name")
    with pytest.raises(ScenarioError, match=r"s\.toml: name: missing required key"):
        reading.check()


def test_fail_raises_now_with_the_problems_so_far() -> None:
    table = _table("a = 1\n")
    table.text("a")
    with pytest.raises(RuleFileError) as caught:
        table.reading.fail(("b",), "cannot go on", "x")
    assert [p.key for p in caught.value.problems] == ["a", "b"]


def test_a_default_stands_in_for_a_missing_or_bad_value() -> None:
    table = _table('n = true\nm = "x"\n')
    assert table.integer("missing", 7) == 7
    assert table.integer("n", 7) == 7  # a boolean is not an integer
    assert table.text("missing", None) is None
    assert table.choice("m", ("a", "b"), "b") == "b"
    assert set(_problems(table)) == {"n", "m"}


def test_stand_ins_have_the_right_type() -> None:
    table = _table("")
    assert table.text("a") == ""
    assert table.integer("b", minimum=1) == 1
    assert table.number("c") == 0.0
    assert table.choice("d", ("x", "y")) == "x"
    assert table.day("e") == date(2000, 1, 1)
    assert table.clock("f") == time(0, 0)
    assert table.strings("g") == ()
    assert len(_problems(table)) == 7


# -- values -------------------------------------------------------------------------------------------


def test_ranges_and_finite_numbers() -> None:
    table = _table("a = 0\nb = 11\nc = nan\nd = 2.5\ne = 3\n")
    assert table.integer("a", minimum=1) == 1
    table.integer("b", minimum=0, maximum=10)
    table.number("c")
    assert table.number("d", maximum=3) == 2.5
    assert table.number("e") == 3.0
    found = _problems(table)
    assert "must be an integer >= 1 (got 0)" in found["a"]
    assert "must be an integer from 0 to 10 (got 11)" in found["b"]
    assert "must be a finite number" in found["c"]


def test_choice_lists_the_choices_and_suggests_the_closest() -> None:
    table = _table('unit = "workng_days"\n')
    table.choice("unit", ("working_days", "calendar_days"))
    assert _problems(table)["unit"].endswith(
        "not a valid choice (got 'workng_days'); valid: working_days, calendar_days; "
        "did you mean 'working_days'?"
    )


def test_a_choice_among_none_is_a_problem_not_a_crash() -> None:
    table = _table('unit = "weeks"\n')
    assert table.choice("unit", ()) == ""
    assert table.choice("other", ()) == ""
    assert set(_problems(table)) == {"unit", "other"}


def test_dates_times_and_days_of_the_year() -> None:
    table = _table(
        'a = 2026-12-14\nb = "2026-12-15"\nc = 2026-12-14T09:00:00\nd = "14/12/2026"\n'
        'e = "09:30"\nf = 10:15:00\ng = "9.30"\nh = "12-23"\ni = "02-30"\n'
    )
    assert table.day("a") == date(2026, 12, 14)
    assert table.day("b") == date(2026, 12, 15)
    table.day("c")
    table.day("d")
    assert table.clock("e") == time(9, 30)
    assert table.clock("f") == time(10, 15)
    table.clock("g")
    assert table.month_day("h") == (12, 23)
    table.month_day("i")
    found = _problems(table)
    assert "not a date-time" in found["c"]
    assert set(found) == {"c", "d", "g", "i"}
    assert "must be a month and day 'MM-DD' (got '02-30')" in found["i"]


def test_list_items_are_named_by_position() -> None:
    table = _table('s = ["a", 1]\nn = [1, "x", 2.5]\nt = [{ a = 1 }, 2]\n')
    assert table.strings("s") == ("a",)
    assert table.numbers("n") == (1.0, 2.5)
    assert [item.path for item in table.items("t")] == [("t", 0)]
    assert set(_problems(table)) == {"s[1]", "n[1]", "t[1]"}


def test_named_tables_keep_their_names() -> None:
    table = _table("[teams.a]\nsize = 1\n[teams.b]\nsize = 2\n[teams]\nc = 3\n")
    assert [t.name for t in table.tables("teams")] == ["a", "b"]
    assert _problems(table)["teams.c"].endswith("must be a table (got 3)")


def test_a_required_table() -> None:
    table = _table("x = 1\n")
    assert table.table("meta", required=True).data == {}
    assert table.table("other").data == {}
    assert set(_problems(table)) == {"meta"}


def test_a_required_key_can_still_give_its_default() -> None:
    table = _table('b = "x"\n')
    assert table.day("a", None, required=True) is None
    assert table.integer("n", None, required=True) is None
    assert table.text("b", None, required=True) == "x"
    assert table.day("later", None) is None  # not required: no problem
    assert set(_problems(table)) == {"a", "n"}


def test_an_offset_on_a_time_of_day_is_refused_with_the_one_message() -> None:
    table = Reading("a.toml").table({"t": "09:00+05:00", "u": time(9, 0, tzinfo=UTC)})
    assert table.clock("t", None) is None
    assert table.clock("u", None) is None
    found = _problems(table)
    assert "takes no UTC offset" in found["t"]
    assert "(got '09:00:00+00:00')" in found["u"]  # the value as text, never dropped


def test_a_reading_caps_texts_and_lists() -> None:
    reading = Reading("a.toml", max_text=5, max_items=2)
    table = reading.table(
        {
            "name": "abcdef",
            "kind": "abcdef",
            "tags": ["ok", "toolong"],
            "many": [1, 2, 3],
            "rows": [{}, {}, {}],
            "group": {"a": {}, "b": {}, "c": {}},
        }
    )
    assert table.text("name", "") == ""
    assert table.choice("kind", ["x"], "x") == "x"  # too long to be named, let alone suggested
    assert table.strings("tags") == ("ok",)
    assert table.numbers("many") == ()
    assert table.items("rows") == []
    assert table.tables("group") == []
    assert len(table.tables("group", most=3)) == 3
    found = _problems(table)
    assert found["name"].endswith("name: at most 5 characters; this one has 6")
    assert "kind" in found
    assert "valid" not in found["kind"]
    assert found["tags[1]"].endswith("at most 5 characters; this one has 7")
    assert found["many"].endswith("many: at most 2 entries; this one has 3")
    assert set(found) == {"name", "kind", "tags[1]", "many", "rows", "group"}


def test_a_section_is_none_when_missing_or_not_a_table() -> None:
    table = _table("a = 1\n[b]\nc = 2\n")
    assert table.section("a") is None
    assert table.section("missing") is None
    found = table.section("b")
    assert found is not None
    assert found.path == ("b",)
    assert table.section("needed", required=True) is None
    assert set(_problems(table)) == {"a", "needed"}


def test_raw_array_items_keep_their_key_paths() -> None:
    table = _table('depends = ["a", { on = "b", lag = "x" }, 3]\n')
    kinds = []
    for path, item in table.values("depends"):
        if isinstance(item, dict):
            sub = table.at(path, item)
            sub.integer("lag", 0)
            kinds.append("table")
        else:
            kinds.append(type(item).__name__)
    assert kinds == ["str", "table", "int"]
    assert set(_problems(table)) == {"depends[1].lag"}


def test_parse_records_a_library_error_at_the_key() -> None:
    table = _table('weekmask = "Mon-Fry"\n')

    def parse(value: object) -> int:
        raise WeekmaskError("malformed weekmask", key="weekmask", value=value)

    assert table.parse("weekmask", parse, 5) == 5
    assert table.parse("missing", parse, 6, required=False) == 6
    assert _problems(table) == {"weekmask": "a.toml: weekmask: malformed weekmask (got 'Mon-Fry')"}


# -- merged files -------------------------------------------------------------------------------------


def test_a_merged_value_names_the_file_that_set_it() -> None:
    merged: dict[str, object] = {}
    origins: dict[tuple[str | int, ...], str] = {}
    merge(merged, {"a": {"x": 1, "y": [1, 2]}}, "base.toml", origins)
    merge(merged, {"a": {"y": ["z"]}, "b": 2}, "draft.toml", origins)
    assert merged == {"a": {"x": 1, "y": ["z"]}, "b": 2}
    table = Reading("draft.toml", origins=origins).table(merged)
    a = table.table("a")
    a.text("x")
    a.numbers("y")
    found = _problems(table)
    assert found["a.x"].startswith("base.toml: a.x:")
    assert found["a.y[0]"].startswith("draft.toml: a.y[0]:")


# -- files --------------------------------------------------------------------------------------------


def test_a_file_is_parsed(tmp_path: Path) -> None:
    path = tmp_path / "ok.toml"
    path.write_text("a = 1\n", encoding="utf-8")
    assert read_toml(path) == {"a": 1}


def test_a_utf8_byte_order_mark_is_dropped(tmp_path: Path) -> None:
    path = tmp_path / "bom.toml"
    path.write_bytes(codecs.BOM_UTF8 + b'name = "Northbridge"\n')
    assert read_toml(path) == {"name": "Northbridge"}
    assert parse_toml("\ufeffa = 1", "x.toml") == {"a": 1}


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (codecs.BOM_UTF16_LE + "a = 1".encode("utf-16-le"), "saved as UTF-16 or UTF-32"),
        (b'a = "caf\xe9"\n', r"not UTF-8 text \(byte 8\)"),
        (b"a = 1\nb = = 2\n", r"malformed TOML: .*line 2"),
        (b"a = " + b"[" * 2000 + b"]" * 2000, f"nest more than {MAX_DEPTH} deep"),
        (b"a = " + b"[" * 30 + b"]" * 30, f"nest more than {MAX_DEPTH} deep"),
    ],
)
def test_unreadable_content_names_the_file(tmp_path: Path, content: bytes, message: str) -> None:
    path = tmp_path / "bad.toml"
    path.write_bytes(content)
    with pytest.raises(RuleFileError, match=f"^{path}: .*{message}"):
        read_toml(path)


def test_a_file_larger_than_the_cap_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "big.toml"
    path.write_text("a = 1\n" + "# filler\n" * 100, encoding="utf-8")
    with pytest.raises(RuleFileError, match="larger than 100 bytes"):
        read_toml(path, max_bytes=100)
    with pytest.raises(RuleFileError, match="larger than 100 bytes"):
        parse_toml(path.read_text(encoding="utf-8"), "text", max_bytes=100)


def test_only_a_regular_file_is_read(tmp_path: Path) -> None:
    with pytest.raises(RuleFileError, match="cannot read the file: not a regular file"):
        read_toml(tmp_path)
    with pytest.raises(ForecastInputError, match=r"no/such\.toml: cannot read the file: no such"):
        read_toml(Path("no/such.toml"), error=ForecastInputError)


def test_every_reader_error_is_an_inspection_sim_error(tmp_path: Path) -> None:
    with pytest.raises(InspectionSimError):
        read_toml(tmp_path / "missing.toml")
    with pytest.raises(ValueError, match="malformed TOML"):
        parse_toml("[", "x.toml")


def test_absorbed_problems_can_keep_their_own_keys() -> None:
    reading = Reading("scenario.toml")
    error = RuleFileError(
        problems=[
            Problem("unknown key", "rules.toml", "inspections.short.tasks.x.duraton", "duraton"),
            Problem("unknown version", None, "version", "2099"),
            Problem("no key at all"),
        ]
    )
    reading.absorb(("overrides", "inspection"), error, keep_keys=True)
    reading.absorb(("weekday",), WeekmaskError("not a weekday", key="weekday", value="x"))
    assert [p.key for p in reading.problems] == [
        "overrides.inspection: inspections.short.tasks.x.duraton",
        "overrides.inspection.version",
        "overrides.inspection",
        "weekday",
    ]
    assert {p.source for p in reading.problems} == {"scenario.toml"}
    assert str(reading.problems[0]).endswith("(got 'duraton')")
    assert str(reading.problems[2]) == "scenario.toml: overrides.inspection: no key at all"


def test_the_keys_of_a_missing_table_are_not_reported_again() -> None:
    table = _table("meta = 3\n")
    table.table("meta").text("title")
    table.table("queue", required=True).integer("pairs")
    table.table("other").text("name")
    assert _problems(table) == {
        "meta": "a.toml: meta: must be a table (got 3)",
        "queue": "a.toml: queue: missing required key (a table)",
        "other.name": "a.toml: other.name: missing required key (a string)",
    }
