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


@dataclass(frozen=True)
class CostBasis:
    """The cost figure a study compares: a one-year run's total annual cost, or a build pathway's
    NPV (npv_cny, all years valued at the first; its other figures are its acceptance year's)."""
    raw: str      # the run row's figure (CNY/yr or CNY)
    word: str     # column stem: cost_step_..., npv_step_...
    m: str        # million-CNY unit suffix of column names
    title: str
    unit: str     # axis title

    @property
    def column(self) -> str:
        return "total_cost_m_cny_per_yr" if self.word == "cost" else "npv_m_cny"

    @property
    def cny(self) -> str:
        return "cny_per_yr" if self.word == "cost" else "cny"


ANNUAL = CostBasis("total_cost_cny_per_yr", "cost", "m_cny_per_yr", "Total annual cost", "M CNY/yr")
NPV = CostBasis("npv_cny", "npv", "m_cny", "NPV of the build pathway", "M CNY (NPV)")


def cost_basis(data) -> CostBasis:
    """NPV for a workbook with a Years sheet (a build pathway), else the total annual cost."""
    return NPV if data.pathway is not None else ANNUAL


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

def runs_table(rows: list[dict], first: list[str] = (), basis: CostBasis | None = None) -> pd.DataFrame:
    """One row per run: `first` columns, key indicators, new capacities and lines, then status detail.
    `basis` NPV: the NPV columns even when no run has a plan (blank)."""
    frame = pd.DataFrame(rows)
    if basis is NPV and "npv_cny" not in frame:
        frame["npv_cny"] = np.nan
    if "total_cost_cny_per_yr" in frame:
        frame["total_cost_m_cny_per_yr"] = frame["total_cost_cny_per_yr"] / M
    pathway = []  # build pathways: the NPV first (their cost figure), the rest is the acceptance year's
    if "npv_cny" in frame:
        frame["npv_m_cny"] = frame["npv_cny"] / M
        pathway = ["npv_m_cny", "acceptance_year", "npv_cny", "co2_discounted_t"]
    built = sorted(c for c in frame.columns if c.startswith("new_")) + sorted(
        c for c in frame.columns if c.startswith("line_"))
    order = [*first, *KEY_COLUMNS[:2], *pathway, *KEY_COLUMNS[2:], *built, *TAIL_COLUMNS]
    return frame.reindex(columns=list(dict.fromkeys(order)))


def overrides_table(specs: list[RunSpec], scenarios: list[dict]) -> pd.DataFrame:
    """Every cell each run changes: the Scenarios rows of its scenario, then its generated rows."""
    rows = []
    for spec in specs:
        typed = [r for r in scenarios if spec.scenario and r["scenario"] == spec.scenario]
        for r in typed:
            rows.append((spec.name, r["sheet"], r["key"], r["column"], r["value"], "every", f"Scenarios row {r['_row']}"))
        for r in spec.overrides:
            year = r.get("year")
            rows.append((spec.name, r["sheet"], r["key"], r["column"], r["value"],
                         "every" if year is None else f"{year} only", r.get("origin", "")))
    # year: a pathway's years the row holds for ("every": before YearValues; "<year> only": after them)
    return pd.DataFrame(rows, columns=["run", "sheet", "key", "column", "value", "year", "origin"])


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
    basis = cost_basis(base)
    table = runs_table(rows, basis=basis)
    base_cost = table[basis.raw].iloc[0]
    table.insert(3, f"{basis.word}_vs_base_share", table[basis.raw] / base_cost - 1 if base_cost else np.nan)
    sheet = "Comparison"
    charts = [ChartSpec(sheet, basis.title, "run", (basis.column,), y_title=basis.unit),
              ChartSpec(sheet, "Carbon intensity", "run", ("carbon_intensity_t_per_tce", "carbon_intensity_limit"),
                        y_title="tCO2/tce"),
              ChartSpec(sheet, "New capacity", "run", _capacity_columns(table), y_title="MW")]
    return Study("scenarios", study_output("scenarios", path, runs_dir), rows,
                 {sheet: table, "Overrides": overrides_table(specs, base.scenarios)}, charts)


# ---- Frontier ----------------------------------------------------------------------------------

def intensity_overrides(limit: float | None, origin: str, year=None) -> tuple[dict, ...]:
    """Override rows setting Targets carbon_intensity_max: enforced at `limit`, or not enforced (None).
    `year` ("acceptance" for a build pathway): the rows hold for that year only, after its YearValues,
    so that no YearValues row undoes them and the other years keep their own targets."""
    row = {"sheet": "Targets", "key": "carbon_intensity_max", "origin": origin, **({"year": year} if year else {})}
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
    year = "acceptance" if base.pathway is not None else None  # a pathway's limit: its acceptance year's
    free_spec = _spec("frontier", "frontier_00_no_limit", path, options, runs_dir,
                      overrides=intensity_overrides(None, "frontier: no intensity limit", year), typical_days=typical_days)
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
                        overrides=intensity_overrides(limit, f"frontier point {k}", year), typical_days=typical_days)
                  for k, limit in enumerate(limits, start=1)]
        rows += run_batch(specs[1:], client, "frontier points")
    basis = cost_basis(base)
    table = frontier_table(specs, rows, basis)
    sheet = "Frontier"
    against = "the acceptance year's carbon intensity" if year else "carbon intensity"
    charts = [ChartSpec(sheet, f"Minimum {'NPV' if year else 'cost'} against {against}", "carbon_intensity_t_per_tce",
                        (basis.column,), kind="scatter", x_title="tCO2/tce", y_title=basis.unit),
              ChartSpec(sheet, "Cost of each 0.1 tCO2/tce tightened", "run", (f"{basis.word}_per_tenth_{basis.m}",),
                        y_title=f"{basis.unit} per 0.1 tCO2/tce")]
    if year:
        meta.append(("limit_applies_to", f"the acceptance year {base.pathway.acceptance_year} only (after its "
                                         "YearValues); the other years keep their own targets"))
    return Study("frontier", study_output("frontier", path, runs_dir), rows,
                 {sheet: table, "Overrides": overrides_table(specs, base.scenarios)}, charts, meta)


def frontier_table(specs: list[RunSpec], rows: list[dict], basis: CostBasis = ANNUAL) -> pd.DataFrame:
    """The frontier points with what each step costs: per 0.1 tCO2/tce of intensity and per tCO2
    avoided, against the previous point that has a plan. A pathway (basis NPV): the step in NPV, per
    0.1 tCO2/tce of the acceptance year's intensity, and per discounted tonne avoided over the
    horizon (co2_discounted_t = sum_y D_y x tCO2_y, so a constant saving gives the one-year figure)."""
    tonnes = "co2_t_per_yr" if basis is ANNUAL else "co2_discounted_t"
    limits = [next((r["value"] for r in s.overrides if r["column"] == "value"), np.nan) for s in specs]
    # carbon_intensity_limit would show the workbook's (unenforced) value on the no-limit point.
    table = runs_table(rows, first=["point", "limit_t_per_tce"], basis=basis).drop(columns="carbon_intensity_limit")
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
            d_cost = getattr(row, basis.raw) - getattr(previous, basis.raw)
            d_intensity = previous.carbon_intensity_t_per_tce - row.carbon_intensity_t_per_tce
            d_co2 = getattr(previous, tonnes) - getattr(row, tonnes)
            step_cost.append(d_cost)
            per_tenth.append(d_cost / d_intensity * 0.1 / M if d_intensity > 1e-12 else np.nan)
            per_tonne.append(d_cost / d_co2 if d_co2 > 1e-9 else np.nan)
        previous = row
    table.insert(5, f"{basis.word}_step_{basis.cny}", step_cost)
    table.insert(6, f"{basis.word}_per_tenth_{basis.m}", per_tenth)
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


def year_cells(data) -> dict[str, list[tuple]]:
    """sensitivity_cells with the year each holds for: (sheet, key, column, value, year). Without Years
    the year is None. A build pathway: every listed year's cells after its YearValues, each for that
    year only, so a parameter's change applies to every year (a YearValues price is scaled too). The
    discount rate is one for the horizon: its cell holds for every year (year None)."""
    if data.pathway is None:
        return {name: [(*c, None) for c in found] for name, found in sensitivity_cells(data).items()}
    cells = {name: [] for name in PARAMETERS}
    for y in data.pathway.years:
        for name, found in sensitivity_cells(data.pathway.data[y]).items():
            if name != "discount_rate":
                cells[name] += [(*c, y) for c in found]
    cells["discount_rate"] = [(*c, None) for c in sensitivity_cells(data)["discount_rate"]]
    return cells


def sensitivity_overrides(cells, factor: float, origin: str) -> tuple[dict, ...]:
    """Override rows multiplying each cell's base value by `factor`; a cell of year_cells with a
    year gives a row for that year only."""
    return tuple({"sheet": sheet, "key": key, "column": column, "value": value * factor, "origin": origin,
                  **({"year": year[0]} if year and year[0] is not None else {})}
                 for sheet, key, column, value, *year in cells)


def sensitivity(path, percent: float, runs_dir, options: SolveOptions, client, typical_days=None) -> Study:
    """The base case (centre) and each parameter at -percent and +percent, one at a time."""
    base = read_workbook(path)
    cells = year_cells(base)
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
    basis = cost_basis(base)
    table = runs_table(rows, first=["parameter", "change_percent"], basis=basis)
    table["parameter"], table["change_percent"] = [c[0] for c in cases], [c[1] for c in cases]
    tornado = tornado_table(table, cells, basis)
    if base.pathway is not None:
        tornado["scales"] += " in every year of the pathway (each year's value after its YearValues)"
    charts = [ChartSpec("Tornado", f"{basis.title}: change at ±{percent:g} %", "parameter",
                        (f"{basis.word}_change_down_{basis.m}", f"{basis.word}_change_up_{basis.m}"), kind="hbar",
                        overlap=True, y_title=f"{basis.unit} vs base"),
              ChartSpec("Cases", "New capacity by case", "run", _capacity_columns(table), kind="hbar", y_title="MW")]
    meta = [("percent", percent)]
    if base.pathway is not None:
        meta.append(("pathway", "each parameter changes in every year (YearValues included); the cost "
                                "figure is the NPV, the capacities are those available in the acceptance year"))
    return Study("sensitivity", study_output("sensitivity", path, runs_dir), rows,
                 {"Tornado": tornado, "Cases": table, "Overrides": overrides_table(specs, base.scenarios)},
                 charts, meta)


def tornado_table(cases: pd.DataFrame, cells: dict, basis: CostBasis = ANNUAL) -> pd.DataFrame:
    """One row per parameter: cost (a pathway: NPV) at -p, base and +p, the changes, the swing and
    the change in new capacity; widest swing first (parameters that were skipped or failed last)."""
    word, m, column = basis.word, basis.m, basis.column
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
        row.update({f"{word}_down_{m}": down[column], f"{word}_base_{m}": base[column], f"{word}_up_{m}": up[column]})
        row[f"{word}_change_down_{m}"] = row[f"{word}_down_{m}"] - row[f"{word}_base_{m}"]
        row[f"{word}_change_up_{m}"] = row[f"{word}_up_{m}"] - row[f"{word}_base_{m}"]
        row[f"swing_{m}"] = abs(row[f"{word}_up_{m}"] - row[f"{word}_down_{m}"])
        for c in capacity:  # (rounded: solver noise of 1e-16 MW is no change)
            row[f"{c}_change_down"] = round(down[c] - base[c], 9)
            row[f"{c}_change_up"] = round(up[c] - base[c], 9)
        failed = [f"{case['run']}: {case['status']} {case['error']}" for case in (down, up) if not is_ok(case.to_dict())]
        row["note"] = "; ".join(failed)
        rows.append(row)
    frame = pd.DataFrame(rows)
    if f"swing_{m}" not in frame:
        frame[f"swing_{m}"] = np.nan
    return frame.sort_values(f"swing_{m}", ascending=False, na_position="last", kind="stable").reset_index(drop=True)


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
    pathways = "npv_m_cny" in table and table["npv_m_cny"].notna().any()
    charts = [ChartSpec("Fleet", "Total annual cost" + (" (a pathway: its acceptance year's)" if pathways else ""),
                        "workbook_file", ("total_cost_m_cny_per_yr",), y_title="M CNY/yr"),
              *([ChartSpec("Fleet", NPV.title, "workbook_file", (NPV.column,), y_title=NPV.unit)] if pathways else []),
              ChartSpec("Fleet", "Carbon intensity" + (" (a pathway: its acceptance year's)" if pathways else ""),
                        "workbook_file", ("carbon_intensity_t_per_tce", "carbon_intensity_limit"), y_title="tCO2/tce")]
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


def describe(row: dict, lang: str = "en") -> str:
    """One console line for a run's row; `lang` zh: in Chinese (both: the English line, then the Chinese)."""
    if lang == "both":
        return describe(row, "en") + "\n    " + describe(row, "zh")
    zh = lang == "zh"
    if not is_ok(row):
        return (f"{row['run']}：失败（{row['status']}）：{row.get('error', '')}" if zh else
                f"{row['run']}: FAILED ({row['status']}): {row.get('error', '')}")
    if row["meets_enforced_targets"] is None:  # no failure, but a target without an achieved value
        verdict = (f"无法判定（没有实际值）：{row['undetermined_targets']}" if zh else
                   "cannot be judged (no achieved value): " + row["undetermined_targets"])
    elif row["meets_enforced_targets"]:
        verdict = "满足全部强制目标" if zh else "meets every enforced target"
    else:
        verdict = ("未通过 " if zh else "FAILS ") + row["failed_targets"]
    intensity = row["carbon_intensity_t_per_tce"]
    intensity = "n/a" if intensity != intensity else f"{0.0 if abs(intensity) < 1e-9 else intensity:.3f}"
    if row.get("npv_cny") is not None:  # a build pathway: its NPV, and its acceptance year's intensity
        if zh:
            return (f"{row['run']}：{row['status']}；NPV {row['npv_cny'] / 1e8:,.2f} 亿元；{row['acceptance_year']} 年 "
                    f"{intensity} tCO2/tce；{verdict}")
        return (f"{row['run']}: {row['status']}; NPV {row['npv_cny'] / M:,.2f} M CNY; "
                f"{intensity} tCO2/tce in {row['acceptance_year']}; {verdict}")
    if zh:
        return (f"{row['run']}：{row['status']}；年总成本 {row['total_cost_cny_per_yr'] / 1e4:,.1f} 万元/年；"
                f"{intensity} tCO2/tce；{verdict}")
    return (f"{row['run']}: {row['status']}; cost {row['total_cost_cny_per_yr'] / M:,.2f} M CNY/yr; "
            f"{intensity} tCO2/tce; {verdict}")
