"""`make bench-handoff`: time the ways to hand a built Pyomo model to HiGHS (issue 7); write
runs/bench/handoff.csv.

A benchmark, not a test: it asserts nothing (tests/test_handoff.py checks the agreement).
"Hand-off" is the time from a built Pyomo model to a `highspy.Highs` that holds the model,
ready to `run()`. Methods (`METHODS`):

- `zcpark`: solve.py's `to_highs` (Pyomo's linear standard-form compiler, then one `passModel`
  with integrality), exactly as `zcpark run` does it.
- `pyomo_highs`: Pyomo's new persistent interface, `pyomo.contrib.solver.solvers.highs.Highs`
  (`SolverFactory('highs')` of pyomo.contrib.solver). Load and solve are separated by calling
  its public `set_instance(model)`, which builds the HiGHS model (addVars / addRows /
  integrality / objective) without running; the loaded `highspy.Highs` is its `_solver_model`.
- `appsi_highs`: the older APPSI persistent interface, same `set_instance` split.
- `lp_file`, `mps_file`: Pyomo writes the file (`symbolic_solver_labels=False`), HiGHS reads it
  with `readModel`; write and read are timed separately.

For each method the full-year park is built once (`build_s`) and handed off `--repeat` times;
the minimum is reported. Correctness: a small MILP park (48 h, a line with two options, whole
wind units, a minimum build) is handed off by each method and solved by HiGHS branch-and-cut at
gap 0 on the loaded instance; its objective and integer-column count must equal zcpark's.
Each method runs in its own process, so memory and HiGHS state of one never affect another.
"""
from __future__ import annotations

import argparse
import importlib
import json
import math
import sys
import tempfile
import time
from pathlib import Path

import highspy

from zcpark.devtools.bench import run_child, write_csv
from zcpark.core.build import build_model
from zcpark.workbook.reader import read_workbook
from zcpark.core.options import SolveOptions
from zcpark.core.solve import to_highs

FIELDS = ["method", "build_s", "handoff_s", "write_s", "read_s", "rows", "cols", "integers",
          "milp_objective", "milp_integers", "matches", "note"]
REFERENCE = "zcpark"
REL_TOL = 1e-6  # objectives of the small MILP agree to this relative tolerance


def _zcpark(m, workdir: Path):
    t0 = time.perf_counter()
    h, _, _ = to_highs(m, SolveOptions())
    return h, {"handoff": time.perf_counter() - t0}


def _persistent(cls_path: str):
    """Hand-off through a Pyomo persistent interface: time its `set_instance`."""
    module, name = cls_path.rsplit(".", 1)

    def load(m, workdir: Path):
        opt = getattr(importlib.import_module(module), name)()
        t0 = time.perf_counter()
        opt.set_instance(m)
        return opt._solver_model, {"handoff": time.perf_counter() - t0}
    load.__doc__ = f"`{cls_path}().set_instance(model)`"
    return load


def _file(fmt: str):
    """Hand-off through a file written by Pyomo and read by HiGHS."""
    def load(m, workdir: Path):
        path = workdir / f"model.{fmt}"
        t0 = time.perf_counter()
        m.write(str(path), io_options={"symbolic_solver_labels": False})
        t1 = time.perf_counter()
        h = highspy.Highs()
        h.setOptionValue("output_flag", False)
        status = h.readModel(str(path))
        t2 = time.perf_counter()
        if status == highspy.HighsStatus.kError:
            raise RuntimeError(f"HiGHS could not read {path.name}")
        path.unlink()
        return h, {"handoff": t2 - t0, "write": t1 - t0, "read": t2 - t1}
    load.__doc__ = f"`m.write('model.{fmt}')` + `Highs.readModel`"
    return load


METHODS = {
    "zcpark": _zcpark,
    "pyomo_highs": _persistent("pyomo.contrib.solver.solvers.highs.Highs"),
    "appsi_highs": _persistent("pyomo.contrib.appsi.solvers.highs.Highs"),
    "lp_file": _file("lp"),
    "mps_file": _file("mps"),
}


def counts(h) -> dict:
    """Rows, columns and integer columns as HiGHS holds them."""
    integrality = h.getLp().integrality_
    n_int = sum(1 for t in integrality if t != highspy.HighsVarType.kContinuous)
    return {"rows": h.getNumRow(), "cols": h.getNumCol(), "integers": n_int}


def handoff(method: str, workbook, workdir: Path):
    """Build the park's model and hand it to HiGHS by `method`; return (Highs, seconds)."""
    m = build_model(read_workbook(workbook))
    return METHODS[method](m, Path(workdir))


def solve_loaded(h) -> float:
    """Run HiGHS (branch-and-cut at gap 0) on a loaded instance; return its objective (M CNY/yr)."""
    h.setOptionValue("output_flag", False)
    h.setOptionValue("mip_rel_gap", 0.0)
    h.setOptionValue("time_limit", 600.0)
    h.run()
    status = h.getModelStatus()
    if status != highspy.HighsModelStatus.kOptimal:
        raise RuntimeError(f"HiGHS stopped with {h.modelStatusToString(status)}")
    return h.getInfo().objective_function_value


def check(method: str, workbook, workdir: Path) -> dict:
    """Hand off and solve the (small MILP) park by `method`: its objective and integer count."""
    h, _ = handoff(method, workbook, workdir)
    return {"milp_objective": solve_loaded(h), "milp_integers": counts(h)["integers"]}


def agrees(row: dict, ref: dict) -> bool:
    """Same small-MILP objective (to REL_TOL) and the same number of integer columns."""
    a, b = row.get("milp_objective"), ref.get("milp_objective")
    if a is None or b is None:
        return False
    return math.isclose(a, b, rel_tol=REL_TOL) and row.get("milp_integers") == ref.get("milp_integers")


def small_milp(directory: Path) -> Path:
    """Write the 48 h park with every discrete choice that tests/test_solve.py solves both ways.
    Needs the repository checkout (tests/ and pytest), as every benchmark here does."""
    tests = Path(__file__).resolve().parents[2] / "tests"
    sys.path.insert(0, str(tests))
    from test_solve import _discrete_park
    return _discrete_park(directory)


def measure(method: str, park: str, milp: str, repeat: int) -> dict:
    """One method in this process: build once, hand off `repeat` times (minimum), then the check."""
    row = {"method": method}
    with tempfile.TemporaryDirectory() as tmp:
        t0 = time.perf_counter()
        m = build_model(read_workbook(park))
        row["build_s"] = round(time.perf_counter() - t0, 2)
        best: dict = {}
        for _ in range(repeat):
            h, seconds = METHODS[method](m, Path(tmp))
            for k, v in seconds.items():
                best[k] = min(v, best.get(k, math.inf))
            row.update(counts(h))
            del h
        row.update({f"{k}_s": round(v, 2) for k, v in best.items()})
        del m
        row.update(check(method, milp, Path(tmp)))
    return row


def main(argv=None) -> int:
    p = argparse.ArgumentParser(prog="zcpark.devtools.handoff_bench", description=__doc__.splitlines()[0])
    p.add_argument("park", nargs="?", default="data/inland_park.xlsx")
    p.add_argument("--methods", nargs="*", default=list(METHODS), choices=list(METHODS))
    p.add_argument("--repeat", type=int, default=3, help="hand-offs per method; the minimum is reported")
    p.add_argument("--out", default="runs/bench/handoff.csv")
    p.add_argument("--milp", help=argparse.SUPPRESS)   # child mode: the small MILP workbook
    p.add_argument("--one", help=argparse.SUPPRESS)    # child mode: one method
    args = p.parse_args(argv)
    if args.one:
        print(json.dumps(measure(args.one, args.park, args.milp, args.repeat)))
        return 0
    rows = []
    with tempfile.TemporaryDirectory() as tmp:
        milp = small_milp(Path(tmp))
        for method in args.methods:
            row, error = run_child("zcpark.devtools.handoff_bench", [args.park, "--one", method, "--milp", str(milp),
                                                      "--repeat", str(args.repeat)], FIELDS)
            if row is None:
                row = {"method": method, "note": "failed: " + error}
                print(f"{method}: {row['note']}", file=sys.stderr, flush=True)
            rows.append(row)
    ref = next((r for r in rows if r["method"] == REFERENCE), {})
    for r in rows:
        r["matches"] = agrees(r, ref)
    _print_table(rows)
    write_csv(args.out, FIELDS, rows)
    return 0


def _print_table(rows) -> None:
    print(" | ".join(FIELDS[:-1]))
    for r in rows:
        print(" | ".join(str(r.get(k, "")) for k in FIELDS[:-1]) + (f"  ({r['note']})" if r.get("note") else ""))


if __name__ == "__main__":
    raise SystemExit(main())
