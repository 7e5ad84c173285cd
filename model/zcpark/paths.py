"""Where results go: runs/<park>/<scenario>/ for a single run, runs/<park>/<study>/<run>/ for the
runs of a batch study, with folder names that cannot leave runs/<park>/. No solver, no Dask."""
from __future__ import annotations

import hashlib
import re
from pathlib import Path

RESULTS_FILE = "results.xlsx"      # a run's results, in its run folder
DIAGNOSIS_FILE = "diagnosis.xlsx"  # an infeasible run's Diagnosis, next to (never over) an earlier results.xlsx
MAX_NAME = 64  # characters: 64 Chinese characters are 192 bytes, within every file system's 255
# Device names Windows refuses as a file or folder name, with or without an extension.
WINDOWS_RESERVED = {"CON", "PRN", "AUX", "NUL", *(f"COM{i}" for i in range(1, 10)), *(f"LPT{i}" for i in range(1, 10))}


def slug(text, default: str = "park") -> str:
    """A folder name that stays inside its parent folder on every system (keeps Chinese characters).

    Word characters, '.' and '-' are kept, any other run of characters becomes '_' (so no '/',
    '\\' or drive colon); leading and trailing dots and '_' are dropped (so never '.', '..' or a
    hidden folder); a Windows device name (CON, NUL, COM1 ...) gets a '_' after it; a name longer
    than MAX_NAME is cut and ends with 8 hex digits of the whole name's SHA-1, so that two long
    names stay apart; an empty result is `default`."""
    text = str(text)
    name = re.sub(r"[^\w.-]+", "_", text).strip("._")
    if not name:
        return default
    head, dot, tail = name.partition(".")
    if head.upper() in WINDOWS_RESERVED:
        name = f"{head}_{dot}{tail}"
    if len(name) > MAX_NAME:
        digest = hashlib.sha1(text.encode("utf-8", "surrogatepass")).hexdigest()[:8]
        name = f"{name[:MAX_NAME - 9].rstrip('._')}_{digest}"
    return name


def output_path(data, runs_dir: str | Path = "runs", study: str | None = None) -> Path:
    """results.xlsx of a run: runs/<park>/<scenario>/, or runs/<park>/<study>/<run>/ for a run of
    a batch study, so a batch never replaces the results of a single run."""
    park = Path(runs_dir) / slug(Path(data.source).stem)
    return (park / slug(study) if study else park) / slug(data.scenario, default="run") / RESULTS_FILE
