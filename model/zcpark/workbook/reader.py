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
from pathlib import Path

import python_calamine

from zcpark.workbook import schema
from zcpark.core.data import ParkData
from zcpark.errors import InputError, Problem
from zcpark.workbook.cells import describe_header
from zcpark.workbook.cells import resembles
from zcpark.workbook.package import check_file_type, check_package
from zcpark.workbook.profiles import read_profiles
from zcpark.workbook.tables import (EMPTY, EMPTY_OR_FORMULA, ERROR_CODES, FORMULA, FORMULA_ZH, FOUND_ZH, WHAT_ZH,
                                    BlankCell, Collector,
                                    RawSheet, read_params, read_table)

SHEET_ORDER = (*(s.name for s in schema.SHEETS), "Profiles")  # the order problems are listed in


def open_workbook(path: Path, sheets, what: str):
    """The calamine workbook at `path` once its bytes have passed the package checks (no zip or XML
    bomb, no stray cell that would need gigabytes, for the `sheets` to be read); an InputError
    naming the file otherwise. `what`: the kind of workbook, for the message ("park", "metered")."""
    if not path.is_file():
        what_zh = {"park": "园区", "metered": "计量数据"}.get(what, what)
        raise InputError([Problem(str(path), None, None, "no such file", f"an .xlsx {what} workbook", "没有这个文件",
                                  f".xlsx {what_zh}工作簿")])
    check_file_type(path)
    check_package(path, sheets)
    try:
        return python_calamine.CalamineWorkbook.from_path(str(path))
    except Exception as exc:  # calamine raises its own types for corrupt files
        raise InputError([Problem(path.name, None, None, f"a file that cannot be read ({exc})", "an .xlsx workbook",
                                  f"无法读取的文件（{exc}）", ".xlsx 工作簿")])


def sheet_or_none(book, name: str, required: bool, col: Collector) -> RawSheet | None:
    if name in book.sheet_names:
        try:
            sheet = book.get_sheet_by_name(name)
            return RawSheet(sheet.to_python(skip_empty_area=False), sheet.merged_cell_ranges or [])
        except Exception as exc:  # calamine raises its own types for unreadable sheets
            col.add(name, None, None, f"a sheet that cannot be read ({exc})", "a plain worksheet", "普通工作表",
                    f"无法读取的工作表（{exc}）")
            return None
    if required:
        near = resembles(name, book.sheet_names)
        found = "no such sheet" + (f" (there is {describe_header(near)}: names are exact)" if near else "")
        found_zh = "没有这个工作表" + (f"（有 {describe_header(near)}：名称须完全一致）" if near else "")
        col.add(name, None, None, found, f"a sheet named {name!r} (see `zcpark template`)",
                f"名为 {name!r} 的工作表（见 `zcpark template`）", found_zh)
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


def _read_cells(path: Path, blanks: list[BlankCell], data_only: bool) -> dict | None:
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


def _explain_blanks(path: Path, col: Collector) -> None:
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
            found_zh = f"保存值为 Excel 错误 {cached} 的公式 {formula}"
        elif formula is not None:
            found = FORMULA.format(f=formula, what=b.what)
            found_zh = FORMULA_ZH.format(f=formula, what=WHAT_ZH[b.what])
        elif isinstance(v, str) and v in ERROR_CODES:
            found, found_zh = f"the Excel error {v}", f"Excel 错误值 {v}"
        else:
            if b.problem is not None and col.problems[b.problem].found == EMPTY_OR_FORMULA:
                col.problems[b.problem] = dataclasses.replace(col.problems[b.problem], found=EMPTY,
                                                              found_zh=FOUND_ZH[EMPTY])
            continue
        if b.problem is None:
            col.add(b.sheet, b.row, b.column, found, b.expected, b.expected_zh, found_zh)
        else:
            col.problems[b.problem] = dataclasses.replace(col.problems[b.problem], found=found, found_zh=found_zh)


def read_workbook(path: str | Path, scenario: str | None = None, overrides: list[dict] | None = None,
                  run_name: str | None = None) -> ParkData:
    """Read and validate a park workbook; raise InputError listing every problem.

    `scenario` applies that scenario of the Scenarios sheet; `overrides` (rows {sheet, key, column,
    value}, e.g. a frontier point: see validate.apply_overrides) are applied after it and checked
    the same way. In a pathway, a row with `year` ("acceptance" or a listed year) holds for that
    year only, after its YearValues; a row without one holds for every year, before YearValues. `run_name` labels the result (Summary scenario, run folder); default: the
    scenario, or "base"."""
    path = Path(path)
    book = open_workbook(path, SHEET_ORDER, "park")
    col = Collector()
    try:
        raw = {s.name: sheet_or_none(book, s.name, s.required, col) for s in schema.SHEETS}
        raw_profiles = sheet_or_none(book, "Profiles", True, col)
    finally:
        book.close()

    park = read_params(schema.PARK, raw["Park"], col) if raw["Park"] is not None else {}
    grid = read_params(schema.GRID, raw["Grid"], col) if raw["Grid"] is not None else {}
    tables = {name: (read_table(schema.SHEETS_BY_NAME[name], raw[name], col) if raw[name] is not None else [])
              for name in ("Targets", "Renewables", "Storage", "HeatSupply", "Fuels", "DirectLines",
                           "Tariff", "GreenMarket", "Offsets", "ProcessEmissions", "HeatTrade", "Guiding",
                           "Scenarios", "Years", "YearValues", "Zones")}
    zones_name_loads = any(r["electric_load"] for r in tables["Zones"])
    profiles = read_profiles(raw_profiles, col, zones_name_loads) if raw_profiles is not None else {}

    from zcpark.workbook.validate import apply_overrides, apply_scenario, build_park_data  # cross-sheet checks live there
    if scenario not in (None, "base"):
        apply_scenario(scenario, park, grid, tables, col)
    # A row with a `year` (a batch's change to one year of a pathway, e.g. the frontier's limit on the
    # acceptance year) is applied to that year after its YearValues (years.build_pathway); without
    # Years, the single year is that year.
    def for_one_year(row) -> bool:
        return bool(tables["Years"]) and row.get("year") is not None
    for_years = [r for r in overrides or [] if for_one_year(r)]
    base_rows = [r for r in overrides or [] if not for_one_year(r)]
    if base_rows:
        apply_overrides(base_rows, park, grid, tables, col)
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
        pathway = build_pathway(park, grid, tables, profiles, col, apply_overrides, build_park_data, for_years)
        data = pathway.data[pathway.acceptance_year] if pathway else None
        if data is not None:
            data.pathway = pathway
    if col.problems or data is None:
        problems = sorted(col.problems, key=lambda p: (order_of(p.sheet), math.inf if p.row is None else p.row))
        raise InputError(problems, source=path.name, language=park.get("language"))
    for each in (data.pathway.data.values() if data.pathway else [data]):
        each.source = str(path)
        each.scenario = run_name or scenario or "base"
        each.notes = sorted(col.notes, key=lambda n: (n.kind != "plausibility", order_of(n.sheet), n.row or 0))
    return data


def order_of(sheet: str) -> int:
    """A sheet's place in the order problems and notes are listed in (others first)."""
    return SHEET_ORDER.index(sheet) if sheet in SHEET_ORDER else -1
