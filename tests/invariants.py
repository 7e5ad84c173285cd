"""Invariants every solve must satisfy, checked from the written results workbook.

`check_invariants(result)` re-reads results.xlsx (so the workbook itself is what is checked)
and asserts: balances close each step (with zones: every zone's and the common bus's), storage within bounds, generation within availability,
cost rows sum to the total and to the solver objective, and carbon recomputed from the
Dispatch sheet by first principles equals the Carbon sheet.
"""
from __future__ import annotations

import numpy as np
import pandas as pd

from zcpark.core import accounting as acc
from zcpark.core import technologies as techs

TOL = 1e-5


def _close(a, b, rel=1e-6, abs_=1e-4):
    return abs(a - b) <= max(abs_, rel * max(abs(a), abs(b)))


def load_results(path) -> dict[str, pd.DataFrame]:
    return pd.read_excel(path, sheet_name=None, engine="calamine")


def check_invariants(result, sheets: dict[str, pd.DataFrame] | None = None) -> dict[str, pd.DataFrame]:
    data = result.data
    sheets = sheets if sheets is not None else load_results(result.output)
    d = sheets["Dispatch"]
    cols = {c: d[c].to_numpy(dtype=float) for c in d.columns}
    scale = max(1.0, float(np.abs(data.electric_load).max()))

    # Balances close every step.
    assert np.abs(acc.electricity_balance(cols, data)).max() <= 1e-5 * scale, "electricity balance"
    if data.heat_supply or data.thermal_stores():
        assert np.abs(acc.heat_balance(cols, data)).max() <= 1e-5 * scale, "heat balance"
    for zone in data.zones:  # a park within a park: every zone's bus and the common bus close too
        assert np.abs(acc.zone_electricity_balance(cols, data, zone)).max() <= 1e-5 * scale, f"zone {zone} balance"
        if data.restricted_to({zone}).heat_supply:
            assert np.abs(acc.zone_heat_balance(cols, data, zone)).max() <= 1e-5 * scale, f"zone {zone} heat"
    if data.zones:
        assert np.abs(acc.common_bus_balance(cols, data)).max() <= 1e-5 * scale, "common bus balance"

    cap = sheets["Capacity"]
    total = {(r.tech, r.unit): r.total for r in cap.itertuples()}
    # Storage within bounds; renewables within availability; lines within their capacity.
    for s in data.storage:
        soc = cols[acc.col_soc(s)]
        assert soc.min() >= -TOL and soc.max() <= total[(s, "MWh")] + 1e-4, f"soc of {s}"
        for c in (acc.col_charge(s), acc.col_discharge(s)):
            assert cols[c].max() <= total[(s, "MW")] + 1e-4, c
    for r in data.renewables:
        assert (cols[acc.col_used(r)] <= cols[acc.col_available(r)] + 1e-4).all(), f"{r} used > available"
    for row in sheets["Lines"].itertuples():
        assert cols[acc.col_sent(row.line)].max() <= row.capacity_mw + 1e-4, f"line {row.line}"

    # Costs sum to the total, which equals the solver's objective.
    costs = sheets["Costs"]
    terms = costs[costs["term"] != "total"]["cny_per_yr"].sum()
    summary = dict(zip(sheets["Summary"]["indicator"], sheets["Summary"]["value"]))
    total_cost = float(summary["total_cost_cny_per_yr"])
    assert _close(terms, total_cost), "cost terms do not sum to the total"
    assert _close(total_cost, float(summary["objective_cny_per_yr"]), rel=1e-6, abs_=1e-2), "total != objective"

    # Carbon by first principles from the Dispatch sheet, per method.
    w, g = data.weights, data.grid
    imports = float(w @ cols[acc.IMPORT])
    gp = float(w @ cols[acc.GREEN])
    gec = float(summary["gec_mwh_per_yr"])
    fuel_co2 = sum(float(w @ cols[acc.col_fuel(h)]) * data.fuels[r["fuel"]]["co2_t_per_mwh"]
                   for h, r in data.heat_supply.items() if r["kind"] == "fuel_boiler")
    counted_gec = gec if data.park["gec_counts_for_carbon"] else 0.0
    process = sum(r["output"] * r["factor_t_per_unit"] for r in data.process.values())
    # Heat traded (HeatTrade): MWh x 3.6 GJ/MWh x its factor; 1 GJ = 1 / 29.3076 tce.
    heat_mwh = {d: float(w @ cols[c]) if c in cols else 0.0
                for d, c in (("purchase", "heat_purchase_mw"), ("sale", "heat_sale_mw"))}
    heat_t = {d: heat_mwh[d] * 3.6 * data.heat_trade[d]["factor_t_per_gj"] if d in data.heat_trade else 0.0
              for d in heat_mwh}
    exports = float(w @ cols[acc.EXPORT])
    credited = 0.0 if g["export_certificates_sold"] else exports
    expected = {
        "ndrc_910": fuel_co2 + process + heat_t["purchase"] - heat_t["sale"]
        + (imports - gp - counted_gec - credited) * data.park["ndrc_910_emission_factor"],
        "average_factor": fuel_co2 + process + heat_t["purchase"] + float(w @ (cols[acc.IMPORT] * data.grid_ef_hourly)),
        "fossil_factor": fuel_co2 + process + heat_t["purchase"] + (imports - gp - counted_gec) * g["emission_factor_fossil"],
        "market_based": fuel_co2 + process + heat_t["purchase"] + (imports - gp - gec) * g["emission_factor_residual"],
    }
    carbon = sheets["Carbon"].set_index("method")
    for method, co2 in expected.items():
        assert _close(carbon.loc[method, "co2_t"], co2, rel=1e-6, abs_=1e-3), f"co2 under {method}"
    # Energy (tce) by first principles: electricity use (load + heat electricity + battery
    # charge - discharge) x the enforced method's coefficient (等价值 under ndrc_910, else 当量值)
    # + fuel x tce_per_mwh + net heat bought at its calorific value.
    elec = cols[acc.LOAD].copy()
    for h, r in data.heat_supply.items():
        if r["kind"] in techs.electric_heat_kinds():
            elec += cols[acc.col_heat_elec(h)]
    for s in data.batteries():
        elec += cols[acc.col_charge(s)] - cols[acc.col_discharge(s)]
    coefficient = data.park["electricity_tce_per_mwh_equivalent" if data.park["carbon_method"] == "ndrc_910"
                           else "electricity_tce_per_mwh"]
    tce = float(w @ elec) * coefficient + sum(
        float(w @ cols[acc.col_fuel(h)]) * data.fuels[r["fuel"]]["tce_per_mwh"]
        for h, r in data.heat_supply.items() if r["kind"] == "fuel_boiler") + (
        (heat_mwh["purchase"] - heat_mwh["sale"]) * 3.6 / 29.3076)
    assert _close(float(summary["energy_tce_per_yr"]), tce, rel=1e-6, abs_=1e-3), "tce from dispatch"
    # Market volumes within imports.
    assert gp + gec <= imports + 1e-3
    return sheets
