"""`make bench`: time each stage of a full run on the example parks; write runs/bench/bench.csv.

A benchmark, not a test: it asserts nothing. Each park runs in its own process so that peak
memory (max RSS) is that park's alone.
"""
from __future__ import annotations

import argparse
import csv
import json
import resource
import subprocess
import sys
from pathlib import Path

FIELDS = ["park", "status", "method", "rows", "columns", "integers", "read_s", "build_s", "handoff_s",
          "solve_s", "extract_s", "write_s", "total_s", "peak_mem_mib", "objective_cny", "gap"]
DEFAULT_PARKS = ["data/inland_park.xlsx", "data/coastal_park.xlsx", "data/computing_park.xlsx"]


def one(park: str, runs_dir: str) -> dict:
    """Run one park in this process and return its row."""
    from .runner import run
    res = run(park, runs_dir=runs_dir)
    s = res.seconds
    return {"park": Path(park).stem, "status": res.solve.status, "method": res.solve.method,
            "rows": res.solve.n_rows, "columns": res.solve.n_cols, "integers": res.solve.n_int,
            **{f"{k}_s": round(v, 2) for k, v in s.items()}, "total_s": round(sum(s.values()), 2),
            "peak_mem_mib": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1),
            "objective_cny": round(res.solve.objective_cny, 2), "gap": res.solve.mip_gap}


def main(argv=None) -> int:
    p = argparse.ArgumentParser(prog="zcpark.bench")
    p.add_argument("parks", nargs="*", default=DEFAULT_PARKS)
    p.add_argument("--runs-dir", default="runs/bench")
    p.add_argument("--one", action="store_true", help=argparse.SUPPRESS)  # child mode
    args = p.parse_args(argv)
    if args.one:
        print(json.dumps(one(args.parks[0], args.runs_dir)))
        return 0
    rows = []
    for park in args.parks:
        out = subprocess.run([sys.executable, "-m", "zcpark.bench", "--one", "--runs-dir", args.runs_dir, park],
                             capture_output=True, text=True)
        if out.returncode != 0:
            print(f"{park}: failed\n{out.stderr.strip()[-2000:]}", file=sys.stderr)
            rows.append({"park": Path(park).stem, "status": "failed"})
            continue
        row = json.loads(out.stdout.strip().splitlines()[-1])
        rows.append(row)
        print(", ".join(f"{k}={row[k]}" for k in FIELDS if k in row), flush=True)
    path = Path(args.runs_dir) / "bench.csv"
    path.parent.mkdir(parents=True, exist_ok=True)
    with open(path, "w", newline="") as f:
        w = csv.DictWriter(f, fieldnames=FIELDS)
        w.writeheader()
        w.writerows(rows)
    print(f"wrote {path}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
