"""The build-pathway model: one block per listed year, build decisions by vintage, minimum NPV.

Each year's operation is the one-year model (build.build_operation) on that year's ParkData, in
block m.year[y]: its components, balances and targets are exactly those of a single-year run.
A block's new-capacity variables (cap_new_ren, cap_new_p, cap_new_e, cap_new_heat, build_line)
mean the new capacity *available* in that year; investment.Vintages splits them by build year
and charges the annuities of the vintages available (docs/formulation.md "Build pathway"):

    new[y] = sum_{v <= y < v + lifetime_v} new_v                          (MW, MWh; 0/1 for a line option)
    new_v <= max_new_*_per_year (year v);  sum_{v <= y} new_v <= max_new_* (year y)
    sum_{o, v} build_line_v[l, o] <= 1                                      (a line is built once)
    min_new_mw / unit_mw apply to each year's build new_v
    min  sum_y D_y x annual cost_y                                        (CNY, valued at the first year)
"""
from __future__ import annotations

import pandas as pd
from pyomo.environ import (Any, Binary, Block, ConcreteModel, ConstraintList, NonNegativeIntegers, Objective,
                           Reals, Var, minimize, value)

from zcpark.core.build import build_operation, limits_per_year
from zcpark.core.components.common import Terms
from zcpark.core.extract import extract
from zcpark.core.investment import Vintages, vintage_key
from zcpark.core.options import OBJECTIVE_SCALE
from zcpark.core.pathway import Pathway


def build_pathway_model(pathway: Pathway, plan: dict | None = None, boundary_shares: dict | None = None) -> ConcreteModel:
    """The pathway model; with `plan` (extract_pathway's), the vintages are fixed to the plan's and
    priced as in it, even those of years `pathway` does not list (the full-year check of one year).
    `boundary_shares` {year: attribution.Shares}: with zones, the shares each year's boundary targets are
    written with (procedures/zones.py; a year not given: estimated from its loads, as build_operation does)."""
    first = pathway.data[pathway.first]
    m = ConcreteModel(name=str(first.park.get("name", "park")))
    m.terms = Terms()  # the whole model's: no enumeration choices (HiGHS branch-and-bound on the vintages)
    m.vintages = vintages = Vintages(m, pathway)
    if plan is not None:
        vintages.built = {key: dict(by_year) for key, by_year in plan["prices"].items()}
    m.year = Block(pathway.years)
    m.vintage_limits = ConstraintList()
    for y in pathway.years:
        vintages.year = y
        block = m.year[y]
        block.vintages = vintages
        build_operation(block, pathway.data[y], (boundary_shares or {}).get(y))
        _builds_per_year(m, block, pathway, y, plan is None)
        relax_year_design(block)
    _lines_built_once(m, pathway)
    m.total_cost = Objective(expr=sum(pathway.weight(y) * sum(m.year[y].terms.costs.values())
                                      for y in pathway.years) / OBJECTIVE_SCALE, sense=minimize)
    if plan is not None:
        for var in (m.vintage_new, m.vintage_build):
            for index, v in var.items():
                x = plan["values"].get(index, 0.0)
                v.fix(float(round(x)) if var is m.vintage_build else x)  # a line is built or not
    return m


def relax_year_design(block) -> None:
    """A year's own design variables follow from the vintages (the vintage links) or are unused
    (whole units and minimum builds are on the vintages): continuous, and still whole where they
    must be, since the vintages are. Only the vintages are integers."""
    for var in block.terms.design:
        for v in var.values():
            if v.is_integer() or v.is_binary():
                v.domain = Reals


def _builds_per_year(m, block, pathway: Pathway, y: int, decided: bool = True) -> None:
    """Year y's build limits on the vintages (the block's own limits bound what is available):
    new_y <= max_new_*_per_year;  sum_{v <= y} new_v <= max_new_*;  min_new_mw and unit_mw on new_y
    (only while the builds are `decided` here: a fixed plan already meets them all)."""
    data, vintages = pathway.data[y], m.vintages
    # whole units and minimum builds: per build year, in place of the block's (which would bind what is available)
    for name in ("ren_units", "ren_min_build", "ren_max_build"):
        getattr(block, name).deactivate()
    if not decided:
        return
    for variable, tech_id, bound in limits_per_year(data):
        vintages.new((variable, tech_id), y).setub(bound)
    for key in list(vintages.built):
        if key in vintages.binary:  # a line: built once (_lines_built_once)
            continue
        block_var = getattr(block, key[0])[key[1]]
        if block_var.ub is not None:  # the horizon's total, rebuilds included
            m.vintage_limits.add(sum(vintages.new(key, v) for v in vintages.built[key] if v <= y) <= block_var.ub)
    if not hasattr(m, "vintage_units"):
        m.vintage_units = Var(Any, dense=False, within=NonNegativeIntegers)
        m.vintage_on = Var(Any, dense=False, within=Binary)
    for r, row in data.renewables.items():
        new = vintages.new(("cap_new_ren", r), y)
        if row["unit_mw"]:
            m.vintage_limits.add(new == row["unit_mw"] * m.vintage_units[r, y])
        if row["min_new_mw"] > 0:
            cap = min(b for b in (row["max_new_mw"], row.get("max_new_mw_per_year")) if b is not None)
            m.vintage_limits.add(new >= row["min_new_mw"] * m.vintage_on[r, y])
            m.vintage_limits.add(new <= cap * m.vintage_on[r, y])


def _lines_built_once(m, pathway: Pathway) -> None:
    """A direct line is built at most once over the horizon: sum_{o, v} build_line_v[l, o] <= 1."""
    lines = pathway.data[pathway.first].lines
    for line, options in lines.items():
        m.vintage_limits.add(sum(m.vintages.new(("build_line", (line, o)), v)
                                 for o in options for v in pathway.years) <= 1)


def extract_pathway(m, pathway: Pathway):
    """Plain results: {year: Solution}, the Pathway table (year x technology or line option:
    new = built that year, available = existing + the vintages available, capital_cny = capex_v x new_v)
    and the plan: {"prices": the vintages' prices, "values": {vintage index: amount built}}."""
    solutions = {y: extract(m.year[y], pathway.data[y]) for y in pathway.years}
    vintages, rows = m.vintages, []
    for y in pathway.years:
        block = m.year[y]
        for row in block.terms.capacity:
            key = vintage_key(row.new)
            rows.append({"year": y, "tech": row.tech, "kind": row.kind, "unit": row.unit,
                         **_amounts(vintages, key, y, row.existing, value(row.new))})
        for terms in block.terms.lines:
            for option, var in terms.options.items():
                key = vintage_key(var)
                rows.append({"year": y, "tech": f"{terms.line}/{option}", "kind": "direct_line", "unit": "line",
                             **_amounts(vintages, key, y, 0.0, value(var))})
    table = pd.DataFrame(rows, columns=["year", "tech", "kind", "unit", "new", "available", "capital_cny"])
    values = {index: float(value(v)) for var in (m.vintage_new, m.vintage_build) for index, v in var.items()}
    return solutions, table, {"prices": vintages.built, "values": values}


def _amounts(vintages, key, y, existing, available_new) -> dict:
    built = float(value(vintages.new(key, y))) + 0.0  # + 0.0: no "-0" in the sheet
    price = vintages.built[key][y][0]
    return {"new": built, "available": existing + float(available_new), "capital_cny": price * built}
