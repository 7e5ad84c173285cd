"""Write results safely: atomically, as text where the input gave text, and never losing a solve.

- Every file goes to a temporary file in its folder and is renamed into place (save_atomically):
  an interrupted run never leaves a half-written file, and the previous file stays intact.
- Text from the input (park, tech and scenario names, headers) never becomes a formula: a string
  cell is always written as a string (spreadsheet_cell), and CSV text that a spreadsheet would
  read as a formula is quoted (csv_text).
- Before a long solve, check_writable says at once if the output cannot be written; after the
  solve, write_with_fallback writes somewhere else rather than lose the results.
Plain tables in, .xlsx out; no Pyomo here.
"""
from __future__ import annotations

import copy
import datetime as dt
import math
import os
import re
import secrets
import socket
import tempfile
import time
from collections.abc import Callable, Mapping
from pathlib import Path

import numpy as np
import pandas as pd
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter
from openpyxl.worksheet._write_only import WriteOnlyWorksheet

from zcpark.errors import OutputError

BOLD = Font(bold=True)
# What a spreadsheet opening a CSV file reads as the start of a formula (OWASP "CSV injection").
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
STALE_SECONDS = 3600  # a temporary file older than this is left over from a crashed write (writes take seconds)


# ---- Cells -------------------------------------------------------------------------------------

def cell_value(v):
    """A DataFrame value as openpyxl takes it: NaN -> blank, numpy scalars -> Python."""
    if isinstance(v, (np.floating, float)):
        return None if math.isnan(v) else float(v)
    if isinstance(v, np.integer):
        return int(v)
    if isinstance(v, np.bool_):
        return bool(v)
    return v


def spreadsheet_cell(ws, value, font: Font | None = None) -> WriteOnlyCell:
    """A write-only cell holding `value` (as cell_value); a string is always a string cell, so
    text such as "=HYPERLINK(...)" from a park or tech name is shown, never run (openpyxl would
    otherwise store any string starting with "=" as a formula, and "#N/A" as an error). Control
    characters, which a workbook cannot hold, are dropped rather than fail the write."""
    value = cell_value(value)
    if isinstance(value, str):
        value = ILLEGAL_CHARACTERS_RE.sub("", value)
    cell = WriteOnlyCell(ws, value=value)
    if isinstance(value, str):
        cell.data_type = "s"
    if font is not None:
        cell.font = font
    return cell


def _row_cells(ws, row) -> list:
    """One table row: numbers as plain values (fast on the 8760-row Dispatch), text as string cells."""
    return [spreadsheet_cell(ws, v) if isinstance(v, str) else cell_value(v) for v in row]


def csv_text(value):
    """`value` for a CSV file: text that a spreadsheet would read as a formula gets a leading
    apostrophe (shown as text); numbers and other text unchanged."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def csv_safe(frame: pd.DataFrame) -> pd.DataFrame:
    """A copy of `frame` whose text cells and headers are csv_text."""
    out = frame.rename(columns=lambda c: csv_text(str(c)))
    for c in out.columns:
        if not pd.api.types.is_numeric_dtype(out[c]):  # object or string columns (pandas 3: str)
            out[c] = out[c].map(csv_text)
    return out


# ---- Tables ------------------------------------------------------------------------------------

def _write_frame(wb, name: str, frame: pd.DataFrame) -> None:
    ws = wb.create_sheet(name)
    write_table(ws, frame)
    return ws


# Numbers of 1000 or more get thousands separators; smaller ones (shares, factors, MW of a small
# park) keep General, which shows every significant digit. The value itself is never rounded.
THOUSANDS = "#,##0.0"
LARGE = 1000.0
# Solver noise (a zero that came back as -1.35e-09) is shown as 0, without a minus sign; the
# stored value is unchanged, so a formula or a reader still sees it.
NOISE = 1e-6
NOISE_FORMAT = "0;0;0"
# In a column of mixed text and numbers (Summary's and Finance's value), a fraction shows at most
# six decimals (0.168626 rather than 0.16862555230486).
FRACTION_FORMAT = "0.0#####"
WIDTH_SAMPLE = 500  # rows read to size a column (the 8760-row Dispatch is sized on its first rows)


def _shown(v) -> str:
    """About what a cell shows, to size its column."""
    v = cell_value(v)
    if isinstance(v, float):
        return f"{v:,.1f}" if abs(v) >= LARGE else f"{v:.6g}"
    return "" if v is None else str(v)


def column_widths(frame: pd.DataFrame) -> list[float]:
    """Width of each column: its header or its widest shown value (first WIDTH_SAMPLE rows), 12..60."""
    sample = frame.head(WIDTH_SAMPLE)
    return [max(12, min(60, max([len(str(c)), *(len(_shown(v)) for v in sample[c])]) + 2)) for c in frame.columns]


def _formatted_float_columns(frame: pd.DataFrame) -> set[int]:
    """Positions of float columns holding a value of LARGE or more (THOUSANDS) or noise (NOISE_FORMAT)."""
    out = set()
    for i, c in enumerate(frame.columns):
        if pd.api.types.is_float_dtype(frame[c]):
            size = frame[c].abs()
            if bool(((size >= LARGE) | ((size > 0) & (size < NOISE))).any()):
                out.add(i)
    return out


def _style(ws, number_format: str):
    """The style array of a cell in `number_format`, looked up once per sheet (setting
    number_format on every cell of a large Dispatch would double the write time)."""
    cell = WriteOnlyCell(ws, value=0.0)
    cell.number_format = number_format
    return cell._style


def _formatted(ws, value, style) -> WriteOnlyCell:
    cell = WriteOnlyCell(ws, value=value)
    cell._style = copy.copy(style)
    return cell


def write_table(ws, frame: pd.DataFrame) -> None:
    """The default sheet writer: `frame` as a table under a bold, frozen header row; columns as
    wide as their content; numbers of 1000 or more with thousands separators (THOUSANDS), solver
    noise below NOISE shown as 0."""
    ws.freeze_panes = "A2"  # the header stays visible on long sheets (Dispatch: 8760 rows)
    for i, width in enumerate(column_widths(frame), start=1):
        ws.column_dimensions[get_column_letter(i)].width = width
    ws.append([spreadsheet_cell(ws, str(c), BOLD) for c in frame.columns])
    mixed = {i for i, c in enumerate(frame.columns) if frame[c].dtype == object}  # e.g. Summary's value
    formatted = _formatted_float_columns(frame) | mixed
    thousands, noise, fraction = _style(ws, THOUSANDS), _style(ws, NOISE_FORMAT), _style(ws, FRACTION_FORMAT)
    for row in frame.itertuples(index=False, name=None):
        cells = _row_cells(ws, row)
        for i in formatted:
            v = cells[i]
            if isinstance(v, (int, float)) and not isinstance(v, bool):
                if abs(v) >= LARGE:
                    cells[i] = _formatted(ws, v, thousands)
                elif 0 < abs(v) < NOISE:
                    cells[i] = _formatted(ws, v, noise)
                elif i in mixed and isinstance(v, float) and not v.is_integer():
                    cells[i] = _formatted(ws, v, fraction)
        ws.append(cells)


# A sheet writer fills one write-only sheet itself: writer(ws, frame, sheets), every sheet of the
# workbook at hand (e.g. to chart another sheet's ranges). Column widths and frozen panes must be
# set before the first row is appended; charts and conditional formats may be added at any time.
SheetWriter = Callable[[WriteOnlyWorksheet, pd.DataFrame, Mapping[str, pd.DataFrame]], None]


# ---- Temporary files ---------------------------------------------------------------------------
# A temporary file is named .<stem>-<host>-<pid>-<random><suffix>.part: the next write of the same
# file removes those of a process of this machine that is gone (a run stopped by a crash or a kill)
# and, from any machine (a dask worker elsewhere on a shared folder), those older than
# STALE_SECONDS. A concurrent run's file is never removed: its process is alive and its file new.

def _host() -> str:
    return re.sub(r"[^A-Za-z0-9]+", "", socket.gethostname())[:32] or "host"


def _temporary_path(path: Path) -> Path:
    """A new, empty temporary file next to `path`, with the user's normal permissions (umask)."""
    while True:
        tmp = path.with_name(f".{path.stem}-{_host()}-{os.getpid()}-{secrets.token_hex(4)}{path.suffix}.part")
        try:  # 0o666 & ~umask, as for any file the user creates (tempfile.mkstemp would give 0o600)
            os.close(os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o666))
            return tmp
        except FileExistsError:
            continue


def _process_gone(pid: int) -> bool:
    """Whether no process of this machine has this id (never on Windows, where os.kill would kill it)."""
    if os.name == "nt":
        return False
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return True
    except OSError:  # exists, owned by another user
        return False
    return False


def remove_stale_temporaries(path: str | Path) -> list[Path]:
    """Remove the temporary files that interrupted writes of `path` left behind; returns them."""
    path = Path(path)
    pattern = re.compile(rf"^\.{re.escape(path.stem)}-(?:([A-Za-z0-9]+)-(\d+)-)?[A-Za-z0-9_]+"
                         rf"{re.escape(path.suffix)}\.part$")
    removed = []
    try:
        candidates = list(path.parent.iterdir())
    except OSError:
        return removed
    for tmp in candidates:
        match = pattern.match(tmp.name)
        if not match:
            continue
        host, pid = match.groups()
        try:
            old = time.time() - tmp.stat().st_mtime > STALE_SECONDS
            if old or (host == _host() and pid is not None and _process_gone(int(pid))):
                tmp.unlink()
                removed.append(tmp)
        except OSError:  # removed meanwhile by another run, or not ours to remove
            continue
    return removed


def save_atomically(path: str | Path, save: Callable[[str], None]) -> Path:
    """Call save(temporary path) in `path`'s folder, then rename the file into place: an
    interrupted run never leaves a half-written file. Temporary files that earlier interrupted
    writes of `path` left behind are removed first."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    remove_stale_temporaries(path)
    tmp = _temporary_path(path)
    try:
        save(str(tmp))
        os.replace(tmp, path)
    finally:
        if tmp.exists():
            tmp.unlink()
    return path


# ---- Before and after a solve ------------------------------------------------------------------

def _reason(exc: OSError) -> str:
    return exc.strerror or type(exc).__name__


def check_writable(path: str | Path) -> None:
    """Raise OutputError, naming the path, unless `path` can be written now: its folder, or the
    nearest existing folder above it, can be written (a file created and removed there), and an
    existing file can be opened for writing (Windows locks a workbook open in Excel; a read-only
    file is refused too, as Windows would refuse to replace it). Nothing is made or changed;
    stale temporary files of `path` are removed."""
    path = Path(path)
    existing = path.parent
    while not existing.exists() and existing != existing.parent:
        existing = existing.parent
    try:
        if not existing.is_dir():
            raise NotADirectoryError(20, f"{existing} is a file, not a folder")
        _temporary_path(existing / path.name).unlink()
    except OSError as exc:
        raise OutputError(f"cannot write the output folder {path.parent} ({_reason(exc)}): "
                          "choose another --runs-dir or make the folder writable") from exc
    remove_stale_temporaries(path)
    if path.exists():
        try:
            with open(path, "ab"):  # opening for append changes nothing, not even the file's time
                pass
        except OSError as exc:
            raise OutputError(f"{path} cannot be replaced ({_reason(exc)}): close it in Excel, or make it "
                              "writable, then run again") from exc


def fallback_paths(path: Path, now: dt.datetime | None = None) -> list[Path]:
    """Where a file goes when `path` cannot be written: <stem>-<timestamp><suffix> next to it, then
    the system temp folder (the name keeps the run's folder names, e.g. zcpark-park-base-results-...)."""
    stamp = (now or dt.datetime.now()).strftime("%Y%m%d-%H%M%S")
    name = f"{path.stem}-{stamp}{path.suffix}"
    where = "-".join(part for part in path.parent.parts[-2:] if part not in ("/", "\\"))
    return [path.with_name(name), Path(tempfile.gettempdir()) / f"zcpark-{where}-{name}"]


def write_with_fallback(path: str | Path, write: Callable[[Path], Path]) -> tuple[Path, str | None]:
    """write(path); if that fails with an OSError (disk full, permission, a file locked since the
    check), write(fallback) at each of fallback_paths in turn. Returns (the path written, a warning
    saying why it is not `path`, or None). Raises OutputError, naming every path tried, only when
    no place can be written."""
    path = Path(path)
    failures = []
    for target in [path, *fallback_paths(path)]:
        try:
            written = write(target)
        except OSError as exc:
            failures.append(f"{target} ({_reason(exc)})")
            continue
        if target == path:
            return written, None
        return written, f"could not write {failures[0]}; wrote {written} instead"
    raise OutputError("could not write the results anywhere: " + "; ".join(failures))


# ---- Workbooks ---------------------------------------------------------------------------------

def write_results(path: str | Path, sheets: dict[str, pd.DataFrame], charts: dict[str, list] | None = None,
                  writers: Mapping[str, SheetWriter] | None = None) -> Path:
    """Write `sheets` (in order) to `path` via a temporary file in the same folder, then
    rename it into place: an interrupted run never leaves a half-written workbook.
    `charts` (optional): sheet name -> [(openpyxl chart, anchor cell such as "H2")] drawn on it.
    `writers` (optional): sheet name -> SheetWriter for sheets that are more than a table
    (dashboard.SHEET_WRITERS: the Dashboard, the matching heat map)."""
    wb = Workbook(write_only=True)  # streaming keeps the 8760-row Dispatch fast
    for name, frame in sheets.items():
        if writers and name in writers:
            ws = wb.create_sheet(name)
            writers[name](ws, frame, sheets)
        else:
            ws = _write_frame(wb, name, frame)
        for chart, anchor in (charts or {}).get(name, ()):
            ws.add_chart(chart, anchor)
    return save_atomically(path, wb.save)
