"""Typical periods: the year as K typical days plus its extreme days, clustered with tsam.

`aggregate(data, K)` returns a ParkData whose horizon is the representative days, with
`periods` saying which day of the year each one stands for (its weight) and in which order
the days follow (for storage linked across the year, components/storage.py). Every
time-varying input is clustered together: the Profiles columns and the hourly grid price.

Method (documented in docs/formulation.md):
- days of `steps` = 24 steps; hierarchical clustering with medoid representation (tsam's
  default: real days, deterministic), columns min-max normalised by tsam;
- extreme days appended as periods of their own (weight one day): the day with the peak
  electric load and the day with the lowest mean renewable capacity factor;
- each column rescaled so its weighted mean equals the year's (tsam's
  `preserve_column_means`), then clipped to the year's own range (a capacity factor stays
  within 0..1, a load never exceeds its peak).
"""
from __future__ import annotations

import dataclasses
import warnings
from pathlib import Path

import numpy as np
import pandas as pd

from zcpark.core.data import ParkData, Periods, zone_load_sums
from zcpark.errors import InputError, Problem

STEPS_PER_DAY = 24
PRICE_COLUMN = "__grid_price"          # the hourly price, clustered with the profiles
RENEWABLE_MEAN = "__renewables_mean_cf"  # only to find the least renewable day


def _frame(data: ParkData) -> pd.DataFrame:
    cols = {name: arr for name, arr in data.profiles.items() if name != "hour"}
    cols[PRICE_COLUMN] = data.price
    cf_columns = list(dict.fromkeys(r["profile"] for r in data.renewables.values()))
    if cf_columns:
        cols[RENEWABLE_MEAN] = np.mean([data.profiles[c] for c in cf_columns], axis=0)
    frame = pd.DataFrame(cols)
    frame.index = pd.date_range("2001-01-01", periods=len(frame), freq="h")  # any hourly calendar
    return frame


def check_request(data: ParkData, n_days: int) -> None:
    """Fewer typical days than the horizon has (the reader already requires whole days)."""
    days = data.n_steps // STEPS_PER_DAY
    if not 1 <= n_days < days:
        raise InputError([Problem("Park", None, "typical_days", str(n_days),
                                  f"a whole number from 1 to {days - 1} (the horizon has {days} days); "
                                  "blank for the full horizon",
                                  expected_zh=f"1 至 {days - 1} 之间的整数（共 {days} 天）；留空则按全部时段")],
                         source=Path(data.source).name, language=data.park.get("language"))


def sizing_horizon(data: ParkData, typical_days: int | None = None) -> ParkData:
    """The horizon a plan is sized on: `typical_days` (a command-line choice), else the Park's
    `typical_days`; 0 or blank: the full horizon (`data` itself), otherwise `aggregate`."""
    n_days = typical_days if typical_days is not None else data.park.get("typical_days")
    return aggregate(data, int(n_days)) if n_days else data


def aggregate(data: ParkData, n_days: int) -> ParkData:
    """The park on `n_days` typical days plus extreme days (see the module docstring)."""
    import tsam  # imported here: the full-year path does not need it

    check_request(data, n_days)
    frame = _frame(data)
    extremes = tsam.ExtremeConfig(method="append", max_value=["electric_load_mw"],
                                  min_period=[RENEWABLE_MEAN] if RENEWABLE_MEAN in frame else [])
    with warnings.catch_warnings():  # tsam warns when rescaling nudges a value past the year's range;
        warnings.simplefilter("ignore")  # the clip below handles exactly that
        result = tsam.aggregate(frame, n_days, period_duration=STEPS_PER_DAY, extremes=extremes)
    reps = result.cluster_representatives
    ids = sorted(reps.index.get_level_values(0).unique())
    renumber = {cid: i for i, cid in enumerate(ids)}
    order = np.array([renumber[c] for c in result.cluster_assignments], dtype=int)
    counts = np.bincount(order, minlength=len(ids))
    typical = {}
    for name in frame.columns:
        values = np.concatenate([reps.loc[cid, name].to_numpy(dtype=float) for cid in ids])
        typical[name] = np.clip(values, frame[name].min(), frame[name].max())
    price = typical.pop(PRICE_COLUMN)
    typical.pop(RENEWABLE_MEAN, None)
    if "hour" in data.profiles:
        typical["hour"] = np.arange(1, len(price) + 1, dtype=float)
    if data.zones:  # rescaling and clipping move each column on its own: the park's load is the zones' sum
        typical.update(zone_load_sums(typical, data.zones))
    periods = Periods(steps=STEPS_PER_DAY, order=order, counts=counts,
                      n_extreme=sum(1 for cid in ids if cid >= n_days))
    return dataclasses.replace(data, profiles=typical, price=price, periods=periods)
