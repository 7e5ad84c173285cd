"""The enumeration on several workers (core/enumeration.py): the same plan as one worker, a tie rule
that does not depend on timing, a gap that stays proven, and a stop that reaches every worker."""
import math
import os
import time

import pandas as pd
import pytest

from ctrl_c import INTERRUPTED, Lines, ctrl_c, slow_park, zcpark_process
from invariants import check_invariants
from test_solve import _discrete_park
from zcpark.core.options import SolveOptions
from zcpark.runner import run


def test_two_workers_find_the_plan_of_one(tmp_path):
    """The discrete park (6 combinations: line a / b / none x PV minimum build on / off, whole wind
    units) on 2 worker threads (the first works through combinations 1-5 in order, the second
    solves combination 6 from scratch): the same least cost as 1 worker and as HiGHS's
    branch-and-cut (test_solve.test_enumeration_equals_branch_and_cut), the same capacities, and the
    Meta method says 2 workers."""
    wb = _discrete_park(tmp_path)
    one = run(wb, runs_dir=tmp_path / "one", options=SolveOptions(strategy="enumerate", mip_rel_gap=0, parallel=1))
    two = run(wb, runs_dir=tmp_path / "two", options=SolveOptions(strategy="enumerate", mip_rel_gap=0, parallel=2))
    assert "2 workers" in two.solve.method and "workers" not in one.solve.method
    assert two.solve.status == "optimal" and two.solve.mip_gap == 0.0
    assert two.solve.objective_cny == pytest.approx(one.solve.objective_cny, rel=1e-9)
    new = {name: r.sheets["Capacity"].set_index(["tech", "unit"])["new"] for name, r in (("one", one), ("two", two))}
    assert (new["two"] - new["one"]).abs().max() < 1e-6
    check_invariants(two)


def test_ties_go_to_the_lower_numbered_combination():
    """Whatever order the workers report in: 10.0 from combination 2, then 10.0 from 1 (a tie within
    PRUNE_TOL: 1 wins), then 10.0 from 3 (a tie: 1 stays), then 9.0 from 3 (cheaper: 3 wins). A node of
    combination 0 at 9.0 + 1e-9 can still win (a tie, lower number); one of combination 4 cannot."""
    import highspy

    from zcpark.core.enumeration import _Shared

    lp = highspy.HighsLp()
    shared = _Shared(lp, combos=[()] * 5, index={}, int_cols=[], deadline=math.inf, gap=0.0)
    shared.offer(10.0, "x2", 2)
    shared.offer(10.0 + 1e-9, "x1", 1)
    assert (shared.best_obj, shared.best_x, shared.best_combo) == (10.0 + 1e-9, "x1", 1)
    shared.offer(10.0, "x3", 3)
    assert shared.best_combo == 1
    shared.offer(9.0, "x3", 3)
    assert (shared.best_obj, shared.best_combo) == (9.0, 3)
    assert shared.can_win(9.0 + 1e-9, 0) and not shared.can_win(9.0, 4)
    assert shared.cutoff(4) == 9.0 and shared.cutoff(0) == pytest.approx(9.0 + 9e-7)


def test_branching_stops_within_the_gap_and_the_gap_stays_proven(tmp_path):
    """With mip_rel_gap = 5 %, branch-and-bound inside a combination stops once its incumbent is
    within 5 % of a node's LP bound. The plan may then cost more than the exact optimum, but by no more
    than the reported gap, and the reported bound is below the exact optimum (the pruned nodes' LP
    bounds join it): bound <= optimum <= cost <= bound / (1 - gap)."""
    wb = _discrete_park(tmp_path)
    exact = run(wb, runs_dir=tmp_path / "e", options=SolveOptions(strategy="enumerate", mip_rel_gap=0))
    loose = run(wb, runs_dir=tmp_path / "l", options=SolveOptions(strategy="enumerate", mip_rel_gap=0.05))
    optimum = exact.solve.objective_cny
    assert loose.solve.status == "optimal" and 0 <= loose.solve.mip_gap <= 0.05
    assert loose.solve.dual_bound_cny <= optimum * (1 + 1e-9) <= loose.solve.objective_cny * (1 + 2e-9)
    assert loose.solve.mip_gap == pytest.approx(
        (loose.solve.objective_cny - loose.solve.dual_bound_cny) / loose.solve.objective_cny, abs=1e-12)
    check_invariants(loose)


def test_a_stop_reaches_every_worker(tmp_path):
    """A stop_when check that is true at once (a cancelled batch task) stops the enumeration on 2
    worker threads: KeyboardInterrupt, as on one thread, and no worker thread is left running."""
    import threading

    from zcpark.core.build import build_model
    from zcpark.core.solve import solve
    from zcpark.core.stopping import stop_when
    from zcpark.workbook.reader import read_workbook

    m = build_model(read_workbook(_discrete_park(tmp_path)))
    with stop_when(lambda: True), pytest.raises(KeyboardInterrupt):
        solve(m, SolveOptions(strategy="enumerate", parallel=2))
    assert not [t for t in threading.enumerate() if t.name.startswith("zcpark-enumeration")]


@pytest.fixture(scope="module")
def two_slow_combinations(tmp_path_factory):
    """120 days hour by hour with a 5 MW minimum build for PV: two combinations (PV 0 or >= 5 MW),
    each LP a few seconds of interior point on this machine (about 3 s of start-up before them). With
    60 days the no-PV LP ended in 1.2 s on an idle machine, before the latest signal (1 run in 6)."""
    return slow_park(tmp_path_factory.mktemp("two") / "two.xlsx", days=120, pv_min_new_mw=5)


@pytest.mark.skipif(os.name == "nt", reason="SIGINT to a process group is POSIX")
@pytest.mark.parametrize("after_start", [0.0, 0.5, 1.2])
def test_ctrl_c_stops_two_running_highs(tmp_path, two_slow_combinations, after_start):
    """`zcpark run --parallel 2`: SIGINT to the process group `after_start` s after both workers
    logged the start of their first LP (0: HiGHS setting up; later: interior-point iterations),
    before either LP ended. The process exits with code 130 within 2 s; both workers' HiGHS stopped
    before it (the log says so); besides that log line, stderr after the signal is exactly the one
    interrupted line: no "terminate called", no traceback (an interrupted parallel solve used to
    abort, exit -6, with a worker's HiGHS still running: CPython issue 90882); no results.xlsx."""
    runs = tmp_path / "runs"
    with zcpark_process(["run", str(two_slow_combinations), "--runs-dir", str(runs), "--parallel", "2",
                         "--verbose", "--time-limit", "120"], tmp_path) as proc:
        out, err = Lines(proc.stdout), Lines(proc.stderr)
        err.wait_for("an LP of combination", proc, timeout=120, count=2)
        time.sleep(after_start)
        code, sent, stopped_after = ctrl_c(proc, timeout=30)
    context = (code, err.text()[-3000:], out.text()[-2000:])
    log = err.before(sent)
    assert {line.split(":")[1].strip() for line in log if "an LP of combination" in line} == {"worker 1", "worker 2"}
    assert not [line for line in log if "LP 1 (" in line], "an LP ended before the signal: make the park slower"
    assert code == 130, context
    assert stopped_after < 2.0, context
    after = err.after(sent)
    assert "zcpark.core.solve: Ctrl-C: all 2 workers stopped their HiGHS" in after, context
    assert [line for line in after if not line.startswith("zcpark.")] == [INTERRUPTED], context
    assert "terminate called" not in err.text() and "Traceback" not in err.text()
    assert not (runs / "two" / "base" / "results.xlsx").exists()


def _solve_method(results) -> str:
    meta = pd.read_excel(results, sheet_name="Meta").set_index("key")["value"]
    return meta["solve_method"]


def test_zcpark_run_uses_one_combination_per_core_by_default(tmp_path, monkeypatch):
    """`zcpark run` without --parallel solves one combination per core (at most one per
    combination; the discrete park has 6): with os.cpu_count() 2, the Meta sheet's solve_method
    says "2 workers"; with 1 core, or a count the machine cannot tell (None), one worker (the method
    says no "workers"); `--parallel 1` on 2 cores, one worker. A batch (`scenarios`, here in this
    process) keeps one worker per run on 2 cores (its runs already share the cores)."""
    from zcpark.cli import main

    wb = _discrete_park(tmp_path)
    runs = tmp_path / "runs"
    results = runs / "d" / "base" / "results.xlsx"
    for cores, args, workers in ((2, [], "2 workers"), (1, [], None), (None, [], None), (2, ["--parallel", "1"], None)):
        monkeypatch.setattr(os, "cpu_count", lambda: cores)
        assert main(["run", str(wb), "--runs-dir", str(runs), *args]) == 0
        method = _solve_method(results)
        assert method.startswith("enumerate: 6 combinations")
        assert (workers in method) if workers else ("workers" not in method), (cores, args, method)
    monkeypatch.setattr(os, "cpu_count", lambda: 2)
    assert main(["scenarios", str(wb), "--workers", "0", "--runs-dir", str(runs)]) == 0
    assert "workers" not in _solve_method(runs / "d" / "scenarios" / "base" / "results.xlsx")
