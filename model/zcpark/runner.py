"""One run, stage by stage: read -> build -> hand-off + solve -> extract -> report -> write.

Each stage is timed separately; the timings go to the Meta sheet and to `make bench`.
"""
from __future__ import annotations

import dataclasses
import datetime as dt
import logging
import time
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from zcpark.results import dashboard, zones
from zcpark.results.sheets import indicator_sheets, results_sheets, validation_table
from zcpark.results.warnings_sheet import warnings_table
from zcpark.procedures import typical
from zcpark.procedures.business_as_usual import business_as_usual, business_as_usual_by_year
from zcpark.core import progress
from zcpark.core.build import build_model
from zcpark.core.data import ParkData
from zcpark.procedures.diagnose import diagnose
from zcpark.errors import InfeasibleError, ZcparkError
from zcpark.core.extract import extract
from zcpark.core.solution import Solution
from zcpark.workbook.reader import read_workbook
from zcpark.core.options import SolveOptions, SolveResult
from zcpark.core.solve import solve
from zcpark.provenance import file_sha256, versions
from zcpark.paths import DIAGNOSIS_FILE, output_path
from zcpark.procedures.fullyear_check import verify
from zcpark.core.attribution import expanded
from zcpark.procedures.pathway import check_year, diagnose_pathway, sizing_pathway, solve_pathway
from zcpark.procedures.zones import has_boundary_targets, solve_zoned
from zcpark.results.finance import pathway_finance
from zcpark.results.pathway_sheets import pathway_sheets
from zcpark.workbook.writer import check_writable, write_results, write_with_fallback


LOG = logging.getLogger("zcpark.runner")


@dataclass
class RunResult:
    data: ParkData
    solution: Solution          # the plan and its dispatch on the full horizon
    solve: SolveResult          # the solve behind `solution` (typical periods: the full-horizon check)
    sheets: dict[str, pd.DataFrame]
    seconds: dict = field(default_factory=dict)
    output: Path | None = None
    sizing: SolveResult | None = None  # typical periods: the solve that sized the plan
    warnings: list[str] = field(default_factory=list)  # e.g. results written to a fallback path

    def summary(self) -> dict:
        s = self.sheets["Summary"]
        return dict(zip(s["indicator"], s["value"]))


def solve_data(data: ParkData, options: SolveOptions | None = None) -> tuple[Solution, SolveResult, dict]:
    """Build, solve and extract; returns the plain solution, solver result and stage seconds. A park
    within a park whose boundary has targets is solved by successive linearisation (procedures/zones.py)."""
    if has_boundary_targets(data):
        sol, result, seconds, iterations = solve_zoned(data, options)
        result.zone_iterations = iterations
        return sol, result, seconds
    t0 = time.perf_counter()
    m = build_model(data)
    t1 = time.perf_counter()
    result = solve(m, options)
    t2 = time.perf_counter()
    sol = extract(m, data)
    t3 = time.perf_counter()
    seconds = {"build": t1 - t0, **result.seconds, "extract": t3 - t2}
    return sol, result, seconds


def _explain_infeasible(data, options, exc, out, meta, table=None):
    """Diagnose (unless `table` is the diagnosis already: a pathway's), write the Diagnosis (and Meta)
    to diagnosis.xlsx in the run folder, and re-raise with the reasons. An earlier run's results.xlsx
    there is left as it was (and the message says so)."""
    if table is None:
        with progress.stage("diagnosis"):
            table = diagnose(data, options)
    reasons = table["message"].tolist() or ["no single target or limit explains it (see the HiGHS log)"]
    reasons_zh = table["message_zh"].tolist() or ["没有单个目标或限值能解释（见 HiGHS 日志）"]
    message = "no plan meets every enforced target within the limits"
    message_zh = "没有方案能同时满足全部强制目标和限值"
    written = None
    if out is not None:
        sheets = {"Diagnosis": table, "Meta": pd.DataFrame(meta + [("status", "infeasible"), *versions()],
                                                            columns=["key", "value"])}
        written, warning = write_with_fallback(out.parent / DIAGNOSIS_FILE, lambda p: write_results(p, sheets))
        message += f" (diagnosis in {written}"
        message_zh += f"（诊断见 {written}"
        if out.exists():
            message += f"; {out} is an earlier run's and was left as it was"
            message_zh += f"；{out} 是之前运行的结果，保持不变"
        message += ")" + (f"; {warning}" if warning else "")
        message_zh += "）" + (f"；{warning}" if warning else "")
    raise InfeasibleError(message, reasons, diagnosis=written, reasons_zh=reasons_zh, message_zh=message_zh) from exc


def _write(out: Path, sheets: dict[str, pd.DataFrame]) -> tuple[Path, str | None]:
    """Write results.xlsx (or a fallback: the solve is never lost); a diagnosis.xlsx left by an
    earlier infeasible run of this folder is removed once results.xlsx describes the input again."""
    written, warning = write_with_fallback(out, lambda p: write_results(p, sheets, writers=dashboard.SHEET_WRITERS))
    stale = out.parent / DIAGNOSIS_FILE
    if warning is None and stale.exists():
        try:
            stale.unlink()
        except OSError as exc:
            warning = f"could not remove the earlier diagnosis {stale} ({exc.strerror}): it is out of date"
    return written, warning


def _typical_then_full(data: ParkData, sized: ParkData, sol: Solution, result: SolveResult,
                       options: SolveOptions | None, seconds: dict, bau, leakage: dict | None = None):
    """Check the plan sized on typical periods on the full horizon; returns (full-horizon solution,
    its result, its sheets with a Validation sheet after Acceptance). Adds the check's seconds."""
    sizing_sheets = indicator_sheets(sized, sol, result, leakage=leakage)  # only its Summary and Acceptance are compared
    # with zones: the boundary's shares of the sizing solve, spread over the full horizon
    shares = expanded(result.zone_shares, sized.periods) if result.zone_shares is not None else None
    with progress.stage("check"):
        sol_year, result_year, verify_seconds = verify(data, sol.design, options, shares)
    seconds.update(verify_seconds)
    sheets = results_sheets(data, sol_year, result_year, bau, sizing=result,
                            resolution=sized.horizon() + "; plan dispatched on the full horizon", leakage=leakage)
    return sol_year, result_year, _with_validation(sheets, validation_table(sizing_sheets, sheets))


def run(path: str | Path, scenario: str | None = None, runs_dir: str | Path = "runs",
        options: SolveOptions | None = None, write: bool = True, overrides: list[dict] | None = None,
        run_name: str | None = None, typical_days: int | None = None, study: str | None = None) -> RunResult:
    """One run; `overrides` and `run_name` as in reader.read_workbook (batch studies use them).
    `typical_days` (else the Park parameter; 0 or blank: full horizon): size the plan on that many
    typical days plus extreme days, then dispatch it on the full horizon (Validation sheet).
    `study`: the batch study the run belongs to (its folder is runs/<park>/<study>/<run>/).
    The output is checked before solving (OutputError, exit code 2, if it cannot be written)."""
    started = dt.datetime.now().astimezone()
    t0 = time.perf_counter()
    data = read_workbook(path, scenario, overrides, run_name)
    t1 = time.perf_counter()
    try:
        out = output_path(data, runs_dir, study) if write else None
        if out is not None:
            check_writable(out)
        meta = [("input_file", Path(path).name), ("input_sha256", file_sha256(Path(path))), ("scenario", data.scenario),
                ("started", started.isoformat(timespec="seconds"))]
        if data.pathway is not None:
            sol, result, sheets, seconds, sizing = _run_pathway(data, typical_days, options, out, meta)
        else:
            sol, result, sheets, seconds, sizing = _run_year(data, typical_days, options, out, meta)
        seconds = {"read": t1 - t0, **seconds}
        meta.append(("time_resolution", sheets["Summary"].set_index("indicator").loc["time_resolution", "value"]))
        if sizing is not None:
            meta += [("sizing_solve_method", sizing.method), ("sizing_rows", sizing.n_rows),
                     ("sizing_columns", sizing.n_cols), ("sizing_integers", sizing.n_int)]
        iterations = (sizing or result).zone_iterations  # a park within a park: the boundary's shares, solve by solve
        if iterations:
            meta.append(("zone_share_changes", "; ".join(f"solve {n}: {change:.1e}" for n, change in iterations)))
        meta += [("solver", result.solver), ("solve_method", result.method), ("rows", result.n_rows),
                 ("columns", result.n_cols), ("integers", result.n_int),
                 *[(f"seconds_{k}", round(v, 3)) for k, v in seconds.items()], *versions()]
        sheets["Meta"] = pd.DataFrame(meta, columns=["key", "value"])
        sheets["Warnings"] = warnings_table(data.notes)  # defaults applied and implausible values, after Meta
        warnings = []
        if write:
            t2 = time.perf_counter()
            with progress.stage("write"):
                out, warning = _write(out, sheets)
            warnings += [warning] if warning else []
            seconds["write"] = time.perf_counter() - t2
        return RunResult(data, sol, result, sheets, seconds, out, sizing, warnings)
    except ZcparkError as exc:  # an infeasible or failed run speaks the Park sheet's language (cli)
        exc.language = data.park.get("language")
        raise


def _run_year(data: ParkData, typical_days, options, out, meta):
    """One year: solve on the sizing horizon; on typical periods, check the plan on the full horizon.
    Returns (solution, result, sheets, stage seconds, the sizing solve or None)."""
    t0 = time.perf_counter()
    sized = typical.sizing_horizon(data, typical_days)  # the horizon the plan is sized on
    t_sized = time.perf_counter()
    try:
        with progress.stage("sizing_full" if sized is data else "sizing_typical"):
            sol, result, seconds = solve_data(sized, options)
    except InfeasibleError as exc:
        _explain_infeasible(sized, options, exc, out, meta)
    seconds = {**({"cluster": t_sized - t0} if sized is not data else {}), **seconds}
    with progress.stage("business_as_usual"):
        bau, bau_seconds = business_as_usual(data, options)  # the park today, on the reported horizon
    seconds.update(bau_seconds)
    leakage = _leakage(sized, sol, options, seconds) if has_boundary_targets(data) else None
    sizing = None
    if sized is data:
        sheets = results_sheets(data, sol, result, bau, leakage=leakage)
    else:
        sizing = result
        sol, result, sheets = _typical_then_full(data, sized, sol, sizing, options, seconds, bau, leakage)
    return sol, result, sheets, seconds, sizing


LEAKAGE_MESSAGE = "solving the host park without the boundary's targets for the leakage figure"


def _without_boundary_targets(data: ParkData) -> ParkData:
    """The same host park with only its `park` targets and the direct-line rules (the leakage reference)."""
    return dataclasses.replace(data, targets={k: t for k, t in data.targets.items()
                                              if t.scope == "park" or k.startswith("direct_")})


def _leakage(sized: ParkData, sol: Solution, options, seconds: dict) -> dict | None:
    """A park within a park: the rest of the park's intensity (enforced method, pro rata) in this plan and
    in the same host park solved without the boundary's targets (one extra solve, on the sizing horizon).
    None when that solve finds no plan (the park-scope targets alone are infeasible: reported elsewhere)."""
    LOG.info(LEAKAGE_MESSAGE)
    t0 = time.perf_counter()
    reference = _without_boundary_targets(sized)
    try:
        with progress.stage("leakage"):
            ref_sol, _, _ = solve_data(reference, options)
    except InfeasibleError:
        return None
    seconds["leakage_solve"] = time.perf_counter() - t0
    return {"rest_plan": zones.scope_intensity(sized, sol, "rest"),
            "rest_reference": zones.scope_intensity(reference, ref_sol, "rest")}


def _pathway_leakage(sized, sol: Solution, options, seconds: dict) -> dict | None:
    """The leakage figure of a pathway with zones, for its acceptance year: the whole pathway solved once
    more with every year's boundary targets left out (one extra pathway solve; its shares need no
    iteration). None as in _leakage."""
    LOG.info(LEAKAGE_MESSAGE + " (the whole pathway, once more)")
    t0 = time.perf_counter()
    y = sized.acceptance_year
    reference = sized.with_data({v: _without_boundary_targets(d) for v, d in sized.data.items()})
    try:
        with progress.stage("leakage"):
            ref_solutions = solve_pathway(reference, options)[0]
    except InfeasibleError:
        return None
    seconds["leakage_solve"] = time.perf_counter() - t0
    return {"rest_plan": zones.scope_intensity(sized.data[y], sol, "rest"),
            "rest_reference": zones.scope_intensity(reference.data[y], ref_solutions[y], "rest")}


def _run_pathway(data: ParkData, typical_days, options, out, meta):
    """A workbook with a Years sheet: every year on the same sizing horizon, one pathway model;
    the sheets are the acceptance year's plus Pathway and Years (results/pathway_sheets.py). Sized
    on typical periods, the acceptance year's plan is then dispatched on its full horizon
    (Validation sheet), as a one-year run is; the Years sheet stays on the sizing horizon. No plan:
    the first year whose targets cannot be met is diagnosed (procedures/pathway.diagnose_pathway)."""
    t0 = time.perf_counter()
    sized = sizing_pathway(data.pathway, typical_days)
    clustered = any(sized.data[y] is not data.pathway.data[y] for y in sized.years)
    seconds = {"cluster": time.perf_counter() - t0} if clustered else {}
    try:
        with progress.stage("pathway"):
            solutions, table, plan, result, solve_seconds = solve_pathway(sized, options)
    except InfeasibleError as exc:
        with progress.stage("diagnosis"):
            table = diagnose_pathway(sized, options)
        _explain_infeasible(data, options, exc, out, meta, table)
    seconds.update(solve_seconds)
    # the money against business as usual: every year on the sizing horizon, as the Years sheet
    with progress.stage("business_as_usual"):
        baus, bau_seconds = business_as_usual_by_year(sized, options)
    seconds.update(bau_seconds)
    money = pathway_finance(sized, solutions, table, plan, baus)
    y = sized.acceptance_year
    leakage = (_pathway_leakage(sized, solutions[y], options, seconds)
               if any(has_boundary_targets(d) for d in sized.data.values()) else None)
    resolution = f"pathway {sized.years[0]}-{sized.years[-1]} ({len(sized.years)} years) on {sized.data[y].horizon()}"
    if not clustered:
        sheets = pathway_sheets(sized, solutions, table, result, resolution=resolution, money=money, leakage=leakage)
        return solutions[y], result, sheets, seconds, None
    sizing_sheets = pathway_sheets(sized, solutions, table, result, money=money, leakage=leakage)
    # with zones: the acceptance year's boundary shares of the sizing solve, spread over its full horizon
    shares = result.zone_shares.get(y) if result.zone_shares else None
    shares = expanded(shares, sized.data[y].periods) if shares is not None else None
    with progress.stage("check"):
        sol_year, result_year, verify_seconds = check_year(data.pathway, y, plan, options, shares)
    seconds.update(verify_seconds)
    checked = sized.with_data({**sized.data, y: data.pathway.data[y]})
    sheets = pathway_sheets(checked, {**solutions, y: sol_year}, table, result, year_result=result_year,
                            resolution=resolution + "; the acceptance year's plan dispatched on the full horizon",
                            money=money, leakage=leakage)
    sheets["Years"] = sizing_sheets["Years"]  # every year as sized (the acceptance year's check is in Validation)
    return sol_year, result_year, _with_validation(sheets, validation_table(sizing_sheets, sheets)), seconds, result


def _with_validation(sheets: dict, validation) -> dict:
    """`sheets` with the Validation sheet after Acceptance."""
    order = list(sheets)
    at = order.index("Acceptance") + 1
    return {name: (validation if name == "Validation" else sheets[name])
            for name in order[:at] + ["Validation"] + order[at:]}
