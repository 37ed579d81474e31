"""Headless LibreOffice for tests: a file converted by another spreadsheet program."""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

from tests.conftest import require_binary_or_skip


def libreoffice_convert(path: Path, folder: Path, target: str) -> None:
    """Convert ``path`` into ``folder`` with ``soffice --convert-to target`` (e.g. ``"xlsx"``);
    the test is skipped when LibreOffice is not installed."""
    soffice = shutil.which("soffice")
    require_binary_or_skip(soffice is not None, "LibreOffice (libreoffice-calc)")
    assert soffice is not None
    profile = folder / "profile"  # a profile of its own: runs at the same time never share one
    done = subprocess.run(
        [
            soffice,
            f"-env:UserInstallation=file://{profile}",
            "--headless",
            "--convert-to",
            target,
            "--outdir",
            str(folder),
            str(path),
        ],
        capture_output=True,
        text=True,
        timeout=180,
        check=False,
        env={**os.environ, "HOME": str(folder)},
    )
    assert done.returncode == 0, done.stderr
