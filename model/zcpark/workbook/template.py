"""Write a blank, self-documenting input workbook from the schema (`zcpark template`)."""
from __future__ import annotations

import math
from pathlib import Path

from openpyxl import Workbook
from openpyxl.comments import Comment
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation

from zcpark.workbook import schema
from zcpark.workbook.writer import save_atomically

BOLD = Font(bold=True)

INTRO = [
    "zcpark input workbook (contract v1). Fill the sheets below, then run `make run PARK=<this file>`.",
    "Results go to runs/<park>/<scenario>/results.xlsx (batches: runs/<park>/<study>/<run>/); an infeasible run "
    "writes diagnosis.xlsx there and keeps the earlier results.xlsx. Names become folder-safe; text stays text.",
    "Acceptance is decided under carbon_method ndrc_910 (发改环资〔2025〕910号 附件3/附件4): grid power at 0.8325 "
    "tCO2/MWh net of exports, electricity in tce at 等价值, process emissions and net purchased heat counted; "
    "the other methods are reported side by side as a green-washing check.",
    "Every sheet's first row is its header; blank optional cells take the default listed here, and every default "
    "used is listed in the Warnings sheet of results.xlsx (and on the console).",
    "Costs are never silently 0: a row that offers new capacity (max_new_mw blank or > 0) needs its investment cost "
    "(write 0 if it is really free); columns that hold a cost or a limit must be present.",
    "Units are in the column names. Numbers should be numbers; text is read only when certain: 1000 (not 1,000), "
    "0.1 or 10% in share columns. Do not merge cells. Formulas are read by their saved value.",
    "Values that are valid but probably a unit mistake (3.2 CNY/kW: CNY/W typed?) are warned about, not rejected.",
    "Profiles: one row per time step (hour 1..N, N = 8760 for a year, any whole number of days for a test).",
    "Cells check what you type (lists for kinds, methods and yes/no; ranges for numbers); header comments give units.",
    "Build pathway (optional): list the years in Years (e.g. 2026..2030) and what changes in YearValues (capex of "
    "the year's builds, targets, prices, factors; rows like Scenarios); the plan then says what to build in which "
    "year at least NPV, and results.xlsx adds the Pathway and Years sheets (Acceptance and Dispatch: the "
    "acceptance year's).",
    "Park within a park (园中园, optional): list the zones in Zones (each names its Profiles load columns; "
    "in_boundary yes = the pilot area), give asset rows a zone (blank: the shared substation) and Targets a "
    "scope (blank: the boundary; park: the host park); results.xlsx adds the Zones, CarbonByScope and AcceptanceByScope sheets.",
    "The `example` column shows one example row of each sheet (a coastal park with rooftop PV and a battery).",
]

TABLE_ROWS = 1000      # table rows that get data validation
PROFILE_ROWS = 8785    # header + 8784 steps (leap year)

# One example row per table sheet (and Profiles), shown in the README's `example` column.
EXAMPLE_ROWS = {
    "Targets": {"indicator": "carbon_intensity_max", "value": 0.2, "enforce": "yes"},
    "Renewables": {"tech": "pv_rooftop", "kind": "pv", "site": "onsite", "profile": "cf_pv", "capex_cny_per_kw": 3200,
                   "fom_cny_per_kw_yr": 50, "vom_cny_per_mwh": 0, "lifetime_yr": 25, "existing_mw": 8,
                   "max_new_mw": 60, "min_new_mw": 0, "unit_mw": None},
    "Storage": {"tech": "battery_lfp", "kind": "battery", "capex_cny_per_kw": 300, "capex_cny_per_kwh": 700,
                "fom_cny_per_kw_yr": 20, "lifetime_yr": 15, "eta_charge": 0.95, "eta_discharge": 0.95,
                "self_discharge_per_h": 0.0001, "e2p_min_h": 1, "e2p_max_h": 4, "existing_mw": 0, "existing_mwh": 0,
                "max_new_mw": 60, "max_new_mwh": 240},
    "HeatSupply": {"tech": "heat_pump", "kind": "heat_pump", "fuel": "", "efficiency": 3.2, "profile": "",
                   "capex_cny_per_kw": 1500, "fom_cny_per_kw_yr": 30, "vom_cny_per_mwh": 2, "lifetime_yr": 20,
                   "existing_mw": 0, "max_new_mw": 80},
    "Fuels": {"fuel": "natural_gas", "price_cny_per_mwh": 300, "tce_per_mwh": 0.1229, "co2_t_per_mwh": 0.202,
              "clean": "yes"},
    "DirectLines": {"line": "wind_line", "option": "220kV", "capacity_mw": 200, "length_km": 60,
                    "capex_cny_per_km": 1500000, "fixed_capex_cny": 30000000, "loss_fraction": 0.02,
                    "fom_fraction_per_yr": 0.01, "lifetime_yr": 40},
    "Tariff": {"hour": 10, "period": "peak", "price_cny_per_mwh": 1100},
    "GreenMarket": {"product": "green_power", "price_cny_per_mwh": 30, "max_mwh_per_yr": 200000, "shape": "flat"},
    "Offsets": {"offset": "ccer_2025", "kind": "ccer", "price_cny_per_t": 80, "max_t_per_yr": 10000},
    "ProcessEmissions": {"product": "lime", "output": 50000, "unit": "t", "factor_t_per_unit": 0.75,
                         "factor_source": "IPCC 2006 default, high-calcium lime"},
    "HeatTrade": {"direction": "purchase", "price_cny_per_mwh": 220, "max_mw": 20, "fossil": "yes",
                  "factor_t_per_gj": None},
    "Guiding": {"indicator": "water_reuse_min", "value": 0.86, "reason": "", "source": "park water balance 2025"},
    "Zones": {"zone": "pilot", "name": "零碳试点区 pilot area", "in_boundary": "yes", "electric_load": "load_pilot_mw",
              "heat_load": "heat_pilot_mw", "link_max_mw": 60},
    "Scenarios": {"scenario": "cheap_pv", "sheet": "Renewables", "key": "pv_rooftop", "column": "capex_cny_per_kw",
                  "value": 2600},
    "Profiles": {"hour": 1, "electric_load_mw": 150.5, "heat_load_mw": 12.0, "price_cny_per_mwh": None,
                 "grid_ef_t_per_mwh": None},
}

PROFILE_NOTE = ("Columns named by Renewables!profile (capacity factor 0-1), HeatSupply!profile (COP or available "
                "waste heat MW) and GreenMarket!shape are added by you.")

EXAMPLE_PARAMS = {"Park": [("name", "示例园区 example park"), ("discount_rate", 0.08), ("carbon_method", "ndrc_910")],
                  "Grid": [("import_max_mw", 300), ("export_max_mw", 0), ("emission_factor_fossil", 0.8273)]}


def _default_text(f: schema.Field) -> str:
    if f.required:
        return "required"
    if f.role == "capex":
        return "required where new capacity is offered"
    if f.default is None:
        return f"blank = {f.blank_means}" if f.blank_means else "blank = none"
    if f.kind == "yesno":
        return "yes" if f.default else "no"
    return str(f.default)


def _rule_text(f: schema.Field) -> str:
    """The range or list a cell accepts, in words (README, input prompts, error messages)."""
    if f.kind == "choice":
        return "one of: " + ", ".join(f.choices)
    if f.kind == "yesno":
        return "yes or no (also 是/否, true/false, 1/0)"
    if f.kind not in ("number", "int"):
        return "text"
    what = "a whole number" if f.kind == "int" else "a number"
    lo, hi = (None if math.isinf(b) else b for b in (f.lo, f.hi))
    if lo is not None and hi is not None:
        return f"{what} from {lo:g} to {hi:g}"
    if lo is not None:
        return f"{what} >= {lo:g}"
    return f"{what} <= {hi:g}" if hi is not None else what


def _validation(f: schema.Field) -> DataValidation | None:
    """Excel data validation for a field: a list for choices and yes/no, a range for numbers.
    Yes/no only warns: the reader also accepts 是/否, true/false and 1/0."""
    if f.kind == "choice":
        dv = DataValidation(type="list", formula1='"' + ",".join(f.choices) + '"')
    elif f.kind == "yesno":
        dv = DataValidation(type="list", formula1='"yes,no"', errorStyle="warning")
    elif f.kind in ("number", "int"):
        big = 2147483647 if f.kind == "int" else 1e300  # unbounded: still "must be a number"
        lo = -big if math.isinf(f.lo) else f.lo
        hi = big if math.isinf(f.hi) else f.hi
        dv = DataValidation(type="whole" if f.kind == "int" else "decimal", operator="between",
                            formula1=f"{lo:g}", formula2=f"{hi:g}")
    else:
        return None
    dv.allow_blank = True
    dv.error, dv.errorTitle = f"{f.name}: {_rule_text(f)}"[:255], "zcpark"
    dv.prompt, dv.promptTitle = _unit_note(f)[:255], f.name[:32]
    dv.showErrorMessage = dv.showInputMessage = True
    return dv


def _unit_note(f: schema.Field) -> str:
    unit = f"unit: {f.unit}. " if f.unit else ""
    return f"{unit}{_rule_text(f)}; default: {_default_text(f)}. {f.doc}".strip()


def _comment(f: schema.Field) -> Comment:
    comment = Comment(f"{f.name}\n{_unit_note(f)}", "zcpark")
    comment.width, comment.height = 300, 110
    return comment


def _add_validation(ws, f: schema.Field, cells: str) -> None:
    dv = _validation(f)
    if dv is not None:
        ws.add_data_validation(dv)
        dv.add(cells)


def _input_sheet(wb, name: str, sheet: schema.Sheet | None, fields) -> None:
    """One input sheet: its header (or parameter rows) with a comment per field and validated cells."""
    ws = wb.create_sheet(name)
    if sheet is not None and sheet.kind == "params":
        ws.append(["parameter", "value", "unit", "note"])
        for row, f in enumerate(fields, start=2):
            # The value is left blank: an example typed in would be taken for the park's own figure.
            example = dict(EXAMPLE_PARAMS.get(name, [])).get(f.name)
            ws.append([f.name, None, f.unit, f.doc + (f" (example: {example})" if example is not None else "")])
            ws.cell(row, 1).comment = _comment(f)
            _add_validation(ws, f, f"B{row}")
        ws.column_dimensions["A"].width, ws.column_dimensions["D"].width = 32, 70
    else:
        ws.append([f.name for f in fields])
        last = PROFILE_ROWS if name == "Profiles" else TABLE_ROWS
        for col, f in enumerate(fields, start=1):
            ws.cell(1, col).comment = _comment(f)
            letter = get_column_letter(col)
            _add_validation(ws, f, f"{letter}2:{letter}{last}")
            ws.column_dimensions[letter].width = max(10, len(f.name) + 2)
    for c in ws[1]:
        c.font = BOLD
    ws.freeze_panes = "A2"


def _example_text(value) -> object:
    return "" if value is None else value


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
    readme.append(["工作表 sheet", "列/参数 column / parameter", "类型 type", "单位 unit", "默认 default", "含义 meaning",
                   "示例 example"])
    for c in readme[readme.max_row]:
        c.font = BOLD
    readme.freeze_panes = f"A{readme.max_row + 1}"
    for sheet in (*schema.SHEETS, None):
        if sheet is None:
            name, fields, doc = "Profiles", schema.PROFILE_FIXED, PROFILE_NOTE
        else:
            name, fields, doc = sheet.name, sheet.fields, sheet.doc
        readme.append([name, "", "", "", "", doc + ("" if sheet is None or sheet.required else " (optional sheet)")])
        readme[readme.max_row][0].font = BOLD
        examples = EXAMPLE_ROWS.get(name) or dict(EXAMPLE_PARAMS.get(name, []))
        for f in fields:
            kind = f"one of: {', '.join(f.choices)}" if f.kind == "choice" else f.kind
            readme.append(["", f.name, kind, f.unit, _default_text(f), f.doc, _example_text(examples.get(f.name))])
        if name == "Targets":
            for ind, (unit, doc) in schema.TARGET_INDICATORS.items():
                readme.append(["", f"indicator {ind}", "", unit, "", doc])
        if name == "Guiding":
            for ind, (limit, sense, unit, doc) in schema.GUIDING_INDICATORS.items():
                readme.append(["", f"indicator {ind}", "", unit, f"{'≤' if sense == 'max' else '≥'} {limit:g}", doc])
        _input_sheet(wb, name, sheet, fields)
    readme.column_dimensions["A"].width = 14
    readme.column_dimensions["B"].width = 34
    readme.column_dimensions["F"].width = 90
    readme.column_dimensions["G"].width = 22
    return save_atomically(path, wb.save)
