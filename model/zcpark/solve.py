"""Hand the Pyomo model to HiGHS and read the answer back.

Hand-off: Pyomo's linear standard-form compiler turns the model into sparse matrices,
which go to highspy in one `passModel` call (integrality included). The solution is
written back into the Pyomo variables, so extraction reads ordinary variable values.
"""
from __future__ import annotations

import time
from dataclasses import dataclass, field

import highspy
import numpy as np
from pyomo.environ import Var
from pyomo.repn.plugins.standard_form import LinearStandardFormCompiler

from .build import OBJECTIVE_SCALE
from .errors import InfeasibleError, SolverError


@dataclass
class SolveOptions:
    time_limit: float = 600.0    # s
    mip_rel_gap: float = 1e-3    # relative MIP gap at which HiGHS stops
    threads: int = 0             # 0: HiGHS decides
    lp_method: str = "choose"    # root LP: choose | simplex | ipm
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


INF = highspy.kHighsInf


def to_highs(m, options: SolveOptions):
    """Compile the model to a HiGHS LP/MIP; return (Highs, Pyomo columns, number of integers)."""
    info = LinearStandardFormCompiler().write(m, mixed_form=True)
    cols = info.columns
    n, A = len(cols), info.A.tocsc()
    lp = highspy.HighsLp()
    lp.num_col_, lp.num_row_ = n, A.shape[0]
    lp.offset_ = float(info.c_offset[0]) if len(info.c_offset) else 0.0
    lp.col_cost_ = np.asarray(info.c.toarray()).ravel() if n else np.zeros(0)
    lp.col_lower_ = np.array([-INF if v.lb is None else v.lb for v in cols], dtype=float)
    lp.col_upper_ = np.array([INF if v.ub is None else v.ub for v in cols], dtype=float)
    rhs = np.asarray(info.rhs, dtype=float)
    sense = np.array([r[1] for r in info.rows], dtype=int)
    lp.row_lower_ = np.where(sense >= 0, np.where(sense == 0, rhs, -INF), rhs)
    lp.row_upper_ = np.where(sense <= 0, np.where(sense == 0, rhs, INF), rhs)
    lp.a_matrix_.format_ = highspy.MatrixFormat.kColwise
    lp.a_matrix_.start_ = A.indptr.astype(np.int32)
    lp.a_matrix_.index_ = A.indices.astype(np.int32)
    lp.a_matrix_.value_ = A.data.astype(float)
    is_int = np.array([v.is_integer() or v.is_binary() for v in cols], dtype=bool)
    if is_int.any():
        lp.integrality_ = [highspy.HighsVarType.kInteger if b else highspy.HighsVarType.kContinuous for b in is_int]
    h = highspy.Highs()
    h.setOptionValue("output_flag", bool(options.verbose or options.log_file))
    if options.log_file:
        h.setOptionValue("log_file", options.log_file)
        h.setOptionValue("log_to_console", bool(options.verbose))
    h.setOptionValue("time_limit", float(options.time_limit))
    h.setOptionValue("mip_rel_gap", float(options.mip_rel_gap))
    if options.threads:
        h.setOptionValue("threads", int(options.threads))
    if options.lp_method != "choose":
        h.setOptionValue("mip_lp_solver" if is_int.any() else "solver", options.lp_method)
    h.passModel(lp)
    return h, cols, int(is_int.sum())


def solve(m, options: SolveOptions | None = None) -> SolveResult:
    """Solve with HiGHS; raise InfeasibleError or SolverError when there is no plan to report."""
    options = options or SolveOptions()
    t0 = time.perf_counter()
    h, cols, n_int = to_highs(m, options)
    t1 = time.perf_counter()
    h.run()
    t2 = time.perf_counter()
    status = h.getModelStatus()
    info = h.getInfo()
    S = highspy.HighsModelStatus
    if status in (S.kInfeasible, S.kUnboundedOrInfeasible):
        raise InfeasibleError("no plan meets every enforced target within the limits")
    if status == S.kUnbounded:
        raise SolverError("the model is unbounded: a cost or limit is missing (e.g. export with no limit and a price)")
    has_solution = info.primal_solution_status == 2  # feasible point available
    if status == S.kOptimal:
        label = "optimal"
    elif has_solution and status in (S.kTimeLimit, S.kInterrupt, S.kIterationLimit, S.kSolutionLimit):
        label = "time_limit_feasible"
    else:
        raise SolverError(f"HiGHS stopped with {h.modelStatusToString(status)} and no feasible plan")
    x = np.asarray(h.getSolution().col_value)
    for v, val in zip(cols, x):
        v.set_value(round(val) if (v.is_integer() or v.is_binary()) else float(val), skip_validation=True)
    for v in m.component_data_objects(Var, descend_into=True):
        if v.value is None:  # not in any constraint or cost: the compiler dropped it
            v.set_value(max(0.0, v.lb or 0.0), skip_validation=True)
    objective = (info.objective_function_value + 0.0) * OBJECTIVE_SCALE
    gap = info.mip_gap if n_int else 0.0
    bound = info.mip_dual_bound * OBJECTIVE_SCALE if n_int else objective
    return SolveResult(label, objective, float(gap), float(bound), h.getNumRow(), h.getNumCol(), n_int,
                       seconds={"handoff": t1 - t0, "solve": t2 - t1}, solver=f"HiGHS {h.version()}")
