"""The documented metered-workbook template (`zcpark template-metered`, `make template-metered`):
a README sheet generated from the contract (audit/metered.py, workbook/schema.py) and a small
worked example (48 hourly readings) in every sheet, so the file audits as it is."""
from __future__ import annotations

import datetime as dt
from pathlib import Path

from openpyxl import Workbook

from zcpark.audit import quality
from zcpark.audit.metered import INSTRUMENTS, METERS, ROLES, UNITS
from zcpark.workbook import schema
from zcpark.workbook.writer import save_atomically

EXAMPLE_START = dt.datetime(2025, 1, 1)


def write_metered(path: str | Path, *, park: dict, grid: dict | None = None, meters: list[dict],
                  timestamps: list, readings: dict[str, list], tables: dict[str, list[dict]] | None = None,
                  instruments: list[dict] | None = None, readme: list[list] | None = None) -> Path:
    """Write a metered workbook (atomically): parameter sheets from dicts, tables from row dicts
    (headers from their schema), Readings from `timestamps` and one list per meter."""
    wb = Workbook()
    wb.remove(wb.active)
    if readme:
        ws = wb.create_sheet("README")
        for row in readme:
            ws.append(row)
    for name, values in (("Park", park), ("Grid", grid or {})):
        ws = wb.create_sheet(name)
        ws.append(["parameter", "value"])
        for k, v in values.items():
            ws.append([k, v])
    sheets = {**(tables or {}), "Meters": meters, "Instruments": instruments or []}
    for name, rows in sheets.items():
        sheet = {"Meters": METERS, "Instruments": INSTRUMENTS}.get(name) or schema.SHEETS_BY_NAME[name]
        header = [f.name for f in sheet.fields]
        ws = wb.create_sheet(name)
        ws.append(header)
        for row in rows:
            ws.append([row.get(c) for c in header])
    ws = wb.create_sheet("Readings")
    ws.append(["timestamp", *readings])
    for i, t in enumerate(timestamps):
        ws.append([t, *[readings[m][i] for m in readings]])
    return save_atomically(path, wb.save)


def _readme() -> list[list]:
    rows = [["zcpark metered workbook (运营计量数据) — `zcpark audit THIS.xlsx [--plan results.xlsx] [--fill linear|profile]`"],
            ["Park, Grid, Targets, Fuels, ProcessEmissions, HeatTrade, Guiding: as in the planning workbook "
             "(`zcpark template` documents every parameter); only the rows the audit needs."],
            ["Readings: column timestamp (start of the interval, 15-minute or hourly), then one column per meter. "
             "A blank cell is a missing reading: reported, never filled unless --fill is given."],
            ["Annual figures: each metered hour weighs Park hours_per_year / hours metered (a full year: set "
             "hours_per_year to its hours, 8784 in a leap year). Instruments are annual amounts of the year that "
             "holds most of the hours."],
            [f"Site balance tolerance: {quality.BALANCE_TOLERANCE:.0%} of the hour's supply (zcpark audit --tolerance)."],
            [], ["Gap filling (--fill)", "method"], *[[k, v] for k, v in quality.FILL_METHODS.items()],
            [], ["Meters: role", "what the meter measures"], *[[k, v] for k, v in ROLES.items()],
            [], ["Meters: unit", "meaning"], *[[k, v] for k, v in UNITS.items()], []]
    for sheet in (METERS, INSTRUMENTS):
        rows.append([f"{sheet.name} column", "required", "meaning", "choices"])
        rows += [[f.name, "yes" if f.required else "no", f.doc, ", ".join(f.choices)] for f in sheet.fields]
        rows.append([])
    return rows


def write_metered_template(path: str | Path) -> Path:
    """The template: README plus a 48-hour example park (load 10 MW, PV by day, grid the rest)."""
    hours = [EXAMPLE_START + dt.timedelta(hours=h) for h in range(48)]
    pv = [max(0.0, 8.0 - abs(h.hour - 12) * 1.5) for h in hours]
    load = [10.0] * 48
    return write_metered(
        path, readme=_readme(), park={"name": "example park", "carbon_method": "ndrc_910"},
        grid={"emission_factor_average": 0.5703},
        tables={"Targets": [{"indicator": "carbon_intensity_max", "value": 0.2, "enforce": "yes"},
                            {"indicator": "clean_energy_share_min", "value": 0.9, "enforce": "yes"}],
                "Fuels": [], "Guiding": []},
        meters=[{"meter": "M01_load", "role": "site_load", "unit": "mwh", "note": "main incomer"},
                {"meter": "M02_pv", "role": "pv_generation", "unit": "mwh", "note": "PV inverter bus"},
                {"meter": "M03_import", "role": "grid_import", "unit": "mwh", "note": "utility meter"}],
        timestamps=hours, readings={"M01_load": load, "M02_pv": pv,
                                    "M03_import": [l - p for l, p in zip(load, pv)]},
        instruments=[{"instrument_id": "GEC-2025-000123", "kind": "gec", "amount": 100.0, "vintage_year": 2025,
                      "source": "China Green Certificate platform"},
                     {"instrument_id": "GP-2025-07", "kind": "green_power", "amount": 200.0, "vintage_year": 2025,
                      "source": "provincial green-power trade"}])
