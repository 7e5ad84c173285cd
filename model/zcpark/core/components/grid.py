"""The public-grid connection: imports at the time-of-use price, exports, demand charge.

Variables: p_import[t], p_export[t] (MW), p_peak (MW, the horizon's peak import).
"""
from __future__ import annotations

from pyomo.environ import Constraint, NonNegativeReals, Var

from zcpark.core import accounting as acc
from zcpark.core.components.common import per_step
from zcpark.core.investment import MW_TO_KW

MONTHS = 12


def add_grid(m, data) -> None:
    g = data.grid
    m.p_import = Var(m.T, within=NonNegativeReals, bounds=(0.0, g["import_max_mw"]))
    m.p_export = Var(m.T, within=NonNegativeReals, bounds=(0.0, g["export_max_mw"]))
    imports, exports = per_step(m.p_import), per_step(m.p_export)
    m.terms.cols[acc.IMPORT] = imports
    m.terms.cols[acc.EXPORT] = exports

    w = data.weights
    m.terms.add_cost("grid_energy", acc.annual(imports * data.price, w))
    if g["export_max_mw"] > 0 and g["export_price_cny_per_mwh"]:
        m.terms.add_cost("export_revenue", -g["export_price_cny_per_mwh"] * acc.annual(exports, w))
    if g["demand_charge_cny_per_kw_month"] > 0:
        _add_peak_import(m, data)
        m.terms.add_cost("demand_charge", MONTHS * g["demand_charge_cny_per_kw_month"] * MW_TO_KW * m.p_peak)


def _add_peak_import(m, data) -> None:
    """Peak import over the horizon: p_peak >= p_import[t]   (MW); charged 12 x rate x 1000 x p_peak."""
    m.p_peak = Var(within=NonNegativeReals, bounds=(0.0, data.grid["import_max_mw"]))
    m.grid_peak = Constraint(m.T, rule=lambda _m, t: m.p_peak >= m.p_import[t])
