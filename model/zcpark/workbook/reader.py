"""Read an input workbook into validated ParkData, collecting every problem.

Cells are read as saved values (python-calamine), never formulas. Rows are reported
as Excel shows them (the header is row 1). Nothing here writes the workbook.

A formula cell that was never calculated and saved (e.g. a workbook written by a script)
has no saved value and reads as blank. When a cell the model needs reads blank, the few
sheets holding such cells are opened once more with openpyxl to tell the two apart, so the
user is told to open and save the workbook rather than that the cell is empty.

Before any of that, workbook/package.py checks that the file is an .xlsx package that is safe to
parse. Blank cells take their documented default only, and every default applied is recorded as a
Note (ParkData.notes, the results' Warnings sheet), with the plausibility warnings of
workbook/plausibility.py. Merged cells in the columns read are errors (only their first cell holds
the value; calamine reads the others as blank).
"""
from __future__ import annotations

import dataclasses
import math
import unicodedata
from pathlib import Path

import numpy as np
import python_calamine
from openpyxl.utils import get_column_letter

from zcpark.workbook import schema
from zcpark.core.data import Note, ParkData
from zcpark.errors import InputError, Problem
from zcpark.workbook.cells import blank as _blank, describe_header, looks_like, name as _name
from zcpark.workbook.cells import number, percent_hint, resembles, show as _show
from zcpark.workbook.package import check_file_type, check_package
from zcpark.workbook.schema import Field, Sheet

YES = {"yes", "y", "true", "1", "是", "on"}
NO = {"no", "n", "false", "0", "否", "off"}
EMPTY = "an empty cell"
EMPTY_OR_FORMULA = "an empty cell (or a formula with no saved value, or an Excel error)"
FORMULA = "a formula with no saved value, {f} (open and save the workbook in Excel, or type the {what})"
SHEET_ORDER = (*(s.name for s in schema.SHEETS), "Profiles")  # the order problems are listed in
ERROR_CODES = ("#NULL!", "#DIV/0!", "#VALUE!", "#REF!", "#NAME?", "#NUM!", "#N/A", "#GETTING_DATA",
               "#SPILL!", "#CALC!")  # Excel error values: calamine reads them blank


@dataclasses.dataclass
class RawSheet:
    """A sheet as calamine read it: rows of cell values, and its merged ranges, each
    ((first row, first column), (last row, last column)), 0-based."""
    rows: list[list]
    merged: list


@dataclasses.dataclass
class _Blank:
    """A cell that read blank where a value may matter: maybe a formula with no saved value."""
    sheet: str
    row: int
    col: int                  # 1-based Excel column index
    column: str               # column name for a new Problem
    problem: int | None       # index into problems of the problem already recorded, if any
    expected: str
    what: str                 # "number" or "value"


class _Collector:
    """Collects problems and notes; `cell` converts one cell by its Field, or records why it cannot."""

    def __init__(self):
        self.problems: list[Problem] = []
        self.blanks: list[_Blank] = []
        self.notes: list[Note] = []
        self.param_rows: dict[tuple[str, str], int] = {}  # (sheet, parameter) -> Excel row, for notes

    def add(self, sheet, row, column, found, expected):
        self.problems.append(Problem(sheet, row, column, found, expected))

    def note(self, sheet, row, column, kind, message):
        self.notes.append(Note(sheet, row, column, kind, message))

    def blank(self, sheet, row, col, column, expected, what="number", reported=True):
        """Remember a blank cell (the problem just added, if `reported`) for the formula check."""
        if row is not None and col is not None:
            self.blanks.append(_Blank(sheet, row, col, column, len(self.problems) - 1 if reported else None,
                                      expected, what))

    def cell(self, sheet: str, row: int | None, f: Field, raw, column: str | None = None, col: int | None = None,
             fraction: bool | None = None):
        """Convert one cell; `column` names the Excel column when it is not the field's name,
        `col` is its 1-based Excel column index (for the formula check); `fraction` overrides
        f.fraction (a Targets value is a share or not by its indicator)."""
        name = column or f.name
        if _blank(raw):
            what = "number" if f.kind in ("number", "int") else "value"
            if f.required:
                self.add(sheet, row, name, EMPTY_OR_FORMULA, f"a {_describe(f)}")
            self.blank(sheet, row, col, name, f"a {_describe(f)}", what, reported=f.required)
            used = default_text(f)
            if used and not f.required:
                self.note(sheet, row, name, "default", f"blank: {used}")
            return f.default
        try:
            value = _convert(f, raw, f.fraction if fraction is None else fraction)
        except ValueError as exc:
            hint = getattr(exc, "hint", "")
            self.add(sheet, row, name, _show(raw), f"a {_describe(f)}" + (f": {hint}" if hint else ""))
            return f.default
        if f.kind in ("number", "int"):
            if abs(value) >= f.max_abs:
                self.add(sheet, row, name, _show(raw), f"a {_describe(f)} below {f.max_abs:.0e} in size (larger "
                                                       "numbers break the solver; check the unit)")
                return f.default
            if not (f.lo <= value <= f.hi):
                hint = percent_hint(value, f.lo, f.hi) if f.fraction else ""
                self.add(sheet, row, name, _show(raw), f"a {_describe(f)}" + hint)
                return f.default
        return value


def default_text(f: Field) -> str:
    """What a blank cell of `f` becomes, in words ("0.08 1/yr used", "unlimited"), or "" when a blank
    just means "not given" (no default to record)."""
    if f.default is None:
        return f.blank_means
    if f.default == "":
        return ""
    if f.kind == "yesno":
        return f"default {'yes' if f.default else 'no'} used"
    if f.kind in ("number", "int"):
        return f"default {f.default:g}" + (f" {f.unit}" if f.unit and f.unit != "-" else "") + " used"
    return f"default {f.default!r} used"


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


def _convert(f: Field, raw, fraction: bool = False):
    if f.kind == "text":
        return _name(raw)
    if f.kind == "yesno":
        if isinstance(raw, bool):
            return raw
        s = unicodedata.normalize("NFKC", _name(raw)).lower()
        if s in YES:
            return True
        if s in NO:
            return False
        raise ValueError
    if f.kind == "choice":
        s = unicodedata.normalize("NFKC", str(raw)).strip().lower()
        if s not in f.choices:
            raise ValueError
        return s
    value = number(raw, fraction)
    if f.kind == "int":
        if not value.is_integer():
            raise ValueError
        return int(value)
    return value


def _rows(raw_sheet: list[list]) -> tuple[list[str], list[tuple[int, list]]]:
    """Header names and (excel_row, cells) for each non-empty data row."""
    if not raw_sheet:
        return [], []
    header = [_name(h) for h in raw_sheet[0]]
    rows = [(i + 2, r) for i, r in enumerate(raw_sheet[1:]) if not all(_blank(v) for v in r)]
    return header, rows


WHY_NEEDED = {"capex": "it holds an investment cost", "cost": "it holds a cost: a missing column would read as 0",
              "limit": "it holds a limit: a missing column would read as its default on every row"}


def _missing_column(col: _Collector, sheet: str, header: list[str], name: str, why: str = "") -> None:
    """A column the sheet needs is absent: say so, pointing at a header that looks like it."""
    near = resembles(name, [h for h in header if h])
    found = "no such column"
    if near is not None:
        letter = get_column_letter(header.index(near) + 1)
        found += f" (column {letter} is {describe_header(near)}: retype it as {name!r})"
    col.add(sheet, 1, name, found, f"a header cell named {name!r}" + (f" ({why})" if why else ""))


def _lookalike_headers(col: _Collector, sheet: str, header: list[str], names, reported) -> None:
    """A header that looks like a known column on screen (an invisible character, full-width
    letters) but is not it: the column would be ignored and its cells read as defaults."""
    for j, h in enumerate(header):
        if not h or h in names:
            continue
        same = looks_like(h, names)
        if same is not None and same not in header and same not in reported:
            col.add(sheet, 1, f"{same} (column {get_column_letter(j + 1)})", describe_header(h),
                    f"the column name {same!r} exactly: retype the header")


def _duplicate_columns(col: _Collector, sheet: str, header: list[str]) -> None:
    first: dict[str, int] = {}
    for j, h in enumerate(header):
        if not h:
            continue
        if h in first:
            col.add(sheet, 1, h, f"a second column named {h!r} (Excel column {get_column_letter(j + 1)}; the first is "
                                 f"column {get_column_letter(first[h] + 1)})", "each column name once")
        else:
            first[h] = j


def _merged_cells(col: _Collector, sheet: str, raw: RawSheet, header: list[str], used: set[int]) -> None:
    """Merged ranges over columns that are read: only their first cell holds the value and the
    others read blank (a cost merged over three rows would be 0 on two of them), so each is an error."""
    for (r0, c0), (r1, c1) in raw.merged or ():
        columns = [c for c in range(c0, c1 + 1) if c in used]
        if not columns or (r0, c0) == (r1, c1):
            continue
        ref = f"{get_column_letter(c0 + 1)}{r0 + 1}:{get_column_letter(c1 + 1)}{r1 + 1}"
        first = columns[0]
        name = header[first] if first < len(header) and header[first] else get_column_letter(first + 1)
        col.add(sheet, r0 + 1, name, f"merged cells {ref} (only {get_column_letter(c0 + 1)}{r0 + 1} holds the value; "
                "the others read as empty)", "one value in each cell: unmerge them and fill each one")


def _record_missing_params(col: _Collector, sheet: Sheet, seen: dict) -> None:
    for f in sheet.fields:
        used = default_text(f)
        if f.name not in seen and used and not f.required:
            col.note(sheet.name, None, f.name, "default", f"no row for this parameter: {used}")


def _read_params(sheet: Sheet, raw: RawSheet, col: _Collector) -> dict:
    header, rows = _rows(raw.rows)
    for need in ("parameter", "value"):
        if need not in header:
            _missing_column(col, sheet.name, header, need)
    _duplicate_columns(col, sheet.name, header)
    values = {f.name: f.default for f in sheet.fields}
    if "parameter" not in header or "value" not in header:
        return values
    ip, iv = header.index("parameter"), header.index("value")
    _merged_cells(col, sheet.name, raw, header, {ip, iv})
    known = {f.name: f for f in sheet.fields}
    seen: dict[str, int] = {}
    for excel_row, cells in rows:
        name = _name(cells[ip]) if ip < len(cells) else ""
        if name not in known:
            near = resembles(name, known) if name else None
            col.add(sheet.name, excel_row, "parameter", _show(cells[ip]) if name else EMPTY_OR_FORMULA,
                    (f"{near!r} (retype the name)" if near else "one of " + ", ".join(known)))
            if not name:
                col.blank(sheet.name, excel_row, ip + 1, "parameter", "a parameter name", "value")
            continue
        if name in seen:
            col.add(sheet.name, excel_row, "parameter", _show(name), f"each parameter once (already in row {seen[name]})")
        seen[name] = excel_row
        col.param_rows[(sheet.name, name)] = excel_row
        values[name] = col.cell(sheet.name, excel_row, known[name], cells[iv] if iv < len(cells) else None,
                                column=f"value ({name})", col=iv + 1)
    for f in sheet.fields:
        if f.required and f.name not in seen:
            col.add(sheet.name, None, "parameter", f"no row for {f.name!r}", f"a row with parameter {f.name!r}")
    _record_missing_params(col, sheet, seen)
    return values


def _read_table(sheet: Sheet, raw: RawSheet, col: _Collector) -> list[dict]:
    """Rows as dicts (plus '_row': the Excel row). Unknown extra columns are ignored, unless they
    look like a known column on screen. A sheet with rows must have its required columns and every
    column that carries a cost or a limit."""
    header, rows = _rows(raw.rows)
    missing = [f for f in sheet.fields if f.name not in header and (f.required or (f.role and rows))]
    for f in missing:
        _missing_column(col, sheet.name, header, f.name, "" if f.required else WHY_NEEDED[f.role])
    _duplicate_columns(col, sheet.name, header)
    _lookalike_headers(col, sheet.name, header, [f.name for f in sheet.fields], {f.name for f in missing})
    index: dict[str, int] = {}
    for i, h in enumerate(header):
        if h:
            index.setdefault(h, i)
    _merged_cells(col, sheet.name, raw, header, {index[f.name] for f in sheet.fields if f.name in index})
    if missing:
        return []
    for f in sheet.fields:
        if f.name not in index and rows and default_text(f):
            col.note(sheet.name, None, f.name, "default", f"no such column: {default_text(f)} on every row")
    out, seen = [], {}
    for excel_row, cells in rows:
        rec = {"_row": excel_row}
        for f in sheet.fields:
            i = index.get(f.name)
            raw_cell = cells[i] if i is not None and i < len(cells) else None
            if i is None:  # an absent optional column: its default, recorded once above
                rec[f.name] = f.default
                continue
            rec[f.name] = col.cell(sheet.name, excel_row, f, raw_cell, col=i + 1,
                                   fraction=schema.fraction_column(sheet.name, f, rec.get("indicator")))
        key = tuple(rec[k] for k in sheet.key)
        if sheet.key and None not in key and "" not in key:
            if key in seen:
                col.add(sheet.name, excel_row, "/".join(sheet.key), "/".join(map(str, key)),
                        f"a unique id (already used in row {seen[key]})")
            else:
                seen[key] = excel_row
        out.append(rec)
    return out


def _profile_value(v) -> float:
    if _blank(v) or isinstance(v, bool):
        raise ValueError
    return number(v)


def _data_end(rows: list[list], headed: list[int]) -> int:
    """Index (in `rows`, header = 0) of the first row that is empty in every headed column: the
    time steps end there. One pass over the rows (trimming from the end instead, one row at a
    time, copied the list each time: quadratic, 25 s for a space 100,000 rows below the data)."""
    for i in range(1, len(rows)):
        r = rows[i]
        if all(j >= len(r) or _blank(r[j]) for j in headed):
            return i
    return len(rows)


def _stray_cell(col: _Collector, rows: list[list], header: list[str], headed: list[int], end: int) -> None:
    """The first value below the empty row that ended the data (a note, a total row), named."""
    for i in range(end + 1, len(rows)):
        r = rows[i]
        for j in headed:
            if j < len(r) and not _blank(r[j]):
                col.add("Profiles", i + 1, header[j], f"{_show(r[j])} below the data (after the empty row {end + 1})",
                        "nothing below the last time step and no empty row between time steps: delete the stray "
                        "cell (move notes to another sheet) or the empty row")
                return


def _read_profiles(raw: RawSheet, col: _Collector) -> dict[str, np.ndarray]:
    name = "Profiles"
    header = [_name(h) for h in raw.rows[0]] if raw.rows else []
    if "electric_load_mw" not in header:
        _missing_column(col, name, header, "electric_load_mw")
        return {}
    _duplicate_columns(col, name, header)
    _lookalike_headers(col, name, header, [f.name for f in schema.PROFILE_FIXED], set())
    headed = [j for j, h in enumerate(header) if h]
    _merged_cells(col, name, raw, header, set(headed))
    end = _data_end(raw.rows, headed)
    _stray_cell(col, raw.rows, header, headed, end)
    body = raw.rows[1:end]
    n = len(body)
    if n == 0 or n % 24:
        col.add(name, None, None, f"{n} time-step rows", "a whole number of days (a multiple of 24 rows; 8760 for a year)")
    if n == 0:
        return {}
    fixed = {f.name: f for f in schema.PROFILE_FIXED}
    out: dict[str, np.ndarray] = {}
    for j, h in enumerate(header):
        if not h or h == "hour" or h in out:
            continue
        cells = [r[j] if j < len(r) else None for r in body]
        length = n
        while length and _blank(cells[length - 1]):
            length -= 1
        if length == 0 and h != "electric_load_mw":
            continue  # an empty optional column (e.g. the template's heat_load_mw) is an absent one
        if length < n:  # a ragged column: shorter than the longest one
            col.add(name, length + 2, h, f"{length} values (the column ends at Excel row {length + 1})",
                    f"{n} values, as many rows as the longest column (rows 2 to {n + 1})")
            col.blank(name, length + 2, j + 1, h, "a number")
        values = np.zeros(n)
        bad = 0
        one_by_one = range(length)
        if all(type(v) is float for v in cells[:length]):  # the usual case: numbers only, read at once
            values[:length] = cells[:length]
            if np.isfinite(values[:length]).all():
                one_by_one = range(0)
        for i in one_by_one:
            v = cells[i]
            try:
                values[i] = _profile_value(v)
            except (TypeError, ValueError, OverflowError) as exc:
                bad += 1
                if bad <= 3:
                    hint = getattr(exc, "hint", "")
                    col.add(name, i + 2, h, EMPTY_OR_FORMULA if _blank(v) else _show(v),
                            "a number" + (f": {hint}" if hint else ""))
                    if _blank(v):
                        col.blank(name, i + 2, j + 1, h, "a number")
        if bad > 3:
            col.add(name, None, h, f"{bad} non-numeric or empty cells in all", "a number in every row")
        f = fixed.get(h)
        huge = np.flatnonzero(np.abs(values) >= (f.max_abs if f is not None else schema.Field("").max_abs))
        if len(huge):
            col.add(name, int(huge[0]) + 2, h, f"{values[huge[0]]:g} ({len(huge)} such rows)",
                    "a number below 1e+09 in size (larger numbers break the solver; check the unit)")
        elif f is not None and bad == 0 and length == n:
            low = np.flatnonzero((values < f.lo) | (values > f.hi))
            if len(low):
                col.add(name, int(low[0]) + 2, h, f"{values[low[0]]:g} ({len(low)} such rows)", f"a {_describe(f)}")
        out[h] = values
    if "hour" in header:
        j = header.index("hour")
        for i, cells in enumerate(body):
            v = cells[j] if j < len(cells) else None
            if _blank(v) or isinstance(v, bool) or not isinstance(v, (int, float)) or v != i + 1:
                col.add(name, i + 2, "hour", EMPTY_OR_FORMULA if _blank(v) else
                        _name(v) if isinstance(v, (int, float)) else _show(v),
                        f"{i + 1} (rows in order 1..N)")
                if _blank(v):
                    col.blank(name, i + 2, j + 1, "hour", f"{i + 1} (rows in order 1..N)")
                break
    return out


def open_workbook(path: Path, sheets, what: str):
    """The calamine workbook at `path` once its bytes have passed the package checks (no zip or XML
    bomb, no stray cell that would need gigabytes, for the `sheets` to be read); an InputError
    naming the file otherwise. `what`: the kind of workbook, for the message ("park", "metered")."""
    if not path.is_file():
        raise InputError([Problem(str(path), None, None, "no such file", f"an .xlsx {what} workbook")])
    check_file_type(path)
    check_package(path, sheets)
    try:
        return python_calamine.CalamineWorkbook.from_path(str(path))
    except Exception as exc:  # calamine raises its own types for corrupt files
        raise InputError([Problem(path.name, None, None, f"a file that cannot be read ({exc})", "an .xlsx workbook")])


def _sheet_or_none(book, name: str, required: bool, col: _Collector) -> RawSheet | None:
    if name in book.sheet_names:
        try:
            sheet = book.get_sheet_by_name(name)
            return RawSheet(sheet.to_python(skip_empty_area=False), sheet.merged_cell_ranges or [])
        except Exception as exc:  # calamine raises its own types for unreadable sheets
            col.add(name, None, None, f"a sheet that cannot be read ({exc})", "a plain worksheet")
            return None
    if required:
        near = resembles(name, book.sheet_names)
        found = "no such sheet" + (f" (there is {describe_header(near)}: names are exact)" if near else "")
        col.add(name, None, None, found, f"a sheet named {name!r} (see `zcpark template`)")
    return None


def _formula_text(v) -> str | None:
    """The formula a cell holds (openpyxl, data_only=False), or None for a plain value."""
    if isinstance(v, str):
        return v if v.startswith("=") else None
    text = getattr(v, "text", None)  # ArrayFormula, DataTableFormula
    return text if isinstance(text, str) else None


def _cell_values(wb, sheet: str, cells: list) -> dict:
    """{(row, col): value} of the non-empty cells among `cells` ((row, col) pairs) of one sheet."""
    ws = wb[sheet]
    r0, r1 = min(r for r, _ in cells), max(r for r, _ in cells)
    c0, c1 = min(c for _, c in cells), max(c for _, c in cells)
    out = {}
    for i, row in enumerate(ws.iter_rows(min_row=r0, max_row=r1, min_col=c0, max_col=c1, values_only=True)):
        for k, v in enumerate(row):
            if v is not None:
                out[(r0 + i, c0 + k)] = v
    return out


def _open(path: Path, data_only: bool):
    try:
        from openpyxl import load_workbook
        return load_workbook(path, read_only=True, data_only=data_only)
    except Exception:  # not an OOXML workbook (e.g. .xls, .ods): keep the cautious wording
        return None


def _read_cells(path: Path, blanks: list[_Blank], data_only: bool) -> dict | None:
    """{(sheet, row, col): value} for the blanks' cells, opening only their sheets; None if unreadable."""
    wb = _open(path, data_only)
    if wb is None:
        return None
    out = {}
    try:
        by_sheet: dict[str, list] = {}
        for b in blanks:
            by_sheet.setdefault(b.sheet, []).append((b.row, b.col))
        for sheet, cells in by_sheet.items():
            try:
                out.update({(sheet, *rc): v for rc, v in _cell_values(wb, sheet, cells).items()})
            except Exception:
                continue
    finally:
        wb.close()
    return out


def _explain_blanks(path: Path, col: _Collector) -> None:
    """Tell formulas with no saved value (and Excel error values, which calamine also reads as blank)
    apart from empty cells, opening only the sheets that hold such cells."""
    if not col.blanks:
        return
    raw = _read_cells(path, col.blanks, data_only=False)
    if raw is None:
        return
    formulas = [b for b in col.blanks if _formula_text(raw.get((b.sheet, b.row, b.col))) is not None]
    saved = _read_cells(path, formulas, data_only=True) if formulas else {}
    for b in col.blanks:
        v = raw.get((b.sheet, b.row, b.col))
        formula = _formula_text(v)
        if b.problem is None:  # a blank optional cell: a cross-check may have reported it since
            b.problem = next((i for i, p in enumerate(col.problems)
                              if (p.sheet, p.row, p.column) == (b.sheet, b.row, b.column)), None)
        cached = (saved or {}).get((b.sheet, b.row, b.col))
        if formula is not None and isinstance(cached, str) and cached in ERROR_CODES:
            found = f"a formula whose saved value is the Excel error {cached}, {formula}"
        elif formula is not None:
            found = FORMULA.format(f=formula, what=b.what)
        elif isinstance(v, str) and v in ERROR_CODES:
            found = f"the Excel error {v}"
        else:
            if b.problem is not None and col.problems[b.problem].found == EMPTY_OR_FORMULA:
                col.problems[b.problem] = dataclasses.replace(col.problems[b.problem], found=EMPTY)
            continue
        if b.problem is None:
            col.add(b.sheet, b.row, b.column, found, b.expected)
        else:
            col.problems[b.problem] = dataclasses.replace(col.problems[b.problem], found=found)


def read_workbook(path: str | Path, scenario: str | None = None, overrides: list[dict] | None = None,
                  run_name: str | None = None) -> ParkData:
    """Read and validate a park workbook; raise InputError listing every problem.

    `scenario` applies that scenario of the Scenarios sheet; `overrides` (rows {sheet, key, column,
    value}, e.g. a frontier point: see validate.apply_overrides) are applied after it and checked
    the same way. `run_name` labels the result (Summary scenario, run folder); default: the
    scenario, or "base"."""
    path = Path(path)
    book = open_workbook(path, SHEET_ORDER, "park")
    col = _Collector()
    try:
        raw = {s.name: _sheet_or_none(book, s.name, s.required, col) for s in schema.SHEETS}
        raw_profiles = _sheet_or_none(book, "Profiles", True, col)
    finally:
        book.close()

    park = _read_params(schema.PARK, raw["Park"], col) if raw["Park"] is not None else {}
    grid = _read_params(schema.GRID, raw["Grid"], col) if raw["Grid"] is not None else {}
    tables = {name: (_read_table(schema.SHEETS_BY_NAME[name], raw[name], col) if raw[name] is not None else [])
              for name in ("Targets", "Renewables", "Storage", "HeatSupply", "Fuels", "DirectLines",
                           "Tariff", "GreenMarket", "Offsets", "ProcessEmissions", "HeatTrade", "Guiding",
                           "Scenarios", "Years", "YearValues")}
    profiles = _read_profiles(raw_profiles, col) if raw_profiles is not None else {}

    from zcpark.workbook.validate import apply_overrides, apply_scenario, build_park_data  # cross-sheet checks live there
    if scenario not in (None, "base"):
        apply_scenario(scenario, park, grid, tables, col)
    if overrides:
        apply_overrides(overrides, park, grid, tables, col)
    try:
        data = build_park_data(park, grid, tables, profiles, col)
    except Exception:
        if not col.problems:
            raise
        data = None  # cross-checks stumbled on data already reported as invalid
    _explain_blanks(path, col)
    if data is not None and not col.problems:
        from zcpark.workbook.plausibility import check_plausibility
        check_plausibility(data, tables, col)
    if data is not None and not col.problems and tables["Years"]:
        from zcpark.workbook.years import build_pathway
        pathway = build_pathway(park, grid, tables, profiles, col, apply_overrides, build_park_data)
        data = pathway.data[pathway.acceptance_year] if pathway else None
        if data is not None:
            data.pathway = pathway
    if col.problems or data is None:
        problems = sorted(col.problems, key=lambda p: (order_of(p.sheet), math.inf if p.row is None else p.row))
        raise InputError(problems, source=path.name)
    for each in (data.pathway.data.values() if data.pathway else [data]):
        each.source = str(path)
        each.scenario = run_name or scenario or "base"
        each.notes = sorted(col.notes, key=lambda n: (n.kind != "plausibility", order_of(n.sheet), n.row or 0))
    return data


def order_of(sheet: str) -> int:
    """A sheet's place in the order problems and notes are listed in (others first)."""
    return SHEET_ORDER.index(sheet) if sheet in SHEET_ORDER else -1
