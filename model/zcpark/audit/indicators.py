"""Meter roles -> the Dispatch columns core/accounting.py understands -> every indicator, computed
with the planning results' own functions (results.sheets.acceptance_for, results.indicators,
results.verdict). No indicator is defined a second time here.

How meters become the model's columns (one synthetic item per meter, named after it):
- site_load meters add up to `electric_load_mw` (they include heat pumps and electric boilers, so
  no separate heat electricity); pv_generation / wind_generation: an on-site plant whose
  `used` (= available, nothing curtailed is metered) is the reading; direct_line_delivery: a line
  (delivered = sent = the reading); direct_generation: a direct plant whose available output is the
  reading (the 650号 ratios' denominator); without such meters each line stands for its plant
  (available = delivered, which overstates self-use when the plant curtails);
  storage_charge / storage_discharge: one battery; fuel_use: a fuel boiler burning the meter's
  fuel; heat_purchase / heat_sale: the heat trade columns; heat_load / heat_supplied: the heat
  bus (reported, not in the carbon figures).
- Annual figures as in a plan: each metered hour weighs Park hours_per_year / hours metered, so a
  full year of readings (hours_per_year = its hours) gives the year's totals and a shorter period
  gives annual rates, comparable with the annual instruments held and judged in the right 910号
  energy class. Intensities and shares do not depend on it.
"""
from __future__ import annotations

import dataclasses
import datetime as dt

import numpy as np
import pandas as pd

from zcpark.audit.metered import Metered
from zcpark.core import accounting as acc
from zcpark.core.data import ParkData
from zcpark.core.solution import Solution
from zcpark.errors import InputError
from zcpark.results import indicators
from zcpark.results.sheets import acceptance_for
from zcpark.results.verdict import verdict
from zcpark.workbook.tables import Collector
from zcpark.workbook.validate import build_park_data

# Summary rows of a plan that a metered period does not have (costs, solver, curtailment)
NOT_METERED = {"total_cost_cny_per_yr", "cost_per_mwh_cny", "curtailment_mwh_per_yr", "solver_status", "mip_gap",
               "objective_cny_per_yr", "solve_seconds"}
BATTERY = "metered_storage"


def _sum(hourly: dict[str, np.ndarray], meters: list[str], n: int) -> np.ndarray:
    out = np.zeros(n)
    for m in meters:
        out = out + hourly[m]
    return out


def audited_year(hours: list[dt.datetime]) -> int:
    """The calendar year holding most of the metered hours."""
    years, counts = np.unique([h.year for h in hours], return_counts=True)
    return int(years[np.argmax(counts)])


def counted_instruments(metered: Metered, year: int) -> tuple[dict[str, float], list[dict]]:
    """Totals counted per kind (green_power, gec MWh; offset tCO2) and one row per instrument saying
    whether it counts. An identifier claimed twice counts in none of its rows (which claim is
    genuine cannot be told); a vintage outside the audited year does not count."""
    ids: dict[str, int] = {}
    for r in metered.instruments:
        ids[r["instrument_id"]] = ids.get(r["instrument_id"], 0) + 1
    totals = {"green_power": 0.0, "gec": 0.0, "offset": 0.0}
    rows = []
    for r in metered.instruments:
        reason = ""
        if ids[r["instrument_id"]] > 1:
            reason = f"identifier claimed {ids[r['instrument_id']]} times: not counted"
        elif r["vintage_year"] != year:
            reason = f"vintage {r['vintage_year']} is not the audited year {year}: not counted"
        if not reason:
            totals[r["kind"]] += r["amount"]
        rows.append({"row": r["_row"], "instrument_id": r["instrument_id"], "kind": r["kind"], "amount": r["amount"],
                     "vintage_year": r["vintage_year"], "counted": not reason, "reason": reason})
    return totals, rows


def direct_plant_meters(metered: Metered) -> dict[str, str]:
    """Synthetic direct plant -> the meter of its available output: each direct_generation meter,
    or else each line's delivery meter."""
    generation = metered.by_role("direct_generation")
    meters = generation or metered.by_role("direct_line_delivery")
    return {f"{m}_plant": m for m in meters}


def park_data(metered: Metered, hourly: dict[str, np.ndarray], n: int) -> ParkData:
    """ParkData of the metered period: the park sheets checked by the planning validator, the
    meters as synthetic plants, lines, storage and boilers."""
    col = Collector()
    park = metered.park
    by_role = {role: metered.by_role(role) for role in
               ("site_load", "heat_load", "pv_generation", "wind_generation", "direct_line_delivery", "direct_generation",
                "fuel_use",
                "storage_charge", "storage_discharge")}
    profiles = {"electric_load_mw": _sum(hourly, by_role["site_load"], n), "price_cny_per_mwh": np.zeros(n)}
    tables = {name: [] for name in ("Renewables", "Storage", "HeatSupply", "DirectLines", "Tariff", "GreenMarket",
                                    "Offsets", "Scenarios")}
    tables.update(metered.tables)
    data = build_park_data(park, metered.grid, tables, profiles, col)
    if col.problems or data is None:
        raise InputError(col.problems, source=metered.source)
    if by_role["heat_load"]:  # after the planning checks: a metered heat load needs no HeatSupply row
        data.profiles["heat_load_mw"] = _sum(hourly, by_role["heat_load"], n)
    for kind in ("pv", "wind"):
        for m in by_role[f"{kind}_generation"]:
            data.renewables[m] = {"tech": m, "kind": kind, "site": "onsite"}
    for m in by_role["direct_line_delivery"]:
        data.lines[m] = {"metered": {"line": m, "option": "metered"}}
    for plant in direct_plant_meters(metered):
        data.renewables[plant] = {"tech": plant, "kind": "pv", "site": "direct"}
    if by_role["storage_charge"] or by_role["storage_discharge"]:
        data.storage[BATTERY] = {"tech": BATTERY, "kind": "battery"}
    for m in by_role["fuel_use"]:
        data.heat_supply[m] = {"tech": m, "kind": "fuel_boiler", "fuel": metered.meters[m]["fuel"]}
    data.green = {"green_power": {"product": "green_power", "shape": "flat"}}
    data.source, data.scenario = metered.source, "metered"
    return data


def dispatch_columns(metered: Metered, hourly: dict[str, np.ndarray], data: ParkData,
                     green_mwh: float) -> dict[str, np.ndarray]:
    """The Dispatch columns accounting reads, from the hourly meter values (MW = MWh per hour)."""
    n = data.n_steps
    zero = np.zeros(n)
    cols = {acc.LOAD: data.electric_load, acc.HEAT_LOAD: data.heat_load,
            acc.IMPORT: _sum(hourly, metered.by_role("grid_import"), n),
            acc.EXPORT: _sum(hourly, metered.by_role("grid_export"), n),
            acc.GREEN: green_mwh * data.green_shape(),
            acc.HEAT_BUY: _sum(hourly, metered.by_role("heat_purchase"), n),
            acc.HEAT_SELL: _sum(hourly, metered.by_role("heat_sale"), n)}
    for m in metered.by_role("pv_generation") + metered.by_role("wind_generation"):
        cols.update({acc.col_available(m): hourly[m], acc.col_used(m): hourly[m], f"{m}_curtailed_mw": zero})
    for m in metered.by_role("direct_line_delivery"):
        cols.update({acc.col_sent(m): hourly[m], acc.col_delivered(m): hourly[m]})
    for plant, m in direct_plant_meters(metered).items():
        cols.update({acc.col_available(plant): hourly[m], acc.col_used(plant): zero, f"{plant}_curtailed_mw": zero})
    if BATTERY in data.storage:
        cols[acc.col_charge(BATTERY)] = _sum(hourly, metered.by_role("storage_charge"), n)
        cols[acc.col_discharge(BATTERY)] = _sum(hourly, metered.by_role("storage_discharge"), n)
    for m in metered.by_role("fuel_use"):
        cols[acc.col_fuel(m)] = hourly[m]
        cols[acc.col_heat(m)] = zero
    return cols


def solution(cols: dict[str, np.ndarray], data: ParkData, instruments: dict[str, float]) -> Solution:
    """A Solution holding the metered flows, so the results' functions read them as a plan's."""
    dispatch = pd.DataFrame({"hour": np.arange(1, data.n_steps + 1), **cols})
    lines = pd.DataFrame({"line": list(data.lines), "built_option": "metered"}, columns=["line", "built_option"])
    annual = {"green_power_mwh": instruments["green_power"], "gec_mwh": instruments["gec"],
              "offsets_t": instruments["offset"]}
    return Solution(dispatch=dispatch, capacity=pd.DataFrame(), lines=lines, costs={}, annual_vars=annual)


@dataclasses.dataclass
class Audit:
    """Every indicator of one metered period (the results' own tables)."""
    data: ParkData
    sol: Solution
    summary: pd.DataFrame
    carbon: pd.DataFrame
    acceptance: pd.DataFrame
    matching: pd.DataFrame

    @property
    def verdict(self):
        return verdict(self.summary, self.acceptance)

    def intensity(self) -> float:
        return float(self.carbon[self.carbon["enforced"]].iloc[0]["intensity_t_per_tce"])


def audit_hours(metered: Metered, hourly: dict[str, np.ndarray], n: int, instruments: dict[str, float]) -> Audit:
    """Every indicator over `n` hours of meter values (no NaN: gaps are decided by the caller)."""
    data = park_data(metered, hourly, n)
    sol = solution(dispatch_columns(metered, hourly, data, instruments["green_power"]), data, instruments)
    found = acceptance_for(data, sol)
    rows = indicators.summary_rows(data, sol, found["carbon"], found["matching_share"], {})
    summary = pd.DataFrame([r for r in rows if r[0] not in NOT_METERED], columns=["indicator", "value", "unit"])
    fragile = verdict(summary, found["acceptance"]).fragile
    if fragile:
        summary.loc[len(summary)] = ["warning", "passes only under the enforced accounting method: "
                                     + ", ".join(fragile), ""]
    return Audit(data, sol, summary, found["carbon"], found["acceptance"], found["matching"])


def monthly_trajectory(metered: Metered, hours: list[dt.datetime], hourly: dict[str, np.ndarray],
                       instruments: dict[str, float], limit: float | None) -> pd.DataFrame:
    """Month by month: that month's intensity and clean share (enforced method), and the year to
    date, against the annual intensity limit. Each part is annualised like the whole (its hours
    weigh hours_per_year / its hours), so the annual instruments count at their annual rate (a
    contract's MWh are not dated within the year)."""
    months = sorted({(h.year, h.month) for h in hours})
    key = np.array([(h.year, h.month) for h in hours])
    rows = []
    for y, mo in months:
        for scope, mask in (("month", (key[:, 0] == y) & (key[:, 1] == mo)),
                            ("year_to_date", (key[:, 0] * 12 + key[:, 1]) <= y * 12 + mo)):
            n = int(mask.sum())
            part = audit_hours(metered, {m: v[mask] for m, v in hourly.items()}, n, instruments)
            enforced = part.carbon[part.carbon["enforced"]].iloc[0]
            rows.append({"month": f"{y}-{mo:02d}", "scope": scope, "hours": n, "co2_t": enforced["co2_t"],
                         "energy_tce": enforced["energy_tce"], "intensity_t_per_tce": enforced["intensity_t_per_tce"],
                         "clean_energy_share": enforced["clean_energy_share"], "intensity_limit": limit,
                         "on_track": (enforced["intensity_t_per_tce"] <= limit + 1e-6) if limit is not None else None})
    return pd.DataFrame(rows)
