"""Build small park workbooks in tests: a minimal valid park plus whatever a test overrides."""
from __future__ import annotations

from pathlib import Path

from openpyxl import Workbook

HEADERS = {
    "Targets": ["indicator", "value", "enforce"],
    "Renewables": ["tech", "kind", "site", "profile", "capex_cny_per_kw", "fom_cny_per_kw_yr", "vom_cny_per_mwh",
                   "lifetime_yr", "existing_mw", "max_new_mw", "min_new_mw", "unit_mw", "hard_limit", "max_new_mw_per_year"],
    "Storage": ["tech", "kind", "capex_cny_per_kw", "capex_cny_per_kwh", "fom_cny_per_kw_yr", "lifetime_yr",
                "eta_charge", "eta_discharge", "self_discharge_per_h", "e2p_min_h", "e2p_max_h", "existing_mw",
                "existing_mwh", "max_new_mw", "max_new_mwh", "hard_limit", "max_new_mw_per_year", "max_new_mwh_per_year"],
    "HeatSupply": ["tech", "kind", "fuel", "efficiency", "profile", "capex_cny_per_kw", "fom_cny_per_kw_yr",
                   "vom_cny_per_mwh", "lifetime_yr", "existing_mw", "max_new_mw", "hard_limit", "max_new_mw_per_year"],
    "Fuels": ["fuel", "price_cny_per_mwh", "tce_per_mwh", "co2_t_per_mwh", "clean"],
    "DirectLines": ["line", "option", "capacity_mw", "length_km", "capex_cny_per_km", "fixed_capex_cny",
                    "loss_fraction", "fom_fraction_per_yr", "lifetime_yr"],
    "Tariff": ["hour", "period", "price_cny_per_mwh"],
    "GreenMarket": ["product", "price_cny_per_mwh", "max_mwh_per_yr", "shape", "hard_limit"],
    "Offsets": ["offset", "kind", "price_cny_per_t", "max_t_per_yr"],
    "ProcessEmissions": ["product", "output", "unit", "factor_t_per_unit", "factor_source"],
    "HeatTrade": ["direction", "price_cny_per_mwh", "max_mw", "fossil", "factor_t_per_gj"],
    "Guiding": ["indicator", "value", "reason", "source"],
    "Scenarios": ["scenario", "sheet", "key", "column", "value"],
}
OPTIONAL_HEADERS = {  # written only when a test gives rows (contract v2: a pathway, zones)
    "Years": ["year", "load_scale", "years_represented"],
    "YearValues": ["year", "sheet", "key", "column", "value"],
    "Zones": ["zone", "name", "in_boundary", "electric_load", "heat_load", "link_max_mw"],
}
# Columns of contract v2's zones, written only when a test gives a Zones sheet.
ZONE_COLUMNS = {"Renewables": ["zone"], "Storage": ["zone"], "HeatSupply": ["zone"], "HeatTrade": ["zone"],
                "ProcessEmissions": ["zone"], "Targets": ["scope"]}


def park_workbook(path: Path, *, hours: int = 24, load=None, profiles: dict | None = None,
                  park: dict | None = None, grid: dict | None = None, price: float | list = 500.0,
                  **tables) -> Path:
    """Write a park workbook. `tables` maps sheet name -> list of row dicts (missing columns blank).

    Defaults: discount rate 0 (so CRF = 1/lifetime), hours_per_year = hours (weight 1),
    a flat 10 MW load, a flat tariff of `price` CNY/MWh, unlimited grid import, no export, and
    carbon_method fossil_factor: the v1 hand calculations were written for it. A test of the
    official method sets park={"carbon_method": "ndrc_910"}; park={"carbon_method": None} leaves
    the cell blank (the workbook default, ndrc_910).
    """
    wb = Workbook()
    wb.remove(wb.active)
    park_rows = {"name": "test park", "discount_rate": 0.0, "hours_per_year": hours, "carbon_method": "fossil_factor",
                 **(park or {})}
    ws = wb.create_sheet("Park")
    ws.append(["parameter", "value"])
    for k, v in park_rows.items():
        ws.append([k, v])
    ws = wb.create_sheet("Grid")
    ws.append(["parameter", "value"])
    for k, v in {"export_max_mw": 0, **(grid or {})}.items():
        ws.append([k, v])
    tariff = [{"hour": h, "period": "flat", "price_cny_per_mwh": price if not isinstance(price, list) else price[h]}
              for h in range(24)]
    tables.setdefault("Tariff", tariff)
    optional = {s: h for s, h in OPTIONAL_HEADERS.items() if s in tables}
    for sheet, header in {**HEADERS, **optional}.items():
        if "Zones" in tables or any(c in row for row in tables.get(sheet, []) for c in ZONE_COLUMNS.get(sheet, [])):
            header = header + ZONE_COLUMNS.get(sheet, [])
        ws = wb.create_sheet(sheet)
        ws.append(header)
        for row in tables.get(sheet, []):
            unknown = set(row) - set(header)
            assert not unknown, f"{sheet}: unknown columns {unknown}"
            ws.append([row.get(c) for c in header])
    ws = wb.create_sheet("Profiles")
    cols = {"electric_load_mw": load if load is not None else [10.0] * hours, **(profiles or {})}
    if load is False:  # no park load column (a Zones sheet names the zones' columns)
        del cols["electric_load_mw"]
    ws.append(["hour", *cols])
    for t in range(hours):
        ws.append([t + 1, *[cols[c][t] for c in cols]])
    wb.save(path)
    return path
