"""Solve a build pathway: every year on its sizing horizon (the same typical days for each year
when asked), one model, one HiGHS run (core/pathway_build.py)."""
from __future__ import annotations

import time

from zcpark.core.options import SolveOptions, SolveResult
from zcpark.core.pathway import Pathway
from zcpark.procedures import typical


def sizing_pathway(pathway: Pathway, typical_days: int | None) -> Pathway:
    """Each year on `typical_days` (else the Park's typical_days; blank: its full horizon)."""
    return pathway.with_data({y: typical.sizing_horizon(d, typical_days) for y, d in pathway.data.items()})


def solve_pathway(pathway: Pathway, options: SolveOptions | None = None) -> tuple[dict, object, dict, SolveResult, dict]:
    """({year: Solution}, the Pathway table, the plan, solver result (objective = NPV), stage seconds)."""
    from zcpark.core.pathway_build import build_pathway_model, extract_pathway  # Pyomo: only when solving
    from zcpark.core.solve import solve

    t0 = time.perf_counter()
    m = build_pathway_model(pathway)
    t1 = time.perf_counter()
    result = solve(m, options)
    t2 = time.perf_counter()
    solutions, table, plan = extract_pathway(m, pathway)
    seconds = {"build": t1 - t0, **result.seconds, "extract": time.perf_counter() - t2}
    return solutions, table, plan, result, seconds


def check_year(pathway: Pathway, year: int, plan: dict, options: SolveOptions | None = None):
    """Dispatch the plan of `year` on that year's data in `pathway` (the full horizon) with its
    investments fixed (the vintages, priced as when sized) and its targets elastic, as the one-year
    full-year check does (procedures/fullyear_check.py).
    Returns (solution, result: objective = the year's annual cost without the penalty, seconds)."""
    from zcpark.core.pathway_build import build_pathway_model
    from zcpark.procedures.fullyear_check import dispatch_with_penalty

    t0 = time.perf_counter()
    one = Pathway([year], {year: 1}, {year: pathway.data[year]}, year, pathway.discount_rate)
    m = build_pathway_model(one, plan)
    return dispatch_with_penalty(m, m.year[year], one.data[year], options, t0)
