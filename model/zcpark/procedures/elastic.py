"""Elastic targets: a target constraint replaced by its form with a non-negative slack, so that a
model that cannot meet it still solves and says by how much it misses.

Used by the diagnosis (minimise the violations: the best achievable value of each target) and by
the full-year check (a penalty on the violations: a fixed plan still gets a dispatch). Slacks are
in the constraint's own units; `slack_scale` makes them relative violations of comparable size.
"""
from __future__ import annotations

from pyomo.environ import Constraint, NonNegativeReals, Var

from zcpark.core import accounting as acc

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

def reference_mwh(data) -> float:
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


def slack_scale(data, name: str) -> float:
    """A typical size of a target constraint's terms, so that slacks are relative violations:
    the park's final demand (MWh/yr), in the constraint's own units (tce, tCO2, MWh)."""
    ref = reference_mwh(data)
    tce_ref = ref * acc.electricity_tce_per_mwh(data, data.park["carbon_method"])
    co2_ref = ref * data.grid["emission_factor_fossil"]  # as if all of it came from fossil power
    scale = {"target_carbon_intensity": tce_ref, "target_co2_cap": co2_ref, "target_net_co2": co2_ref,
             "target_clean_share": tce_ref, "target_hourly_matching": ref}
    return max(1.0, scale.get(name, ref))


def elastic_targets(m, data) -> list[tuple]:
    """Make every enforced target of a built model elastic; returns [(slack var, scale)]."""
    return [elastic(m, getattr(m, name), slack_scale(data, name), name)
            for name in TARGETS if getattr(m, name, None) is not None]
