"""The Profiles sheet: one column per hourly series, one row per time step.

The time steps end at the first row that is empty in every headed column; a value below that row,
a ragged column, a non-number or an out-of-range value is a problem named by row and column."""
from __future__ import annotations

import numpy as np

from zcpark.workbook import schema
from zcpark.workbook.cells import blank as _blank, name as _name, number, show as _show
from zcpark.workbook.tables import (EMPTY_OR_FORMULA, Collector, RawSheet, describe, describe_zh, duplicate_columns,
                                    lookalike_headers, merged_cells, missing_column)

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


def _stray_cell(col: Collector, rows: list[list], header: list[str], headed: list[int], end: int) -> None:
    """The first value below the empty row that ended the data (a note, a total row), named."""
    for i in range(end + 1, len(rows)):
        r = rows[i]
        for j in headed:
            if j < len(r) and not _blank(r[j]):
                col.add("Profiles", i + 1, header[j], f"{_show(r[j])} below the data (after the empty row {end + 1})",
                        "nothing below the last time step and no empty row between time steps: delete the stray "
                        "cell (move notes to another sheet) or the empty row",
                        "最后一个时段之下不能有内容、时段之间不能有空行：删除多余的单元格（备注移到其他工作表）或空行",
                        f"数据下方的 {_show(r[j])}（在第 {end + 1} 行空行之后）")
                return


def read_profiles(raw: RawSheet, col: Collector, zones_name_loads: bool = False) -> dict[str, np.ndarray]:
    """The Profiles columns by name. `electric_load_mw` is required unless a Zones sheet names the
    load columns (`zones_name_loads`: the park's load is then the sum of the zones', workbook/zones.py)."""
    name = "Profiles"
    header = [_name(h) for h in raw.rows[0]] if raw.rows else []
    if "electric_load_mw" not in header and not zones_name_loads:
        missing_column(col, name, header, "electric_load_mw")
        return {}
    duplicate_columns(col, name, header)
    lookalike_headers(col, name, header, [f.name for f in schema.PROFILE_FIXED], set())
    headed = [j for j, h in enumerate(header) if h]
    merged_cells(col, name, raw, header, set(headed))
    end = _data_end(raw.rows, headed)
    _stray_cell(col, raw.rows, header, headed, end)
    body = raw.rows[1:end]
    n = len(body)
    if n == 0 or n % 24:
        col.add(name, None, None, f"{n} time-step rows", "a whole number of days (a multiple of 24 rows; 8760 for a year)",
                "整数天（24 行的整数倍；一年为 8760 行）", f"{n} 行时段")
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
        if length == 0 and (h != "electric_load_mw" or zones_name_loads):
            continue  # an empty optional column (e.g. the template's heat_load_mw) is an absent one
        if length < n:  # a ragged column: shorter than the longest one
            col.add(name, length + 2, h, f"{length} values (the column ends at Excel row {length + 1})",
                    f"{n} values, as many rows as the longest column (rows 2 to {n + 1})",
                    f"{n} 个值，与最长的列行数相同（第 2 至 {n + 1} 行）", f"{length} 个值（此列在第 {length + 1} 行结束）")
            col.blank(name, length + 2, j + 1, h, "a number", expected_zh="数值")
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
                    hint, hint_zh = getattr(exc, "hint", ""), getattr(exc, "hint_zh", "")
                    col.add(name, i + 2, h, EMPTY_OR_FORMULA if _blank(v) else _show(v),
                            "a number" + (f": {hint}" if hint else ""), "数值" + (f"：{hint_zh or hint}" if hint else ""))
                    if _blank(v):
                        col.blank(name, i + 2, j + 1, h, "a number", expected_zh="数值")
        if bad > 3:
            col.add(name, None, h, f"{bad} non-numeric or empty cells in all", "a number in every row", "每一行都是数值",
                    f"共 {bad} 个非数值或空单元格")
        f = fixed.get(h)
        huge = np.flatnonzero(np.abs(values) >= (f.max_abs if f is not None else schema.Field("").max_abs))
        if len(huge):
            col.add(name, int(huge[0]) + 2, h, f"{values[huge[0]]:g} ({len(huge)} such rows)",
                    "a number below 1e+09 in size (larger numbers break the solver; check the unit)",
                    "绝对值小于 1e+09 的数（更大的数会使求解器出错；请检查单位）", f"{values[huge[0]]:g}（共 {len(huge)} 行）")
        elif f is not None and bad == 0 and length == n:
            low = np.flatnonzero((values < f.lo) | (values > f.hi))
            if len(low):
                col.add(name, int(low[0]) + 2, h, f"{values[low[0]]:g} ({len(low)} such rows)", f"a {describe(f)}",
                        describe_zh(f), f"{values[low[0]]:g}（共 {len(low)} 行）")
        out[h] = values
    if "hour" in header:
        j = header.index("hour")
        for i, cells in enumerate(body):
            v = cells[j] if j < len(cells) else None
            if _blank(v) or isinstance(v, bool) or not isinstance(v, (int, float)) or v != i + 1:
                col.add(name, i + 2, "hour", EMPTY_OR_FORMULA if _blank(v) else
                        _name(v) if isinstance(v, (int, float)) else _show(v),
                        f"{i + 1} (rows in order 1..N)", f"{i + 1}（各行按 1..N 顺序）")
                if _blank(v):
                    col.blank(name, i + 2, j + 1, "hour", f"{i + 1} (rows in order 1..N)")
                break
    return out


