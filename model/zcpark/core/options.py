"""What a solve is asked and what it answers, as plain data: importing this loads no solver.

OBJECTIVE_SCALE: the solver sees the objective in million CNY/yr, which keeps cost coefficients
near 1; every CNY figure reported is the solver's objective times this scale.
"""
from __future__ import annotations

from dataclasses import dataclass, field

OBJECTIVE_SCALE = 1e6
# The interior-point solver of an LP: IPX by name. HiGHS 1.15 answers solver="ipm" with HiPO when
# the optional highspy-extras package is installed, and HiPO did not end on the computing park's
# first LP (docs/performance.md): naming IPX keeps a run's speed independent of what else is installed.
INTERIOR_POINT = "ipx"
# `zcpark run --parallel` by default (and `make bench`, which times what `zcpark run` does): one
# enumeration combination per core. The library's default, SolveOptions.parallel, stays 1: batches
# (scenarios, frontier, sensitivity, fleet) already run one park per core, one thread each.
RUN_PARALLEL = 0


@dataclass
class SolveOptions:
    time_limit: float = 600.0    # s
    mip_rel_gap: float = 1e-3    # relative MIP gap at which HiGHS stops
    threads: int = 0             # 0: HiGHS decides
    parallel: int = 1            # the enumeration's combinations solved at once, one thread each (0: one per core)
    lp_method: str = "choose"    # root LP: choose | simplex | ipm
    crossover: bool = True       # after interior point on an LP: False leaves an interior optimum (no basis)
    strategy: str = "auto"       # auto | enumerate | mip (see `solve`)
    log_file: str = ""           # HiGHS log; "" for none
    verbose: bool = False


@dataclass
class SolveResult:
    status: str                  # optimal | time_limit_feasible
    objective_cny: float
    mip_gap: float
    dual_bound_cny: float
    n_rows: int
    n_cols: int
    n_int: int
    seconds: dict = field(default_factory=dict)  # handoff, solve
    solver: str = ""
    method: str = ""
    # park within a park: (solve number, largest change of the boundary's shares) per solve of
    # procedures/zones.py; empty when the shares were not iterated
    zone_iterations: list = field(default_factory=list)
    zone_shares: object = None   # the boundary's attribution.Shares its model was written with ({year: Shares}: a pathway)
