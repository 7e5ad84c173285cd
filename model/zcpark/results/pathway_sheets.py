"""Results of a build pathway (contract v2 "Pathway results"): the acceptance year's usual sheets,
plus `Pathway` (year x technology: built and available) and `Years` (per year: costs, capital
spending, carbon, energy and every target's pass/fail), and Summary's npv_cny. No Pyomo here."""
from __future__ import annotations

import dataclasses

import pandas as pd

from zcpark.core import accounting as acc
from zcpark.core.options import SolveResult
from zcpark.core.pathway import Pathway
from zcpark.results import zones
from zcpark.results.finance import annual_cost
from zcpark.results.roadmap import capacity_by_year
from zcpark.results.sheets import indicator_sheets, results_sheets

YEAR_INDICATORS = ("co2_t_per_yr", "energy_tce_per_yr", "carbon_intensity_t_per_tce", "carbon_intensity_limit",
                   "clean_energy_share", "hourly_matching_share")


def years_table(pathway: Pathway, solutions: dict, table: pd.DataFrame, result: SolveResult) -> pd.DataFrame:
    """One row per listed year: annual and discounted cost, capital spending, indicators, and for each
    target its pass under the enforced method, under each method, and robust."""
    rows = []
    for y in pathway.years:
        data, sol = pathway.data[y], solutions[y]
        core = indicator_sheets(data, sol, result)
        got = dict(zip(core["Summary"]["indicator"], core["Summary"]["value"]))
        cost = annual_cost(sol)
        row = {"year": y, "years_represented": pathway.represented[y], "discount_weight": pathway.weight(y),
               "annual_cost_cny": cost, "discounted_cost_cny": pathway.weight(y) * cost,
               "capital_spending_cny": float(table.loc[table["year"] == y, "capital_cny"].sum()),
               "acceptance_year": y == pathway.acceptance_year, **{k: got.get(k) for k in YEAR_INDICATORS}}
        if data.zones:  # a park within a park: the boundary's figures after the host park's
            row.update(zones.boundary_year_figures(data, sol))
        for _, target in core["Acceptance"].iterrows():
            if all(target[f"pass_{m}"] is None for m in acc.METHODS):
                continue  # not judged this year (a direct-line rule without a line, a guiding figure left out)
            name = target["indicator"]
            row[f"{name}_limit"] = target["limit"]
            row[f"{name}_pass"] = target["pass"]
            row.update({f"{name}_pass_{m}": target[f"pass_{m}"] for m in acc.METHODS})
            row[f"{name}_robust"] = target["robust"]
        rows.append(row)
    return pd.DataFrame(rows)


NEW_AVAILABLE = "new_available"  # a pathway's Capacity: new capacity available in the acceptance year


def available_capacity(capacity: pd.DataFrame, year: int) -> pd.DataFrame:
    """The acceptance year's Capacity sheet with `new` renamed `new_available` (capacity from the
    builds of every year still available in `year`, not what is built that year) and a note saying
    where the builds by year are. A one-year run keeps `new`."""
    frame = capacity.rename(columns={"new": NEW_AVAILABLE})
    frame["note"] = ""
    if len(frame):
        frame.loc[frame.index[0], "note"] = (f"{NEW_AVAILABLE}: new capacity available in {year} from the builds of "
                                             "every year; what is built in which year: sheets Pathway and Roadmap")
    return frame


def pathway_sheets(pathway: Pathway, solutions: dict, table: pd.DataFrame, result: SolveResult,
                   money: dict, resolution: str | None = None, year_result: SolveResult | None = None,
                   leakage: dict | None = None) -> dict[str, pd.DataFrame]:
    """Every results sheet of a pathway run (Meta is added by the runner): the acceptance year's
    sheets with Pathway, Years and Roadmap (capacity available by year, charts) after Summary;
    Summary adds npv_cny. `year_result`: the acceptance
    year's full-horizon check, when pathway.data and solutions hold it for that year. `money`:
    finance.pathway_finance (the Finance sheet and Summary's money rows); `leakage`: with zones, the
    acceptance year's rest-of-park intensity without the boundary's targets (runner)."""
    y = pathway.acceptance_year
    years = years_table(pathway, solutions, table, result)
    # the acceptance year's own figures; the solver's objective (the NPV) is reported as npv_cny
    checked = year_result is not None
    year_result = year_result or dataclasses.replace(result, objective_cny=annual_cost(solutions[y]))
    sheets = results_sheets(pathway.data[y], solutions[y], year_result, None, sizing=result if checked else None,
                            resolution=resolution, money=money, leakage=leakage)
    summary = sheets["Summary"]
    summary.loc[len(summary)] = ["npv_cny", result.objective_cny, f"CNY (valued at {pathway.first}, all years)"]
    summary.loc[len(summary)] = ["acceptance_year", y, "yr (Acceptance and Dispatch are this year's)"]
    sheets["Capacity"] = available_capacity(sheets["Capacity"], y)
    order = list(sheets)
    at = order.index("Summary") + 1
    extra = {"Pathway": table, "Years": years, "Roadmap": capacity_by_year(table)}
    return {name: (extra[name] if name in extra else sheets[name]) for name in order[:at] + list(extra) + order[at:]}
