"""Assemble the park model: components, bus balances and the least-cost objective.

The model never touches Excel: it reads ParkData and leaves its terms in `m.terms`
(Dispatch columns, cost terms, capacities) for extraction.
"""
from __future__ import annotations

from pyomo.common.gc_manager import PauseGC
from pyomo.environ import ConcreteModel, Constraint, Objective, RangeSet, minimize

from zcpark.core import accounting as acc
from zcpark.core import technologies as techs
from zcpark.core.options import OBJECTIVE_SCALE
from zcpark.core.components.common import Terms
from zcpark.core.components.grid import add_grid
from zcpark.core.components.heat import add_heat
from zcpark.core.components.heat_trade import add_heat_trade
from zcpark.core.components.lines import add_lines
from zcpark.core.components.market import add_market
from zcpark.core.components.offsets import add_offsets
from zcpark.core.components.renewables import add_renewables
from zcpark.core.components.storage import add_storage
from zcpark.core.components.targets import add_targets
from zcpark.core.components.zones import add_zones



def build_model(data, boundary_shares=None) -> ConcreteModel:
    """The one-year model (a pathway workbook's years: core/pathway_build.py). `boundary_shares`: with
    zones, the boundary's fixed shares of the common bus its targets are written with (core/attribution.py;
    default: estimated from the loads; procedures/zones.py iterates them to the dispatch's)."""
    m = ConcreteModel(name=str(data.park.get("name", "park")))
    build_operation(m, data, boundary_shares)
    _apply_limits_per_year(m, data)
    _add_objective(m)
    return m


def build_operation(m, data, boundary_shares=None) -> None:
    """One year's components, balances and targets on block `m` (the model, or a pathway year's block).
    With zones (a park within a park) the bus balances are per zone and for the common bus (zones.py).
    Python's cyclic garbage collector is paused meanwhile, as Pyomo's own writers pause it: a full-year
    model is millions of new objects and none is garbage, yet the collector's passes over them took
    half the build (inland full year: 1.9 s, 0.9 s paused; docs/performance.md, fourth slice). No
    collection first: it would free an earlier model before this one is built (inland
    --typical-days 12: peak 606 MiB without it, 517 with it), but a full collection costs time in
    proportion to everything alive, and the test suite went from 146 s to 245 s with it."""
    with PauseGC():
        _build_operation(m, data, boundary_shares)


def _build_operation(m, data, boundary_shares) -> None:
    m.T = RangeSet(0, data.n_steps - 1)
    m.terms = Terms()
    m.terms.cols[acc.LOAD] = data.electric_load
    m.terms.cols[acc.HEAT_LOAD] = data.heat_load
    add_grid(m, data)
    add_renewables(m, data)
    add_lines(m, data)
    add_storage(m, data)
    add_heat(m, data)
    add_heat_trade(m, data)
    add_market(m, data)
    add_offsets(m, data)
    if data.zones:
        add_zones(m, data)
    else:
        _add_electricity_balance(m, data)
        _add_heat_balance(m, data)
    _add_export_from_own_generation(m, data)
    add_targets(m, data, boundary_shares)


def limits_per_year(data):
    """(design variable, id, yearly bound) for every `<limit>_per_year` cell given (technologies.FAMILIES)."""
    for family in techs.FAMILIES.values():
        for tech_id, row in getattr(data, family.table).items():
            for limit in family.limits:
                bound = row.get(limit.column + "_per_year")
                if bound is not None:
                    yield limit.variable, tech_id, bound


def _apply_limits_per_year(m, data) -> None:
    """Without a pathway, max_new_*_per_year bounds the single build: new <= max_new_mw_per_year."""
    for variable, tech_id, bound in limits_per_year(data):
        var = getattr(m, variable)[tech_id]
        var.setub(bound if var.ub is None else min(var.ub, bound))


def _add_electricity_balance(m, data) -> None:
    """Electricity bus each step (MW), see accounting.electricity_balance:
    onsite_used + delivered + import + discharge = load + heat_elec + charge + export."""
    residual = acc.electricity_balance(m.terms.cols, data)
    m.electricity_balance = Constraint(m.T, rule=lambda _m, t: residual[t] == 0)


def _add_export_from_own_generation(m, data) -> None:
    """The park exports only green power it generates in that step, never resold grid power
    (zcpark extension of the spec): p_export[t] <= onsite_used[t] + delivered[t]   (MW)."""
    if not data.grid["export_max_mw"]:
        return
    f = acc.flows(m.terms.cols, data)
    own = f["onsite_used"] + f["direct_delivered"]
    m.export_from_own_generation = Constraint(m.T, rule=lambda _m, t: f["export"][t] <= own[t])


def _add_heat_balance(m, data) -> None:
    """Heat bus each step (MW), see accounting.heat_balance:
    sum_h q_heat[h,t] + heat bought - heat sold + thermal discharge - thermal charge = heat_load."""
    if not data.heat_supply and not data.thermal_stores() and not data.heat_load.any() and not data.heat_trade:
        return
    residual = acc.heat_balance(m.terms.cols, data)
    m.heat_balance = Constraint(m.T, rule=lambda _m, t: residual[t] == 0)


def _add_objective(m) -> None:
    """Minimum total annual cost: sum of the Costs terms (CNY/yr), scaled to million CNY/yr."""
    m.total_cost = Objective(expr=sum(m.terms.costs.values()) / OBJECTIVE_SCALE, sense=minimize)
