"""The results sheets of one solve, in workbook order, from plain data and the plain Solution.

`indicator_sheets`: Summary, Costs, Carbon, Acceptance, Matching (what a typical-period sizing is
compared on); `results_sheets`: every sheet of results.xlsx but Meta, with the Dashboard first;
`validation_table`: typical periods against the full horizon. No Pyomo here.
"""
from __future__ import annotations

import pandas as pd

from zcpark.core.data import ParkData
from zcpark.core.options import SolveResult
from zcpark.core.solution import Solution
from zcpark.results import balance, dashboard, finance, indicators, zones
from zcpark.results.verdict import verdict

def acceptance_for(data: ParkData, sol: Solution) -> dict[str, object]:
    """The acceptance sequence, computed once for every caller (results, diagnosis): the Carbon
    table (every method), the Matching table and its annual share, and the Acceptance table."""
    carbon = indicators.carbon_table(data, sol)
    match = indicators.matching_table(data, sol)
    share = indicators.matching_share(match, data.weights)
    line_built = bool((sol.lines["built_option"] != "none").any())
    if data.zones:  # a park within a park: each target judged on its scope, under every attribution rule
        acceptance = zones.scoped_acceptance(data, sol, line_built)
    else:
        acceptance = indicators.acceptance_table(data, sol, carbon, share, line_built)
    return {"carbon": carbon, "matching": match, "matching_share": share, "acceptance": acceptance}


def indicator_sheets(data: ParkData, sol: Solution, result: SolveResult,
                     sizing: SolveResult | None = None, resolution: str | None = None,
                     money: dict | None = None, leakage: dict | None = None) -> dict[str, pd.DataFrame]:
    """The indicator sheets: Summary, Costs, Carbon, Acceptance, Matching.
    `sizing`: the solve that chose the plan, when `result` only re-dispatched it (typical periods);
    `resolution`: the Summary's time_resolution (default: that of `data`); `money`: finance.finance,
    whose headline figures follow the Summary's total cost; `leakage`: with zones, the rest of the park's
    intensity in this plan and without the boundary's targets (runner)."""
    found = acceptance_for(data, sol)
    carbon, share, acceptance = found["carbon"], found["matching_share"], found["acceptance"]
    chosen_by = sizing or result
    info = {"status": chosen_by.status, "mip_gap": chosen_by.mip_gap, "objective_cny": result.objective_cny,
            "solve_seconds": chosen_by.seconds.get("solve")}
    rows = indicators.summary_rows(data, sol, carbon, share, info)
    if money is not None:
        at = [name for name, _, _ in rows].index("total_cost_cny_per_yr") + 1
        rows = rows[:at] + finance.summary_rows(money) + rows[at:]
    if data.zones:
        at = [name for name, _, _ in rows].index("carbon_intensity_t_per_tce") + 1
        rows = rows[:at] + zones.summary_rows(data, sol, leakage) + rows[at:]
    if chosen_by.zone_iterations:
        n, change = chosen_by.zone_iterations[-1]
        rows.append(("zone_share_solves", n, f"solves fixing the boundary's pro-rata shares; last change {change:.1e}"))
    summary = pd.DataFrame(rows, columns=["indicator", "value", "unit"])
    costs = pd.DataFrame([(k, v) for k, v in sol.costs.items()] + [("total", sum(sol.costs.values()))],
                         columns=["term", "cny_per_yr"])
    fragile = verdict(summary, acceptance).fragile
    if fragile:
        rule = " and the default attribution rule (pro rata)" if data.zones else ""
        summary.loc[len(summary)] = ["warning", f"passes only under the enforced accounting method{rule}: "
                                     + ", ".join(fragile), ""]
    summary.loc[len(summary)] = ["time_resolution", resolution or data.horizon(), ""]
    return {"Summary": summary, "Costs": costs, "Carbon": carbon, "Acceptance": acceptance, "Matching": found["matching"]}


def results_sheets(data: ParkData, sol: Solution, result: SolveResult, bau,
                   sizing: SolveResult | None = None, resolution: str | None = None,
                   money: dict | None = None, leakage: dict | None = None) -> dict[str, pd.DataFrame]:
    """Every results sheet as a DataFrame, in workbook order (Meta is added by the runner);
    `bau`: procedures.business_as_usual.BusinessAsUsual, the reference of the Finance sheet;
    `sizing` and `resolution` as in indicator_sheets; `money`: a build pathway's
    (finance.pathway_finance), in place of the one-year comparison with `bau`; `leakage`: a park
    within a park's rest-of-park intensity without the boundary's targets (procedures/zones.py)."""
    pathway = money is not None
    money = money if pathway else finance.finance(data, sol, bau)
    core = indicator_sheets(data, sol, result, sizing, resolution, money, leakage)
    scoped = {"Zones": zones.zones_table(data, sol), "CarbonByScope": zones.carbon_by_scope(data, sol),
              "AcceptanceByScope": zones.acceptance_by_scope(data, sol)} if data.zones else {}
    return dashboard.with_dashboard({
        "Summary": core["Summary"],
        "Finance": finance.pathway_finance_table(money) if pathway else finance.finance_table(money),
        "Capacity": sol.capacity, "Lines": sol.lines, "Costs": core["Costs"],
        "Carbon": core["Carbon"], **scoped, "Acceptance": core["Acceptance"], "Matching": core["Matching"],
        "MatchingMonthHour": indicators.matching_month_hour(core["Matching"]),
        "MonthlyBalance": balance.monthly_balance(data, sol),
        "TypicalWeeks": balance.typical_weeks(data, sol), "Dispatch": sol.dispatch})

VALIDATION_SKIP = {"park", "scenario", "carbon_method", "solver_status", "mip_gap", "solve_seconds", "warning",
                   "time_resolution"}


def validation_table(sized: dict[str, pd.DataFrame], full: dict[str, pd.DataFrame]) -> pd.DataFrame:
    """Typical periods against the full horizon: every numeric Summary indicator (the plan's
    figures on typical periods, then the same plan dispatched hour by hour), and every target's
    achieved value and pass/fail under both. `sized`, `full`: results sheets of the two solves."""
    rows = []
    got = dict(zip(full["Summary"]["indicator"], full["Summary"]["value"]))
    for indicator, value, unit in sized["Summary"].itertuples(index=False, name=None):
        other = got.get(indicator)
        if indicator in VALIDATION_SKIP or not isinstance(value, (int, float)) or not isinstance(other, (int, float)):
            continue
        diff = other - value
        rows.append({"section": "summary", "indicator": indicator, "unit": unit, "typical_periods": value,
                     "full_horizon": other, "difference": diff,
                     "relative_difference": diff / abs(value) if value else float("nan")})
    full_accept = full["Acceptance"].set_index("indicator")
    for _, row in sized["Acceptance"].iterrows():
        other = full_accept.loc[row["indicator"]]
        rows.append({"section": "target", "indicator": row["indicator"], "unit": "", "limit": row["limit"],
                     "enforce": row["enforce"], "typical_periods": row["achieved"], "full_horizon": other["achieved"],
                     "difference": other["achieved"] - row["achieved"],
                     "pass_typical_periods": row["pass"], "pass_full_horizon": other["pass"]})
    return pd.DataFrame(rows, columns=["section", "indicator", "unit", "limit", "enforce", "typical_periods",
                                       "full_horizon", "difference", "relative_difference",
                                       "pass_typical_periods", "pass_full_horizon"])
