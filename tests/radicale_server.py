"""A Radicale CalDAV server on loopback for tests, and calendars split one event per resource."""

from __future__ import annotations

import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


def wait_for(port: int, process: subprocess.Popen[bytes], timeout: float = 30.0) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"radicale exited early: {process.stderr.read()!r}")  # type: ignore[union-attr]
        with socket.socket() as probe:
            if probe.connect_ex(("127.0.0.1", port)) == 0:
                return
        time.sleep(0.05)
    raise RuntimeError("radicale did not start listening")


@contextmanager
def running_radicale(folder: Path) -> Iterator[str]:
    """A Radicale server on a free 127.0.0.1 port, no authentication, storage in ``folder``;
    yields its URL and stops it afterwards."""
    port = free_port()
    config = folder / "radicale.conf"
    config.write_text(
        "[server]\n"
        f"hosts = 127.0.0.1:{port}\n"
        "[auth]\ntype = none\n"
        "[storage]\n"
        f"filesystem_folder = {folder / 'collections'}\n"
        "[web]\ntype = none\n"
        "[logging]\nlevel = warning\n",
        encoding="utf-8",
    )
    process = subprocess.Popen(
        [sys.executable, "-m", "radicale", "--config", str(config)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    try:
        wait_for(port, process)
        yield f"http://127.0.0.1:{port}/"
    finally:
        process.terminate()
        process.wait(timeout=30)
        if process.stderr is not None:
            process.stderr.close()


def split_events(data: bytes) -> list[bytes]:
    """One calendar per event (CalDAV stores one UID per resource), keeping our exact bytes."""
    head, _, rest = data.partition(b"BEGIN:VEVENT\r\n")
    head = b"".join(line + b"\r\n" for line in head.split(b"\r\n") if line and b"X-WR-" not in line)
    blocks = (b"BEGIN:VEVENT\r\n" + rest).split(b"END:VEVENT\r\n")[:-1]
    return [head + block + b"END:VEVENT\r\nEND:VCALENDAR\r\n" for block in blocks]
