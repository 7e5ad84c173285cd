"""Write a blank, self-documenting input workbook from the schema (`zcpark template`)."""
from __future__ import annotations

import os
import tempfile
from pathlib import Path

from openpyxl import Workbook
from openpyxl.styles import Font

from . import schema

BOLD = Font(bold=True)

INTRO = [
    "zcpark input workbook (contract v1). Fill the sheets below, then run `make run PARK=<this file>`.",
    "Every sheet's first row is its header; blank optional cells take the default listed here.",
    "Units are in the column names. Numbers must be numbers (not text); formulas are read by their saved value.",
    "Profiles: one row per time step (hour 1..N, N = 8760 for a year, any whole number of days for a test).",
]

PROFILE_NOTE = ("Columns named by Renewables!profile (capacity factor 0-1), HeatSupply!profile (COP or available "
                "waste heat MW) and GreenMarket!shape are added by you.")

EXAMPLE_PARAMS = {"Park": [("name", "示例园区 example park"), ("discount_rate", 0.08), ("carbon_method", "fossil_factor")],
                  "Grid": [("import_max_mw", 300), ("export_max_mw", 0), ("emission_factor_fossil", 0.8273)]}


def _default_text(f: schema.Field) -> str:
    if f.required:
        return "required"
    if f.default is None:
        return "blank = none"
    if f.kind == "yesno":
        return "yes" if f.default else "no"
    return str(f.default)


def write_template(path: str | Path) -> Path:
    path = Path(path)
    if path.exists():
        raise FileExistsError(f"{path} exists; the template never overwrites a workbook")
    wb = Workbook()
    readme = wb.active
    readme.title = "README"
    for line in INTRO:
        readme.append([line])
    readme.append([])
    readme.append(["sheet", "column / parameter", "type", "unit", "default", "meaning"])
    for c in readme[readme.max_row]:
        c.font = BOLD
    for sheet in (*schema.SHEETS, None):
        if sheet is None:
            name, fields, doc = "Profiles", schema.PROFILE_FIXED, PROFILE_NOTE
        else:
            name, fields, doc = sheet.name, sheet.fields, sheet.doc
        readme.append([name, "", "", "", "", doc + ("" if sheet is None or sheet.required else " (optional sheet)")])
        readme[readme.max_row][0].font = BOLD
        for f in fields:
            kind = f"one of: {', '.join(f.choices)}" if f.kind == "choice" else f.kind
            readme.append(["", f.name, kind, f.unit, _default_text(f), f.doc])
        if name == "Targets":
            for ind, (unit, doc) in schema.TARGET_INDICATORS.items():
                readme.append(["", f"indicator {ind}", "", unit, "", doc])
        ws = wb.create_sheet(name)
        if sheet is not None and sheet.kind == "params":
            ws.append(["parameter", "value", "unit", "note"])
            for f in fields:
                example = dict(EXAMPLE_PARAMS.get(name, [])).get(f.name)
                ws.append([f.name, example, f.unit, f.doc])
        else:
            ws.append([f.name for f in fields])
        for c in ws[1]:
            c.font = BOLD
    readme.column_dimensions["A"].width = 14
    readme.column_dimensions["B"].width = 34
    readme.column_dimensions["F"].width = 90
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(suffix=".xlsx.part", dir=path.parent)
    os.close(fd)
    wb.save(tmp)
    os.replace(tmp, path)
    return path
