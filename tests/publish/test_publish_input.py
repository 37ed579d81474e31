"""Bad input to `publish`: one line on stderr naming the option and what is valid, exit status 2.

Every case runs the real command line; those about the server run against a real Radicale."""

from __future__ import annotations

import subprocess
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from publish_support import PASSWORD, Radicale, credentials_env, free_port, self_signed

from inspection_sim.errors import OutputError, UnknownNameError
from inspection_sim.publishing import PublishError, publish
from inspection_sim.publishing.address import check_address
from inspection_sim.publishing.credentials import Credentials, find_credentials
from tests.conftest import require_binary_or_skip

Cli = Callable[..., subprocess.CompletedProcess[str]]
START = "2027-06-07"
STAMP = "2027-05-01T09:00:00Z"


def refused(result: subprocess.CompletedProcess[str], *needles: str) -> str:
    """The one-line error of a refused run, checked to hold every needle."""
    assert result.returncode == 2, result.stderr
    assert "Traceback" not in result.stderr
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    assert lines[0].startswith(("inspection-sim: error: ", "inspection-sim publish: error: "))
    for needle in needles:
        assert needle in lines[0]
    return lines[0]


def events(folder: Path) -> int:
    return (folder / "all-teams.ics").read_bytes().count(b"BEGIN:VEVENT")


@pytest.fixture(scope="module")
def folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A rehearsal folder, written once for the module (tests that change it copy it)."""
    from tests.conftest import run_cli

    out = tmp_path_factory.mktemp("published") / "rehearsal"
    result = run_cli("rehearse", "--start", START, "--out", str(out), "--stamp", STAMP)
    assert result.returncode == 0, result.stderr
    return out


@pytest.fixture
def env(tmp_path: Path) -> dict[str, str]:
    return credentials_env(tmp_path)


# --- the command line itself --------------------------------------------------------------------


def test_nothing_to_publish_is_refused(cli: Cli, folder: Path) -> None:
    refused(cli("publish", str(folder)), "nothing to publish", "--caldav URL", "--feed")


@pytest.mark.parametrize(
    ("option", "value"),
    [("--calendar", "Inspection"), ("--team", "it"), ("--create", None), ("--replace", None)],
)
def test_server_options_need_a_server(
    cli: Cli, folder: Path, option: str, value: str | None
) -> None:
    args = [option] if value is None else [option, value]
    refused(cli("publish", str(folder), "--feed", *args), option, "only with --caldav URL")


def test_feed_refresh_needs_the_feed(cli: Cli, folder: Path) -> None:
    refused(cli("publish", str(folder), "--feed-refresh", "30"), "--feed-refresh", "--feed")


@pytest.mark.parametrize("minutes", ["5", "1441", "hourly"])
def test_feed_refresh_out_of_range(cli: Cli, folder: Path, minutes: str) -> None:
    refused(cli("publish", str(folder), "--feed", "--feed-refresh", minutes), "15 to 1440")


# --- the folder -------------------------------------------------------------------------------


def test_a_missing_folder(cli: Cli, tmp_path: Path) -> None:
    missing = tmp_path / "nowhere"
    refused(
        cli("publish", str(missing), "--feed"), str(missing), "does not exist", "rehearse --out"
    )


def test_a_folder_inspection_sim_did_not_write(cli: Cli, tmp_path: Path) -> None:
    (tmp_path / "notes.txt").write_text("mine", encoding="utf-8")
    line = refused(cli("publish", str(tmp_path), "--feed"), "not a folder inspection-sim wrote")
    assert ".inspection-sim.json" in line
    assert not (tmp_path / "feed.ics").exists()


def test_an_edited_calendar_is_not_published(cli: Cli, folder: Path, tmp_path: Path) -> None:
    import shutil

    copy = tmp_path / "rehearsal"
    shutil.copytree(folder, copy)
    with (copy / "all-teams.ics").open("ab") as handle:
        handle.write(b"\r\n")
    refused(cli("publish", str(copy), "--feed"), "all-teams.ics was changed since")
    port = free_port()  # never reached: the folder is checked first
    refused(
        cli("publish", str(copy), "--caldav", f"http://127.0.0.1:{port}/", "--calendar", "x"),
        "all-teams.ics was changed since",
    )


def test_an_unknown_team_suggests_the_closest(cli: Cli, folder: Path, env: dict[str, str]) -> None:
    url = f"http://127.0.0.1:{free_port()}/"
    args = ["publish", str(folder), "--caldav", url, "--calendar", "x", "--team", "facilites"]
    line = refused(cli(*args, env=env), "--team", "'facilites'")
    assert "did you mean 'facilities'?" in line
    assert "inspection-coordination-team" in line  # the valid names are listed


# --- the address and the credentials ------------------------------------------------------------


@pytest.mark.parametrize(
    ("url", "needle"),
    [
        ("ftp://dav.example.org/", "must be an https:// address"),
        ("dav.example.org", "must be an https:// address"),
        ("https://", "must be an https:// address"),
        ("http://[::1", "is not a valid address"),
        ("https://dav.example.org:99999/", "is not a valid address"),
        ("http://dav.example.org/", "plain http:// would send the password"),
    ],
)
def test_bad_addresses(cli: Cli, folder: Path, url: str, needle: str) -> None:
    line = refused(cli("publish", str(folder), "--caldav", url, "--calendar", "x"), needle)
    assert line.startswith("inspection-sim: error: --caldav: ")


def test_a_password_in_the_address_is_refused_and_never_shown(cli: Cli, folder: Path) -> None:
    url = "https://planner:hunter2@dav.example.org/"
    result = cli("publish", str(folder), "--caldav", url, "--calendar", "x")
    line = refused(result, "must not hold a user name or password", "INSPECTION_SIM_CALDAV_USER")
    assert "hunter2" not in result.stderr + result.stdout
    assert "planner:***@dav.example.org" in line


def test_a_user_without_a_password_is_refused(cli: Cli, folder: Path, tmp_path: Path) -> None:
    env = {"INSPECTION_SIM_CALDAV_USER": "planner", "HOME": str(tmp_path), "NETRC": ""}
    url = f"http://127.0.0.1:{free_port()}/"
    refused(
        cli("publish", str(folder), "--caldav", url, "--calendar", "x", env=env),
        "INSPECTION_SIM_CALDAV_PASSWORD is not set",
    )


def test_credentials_come_from_the_environment_then_netrc(tmp_path: Path) -> None:
    netrc = tmp_path / "netrc"
    netrc.write_text("machine dav.example.org login clerk password s3cret\n", encoding="utf-8")
    netrc.chmod(0o600)
    env = {"NETRC": str(netrc)}
    found = find_credentials("dav.example.org", environ=env)
    assert found is not None
    assert (found.user, found.password, found.origin) == ("clerk", "s3cret", str(netrc))
    assert "s3cret" not in repr(found)
    assert find_credentials("other.example.org", environ=env) is None
    both = {**env, "INSPECTION_SIM_CALDAV_USER": "u", "INSPECTION_SIM_CALDAV_PASSWORD": "p"}
    assert find_credentials("dav.example.org", environ=both) == Credentials(
        "u", "p", "the environment"
    )


def test_a_malformed_netrc_is_named(cli: Cli, folder: Path, tmp_path: Path) -> None:
    netrc = tmp_path / "netrc"
    netrc.write_text("bogus 127.0.0.1\n", encoding="utf-8")
    netrc.chmod(0o600)
    env = {"HOME": str(tmp_path), "NETRC": str(netrc)}
    url = f"http://127.0.0.1:{free_port()}/"
    line = refused(
        cli("publish", str(folder), "--caldav", url, "--calendar", "x", env=env), str(netrc)
    )
    assert "bad toplevel token 'bogus'" in line


def test_a_refused_connection(cli: Cli, folder: Path, env: dict[str, str]) -> None:
    port = free_port()
    url = f"http://127.0.0.1:{port}/"
    refused(
        cli("publish", str(folder), "--caldav", url, "--calendar", "x", env=env),
        f"cannot reach 127.0.0.1:{port}",
        "connection refused",
    )


def test_check_address_keeps_local_http_and_any_https() -> None:
    assert check_address("http://localhost:5232/dav").url == "http://localhost:5232/dav"
    assert check_address("http://[::1]:5232/").where == "[::1]:5232"
    assert check_address("https://dav.example.org").url == "https://dav.example.org/"
    with pytest.raises(PublishError, match="plain http"):
        check_address("http://10.0.0.5/")


def test_the_api_needs_exactly_one_target(folder: Path) -> None:
    with pytest.raises(PublishError, match="one of them"):
        publish(folder)
    with pytest.raises(OutputError, match="does not exist"):
        publish(folder / "missing", "https://dav.example.org/")
    with pytest.raises(UnknownNameError, match="no calendar of this team"):
        publish(folder, "https://dav.example.org/", team="nobody")


# --- the server ---------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Radicale]:
    radicale = Radicale(tmp_path_factory.mktemp("radicale")).start()
    radicale.make_calendar("Inspection")
    radicale.make_calendar("Personal")
    try:
        yield radicale
    finally:
        radicale.stop()


@pytest.mark.slow
def test_a_wrong_password(cli: Cli, folder: Path, server: Radicale, env: dict[str, str]) -> None:
    env["INSPECTION_SIM_CALDAV_PASSWORD"] = "wrong"
    result = cli(
        "publish", str(folder), "--caldav", server.url, "--calendar", "Inspection", env=env
    )
    refused(result, "refused the user name and password (HTTP 401)", "~/.netrc")
    assert "wrong" not in result.stderr


@pytest.mark.slow
def test_no_credentials_at_all(cli: Cli, folder: Path, server: Radicale, tmp_path: Path) -> None:
    env = {"HOME": str(tmp_path), "NETRC": ""}
    result = cli(
        "publish", str(folder), "--caldav", server.url, "--calendar", "Inspection", env=env
    )
    refused(result, "HTTP 401", "INSPECTION_SIM_CALDAV_USER")


@pytest.mark.slow
def test_a_missing_calendar_suggests_the_closest(
    cli: Cli, folder: Path, server: Radicale, env: dict[str, str]
) -> None:
    args = ["publish", str(folder), "--caldav", server.url, "--calendar", "Inspecton"]
    line = refused(cli(*args, env=env), "--calendar", "no calendar of this name", "--create")
    assert "did you mean 'Inspection'?" in line
    assert "valid: Inspection, Personal" in line


@pytest.mark.slow
def test_a_server_address_needs_a_calendar_name(
    cli: Cli, folder: Path, server: Radicale, env: dict[str, str]
) -> None:
    line = refused(cli("publish", str(folder), "--caldav", server.url, env=env), "--calendar NAME")
    assert "calendars there: Inspection, Personal" in line


@pytest.mark.slow
def test_no_caldav_service_at_the_address(
    cli: Cli, folder: Path, server: Radicale, env: dict[str, str]
) -> None:
    url = server.url + "nobody/nothing/"
    refused(cli("publish", str(folder), "--caldav", url, "--calendar", "x", env=env), "HTTP 40")


@pytest.mark.slow
def test_tls_is_verified_unless_turned_off_in_so_many_words(
    cli: Cli, folder: Path, tmp_path: Path, env: dict[str, str]
) -> None:
    pair = self_signed(tmp_path)
    require_binary_or_skip(pair is not None, "openssl")
    server = Radicale(tmp_path / "tls", tls=pair)
    server.folder.mkdir()
    server.start()
    try:
        args = ["publish", str(folder), "--caldav", server.url, "--calendar", "Secure", "--create"]
        line = refused(cli(*args, env=env), "TLS certificate could not be verified")
        assert "--insecure-skip-tls-verify" in line
        result = cli(*args, "--insecure-skip-tls-verify", env=env)
        assert result.returncode == 0, result.stderr
        assert f"{events(folder)} created" in result.stdout
        assert result.stderr == ""  # no warning noise either: the user asked for it
    finally:
        server.stop()


@pytest.mark.slow
def test_another_plans_events_are_not_removed_without_replace(
    cli: Cli, folder: Path, server: Radicale, env: dict[str, str], tmp_path: Path
) -> None:
    server.make_calendar("Shared")
    base = ["--caldav", server.url, "--calendar", "Shared"]
    first = cli("publish", str(folder), *base, env=env)
    assert first.returncode == 0, first.stderr
    other = tmp_path / "compressed"
    made = cli("rehearse", "--start", START, "--mode", "compressed", "--out", str(other))
    assert made.returncode == 0, made.stderr
    line = refused(cli("publish", str(other), *base, env=env), "another plan", "--replace")
    assert f"{events(folder)} events published from all-teams.ics" in line
    replaced = cli("publish", str(other), *base, "--replace", env=env)
    assert replaced.returncode == 0, replaced.stderr
    assert f"{events(folder)} removed" in replaced.stdout
    assert PASSWORD not in first.stdout + first.stderr + replaced.stdout + replaced.stderr
