"""The bookkeeping files of an owned output folder (see :mod:`inspection_sim.export.folder`).

* The manifest, ``.inspection-sim.json``, lists each file inspection-sim wrote with its SHA-256:
  a file listed with the same content is ours to update or remove.
* The staging mark, ``.inspection-sim-staging``, is in a temporary folder from its creation until
  it has been swapped in, and is removed last: a folder that still has it was never the output,
  and the files the mark lists are those of the old folder to delete.

Both are deterministic JSON. Either one unreadable counts as absent: nothing is taken for ours.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Mapping
from pathlib import Path

from inspection_sim.export.atomic import read_regular

__all__ = [
    "MANIFEST_NAME",
    "STAGING_MARK",
    "digest",
    "manifest_bytes",
    "mark_bytes",
    "read_manifest",
    "read_mark",
]

#: The manifest of an owned folder: which files inspection-sim wrote, with their hashes.
MANIFEST_NAME = ".inspection-sim.json"

#: Present in a temporary folder from its creation until it has been swapped in.
STAGING_MARK = ".inspection-sim-staging"


def read_manifest(folder: Path) -> dict[str, str] | None:
    """The manifest's file hashes; None when there is none or it cannot be read as one."""
    try:
        data = json.loads(read_regular(folder / MANIFEST_NAME))
    except (OSError, ValueError):
        return None
    files = data.get("files") if isinstance(data, dict) else None
    if not isinstance(files, dict):
        return None
    return {str(name): str(value) for name, value in files.items()}


def digest(data: bytes) -> str:
    """``sha256:<hex>``, as the manifest writes it."""
    return "sha256:" + hashlib.sha256(data).hexdigest()


def manifest_bytes(files: Mapping[str, bytes]) -> bytes:
    """The manifest of a folder holding ``files`` (name to content)."""
    document = {
        "about": "inspection-sim lists here the files it wrote, to update them safely next time",
        "files": {name: digest(data) for name, data in sorted(files.items())},
        "format": 1,
    }
    return (json.dumps(document, indent=2, sort_keys=True) + "\n").encode("utf-8")


def mark_bytes(discard: Mapping[str, str]) -> bytes:
    """A staging mark listing the old folder's files to delete once swapped (name to hash)."""
    return (json.dumps({"discard": dict(sorted(discard.items()))}, indent=2) + "\n").encode()


def read_mark(path: Path) -> dict[str, str]:
    """The files to discard that a staging mark lists; none when it is absent or unreadable."""
    try:
        data = json.loads(read_regular(path))
    except (OSError, ValueError):
        return {}
    listed = data.get("discard") if isinstance(data, dict) else None
    return {str(k): str(v) for k, v in listed.items()} if isinstance(listed, dict) else {}
