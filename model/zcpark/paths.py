"""Where results go: runs/<park>/<scenario>/, with folder-safe names. No solver, no Dask."""
from __future__ import annotations

import re
from pathlib import Path


def slug(text: str) -> str:
    """A folder-safe name (keeps Chinese characters)."""
    return re.sub(r"[^\w.-]+", "_", str(text)).strip("_") or "park"


def output_path(data, runs_dir: str | Path = "runs") -> Path:
    return Path(runs_dir) / slug(Path(data.source).stem) / slug(data.scenario) / "results.xlsx"
