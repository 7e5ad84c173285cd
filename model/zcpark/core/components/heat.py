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
from zcpark.core import technologies as techs
from zcpark.core.components.common import CapacityRow, new_capacity_var, per_step
from zcpark.core.investment import add_investment, per_kw


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
        if techs.role(hs[h]["kind"]).draws_from is None:  # an ambient resource: its profile bounds the output
            avail = data.profiles[hs[h]["profile"]][t]
            cap = avail if cap is None else min(cap, avail)
        return (0.0, cap)

    m.q_heat = Var(m.H, m.T, within=NonNegativeReals, bounds=q_bound)
    _add_heat_capacity(m, data)

    w = data.weights
    for h, row in hs.items():
        q = per_step(m.q_heat, h)
        m.terms.cols[acc.col_heat(h)] = q
        roles = techs.role(row["kind"])
        if roles.draws_from == techs.ELECTRICITY:
            m.terms.cols[acc.col_heat_elec(h)] = q * (1.0 / conversion(data, h))
        if roles.draws_from == techs.FUEL:
            fuel_mw = q * (1.0 / conversion(data, h))
            m.terms.cols[acc.col_fuel(h)] = fuel_mw
            m.terms.add_cost("fuel", data.fuels[row["fuel"]]["price_cny_per_mwh"] * acc.annual(fuel_mw, w))
        cost = add_investment(m, data, h, row["lifetime_yr"], [
            per_kw(m.cap_new_heat[h], row["existing_mw"], row["capex_cny_per_kw"], row["fom_cny_per_kw_yr"])],
            "capex_heat", "fom_heat")
        if row["vom_cny_per_mwh"]:
            m.terms.add_cost("vom_heat", row["vom_cny_per_mwh"] * acc.annual(q, w))
        m.terms.capacity.append(CapacityRow(h, row["kind"], "onsite", "MW", row["existing_mw"], m.cap_new_heat[h], cost))


def _add_heat_capacity(m, data) -> None:
    """Heat output within capacity: q_heat[h,t] <= existing_mw[h] + cap_new_heat[h]   (MW).
    Waste heat is also bounded by its available-heat profile (a variable bound)."""
    hs = data.heat_supply
    m.heat_capacity = Constraint(m.H, m.T, rule=lambda _m, h, t: m.q_heat[h, t] <= hs[h]["existing_mw"] + m.cap_new_heat[h])
