"""Heat supply: heat pumps, electric boilers, fuel boilers and waste-heat recovery.

Sets: H (heat converters).
Variables: cap_new_heat[h] (MW of heat output), q_heat[h, t] (MW of heat).
Derived per step: electricity in = q / COP (heat pump) or q / efficiency (electric boiler);
fuel in = q / efficiency (fuel boiler). Existing boilers can run less or stand idle.
"""
from __future__ import annotations

import numpy as np
from pyomo.environ import Constraint, NonNegativeReals, Set, Var

from zcpark.core import accounting as acc
from zcpark.core.components.common import MW_TO_KW, CapacityRow, new_capacity_var, per_step


def conversion(data, h: str) -> np.ndarray:
    """Heat out per unit of input, per step: COP (constant or profile) or efficiency."""
    row = data.heat_supply[h]
    if row["kind"] == "heat_pump" and row["profile"]:
        return data.profiles[row["profile"]]
    return np.full(data.n_steps, row["efficiency"] if row["efficiency"] is not None else 1.0)


def add_heat(m, data) -> None:
    hs = data.heat_supply
    m.H = Set(initialize=list(hs), ordered=True)
    m.cap_new_heat = new_capacity_var(m, "cap_new_heat", list(hs), {h: r["max_new_mw"] for h, r in hs.items()})

    def q_bound(_m, h, t):
        mx = hs[h]["max_new_mw"]
        cap = hs[h]["existing_mw"] + mx if mx is not None else None
        if hs[h]["kind"] == "waste_heat":
            avail = data.profiles[hs[h]["profile"]][t]
            cap = avail if cap is None else min(cap, avail)
        return (0.0, cap)

    m.q_heat = Var(m.H, m.T, within=NonNegativeReals, bounds=q_bound)
    _add_heat_capacity(m, data)

    w = data.weights
    for h, row in hs.items():
        q = per_step(m.q_heat, h)
        m.terms.cols[acc.col_heat(h)] = q
        if row["kind"] in acc.ELECTRIC_HEAT:
            m.terms.cols[acc.col_heat_elec(h)] = q * (1.0 / conversion(data, h))
        if row["kind"] == "fuel_boiler":
            fuel_mw = q * (1.0 / conversion(data, h))
            m.terms.cols[acc.col_fuel(h)] = fuel_mw
            m.terms.add_cost("fuel", data.fuels[row["fuel"]]["price_cny_per_mwh"] * acc.annual(fuel_mw, w))
        capex = data.crf(row["lifetime_yr"]) * row["capex_cny_per_kw"] * MW_TO_KW * m.cap_new_heat[h]
        fom = row["fom_cny_per_kw_yr"] * MW_TO_KW * (row["existing_mw"] + m.cap_new_heat[h])
        m.terms.add_cost("capex_heat", capex)
        m.terms.add_cost("fom_heat", fom)
        if row["vom_cny_per_mwh"]:
            m.terms.add_cost("vom_heat", row["vom_cny_per_mwh"] * acc.annual(q, w))
        m.terms.capacity.append(CapacityRow(h, row["kind"], "onsite", "MW", row["existing_mw"], m.cap_new_heat[h], capex + fom))


def _add_heat_capacity(m, data) -> None:
    """Heat output within capacity: q_heat[h,t] <= existing_mw[h] + cap_new_heat[h]   (MW).
    Waste heat is also bounded by its available-heat profile (a variable bound)."""
    hs = data.heat_supply
    m.heat_capacity = Constraint(m.H, m.T, rule=lambda _m, h, t: m.q_heat[h, t] <= hs[h]["existing_mw"] + m.cap_new_heat[h])
