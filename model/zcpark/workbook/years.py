"""The build pathway's input (contract v2): the Years and YearValues sheets into a core.pathway.Pathway.

Each listed year's ParkData is the base case (Scenarios already applied) with the YearValues rows
of that year and earlier applied in year order (a row holds from its year on, until a later row
for the same cell) and its loads scaled by `load_scale`. Every problem is collected, named by
sheet, row and column, like any other input problem.
"""
from __future__ import annotations

import copy

from zcpark.core.data import ParkData
from zcpark.core.pathway import Pathway

BUILDABLE_LIMITS = {"Renewables": ("max_new_mw",), "HeatSupply": ("max_new_mw",),
                    "Storage": ("max_new_mw", "max_new_mwh")}  # a row builds nothing when all are 0
SCALED_PROFILES = ("electric_load_mw", "heat_load_mw")


def _check_years(col, years_rows) -> list[int]:
    """Years strictly increasing, in row order; returns the listed years."""
    years = []
    for rec in years_rows:
        y = rec["year"]
        if y is None:
            continue
        if years and y <= years[-1]:
            col.add("Years", rec["_row"], "year", str(y), f"a year after {years[-1]} (years strictly increasing)",
                    f"{years[-1]} 之后的年份（年份严格递增）")
            continue
        years.append(y)
    return years


def _check_year_values(col, rows, years, tables) -> None:
    """Each YearValues row: a listed year; not the discount rate (one rate for the horizon); a
    capex_* value only for a technology that can be built."""
    for r in rows:
        if r["year"] is not None and r["year"] not in years:
            col.add("YearValues", r["_row"], "year", str(r["year"]),
                    "a year listed in the Years sheet: " + ", ".join(map(str, years)),
                    "Years 表中列出的年份：" + ", ".join(map(str, years)))
        if r["sheet"] == "Park" and r["key"] in ("discount_rate", "acceptance_year", "base_year"):
            col.add("YearValues", r["_row"], "key", repr(r["key"]),
                    "a value that may change from year to year (the pathway has one discount rate, "
                    "base year and acceptance year: set them in Park)",
                    "可逐年变化的值（路线图只有一个折现率、基准年和验收年：请在 Park 表设置）")
        limits = BUILDABLE_LIMITS.get(r["sheet"])
        if limits and str(r["column"]).startswith("capex_"):
            for rec in tables[r["sheet"]]:
                if str(rec["tech"]) == str(r["key"]).strip() and all(rec.get(c) == 0 for c in limits):
                    col.add("YearValues", r["_row"], "column", repr(r["column"]),
                            f"a capex_* value only for a technology that can be built ({r['key']} has "
                            + " and ".join(f"{c} 0" for c in limits) + " in " + r["sheet"] + ")",
                            f"capex_* 只能给可新建的技术（{r['key']} 在 {r['sheet']} 中 "
                            + " 且 ".join(f"{c} 为 0" for c in limits) + "）")


def _acceptance_year(col, park, years) -> int | None:
    y = park.get("acceptance_year")
    if y is None:
        return years[-1]
    if y not in years:
        col.add("Park", col.param_rows.get(("Park", "acceptance_year")), "value", str(y),
                "a year listed in the Years sheet: " + ", ".join(map(str, years)),
                "Years 表中列出的年份：" + ", ".join(map(str, years)))
        return None
    return y


def _scaled(profiles: dict, scale: float, zones_rows=()) -> dict:
    """The Profiles of a year: the park's load columns and every load column a Zones row names times
    `scale`. With Zones, the park's load columns the base year's read derived (the sums of the zones'
    columns) are left out: workbook/zones.py sums the year's scaled zone columns again."""
    named = {r[c] for r in zones_rows for c in ("electric_load", "heat_load") if r.get(c)}
    if named:
        profiles = {name: arr for name, arr in profiles.items() if name in named or name not in SCALED_PROFILES}
    return {name: (arr * scale if name in set(SCALED_PROFILES) | named else arr) for name, arr in profiles.items()}


def _year_of(row, acceptance) -> int | None:
    """The listed year a batch's year-scoped override row is for ("acceptance": the acceptance year)."""
    return acceptance if row["year"] == "acceptance" else row["year"]


def build_pathway(park, grid, tables, profiles, col, apply_overrides, build_park_data,
                  year_overrides=()) -> Pathway | None:
    """The Pathway of a workbook with a Years sheet (None when there are problems, all recorded).
    `year_overrides`: a batch's rows for one year each (`year`: a listed year or "acceptance"),
    applied to that year only, after its YearValues rows (so a YearValues row cannot undo them)."""
    before = len(col.problems)
    years = _check_years(col, tables["Years"])
    rows = [dict(r, origin="YearValues") for r in tables["YearValues"]]
    _check_year_values(col, rows, years, tables)
    acceptance = _acceptance_year(col, park, years) if years else None
    if not years:
        return None
    for r in year_overrides:
        if _year_of(r, acceptance) not in years:
            col.add(r.get("origin", "overrides"), None, "year", str(r["year"]),
                    "a year listed in the Years sheet: " + ", ".join(map(str, years)))
    rows = [r for r in rows if r["year"] in years]  # the others are reported; the rest is still checked
    by_year = {rec["year"]: rec for rec in tables["Years"]}
    represented = {}
    for i, y in enumerate(years):
        given = by_year[y]["years_represented"]
        represented[y] = given if given is not None else (years[i + 1] - y if i + 1 < len(years) else 1)
    data: dict[int, ParkData] = {}
    notes_before = len(col.notes)
    for y in years:
        p, g, t = copy.deepcopy(park), copy.deepcopy(grid), copy.deepcopy(tables)
        apply_overrides(sorted((r for r in rows if r["year"] <= y), key=lambda r: (r["year"], r["_row"])), p, g, t, col)
        apply_overrides([r for r in year_overrides if _year_of(r, acceptance) == y], p, g, t, col)
        data[y] = build_park_data(p, g, t, _scaled(profiles, by_year[y]["load_scale"], t.get("Zones", [])), col)
    # a YearValues row applies to every later year too: report its problem (and a year's notes) once
    col.problems[before:] = list(dict.fromkeys(col.problems[before:]))
    col.notes[notes_before:] = [n for n in dict.fromkeys(col.notes[notes_before:]) if n not in col.notes[:notes_before]]
    if len(col.problems) > before or any(d is None for d in data.values()):
        return None
    return Pathway(years, represented, data, acceptance, park["discount_rate"])
