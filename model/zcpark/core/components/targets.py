"""Near-zero-carbon targets as constraints, written with the accounting module's definitions.

Only enforced targets become constraints; every target is reported either way.
"""
from __future__ import annotations

import dataclasses

import numpy as np
from pyomo.environ import Constraint, Var

from zcpark.core import accounting as acc
from zcpark.core import attribution
from zcpark.core import technologies as techs
from zcpark.core.components.heat import conversion
from zcpark.core.components.storage import power_ceiling
from zcpark.core.accounting import intensity_limit


def add_targets(m, data, boundary_shares=None) -> None:
    """The enforced targets of `data`. Without zones they hold for the park. With zones (a park within a
    park) a row holds for its scope: `park` rows on the park's columns, `boundary` rows on the boundary's
    columns (core/attribution.py: its own zones plus its pro-rata share of the common bus, with the shares
    `boundary_shares` fixed: linear; default, estimated from the loads). The direct-line rules hold for the
    park (the lines land on the common bus). Each indicator has one row, so one scope and one constraint."""
    tot = acc.totals(m.terms.cols, data, m.terms.annual_vars)
    m.terms.totals = tot
    if not data.zones:
        _add_scope_targets(m, data, m.terms.cols, tot)
    else:
        by_scope = {scope: {k: t for k, t in data.targets.items() if (t.scope == "park") == (scope == "park")}
                    for scope in ("park", "boundary")}
        _add_scope_targets(m, dataclasses.replace(data, targets=by_scope["park"]), m.terms.cols, tot)
        sh = boundary_shares or attribution.estimated_shares(data, "boundary")
        view = dataclasses.replace(attribution.scope_view(data, "boundary"), targets=by_scope["boundary"])
        cols = attribution.scope_columns(m.terms.cols, data, "boundary", sh)
        annual_vars = attribution.scope_annual_vars(m.terms.annual_vars, sh, cols, m.terms.cols, data)
        _add_scope_targets(m, view, cols, acc.totals(cols, view, annual_vars))
    if data.lines:
        _add_direct_rules(m, data, tot)


def _add_scope_targets(m, data, cols, tot) -> None:
    """The enforced targets of `data.targets` on one scope's columns `cols` and totals `tot`."""
    enforced = acc.carbon(tot, data, data.park["carbon_method"])
    t = data.targets.get("carbon_intensity_max")
    if t is not None and t.enforce:
        _add_carbon_intensity(m, enforced, intensity_limit(data))
    if data.enforced("co2_cap_t") is not None:
        _add_co2_cap(m, enforced, data.enforced("co2_cap_t"))
    if data.enforced("net_co2_max_t") is not None:
        _add_net_co2(m, enforced, data.enforced("net_co2_max_t"))
    if data.enforced("clean_energy_share_min") is not None:
        _add_clean_share(m, enforced, data.enforced("clean_energy_share_min"))
    if data.enforced("hourly_matching_min") is not None:
        _add_hourly_matching(m, data, cols, data.enforced("hourly_matching_min"))
    if data.enforced("direct_supply_share_min") is not None:
        _add_direct_supply_share(m, tot, data.enforced("direct_supply_share_min"))


def _add_carbon_intensity(m, c, limit) -> None:
    """co2_t <= carbon_intensity_max x tce   (tCO2/yr), under the Park's carbon_method."""
    m.target_carbon_intensity = Constraint(expr=c["co2_t"] <= limit * c["tce"])


def _add_co2_cap(m, c, cap) -> None:
    """co2_t <= co2_cap_t   (tCO2/yr)."""
    m.target_co2_cap = Constraint(expr=c["co2_t"] <= cap)


def _add_net_co2(m, c, cap) -> None:
    """Net emissions after offsets: co2_t - sum_o buy_offset[o] <= net_co2_max_t   (tCO2/yr)."""
    m.target_net_co2 = Constraint(expr=c["net_co2_t"] <= cap)


def _add_clean_share(m, c, share) -> None:
    """clean_tce >= clean_energy_share_min x tce   (tce/yr)."""
    m.target_clean_share = Constraint(expr=c["clean_tce"] >= share * c["tce"])


def _add_direct_supply_share(m, tot, share) -> None:
    """910号 附件4 direct supply (see accounting.direct_supply_mwh), linear:
    onsite_used + direct_delivered - export >= direct_supply_share_min x electricity   (MWh/yr)."""
    m.target_direct_supply_share = Constraint(expr=acc.direct_supply_mwh(tot) >= share * tot["electricity_mwh"])


def _add_hourly_matching(m, data, cols, share) -> None:
    """Hourly matching (see accounting.carbon_free_supply), via the unmatched demand u[t] >= 0:
    green_used[t] <= green_power[t],  green_used[t] <= p_import[t]          (MW)
    u[t] >= demand[t] - carbon_free_supply[t]                               (MW)
    sum_t w[t] u[t] <= (1 - hourly_matching_min) x sum_t w[t] demand[t]      (MWh/yr)
    Equivalent to matched[t] = demand[t] - u[t] <= min(demand[t], supply[t]) with
    sum matched >= share x sum demand; a non-negative u keeps free variables out of the LP."""
    f = acc.flows(cols, data)
    m.green_used = Var(m.T, bounds=(0.0, data.grid["import_max_mw"]))   # green_used <= p_import <= import_max
    unmatched_max = _unmatched_ceiling(data)
    m.unmatched = Var(m.T, bounds=lambda _m, t: (0.0, unmatched_max[t] if unmatched_max is not None else None))
    green_used = np.array([m.green_used[t] for t in m.T], dtype=object)
    demand = acc.matching_demand(f)
    supply = acc.carbon_free_supply(f, green_used)
    m.match_green_contract = Constraint(m.T, rule=lambda _m, t: m.green_used[t] <= f["green_power"][t])
    m.match_green_import = Constraint(m.T, rule=lambda _m, t: m.green_used[t] <= f["import"][t])
    m.match_unmatched = Constraint(m.T, rule=lambda _m, t: m.unmatched[t] >= demand[t] - supply[t])
    unmatched = np.array([m.unmatched[t] for t in m.T], dtype=object)
    w = data.weights
    m.target_hourly_matching = Constraint(expr=acc.annual(unmatched, w) <= (1.0 - share) * acc.annual(demand, w))


def _unmatched_ceiling(data) -> np.ndarray | None:
    """A finite upper bound on the unmatched demand u[t] that changes no plan (MW per step), so the
    Lagrangian bound (core/lagrangian.py) stays finite; None when some limit below is blank (unlimited).
    u[t] appears only in u[t] >= demand[t] - supply[t] and in the annual sum (<=), so any plan keeps its
    cost with u[t] = max(0, demand[t] - supply[t]) <= demand[t] + charge[t] + export[t] (supply's only
    negative terms), each at most what the data allows:
    u_max[t] = load[t] + sum_h (existing_mw + max_new_mw)[h] / conversion[h, t] (electric heat)
               + sum_s (existing_mw + max_new_mw)[s] (batteries) + export_max_mw.
    With zones the flows are a scope's (core/attribution.py), not bounded here: None."""
    if data.zones:
        return None
    electric = techs.electric_heat_kinds()
    heat = [(h, row) for h, row in data.heat_supply.items() if row["kind"] in electric]
    batteries = [data.storage[s] for s in data.batteries()]
    if any(row["max_new_mw"] is None for _, row in heat) or any(power_ceiling(row) is None for row in batteries):
        return None
    heat_elec = sum((np.asarray((row["existing_mw"] + row["max_new_mw"]) / conversion(data, h), dtype=float)
                     for h, row in heat), np.zeros(data.n_steps))
    return (np.asarray(data.electric_load, dtype=float) + heat_elec
            + sum(power_ceiling(row) for row in batteries) + data.grid["export_max_mw"])


def _consumption_upper_bound(data) -> float:
    """Upper bound on annual electricity use (MWh/yr) for the big-M of the consumption-share rule:
    use = onsite_used + delivered + import - export <= sum_t w[t] (onsite cf x max cap + line max + import max).
    Falls back to 10 x final demand when a bound is unlimited."""
    w = data.weights
    import_max = data.grid["import_max_mw"]
    onsite = [data.profiles[data.renewables[r]["profile"]] * (data.renewables[r]["existing_mw"] + data.renewables[r]["max_new_mw"])
              for r in data.onsite_plants() if data.renewables[r]["max_new_mw"] is not None]
    if import_max is None or len(onsite) < len(data.onsite_plants()):
        return 10.0 * acc.annual(data.electric_load + data.heat_load, w)
    line_max = sum(max(o["capacity_mw"] for o in opts.values()) for opts in data.lines.values())
    return acc.annual(np.sum(onsite, axis=0), w) + float(w.sum()) * (line_max + import_max)


def _add_direct_rules(m, data, tot) -> None:
    """The 650号 direct-connection rules, binding only when a line is built (any_line = 1).
    self_used = delivered - export (all exports attributed to the direct plants)   (MWh/yr)
    self_used >= direct_self_use_min x available - M_self (1 - any_line)
    self_used >= direct_consumption_share_min x electricity - M_share (1 - any_line)
    export <= direct_feed_in_max x available + M_feed (1 - any_line)
    With no line, delivered = 0 and self_used = -export >= -X, X = sum_t w[t] export_max, so
    M_self = min x max available + X; M_share = min x max electricity use + X; M_feed = X."""
    z = m.terms.any_line
    w = data.weights
    self_used = tot["direct_delivered_mwh"] - tot["export_mwh"]
    avail_max = sum(acc.annual(data.profiles[data.renewables[r]["profile"]], w)
                    * (data.renewables[r]["existing_mw"] + (data.renewables[r]["max_new_mw"] or 0.0))
                    for r in data.direct_plants())
    max_export = float(w.sum()) * data.grid["export_max_mw"]
    v = data.enforced("direct_self_use_min")
    if v is not None:
        big_m = v * avail_max + max_export
        m.direct_self_use = Constraint(expr=self_used >= v * tot["direct_available_mwh"] - big_m * (1 - z))
    v = data.enforced("direct_consumption_share_min")
    if v is not None:
        big_m = v * _consumption_upper_bound(data) + max_export
        m.direct_consumption_share = Constraint(expr=self_used >= v * tot["electricity_mwh"] - big_m * (1 - z))
    v = data.enforced("direct_feed_in_max")
    if v is not None and max_export > 0:
        m.direct_feed_in = Constraint(expr=tot["export_mwh"] <= v * tot["direct_available_mwh"] + max_export * (1 - z))
