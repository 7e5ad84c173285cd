"""Business as usual (BAU): the park as it is today, the reference the Finance sheet compares with.

The same park on the same horizon as the reported dispatch, with:
- every design variable fixed to zero (no new capacity, no whole units, no line built), the way
  a plan is fixed for the full-year check (fullyear_check.fix_design);
- no green-power trading, no certificates and no offsets (the GreenMarket and Offsets sheets
  are what a park buys to meet targets; today it buys none);
- no enforced target (every target is still reported, none is a constraint);
- only the assets that exist today (`assets_of_today`: the others could neither run nor cost).
Existing assets, the grid, fuels and heat trade are dispatched at least cost. A park whose
existing assets cannot serve its load (an import limit below the peak, a heat load and no
boiler) has no business as usual: `business_as_usual` returns the reason instead of a solution.
"""
from __future__ import annotations

import dataclasses
import time

from zcpark.core.build import build_model
from zcpark.core.data import ParkData, Target
from zcpark.core.extract import extract
from zcpark.core.options import SolveOptions
from zcpark.core.solution import Solution
from zcpark.core.solve import solve
from zcpark.errors import InfeasibleError, SolverError
from zcpark.procedures.fullyear_check import dispatch_options, fix_design


@dataclasses.dataclass
class BusinessAsUsual:
    """The BAU park data and its solution, or `reason` (a sentence) when it has none."""
    data: ParkData
    solution: Solution | None
    reason: str = ""


def bau_data(data: ParkData) -> ParkData:
    """`data` without markets (green power, certificates, offsets), with no target enforced, and
    with only the assets the park has today (`assets_of_today`)."""
    targets = {k: Target(t.value, False) for k, t in data.targets.items()}
    return dataclasses.replace(data, targets=targets, green={}, offsets={}, **assets_of_today(data))


def assets_of_today(data: ParkData) -> dict:
    """The park's renewables, storage and lines without what has no capacity today.

    With every design variable fixed to zero (business_as_usual), such an asset has no capacity, so
    no output and no cost (fixed O&M is paid on existing capacity only): leaving it out gives the same
    least-cost dispatch and cost, from a model a fraction of the size. Measured (docs/performance.md):
    the inland park's business as usual has 26 280 rows instead of 122 652. A line is kept while a
    plant behind it exists today: that plant pays its fixed O&M and, the line not built, can deliver
    nothing, as in the model with everything. Heat supply is kept whole: a heat balance needs a term
    to be a constraint at all, and a park with a heat load and no boiler today must reach the LP, which
    finds it infeasible (no business as usual, and the reason why)."""
    renewables = {r: row for r, row in data.renewables.items() if row["existing_mw"] > 0}
    lines = {l: options for l, options in data.lines.items()
             if any(row["site"] == l for row in renewables.values())}
    renewables = {r: row for r, row in renewables.items() if row["site"] == "onsite" or row["site"] in lines}
    storage = {s: row for s, row in data.storage.items() if row["existing_mw"] > 0 or row["existing_mwh"] > 0}
    return {"renewables": renewables, "storage": storage, "lines": lines}


def business_as_usual(data: ParkData, options: SolveOptions | None = None) -> tuple[BusinessAsUsual, dict]:
    """Solve the park as it is today (module docstring) on `data`'s horizon; returns it and seconds."""
    t0 = time.perf_counter()
    today = bau_data(data)
    m = build_model(today)
    fix_design(m, {(var.local_name, index): 0.0 for var in m.terms.design for index in var})
    t1 = time.perf_counter()
    try:
        result = solve(m, dispatch_options(options))
    except (InfeasibleError, SolverError) as exc:
        reason = ("the existing assets cannot serve the load without new capacity (check Grid!import_max_mw "
                  "and the existing_mw of the heat supply)" if isinstance(exc, InfeasibleError)
                  else f"the solve of the park as it is today stopped: {exc}") + ": no business-as-usual reference"
        return BusinessAsUsual(today, None, reason), {"bau_build": t1 - t0, "bau_solve": time.perf_counter() - t1}
    t2 = time.perf_counter()
    sol = extract(m, today)
    seconds = {"bau_build": t1 - t0, "bau_handoff": result.seconds["handoff"], "bau_solve": result.seconds["solve"],
               "bau_extract": time.perf_counter() - t2}
    return BusinessAsUsual(today, sol), seconds


def business_as_usual_by_year(pathway, options: SolveOptions | None = None) -> tuple[dict[int, BusinessAsUsual], dict]:
    """A build pathway's business as usual: each listed year on its own data (loads, prices, factors)
    and horizon; returns {year: BusinessAsUsual} and the seconds summed over the years."""
    found, seconds = {}, {}
    for y in pathway.years:
        found[y], year_seconds = business_as_usual(pathway.data[y], options)
        for stage, s in year_seconds.items():
            seconds[stage] = seconds.get(stage, 0.0) + s
    return found, seconds
