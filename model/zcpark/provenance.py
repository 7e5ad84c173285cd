"""Where a result came from, for every Meta sheet (runs, audits): the input file's SHA-256 and the
versions of zcpark and its solver stack. Light: importing it loads no solver."""
from __future__ import annotations

import hashlib
import platform
from importlib import metadata
from pathlib import Path

from zcpark import __version__


def file_sha256(path: Path) -> str:
    h = hashlib.sha256()
    with open(path, "rb") as f:
        for chunk in iter(lambda: f.read(1 << 20), b""):
            h.update(chunk)
    return h.hexdigest()


def versions() -> list[tuple[str, str]]:
    out = [("zcpark", __version__), ("python", platform.python_version())]
    for pkg in ("pyomo", "highspy", "pandas", "openpyxl", "python-calamine", "numpy", "tsam"):
        try:
            out.append((pkg, metadata.version(pkg)))
        except metadata.PackageNotFoundError:
            out.append((pkg, "not installed"))
    return out
