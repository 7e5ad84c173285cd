"""Solve a park within a park (园中园) whose boundary has targets: successive linearisation of pro rata.

Pro-rata attribution (core/attribution.py) makes the boundary's share of the common bus its draw over
the total draw, both decisions: the targets would be bilinear (a pooling problem). Instead the shares
are fixed, the model is solved, the shares are recomputed from the dispatch and the model is solved
again (from the second solve on, each common column is expanded to first order around the last dispatch,
attribution.linearised, so the model sees what its own zones' draws change), until the largest change of a share is below SHARE_TOL or MAX_SOLVES solves were made. The first
shares are estimated from the zones' loads net of their own renewables' potential: exact (one solve)
when the zones have no own assets. The verdict is computed afterwards under the exact rule on the final
dispatch (results/zones.py), so a plan that did not converge cannot pass silently.
A build pathway runs the same loop (iterate_shares) over its years: one set of shares per year whose
boundary has enforced targets, the whole pathway re-solved until every year's shares have settled
(procedures/pathway.solve_pathway).
"""
from __future__ import annotations

import logging
import time

import numpy as np

from zcpark.core import attribution
from zcpark.core.build import build_model
from zcpark.core.extract import extract
from zcpark.core.solve import solve

LOG = logging.getLogger("zcpark.procedures.zones")
SHARE_TOL = 1e-6
MAX_SOLVES = 5


def has_boundary_targets(data) -> bool:
    """Whether some enforced target holds for the boundary (then the shares matter to the plan)."""
    return bool(data.zones) and any(t.enforce and t.scope != "park" and not k.startswith("direct_")
                                    for k, t in data.targets.items())


def share_change(a: attribution.Shares, b: attribution.Shares) -> float:
    return float(max(np.max(np.abs(a.carbon_free - b.carbon_free), initial=0.0), abs(a.annual - b.annual)))


def iterate_shares(parks: dict, solve_with):
    """The successive linearisation, for one model holding one park (a one-year run) or several (the years
    of a pathway): `parks` {key: ParkData} are those whose boundary has enforced targets; `solve_with(shares)`
    builds and solves the model with each park's boundary shares fixed to `shares` {key: Shares} and returns
    ({key: Solution}, solver result, stage seconds, anything else the caller needs). The whole model is
    re-solved until the largest share change over every park is < SHARE_TOL or MAX_SOLVES solves were made.
    Returns (solutions, result, summed seconds, the caller's extra, the shares of the last model); the
    result carries `zone_iterations` [(solve number, largest share change)]."""
    shares = {key: attribution.estimated_shares(data, "boundary") for key, data in parks.items()}
    iterations, seconds = [], {"build": 0.0, "extract": 0.0}
    for n in range(1, MAX_SOLVES + 1):
        used = shares
        solutions, result, step_seconds, extra = solve_with(used)
        for key, value in step_seconds.items():
            seconds[key] = seconds.get(key, 0.0) + value
        found = {key: attribution.linearised(attribution.shares(solutions[key].columns, data, "boundary"),
                                             solutions[key].columns, solutions[key].annual_vars, data)
                 for key, data in parks.items()}
        change = max((share_change(used[key], found[key]) for key in parks), default=0.0)
        iterations.append((n, change))
        LOG.info("zones: solve %d with the boundary's pro-rata shares fixed; largest share change %.2e", n, change)
        if change < SHARE_TOL:
            break
        shares = found
    result.zone_iterations = iterations
    return solutions, result, seconds, extra, used


def solve_zoned(data, options=None):
    """Build, solve and extract one year with the boundary's shares iterated to the dispatch's. Returns
    (solution, solver result, stage seconds, iterations: list of (solve number, largest share change));
    the result keeps the shares of its model (`zone_shares`) for a full-horizon check."""
    def solve_with(shares):
        t0 = time.perf_counter()
        m = build_model(data, shares[None])
        t1 = time.perf_counter()
        result = solve(m, options)
        t2 = time.perf_counter()
        sol = extract(m, data)
        return {None: sol}, result, {"build": t1 - t0, **result.seconds, "extract": time.perf_counter() - t2}, None

    solutions, result, seconds, _, shares = iterate_shares({None: data}, solve_with)
    result.zone_shares = shares[None]
    return solutions[None], result, seconds, result.zone_iterations
