"""Explain an infeasible park: which targets or limits must move, and by how much.

Two elastic re-solves of the same model, each minimising the sum of relative violations:
1. targets elastic, limits hard: the best achievable value of each enforced target;
2. limits elastic (new-build maxima, grid import, green-market volumes), targets hard: how far
   each limit must rise for every target to be met.
Slack variables are added around the built model, so the components stay free of diagnosis code.
"""
from __future__ import annotations

import pandas as pd
from pyomo.environ import Constraint, NonNegativeReals, Objective, Var, minimize, value

from zcpark.core import accounting as acc
from zcpark.core.build import build_model
from zcpark.errors import InfeasibleError, SolverError
from zcpark.core.extract import extract
from zcpark.core.solve import solve
from zcpark.results.sheets import acceptance_for

# Target constraint (components/targets.py) -> its indicator.
TARGETS = {
    "target_carbon_intensity": "carbon_intensity_max",
    "target_co2_cap": "co2_cap_t",
    "target_net_co2": "net_co2_max_t",
    "target_clean_share": "clean_energy_share_min",
    "target_hourly_matching": "hourly_matching_min",
    "target_direct_supply_share": "direct_supply_share_min",
    "direct_self_use": "direct_self_use_min",
    "direct_consumption_share": "direct_consumption_share_min",
    "direct_feed_in": "direct_feed_in_max",
}
SLACK_TOL = 1e-6  # relative slack below this is no violation


def _reference_mwh(data) -> float:
    return max(1.0, acc.annual(data.electric_load + data.heat_load, data.weights))


def elastic(m, con, scale: float, name: str):
    """Replace constraint `con` by its elastic form with slack s >= 0 (in the constraint's units):
    body - s <= upper, or body + s >= lower. Returns (slack var, scale)."""
    lower, body, upper = con.to_bounded_expression()
    s = Var(within=NonNegativeReals)
    m.add_component(f"slack_{name}", s)
    con.deactivate()
    m.add_component(f"elastic_{name}", Constraint(expr=(body - s <= upper) if upper is not None else (body + s >= lower)))
    return s, scale


def _free_derived_bounds(m, data) -> None:
    """Drop the per-step bounds derived from new-build maxima, so relaxing a maximum is enough."""
    for name in ("p_used", "p_charge", "p_discharge", "soc"):
        if hasattr(m, name):
            for v in getattr(m, name).values():
                v.setub(None)
    if hasattr(m, "q_heat"):
        for (h, t), v in m.q_heat.items():
            if data.heat_supply[h]["kind"] != "waste_heat":
                v.setub(None)


def _elastic_limits(m, data) -> list[tuple[str, object, float, float, str]]:
    """Make every relaxable limit elastic; return (label, slack, scale, limit, unit) rows."""
    _free_derived_bounds(m, data)
    rows = []

    def relax(var, limit, label, unit, key):
        var.setub(None)
        s = Var(within=NonNegativeReals)
        m.add_component(f"slack_limit_{key}", s)
        m.add_component(f"elastic_limit_{key}", Constraint(expr=var <= limit + s))
        rows.append((label, s, max(1.0, abs(limit)), limit, unit))

    for r, row in data.renewables.items():
        if row["max_new_mw"] is not None:
            relax(m.cap_new_ren[r], row["max_new_mw"], f"Renewables!max_new_mw for {r}", "MW", f"ren_{len(rows)}")
            if r in m.n_units:
                m.n_units[r].setub(None)
            if hasattr(m, "ren_max_build") and r in m.ren_max_build:
                m.ren_max_build[r].deactivate()
    for s_id, row in data.storage.items():
        for col, var, unit in (("max_new_mw", m.cap_new_p, "MW"), ("max_new_mwh", m.cap_new_e, "MWh")):
            if row[col] is not None:
                relax(var[s_id], row[col], f"Storage!{col} for {s_id}", unit, f"sto_{len(rows)}")
    for h, row in data.heat_supply.items():
        if row["max_new_mw"] is not None:
            relax(m.cap_new_heat[h], row["max_new_mw"], f"HeatSupply!max_new_mw for {h}", "MW", f"heat_{len(rows)}")
    if data.grid["import_max_mw"] is not None:
        peak = Var(within=NonNegativeReals)
        m.import_ceiling = peak
        for v in m.p_import.values():
            v.setub(None)
        m.import_ceiling_link = Constraint(m.T, rule=lambda _m, t: m.p_import[t] <= peak)
        if hasattr(m, "p_peak"):
            m.p_peak.setub(None)
        relax(peak, data.grid["import_max_mw"], "Grid!import_max_mw", "MW", "import")
    for product, var in (("green_power", m.e_green_power), ("gec", m.e_gec)):
        row = data.green.get(product)
        if row and row["max_mwh_per_yr"] is not None:
            relax(var, row["max_mwh_per_yr"], f"GreenMarket!max_mwh_per_yr for {product}", "MWh/yr", f"mkt_{product}")
    return rows


def _minimise(m, slacks) -> None:
    """Replace the cost objective by the sum of relative violations."""
    m.total_cost.deactivate()
    m.violation = Objective(expr=sum(s / scale for s, scale in slacks), sense=minimize)


def slack_scale(data, name: str) -> float:
    """A typical size of a target constraint's terms, so that slacks are relative violations:
    the park's final demand (MWh/yr), in the constraint's own units (tce, tCO2, MWh)."""
    ref = _reference_mwh(data)
    tce_ref = ref * acc.electricity_tce_per_mwh(data, data.park["carbon_method"])
    co2_ref = ref * data.grid["emission_factor_fossil"]  # as if all of it came from fossil power
    scale = {"target_carbon_intensity": tce_ref, "target_co2_cap": co2_ref, "target_net_co2": co2_ref,
             "target_clean_share": tce_ref, "target_hourly_matching": ref}
    return max(1.0, scale.get(name, ref))


def elastic_targets(m, data) -> list[tuple]:
    """Make every enforced target of a built model elastic; returns [(slack var, scale)]."""
    return [elastic(m, getattr(m, name), slack_scale(data, name), name)
            for name in TARGETS if getattr(m, name, None) is not None]


def _target_step(data, options) -> list[dict]:
    m = build_model(data)
    slacks = elastic_targets(m, data)
    _minimise(m, slacks)
    solve(m, options)
    accept = acceptance_for(data, extract(m, data))["acceptance"]
    out = []
    for _, row in accept.iterrows():
        if row["enforce"] and row["applies"] and row["margin"] < -SLACK_TOL * max(1.0, abs(row["limit"])):
            out.append({"step": "targets", "item": row["indicator"], "limit": row["limit"],
                        "value": row["achieved"], "change": row["achieved"] - row["limit"],
                        "message": f"{row['indicator']} {row['limit']:g} cannot be met within the limits: the best "
                                   f"achievable is {row['achieved']:.4g} (with every other target as close as possible)"})
    return out


def _limit_step(data, options) -> list[dict]:
    m = build_model(data)
    rows = _elastic_limits(m, data)
    _minimise(m, [(s, scale) for _, s, scale, _, _ in rows])
    solve(m, options)
    out = []
    for label, s, scale, limit, unit in rows:
        extra = value(s)
        if extra / scale > SLACK_TOL:
            out.append({"step": "limits", "item": label, "limit": limit, "value": limit + extra, "change": extra,
                        "message": f"raise {label} from {limit:,.4g} to {limit + extra:,.4g} {unit} (+{extra:,.4g})"})
    return out


def diagnose(data, options=None) -> pd.DataFrame:
    """Rows: step (targets | limits), item, limit, value (achievable / needed), change, message."""
    rows: list[dict] = []
    for label, step, what in (("targets", _target_step, "relaxing the targets"),
                              ("limits", _limit_step, "relaxing every new-build and market limit")):
        try:
            rows += step(data, options)
        except (InfeasibleError, SolverError) as exc:
            rows.append({"step": label, "item": "balance", "limit": None,
                         "value": None, "change": None,
                         "message": f"still infeasible after {what}: an energy balance cannot close "
                                    f"(check loads, heat supply, line capacities and existing units) [{exc}]"})
    return pd.DataFrame(rows, columns=["step", "item", "limit", "value", "change", "message"])
