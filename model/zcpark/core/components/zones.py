"""Park within a park (园中园): one electricity bus per zone, linked to the park's common bus.

Only with a Zones sheet (data.zones); it then replaces the park's single electricity and heat balance
(core/build.py). The grid connection, the direct lines and the shared assets (blank zone) are on the
common bus; a zone's assets are on its own bus; heat stays inside its zone.
Sets: Z (zones).
Variables: p_draw[z, t], p_feed[z, t] (MW taken from / given to the common bus), each <= link_max_mw[z].
The balances are accounting's (zone_electricity_balance, common_bus_balance, zone_heat_balance), so the
constraints and the Zones sheet share one definition.
"""
from __future__ import annotations

from pyomo.environ import Constraint, NonNegativeReals, Set, Var

from zcpark.core import accounting as acc
from zcpark.core.components.common import per_step


def add_zones(m, data) -> None:
    zones = data.zones
    m.Z = Set(initialize=list(zones), ordered=True)
    link = {z: row["link_max_mw"] for z, row in zones.items()}
    m.p_draw = Var(m.Z, m.T, within=NonNegativeReals, bounds=lambda _m, z, t: (0.0, link[z]))
    m.p_feed = Var(m.Z, m.T, within=NonNegativeReals, bounds=lambda _m, z, t: (0.0, link[z]))
    for z in zones:
        m.terms.cols[acc.col_draw(z)] = per_step(m.p_draw, z)
        m.terms.cols[acc.col_feed(z)] = per_step(m.p_feed, z)
    _add_zone_balances(m, data)
    _add_common_bus_balance(m, data)
    _add_zone_heat_balances(m, data)
    _add_feed_from_own_generation(m, data)


def _add_zone_balances(m, data) -> None:
    """Zone z's bus each step (MW), see accounting.zone_electricity_balance:
    own onsite_used + p_draw[z,t] + own discharge = zone load + own heat_elec + own charge + p_feed[z,t].
    The link limit is the bound of p_draw and p_feed (link_max_mw, MW)."""
    residual = {z: acc.zone_electricity_balance(m.terms.cols, data, z) for z in data.zones}
    m.zone_electricity_balance = Constraint(m.Z, m.T, rule=lambda _m, z, t: residual[z][t] == 0)


def _add_common_bus_balance(m, data) -> None:
    """The common bus each step (MW), see accounting.common_bus_balance:
    shared onsite_used + delivered + import + shared discharge + sum_z p_feed[z,t]
      = sum_z p_draw[z,t] + shared charge + export."""
    residual = acc.common_bus_balance(m.terms.cols, data)
    m.common_bus_balance = Constraint(m.T, rule=lambda _m, t: residual[t] == 0)


def _add_zone_heat_balances(m, data) -> None:
    """Zone z's heat each step (MW), see accounting.zone_heat_balance:
    own heat output + heat bought - heat sold + own thermal discharge - own thermal charge = zone heat load."""
    heated = [z for z in data.zones if _has_heat(data.restricted_to({z}))]
    residual = {z: acc.zone_heat_balance(m.terms.cols, data, z) for z in heated}
    m.zone_heat_balance = Constraint(heated, m.T, rule=lambda _m, z, t: residual[z][t] == 0)


def _has_heat(view) -> bool:
    return bool(view.heat_supply or view.thermal_stores() or view.heat_load.any() or view.heat_trade)


def _add_feed_from_own_generation(m, data) -> None:
    """A zone gives the common bus only green power it generates in that step (as the park exports only
    its own green generation), so what it feeds is carbon-free for the zones it is attributed to:
    p_feed[z,t] <= own onsite_used[z,t]   (MW)."""
    used = {z: acc.flows(acc.zone_columns(m.terms.cols, data, z), data.restricted_to({z}))["onsite_used"]
            for z in data.zones}
    m.zone_feed_from_own_generation = Constraint(m.Z, m.T, rule=lambda _m, z, t: m.p_feed[z, t] <= used[z][t])
