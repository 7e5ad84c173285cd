"""Where the electricity comes from: the bus balance by source, by month and in a typical week.

Client tables for the Dashboard and the report, recomputed from the Dispatch table with
accounting's flows (no Pyomo). With typical periods, every day of the year points to its
representative period (`calendar`), so months and weeks are rebuilt from the periods.
"""
from __future__ import annotations

import math

import numpy as np
import pandas as pd

from zcpark.core import accounting as acc
from zcpark.core import technologies as techs
from zcpark.core.data import ParkData
from zcpark.core.solution import Solution
from zcpark.results.indicators import month_of_step

# Sources and uses of the electricity bus, MW per step; sources = uses every step
# (accounting.electricity_balance), and `use` (load + heat electricity + storage charging +
# exports) is their common total, what the stacked sources reach. Green power re-labels imports
# (green_power_by_step); "grid" is the rest of the import. On-site renewable sources are one per
# renewable kind of the registry (onsite_pv, onsite_wind, ...).
BALANCE_SOURCES = (*[f"onsite_{k}" for k in techs.renewable_kinds()], "direct_line", "green_power", "grid",
                   "storage_discharge")
BALANCE_USES = ("load", "heat_electricity", "storage_charge", "export")
SEASONS = {"summer": (6, 7, 8), "winter": (12, 1, 2)}
WEEK_DAYS = 7


def green_power_by_step(f: dict, weights: np.ndarray) -> np.ndarray:
    """Imports re-labelled by the green-power contract per step (MW), summing to the contracted
    annual volume (the Summary's green_power_mwh_per_yr) and never above the step's import.

    The contract is an annual volume delivered on a shape (GreenMarket shape). Where the shape
    asks for more than the park imports in a step (a PV hour), hourly matching counts only the
    import (accounting.hourly_matching: min(contract, import), the one matching definition);
    the rest of the volume still re-labels imports, those of other steps, as the carbon accounting
    counts it (market_within_imports). Taking only the min here made the monthly balance show
    less green power than the Summary (4,670 against 8,326 MWh on one park). So: the matched part
    in its own step, and the rest spread over the remaining imports in proportion to them."""
    matched = np.minimum(f["green_power"], f["import"])
    rest = float(weights @ f["green_power"]) - float(weights @ matched)
    room = f["import"] - matched
    room_mwh = float(weights @ room)
    if rest <= 0 or room_mwh <= 0:
        return matched
    return matched + room * min(1.0, rest / room_mwh)


def balance_by_source(data: ParkData, cols) -> dict[str, np.ndarray]:
    """Per step (MW): each source of BALANCE_SOURCES, each use of BALANCE_USES, `demand`
    (load + electricity for heat: what the park itself consumes, without storage and exports)
    and `use` (demand + storage charging + exports = the sum of the sources)."""
    f = acc.flows(cols, data)
    onsite = {f"onsite_{kind}": np.zeros(data.n_steps) for kind in techs.renewable_kinds()}
    for r in data.onsite_plants():
        source = f"onsite_{data.renewables[r]['kind']}"
        onsite[source] = onsite[source] + cols[acc.col_used(r)]
    green = green_power_by_step(f, data.weights)
    demand = acc.matching_demand(f)
    return {**onsite, "direct_line": f["direct_delivered"],
            "green_power": green, "grid": f["import"] - green, "storage_discharge": f["discharge"],
            "load": f["load"], "heat_electricity": f["heat_elec"], "storage_charge": f["charge"],
            "export": f["export"], "demand": demand, "use": demand + f["charge"] + f["export"]}


def calendar(data: ParkData) -> pd.DataFrame:
    """The represented year hour by hour: `step` (0-based Dispatch row), `day` (0-based), `month`
    (1..12) and `weight` (hours of the year the entry stands for; the weights sum to hours_per_year).

    Full horizon: one entry per step; months as in month_of_step (the calendar for a year, a
    shorter horizon spread evenly over the year). Typical periods: every day of the year points
    to the steps of its representative period, so a month or a week is rebuilt from the periods."""
    periods = data.periods
    if periods is None:
        n = data.n_steps
        return pd.DataFrame({"step": np.arange(n), "day": np.arange(n) // 24, "month": month_of_step(n),
                             "weight": data.weights})
    n_days, steps = len(periods.order), periods.steps
    day = np.repeat(np.arange(n_days), steps)
    step = np.asarray(periods.order)[day] * steps + np.tile(np.arange(steps), n_days)
    month_of_day = month_of_step(n_days * 24)[::24]
    return pd.DataFrame({"step": step, "day": day, "month": month_of_day[day],
                         "weight": data.park["hours_per_year"] / (n_days * steps)})


def monthly_balance(data: ParkData, sol: Solution) -> pd.DataFrame:
    """Electricity balance by month, MWh: `month`, then `<source>_mwh`, `<use>_mwh`, `demand_mwh`.
    Only the months the horizon covers are listed (a 24-step test horizon is one January day);
    the months sum to the annual volumes (sum_t w[t] x[t])."""
    cal = calendar(data)
    step, weight = cal["step"].to_numpy(), cal["weight"].to_numpy()
    flows = balance_by_source(data, sol.columns)
    frame = pd.DataFrame({"month": cal["month"].to_numpy(),
                          **{f"{name}_mwh": flow[step] * weight for name, flow in flows.items()}})
    return frame.groupby("month", as_index=False).sum()


def _typical_week(daily: pd.DataFrame, months: tuple[int, ...]) -> list[int]:
    """The 7 consecutive days of a season whose mean demand and renewable supply are closest
    (relative distance, summed) to the season's means; with fewer days, the season's first 7."""
    season = daily[daily["month"].isin(months)]
    days = season.index.to_numpy()
    best, best_score = list(days[:WEEK_DAYS]), math.inf
    means = season[["demand", "renewable"]].mean()
    scale = means.where(means > 0, 1.0)
    for i in range(len(days) - WEEK_DAYS + 1):
        window = days[i:i + WEEK_DAYS]
        if window[-1] - window[0] != WEEK_DAYS - 1:  # winter wraps from February to December
            continue
        score = float(((season.loc[window, ["demand", "renewable"]].mean() - means).abs() / scale).sum())
        if score < best_score:
            best, best_score = list(window), score
    return best


def _time_labels(cal: pd.DataFrame, n_days: int) -> list[str]:
    """'07-15 13h' when the horizon represents a whole year of `n_days` (calendar dates from
    1 January), else 'day 2 13h' (short horizons have no dates)."""
    hour_of_day = cal.groupby("day").cumcount().to_numpy()
    if n_days < 365:
        return [f"day {d + 1} {h:02d}h" for d, h in zip(cal["day"], hour_of_day)]
    start = np.datetime64("2024-01-01" if n_days == 366 else "2023-01-01")
    dates = start + cal["day"].to_numpy().astype("timedelta64[D]")
    return [f"{str(d)[5:10]} {h:02d}h" for d, h in zip(dates, hour_of_day)]


def typical_weeks(data: ParkData, sol: Solution) -> pd.DataFrame:
    """A typical summer (Jun-Aug) and winter (Dec-Feb) week, hour by hour: `week`, `time`,
    `hour` (the Dispatch row's hour), then `<source>_mw`, `<use>_mw`, `demand_mw`.
    A season the horizon does not cover is left out."""
    cal = calendar(data)
    flows = balance_by_source(data, sol.columns)
    step = cal["step"].to_numpy()
    renewable = flows["onsite_pv"] + flows["onsite_wind"] + flows["direct_line"]
    daily = pd.DataFrame({"day": cal["day"], "month": cal["month"], "demand": flows["demand"][step],
                          "renewable": renewable[step]}).groupby("day").agg(
        {"month": "first", "demand": "mean", "renewable": "mean"})
    weeks, n_days = [], int(cal["day"].max()) + 1
    for season, months in SEASONS.items():
        days = _typical_week(daily, months)
        if not days:
            continue
        part = cal[cal["day"].isin(days)].sort_values(["day"], kind="stable")
        rows = part["step"].to_numpy()
        weeks.append(pd.DataFrame({"week": season, "time": _time_labels(part, n_days), "hour": rows + 1,
                                   **{f"{name}_mw": flow[rows] for name, flow in flows.items()}}))
    columns = ["week", "time", "hour", *[f"{name}_mw" for name in flows]]
    return pd.concat(weeks, ignore_index=True) if weeks else pd.DataFrame(columns=columns)
