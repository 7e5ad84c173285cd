"""`make bench`: time each stage of a full run on the example parks; write runs/bench/bench.csv.

A benchmark, not a test: it asserts nothing. Each park runs in its own process so that peak
memory (max RSS) is that park's alone. Two modes per park: `full` (sizing on all 8760 h) and
`typical` (sizing on K typical days, then the full-horizon check of the plan, whose seconds are
`verify_s` and whose cost is `full_horizon_cost_cny`). `bau_s`: the business-as-usual solve every
run also makes (Finance sheet). rows/columns/integers are the sizing model's.
A build pathway (PATHWAY_PARKS, run by default) is timed in the typical mode only: all its years on
K typical days, then the acceptance year's full-horizon check; its objective_cny is the NPV.
With --diagnose, a third mode per park times the infeasibility diagnosis of an infeasible variant
(`infeasible_variant`: green-power and certificate volumes cut to a tenth, carbon intensity <= 0.05),
its seconds in `diagnose_s` (compare with the `full` mode's total).
"""
from __future__ import annotations

import argparse
import csv
import json
import resource
import subprocess
import sys
from pathlib import Path

from zcpark.core.options import RUN_PARALLEL

FIELDS = ["park", "mode", "status", "method", "rows", "columns", "integers", "read_s", "cluster_s", "build_s",
          "handoff_s", "solve_s", "extract_s", "verify_s", "bau_s", "write_s", "diagnose_s", "total_s", "peak_mem_mib",
          "objective_cny", "full_horizon_cost_cny", "gap", "levers"]
DIAGNOSE = -1  # the child's mode number for the diagnosis
DEFAULT_PARKS = ["data/inland_park.xlsx", "data/coastal_park.xlsx", "data/computing_park.xlsx"]
# Build pathways (a Years sheet): typical mode only (all years on the full horizon is not a way to run them)
PATHWAY_PARKS = ["data/pathway_demo.xlsx"]


def infeasible_variant(data):
    """The park with its green-power and certificate volumes cut to a tenth and carbon intensity
    <= 0.05 enforced: infeasible for every example, with levers to find."""
    import dataclasses

    from zcpark.core.data import Target
    green = {p: {**r, "max_mwh_per_yr": (r["max_mwh_per_yr"] or 0.0) / 10} for p, r in data.green.items()}
    return dataclasses.replace(data, green=green, targets={**data.targets, "carbon_intensity_max": Target(0.05, True)})


def one_diagnosis(park: str) -> dict:
    """Time the diagnosis of the park's infeasible variant (this process)."""
    import time

    from zcpark.core.options import SolveOptions
    from zcpark.procedures.diagnose import diagnose
    from zcpark.workbook.reader import read_workbook
    data = infeasible_variant(read_workbook(park))
    t0 = time.perf_counter()
    table = diagnose(data, SolveOptions())
    seconds = time.perf_counter() - t0
    return {"park": Path(park).stem, "mode": "diagnose", "status": ", ".join(dict.fromkeys(table["step"])),
            "diagnose_s": round(seconds, 2), "total_s": round(seconds, 2),
            "peak_mem_mib": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1),
            "levers": "; ".join(table.loc[table["step"] == "levers", "item"])}


def one(park: str, runs_dir: str, typical_days: int, parallel: int = RUN_PARALLEL) -> dict:
    """Run one park in this process (typical_days 0: full horizon) and return its row. `parallel`:
    as `zcpark run --parallel` (0: one combination per core)."""
    from zcpark.core.options import SolveOptions
    from zcpark.runner import run
    if typical_days == DIAGNOSE:
        return one_diagnosis(park)
    mode = f"typical{typical_days}" if typical_days else "full"
    res = run(park, runs_dir=str(Path(runs_dir) / mode), typical_days=typical_days,
              options=SolveOptions(parallel=parallel))
    s = dict(res.seconds)
    verify_s = sum(s.pop(k) for k in list(s) if k.startswith("verify_"))
    bau_s = sum(s.pop(k) for k in list(s) if k.startswith("bau_"))  # business as usual: build, hand-off, solve, extract
    sizing = res.sizing or res.solve
    return {"park": Path(park).stem, "mode": mode, "status": sizing.status, "method": sizing.method,
            "rows": sizing.n_rows, "columns": sizing.n_cols, "integers": sizing.n_int,
            **{f"{k}_s": round(v, 2) for k, v in s.items()}, "verify_s": round(verify_s, 2), "bau_s": round(bau_s, 2),
            "total_s": round(sum(s.values()) + verify_s + bau_s, 2),
            "peak_mem_mib": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1),
            "objective_cny": round(sizing.objective_cny, 2),
            "full_horizon_cost_cny": round(res.solve.objective_cny, 2), "gap": sizing.mip_gap}


def run_child(module: str, args: list[str], fields: list[str]) -> tuple[dict | None, str]:
    """Run `python -m module args` in a fresh process (so peak memory and timings are its own);
    return (the JSON row it printed last, or None; the last line of its error output). Prints the row."""
    out = subprocess.run([sys.executable, "-m", module, *args], capture_output=True, text=True)
    if out.returncode != 0:
        err = out.stderr.strip().splitlines()
        return None, (err[-1] if err else f"exit {out.returncode}")
    row = json.loads(out.stdout.strip().splitlines()[-1])
    print(", ".join(f"{k}={row[k]}" for k in fields if k in row), flush=True)
    return row, ""


def write_csv(path, fields: list[str], rows: list[dict]) -> None:
    """The benchmark table, one row per case (missing fields blank), written atomically; text that
    a spreadsheet would read as a formula (a park file named "=..." ) is quoted (writer.csv_text)."""
    from zcpark.workbook.writer import csv_text, save_atomically

    def save(tmp: str) -> None:
        with open(tmp, "w", newline="") as f:
            w = csv.DictWriter(f, fieldnames=fields)
            w.writeheader()
            w.writerows({k: csv_text(v) for k, v in row.items()} for row in rows)
    print(f"wrote {save_atomically(path, save)}")


def main(argv=None) -> int:
    p = argparse.ArgumentParser(prog="zcpark.devtools.bench")
    p.add_argument("parks", nargs="*", default=DEFAULT_PARKS + PATHWAY_PARKS)
    p.add_argument("--runs-dir", default="runs/bench")
    p.add_argument("--typical-days", type=int, default=12, help="K for the typical-period mode (0: skip it)")
    p.add_argument("--no-full", action="store_true", help="skip the full-horizon mode")
    p.add_argument("--diagnose", action="store_true", help="also time the diagnosis of an infeasible variant")
    p.add_argument("--parallel", type=int, default=RUN_PARALLEL,
                   help="combinations solved at once, as `zcpark run --parallel` (default, as there: 0, one per "
                        "core; 1: one at a time)")
    p.add_argument("--one", type=int, default=None, help=argparse.SUPPRESS)  # child mode: its typical days
    args = p.parse_args(argv)
    if args.one is not None:
        print(json.dumps(one(args.parks[0], args.runs_dir, args.one, args.parallel)))
        return 0
    modes = (([] if args.no_full else [0]) + ([args.typical_days] if args.typical_days else [])
             + ([DIAGNOSE] if args.diagnose else []))
    rows = []
    for park in args.parks:
        for k in ([m for m in modes if m > 0] if park in PATHWAY_PARKS else modes):
            row, error = run_child("zcpark.devtools.bench", ["--one", str(k), "--runs-dir", args.runs_dir,
                                                             "--parallel", str(args.parallel), park], FIELDS)
            if row is None:
                print(f"{park}: failed: {error}", file=sys.stderr)
                mode = {0: "full", DIAGNOSE: "diagnose"}.get(k, f"typical{k}")
                row = {"park": Path(park).stem, "mode": mode, "status": "failed"}
            rows.append(row)
    write_csv(Path(args.runs_dir) / "bench.csv", FIELDS, rows)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
