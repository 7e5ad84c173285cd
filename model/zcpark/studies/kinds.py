"""Studies of many runs: scenarios, the cost-carbon frontier, sensitivity, and fleets of parks.

Each study makes a list of `RunSpec`s (batch.py), runs them as one batch and turns the rows
into tables and charts for one study workbook. Every variant is a set of override rows
{sheet, key, column, value} applied to the base case through the same code as the Scenarios
sheet (validate.apply_overrides), so a generated case is validated like a typed one.

Each study's runs have their own folder, runs/<park>/<study>/<run>/, so a batch (perhaps on
typical days) never replaces the results of a single run (runs/<park>/<scenario>/, `zcpark run`):

    scenarios    runs/<park>/scenarios/<scenario>/ for base + every scenario -> runs/<park>/comparison.xlsx
    frontier     runs/<park>/frontier/frontier_<k>_<limit>/                  -> runs/<park>/frontier.xlsx
    sensitivity  runs/<park>/sensitivity/sens_<parameter>_<down|up><p>/ and .../base/
                                                                             -> runs/<park>/sensitivity.xlsx
    fleet        runs/<park>/fleet/base/ for every workbook of a folder      -> runs/fleet.xlsx

The study workbook's folder is checked before the batch starts (exit code 2 if it cannot be
written); if writing it fails after the batch anyway, it goes to a fallback path (writer.py).
"""
from __future__ import annotations

import datetime as dt
import time
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pandas as pd

from zcpark import __version__
from zcpark.core import technologies as techs
from zcpark.studies.batch import ClusterConfig, RunSpec, dask_client, is_ok, run_batch
from zcpark.workbook.writer import check_writable, write_with_fallback
from zcpark.errors import InputError, Problem
from zcpark.workbook.reader import read_workbook
from zcpark.paths import slug
from zcpark.core.options import SolveOptions
from zcpark.studies.study_workbook import ChartSpec, write_study

M = 1e6  # tables and charts show costs in million CNY/yr next to CNY/yr
TIGHT_MARGIN = 1e-6  # relative: the frontier's tightest limit sits this far above the least-CO2 intensity
KEY_COLUMNS = ["run", "status", "total_cost_m_cny_per_yr", "carbon_intensity_t_per_tce", "carbon_intensity_limit",
               "clean_energy_share", "hourly_matching_share", "co2_t_per_yr", "energy_tce_per_yr",
               "grid_import_mwh_per_yr", "curtailment_mwh_per_yr", "meets_enforced_targets", "robust",
               "failed_targets", "missed_reported_targets", "undetermined_targets", "total_cost_cny_per_yr", "mip_gap"]
TAIL_COLUMNS = ["seconds", "output", "error"]

# Sensitivity parameters: name -> what they scale (the cells are found in the workbook itself).
# The capex parameters come from the technology registry: each scales its kinds' capex columns.
PARAMETERS = {
    **{name: (f"{techs.role(kinds[0]).sheet} {' and '.join(techs.role(kinds[0]).capex_columns)} of every "
              + ("option" if techs.role(kinds[0]).sheet == "DirectLines" else f"{'/'.join(kinds)} row"))
       for name, kinds in techs.sensitivity_groups().items()},
    "grid_price": "Tariff price_cny_per_mwh of every hour",
    "green_power_premium": "GreenMarket green_power price_cny_per_mwh",
    "gec_price": "GreenMarket gec price_cny_per_mwh",
    "discount_rate": "Park discount_rate",
}


@dataclass
class Study:
    """A finished study: its rows (one per run), its workbook's sheets and charts, and where it goes."""
    kind: str
    output: Path
    rows: list[dict]
    sheets: dict[str, pd.DataFrame]
    charts: list[ChartSpec] = field(default_factory=list)
    meta: list[tuple[str, object]] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)  # e.g. the workbook written to a fallback path


STUDY_FILES = {"scenarios": "comparison.xlsx", "frontier": "frontier.xlsx", "sensitivity": "sensitivity.xlsx",
               "fleet": "fleet.xlsx"}


def study_output(kind: str, target, runs_dir) -> Path:
    """The study workbook: runs/<park>/<file> (runs/fleet.xlsx for a fleet, which has many parks)."""
    folder = Path(runs_dir) if kind == "fleet" else Path(runs_dir) / slug(Path(target).stem)
    return folder / STUDY_FILES[kind]


# ---- Shared tables -----------------------------------------------------------------------------

def runs_table(rows: list[dict], first: list[str] = ()) -> pd.DataFrame:
    """One row per run: `first` columns, key indicators, new capacities and lines, then status detail."""
    frame = pd.DataFrame(rows)
    if "total_cost_cny_per_yr" in frame:
        frame["total_cost_m_cny_per_yr"] = frame["total_cost_cny_per_yr"] / M
    built = sorted(c for c in frame.columns if c.startswith("new_")) + sorted(
        c for c in frame.columns if c.startswith("line_"))
    order = [*first, *KEY_COLUMNS, *built, *TAIL_COLUMNS]
    return frame.reindex(columns=list(dict.fromkeys(order)))


def overrides_table(specs: list[RunSpec], scenarios: list[dict]) -> pd.DataFrame:
    """Every cell each run changes: the Scenarios rows of its scenario, then its generated rows."""
    rows = []
    for spec in specs:
        typed = [r for r in scenarios if spec.scenario and r["scenario"] == spec.scenario]
        for r in typed:
            rows.append((spec.name, r["sheet"], r["key"], r["column"], r["value"], f"Scenarios row {r['_row']}"))
        for r in spec.overrides:
            rows.append((spec.name, r["sheet"], r["key"], r["column"], r["value"], r.get("origin", "")))
    return pd.DataFrame(rows, columns=["run", "sheet", "key", "column", "value", "origin"])


def _capacity_columns(frame: pd.DataFrame) -> tuple[str, ...]:
    """New-capacity columns in MW (MWh columns would share an axis with MW ones)."""
    return tuple(c for c in frame.columns if c.startswith("new_") and c.endswith("_mw"))


def _spec(study: str, name: str, workbook, options: SolveOptions, runs_dir, scenario=None, overrides=(), task="run",
          typical_days=None) -> RunSpec:
    """A RunSpec of `study` (its folder runs/<park>/<study>/<name>/) with this study's options,
    runs folder and time resolution."""
    return RunSpec(name, str(workbook), scenario, tuple(overrides), str(runs_dir), options, task, typical_days, study)


# ---- Scenarios ---------------------------------------------------------------------------------

def scenarios(path, runs_dir, options: SolveOptions, client, typical_days=None) -> Study:
    """The base case and every scenario of the workbook's Scenarios sheet, side by side."""
    base = read_workbook(path)  # an invalid base stops the study here: nothing could be compared
    names = [n for n in dict.fromkeys(r["scenario"] for r in base.scenarios) if n and n != "base"]
    specs = [_spec("scenarios", n if n else "base", path, options, runs_dir, scenario=n, typical_days=typical_days)
             for n in [None, *names]]
    rows = run_batch(specs, client, "scenarios")
    table = runs_table(rows)
    base_cost = table["total_cost_cny_per_yr"].iloc[0]
    table.insert(3, "cost_vs_base_share", table["total_cost_cny_per_yr"] / base_cost - 1 if base_cost else np.nan)
    sheet = "Comparison"
    charts = [ChartSpec(sheet, "Total annual cost", "run", ("total_cost_m_cny_per_yr",), y_title="M CNY/yr"),
              ChartSpec(sheet, "Carbon intensity", "run", ("carbon_intensity_t_per_tce", "carbon_intensity_limit"),
                        y_title="tCO2/tce"),
              ChartSpec(sheet, "New capacity", "run", _capacity_columns(table), y_title="MW")]
    return Study("scenarios", study_output("scenarios", path, runs_dir), rows,
                 {sheet: table, "Overrides": overrides_table(specs, base.scenarios)}, charts)


# ---- Frontier ----------------------------------------------------------------------------------

def intensity_overrides(limit: float | None, origin: str) -> tuple[dict, ...]:
    """Override rows setting Targets carbon_intensity_max: enforced at `limit`, or not enforced (None)."""
    row = {"sheet": "Targets", "key": "carbon_intensity_max", "origin": origin}
    if limit is None:
        return ({**row, "column": "enforce", "value": "no"},)
    return ({**row, "column": "value", "value": float(limit)}, {**row, "column": "enforce", "value": "yes"})


def frontier_limits(no_limit_intensity: float, least_intensity: float, points: int) -> list[float]:
    """The `points - 1` enforced limits after the no-limit point: evenly spaced from the no-limit
    plan's intensity (exclusive) down to the least-CO2 plan's (inclusive, plus TIGHT_MARGIN so that
    the solver's tolerances never make it infeasible), but not below 0: under ndrc_910 netted
    exports can take the least-CO2 plan below zero, and a limit is a number >= 0, so the frontier
    then ends at net zero. Empty when a limit could never bind."""
    tight = max(least_intensity, 0.0) * (1 + TIGHT_MARGIN) + 1e-12
    if not tight < no_limit_intensity * (1 - TIGHT_MARGIN):
        return []
    return [float(x) for x in np.linspace(no_limit_intensity, tight, points)[1:]]


def frontier(path, points: int, runs_dir, options: SolveOptions, client, typical_days=None) -> Study:
    """Minimum cost against the carbon-intensity limit (epsilon constraint), in two batches:
    1. the plan with no intensity limit and the least-CO2 plan (the two ends);
    2. `points - 1` limits from the first's intensity down to the second's."""
    base = read_workbook(path)
    free_spec = _spec("frontier", "frontier_00_no_limit", path, options, runs_dir,
                      overrides=intensity_overrides(None, "frontier: no intensity limit"), typical_days=typical_days)
    least_spec = _spec("frontier", "frontier_least_co2", path, options, runs_dir, overrides=free_spec.overrides,
                       task="least_co2", typical_days=typical_days)
    free, least = run_batch([free_spec, least_spec], client, "frontier ends")
    specs, rows, meta = [free_spec], [free], [("points_requested", points)]
    if is_ok(least):
        meta += [("least_co2_t_per_yr", least["co2_t"]), ("least_co2_intensity_t_per_tce", least["intensity_t_per_tce"])]
    else:
        meta += [("least_co2_error", f"{least['status']}: {least.get('error', '')}")]
    if is_ok(free) and is_ok(least):
        limits = frontier_limits(free["carbon_intensity_t_per_tce"], least["intensity_t_per_tce"], points)
        if not limits:
            meta.append(("note", "the intensity limit never binds: the no-limit plan is already the least-CO2 plan"))
        specs += [_spec("frontier", f"frontier_{k:02d}_{limit:.4f}", path, options, runs_dir,
                        overrides=intensity_overrides(limit, f"frontier point {k}"), typical_days=typical_days)
                  for k, limit in enumerate(limits, start=1)]
        rows += run_batch(specs[1:], client, "frontier points")
    table = frontier_table(specs, rows)
    sheet = "Frontier"
    charts = [ChartSpec(sheet, "Minimum cost against carbon intensity", "carbon_intensity_t_per_tce",
                        ("total_cost_m_cny_per_yr",), kind="scatter", x_title="tCO2/tce", y_title="M CNY/yr"),
              ChartSpec(sheet, "Cost of each 0.1 tCO2/tce tightened", "run", ("cost_per_tenth_m_cny_per_yr",),
                        y_title="M CNY/yr per 0.1 tCO2/tce")]
    return Study("frontier", study_output("frontier", path, runs_dir), rows,
                 {sheet: table, "Overrides": overrides_table(specs, base.scenarios)}, charts, meta)


def frontier_table(specs: list[RunSpec], rows: list[dict]) -> pd.DataFrame:
    """The frontier points with what each step costs: per 0.1 tCO2/tce of intensity and per tCO2
    avoided, against the previous point that has a plan."""
    limits = [next((r["value"] for r in s.overrides if r["column"] == "value"), np.nan) for s in specs]
    # carbon_intensity_limit would show the workbook's (unenforced) value on the no-limit point.
    table = runs_table(rows, first=["point", "limit_t_per_tce"]).drop(columns="carbon_intensity_limit")
    table["point"], table["limit_t_per_tce"] = range(len(rows)), limits
    step_cost, per_tenth, per_tonne = [], [], []
    previous = None
    for row in table.itertuples():
        if row.status not in ("optimal", "time_limit_feasible"):
            step_cost.append(np.nan), per_tenth.append(np.nan), per_tonne.append(np.nan)
            continue
        if previous is None:
            step_cost.append(0.0), per_tenth.append(np.nan), per_tonne.append(np.nan)
        else:
            d_cost = row.total_cost_cny_per_yr - previous.total_cost_cny_per_yr
            d_intensity = previous.carbon_intensity_t_per_tce - row.carbon_intensity_t_per_tce
            d_co2 = previous.co2_t_per_yr - row.co2_t_per_yr
            step_cost.append(d_cost)
            per_tenth.append(d_cost / d_intensity * 0.1 / M if d_intensity > 1e-12 else np.nan)
            per_tonne.append(d_cost / d_co2 if d_co2 > 1e-9 else np.nan)
        previous = row
    table.insert(5, "cost_step_cny_per_yr", step_cost)
    table.insert(6, "cost_per_tenth_m_cny_per_yr", per_tenth)
    table.insert(7, "abatement_cost_cny_per_t", per_tonne)
    return table


# ---- Sensitivity -------------------------------------------------------------------------------

def sensitivity_cells(data) -> dict[str, list[tuple[str, str, str, float]]]:
    """Every non-zero input cell each parameter scales, read from the workbook itself:
    parameter -> [(sheet, key, column, base value)]. A parameter with no such cell is empty."""
    def capex_cells(kinds):
        roles = techs.role(kinds[0])
        if roles.sheet == "DirectLines":  # rows keyed line/option, no kind column
            return [("DirectLines", f"{line}/{option}", c, row[c]) for line, options in data.lines.items()
                    for option, row in options.items() for c in roles.capex_columns]
        rows = getattr(data, techs.FAMILIES[roles.family].table)
        return [(roles.sheet, tech, c, row[c]) for tech, row in rows.items() if row["kind"] in kinds
                for c in roles.capex_columns]

    def market_cell(product):
        row = data.green.get(product)
        return [("GreenMarket", product, "price_cny_per_mwh", row["price_cny_per_mwh"])] if row else []

    cells = {
        **{name: capex_cells(kinds) for name, kinds in techs.sensitivity_groups().items()},
        # A Profiles price column overrides the Tariff, and Profiles cannot be overridden.
        "grid_price": [] if "price_cny_per_mwh" in data.profiles else
        [("Tariff", str(h), "price_cny_per_mwh", float(data.price[h])) for h in range(24)],
        "green_power_premium": market_cell("green_power"),
        "gec_price": market_cell("gec"),
        "discount_rate": [("Park", "discount_rate", "value", data.park["discount_rate"])],
    }
    return {name: [c for c in found if c[3]] for name, found in cells.items()}


def sensitivity_overrides(cells, factor: float, origin: str) -> tuple[dict, ...]:
    """Override rows multiplying each cell's base value by `factor`."""
    return tuple({"sheet": sheet, "key": key, "column": column, "value": value * factor, "origin": origin}
                 for sheet, key, column, value in cells)


def sensitivity(path, percent: float, runs_dir, options: SolveOptions, client, typical_days=None) -> Study:
    """The base case (centre) and each parameter at -percent and +percent, one at a time."""
    base = read_workbook(path)
    cells = sensitivity_cells(base)
    specs = [_spec("sensitivity", "base", path, options, runs_dir, typical_days=typical_days)]
    cases = [("base", 0.0)]
    for name, found in cells.items():
        for sign, word in ((-1, "down"), (1, "up")):
            if found:
                change = sign * percent
                overrides = sensitivity_overrides(found, 1 + change / 100, f"sensitivity {name} {change:+g}%")
                specs.append(_spec("sensitivity", f"sens_{name}_{word}{percent:g}", path, options, runs_dir,
                                   overrides=overrides, typical_days=typical_days))
                cases.append((name, change))
    rows = run_batch(specs, client, "sensitivity")
    table = runs_table(rows, first=["parameter", "change_percent"])
    table["parameter"], table["change_percent"] = [c[0] for c in cases], [c[1] for c in cases]
    tornado = tornado_table(table, cells)
    charts = [ChartSpec("Tornado", f"Total cost change at ±{percent:g} %", "parameter",
                        ("cost_change_down_m_cny_per_yr", "cost_change_up_m_cny_per_yr"), kind="hbar",
                        overlap=True, y_title="M CNY/yr vs base"),
              ChartSpec("Cases", "New capacity by case", "run", _capacity_columns(table), kind="hbar", y_title="MW")]
    return Study("sensitivity", study_output("sensitivity", path, runs_dir), rows,
                 {"Tornado": tornado, "Cases": table, "Overrides": overrides_table(specs, base.scenarios)},
                 charts, [("percent", percent)])


def tornado_table(cases: pd.DataFrame, cells: dict) -> pd.DataFrame:
    """One row per parameter: cost at -p, base and +p, the changes, the swing and the change in
    new capacity; widest swing first (parameters that were skipped or failed last)."""
    base = cases.iloc[0]
    capacity = [c for c in cases.columns if c.startswith("new_")]
    rows = []
    for name, what in PARAMETERS.items():
        down = cases[(cases["parameter"] == name) & (cases["change_percent"] < 0)]
        up = cases[(cases["parameter"] == name) & (cases["change_percent"] > 0)]
        row = {"parameter": name, "scales": what, "cells": len(cells[name])}
        if down.empty:
            row["note"] = "skipped: no non-zero cell in this park" + (
                " (prices are in Profiles!price_cny_per_mwh)" if name == "grid_price" else "")
            rows.append(row)
            continue
        down, up = down.iloc[0], up.iloc[0]
        row.update(cost_down_m_cny_per_yr=down["total_cost_m_cny_per_yr"], cost_base_m_cny_per_yr=base["total_cost_m_cny_per_yr"],
                   cost_up_m_cny_per_yr=up["total_cost_m_cny_per_yr"])
        row["cost_change_down_m_cny_per_yr"] = row["cost_down_m_cny_per_yr"] - row["cost_base_m_cny_per_yr"]
        row["cost_change_up_m_cny_per_yr"] = row["cost_up_m_cny_per_yr"] - row["cost_base_m_cny_per_yr"]
        row["swing_m_cny_per_yr"] = abs(row["cost_up_m_cny_per_yr"] - row["cost_down_m_cny_per_yr"])
        for c in capacity:  # (rounded: solver noise of 1e-16 MW is no change)
            row[f"{c}_change_down"] = round(down[c] - base[c], 9)
            row[f"{c}_change_up"] = round(up[c] - base[c], 9)
        failed = [f"{case['run']}: {case['status']} {case['error']}" for case in (down, up) if not is_ok(case.to_dict())]
        row["note"] = "; ".join(failed)
        rows.append(row)
    frame = pd.DataFrame(rows)
    if "swing_m_cny_per_yr" not in frame:
        frame["swing_m_cny_per_yr"] = np.nan
    return frame.sort_values("swing_m_cny_per_yr", ascending=False, na_position="last", kind="stable").reset_index(drop=True)


# ---- Fleet -------------------------------------------------------------------------------------

def fleet_workbooks(folder) -> list[Path]:
    """The park workbooks of a folder (not Excel's ~$ lock files); an InputError when there are none."""
    folder = Path(folder)
    found = sorted(p for p in folder.glob("*.xlsx") if not p.name.startswith(("~$", ".")))
    if not found:
        raise InputError([Problem(str(folder), None, None, "no .xlsx workbooks" if folder.is_dir() else "no such folder",
                                  "a folder holding park workbooks (.xlsx)")])
    return found


def fleet(folder, runs_dir, options: SolveOptions, client, typical_days=None) -> Study:
    """The base case of every park workbook in a folder: cost, intensity, pass/fail, what it builds."""
    workbooks = fleet_workbooks(folder)
    specs = [_spec("fleet", "base", p, options, runs_dir, typical_days=typical_days) for p in workbooks]
    rows = run_batch(specs, client, "fleet")
    table = runs_table(rows, first=["workbook_file", "park"])
    table["workbook_file"] = [p.name for p in workbooks]
    table = table.drop(columns="run")
    charts = [ChartSpec("Fleet", "Total annual cost", "workbook_file", ("total_cost_m_cny_per_yr",), y_title="M CNY/yr"),
              ChartSpec("Fleet", "Carbon intensity", "workbook_file",
                        ("carbon_intensity_t_per_tce", "carbon_intensity_limit"), y_title="tCO2/tce")]
    return Study("fleet", study_output("fleet", folder, runs_dir), rows, {"Fleet": table}, charts,
                 [("folder", str(folder))])


# ---- Entry point -------------------------------------------------------------------------------

STUDIES = {"scenarios": scenarios, "frontier": frontier, "sensitivity": sensitivity, "fleet": fleet}


def run_study(kind: str, target, cluster: ClusterConfig, options: SolveOptions, runs_dir="runs",
              typical_days: int | None = None, **params) -> Study:
    """Run one study on the cluster and write its workbook; `target` is the park workbook (the
    folder for a fleet); `params`: points (frontier), percent (sensitivity); `typical_days` as in
    runner.run for every run. The study workbook's folder is checked first (OutputError)."""
    started, t0 = dt.datetime.now().astimezone(), time.perf_counter()
    check_writable(study_output(kind, target, runs_dir))
    with dask_client(cluster) as client:
        study = STUDIES[kind](target, runs_dir=runs_dir, options=options, client=client, typical_days=typical_days,
                              **params)
    failed = [r for r in study.rows if not is_ok(r)]
    meta = [("study", kind), ("input", str(target)), ("runs", len(study.rows)), ("failed", len(failed)),
            ("ran_on", cluster.describe()), ("started", started.isoformat(timespec="seconds")),
            ("seconds", round(time.perf_counter() - t0, 1)), ("time_limit_s", options.time_limit),
            ("mip_rel_gap", options.mip_rel_gap), ("highs_threads", options.threads),
            ("typical_days", typical_days if typical_days is not None else "the Park sheet's"), ("zcpark", __version__),
            *study.meta]
    study.sheets["Meta"] = pd.DataFrame(meta, columns=["key", "value"]).astype({"value": object})
    study.output, warning = write_with_fallback(study.output, lambda p: write_study(p, study.sheets, study.charts))
    study.warnings += [warning] if warning else []
    return study


def describe(row: dict) -> str:
    """One console line for a run's row."""
    if not is_ok(row):
        return f"{row['run']}: FAILED ({row['status']}): {row.get('error', '')}"
    verdict = "meets every enforced target" if row["meets_enforced_targets"] else "FAILS " + row["failed_targets"]
    if row["meets_enforced_targets"] is None:  # no failure, but a target without an achieved value
        verdict = "cannot be judged (no achieved value): " + row["undetermined_targets"]
    intensity = row["carbon_intensity_t_per_tce"]
    intensity = "n/a" if intensity != intensity else f"{0.0 if abs(intensity) < 1e-9 else intensity:.3f}"
    return (f"{row['run']}: {row['status']}; cost {row['total_cost_cny_per_yr'] / M:,.2f} M CNY/yr; "
            f"{intensity} tCO2/tce; {verdict}")
