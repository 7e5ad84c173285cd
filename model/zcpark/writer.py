"""Write the results workbook atomically. Plain tables in, .xlsx out; no Pyomo here."""
from __future__ import annotations

import math
import os
import tempfile
from pathlib import Path

import numpy as np
import pandas as pd
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter

BOLD = Font(bold=True)


def _cell_value(v):
    if isinstance(v, (np.floating, float)):
        return None if math.isnan(v) else float(v)
    if isinstance(v, np.integer):
        return int(v)
    if isinstance(v, np.bool_):
        return bool(v)
    return v


def _write_frame(wb, name: str, frame: pd.DataFrame) -> None:
    ws = wb.create_sheet(name)
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
        ws.append([_cell_value(v) for v in row])


def write_results(path: str | Path, sheets: dict[str, pd.DataFrame]) -> Path:
    """Write `sheets` (in order) to `path` via a temporary file in the same folder, then
    rename it into place: an interrupted run never leaves a half-written workbook."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    wb = Workbook(write_only=True)
    for name, frame in sheets.items():
        _write_frame(wb, name, frame)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.stem}-", suffix=".xlsx.part", dir=path.parent)
    os.close(fd)
    try:
        wb.save(tmp)
        os.replace(tmp, path)
    finally:
        if os.path.exists(tmp):
            os.unlink(tmp)
    return path
