"""Hand the Pyomo model to HiGHS and read the answer back.

Hand-off: Pyomo's linear standard-form compiler turns the model into sparse matrices,
which go to highspy in one `passModel` call (integrality included). The solution is
written back into the Pyomo variables, so extraction reads ordinary variable values.
Every HiGHS run goes through stopping.run_highs, which Ctrl-C stops within about a second.
Strategies: the enumeration of discrete choices (core/enumeration.py) or HiGHS branch-and-cut.
"""
from __future__ import annotations

import math
import time

import highspy
import numpy as np
from pyomo.environ import Var
from pyomo.repn.plugins.standard_form import LinearStandardFormCompiler

from zcpark.core.enumeration import enumerate_combinations
from zcpark.core.options import INTERIOR_POINT, OBJECTIVE_SCALE, SolveOptions, SolveResult
from zcpark.core.stopping import run_highs
from zcpark.errors import InfeasibleError, SolverError


INF = highspy.kHighsInf
MAX_COMBINATIONS = 64   # above this many line/min-build combinations, use HiGHS branch-and-cut


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
        if is_int.any():
            h.setOptionValue("mip_lp_solver", options.lp_method)
        else:
            h.setOptionValue("solver", INTERIOR_POINT if options.lp_method == "ipm" else options.lp_method)
    if not options.crossover and not is_int.any():
        h.setOptionValue("run_crossover", "off")
    h.passModel(lp)
    return h, cols, int(is_int.sum())


def solve(m, options: SolveOptions | None = None) -> SolveResult:
    """Solve with HiGHS; raise InfeasibleError or SolverError when there is no plan to report.

    Strategy `enumerate` (default when the discrete choices give at most MAX_COMBINATIONS
    combinations): one warm-started LP per combination of line options and minimum builds,
    and a small branch-and-bound on whole-unit integers inside each; exact, because every
    combination is either solved or pruned by its LP bound. Strategy `mip`: HiGHS
    branch-and-cut on the whole model.
    """
    options = options or SolveOptions()
    t0 = time.perf_counter()
    h, cols, n_int = to_highs(m, options)
    t1 = time.perf_counter()
    strategy = options.strategy
    n_comb = math.prod(len(c) for c in m.terms.choices) if n_int else 1
    if strategy == "auto":
        strategy = "enumerate" if n_int and n_comb <= MAX_COMBINATIONS else "mip"
    if strategy == "enumerate" and n_int:
        x, label, objective, gap, bound, method = enumerate_combinations(h, cols, m.terms.choices, options, t0)
    else:
        x, label, objective, gap, bound, method = _branch_and_cut(h, n_int)
    t2 = time.perf_counter()
    for v, val in zip(cols, x):
        v.set_value(round(val) if (v.is_integer() or v.is_binary()) else float(val), skip_validation=True)
    for v in m.component_data_objects(Var, descend_into=True):
        if v.value is None:  # not in any constraint or cost: the compiler dropped it
            v.set_value(max(0.0, v.lb or 0.0), skip_validation=True)
    return SolveResult(label, objective * OBJECTIVE_SCALE, float(gap), bound * OBJECTIVE_SCALE,
                       h.getNumRow(), h.getNumCol(), n_int, seconds={"handoff": t1 - t0, "solve": t2 - t1},
                       solver=f"HiGHS {h.version()}", method=method)


def _branch_and_cut(h, n_int):
    """HiGHS on the whole model (MIP or LP)."""
    run_highs(h)
    status, info = h.getModelStatus(), h.getInfo()
    S = highspy.HighsModelStatus
    if status in (S.kInfeasible, S.kUnboundedOrInfeasible):
        raise InfeasibleError("no plan meets every enforced target within the limits")
    if status == S.kUnbounded:
        raise SolverError("the model is unbounded: a cost or limit is missing")
    if status == S.kOptimal:
        label = "optimal"
    elif info.primal_solution_status == 2 and status in (S.kTimeLimit, S.kInterrupt, S.kIterationLimit, S.kSolutionLimit):
        label = "time_limit_feasible"
    else:
        raise SolverError(f"HiGHS stopped with {h.modelStatusToString(status)} and no feasible plan")
    obj = info.objective_function_value
    gap = info.mip_gap if n_int else 0.0
    bound = info.mip_dual_bound if n_int else obj
    return np.asarray(h.getSolution().col_value), label, obj, gap, bound, "mip" if n_int else "lp"
