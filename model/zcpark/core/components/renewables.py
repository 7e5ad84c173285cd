"""PV and wind plants, on site or behind a direct line.

Sets: R (all plants), R_UNIT (plants built in whole units), R_MIN (plants with a minimum build).
Variables: cap_new_ren[r] (MW), p_used[r, t] (MW, generation used; curtailment is the rest),
n_units[r] (integer), build_ren[r] (binary).
"""
from __future__ import annotations

from pyomo.environ import Binary, Constraint, NonNegativeIntegers, NonNegativeReals, Set, Var

from zcpark.core import accounting as acc
from zcpark.core.components.common import CapacityRow, new_capacity_var, per_step
from zcpark.core.investment import add_investment, per_kw


def add_renewables(m, data) -> None:
    ren = data.renewables
    m.R = Set(initialize=list(ren), ordered=True)
    max_new = {r: row["max_new_mw"] for r, row in ren.items()}
    m.cap_new_ren = new_capacity_var(m, "cap_new_ren", list(ren), max_new)

    def used_bound(_m, r, t):
        cap_max = ren[r]["existing_mw"] + (max_new[r] if max_new[r] is not None else float("inf"))
        cf = data.profiles[ren[r]["profile"]][t]
        return (0.0, cf * cap_max if cap_max < float("inf") else None)

    m.p_used = Var(m.R, m.T, within=NonNegativeReals, bounds=used_bound)
    _add_availability(m, data)
    _add_unit_sizes(m, data)
    _add_minimum_builds(m, data)

    w = data.weights
    for r, row in ren.items():
        m.terms.cols[acc.col_used(r)] = per_step(m.p_used, r)
        m.terms.cols[acc.col_available(r)] = data.profiles[row["profile"]] * (row["existing_mw"] + m.cap_new_ren[r])
        cost = add_investment(m, data, r, row["lifetime_yr"], [
            per_kw(m.cap_new_ren[r], row["existing_mw"], row["capex_cny_per_kw"], row["fom_cny_per_kw_yr"])],
            "capex_renewables", "fom_renewables")
        if row["vom_cny_per_mwh"]:
            m.terms.add_cost("vom_renewables", row["vom_cny_per_mwh"] * acc.annual(per_step(m.p_used, r), w))
        m.terms.capacity.append(CapacityRow(r, row["kind"], row["site"], "MW", row["existing_mw"],
                                            m.cap_new_ren[r], cost))


def _add_availability(m, data) -> None:
    """Used generation within available output:
    p_used[r,t] <= cf[r,t] x (existing_mw[r] + cap_new_ren[r])   (MW)."""
    ren = data.renewables

    def rule(_m, r, t):
        cf = data.profiles[ren[r]["profile"]][t]
        return m.p_used[r, t] <= cf * (ren[r]["existing_mw"] + m.cap_new_ren[r])

    m.ren_availability = Constraint(m.R, m.T, rule=rule)


def _add_unit_sizes(m, data) -> None:
    """Whole units: cap_new_ren[r] = unit_mw[r] x n_units[r], n_units integer   (MW)."""
    unit = {r: row["unit_mw"] for r, row in data.renewables.items() if row["unit_mw"]}
    m.R_UNIT = Set(initialize=list(unit), ordered=True)

    def bounds(_m, r):
        mx = data.renewables[r]["max_new_mw"]
        return (0, int(mx // unit[r]) if mx is not None else None)

    m.n_units = Var(m.R_UNIT, within=NonNegativeIntegers, bounds=bounds)
    m.terms.design.append(m.n_units)
    m.ren_units = Constraint(m.R_UNIT, rule=lambda _m, r: m.cap_new_ren[r] == unit[r] * m.n_units[r])


def _add_minimum_builds(m, data) -> None:
    """Build nothing or at least min_new_mw:
    min_new_mw[r] x build_ren[r] <= cap_new_ren[r] <= max_new_mw[r] x build_ren[r]   (MW)."""
    rows = {r: row for r, row in data.renewables.items() if row["min_new_mw"] > 0}
    m.R_MIN = Set(initialize=list(rows), ordered=True)
    m.build_ren = Var(m.R_MIN, within=Binary)
    m.terms.design.append(m.build_ren)
    m.ren_min_build = Constraint(m.R_MIN, rule=lambda _m, r: m.cap_new_ren[r] >= rows[r]["min_new_mw"] * m.build_ren[r])
    m.ren_max_build = Constraint(m.R_MIN, rule=lambda _m, r: m.cap_new_ren[r] <= rows[r]["max_new_mw"] * m.build_ren[r])
    for r in rows:
        if data.renewables[r]["site"] == "onsite":  # a plant behind a line is chosen with its line (lines.py)
            m.terms.choices.append([[(m.build_ren[r], 1.0)], [(m.build_ren[r], 0.0)]])
