"""Data-quality checks on metered readings: each a small function returning rows
(interval, meter, issue, effect). Nothing is fixed here; gaps are filled only by `fill`, when the
user asks (`zcpark audit --fill linear|profile`), and the filled hours are marked.

Checks: timestamps out of order, duplicated (a repeated 02:00 may be a daylight-saving artefact:
China has none, so it is a logger error), missing intervals (a missing 02:00 hour likewise),
blank readings, negative readings (a counter reset or a sign error), and the site's electricity
balance not closing within BALANCE_TOLERANCE.
"""
from __future__ import annotations

import datetime as dt

import numpy as np

from zcpark.audit.metered import Metered

# The site balance (supply = use) must close within this share of the hour's supply:
# meter classes 0.5S-1 and unmetered losses stay well inside 2 %. direct_generation is upstream of
# the line (its delivery is what reaches the site), so it is in neither list.
BALANCE_TOLERANCE = 0.02
SUPPLY_ROLES = ("pv_generation", "wind_generation", "direct_line_delivery", "grid_import", "storage_discharge")
USE_ROLES = ("site_load", "grid_export", "storage_charge")
FILL_METHODS = {"linear": "straight line between the readings either side of the gap",
                "profile": "the meter's mean at the same hour of day over the complete hours"}
COLUMNS = ["interval", "meter", "issue", "effect"]
UNIT_SHOWN = {"mwh": "MWh", "mw": "MW"}


def when(t: dt.datetime) -> str:
    return t.strftime("%Y-%m-%d %H:%M")


def _dst_hint(t: dt.datetime) -> str:
    return " (a daylight-saving artefact? China keeps no DST)" if t.hour == 2 else ""


def timestamp_issues(m: Metered) -> list[dict]:
    """Rows out of order, duplicated timestamps and missing intervals, by time."""
    rows, seen = [], {}
    for i, (t, excel_row) in enumerate(zip(m.timestamps, m.rows)):
        if t in seen:
            rows.append({"interval": when(t), "meter": "(all)", "issue": f"duplicate timestamp: Readings rows "
                         f"{seen[t]} and {excel_row}{_dst_hint(t)}",
                         "effect": f"row {excel_row} not counted (the first reading of the interval counts)"})
            continue
        seen[t] = excel_row
        if i and t < m.timestamps[i - 1]:
            rows.append({"interval": when(t), "meter": "(all)",
                         "issue": f"out of order: Readings row {excel_row} is earlier than row {m.rows[i - 1]}",
                         "effect": "counted in its own interval (readings are placed by timestamp)"})
    step = dt.timedelta(minutes=m.interval_min)
    present = sorted(seen)
    for a, b in zip(present, present[1:]):
        if b - a > step:
            count = int((b - a) / step) - 1
            first, last = a + step, b - step
            rows.append({"interval": when(first) + (f" to {when(last)}" if count > 1 else ""), "meter": "(all)",
                         "issue": f"{count} missing interval{'s' if count > 1 else ''}{_dst_hint(first)}",
                         "effect": "hours without a complete set of readings: see 'missing hours'"})
    return rows


def reading_issues(m: Metered) -> list[dict]:
    """Blank and negative readings, per meter; a run of consecutive blanks is one row."""
    rows = []
    for meter, values in m.readings.items():
        blank = np.isnan(values)
        for start, stop in _runs(blank):
            where = (f"Readings rows {m.rows[start]}-{m.rows[stop - 1]}" if stop - start > 1
                     else f"Readings row {m.rows[start]}")
            rows.append({"interval": _span(m, start, stop), "meter": meter,
                         "issue": f"{stop - start} blank reading{'s' if stop - start > 1 else ''} ({where})",
                         "effect": "hours without a complete set of readings: see 'missing hours'"})
        for i in np.flatnonzero(values < 0):
            rows.append({"interval": when(m.timestamps[i]), "meter": meter,
                         "issue": f"negative reading {values[i]:g} (Readings row {m.rows[i]}): a counter reset or "
                                  f"a sign error", "effect": f"counted as read ({values[i]:g} {UNIT_SHOWN[m.meters[meter]['unit']]})"})
    return rows


def _runs(mask: np.ndarray) -> list[tuple[int, int]]:
    edges = np.diff(np.concatenate([[0], mask.astype(int), [0]]))
    return list(zip(np.flatnonzero(edges == 1), np.flatnonzero(edges == -1)))


def _span(m: Metered, start: int, stop: int) -> str:
    a, b = m.timestamps[start], m.timestamps[stop - 1]
    return when(a) + (f" to {when(b)}" if stop - start > 1 else "")


def missing_hours(hours: list[dt.datetime], hourly: dict[str, np.ndarray]) -> np.ndarray:
    """Hours where any meter lacks a complete set of readings."""
    gaps = np.zeros(len(hours), dtype=bool)
    for values in hourly.values():
        gaps |= np.isnan(values)
    return gaps


def balance_issues(m: Metered, hours: list[dt.datetime], hourly: dict[str, np.ndarray],
                   tolerance: float = BALANCE_TOLERANCE) -> list[dict]:
    """Hours where supply (generation, direct lines, imports, discharge) and use (site load,
    exports, charging) differ by more than `tolerance` x supply (complete hours only)."""
    def total(roles):
        out = np.zeros(len(hours))
        for role in roles:
            for meter in m.by_role(role):
                out = out + hourly[meter]
        return out
    supply, use = total(SUPPLY_ROLES), total(USE_ROLES)
    rows = []
    for h in np.flatnonzero(np.abs(supply - use) > tolerance * np.maximum(supply, use) + 1e-9):
        rows.append({"interval": when(hours[h]), "meter": "(site balance)",
                     "issue": f"supply {supply[h]:.3f} MWh vs use {use[h]:.3f} MWh: differs by "
                              f"{abs(supply[h] - use[h]) / max(supply[h], use[h]):.1%} (tolerance {tolerance:.0%})",
                     "effect": "indicators use the meters as read; a meter may be wrong or missing"})
    return rows


def fill(hours: list[dt.datetime], hourly: dict[str, np.ndarray], method: str) -> dict[str, np.ndarray]:
    """Fill NaN hours of each meter by FILL_METHODS[method] (a meter with no value at all: 0)."""
    out = {}
    x = np.arange(len(hours))
    hour_of_day = np.array([h.hour for h in hours])
    for meter, values in hourly.items():
        ok = ~np.isnan(values)
        filled = values.copy()
        if not ok.any():
            filled[:] = 0.0
        elif method == "linear":
            filled[~ok] = np.interp(x[~ok], x[ok], values[ok])
        else:
            for h in np.flatnonzero(~ok):
                same = ok & (hour_of_day == hour_of_day[h])
                filled[h] = values[same].mean() if same.any() else values[ok].mean()
        out[meter] = filled
    return out


def at_bound(hourly: dict[str, np.ndarray], bound: str) -> dict[str, np.ndarray]:
    """Each meter's missing hours valued at its min (or max) over its complete hours."""
    out = {}
    for meter, values in hourly.items():
        ok = ~np.isnan(values)
        value = (values[ok].min() if bound == "min" else values[ok].max()) if ok.any() else 0.0
        out[meter] = np.where(ok, values, value)
    return out


def as_zero(hourly: dict[str, np.ndarray]) -> dict[str, np.ndarray]:
    """Missing hours count nothing: the figures are what was metered."""
    return {meter: np.nan_to_num(values, nan=0.0) for meter, values in hourly.items()}
