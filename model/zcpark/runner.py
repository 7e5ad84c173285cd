"""One run, stage by stage: read -> build -> hand-off + solve -> extract -> report -> write.

Each stage is timed separately; the timings go to the Meta sheet and to `make bench`.
"""
from __future__ import annotations

import datetime as dt
import hashlib
import platform
import time
from dataclasses import dataclass, field
from importlib import metadata
from pathlib import Path

import pandas as pd

from zcpark import __version__
from zcpark.results import dashboard
from zcpark.results import indicators as report
from zcpark.results.warnings_sheet import warnings_table
from zcpark.procedures import typical
from zcpark.core.build import build_model
from zcpark.core.data import ParkData
from zcpark.procedures.diagnose import diagnose
from zcpark.errors import InfeasibleError
from zcpark.core.extract import Solution, extract
from zcpark.workbook.reader import read_workbook
from zcpark.core.options import SolveOptions, SolveResult
from zcpark.core.solve import solve
from zcpark.paths import output_path
from zcpark.procedures.fullyear_check import verify
from zcpark.workbook.writer import write_results


@dataclass
class RunResult:
    data: ParkData
    solution: Solution          # the plan and its dispatch on the full horizon
    solve: SolveResult          # the solve behind `solution` (typical periods: the full-horizon check)
    sheets: dict[str, pd.DataFrame]
    seconds: dict = field(default_factory=dict)
    output: Path | None = None
    sizing: SolveResult | None = None  # typical periods: the solve that sized the plan

    def summary(self) -> dict:
        s = self.sheets["Summary"]
        return dict(zip(s["indicator"], s["value"]))


def _sha256(path: Path) -> str:
    h = hashlib.sha256()
    with open(path, "rb") as f:
        for chunk in iter(lambda: f.read(1 << 20), b""):
            h.update(chunk)
    return h.hexdigest()


def _versions() -> list[tuple[str, str]]:
    out = [("zcpark", __version__), ("python", platform.python_version())]
    for pkg in ("pyomo", "highspy", "pandas", "openpyxl", "python-calamine", "numpy", "tsam"):
        try:
            out.append((pkg, metadata.version(pkg)))
        except metadata.PackageNotFoundError:
            out.append((pkg, "not installed"))
    return out


def solve_data(data: ParkData, options: SolveOptions | None = None) -> tuple[Solution, SolveResult, dict]:
    """Build, solve and extract; returns the plain solution, solver result and stage seconds."""
    t0 = time.perf_counter()
    m = build_model(data)
    t1 = time.perf_counter()
    result = solve(m, options)
    t2 = time.perf_counter()
    sol = extract(m, data)
    t3 = time.perf_counter()
    seconds = {"build": t1 - t0, **result.seconds, "extract": t3 - t2}
    return sol, result, seconds


def indicator_sheets(data: ParkData, sol: Solution, result: SolveResult,
                     sizing: SolveResult | None = None, resolution: str | None = None) -> dict[str, pd.DataFrame]:
    """The indicator sheets: Summary, Costs, Carbon, Acceptance, Matching.
    `sizing`: the solve that chose the plan, when `result` only re-dispatched it (typical periods);
    `resolution`: the Summary's time_resolution (default: that of `data`)."""
    carbon = report.carbon_table(data, sol)
    match = report.matching_table(data, sol)
    share = report.matching_share(match, data.weights)
    line_built = bool((sol.lines["built_option"] != "none").any())
    acceptance = report.acceptance_table(data, sol, carbon, share, line_built)
    chosen_by = sizing or result
    info = {"status": chosen_by.status, "mip_gap": chosen_by.mip_gap, "objective_cny": result.objective_cny,
            "solve_seconds": chosen_by.seconds.get("solve")}
    summary = pd.DataFrame(report.summary_rows(data, sol, carbon, share, info), columns=["indicator", "value", "unit"])
    costs = pd.DataFrame([(k, v) for k, v in sol.costs.items()] + [("total", sum(sol.costs.values()))],
                         columns=["term", "cny_per_yr"])
    fragile = acceptance[acceptance["warning"] != ""]["indicator"].tolist()
    if fragile:
        summary.loc[len(summary)] = ["warning", "passes only under the enforced accounting method: " + ", ".join(fragile), ""]
    summary.loc[len(summary)] = ["time_resolution", resolution or typical.describe(data), ""]
    return {"Summary": summary, "Costs": costs, "Carbon": carbon, "Acceptance": acceptance, "Matching": match}


def results_sheets(data: ParkData, sol: Solution, result: SolveResult,
                   sizing: SolveResult | None = None, resolution: str | None = None) -> dict[str, pd.DataFrame]:
    """Every results sheet as a DataFrame, in workbook order (Meta is added by `run`);
    `sizing` and `resolution` as in indicator_sheets."""
    core = indicator_sheets(data, sol, result, sizing, resolution)
    return dashboard.with_dashboard({
        "Summary": core["Summary"], "Capacity": sol.capacity, "Lines": sol.lines, "Costs": core["Costs"],
        "Carbon": core["Carbon"], "Acceptance": core["Acceptance"], "Matching": core["Matching"],
        "MatchingMonthHour": report.matching_month_hour(core["Matching"]),
        "MonthlyBalance": report.monthly_balance(data, sol),
        "TypicalWeeks": report.typical_weeks(data, sol), "Dispatch": sol.dispatch})


def _explain_infeasible(data, options, exc, out, meta):
    """Diagnose, write the Diagnosis (and Meta) to the results workbook, and re-raise with reasons."""
    table = diagnose(data, options)
    reasons = table["message"].tolist() or ["no single target or limit explains it (see the HiGHS log)"]
    if out is not None:
        write_results(out, {"Diagnosis": table, "Meta": pd.DataFrame(
            meta + [("status", "infeasible"), *_versions()], columns=["key", "value"])})
    raise InfeasibleError("no plan meets every enforced target within the limits"
                          + (f" (diagnosis in {out})" if out is not None else ""), reasons) from exc


def _typical_then_full(data: ParkData, sized: ParkData, sol: Solution, result: SolveResult,
                       options: SolveOptions | None, seconds: dict):
    """Check the plan sized on typical periods on the full horizon; returns (full-horizon solution,
    its result, its sheets with a Validation sheet after Acceptance). Adds the check's seconds."""
    sizing_sheets = indicator_sheets(sized, sol, result)  # only its Summary and Acceptance are compared
    sol_year, result_year, verify_seconds = verify(data, sol.design, options)
    seconds.update(verify_seconds)
    sheets = results_sheets(data, sol_year, result_year, sizing=result,
                            resolution=typical.describe(sized) + "; plan dispatched on the full horizon")
    validation = report.validation_table(sizing_sheets, sheets)
    order = list(sheets)
    at = order.index("Acceptance") + 1
    sheets = {name: (validation if name == "Validation" else sheets[name])
              for name in order[:at] + ["Validation"] + order[at:]}
    return sol_year, result_year, sheets


def run(path: str | Path, scenario: str | None = None, runs_dir: str | Path = "runs",
        options: SolveOptions | None = None, write: bool = True, overrides: list[dict] | None = None,
        run_name: str | None = None, typical_days: int | None = None) -> RunResult:
    """One run; `overrides` and `run_name` as in reader.read_workbook (batch studies use them).
    `typical_days` (else the Park parameter; 0 or blank: full horizon): size the plan on that many
    typical days plus extreme days, then dispatch it on the full horizon (Validation sheet)."""
    started = dt.datetime.now().astimezone()
    t0 = time.perf_counter()
    data = read_workbook(path, scenario, overrides, run_name)
    t1 = time.perf_counter()
    out = output_path(data, runs_dir) if write else None
    meta = [("input_file", Path(path).name), ("input_sha256", _sha256(Path(path))), ("scenario", data.scenario),
            ("started", started.isoformat(timespec="seconds"))]
    n_days = typical_days if typical_days is not None else data.park.get("typical_days")
    sized = typical.aggregate(data, int(n_days)) if n_days else data  # the horizon the plan is sized on
    t_sized = time.perf_counter()
    try:
        sol, result, seconds = solve_data(sized, options)
    except InfeasibleError as exc:
        _explain_infeasible(sized, options, exc, out, meta)
    seconds = {"read": t1 - t0, **({"cluster": t_sized - t1} if sized is not data else {}), **seconds}
    sizing = None
    if sized is data:
        sheets = results_sheets(data, sol, result)
    else:
        sizing = result
        sol, result, sheets = _typical_then_full(data, sized, sol, sizing, options, seconds)
    meta.append(("time_resolution", sheets["Summary"].set_index("indicator").loc["time_resolution", "value"]))
    if sizing is not None:
        meta += [("sizing_solve_method", sizing.method), ("sizing_rows", sizing.n_rows),
                 ("sizing_columns", sizing.n_cols), ("sizing_integers", sizing.n_int)]
    meta += [("solver", result.solver), ("solve_method", result.method), ("rows", result.n_rows),
             ("columns", result.n_cols), ("integers", result.n_int),
             *[(f"seconds_{k}", round(v, 3)) for k, v in seconds.items()], *_versions()]
    sheets["Meta"] = pd.DataFrame(meta, columns=["key", "value"])
    sheets["Warnings"] = warnings_table(data.notes)  # defaults applied and implausible values, after Meta
    if write:
        t2 = time.perf_counter()
        write_results(out, sheets, writers=dashboard.SHEET_WRITERS)
        seconds["write"] = time.perf_counter() - t2
    return RunResult(data, sol, result, sheets, seconds, out, sizing)
