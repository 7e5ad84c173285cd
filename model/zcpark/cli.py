"""The `zcpark` command: run, check, template. Exit codes: 0 solved, 2 invalid input,
3 infeasible, 4 solver failed or no solution in time. No traceback for a user error
unless --debug."""
from __future__ import annotations

import argparse
import logging
import sys
import traceback

from .errors import EXIT_OK, EXIT_SOLVER, InfeasibleError, InputError, ZcparkError
from .solve import SolveOptions


def _parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="zcpark", description="Least-cost zero-carbon park planning.")
    p.add_argument("--debug", action="store_true", help="show tracebacks")
    sub = p.add_subparsers(dest="command", required=True)
    r = sub.add_parser("run", help="solve a park workbook and write runs/<park>/<scenario>/results.xlsx")
    r.add_argument("park", help="input workbook (.xlsx)")
    r.add_argument("--scenario", default=None, help="a scenario of the Scenarios sheet (default: base)")
    r.add_argument("--runs-dir", default="runs")
    r.add_argument("--time-limit", type=float, default=600.0, help="seconds (default 600)")
    r.add_argument("--gap", type=float, default=1e-3, help="relative MIP gap (default 0.001)")
    r.add_argument("--threads", type=int, default=0, help="HiGHS threads (0: HiGHS decides)")
    r.add_argument("--lp-method", default="choose", choices=("choose", "simplex", "ipm"))
    r.add_argument("--strategy", default="auto", choices=("auto", "enumerate", "mip"),
                   help="enumerate discrete choices with warm-started LPs (exact), or HiGHS branch-and-cut")
    r.add_argument("--verbose", action="store_true", help="show the HiGHS log")
    c = sub.add_parser("check", help="validate a workbook only")
    c.add_argument("park")
    c.add_argument("--scenario", default=None)
    t = sub.add_parser("template", help="write a blank, self-documenting input workbook")
    t.add_argument("out", nargs="?", default="template.xlsx")
    return p


def _run(args) -> int:
    from .runner import run
    if args.verbose:
        logging.basicConfig(level=logging.INFO, format="%(name)s: %(message)s")
    opts = SolveOptions(time_limit=args.time_limit, mip_rel_gap=args.gap, threads=args.threads,
                        lp_method=args.lp_method, strategy=args.strategy, verbose=args.verbose)
    res = run(args.park, scenario=args.scenario, runs_dir=args.runs_dir, options=opts)
    s = res.summary()
    acc = res.sheets["Acceptance"]
    failing = acc[(acc["applies"] == True) & (acc["pass"] == False)]  # noqa: E712
    failed = failing[failing["enforce"] == True]["indicator"].tolist()  # noqa: E712
    missed = failing[failing["enforce"] == False]["indicator"].tolist()  # noqa: E712
    fragile = acc[acc["warning"] != ""]["indicator"].tolist()
    verdict = "meets every enforced target" if not failed else "FAILS " + ", ".join(failed)
    if missed:
        verdict += "; misses (reported only): " + ", ".join(missed)
    intensity = s["carbon_intensity_t_per_tce"]
    intensity = 0.0 if abs(intensity) < 1e-9 else intensity  # no "-0.000" from float noise
    gap = s["mip_gap"]
    gap_text = "gap unknown" if gap is None or gap != gap else f"gap {gap:.2%}"  # NaN: search stopped early
    print(f"{s['park']} [{s['scenario']}]: {s['solver_status']} ({gap_text}); "
          f"cost {s['total_cost_cny_per_yr'] / 1e6:,.2f} M CNY/yr; "
          f"{intensity:.3f} tCO2/tce ({s['carbon_method']}); plan {verdict}")
    if fragile:
        print("  warning: passes only under the enforced method, fails under another: " + ", ".join(fragile))
    t = res.seconds
    print("  seconds: " + ", ".join(f"{k} {v:.1f}" for k, v in t.items()))
    print(f"  results: {res.output}")
    return EXIT_OK


def _check(args) -> int:
    from .reader import read_workbook
    data = read_workbook(args.park, args.scenario)
    print(f"{args.park}: valid ({data.n_steps} time steps, {len(data.renewables)} renewables, "
          f"{len(data.storage)} stores, {len(data.heat_supply)} heat converters, {len(data.lines)} direct lines)")
    return EXIT_OK


def _template(args) -> int:
    from .template import write_template
    print(f"wrote {write_template(args.out)}")
    return EXIT_OK


def main(argv: list[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    try:
        return {"run": _run, "check": _check, "template": _template}[args.command](args)
    except InputError as e:
        print(f"invalid input: {e.summary()}", file=sys.stderr)
        return e.exit_code
    except InfeasibleError as e:
        print(f"infeasible: {e}", file=sys.stderr)
        for reason in e.reasons:
            print(f"  - {reason}", file=sys.stderr)
        return e.exit_code
    except (ZcparkError, FileExistsError) as e:
        if args.debug:
            traceback.print_exc()
        print(f"error: {e}", file=sys.stderr)
        return getattr(e, "exit_code", EXIT_SOLVER)
    except Exception as e:  # a bug, not a user error: say so plainly
        if args.debug:
            raise
        print(f"internal error (a bug in zcpark, please report it): {type(e).__name__}: {e}; "
              "rerun with --debug for the traceback", file=sys.stderr)
        return EXIT_SOLVER


if __name__ == "__main__":
    raise SystemExit(main())
