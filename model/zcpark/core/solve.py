"""Hand the Pyomo model to HiGHS and read the answer back.

Hand-off: Pyomo's linear standard-form compiler turns the model into sparse matrices,
which go to highspy in one `passModel` call (integrality included). The solution is
written back into the Pyomo variables, so extraction reads ordinary variable values.
Every HiGHS run goes through run_highs, which Ctrl-C stops within about a second.
"""
from __future__ import annotations

import collections
import contextlib
import itertools
import logging
import math
import signal
import threading
import time
from collections.abc import Callable

import highspy
import numpy as np
from pyomo.environ import Var
from pyomo.repn.plugins.standard_form import LinearStandardFormCompiler

from zcpark.core.lagrangian import LagrangianBound
from zcpark.core.options import OBJECTIVE_SCALE, SolveOptions, SolveResult
from zcpark.errors import InfeasibleError, SolverError


LOG = logging.getLogger("zcpark.core.solve")
INF = highspy.kHighsInf
MAX_COMBINATIONS = 64   # above this many line/min-build combinations, use HiGHS branch-and-cut
PRUNE_TOL = 1e-7        # relative: a node whose LP bound is within this of the incumbent is pruned
INT_TOL = 1e-6
SCREEN_MARGIN = 1e-6    # relative: a combination is screened out only if its bound is this far above the incumbent
SCREEN_DUALS = 8        # the duals of at most this many recent LPs are kept for screening
# The interior-point solver of an LP: IPX by name. HiGHS 1.15 answers solver="ipm" with HiPO when
# the optional highspy-extras package is installed, and HiPO took 2.8x IPX's time on the inland
# park's first LP (docs/performance.md): naming IPX keeps a run's speed independent of what else
# is installed.
INTERIOR_POINT = "ipx"


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
        x, label, objective, gap, bound, method = _enumerate(h, cols, m.terms.choices, options, t0)
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


STOP_POLL_SECONDS = 0.2  # how often a stop_when check is called during a HiGHS run
_thread_stop = threading.local()  # .check: a stop_when predicate of this thread


@contextlib.contextmanager
def stop_when(check: Callable[[], bool]):
    """Within this block, HiGHS runs of this thread stop (KeyboardInterrupt) once check() returns
    True, checked every STOP_POLL_SECONDS. For runs where Ctrl-C arrives as no signal: a dask
    worker's task whose batch the client cancelled (batch.execute)."""
    previous = getattr(_thread_stop, "check", None)
    _thread_stop.check = check
    try:
        yield
    finally:
        _thread_stop.check = previous


class _StopRequest:
    """Whether a running HiGHS should stop: Ctrl-C (SIGINT, on the main thread) or a stop_when check."""

    def __init__(self):
        self.check = getattr(_thread_stop, "check", None)
        self.on_main = threading.current_thread() is threading.main_thread() and \
            signal.getsignal(signal.SIGINT) is not signal.SIG_IGN
        self.requested, self.next_check = False, 0.0

    @property
    def armed(self) -> bool:
        return self.on_main or self.check is not None

    def on_sigint(self, signum, frame) -> None:  # runs inside a callback, when Python next runs on this thread
        self.requested = True

    def poll(self, event) -> None:
        """HiGHS's interrupt callback (every simplex and interior-point iteration, every MIP node)."""
        if not self.requested and self.check is not None and time.monotonic() >= self.next_check:
            self.next_check = time.monotonic() + STOP_POLL_SECONDS
            self.requested = bool(self.check())
        if self.requested:
            event.interrupt()


def run_highs(h) -> None:
    """h.run(), stoppable with Ctrl-C within about a second.

    HiGHS runs in C++ (the GIL released): Python's default SIGINT handler would only raise
    KeyboardInterrupt after the whole solve. Instead, on the main thread, SIGINT sets a flag that
    HiGHS's interrupt callbacks read; HiGHS then stops at once and this raises KeyboardInterrupt,
    before its status could be mistaken for a time limit. Off the main thread (signals go to the
    main thread only), a stop_when check does the same; without one, a plain h.run()."""
    stop = _StopRequest()
    if not stop.armed:
        h.run()
        return
    callbacks = (h.cbSimplexInterrupt, h.cbIpmInterrupt, h.cbMipInterrupt)
    previous = signal.signal(signal.SIGINT, stop.on_sigint) if stop.on_main else None
    for callback in callbacks:
        callback.subscribe(stop.poll)
    try:
        h.run()
    finally:
        for callback in callbacks:
            callback.unsubscribe(stop.poll)
        if stop.on_main:
            signal.signal(signal.SIGINT, previous)
    if stop.requested:
        raise KeyboardInterrupt("HiGHS stopped on request (Ctrl-C)")


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


class _Search:
    """Incumbent and bookkeeping of the enumeration."""

    def __init__(self, h, int_cols, deadline, screen: LagrangianBound):
        self.h, self.int_cols, self.deadline, self.screen = h, int_cols, deadline, screen
        self.stopped_bound = -math.inf  # the Lagrangian bound of the LP the time limit stopped
        self.best_obj, self.best_x = math.inf, None
        self.lp_solves, self.pruned, self.timed_out = 0, 0, False
        self.open_bounds: list[float] = []  # LP bounds of nodes left unsolved at the time limit
        # Multipliers for screening: the duals of the latest LPs solved to optimality (a bounded
        # number: each costs one sparse product per combination screened).
        self.row_duals: collections.deque = collections.deque(maxlen=SCREEN_DUALS)
        self.screened = 0  # combinations pruned by their Lagrangian bound, never solved

    def lp(self):
        """Solve the current LP (warm-started); return (objective, x) or None if infeasible."""
        self.stopped_bound = -math.inf
        remaining = self.deadline - time.perf_counter()
        if remaining <= 0:
            self.timed_out = True
            return None
        # HiGHS's clock runs across the runs of one instance: the limit is on its total run time.
        self.h.setOptionValue("time_limit", self.h.getRunTime() + remaining)
        if self.best_obj < math.inf:
            # Cutoff: dual simplex stops (kObjectiveBound) once its exact dual objective passes the
            # incumbent's. HiGHS checks the exact (unperturbed) value only now and then: on
            # computing_park it cut off a hopeless combination after 433 s, not at once.
            self.h.setOptionValue("objective_bound", self.best_obj)
        started = time.perf_counter()
        run_highs(self.h)
        self.lp_solves += 1
        info = self.h.getInfo()
        LOG.info("LP %d: %s, objective %.6g, %.1f s, %d simplex / %d ipm iterations", self.lp_solves,
                 self.h.modelStatusToString(self.h.getModelStatus()), info.objective_function_value,
                 time.perf_counter() - started, info.simplex_iteration_count, info.ipm_iteration_count)
        self.h.setOptionValue("solver", "simplex")  # later LPs warm-start from this basis
        status = self.h.getModelStatus()
        S = highspy.HighsModelStatus
        if status == S.kOptimal:
            solution = self.h.getSolution()
            if solution.dual_valid:
                self.row_duals.append(np.asarray(solution.row_dual))
            return self.h.getInfo().objective_function_value, np.asarray(solution.col_value)
        if status in (S.kInfeasible, S.kUnboundedOrInfeasible):
            return None
        if status == S.kObjectiveBound:  # cannot beat the incumbent
            self.pruned += 1
            return None
        if status == S.kTimeLimit:
            self.timed_out = True
            self.stopped_bound = self._bound_of_current_duals()
            return None
        raise SolverError(f"HiGHS stopped with {self.h.modelStatusToString(status)} on an LP of the enumeration")

    def _bound_of_current_duals(self) -> float:
        """A lower bound on the LP just stopped, from the row duals HiGHS holds at the stop (weak
        duality: valid for any multipliers, core/lagrangian.py) and its current column bounds (the
        combination's fixings and branches). One sparse product, once per run: the dual simplex's
        duals give a bound near its objective (inland no-line combination: 472.5 after 2 s, where
        its parent's bound was 457.1); -inf when HiGHS has no duals to give."""
        solution = self.h.getSolution()
        if len(solution.row_dual) != self.h.getNumRow():
            return -math.inf
        lp = self.h.getLp()
        bound = self.screen.bound(np.asarray(solution.row_dual), lp.col_lower_, lp.col_upper_)
        LOG.info("LP %d stopped by the time limit: Lagrangian bound of its current duals %.6g", self.lp_solves, bound)
        return bound

    def prune(self, obj) -> bool:
        if obj >= self.best_obj - PRUNE_TOL * max(1.0, abs(self.best_obj)):
            self.pruned += 1
            return True
        return False

    def branch(self, parent_bound: float = -math.inf):
        """LP branch-and-bound on the whole-unit integers still fractional. A node left unsolved
        at the time limit keeps its parent's LP bound, for an honest gap."""
        res = self.lp()
        if res is None and self.timed_out:
            self.open_bounds.append(max(parent_bound, self.stopped_bound))
            return
        if res is None or self.prune(res[0]):
            return
        obj, x = res
        frac = [j for j in self.int_cols if abs(x[j] - round(x[j])) > INT_TOL]
        if not frac:
            self.best_obj, self.best_x = obj, x
            return
        j = frac[0]
        lp = self.h.getLp()
        lo, up = lp.col_lower_[j], lp.col_upper_[j]
        down, upb = (lo, math.floor(x[j])), (math.ceil(x[j]), up)
        for bounds in ((down, upb) if x[j] - math.floor(x[j]) < 0.5 else (upb, down)):
            self.h.changeColBounds(j, *bounds)
            self.branch(obj)
        self.h.changeColBounds(j, lo, up)


def _fixings(combo, index):
    """(column, value) of the design variables a combination fixes."""
    return [(index[id(v)], val) for alt in combo for v, val in alt if id(v) in index]


def _screening_bound(screen, row_duals, lp, index, combo) -> float:
    """The best Lagrangian lower bound on `combo`'s LP (its root: the model's own bounds, the
    combination's design fixed) from the duals collected."""
    lower, upper = np.array(lp.col_lower_, dtype=float), np.array(lp.col_upper_, dtype=float)
    for j, val in _fixings(combo, index):
        lower[j] = upper[j] = val
    return max(screen.bound(y, lower, upper) for y in row_duals)


def _enumerate(h, cols, choices, options, t0):
    index = {id(v): j for j, v in enumerate(cols)}
    fixed_ids = {id(v) for group in choices for alt in group for v, _ in alt}
    int_cols = [j for j, v in enumerate(cols) if (v.is_integer() or v.is_binary()) and id(v) not in fixed_ids]
    lp = h.getLp()
    lp.integrality_ = []
    relaxed = highspy.Highs()
    relaxed.setOptionValue("output_flag", bool(options.verbose))
    if options.threads:
        relaxed.setOptionValue("threads", int(options.threads))
    relaxed.passModel(lp)
    relaxed.setOptionValue("solver", INTERIOR_POINT)  # the first LP: interior point + crossover (a basis for warm starts)
    screen = LagrangianBound(lp)
    search = _Search(relaxed, int_cols, t0 + options.time_limit, screen)
    combos = list(itertools.product(*choices))
    not_started: list[float] = []  # Lagrangian bounds of the combinations the time limit left unsolved
    for k, combo in enumerate(combos):
        # Screening: every LP solved so far lends its duals to a lower bound on this combination
        # (core/lagrangian.py); one whose bound is above the incumbent is never solved. The order
        # stays as it is: reordering by bound broke the warm-start chain (the inland park's next LP
        # took 49.6 s instead of 11 s; docs/performance.md). The same bound stands for the
        # combination if the time limit stops the search: the gap stays proven.
        bound = _screening_bound(screen, search.row_duals, lp, index, combo) if search.row_duals else -math.inf
        if search.timed_out:
            not_started.append(bound)
            continue
        if search.row_duals:
            LOG.info("combination %d/%d: Lagrangian bound %.6g, incumbent %.6g", k + 1, len(combos),
                     bound, search.best_obj)
            if bound > search.best_obj + SCREEN_MARGIN * max(1.0, abs(search.best_obj)):
                search.screened += 1
                continue
        for j, val in _fixings(combo, index):
            relaxed.changeColBounds(j, val, val)
        search.branch(bound)
    if search.best_x is None:
        if search.timed_out:
            raise SolverError(f"no feasible plan found within the time limit ({options.time_limit:g} s)")
        raise InfeasibleError("no plan meets every enforced target within the limits")
    method = (f"enumerate: {len(combos)} combinations of line options and minimum builds, "
              f"{search.lp_solves} warm-started LPs, {search.pruned} pruned by bound, "
              f"{search.screened} screened out by their Lagrangian bound")
    if search.timed_out:
        # The best possible plan is no better than the incumbent, the lowest bound of a node left
        # open, or the Lagrangian bound of a combination never started (-inf when there was none:
        # the gap is then unknown).
        bound = min([search.best_obj, *search.open_bounds, *not_started])
        gap = (search.best_obj - bound) / max(1e-9, abs(search.best_obj)) if bound > -math.inf else math.nan
        return search.best_x, "time_limit_feasible", search.best_obj, gap, bound, method
    return search.best_x, "optimal", search.best_obj, 0.0, search.best_obj, method
