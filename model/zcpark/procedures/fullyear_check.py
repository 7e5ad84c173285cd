"""Check a plan on another horizon: its investments fixed, its operation re-optimised.

Used after sizing on typical periods: the plan (every design variable registered in
`m.terms.design`: capacities, whole units, build decisions, line options) is fixed, and the
park is dispatched hour by hour over the full horizon at least cost. Targets are made elastic
with a penalty far above any cost of meeting them, so a plan that cannot meet a target on the
real year still yields a dispatch, and the Acceptance and Validation sheets say by how much
it misses. Green-power and certificate volumes are operating decisions: re-optimised too.
"""
from __future__ import annotations

import dataclasses
import time

from pyomo.environ import Objective, Reals, minimize, value

from zcpark.core.build import build_model
from zcpark.core.options import OBJECTIVE_SCALE
from zcpark.procedures.elastic import elastic_targets
from zcpark.core.extract import extract
from zcpark.core.solution import Solution
from zcpark.core.options import SolveOptions, SolveResult
from zcpark.core.solve import solve

# Million CNY/yr per unit of relative target violation (a miss of the whole target scale, e.g.
# the park's entire tce): a 1 % miss costs 100 M CNY/yr, far more than buying the green power
# or certificates that would close it, so the penalty binds only where the fixed plan cannot.
PENALTY_M_CNY = 1e4


def fix_design(m, plan: dict) -> None:
    """Fix every design variable of `m` to its value in `plan` ({(var name, index): value}).
    Fixed by equal bounds on a continuous domain, so the re-dispatch is an LP; whole units and
    build decisions are rounded first."""
    for var in m.terms.design:
        for index, v in var.items():
            x = plan[(var.local_name, index)]
            if v.is_integer() or v.is_binary():
                x = float(round(x))
            v.domain = Reals
            v.setlb(x)
            v.setub(x)


def dispatch_options(options: SolveOptions | None) -> SolveOptions:
    """Options for a dispatch LP (a fixed plan): interior point unless the user chose a method
    (measured: it beats dual simplex on these LPs)."""
    options = options or SolveOptions()
    return dataclasses.replace(options, lp_method="ipm") if options.lp_method == "choose" else options


def verify(data, plan: dict, options: SolveOptions | None = None,
           boundary_shares=None) -> tuple[Solution, SolveResult, dict]:
    """Dispatch `plan` on `data`'s horizon. Returns the solution, the solver result (objective
    = total annual cost without the penalty) and seconds. `boundary_shares`: with zones, the shares the
    boundary's targets are written with (the sizing solve's, attribution.expanded)."""
    t0 = time.perf_counter()
    m = build_model(data, boundary_shares)
    fix_design(m, plan)
    return dispatch_with_penalty(m, m, data, options, t0)


def dispatch_with_penalty(m, operation, data, options: SolveOptions | None, started: float):
    """Solve `m`, whose plan is fixed, with the enforced targets of `operation` (m itself, or a
    pathway year's block) made elastic at PENALTY_M_CNY; extract `operation`'s dispatch. Returns
    (solution, result with the objective net of the penalty, seconds since `started`)."""
    slacks = elastic_targets(operation, data)
    violation = sum(s / scale for s, scale in slacks) if slacks else 0.0
    m.total_cost.deactivate()
    m.cost_with_penalty = Objective(expr=m.total_cost.expr + PENALTY_M_CNY * violation, sense=minimize)
    t1 = time.perf_counter()
    result = solve(m, dispatch_options(options))
    t2 = time.perf_counter()
    sol = extract(operation, data)
    result.objective_cny -= PENALTY_M_CNY * OBJECTIVE_SCALE * value(violation)
    seconds = {"verify_build": t1 - started, "verify_handoff": result.seconds["handoff"],
               "verify_solve": result.seconds["solve"], "verify_extract": time.perf_counter() - t2}
    return sol, result, seconds
