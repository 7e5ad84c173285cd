"""Reading one sheet of a workbook: cells converted by their schema Field, tables of rows,
parameter sheets, and every problem collected (Collector) rather than raised at the first.

Used by the park reader (workbook/reader.py, workbook/profiles.py) and the metered-data reader
(audit/metered.py). Rows are reported as Excel shows them (the header is row 1)."""
from __future__ import annotations

import dataclasses
import math
import unicodedata

from openpyxl.utils import get_column_letter

from zcpark.core.data import Note
from zcpark.errors import Problem
from zcpark.workbook import schema
from zcpark.workbook.cells import blank as _blank, describe_header, looks_like, name as _name
from zcpark.workbook.cells import number, percent_hint, percent_hint_zh, resembles, show as _show
from zcpark.workbook.schema import Field, Sheet

YES = {"yes", "y", "true", "1", "是", "on"}
NO = {"no", "n", "false", "0", "否", "off"}
EMPTY = "an empty cell"
EMPTY_OR_FORMULA = "an empty cell (or a formula with no saved value, or an Excel error)"
FORMULA = "a formula with no saved value, {f} (open and save the workbook in Excel, or type the {what})"
# The Chinese of the fixed `found` phrases (other found texts are the cell's own value, shown as is).
FOUND_ZH = {EMPTY: "空单元格", EMPTY_OR_FORMULA: "空单元格（或没有保存值的公式，或 Excel 错误值）",
            "no such column": "没有这一列"}
FORMULA_ZH = "没有保存值的公式 {f}（请在 Excel 中打开并保存工作簿，或直接填写{what}）"
WHAT_ZH = {"number": "数值", "value": "值"}
ERROR_CODES = ("#NULL!", "#DIV/0!", "#VALUE!", "#REF!", "#NAME?", "#NUM!", "#N/A", "#GETTING_DATA",
               "#SPILL!", "#CALC!")  # Excel error values: calamine reads them blank


@dataclasses.dataclass
class RawSheet:
    """A sheet as calamine read it: rows of cell values, and its merged ranges, each
    ((first row, first column), (last row, last column)), 0-based."""
    rows: list[list]
    merged: list


@dataclasses.dataclass
class BlankCell:
    """A cell that read blank where a value may matter: maybe a formula with no saved value."""
    sheet: str
    row: int
    col: int                  # 1-based Excel column index
    column: str               # column name for a new Problem
    problem: int | None       # index into problems of the problem already recorded, if any
    expected: str
    what: str                 # "number" or "value"
    expected_zh: str = ""


class Collector:
    """Collects problems and notes; `cell` converts one cell by its Field, or records why it cannot."""

    def __init__(self):
        self.problems: list[Problem] = []
        self.blanks: list[BlankCell] = []
        self.notes: list[Note] = []
        self.param_rows: dict[tuple[str, str], int] = {}  # (sheet, parameter) -> Excel row, for notes

    def add(self, sheet, row, column, found, expected, expected_zh="", found_zh=""):
        """Record a problem; `expected_zh` (and `found_zh` when `found` is words, not the cell's value)
        is its Chinese, written next to the English (errors.Problem)."""
        self.problems.append(Problem(sheet, row, column, found, expected, found_zh or FOUND_ZH.get(found, ""),
                                     expected_zh))

    def note(self, sheet, row, column, kind, message, message_zh=""):
        self.notes.append(Note(sheet, row, column, kind, message, message_zh))

    def blank(self, sheet, row, col, column, expected, what="number", reported=True, expected_zh=""):
        """Remember a blank cell (the problem just added, if `reported`) for the formula check."""
        if row is not None and col is not None:
            self.blanks.append(BlankCell(sheet, row, col, column, len(self.problems) - 1 if reported else None,
                                      expected, what, expected_zh))

    def cell(self, sheet: str, row: int | None, f: Field, raw, column: str | None = None, col: int | None = None,
             fraction: bool | None = None):
        """Convert one cell; `column` names the Excel column when it is not the field's name,
        `col` is its 1-based Excel column index (for the formula check); `fraction` overrides
        f.fraction (a Targets value is a share or not by its indicator)."""
        name = column or f.name
        if _blank(raw):
            what = "number" if f.kind in ("number", "int") else "value"
            if f.required:
                self.add(sheet, row, name, EMPTY_OR_FORMULA, f"a {describe(f)}", describe_zh(f))
            self.blank(sheet, row, col, name, f"a {describe(f)}", what, reported=f.required, expected_zh=describe_zh(f))
            used = default_text(f)
            if used and not f.required:
                self.note(sheet, row, name, "default", f"blank: {used}", f"空：{default_text_zh(f)}")
            return f.default
        try:
            value = convert_cell(f, raw, f.fraction if fraction is None else fraction)
        except ValueError as exc:
            hint, hint_zh = getattr(exc, "hint", ""), getattr(exc, "hint_zh", "")
            self.add(sheet, row, name, _show(raw), f"a {describe(f)}" + (f": {hint}" if hint else ""),
                     describe_zh(f) + (f"：{hint_zh or hint}" if hint else ""))
            return f.default
        if f.kind in ("number", "int"):
            if abs(value) >= f.max_abs:
                self.add(sheet, row, name, _show(raw), f"a {describe(f)} below {f.max_abs:.0e} in size (larger "
                                                       "numbers break the solver; check the unit)",
                         f"{describe_zh(f)}，绝对值小于 {f.max_abs:.0e}（更大的数会使求解器出错；请检查单位）")
                return f.default
            if not (f.lo <= value <= f.hi):
                hint = percent_hint(value, f.lo, f.hi) if f.fraction else ""
                hint_zh = percent_hint_zh(value, f.lo, f.hi) if f.fraction else ""
                self.add(sheet, row, name, _show(raw), f"a {describe(f)}" + hint, describe_zh(f) + hint_zh)
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


BLANK_MEANS_ZH = {"unlimited": "不限", "no maximum": "无上限"}


def default_text_zh(f: Field) -> str:
    """The Chinese of `default_text`."""
    if f.default is None:
        return BLANK_MEANS_ZH.get(f.blank_means, f.blank_means)
    if f.default == "":
        return ""
    if f.kind == "yesno":
        return f"采用默认值 {'是 yes' if f.default else '否 no'}"
    if f.kind in ("number", "int"):
        return f"采用默认值 {f.default:g}" + (f" {f.unit}" if f.unit and f.unit != "-" else "")
    return f"采用默认值 {f.default!r}"


def describe(f: Field) -> str:
    if f.kind == "choice":
        return "one of " + ", ".join(f.choices)
    if f.kind == "yesno":
        return "yes or no"
    if f.kind == "text":
        return "text"
    word = "whole number" if f.kind == "int" else "number"
    unit = f.unit if f.unit != "-" else ""  # "-": a ratio, no unit to name
    if f.lo > -math.inf and f.hi < math.inf:
        return f"{word} from {f.lo:g} to {f.hi:g}" + (f" {unit}" if unit else "")
    if f.lo > -math.inf:
        return f"{word} ≥ {f.lo:g}" + (f" {unit}" if unit else "")
    return word + (f" in {unit}" if unit else "")


def describe_zh(f: Field) -> str:
    """The Chinese of `describe` (what a cell of `f` accepts), for messages."""
    if f.kind == "choice":
        return "以下之一：" + ", ".join(f.choices)
    if f.kind == "yesno":
        return "是或否（yes / no）"
    if f.kind == "text":
        return "文本"
    word = "整数" if f.kind == "int" else "数值"
    unit = f"（单位 {f.unit}）" if f.unit and f.unit != "-" else ""
    if f.lo > -math.inf and f.hi < math.inf:
        return f"{f.lo:g} 至 {f.hi:g} 之间的{word}{unit}"
    if f.lo > -math.inf:
        return f"≥ {f.lo:g} 的{word}{unit}"
    return word + unit


def convert_cell(f: Field, raw, fraction: bool = False):
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


def header_and_rows(raw_sheet: list[list]) -> tuple[list[str], list[tuple[int, list]]]:
    """Header names and (excel_row, cells) for each non-empty data row."""
    if not raw_sheet:
        return [], []
    header = [_name(h) for h in raw_sheet[0]]
    rows = [(i + 2, r) for i, r in enumerate(raw_sheet[1:]) if not all(_blank(v) for v in r)]
    return header, rows


WHY_NEEDED = {"capex": "it holds an investment cost", "cost": "it holds a cost: a missing column would read as 0",
              "limit": "it holds a limit: a missing column would read as its default on every row"}
WHY_NEEDED_ZH = {"capex": "此列是投资成本", "cost": "此列是成本：缺列会被当作 0",
                 "limit": "此列是限值：缺列会在每一行取默认值"}


def missing_column(col: Collector, sheet: str, header: list[str], name: str, why: str = "", why_zh: str = "") -> None:
    """A column the sheet needs is absent: say so, pointing at a header that looks like it."""
    near = resembles(name, [h for h in header if h])
    found, found_zh = "no such column", "没有这一列"
    if near is not None:
        letter = get_column_letter(header.index(near) + 1)
        found += f" (column {letter} is {describe_header(near)}: retype it as {name!r})"
        found_zh += f"（第 {letter} 列是 {describe_header(near)}：请改为 {name!r}）"
    col.add(sheet, 1, name, found, f"a header cell named {name!r}" + (f" ({why})" if why else ""),
            f"名为 {name!r} 的表头" + (f"（{why_zh}）" if why_zh else ""), found_zh)


def lookalike_headers(col: Collector, sheet: str, header: list[str], names, reported) -> None:
    """A header that looks like a known column on screen (an invisible character, full-width
    letters) but is not it: the column would be ignored and its cells read as defaults."""
    for j, h in enumerate(header):
        if not h or h in names:
            continue
        same = looks_like(h, names)
        if same is not None and same not in header and same not in reported:
            col.add(sheet, 1, f"{same} (column {get_column_letter(j + 1)})", describe_header(h),
                    f"the column name {same!r} exactly: retype the header", f"列名必须恰好是 {same!r}：请重新输入表头")


def duplicate_columns(col: Collector, sheet: str, header: list[str]) -> None:
    first: dict[str, int] = {}
    for j, h in enumerate(header):
        if not h:
            continue
        if h in first:
            col.add(sheet, 1, h, f"a second column named {h!r} (Excel column {get_column_letter(j + 1)}; the first is "
                                 f"column {get_column_letter(first[h] + 1)})", "each column name once",
                    "每个列名只出现一次", f"第二个名为 {h!r} 的列（第 {get_column_letter(j + 1)} 列；第一个在第 "
                                          f"{get_column_letter(first[h] + 1)} 列）")
        else:
            first[h] = j


def merged_cells(col: Collector, sheet: str, raw: RawSheet, header: list[str], used: set[int]) -> None:
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
                "the others read as empty)", "one value in each cell: unmerge them and fill each one",
                "每个单元格一个值：请取消合并并逐格填写",
                f"合并单元格 {ref}（只有 {get_column_letter(c0 + 1)}{r0 + 1} 有值，其余读作空）")


def record_missing_params(col: Collector, sheet: Sheet, seen: dict) -> None:
    for f in sheet.fields:
        used = default_text(f)
        if f.name not in seen and used and not f.required:
            col.note(sheet.name, None, f.name, "default", f"no row for this parameter: {used}",
                     f"没有此参数行：{default_text_zh(f)}")


def read_params(sheet: Sheet, raw: RawSheet, col: Collector) -> dict:
    header, rows = header_and_rows(raw.rows)
    for need in ("parameter", "value"):
        if need not in header:
            missing_column(col, sheet.name, header, need)
    duplicate_columns(col, sheet.name, header)
    values = {f.name: f.default for f in sheet.fields}
    if "parameter" not in header or "value" not in header:
        return values
    ip, iv = header.index("parameter"), header.index("value")
    merged_cells(col, sheet.name, raw, header, {ip, iv})
    known = {f.name: f for f in sheet.fields}
    seen: dict[str, int] = {}
    for excel_row, cells in rows:
        name = _name(cells[ip]) if ip < len(cells) else ""
        if name not in known:
            near = resembles(name, known) if name else None
            col.add(sheet.name, excel_row, "parameter", _show(cells[ip]) if name else EMPTY_OR_FORMULA,
                    (f"{near!r} (retype the name)" if near else "one of " + ", ".join(known)),
                    (f"{near!r}（请重新输入参数名）" if near else "以下之一：" + ", ".join(known)))
            if not name:
                col.blank(sheet.name, excel_row, ip + 1, "parameter", "a parameter name", "value", expected_zh="参数名")
            continue
        if name in seen:
            col.add(sheet.name, excel_row, "parameter", _show(name), f"each parameter once (already in row {seen[name]})",
                    f"每个参数只出现一次（已在第 {seen[name]} 行）")
        seen[name] = excel_row
        col.param_rows[(sheet.name, name)] = excel_row
        values[name] = col.cell(sheet.name, excel_row, known[name], cells[iv] if iv < len(cells) else None,
                                column=f"value ({name})", col=iv + 1)
    for f in sheet.fields:
        if f.required and f.name not in seen:
            col.add(sheet.name, None, "parameter", f"no row for {f.name!r}", f"a row with parameter {f.name!r}",
                    f"参数 {f.name!r} 的一行", f"没有 {f.name!r} 这一行")
    record_missing_params(col, sheet, seen)
    return values


def read_table(sheet: Sheet, raw: RawSheet, col: Collector) -> list[dict]:
    """Rows as dicts (plus '_row': the Excel row). Unknown extra columns are ignored, unless they
    look like a known column on screen. A sheet with rows must have its required columns and every
    column that carries a cost or a limit."""
    header, rows = header_and_rows(raw.rows)
    missing = [f for f in sheet.fields if f.name not in header and (f.required or (f.role and rows))]
    for f in missing:
        missing_column(col, sheet.name, header, f.name, "" if f.required else WHY_NEEDED[f.role],
                       "" if f.required else WHY_NEEDED_ZH[f.role])
    duplicate_columns(col, sheet.name, header)
    lookalike_headers(col, sheet.name, header, [f.name for f in sheet.fields], {f.name for f in missing})
    index: dict[str, int] = {}
    for i, h in enumerate(header):
        if h:
            index.setdefault(h, i)
    merged_cells(col, sheet.name, raw, header, {index[f.name] for f in sheet.fields if f.name in index})
    if missing:
        return []
    for f in sheet.fields:
        if f.name not in index and rows and default_text(f):
            col.note(sheet.name, None, f.name, "default", f"no such column: {default_text(f)} on every row",
                     f"没有这一列：每行{default_text_zh(f)}")
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
                        f"a unique id (already used in row {seen[key]})", f"唯一的编号（已在第 {seen[key]} 行使用）")
            else:
                seen[key] = excel_row
        out.append(rec)
    return out


