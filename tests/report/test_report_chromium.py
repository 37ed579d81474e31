"""The report in a real browser (Debian's headless Chromium): it loads with no console errors, a
screenshot is produced, and hostile scenario text shows as text without running."""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import pytest

from inspection_sim.report import ReportInputs, write_report
from tests.conftest import require_binary_or_skip
from tests.report.report_support import HOSTILE, hostile_scenario, timeline

pytestmark = pytest.mark.slow

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
FLAGS = (
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--enable-logging=stderr",
    "--v=0",
    "--window-size=1280,2000",
)


def chromium(page: Path, tmp_path: Path, *extra: str) -> subprocess.CompletedProcess[str]:
    require_binary_or_skip(CHROMIUM is not None, "chromium")
    assert CHROMIUM is not None
    profile = tmp_path / f"profile-{len(list(tmp_path.iterdir()))}"
    return subprocess.run(
        [CHROMIUM, *FLAGS, f"--user-data-dir={profile}", *extra, page.as_uri()],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def console_messages(stderr: str) -> list[str]:
    """Chromium logs each console message (errors, CSP refusals, uncaught exceptions) as CONSOLE."""
    return [line for line in stderr.splitlines() if ":CONSOLE" in line]


@pytest.fixture(scope="module")
def report(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("report") / "report.html"
    inputs = ReportInputs(
        scenario=hostile_scenario(),
        deadlines=[(HOSTILE, 0.4)],
        sweep=[{"notified": t.start, "risk": i / 10} for i, t in enumerate(timeline().tasks)],
    )
    return write_report(path, timeline(), inputs)


def test_harness_sees_console_errors(tmp_path: Path) -> None:
    page = tmp_path / "broken.html"
    page.write_text('<!DOCTYPE html><p>x</p><script>console.error("boom")</script>', "utf-8")
    result = chromium(page, tmp_path, "--dump-dom")
    assert any('"boom"' in line for line in console_messages(result.stderr))


def test_report_screenshot_without_console_errors(report: Path, tmp_path: Path) -> None:
    shot = tmp_path / "report.png"
    result = chromium(report, tmp_path, f"--screenshot={shot}")
    assert result.returncode == 0, result.stderr[-2000:]
    assert console_messages(result.stderr) == []
    assert shot.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    assert shot.stat().st_size > 20_000  # a page with tables and two embedded charts
    kept = Path(__file__).parents[2] / ".pytest_cache" / "report-screenshot.png"
    kept.parent.mkdir(exist_ok=True)
    shutil.copyfile(shot, kept)


def test_hostile_names_show_as_text(report: Path, tmp_path: Path) -> None:
    result = chromium(report, tmp_path, "--dump-dom")
    assert result.returncode == 0, result.stderr[-2000:]
    dom = result.stdout
    assert console_messages(result.stderr) == []
    assert "<script" not in dom.lower()
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in dom
    # Two embedded pictures, both data: URIs, and nothing fetched from elsewhere.
    images = re.findall(r'<img [^>]*src="([^"]{0,40})', dom)
    assert len(images) == 2
    assert all(src.startswith("data:image/png;base64,") for src in images)
