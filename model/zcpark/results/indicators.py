"""Indicator tables computed from the Dispatch table alone (no Pyomo), with accounting's definitions.

Everything a consultant reads (Summary, Carbon, Acceptance, Matching) is recomputed here from
the solved flows, so the workbook can be checked against its own Dispatch sheet.
"""
from __future__ import annotations

import math

import numpy as np
import pandas as pd

from zcpark.core import accounting as acc
from zcpark.core.data import ParkData, Target
from zcpark.core.solution import Solution
from zcpark.results import national_rules as national
from zcpark.results.verdict import fragility

# 发改能源〔2025〕650号 defaults, reported (not enforced) when the Targets sheet omits them.
DIRECT_RULE_DEFAULTS = {"direct_self_use_min": 0.6, "direct_consumption_share_min": 0.3, "direct_feed_in_max": 0.2}
MAX_TARGETS = {"carbon_intensity_max", "co2_cap_t", "net_co2_max_t", "direct_feed_in_max"}


def carbon_intensity_limit(data: ParkData, tot: dict) -> float:
    """The core indicator's limit on the solved plan: the Targets value, or the 910号 threshold
    of the plan's energy class (national_rules)."""
    target = national.reported_targets(data)["carbon_intensity_max"]
    return national.limit("carbon_intensity_max", target, national.core_class(tot, data))


def carbon_table(data: ParkData, sol: Solution) -> pd.DataFrame:
    """One row per accounting method: scope 1, process, scope 2 (of which heat and, under
    ndrc_910, the export credit), tCO2, tce with the electricity coefficient it uses, intensity,
    clean share."""
    tot = acc.totals(sol.columns, data, sol.annual_vars)
    rows = []
    limit = carbon_intensity_limit(data, tot)
    for method in acc.METHODS:
        c = acc.carbon(tot, data, method)
        intensity = c["co2_t"] / c["tce"] if c["tce"] > 0 else float("nan")
        rows.append({"method": method, "enforced": method == data.park["carbon_method"],
                     "scope1_t": c["scope1_t"], "process_t": c["process_t"], "scope2_t": c["scope2_t"],
                     "heat_t": c["heat_t"], "export_credit_t": c["export_credit_t"], "co2_t": c["co2_t"],
                     "offsets_t": tot["offsets_t"], "net_co2_t": c["net_co2_t"],
                     "energy_tce": c["tce"], "electricity_tce_basis": acc.electricity_tce_basis(method),
                     "electricity_tce_per_mwh": acc.electricity_tce_per_mwh(data, method),
                     "intensity_t_per_tce": intensity,
                     "clean_energy_share": c["clean_tce"] / c["tce"] if c["tce"] > 0 else float("nan"),
                     "intensity_limit": limit,
                     "pass": (intensity <= limit + 1e-6) if limit is not None else None})
    return pd.DataFrame(rows)


def matching_table(data: ParkData, sol: Solution) -> pd.DataFrame:
    hm = acc.hourly_matching(sol.columns, data)
    return pd.DataFrame({"hour": sol.dispatch["hour"], **hm})


def month_of_step(n_steps: int) -> np.ndarray:
    """Calendar month (1..12) of each step, for a horizon starting 1 January; 366 days (8784
    steps) are a leap year (29 February in February); a horizon of fewer days than a year
    (typical or test days) is spread evenly over the year."""
    n_days = n_steps // 24
    year_days = 366 if n_days >= 366 else 365
    month_starts = np.cumsum([0, 31, 29 if year_days == 366 else 28, 31, 30, 31, 30, 31, 31, 30, 31, 30])
    day_of_year = (np.arange(n_steps) // 24) * (365 / n_days if n_days < 365 else 1)
    return np.searchsorted(month_starts, np.minimum(day_of_year, year_days - 1), side="right")


def matching_month_hour(match: pd.DataFrame) -> pd.DataFrame:
    """Matched share of demand by month (rows) and hour of day (columns h00..h23): when the park is
    not green. Each cell is sum max(matched, 0) / sum demand, in [0, 1]: the carbon-free supply that
    served the hour's own demand. The debit of storage charged from the grid (matched < 0 in the
    charging hour, accounting.hourly_matching) stays in the annual share and the target, but is not
    drawn here, where it would show a share below zero; a cell can thus read above the annual share."""
    n = len(match)
    frame = pd.DataFrame({"month": month_of_step(n), "hour": np.arange(n) % 24,
                          "matched": np.maximum(match["matched_mw"].to_numpy(), 0.0),
                          "demand": match["demand_mw"].to_numpy()})
    g = frame.groupby(["month", "hour"])[["matched", "demand"]].sum()
    share = (g["matched"] / g["demand"].where(g["demand"] > 0)).unstack("hour")
    share.columns = [f"h{h:02d}" for h in share.columns]
    return share.reset_index()


def matching_share(match: pd.DataFrame, weights: np.ndarray) -> float:
    """Hourly matching share of the year: sum_t w[t] matched[t] / sum_t w[t] demand[t]."""
    demand = acc.annual(match["demand_mw"].to_numpy(), weights)
    return acc.annual(match["matched_mw"].to_numpy(), weights) / demand if demand > 0 else float("nan")


def _achieved(indicator: str, carbon_row, match_share, ratios, tot) -> float:
    return {
        "carbon_intensity_max": carbon_row["intensity_t_per_tce"],
        "co2_cap_t": carbon_row["co2_t"],
        "net_co2_max_t": carbon_row["net_co2_t"],
        "clean_energy_share_min": carbon_row["clean_energy_share"],
        "hourly_matching_min": match_share,
        "direct_self_use_min": ratios["direct_self_use"],
        "direct_consumption_share_min": ratios["direct_consumption_share"],
        "direct_feed_in_max": ratios["direct_feed_in"],
        "direct_supply_share_min": acc.direct_supply_share(tot),
    }[indicator]


def acceptance_table(data: ParkData, sol: Solution, carbon: pd.DataFrame, match_share: float,
                     line_built: bool) -> pd.DataFrame:
    """Each target: the rule it follows, limit, achieved (enforced method), margin (positive =
    slack), pass under each method, `robust` (passes under every method) and a note. The 650号
    direct rules apply only with a built line; the national indicators are always listed
    (national_rules: reported at their thresholds when the Targets sheet omits them), and the
    guiding indicators entered as data follow."""
    tot = acc.totals(sol.columns, data, sol.annual_vars)
    ratios = acc.direct_ratios(tot, data)
    rows = []
    targets = national.reported_targets(data)
    core = national.core_class(tot, data)
    ndrc_row = carbon[carbon["method"] == "ndrc_910"].iloc[0]
    if data.lines:  # the 650号 ratios are always checked when a line is offered, enforced or not
        for indicator, default in DIRECT_RULE_DEFAULTS.items():
            targets.setdefault(indicator, Target(default, False))
    for indicator, target in targets.items():
        limit = national.limit(indicator, target, core)
        if limit is None:
            continue
        applies = line_built or indicator not in DIRECT_RULE_DEFAULTS
        passes = {}
        for _, crow in carbon.iterrows():
            got = _achieved(indicator, crow, match_share, ratios, tot)
            ok = (got <= limit + 1e-6) if indicator in MAX_TARGETS else (got >= limit - 1e-6)
            passes[crow["method"]] = bool(ok) if applies and not math.isnan(got) else None
        enforced_row = carbon[carbon["enforced"]].iloc[0]
        achieved = _achieved(indicator, enforced_row, match_share, ratios, tot)
        margin = (limit - achieved) if indicator in MAX_TARGETS else (achieved - limit)
        rows.append({"indicator": indicator, "rule": national.rule(indicator, target.value, core),
                     "limit": limit, "enforce": target.enforce,
                     "applies": applies, "achieved": achieved, "margin": margin,
                     "pass": passes[data.park["carbon_method"]],
                     **{f"pass_{m}": passes[m] for m in acc.METHODS},
                     # robust only when judged: a NaN achieved value (no energy use) is no pass
                     "robust": all(v is not False for v in passes.values())
                     if applies and any(v is not None for v in passes.values()) else None,
                     "warning": fragility(passes, data.park["carbon_method"]),
                     "note": national.note(indicator, target, data, tot, core,
                                           _achieved(indicator, ndrc_row, match_share, ratios, tot))})
    rows += national.guiding_rows(data)
    return pd.DataFrame(rows, columns=["indicator", "rule", "limit", "enforce", "applies", "achieved", "margin", "pass",
                                       *[f"pass_{m}" for m in acc.METHODS], "robust", "warning", "note"])


def _reduction_rows(data: ParkData, co2: float) -> list[tuple[str, object, str]]:
    """Absolute reduction against the base year, so intensity gains from growth are not mistaken for cuts."""
    base = data.park.get("base_year_co2_t")
    if base is None:
        return []
    year = data.park.get("base_year")
    label = f"vs {int(year)}" if year else "vs base year"
    return [("base_year_co2_t", base, f"tCO2/yr ({label})"),
            ("absolute_reduction_t_per_yr", base - co2, f"tCO2/yr {label}"),
            ("absolute_reduction_share", (base - co2) / base if base > 0 else float("nan"), f"share {label}")]


def summary_rows(data: ParkData, sol: Solution, carbon: pd.DataFrame, match_share: float,
                 solve_info: dict) -> list[tuple[str, object, str]]:
    cols = sol.columns
    tot = acc.totals(cols, data, sol.annual_vars)
    enforced = carbon[carbon["enforced"]].iloc[0]
    w = data.weights
    curtailed = sum(acc.annual(cols[f"{r}_curtailed_mw"], w) for r in data.renewables)
    total_cost = sum(sol.costs.values())
    ratios = acc.direct_ratios(tot, data)
    rows = [
        ("park", data.park["name"], ""),
        ("scenario", data.scenario, ""),
        ("carbon_method", data.park["carbon_method"], ""),
        ("total_cost_cny_per_yr", total_cost, "CNY/yr"),
        ("cost_per_mwh_cny", total_cost / tot["electricity_mwh"] if tot["electricity_mwh"] else float("nan"), "CNY/MWh of electricity use"),
        ("co2_t_per_yr", enforced["co2_t"], "tCO2/yr"),
        ("offsets_t_per_yr", enforced["offsets_t"], "tCO2/yr (count toward net only)"),
        ("net_co2_t_per_yr", enforced["net_co2_t"], "tCO2/yr"),
        *_reduction_rows(data, enforced["co2_t"]),
        ("energy_tce_per_yr", enforced["energy_tce"], "tce/yr"),
        ("carbon_intensity_t_per_tce", enforced["intensity_t_per_tce"], "tCO2/tce"),
        ("carbon_intensity_limit", carbon_intensity_limit(data, tot), "tCO2/tce"),
        *national.summary_rows(data, tot, acc.carbon(tot, data, data.park["carbon_method"]),
                               national.core_class(tot, data)),
        ("clean_energy_share", enforced["clean_energy_share"], "share"),
        ("hourly_matching_share", match_share, "share"),
        ("electricity_mwh_per_yr", tot["electricity_mwh"], "MWh/yr"),
        ("grid_import_mwh_per_yr", tot["import_mwh"], "MWh/yr"),
        ("peak_import_mw", float(cols[acc.IMPORT].max()), "MW"),
        ("export_mwh_per_yr", tot["export_mwh"], "MWh/yr"),
        ("curtailment_mwh_per_yr", curtailed, "MWh/yr"),
        ("green_power_mwh_per_yr", tot["green_power_mwh"], "MWh/yr"),
        ("gec_mwh_per_yr", tot["gec_mwh"], "MWh/yr"),
        ("direct_delivered_mwh_per_yr", tot["direct_delivered_mwh"], "MWh/yr"),
        *[(k, v, "share") for k, v in ratios.items()],
        ("solver_status", solve_info.get("status"), ""),
        ("mip_gap", solve_info.get("mip_gap"), "relative"),
        ("objective_cny_per_yr", solve_info.get("objective_cny"), "CNY/yr (solver)"),
        ("solve_seconds", solve_info.get("solve_seconds"), "s"),
    ]
    return rows
