"""Real servers for the publishing tests: Radicale on loopback, with passwords and optionally TLS,
a proxy that kills it after a number of uploads, and a second client that reads a calendar back."""

from __future__ import annotations

import http.client
import shutil
import subprocess
import sys
import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import caldav
from icalendar import Event

from tests.radicale_server import free_port, wait_for

USER = "planner"
PASSWORD = "correct horse"


@dataclass
class Radicale:
    """A Radicale server on 127.0.0.1 with one user; storage kept across restarts."""

    folder: Path
    tls: tuple[Path, Path] | None = None  # certificate and key
    port: int = 0
    process: subprocess.Popen[bytes] | None = None

    @property
    def url(self) -> str:
        scheme = "https" if self.tls else "http"
        return f"{scheme}://127.0.0.1:{self.port}/"

    def start(self) -> Radicale:
        self.port = free_port()
        users = self.folder / "users"
        users.write_text(f"{USER}:{PASSWORD}\n", encoding="utf-8")
        tls = ""
        if self.tls:
            tls = f"ssl = True\ncertificate = {self.tls[0]}\nkey = {self.tls[1]}\n"
        config = self.folder / "radicale.conf"
        config.write_text(
            f"[server]\nhosts = 127.0.0.1:{self.port}\n{tls}"
            f"[auth]\ntype = htpasswd\nhtpasswd_filename = {users}\n"
            "htpasswd_encryption = plain\ndelay = 0\n"
            f"[storage]\nfilesystem_folder = {self.folder / 'collections'}\n"
            "[web]\ntype = none\n[logging]\nlevel = warning\n",
            encoding="utf-8",
        )
        self.process = subprocess.Popen(
            [sys.executable, "-m", "radicale", "--config", str(config)],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
        )
        wait_for(self.port, self.process)
        return self

    def kill(self) -> None:
        """Stop at once, as a crash or a pulled plug would."""
        if self.process is not None and self.process.poll() is None:
            self.process.kill()
        self.stop()

    def stop(self) -> None:
        if self.process is None:
            return
        if self.process.poll() is None:
            self.process.terminate()
        self.process.wait(timeout=30)
        if self.process.stderr is not None:
            self.process.stderr.close()
        self.process = None

    def client(self) -> Any:
        """A second client, as another calendar program would be."""
        return caldav.DAVClient(
            url=self.url, username=USER, password=PASSWORD, ssl_verify_cert=False
        )

    def calendar(self, name: str) -> Any:
        for item in self.client().principal().calendars():
            if item.get_display_name() == name:
                return item
        raise AssertionError(f"no calendar {name!r}")

    def make_calendar(self, name: str) -> Any:
        return self.client().principal().make_calendar(name=name)


def credentials_env(home: Path) -> dict[str, str]:
    """The environment a planner sets for the CLI; HOME points away from the real ~/.netrc."""
    return {
        "INSPECTION_SIM_CALDAV_USER": USER,
        "INSPECTION_SIM_CALDAV_PASSWORD": PASSWORD,
        "HOME": str(home),
        "NETRC": "",
    }


def self_signed(folder: Path) -> tuple[Path, Path] | None:
    """A certificate for 127.0.0.1 that no authority signed; None without openssl."""
    openssl = shutil.which("openssl")
    if openssl is None:
        return None
    cert, key = folder / "cert.pem", folder / "key.pem"
    subprocess.run(
        [
            *(openssl, "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "2"),
            *("-keyout", str(key), "-out", str(cert), "-subj", "/CN=127.0.0.1"),
            *("-addext", "subjectAltName=IP:127.0.0.1"),
        ],
        check=True,
        capture_output=True,
    )
    return cert, key


@dataclass
class Stored:
    """What a calendar holds, as a second client reads it: events by UID, and resources per UID."""

    events: dict[str, Event]
    copies: dict[str, int] = field(default_factory=dict)

    def sequence(self, uid: str) -> int:
        return int(self.events[uid].get("SEQUENCE", 0))

    def start(self, uid: str) -> object:
        return self.events[uid].decoded("DTSTART")


def read_back(calendar: Any) -> Stored:
    events: dict[str, Event] = {}
    copies: dict[str, int] = {}
    for item in calendar.search(event=True):
        component = item.icalendar_component
        uid = str(component["UID"])
        events[uid] = component
        copies[uid] = copies.get(uid, 0) + 1
    return Stored(events, copies)


class KillingProxy:
    """Forwards to a server and kills it at the ``after``-th PUT, whose connection then drops."""

    def __init__(self, server: Radicale, after: int) -> None:
        self.server = server
        self.after = after
        self.puts = 0
        self.port = free_port()
        handler = _handler(self._forward)
        self._http = ThreadingHTTPServer(("127.0.0.1", self.port), handler)
        self._thread = threading.Thread(target=self._http.serve_forever, daemon=True)

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}/"

    def __enter__(self) -> KillingProxy:
        self._thread.start()
        return self

    def __exit__(self, *_: object) -> None:
        self._http.shutdown()
        self._http.server_close()

    def _forward(self, request: BaseHTTPRequestHandler, method: str) -> bool:
        """Pass the request on; False when the server was killed instead."""
        if method == "PUT":
            self.puts += 1
            if self.puts >= self.after:
                self.server.kill()
                return False
        length = int(request.headers.get("Content-Length") or 0)
        body = request.rfile.read(length) if length else None
        upstream = http.client.HTTPConnection("127.0.0.1", self.server.port, timeout=30)
        headers = {k: v for k, v in request.headers.items() if k.lower() != "connection"}
        upstream.request(method, request.path, body=body, headers=headers)
        answer = upstream.getresponse()
        data = answer.read()
        request.send_response(answer.status, answer.reason)
        for key, value in answer.getheaders():
            if key.lower() not in ("connection", "transfer-encoding", "content-length"):
                request.send_header(key, value)
        request.send_header("Content-Length", str(len(data)))
        request.end_headers()
        request.wfile.write(data)
        upstream.close()
        return True


def _handler(forward: Callable[[BaseHTTPRequestHandler, str], bool]) -> type:
    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.0"

        def log_message(self, *_: object) -> None:
            pass

        def _any(self) -> None:
            if not forward(self, self.command):
                self.close_connection = True  # no answer at all: the server is gone

        do_GET = do_PUT = do_DELETE = do_PROPFIND = do_REPORT = do_OPTIONS = _any
        do_MKCALENDAR = do_PROPPATCH = do_HEAD = do_POST = _any

    return Handler
