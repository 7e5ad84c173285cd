"""Write the results workbook atomically. Plain tables in, .xlsx out; no Pyomo here."""
from __future__ import annotations

import math
import os
import tempfile
from collections.abc import Callable, Mapping
from pathlib import Path

import numpy as np
import pandas as pd
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter
from openpyxl.worksheet._write_only import WriteOnlyWorksheet

BOLD = Font(bold=True)


def cell_value(v):
    """A DataFrame value as openpyxl takes it: NaN -> blank, numpy scalars -> Python."""
    if isinstance(v, (np.floating, float)):
        return None if math.isnan(v) else float(v)
    if isinstance(v, np.integer):
        return int(v)
    if isinstance(v, np.bool_):
        return bool(v)
    return v


def _write_frame(wb, name: str, frame: pd.DataFrame) -> None:
    ws = wb.create_sheet(name)
    write_table(ws, frame)
    return ws


def write_table(ws, frame: pd.DataFrame) -> None:
    """The default sheet writer: `frame` as a table under a bold, frozen header row."""
    ws.freeze_panes = "A2"  # the header stays visible on long sheets (Dispatch: 8760 rows)
    for i, c in enumerate(frame.columns, start=1):
        ws.column_dimensions[get_column_letter(i)].width = max(12, min(60, len(str(c)) + 2))
    header = []
    for c in frame.columns:
        cell = WriteOnlyCell(ws, value=str(c))
        cell.font = BOLD
        header.append(cell)
    ws.append(header)
    for row in frame.itertuples(index=False, name=None):
        ws.append([cell_value(v) for v in row])


# A sheet writer fills one write-only sheet itself: writer(ws, frame, sheets), every sheet of the
# workbook at hand (e.g. to chart another sheet's ranges). Column widths and frozen panes must be
# set before the first row is appended; charts and conditional formats may be added at any time.
SheetWriter = Callable[[WriteOnlyWorksheet, pd.DataFrame, Mapping[str, pd.DataFrame]], None]


def save_atomically(path: str | Path, save: Callable[[str], None]) -> Path:
    """Call save(temporary path) in `path`'s folder, then rename the file into place: an
    interrupted run never leaves a half-written file."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.stem}-", suffix=f"{path.suffix}.part", dir=path.parent)
    os.close(fd)
    try:
        save(tmp)
        os.replace(tmp, path)
    finally:
        if os.path.exists(tmp):
            os.unlink(tmp)
    return path


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
