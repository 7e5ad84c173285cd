"""Read an input workbook into validated ParkData, collecting every problem.

Cells are read as saved values (python-calamine), never formulas. Rows are reported
as Excel shows them (the header is row 1). Nothing here writes the workbook.
"""
from __future__ import annotations

import datetime as _dt
import math
from pathlib import Path

import numpy as np
import python_calamine

from . import schema
from .data import ParkData, Target
from .errors import InputError, Problem
from .schema import Field, Sheet

YES = {"yes", "y", "true", "1", "是", "on"}
NO = {"no", "n", "false", "0", "否", "off"}


def _blank(v) -> bool:
    return v is None or (isinstance(v, str) and v.strip() == "") or (isinstance(v, float) and math.isnan(v))


def _show(v) -> str:
    return repr(v) if isinstance(v, str) else str(v)


class _Collector:
    """Collects problems; `cell` converts one cell by its Field, or records why it cannot."""

    def __init__(self):
        self.problems: list[Problem] = []

    def add(self, sheet, row, column, found, expected):
        self.problems.append(Problem(sheet, row, column, found, expected))

    def cell(self, sheet: str, row: int | None, f: Field, raw, column: str | None = None):
        """Convert one cell; `column` names the Excel column when it is not the field's name."""
        col = column or f.name
        if _blank(raw):
            if f.required:
                self.add(sheet, row, col, "an empty cell (or a formula with no saved value)", f"a {_describe(f)}")
            return f.default
        try:
            value = _convert(f, raw)
        except ValueError:
            self.add(sheet, row, col, _show(raw), f"a {_describe(f)}")
            return f.default
        if f.kind in ("number", "int") and not (f.lo <= value <= f.hi):
            self.add(sheet, row, col, _show(raw), f"a {_describe(f)}")
            return f.default
        return value


def _describe(f: Field) -> str:
    if f.kind == "choice":
        return "one of " + ", ".join(f.choices)
    if f.kind == "yesno":
        return "yes or no"
    if f.kind == "text":
        return "text"
    word = "whole number" if f.kind == "int" else "number"
    if f.lo > -math.inf and f.hi < math.inf:
        return f"{word} from {f.lo:g} to {f.hi:g}" + (f" {f.unit}" if f.unit else "")
    if f.lo > -math.inf:
        return f"{word} ≥ {f.lo:g}" + (f" {f.unit}" if f.unit else "")
    return word + (f" in {f.unit}" if f.unit else "")


def _convert(f: Field, raw):
    if f.kind == "text":
        if isinstance(raw, float) and raw.is_integer():
            return str(int(raw))
        return str(raw).strip()
    if f.kind == "yesno":
        if isinstance(raw, bool):
            return raw
        s = str(raw).strip().lower()
        if s in YES:
            return True
        if s in NO:
            return False
        raise ValueError
    if f.kind == "choice":
        s = str(raw).strip().lower()
        if s not in f.choices:
            raise ValueError
        return s
    if isinstance(raw, bool) or isinstance(raw, (_dt.date, _dt.time, _dt.timedelta)):
        raise ValueError
    value = float(str(raw).strip().replace(",", "")) if isinstance(raw, str) else float(raw)
    if not math.isfinite(value):
        raise ValueError
    if f.kind == "int":
        if not value.is_integer():
            raise ValueError
        return int(value)
    return value


def _rows(raw_sheet: list[list]) -> tuple[list[str], list[tuple[int, list]]]:
    """Header names and (excel_row, cells) for each non-empty data row."""
    if not raw_sheet:
        return [], []
    header = ["" if _blank(h) else str(h).strip() for h in raw_sheet[0]]
    rows = [(i + 2, r) for i, r in enumerate(raw_sheet[1:]) if not all(_blank(v) for v in r)]
    return header, rows


def _read_params(sheet: Sheet, raw, col: _Collector) -> dict:
    header, rows = _rows(raw)
    for need in ("parameter", "value"):
        if need not in header:
            col.add(sheet.name, 1, need, "no such column", f"a header cell named {need!r}")
    values = {f.name: f.default for f in sheet.fields}
    if "parameter" not in header or "value" not in header:
        return values
    ip, iv = header.index("parameter"), header.index("value")
    known = {f.name: f for f in sheet.fields}
    seen: set[str] = set()
    for excel_row, cells in rows:
        name = "" if _blank(cells[ip]) else str(cells[ip]).strip()
        if name not in known:
            col.add(sheet.name, excel_row, "parameter", _show(cells[ip]), "one of " + ", ".join(known))
            continue
        if name in seen:
            col.add(sheet.name, excel_row, "parameter", _show(name), "each parameter once")
        seen.add(name)
        values[name] = col.cell(sheet.name, excel_row, known[name], cells[iv] if iv < len(cells) else None,
                                column=f"value ({name})")
    for f in sheet.fields:
        if f.required and f.name not in seen:
            col.add(sheet.name, None, "parameter", f"no row for {f.name!r}", f"a row with parameter {f.name!r}")
    return values


def _read_table(sheet: Sheet, raw, col: _Collector) -> list[dict]:
    """Rows as dicts (plus '_row': the Excel row). Unknown extra columns are kept as given."""
    header, rows = _rows(raw)
    missing = [f.name for f in sheet.fields if f.required and f.name not in header]
    for name in missing:
        col.add(sheet.name, 1, name, "no such column", f"a header cell named {name!r}")
    if missing:
        return []
    index = {h: i for i, h in enumerate(header) if h}
    out, seen = [], {}
    for excel_row, cells in rows:
        rec = {"_row": excel_row}
        for f in sheet.fields:
            i = index.get(f.name)
            rec[f.name] = col.cell(sheet.name, excel_row, f, cells[i] if i is not None and i < len(cells) else None)
        key = tuple(rec[k] for k in sheet.key)
        if sheet.key and None not in key:
            if key in seen:
                col.add(sheet.name, excel_row, "/".join(sheet.key), "/".join(map(str, key)),
                        f"a unique id (already used in row {seen[key]})")
            seen[key] = excel_row
        out.append(rec)
    return out


def _read_profiles(raw, col: _Collector) -> dict[str, np.ndarray]:
    name = "Profiles"
    header, _ = _rows(raw)
    if "electric_load_mw" not in header:
        col.add(name, 1, "electric_load_mw", "no such column", "a header cell named 'electric_load_mw'")
        return {}
    body = raw[1:]
    while body and all(_blank(v) for v in body[-1]):
        body = body[:-1]
    n = len(body)
    if n == 0 or n % 24:
        col.add(name, None, None, f"{n} time-step rows", "a whole number of days (a multiple of 24 rows; 8760 for a year)")
    fixed = {f.name: f for f in schema.PROFILE_FIXED}
    out: dict[str, np.ndarray] = {}
    for j, h in enumerate(header):
        if not h or h == "hour":
            continue
        values = np.empty(n)
        bad = 0
        for i, cells in enumerate(body):
            v = cells[j] if j < len(cells) else None
            try:
                if _blank(v) or isinstance(v, bool):
                    raise ValueError
                values[i] = float(v)
                if not math.isfinite(values[i]):
                    raise ValueError
            except (TypeError, ValueError):
                bad += 1
                if bad <= 3:
                    col.add(name, i + 2, h, "an empty cell" if _blank(v) else _show(v), "a number")
                values[i] = 0.0
        if bad > 3:
            col.add(name, None, h, f"{bad} non-numeric or empty cells in all", "a number in every row")
        f = fixed.get(h)
        if f is not None and bad == 0:
            low = np.flatnonzero(values < f.lo)
            if len(low):
                col.add(name, int(low[0]) + 2, h, f"{values[low[0]]:g} ({len(low)} such rows)", f"a value ≥ {f.lo:g}")
        out[h] = values
    if "hour" in header and not col.problems:
        j = header.index("hour")
        hours = [r[j] for r in body]
        for i, v in enumerate(hours):
            if _blank(v) or not isinstance(v, (int, float)) or v != i + 1:
                col.add(name, i + 2, "hour", _show(v), f"{i + 1} (rows in order 1..N)")
                break
    return out


def _sheet_or_none(book, name: str, required: bool, col: _Collector):
    if name in book.sheet_names:
        return book.get_sheet_by_name(name).to_python(skip_empty_area=False)
    if required:
        col.add(name, None, None, "no such sheet", f"a sheet named {name!r} (see `zcpark template`)")
    return None


def read_workbook(path: str | Path, scenario: str | None = None) -> ParkData:
    """Read and validate a park workbook; raise InputError listing every problem."""
    path = Path(path)
    if not path.exists():
        raise InputError([Problem(str(path), None, None, "no such file", "an .xlsx park workbook")])
    try:
        book = python_calamine.CalamineWorkbook.from_path(str(path))
    except Exception as exc:  # calamine raises its own types for corrupt files
        raise InputError([Problem(path.name, None, None, f"a file that cannot be read ({exc})", "an .xlsx workbook")])
    col = _Collector()
    raw = {s.name: _sheet_or_none(book, s.name, s.required, col) for s in schema.SHEETS}
    raw_profiles = _sheet_or_none(book, "Profiles", True, col)
    book.close()

    park = _read_params(schema.PARK, raw["Park"], col) if raw["Park"] is not None else {}
    grid = _read_params(schema.GRID, raw["Grid"], col) if raw["Grid"] is not None else {}
    tables = {name: (_read_table(schema.SHEETS_BY_NAME[name], raw[name], col) if raw[name] is not None else [])
              for name in ("Targets", "Renewables", "Storage", "HeatSupply", "Fuels", "DirectLines",
                           "Tariff", "GreenMarket", "Scenarios")}
    profiles = _read_profiles(raw_profiles, col) if raw_profiles is not None else {}

    from .validate import apply_scenario, build_park_data  # cross-sheet checks live there
    if scenario not in (None, "base"):
        apply_scenario(scenario, park, grid, tables, col)
    data = build_park_data(park, grid, tables, profiles, col)
    if col.problems:
        raise InputError(col.problems, source=path.name)
    data.source = str(path)
    data.scenario = scenario or "base"
    return data
