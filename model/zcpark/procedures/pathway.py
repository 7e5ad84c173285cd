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
    """({year: Solution}, the Pathway table, the plan, solver result (objective = NPV), stage seconds).
    With zones whose boundary has enforced targets in some year, the whole pathway is re-solved with each
    such year's boundary shares iterated to its dispatch (procedures/zones.iterate_shares); the result then
    carries `zone_iterations` and `zone_shares` {year: Shares}."""
    from zcpark.procedures.zones import has_boundary_targets, iterate_shares  # Pyomo: only when solving

    zoned = {y: data for y, data in pathway.data.items() if has_boundary_targets(data)}
    if not zoned:
        return _solve_pathway_once(pathway, options)

    def solve_with(shares):
        solutions, table, plan, result, seconds = _solve_pathway_once(pathway, options, shares)
        return solutions, result, seconds, (table, plan)

    solutions, result, seconds, (table, plan), shares = iterate_shares(zoned, solve_with)
    result.zone_shares = shares
    return solutions, table, plan, result, seconds


def _solve_pathway_once(pathway: Pathway, options: SolveOptions | None = None, boundary_shares: dict | None = None):
    from zcpark.core.pathway_build import build_pathway_model, extract_pathway
    from zcpark.core.solve import solve

    t0 = time.perf_counter()
    m = build_pathway_model(pathway, boundary_shares=boundary_shares)
    t1 = time.perf_counter()
    result = solve(m, options)
    t2 = time.perf_counter()
    solutions, table, plan = extract_pathway(m, pathway)
    seconds = {"build": t1 - t0, **result.seconds, "extract": time.perf_counter() - t2}
    return solutions, table, plan, result, seconds


def check_year(pathway: Pathway, year: int, plan: dict, options: SolveOptions | None = None, boundary_shares=None):
    """Dispatch the plan of `year` on that year's data in `pathway` (the full horizon) with its
    investments fixed (the vintages, priced as when sized) and its targets elastic, as the one-year
    full-year check does (procedures/fullyear_check.py). `boundary_shares`: with zones, that year's shares
    of the sizing solve spread over the full horizon (attribution.expanded).
    Returns (solution, result: objective = the year's annual cost without the penalty, seconds)."""
    from zcpark.core.pathway_build import build_pathway_model
    from zcpark.procedures.fullyear_check import dispatch_with_penalty

    t0 = time.perf_counter()
    one = Pathway([year], {year: 1}, {year: pathway.data[year]}, year, pathway.discount_rate)
    m = build_pathway_model(one, plan, {year: boundary_shares} if boundary_shares is not None else None)
    return dispatch_with_penalty(m, m.year[year], one.data[year], options, t0)


def first_infeasible_year(pathway: Pathway, options: SolveOptions | None = None) -> int | None:
    """The first listed year y whose pathway up to y (the years <= y, one model as in solve_pathway)
    has no plan while the one up to the year before has: the first year whose targets cannot be met
    with what earlier years may build. None: every prefix has a plan (then only a later year's
    limit shared over the horizon can conflict)."""
    from zcpark.core.pathway_build import build_pathway_model
    from zcpark.core.solve import solve
    from zcpark.errors import InfeasibleError

    for i, y in enumerate(pathway.years):
        years = pathway.years[:i + 1]
        prefix = Pathway(years, {v: pathway.represented[v] for v in years}, {v: pathway.data[v] for v in years},
                         y, pathway.discount_rate)
        try:
            solve(build_pathway_model(prefix), options)
        except InfeasibleError:
            return y
    return None


def year_alone(pathway: Pathway, year: int):
    """Year `year`'s own one-year park with the new-build limits the pathway allows by then: each
    max_new_* becomes min(max_new_* of that year, sum over the listed years v <= year of
    max_new_*_per_year of year v) and the yearly limit is dropped (a one-year model would read it as
    the bound of its single build). Earlier years' builds are not given: everything new is built in
    `year` at its prices, which the diagnosis's costs then assume."""
    import dataclasses

    from zcpark.core import technologies as techs

    data = pathway.data[year]
    changed = {}
    for family in techs.FAMILIES.values():
        rows = {tech: dict(row) for tech, row in getattr(data, family.table).items()}
        for tech, row in rows.items():
            for limit in family.limits:
                per_year = [getattr(pathway.data[v], family.table)[tech].get(limit.column + "_per_year")
                            for v in pathway.years if v <= year]
                row[limit.column + "_per_year"] = None
                if per_year and all(b is not None for b in per_year):
                    reachable = sum(per_year)
                    row[limit.column] = reachable if row[limit.column] is None else min(row[limit.column], reachable)
        changed[family.table] = rows
    return dataclasses.replace(data, pathway=None, **changed)


def diagnose_pathway(pathway: Pathway, options: SolveOptions | None = None):
    """The Diagnosis of a pathway with no plan: the first year whose targets cannot be met
    (first_infeasible_year), then procedures/diagnose.py on that year alone (year_alone): its levers
    with their costs (hard limits never proposed) and its targets' best values. Columns of diagnose,
    plus `year`."""
    import pandas as pd

    from zcpark.procedures.diagnose import COLUMNS, diagnose

    year = first_infeasible_year(pathway, options)
    if year is None:
        row = {"step": "year", "item": "horizon", "message": (
            "every year can meet its own targets with what the years before it may build, but not all years "
            "together: a limit shared over the horizon binds (max_new_* counts rebuilds, a direct line is built "
            "once, a vintage retires at the end of its life)"), "message_zh": (
            "每一年凭此前各年可建的设备都能满足当年目标，但各年无法同时满足：某个跨年共享的限值起约束作用"
            "（max_new_* 计入重建，直连线路只建一次，设备到寿命末期退役）")}
        return pd.DataFrame([row], columns=["year", *COLUMNS])
    earlier = [y for y in pathway.years if y < year]
    lead = {"step": "year", "item": str(year), "year": year, "message": (
        f"{year} is the first year whose targets cannot be met"
        + (f" ({earlier[0]} has a plan)" if len(earlier) == 1 else
           f" (the years {earlier[0]}-{earlier[-1]} have a plan)" if earlier else "")
        + f": below, {year}'s own park, everything new built in {year} within what the pathway allows by then "
          f"(max_new_* and the sum of max_new_*_per_year up to {year})"), "message_zh": (
        f"{year} 年是第一个无法满足目标的年份"
        + (f"（{earlier[0]} 年有可行方案）" if len(earlier) == 1 else
           f"（{earlier[0]}-{earlier[-1]} 年有可行方案）" if earlier else "")
        + f"：以下为 {year} 年单独的园区，所有新建设备均在 {year} 年建成，且不超过路径到该年允许的规模"
          f"（max_new_* 及截至 {year} 年的 max_new_*_per_year 之和）")}
    table = diagnose(year_alone(pathway, year), options)
    table.insert(0, "year", year)
    return pd.concat([pd.DataFrame([lead]), table], ignore_index=True)[["year", *COLUMNS]]
