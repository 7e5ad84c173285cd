"""Green-power trading (绿电交易) and green certificates (绿证): they re-label grid energy.

Variables: e_green_power, e_gec (MWh/yr).
"""
from __future__ import annotations

import numpy as np
from pyomo.environ import Constraint, NonNegativeReals, Var

from zcpark.core import accounting as acc


def add_market(m, data) -> None:
    gp = data.green.get("green_power")
    gec = data.green.get("gec")
    m.e_green_power = Var(within=NonNegativeReals, bounds=(0.0, gp["max_mwh_per_yr"] if gp else 0.0))
    m.e_gec = Var(within=NonNegativeReals, bounds=(0.0, gec["max_mwh_per_yr"] if gec else 0.0))
    m.terms.annual_vars["green_power_mwh"] = m.e_green_power
    m.terms.annual_vars["gec_mwh"] = m.e_gec
    # Contracted green power per step, MW: e_green_power x shape[t], with sum_t w[t] shape[t] = 1.
    m.terms.cols[acc.GREEN] = np.array([m.e_green_power * x for x in data.green_shape()], dtype=object)
    if gp:
        m.terms.add_cost("green_power_premium", gp["price_cny_per_mwh"] * m.e_green_power)
    if gec:
        m.terms.add_cost("certificates", gec["price_cny_per_mwh"] * m.e_gec)
    _add_relabel_within_imports(m, data)


def _add_relabel_within_imports(m, data) -> None:
    """They re-label, they do not add energy: e_green_power + e_gec <= sum_t w[t] p_import[t]   (MWh/yr)."""
    m.market_within_imports = Constraint(
        expr=m.e_green_power + m.e_gec <= acc.annual(m.terms.cols[acc.IMPORT], data.weights))
