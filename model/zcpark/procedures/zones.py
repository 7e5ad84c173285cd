"""Solve a park within a park (园中园) whose boundary has targets: successive linearisation of pro rata.

Pro-rata attribution (core/attribution.py) makes the boundary's share of the common bus its draw over
the total draw, both decisions: the targets would be bilinear (a pooling problem). Instead the shares
are fixed, the model is solved, the shares are recomputed from the dispatch and the model is solved
again (from the second solve on, each common column is expanded to first order around the last dispatch,
attribution.linearised, so the model sees what its own zones' draws change), until the largest change of a share is below SHARE_TOL or MAX_SOLVES solves were made. The first
shares are estimated from the zones' loads net of their own renewables' potential: exact (one solve)
when the zones have no own assets. The verdict is computed afterwards under the exact rule on the final
dispatch (results/zones.py), so a plan that did not converge cannot pass silently.
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


def solve_zoned(data, options=None):
    """Build, solve and extract with the boundary's shares iterated to the dispatch's. Returns
    (solution, solver result, stage seconds, iterations: list of (solve number, largest share change));
    the result keeps the shares of its model (`zone_shares`) for a full-horizon check."""
    shares = attribution.estimated_shares(data, "boundary")
    iterations, seconds = [], {"build": 0.0, "extract": 0.0}
    for n in range(1, MAX_SOLVES + 1):
        t0 = time.perf_counter()
        m = build_model(data, shares)
        t1 = time.perf_counter()
        result = solve(m, options)
        t2 = time.perf_counter()
        sol = extract(m, data)
        seconds["build"] += t1 - t0
        seconds["extract"] += time.perf_counter() - t2
        for key, value in result.seconds.items():
            seconds[key] = seconds.get(key, 0.0) + value
        result.zone_shares = shares
        found = attribution.linearised(attribution.shares(sol.columns, data, "boundary"), sol.columns,
                                       sol.annual_vars, data)
        change = share_change(shares, found)
        iterations.append((n, change))
        LOG.info("zones: solve %d with the boundary's pro-rata shares fixed; largest share change %.2e", n, change)
        if change < SHARE_TOL:
            break
        shares = found
    return sol, result, seconds, iterations
