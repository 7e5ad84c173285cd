"""The enumeration strategy: one LP per combination of discrete choices, on one or more workers.

The examples have a handful of discrete choices (a direct line's options, a plant's minimum
build) and a few whole-unit counts. Each combination of choices fixes those columns; its LP
relaxation is solved, and a small LP branch-and-bound makes its whole units whole. A combination
is either solved, pruned by its LP bound, or screened out by a Lagrangian bound from the duals of
LPs already solved (core/lagrangian.py): the search is exact up to the tolerances below.

Workers (SolveOptions.parallel): HiGHS releases Python's lock inside run(), so W threads, each
with its own HiGHS copy of the relaxed LP, solve W combinations at once (docs/performance.md).
Each worker keeps its own warm-start chain: its first LP by interior point + crossover, the next
ones by dual simplex from its last basis. What the workers share (the incumbent, the duals for
screening, the counters, the bounds of what was left unexplored) sits in one `_Shared` under a lock.

Which plan wins does not depend on the workers' timing: the lowest cost, and between
combinations equal to PRUNE_TOL, the lower-numbered one. Inside one combination the
branch-and-bound stops once its own incumbent is within `mip_rel_gap` of a node's LP bound (as
HiGHS's branch-and-cut does); that node's bound joins the reported bound, so the gap stays proven.
Against another combination's incumbent a node is pruned only when it cannot win.
"""
from __future__ import annotations

import collections
import itertools
import logging
import math
import os
import threading
import time

import highspy
import numpy as np

from zcpark.core import progress
from zcpark.core.lagrangian import LagrangianBound
from zcpark.core.options import INTERIOR_POINT, OBJECTIVE_SCALE
from zcpark.core.stopping import run_highs, stop_when, current_stop_check
from zcpark.errors import InfeasibleError, SolverError

LOG = logging.getLogger("zcpark.core.solve")
PRUNE_TOL = 1e-7        # relative: two objectives this close are equal
INT_TOL = 1e-6
SCREEN_MARGIN = 1e-6    # relative: a combination is screened out only if its bound is this far above the incumbent
DEVEX = 1               # HiGHS's simplex_dual_edge_weight_strategy for warm-started LPs (_Worker._restart_from_last_basis)
DEVEX_MIN_ROWS = 50_000  # ... of at least this many rows (a full year: 120-160k); smaller ones keep HiGHS's own state
SCREEN_DUALS = 8        # the duals of at most this many recent LPs are kept for screening


def workers_for(options, n_combinations: int) -> int:
    """Worker threads for an enumeration: the option (0: the machine's cores), at most one per combination."""
    wanted = options.parallel or os.cpu_count() or 1
    return max(1, min(wanted, n_combinations))


def fixings(combo, index):
    """(column, value) of the design variables a combination fixes."""
    return [(index[id(v)], val) for alt in combo for v, val in alt if id(v) in index]


class _Shared:
    """The search's state that every worker reads and writes (under `lock`)."""

    def __init__(self, lp, combos, index, int_cols, deadline, gap):
        self.lock = threading.Lock()
        self.stop = threading.Event()            # set when a worker failed or Ctrl-C arrived
        self.lp, self.combos, self.index, self.int_cols = lp, combos, index, int_cols
        self.deadline, self.gap = deadline, gap
        self.screen = LagrangianBound(lp)
        self.best_obj, self.best_x, self.best_combo = math.inf, None, None
        # Multipliers for screening: the duals of the latest LPs solved to optimality (a bounded
        # number: each costs one sparse product per combination screened).
        self.row_duals: collections.deque = collections.deque(maxlen=SCREEN_DUALS)
        self.lp_solves = self.pruned = self.screened = 0
        self.timed_out = False
        # Lower bounds of what was left unexplored: nodes open at the time limit, nodes pruned within
        # the gap, combinations never started (their Lagrangian bound).
        self.unexplored: list[float] = []
        self.remaining = collections.deque(range(len(combos)))  # combinations not yet taken, in order
        self.error: BaseException | None = None

    def _eps(self) -> float:
        return PRUNE_TOL * max(1.0, abs(self.best_obj))

    def _wins(self, obj: float, k: int) -> bool:
        """The tie rule (lock held): obj of combination k beats the incumbent, or ties it from a lower number."""
        return self.best_x is None or obj < self.best_obj - self._eps() or \
            (obj <= self.best_obj + self._eps() and k < self.best_combo)

    def can_win(self, obj: float, k: int) -> bool:
        """Whether a node of combination k with LP bound obj could still become the plan."""
        with self.lock:
            return self._wins(obj, k)

    def cutoff(self, k: int) -> float:
        """The dual objective above which an LP of combination k cannot win (HiGHS's objective_bound)."""
        with self.lock:
            if self.best_x is None:
                return math.inf
            return self.best_obj + (self._eps() if k < self.best_combo else 0.0)

    def offer(self, obj: float, x, k: int) -> None:
        with self.lock:
            if self._wins(obj, k):
                self.best_obj, self.best_x, self.best_combo = obj, x, k
                progress.best_plan(obj * OBJECTIVE_SCALE)

    def count(self, what: str) -> None:
        with self.lock:
            setattr(self, what, getattr(self, what) + 1)

    def leave_open(self, bound: float) -> None:
        """A subtree left unexplored with this lower bound; it counts in the reported bound only
        where it is below the incumbent (a node pruned within PRUNE_TOL leaves the gap at 0)."""
        with self.lock:
            if self.best_x is None or bound < self.best_obj - self._eps():
                self.unexplored.append(bound)

    def screening_bound(self, combo) -> float:
        """The best Lagrangian lower bound on `combo`'s LP (its root: the model's own bounds, the
        combination's design fixed) from the duals collected; -inf before any."""
        with self.lock:
            duals = list(self.row_duals)
        if not duals:
            return -math.inf
        lower, upper = np.array(self.lp.col_lower_, dtype=float), np.array(self.lp.col_upper_, dtype=float)
        for j, val in fixings(combo, self.index):
            lower[j] = upper[j] = val
        return max(self.screen.bound(y, lower, upper) for y in duals)

    def take(self, from_back: bool = False):
        """The next combination to solve, as (number, combination, its screening bound), or None.
        Screening: every LP solved so far lends its duals to a lower bound on the combination; one
        whose bound is above the incumbent is never solved. The first worker takes combinations from
        the front and keeps its warm-start chain in the given order (reordering by bound broke it:
        the inland park's next LP took 49.6 s instead of 11 s; docs/performance.md); a helper takes
        one from the back (_work)."""
        while not self.stop.is_set():
            with self.lock:
                if self.timed_out or not self.remaining:
                    return None
                k = self.remaining.pop() if from_back else self.remaining.popleft()
            bound = self.screening_bound(self.combos[k])
            if bound > -math.inf:
                LOG.info("combination %d/%d: Lagrangian bound %.6g, incumbent %.6g", k + 1, len(self.combos),
                         bound, self.best_obj)
                with self.lock:
                    margin = SCREEN_MARGIN * max(1.0, abs(self.best_obj))
                    if self.best_x is not None and bound > self.best_obj + margin:
                        self.screened += 1
                        progress.combination_settled()
                        continue
            return k, self.combos[k], bound
        return None

    def never_started(self) -> None:
        """The combinations the time limit left unstarted keep their Lagrangian bound: the gap stays proven."""
        while self.remaining:
            self.unexplored.append(self.screening_bound(self.combos[self.remaining.popleft()]))


class _Worker:
    """One HiGHS holding the relaxed LP, and its warm-start chain."""

    def __init__(self, shared: _Shared, options, number: int = 1):
        self.shared = shared
        self.number = number            # 1, 2, ...: names the worker in the log
        self.h = highspy.Highs()
        self.h.setOptionValue("output_flag", bool(options.verbose))
        if options.threads:
            self.h.setOptionValue("threads", int(options.threads))
        self.h.passModel(shared.lp)
        self.h.setOptionValue("solver", INTERIOR_POINT)  # its first LP: interior point + crossover (a basis for warm starts)
        self.warm = False               # whether the next LP starts from this HiGHS's last basis
        self.devex = shared.lp.num_row_ >= DEVEX_MIN_ROWS  # warm starts with fresh Devex pricing (_restart_from_last_basis)
        self.timed_out = False
        self.stopped_bound = -math.inf  # the Lagrangian bound of the LP the time limit stopped
        self.fixed: list[int] = []      # columns the current combination fixed
        self.own_best = math.inf        # the current combination's incumbent

    def solve_combination(self, k: int, combo, bound: float) -> None:
        lp = self.shared.lp
        for j in self.fixed:            # the previous combination's fixings undone
            self.h.changeColBounds(j, lp.col_lower_[j], lp.col_upper_[j])
        self.fixed = []
        for j, val in fixings(combo, self.shared.index):
            self.h.changeColBounds(j, val, val)
            self.fixed.append(j)
        self.own_best = math.inf
        self.branch(k, bound)

    def lp(self, k: int):
        """Solve the current LP (warm-started); return (objective, x) or None if infeasible, cut off or stopped."""
        shared, h = self.shared, self.h
        self.stopped_bound = -math.inf
        remaining = shared.deadline - time.perf_counter()
        if remaining <= 0:
            self.timed_out = True
            return None
        # HiGHS's clock runs across the runs of one instance: the limit is on its total run time.
        h.setOptionValue("time_limit", h.getRunTime() + remaining)
        cutoff = shared.cutoff(k)
        if cutoff < math.inf:
            # Cutoff: dual simplex stops (kObjectiveBound) once its exact dual objective passes the
            # incumbent's. HiGHS checks the exact (unperturbed) value only now and then: on
            # computing_park it cut off a hopeless combination after 433 s, not at once.
            h.setOptionValue("objective_bound", cutoff)
        # Said before the run, so the log shows which LPs are running at once (tests/test_parallel.py
        # waits for it to interrupt two running HiGHS).
        LOG.info("worker %d: an LP of combination %d started (%s)", self.number, k + 1,
                 "dual simplex from its last basis" if self.warm else "interior point")
        if self.warm and self.devex:
            self._restart_from_last_basis()
        started = time.perf_counter()
        run_highs(h)
        shared.count("lp_solves")
        progress.lp_solved()
        info = h.getInfo()
        LOG.info("LP %d (combination %d): %s, objective %.6g, %.1f s, %d simplex / %d ipm iterations",
                 shared.lp_solves, k + 1, h.modelStatusToString(h.getModelStatus()), info.objective_function_value,
                 time.perf_counter() - started, info.simplex_iteration_count, info.ipm_iteration_count)
        if not self.warm:  # later LPs: dual simplex from the last basis
            h.setOptionValue("solver", "simplex")
            if self.devex:
                h.setOptionValue("simplex_dual_edge_weight_strategy", DEVEX)
            self.warm = True
        status = h.getModelStatus()
        S = highspy.HighsModelStatus
        if status == S.kOptimal:
            solution = h.getSolution()
            if solution.dual_valid:
                with shared.lock:
                    shared.row_duals.append(np.asarray(solution.row_dual))
            return info.objective_function_value, np.asarray(solution.col_value)
        if status in (S.kInfeasible, S.kUnboundedOrInfeasible):
            return None
        if status == S.kObjectiveBound:  # cannot beat the incumbent
            shared.count("pruned")
            return None
        if status == S.kTimeLimit:
            self.timed_out = True
            self.stopped_bound = self._bound_of_current_duals()
            return None
        raise SolverError(f"HiGHS stopped with {h.modelStatusToString(status)} on an LP of the enumeration")

    def _restart_from_last_basis(self) -> None:
        """Clear HiGHS's solver state but keep its last basis, so that the next dual simplex starts
        from that basis with fresh (Devex) pricing weights. HiGHS keeps its simplex state from run to
        run of one instance, pricing weights included, and reads the pricing option only when that
        state is new: set on a used instance, Devex changed nothing (the same iteration counts).
        Measured (docs/performance.md): the inland park's combination 2 from combination 1's basis,
        18 834 Devex iterations in 11-15 s against 16 074 steepest-edge ones in 18-19 s; the
        computing park's branch from its root basis, 15 s against 142 s. Only for LPs of at least
        DEVEX_MIN_ROWS rows: on the build pathway's 31k-row LPs (46 small branch LPs) the whole run was
        1.05x the time with it, and 1.14x with Devex kept from the first LP on (no clearing), so
        smaller LPs keep HiGHS's own state and pricing. The clock of the time limit runs on across
        the clearing (lp() sets the limit on the instance's total run time)."""
        basis = self.h.getBasis()
        if not basis.valid:  # e.g. an LP stopped before it had one: the instance's own state is all there is
            return
        self.h.clearSolver()
        self.h.setBasis(basis)

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
        bound = self.shared.screen.bound(np.asarray(solution.row_dual), lp.col_lower_, lp.col_upper_)
        LOG.info("an LP stopped by the time limit: Lagrangian bound of its current duals %.6g", bound)
        return bound

    def branch(self, k: int, parent_bound: float = -math.inf) -> None:
        """LP branch-and-bound on the whole-unit integers still fractional. A node is settled without
        its LP when its parent's bound already settles it; a node left unsolved at the time limit
        keeps its parent's LP bound, for an honest gap."""
        shared = self.shared
        if self._settled(k, parent_bound):
            return
        res = self.lp(k)
        if res is None and self.timed_out:
            shared.leave_open(max(parent_bound, self.stopped_bound))
            return
        if res is None:
            return
        obj, x = res
        if self._settled(k, obj):
            return
        frac = [j for j in shared.int_cols if abs(x[j] - round(x[j])) > INT_TOL]
        if not frac:
            self.own_best = min(self.own_best, obj)
            shared.offer(obj, x, k)
            return
        j = frac[0]
        lp = self.h.getLp()
        lo, up = lp.col_lower_[j], lp.col_upper_[j]
        down, upb = (lo, math.floor(x[j])), (math.ceil(x[j]), up)
        for bounds in ((down, upb) if x[j] - math.floor(x[j]) < 0.5 else (upb, down)):
            self.h.changeColBounds(j, *bounds)
            self.branch(k, obj)
        self.h.changeColBounds(j, lo, up)

    def _settled(self, k: int, bound: float) -> bool:
        """Whether a node of combination k whose LP bound is `bound` needs no more work: it cannot win
        against the incumbent, or it is within the gap of this combination's own incumbent (then its
        bound is kept for the reported gap)."""
        if bound == -math.inf:
            return False
        if not self.shared.can_win(bound, k):
            self.shared.count("pruned")
            return True
        if self.own_best < math.inf and \
                bound >= self.own_best - max(self.shared.gap, PRUNE_TOL) * max(1.0, abs(self.own_best)):
            self.shared.count("pruned")
            self.shared.leave_open(bound)
            return True
        return False


def _work(worker: _Worker, helper: bool = False) -> None:
    """A worker's loop. The first worker (helper False) takes the combinations from the front, each
    LP warm-started from its last basis, until none is left, the time limit, or a stop. A helper
    takes one combination from the back, where the one least like the first is (no line at all),
    solves it cold (interior point) while the first worker works through the others, and ends:
    measured on the inland park (docs/performance.md), a helper that went on took the next
    combinations before the first worker's duals could screen them out, and a helper's warm start
    from a dissimilar combination took 192 s against 37 s cold."""
    shared = worker.shared
    try:
        while not worker.timed_out:
            task = shared.take(from_back=helper)
            if task is None:
                return
            worker.solve_combination(*task)
            if not worker.timed_out:
                progress.combination_settled()
            if helper:
                return
        with shared.lock:
            shared.timed_out = True
    except BaseException as exc:  # re-raised by the caller; the other workers stop
        with shared.lock:
            shared.error = shared.error or exc
        shared.stop.set()


def _run_workers(shared: _Shared, workers: list[_Worker]) -> None:
    """Run the workers: on this thread when there is one (Ctrl-C as for any solve), else on threads,
    each stoppable by `shared.stop` (and by the caller's own stop_when check, e.g. a batch's cancel).

    This thread waits on an event each worker sets when it ends, not on Thread.join: Ctrl-C inside
    join() can mark a running thread as ended (CPython issue 90882, Python 3.9-3.11), and a later
    join() then returns at once. The process went on to exit while a worker's HiGHS still ran: the
    end of its log was lost, and without os._exit the C++ teardown aborted ("terminate called
    without an active exception", exit -6; docs/performance.md)."""
    if len(workers) == 1:
        _work(workers[0])
    else:
        outer = current_stop_check()
        check = (lambda: shared.stop.is_set() or bool(outer())) if outer else shared.stop.is_set
        ended = [threading.Event() for _ in workers]

        def on_thread(worker, helper, done):
            try:
                with stop_when(check):
                    _work(worker, helper)
            finally:
                done.set()

        threads = [threading.Thread(target=on_thread, args=(w, n > 0, ended[n]), name=f"zcpark-enumeration-{n}",
                                    daemon=True) for n, w in enumerate(workers)]
        for t in threads:
            t.start()
        try:
            for done in ended:
                while not done.wait(0.2):  # short waits: Ctrl-C reaches this thread between them
                    pass
        except KeyboardInterrupt:
            shared.stop.set()  # every worker's HiGHS stops within STOP_POLL_SECONDS
            for done in ended:
                done.wait()
            LOG.info("Ctrl-C: all %d workers stopped their HiGHS", len(workers))
            raise
        finally:
            for t in threads:
                t.join()  # each has ended its work: this returns at once
    if shared.error is not None:
        raise shared.error


def enumerate_combinations(h, cols, choices, options, t0):
    """Solve the MIP in `h` by enumerating `choices` (see the module docstring). Returns (x, status,
    objective, gap, bound, method) as solve._branch_and_cut does."""
    index = {id(v): j for j, v in enumerate(cols)}
    fixed_ids = {id(v) for group in choices for alt in group for v, _ in alt}
    int_cols = [j for j, v in enumerate(cols) if (v.is_integer() or v.is_binary()) and id(v) not in fixed_ids]
    lp = h.getLp()
    lp.integrality_ = []
    combos = list(itertools.product(*choices))
    shared = _Shared(lp, combos, index, int_cols, t0 + options.time_limit, options.mip_rel_gap)
    progress.combinations(len(combos))
    workers = [_Worker(shared, options, n + 1) for n in range(workers_for(options, len(combos)))]
    _run_workers(shared, workers)
    if any(w.timed_out for w in workers):
        shared.timed_out = True
        shared.never_started()
    if shared.best_x is None:
        if shared.timed_out:
            raise SolverError(f"no feasible plan found within the time limit ({options.time_limit:g} s)")
        raise InfeasibleError("no plan meets every enforced target within the limits")
    method = (f"enumerate: {len(combos)} combinations of line options and minimum builds, "
              f"{shared.lp_solves} warm-started LPs, {shared.pruned} pruned by bound, "
              f"{shared.screened} screened out by their Lagrangian bound"
              + (f", {len(workers)} workers" if len(workers) > 1 else ""))
    # The best possible plan is no better than the incumbent or the lowest bound of what was left
    # unexplored (-inf when a combination never started had no duals to be bounded by: gap unknown).
    bound = min([shared.best_obj, *shared.unexplored])
    gap = (shared.best_obj - bound) / max(1e-9, abs(shared.best_obj)) if bound > -math.inf else math.nan
    status = "time_limit_feasible" if shared.timed_out else "optimal"
    return shared.best_x, status, shared.best_obj, gap, bound, method
