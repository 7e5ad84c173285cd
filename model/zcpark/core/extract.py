"""Read the solved Pyomo model into plain tables (the only results code that touches Pyomo)."""
from __future__ import annotations

import numpy as np
import pandas as pd
from pyomo.environ import value

from zcpark.core import accounting as acc
from zcpark.core.solution import Solution


def _values(arr) -> np.ndarray:
    arr = np.asarray(arr)
    if arr.dtype != object:
        return arr.astype(float)
    return np.fromiter((value(e) for e in arr), dtype=float, count=len(arr))


def extract(m, data) -> Solution:
    cols = {name: _values(arr) for name, arr in m.terms.cols.items()}
    for r in data.renewables:
        cols[f"{r}_curtailed_mw"] = np.maximum(0.0, cols[acc.col_available(r)] - cols[acc.col_used(r)])
    dispatch = pd.DataFrame({"hour": np.arange(1, data.n_steps + 1), **cols})
    capacity = pd.DataFrame([{
        "tech": row.tech, "kind": row.kind, "site": row.site, "unit": row.unit,
        "existing": row.existing, "new": value(row.new), "total": row.existing + value(row.new),
        "annualized_cost_cny_per_yr": value(row.cost),
    } for row in m.terms.capacity],
        columns=["tech", "kind", "site", "unit", "existing", "new", "total", "annualized_cost_cny_per_yr"])
    line_rows = []
    for terms in m.terms.lines:
        line = terms.line
        built = [o for o, var in terms.options.items() if value(var) > 0.5]
        opt = built[0] if built else None
        row = data.lines[line][opt] if opt else None
        cost = float(value(terms.cost)) if opt else 0.0
        line_rows.append({"line": line, "built_option": opt or "none",
                          "capacity_mw": row["capacity_mw"] if opt else 0.0,
                          "loss_fraction": row["loss_fraction"] if opt else 0.0,
                          "annualized_cost_cny_per_yr": cost})
    lines = pd.DataFrame(line_rows, columns=["line", "built_option", "capacity_mw", "loss_fraction",
                                             "annualized_cost_cny_per_yr"])
    costs = {name: float(value(expr)) for name, expr in m.terms.costs.items()}
    annual_vars = {name: float(value(v)) for name, v in m.terms.annual_vars.items()}
    investments = pd.DataFrame([{"asset": i.asset, "upfront_cny": float(value(i.upfront_cny)),
                                 "lifetime_yr": i.lifetime_yr} for i in m.terms.investments],
                               columns=["asset", "upfront_cny", "lifetime_yr"])
    design = {(var.local_name, index): float(value(v)) for var in m.terms.design for index, v in var.items()}
    return Solution(dispatch, capacity, lines, costs, annual_vars, design, investments)
