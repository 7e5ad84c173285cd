"""Build the three example input workbooks of zcpark (contract: shared/spec/workbook.md).

    .venv/bin/python data/build_examples.py

writes data/inland_park.xlsx, data/coastal_park.xlsx, data/computing_park.xlsx,
data/pathway_demo.xlsx (the inland park over a 2026-2030 build pathway) and data/pilot_zone_demo.xlsx
(the coastal park as a park within a park, 园中园); name some of them
(`... build_examples.py pathway_demo`) to write only those.
Every hourly profile is synthetic, made by zcpark.siteprofiles.profiles with a fixed seed (pvlib PV on seeded
synthetic weather, power-curve wind, archetype loads); each workbook's README sheet labels every
Profiles column (synthetic, method, seed, site). Every cost and policy number is cited in
data/SOURCES.md.
Output is byte-for-byte reproducible: same seed, same numbers, fixed zip and document timestamps.
"""
import io
import re
import zipfile
from pathlib import Path

import numpy as np
from openpyxl import Workbook

from zcpark.siteprofiles import profiles as pr
from zcpark.siteprofiles import weather as wx
from zcpark.workbook.schema import ELECTRICITY_TCE_EQUIVALENT, GUIDING_INDICATORS, NDRC_910_GRID_FACTOR

OUT_DIR = Path(__file__).resolve().parent
YEAR = 2025  # calendar of the examples: 1 January is a Wednesday; no public holidays
N_HOURS = 8760
FIXED_ZIP_TIME = (2025, 1, 1, 0, 0, 0)

# ---- Shared defaults (every number cited in data/SOURCES.md) -----------------------------
DISCOUNT_RATE = 0.08
ELEC_TCE_PER_MWH = 0.1229  # GB/T 2589-2020, 当量值
EF_AVERAGE = {"north": 0.6361, "east": 0.5500, "northwest": 0.5543}  # MEE/NBS 2023 regional
EF_FOSSIL, EF_RESIDUAL = 0.8273, 0.6096  # MEE/NBS 2023 national
BATT_CAPEX_KW, BATT_CAPEX_KWH = 300.0, 404.0  # split of CNESA 2025 2 h / 4 h LFP averages
GEC_PRICE = 5.2  # CNY per certificate (= 1 MWh), 2025 production year, Oct 2025
TOU_GUANGDONG = {"peak": 1.7, "flat": 1.0, "valley": 0.38}
TOU_WEST = {"peak": 1.5, "flat": 1.0, "valley": 0.5}
LINE_LIFETIME_YR, LINE_FOM = 40, 0.015


# ---- Synthetic profiles (zcpark.siteprofiles.profiles; methods in data/SOURCES.md) -----------------------
class ProfileSet:
    """Profiles columns of one park plus, for each, its README label (synthetic, method, seed, site)."""

    def __init__(self):
        self.columns, self.labels = {}, {}

    def add(self, column, values, unit, method, seed, lat, lon):
        self.columns[column] = values
        self.labels[column] = (unit, method, seed, lat, lon)

    def pv(self, column, lat, lon, tilt, seed, climate):
        values = pr.pv_capacity_factor(lat, lon, YEAR, tilt=tilt, seed=seed, climate=climate)
        self.add(column, values, "per MWp", pr.pv_method(climate, tilt, 180.0), seed, lat, lon)

    def wind(self, column, lat, lon, seed, climate, shared=None):
        values = pr.wind_capacity_factor(lat, lon, YEAR, seed=seed, climate=climate, shared=shared)
        self.add(column, values, "per MW", pr.wind_method(climate, pr.WIND_HUB_HEIGHT_M, shared=shared),
                 seed, lat, lon)

    def load(self, column, parts, seed, lat, lon):
        """Sum of load archetypes: parts = [(archetype, peak_mw, overrides), ...], one seed."""
        values = sum(pr.load_shape(a, peak, seed, YEAR, **extra) for a, peak, extra in parts)
        method = " + ".join(pr.load_method(a, peak, **extra) for a, peak, extra in parts)
        self.add(column, values, "MW", method, seed, lat, lon)

    def readme_rows(self, rounded):
        return [pr.readme_row(c, rounded[c], unit, method, seed, lat, lon)
                for c, (unit, method, seed, lat, lon) in self.labels.items()]


# ---- Workbook assembly ----------------------------------------------------------------------
def tariff_rows(flat_price, ratios, periods):
    """24 Tariff rows; periods maps hour -> period label (default flat)."""
    return [[h, periods.get(h, "flat"), round(flat_price * ratios[periods.get(h, "flat")], 2)]
            for h in range(24)]


def hours(label, *ranges):
    return {h: label for lo, hi in ranges for h in range(lo, hi)}


def targets(carbon, clean, hourly, hourly_enforce):
    return [["carbon_intensity_max", carbon, "yes"], ["clean_energy_share_min", clean, "yes"],
            ["hourly_matching_min", hourly, hourly_enforce], ["co2_cap_t", None, "no"],
            ["direct_self_use_min", 0.6, "yes"], ["direct_consumption_share_min", 0.3, "yes"],
            ["direct_feed_in_max", 0.2, "yes"]]


def park_rows(name, province, gec_counts):
    return [["name", name, None, None], ["province", province, None, None],
            ["discount_rate", DISCOUNT_RATE, "1/yr", "real"],
            ["hours_per_year", N_HOURS, "h", None],
            ["electricity_tce_per_mwh", ELEC_TCE_PER_MWH, "tce/MWh", "GB/T 2589-2020 当量值"],
            ["electricity_tce_per_mwh_equivalent", ELECTRICITY_TCE_EQUIVALENT, "tce/MWh",
             "等价值, national 供电标准煤耗 ~300 gce/kWh (data/SOURCES.md: not verified)"],
            ["ndrc_910_emission_factor", NDRC_910_GRID_FACTOR, "tCO2/MWh", "910号 附件4"],
            ["carbon_method", "ndrc_910", None, "ndrc_910 (acceptance) | average_factor | fossil_factor | market_based"],
            ["gec_counts_for_carbon", gec_counts, "yes/no", None]]


def grid_rows(import_mw, export_mw, export_price, demand_charge, region):
    ef = EF_AVERAGE[region]
    return [["import_max_mw", import_mw, "MW", None], ["export_max_mw", export_mw, "MW", "0: no export"],
            ["export_price_cny_per_mwh", export_price, "CNY/MWh", "coal benchmark price"],
            ["demand_charge_cny_per_kw_month", demand_charge, "CNY/kW-month", "on peak import"],
            ["emission_factor_average", ef, "tCO2/MWh", f"MEE/NBS 2023, {region} China grid"],
            ["emission_factor_fossil", EF_FOSSIL, "tCO2/MWh", "MEE/NBS 2023, national"],
            ["emission_factor_residual", EF_RESIDUAL, "tCO2/MWh", "MEE/NBS 2023, national"],
            ["clean_share", round(1 - ef / EF_FOSSIL, 3), "share", "derived: 1 - average / fossil"],
            ["export_certificates_sold", "no", "yes/no", "ndrc_910: exports netted from imports"]]


def guiding_rows():
    """The 910号 附件3 guiding indicators a synthetic park has no data for: left out, with the reason."""
    return [[indicator, None, "synthetic example park: no enterprise statistics", None]
            for indicator in GUIDING_INDICATORS]


def battery(tech, e2p_min, e2p_max, max_mw, max_mwh, existing_mw=0.0, existing_mwh=0.0):
    return [tech, "battery", BATT_CAPEX_KW, BATT_CAPEX_KWH, 25.0, 15, 0.95, 0.95, 0.0002,
            e2p_min, e2p_max, existing_mw, existing_mwh, max_mw, max_mwh]


HEADERS = {
    "Park": ["parameter", "value", "unit", "note"],
    "Targets": ["indicator", "value", "enforce"],
    "Renewables": ["tech", "kind", "site", "profile", "capex_cny_per_kw", "fom_cny_per_kw_yr",
                   "vom_cny_per_mwh", "lifetime_yr", "existing_mw", "max_new_mw", "min_new_mw",
                   "unit_mw", "hard_limit"],
    "Storage": ["tech", "kind", "capex_cny_per_kw", "capex_cny_per_kwh", "fom_cny_per_kw_yr",
                "lifetime_yr", "eta_charge", "eta_discharge", "self_discharge_per_h", "e2p_min_h",
                "e2p_max_h", "existing_mw", "existing_mwh", "max_new_mw", "max_new_mwh", "hard_limit"],
    "HeatSupply": ["tech", "kind", "fuel", "efficiency", "profile", "capex_cny_per_kw",
                   "fom_cny_per_kw_yr", "vom_cny_per_mwh", "lifetime_yr", "existing_mw",
                   "max_new_mw", "hard_limit"],
    "Fuels": ["fuel", "price_cny_per_mwh", "tce_per_mwh", "co2_t_per_mwh", "clean"],
    "DirectLines": ["line", "option", "capacity_mw", "length_km", "capex_cny_per_km",
                    "fixed_capex_cny", "loss_fraction", "fom_fraction_per_yr", "lifetime_yr"],
    "Grid": ["parameter", "value", "unit", "note"],
    "Tariff": ["hour", "period", "price_cny_per_mwh"],
    "GreenMarket": ["product", "price_cny_per_mwh", "max_mwh_per_yr", "shape", "hard_limit"],
    "Guiding": ["indicator", "value", "reason", "source"],
    "Scenarios": ["scenario", "sheet", "key", "column", "value"],
}
SHEET_PURPOSE = {
    "Park": "name, province, discount rate, tce coefficients (当量值, 等价值), carbon accounting method (ndrc_910)",
    "Targets": "acceptance indicators (发改环资〔2025〕910号, 发改能源〔2025〕650号); enforce yes/no",
    "Renewables": "candidate PV / wind plants: site onsite or a DirectLines line id",
    "Storage": "battery (electricity bus) and thermal (heat bus) stores",
    "HeatSupply": "heat converters: heat pump, electric boiler, fuel boiler",
    "Fuels": "fuel prices, tce and CO2 per MWh of fuel energy, clean yes/no",
    "DirectLines": "green direct-connection line options (at most one per line is built)",
    "Grid": "import/export limits, demand charge, grid emission factors",
    "Tariff": "time-of-use energy price by hour of day (0-23)",
    "GreenMarket": "green power (premium over grid price) and green certificates (GEC)",
    "Guiding": "910号 附件3 guiding indicators: left out (no enterprise data in a synthetic park)",
    "Profiles": "8760 hourly rows: loads, capacity factors, COP (all synthetic)",
    "Scenarios": "example one-cell overrides of the base case",
}


def readme_rows(description, profile_set, rounded):
    """README sheet: park description, sheet purposes, then one row per Profiles column."""
    blank = [None] * (len(pr.README_HEADER) - 2)
    rows = [["park", description, *blank]]
    rows += [[f"sheet {name}", text, *blank] for name, text in SHEET_PURPOSE.items()]
    rows.append(["Synthetic profiles", f"All Profiles columns are SYNTHETIC (not measured): zcpark.siteprofiles.profiles, "
                 f"calendar {YEAR} (1 Jan = Wednesday, no holidays), hour of day = Beijing time; one row per "
                 "column below gives status, method, seed and site. Regenerate with data/build_examples.py.",
                 *blank])
    rows += profile_set.readme_rows(rounded)
    rows.append(["sources", "Every default number is cited in data/SOURCES.md (verified/unverified).", *blank])
    return rows


def finish(sheets, profiles):
    """Round profiles, add the hour column, check bounds, store the Profiles sheet; return columns."""
    cols = {"hour": np.arange(1, N_HOURS + 1)}
    for name, values in profiles.items():
        digits = 4 if name.startswith(("cf_", "cop_")) else 3
        cols[name] = np.round(values, digits)
        assert len(cols[name]) == N_HOURS and np.all(np.isfinite(cols[name])), name
        if name.startswith("cf_"):
            assert cols[name].min() >= 0 and cols[name].max() <= 1, name
    sheets["Profiles"] = (list(cols), [list(r) for r in zip(*(c.tolist() for c in cols.values()))])
    return cols


def write_workbook(path, sheets):
    """Write sheets {name: (header, rows)} in contract order with stable bytes."""
    wb = Workbook(write_only=True)
    for name, (header, rows) in sheets.items():
        ws = wb.create_sheet(name)
        ws.append(header)
        for row in rows:
            ws.append(row)
    buf = io.BytesIO()
    wb.save(buf)
    stable = io.BytesIO()
    with zipfile.ZipFile(buf) as zin, zipfile.ZipFile(stable, "w", zipfile.ZIP_DEFLATED) as zout:
        for info in zin.infolist():
            data = zin.read(info.filename)
            if info.filename == "docProps/core.xml":
                data = re.sub(rb"(<dcterms:(?:created|modified)[^>]*>)[^<]*",
                              rb"\g<1>2025-01-01T00:00:00Z", data)
            zout.writestr(zipfile.ZipInfo(info.filename, FIXED_ZIP_TIME), data,
                          compress_type=zipfile.ZIP_DEFLATED)
    path.write_bytes(stable.getvalue())


HARD_LIMIT_SHEETS = ("Renewables", "Storage", "HeatSupply", "GreenMarket")


def with_hard_limits(tables, hard=()):
    """Every row of the sheets with a `hard_limit` column says yes (its id in `hard`: a roof, a
    site area) or no; the Grid says whether its import limit is physical (no in every example)."""
    for name in HARD_LIMIT_SHEETS:
        tables[name] = [[*row, "yes" if row[0] in hard else "no"] for row in tables.get(name, [])]
    tables["Grid"] = [*tables["Grid"], ["import_max_hard", "no", "yes/no", "the connection can be reinforced"]]
    return tables


PATHWAY_HEADERS = {"Years": ["year", "load_scale", "years_represented"],
                   "YearValues": ["year", "sheet", "key", "column", "value"]}
# Contract v2 zones (only pilot_zone_demo.xlsx): the zone column goes before hard_limit, which
# with_hard_limits appends to every row.
ZONES_HEADER = ["zone", "name", "in_boundary", "electric_load", "heat_load", "link_max_mw"]


def zone_headers():
    """HEADERS with the zone column on the asset sheets and the scope column on Targets."""
    headers = dict(HEADERS)
    for name in ("Renewables", "Storage", "HeatSupply"):
        headers[name] = [*HEADERS[name][:-1], "zone", "hard_limit"]
    headers["Targets"] = [*HEADERS["Targets"], "scope"]
    return headers


def assemble(path, description, tables, profile_set, hard=(), headers=HEADERS):
    tables = with_hard_limits(dict(tables), hard)
    sheets = {"README": (pr.README_HEADER, [])}
    for name in headers:
        if name != "Scenarios":
            sheets[name] = (headers[name], tables.get(name, []))
    cols = finish(sheets, profile_set.columns)
    sheets["Scenarios"] = (headers["Scenarios"], tables.get("Scenarios", []))
    for name, header in PATHWAY_HEADERS.items():  # a build pathway (only pathway_demo.xlsx)
        if name in tables:
            sheets[name] = (header, tables[name])
    if "Zones" in tables:  # a park within a park (only pilot_zone_demo.xlsx)
        sheets["Zones"] = (ZONES_HEADER, tables["Zones"])
    sheets["README"] = (pr.README_HEADER, readme_rows(description, profile_set, cols))
    write_workbook(path, sheets)
    return cols


# ---- Parks ------------------------------------------------------------------------------------
# Seeds are fixed per site; a column's README row names its seed. PV and wind of one site with one
# seed share that site's synthetic weather (clouds, temperature and wind are separate streams).
def inland_park(pathway=False):
    """Ordos-type heavy-industry park, Inner Mongolia (Mengxi grid, North China region).
    `pathway`: the same park over the 2026-2030 build period (pathway_demo)."""
    lat, lon = 39.6, 109.8
    remote_lat, remote_lon = 40.0, 109.2  # wind farm and PV plant about 70 km away, via line_a
    profiles = ProfileSet()
    profiles.load("electric_load_mw", [("continuous", 153.0, {}), ("shift", 77.0, {})], 101, lat, lon)
    profiles.pv("cf_pv_onsite", lat, lon, 30.0, 101, "ordos")
    profiles.wind("cf_wind_remote", remote_lat, remote_lon, 102, "ordos")
    profiles.pv("cf_pv_remote", remote_lat, remote_lon, 35.0, 102, "ordos")
    tables = {
        "Park": park_rows("鄂尔多斯零碳产业园(示例)", "内蒙古", "no"),
        "Targets": targets(0.2, 0.9, 0.5, "no"),
        "Renewables": [
            ["pv_onsite", "pv", "onsite", "cf_pv_onsite", 3500.0, 45.0, 0.0, 25, 10.0, 80.0, 0.0, None],
            ["wind_remote", "wind", "line_a", "cf_wind_remote", 3800.0, 90.0, 0.0, 20, 0.0, 625.0, 0.0, 6.25],
            ["pv_remote", "pv", "line_a", "cf_pv_remote", 3000.0, 40.0, 0.0, 25, 0.0, 400.0, 0.0, None]],
        "Storage": [battery("battery_lfp", 1.0, 4.0, 200.0, 800.0)],
        "DirectLines": [
            ["line_a", "220kv_single", 300.0, 90.0, 800000.0, 60e6, 0.025, LINE_FOM, LINE_LIFETIME_YR],
            ["line_a", "220kv_double", 600.0, 90.0, 1400000.0, 90e6, 0.02, LINE_FOM, LINE_LIFETIME_YR],
            ["line_a", "330kv_single", 700.0, 95.0, 1300000.0, 150e6, 0.015, LINE_FOM, LINE_LIFETIME_YR]],
        "Grid": grid_rows(320.0, 20.0, 282.9, 28.0, "north"),
        "Tariff": tariff_rows(400.0, TOU_WEST,
                              {**hours("valley", (0, 6), (10, 15)), **hours("peak", (17, 22))}),
        "GreenMarket": [["green_power", 10.0, 1600000.0, "flat"], ["gec", GEC_PRICE, 2000000.0, None]],
        "Guiding": guiding_rows(),
        "Scenarios": [
            ["direct_2030", "Targets", "direct_consumption_share_min", "value", 0.35],
            ["gec_counts", "Park", "gec_counts_for_carbon", "value", "yes"],
            ["short_330kv", "DirectLines", "line_a/330kv_single", "length_km", 70.0]],
    }
    description = ("Wind- and solar-rich heavy-industry park of the Ordos type (Inner Mongolia, "
                   "Mengxi grid): ~190 MW continuous process + two-shift load, onsite PV, a remote "
                   "wind farm (6.25 MW turbines) and PV plant via green direct line line_a "
                   "(3 options), one battery, green power and certificates; no heat load.")
    if pathway:
        tables.update(pathway_tables())
        tables["Park"] = [*tables["Park"], *PATHWAY_PARK]
        description += PATHWAY_STORY
        return assemble(OUT_DIR / "pathway_demo.xlsx", description, tables, profiles)
    return assemble(OUT_DIR / "inland_park.xlsx", description, tables, profiles)


# ---- The build pathway of pathway_demo.xlsx (contract v2 Years / YearValues) ------------------------------
# Sources and status of every trajectory: data/SOURCES.md "Build pathway". Cited: the grid factor's
# fall (MEE/NBS national averages 2021 and 2023), the 910号 limits of the acceptance year, Hunan's
# 2027 milestone (notes, not re-read). Still illustrative: load growth and the PV and battery price
# declines (no CPIA or CNESA yearly figures were found to cite).
PATHWAY_YEARS = (2026, 2027, 2028, 2029, 2030)
LOAD_GROWTH = 0.04          # per year after 2026 (unverified, illustrative)
PV_DECLINE = 0.05           # capex per year (unverified; CPIA roadmap direction, no yearly figure found)
BATTERY_DECLINE = 0.08      # capex per year (unverified; CNESA price trend direction, no yearly figure found)
# The national average factor fell from 0.5568 (2021) to 0.5306 (2023) tCO2/MWh (MEE/NBS, verified):
# (0.5306 / 0.5568) ** 0.5 = 0.9762 a year. The North China factor of 2023 (0.6361, the latest
# published) is used in 2026 and falls at that rate (a projection; ndrc_910's 0.8325 is fixed by 附件4).
GRID_EF_YEARLY = (0.5306 / 0.5568) ** 0.5
# Hunan's milestone for 2027 (core <= 1.0 tCO2/tce for parks below 100万 tce, clean share >= 60 %),
# held from 2026, then straight lines to the 910号 limits in the acceptance year 2030 (0.2, 90 %).
INTENSITY_PATH = {2026: 1.0, 2027: 1.0, 2028: 0.7333, 2029: 0.4667, 2030: 0.2}   # tCO2/tce
CLEAN_PATH = {2026: 0.6, 2027: 0.6, 2028: 0.7, 2029: 0.8, 2030: 0.9}
PATHWAY_PARK = [["base_year", 2025, "yr", "base year of the build period"],
                ["typical_days", 6, "days", "a 5-year pathway is sized on typical days (full-year check of 2030)"]]
PATHWAY_STORY = (" Build pathway 2026-2030 (base year 2025): loads grow 4 %/yr, PV and battery prices fall "
                 "(illustrative), the grid factor falls 2.4 %/yr (MEE/NBS 2021-2023), targets go from Hunan's 2027 "
                 "milestone (1.0 tCO2/tce, 60 % clean) to the 910号 limits in 2030 (data/SOURCES.md).")


def pathway_tables():
    """Years and YearValues of pathway_demo.xlsx: loads, prices of each year's builds, targets, grid factor."""
    years = [[y, round(1.0 + LOAD_GROWTH * i, 4), None] for i, y in enumerate(PATHWAY_YEARS)]
    values = []
    for i, y in enumerate(PATHWAY_YEARS):
        values += [[y, "Targets", "carbon_intensity_max", "value", INTENSITY_PATH[y]],
                   [y, "Targets", "clean_energy_share_min", "value", CLEAN_PATH[y]],
                   [y, "Grid", "emission_factor_average", "value", round(EF_AVERAGE["north"] * GRID_EF_YEARLY ** i, 4)]]
        if i:
            pv_factor, battery_factor = (1 - PV_DECLINE) ** i, (1 - BATTERY_DECLINE) ** i
            values += [[y, "Renewables", "pv_onsite", "capex_cny_per_kw", round(3500.0 * pv_factor, 1)],
                       [y, "Renewables", "pv_remote", "capex_cny_per_kw", round(3000.0 * pv_factor, 1)],
                       [y, "Storage", "battery_lfp", "capex_cny_per_kw", round(BATT_CAPEX_KW * battery_factor, 1)],
                       [y, "Storage", "battery_lfp", "capex_cny_per_kwh", round(BATT_CAPEX_KWH * battery_factor, 1)]]
    return {"Years": years, "YearValues": values}


def suzhou_heat_pump_cop(profiles, lat: float, lon: float) -> None:
    """cop_heat_pump of the Suzhou-type parks (coastal, pilot zone): the heat pump sees the same
    synthetic air temperature as the rooftop PV (same site, seed 201)."""
    temp_air = wx.synthetic_weather(lat, lon, YEAR, seed=201, climate="suzhou")["temp_air"].to_numpy()
    profiles.add("cop_heat_pump", pr.heat_pump_cop(temp_air), "COP",
                 "COP = clip(3.0 + 0.035 x (T - 16.5 C), 2.2, 3.6); T = synthetic air temperature of "
                 "climate 'suzhou' (annual and diurnal cosines + AR(1) weather noise)", 201, lat, lon)


def coastal_park():
    """Land-limited Jiangsu manufacturing park (East China grid) with process heat."""
    lat, lon = 31.3, 120.6
    profiles = ProfileSet()
    profiles.load("electric_load_mw", [("shift", 187.0, {"night": 0.45, "weekend": 0.6}),
                                       ("continuous", 59.0, {})], 201, lat, lon)
    profiles.load("heat_load_mw", [("continuous", 21.0, {"season_amp": 0.15}),
                                   ("shift", 37.5, {"night": 0.1, "weekend": 0.5, "season_amp": 0.15})],
                  202, lat, lon)
    profiles.pv("cf_pv_onsite", lat, lon, 10.0, 201, "suzhou")
    suzhou_heat_pump_cop(profiles, lat, lon)
    gas_price = 380.0  # CNY/MWh of fuel energy (~3.8 CNY/m3, ~10 kWh/m3)
    tables = {
        "Park": park_rows("苏州工业园零碳示范区(示例)", "江苏", "yes"),
        "Targets": targets(0.2, 0.9, 0.5, "no"),
        "Renewables": [["pv_rooftop", "pv", "onsite", "cf_pv_onsite", 3600.0, 50.0, 0.0, 25, 8.0, 60.0, 0.0, None]],
        "Storage": [battery("battery_lfp", 1.0, 4.0, 60.0, 240.0),
                    ["heat_tank", "thermal", 50.0, 40.0, 2.0, 25, 0.98, 0.98, 0.003, 2.0, 12.0,
                     0.0, 0.0, 60.0, 600.0]],
        "HeatSupply": [
            ["gas_boiler", "fuel_boiler", "natural_gas", 0.92, None, 200.0, 10.0, 5.0, 20, 60.0, 0.0],
            ["heat_pump", "heat_pump", None, None, "cop_heat_pump", 2000.0, 30.0, 2.0, 15, 0.0, 80.0],
            ["electric_boiler", "electric_boiler", None, 0.99, None, 300.0, 6.0, 1.0, 20, 0.0, 80.0]],
        "Fuels": [["natural_gas", gas_price, ELEC_TCE_PER_MWH, 0.202, "yes"],
                  ["coal", 140.0, ELEC_TCE_PER_MWH, 0.341, "no"]],
        "Grid": grid_rows(300.0, 10.0, 391.0, 40.0, "east"),
        "Tariff": tariff_rows(650.0, TOU_GUANGDONG,
                              {**hours("valley", (0, 8)), **hours("peak", (8, 11), (17, 22))}),
        "GreenMarket": [["green_power", 30.0, 1800000.0, "flat"], ["gec", GEC_PRICE, 2000000.0, None]],
        "Guiding": guiding_rows(),
        "Scenarios": [
            ["no_gec_credit", "Park", "gec_counts_for_carbon", "value", "no"],
            ["gas_450", "Fuels", "natural_gas", "price_cny_per_mwh", 450.0],
            ["more_roofs", "Renewables", "pv_rooftop", "max_new_mw", 90.0]],
    }
    description = ("Land-limited manufacturing park in southern Jiangsu (East China grid): "
                   "~180 MW shift-dominated load plus ~37 MW average process heat from an existing gas "
                   "boiler; rooftop PV only, strong TOU spread (1.7:1:0.38), heat pump, electric "
                   "boiler, hot-water store and battery; green power and certificates are the "
                   "main levers; no direct line (DirectLines has its header only).")
    return assemble(OUT_DIR / "coastal_park.xlsx", description, tables, profiles, hard=("pv_rooftop",))  # the roofs


def pilot_zone_demo():
    """The coastal park as a park within a park (园中园): a pilot area of three enterprises (the boundary)
    inside the larger Suzhou-type host park, sharing its substation, grid connection and battery."""
    lat, lon = 31.3, 120.6
    profiles = ProfileSet()
    # the pilot area: a continuous-process plant and two one-shift assembly plants (~55 MW peak)
    profiles.load("load_pilot_mw", [("continuous", 18.0, {}), ("shift", 37.0, {"night": 0.3, "weekend": 0.5})],
                  203, lat, lon)
    profiles.load("heat_pilot_mw", [("shift", 12.0, {"night": 0.1, "weekend": 0.5, "season_amp": 0.15})],
                  204, lat, lon)
    # the rest of the host park: the coastal park's load less the pilot area's (same archetypes)
    profiles.load("load_rest_mw", [("shift", 150.0, {"night": 0.45, "weekend": 0.6}), ("continuous", 41.0, {})],
                  201, lat, lon)
    profiles.load("heat_rest_mw", [("continuous", 21.0, {"season_amp": 0.15}),
                                   ("shift", 25.5, {"night": 0.1, "weekend": 0.5, "season_amp": 0.15})],
                  202, lat, lon)
    profiles.pv("cf_pv_onsite", lat, lon, 10.0, 201, "suzhou")
    suzhou_heat_pump_cop(profiles, lat, lon)
    gas_price = 380.0  # CNY/MWh of fuel energy (~3.8 CNY/m3, ~10 kWh/m3), as coastal_park
    tables = {
        "Park": park_rows("苏州工业园零碳试点区(园中园示例)", "江苏", "yes"),
        "Targets": [[*row, "boundary"] for row in targets(0.2, 0.9, 0.5, "no")[:4]],
        "Renewables": [
            ["pv_roof_pilot", "pv", "onsite", "cf_pv_onsite", 3600.0, 50.0, 0.0, 25, 2.0, 25.0, 0.0, None, "pilot"],
            ["pv_roof_rest", "pv", "onsite", "cf_pv_onsite", 3600.0, 50.0, 0.0, 25, 6.0, 35.0, 0.0, None, "others"]],
        "Storage": [[*battery("battery_lfp", 1.0, 4.0, 60.0, 240.0), ""],  # at the shared substation
                    ["heat_tank_pilot", "thermal", 50.0, 40.0, 2.0, 25, 0.98, 0.98, 0.003, 2.0, 12.0,
                     0.0, 0.0, 20.0, 200.0, "pilot"]],
        "HeatSupply": [
            ["gas_boiler_pilot", "fuel_boiler", "natural_gas", 0.92, None, 200.0, 10.0, 5.0, 20, 15.0, 0.0, "pilot"],
            ["heat_pump_pilot", "heat_pump", None, None, "cop_heat_pump", 2000.0, 30.0, 2.0, 15, 0.0, 30.0, "pilot"],
            ["gas_boiler_rest", "fuel_boiler", "natural_gas", 0.92, None, 200.0, 10.0, 5.0, 20, 55.0, 0.0, "others"],
            ["heat_pump_rest", "heat_pump", None, None, "cop_heat_pump", 2000.0, 30.0, 2.0, 15, 0.0, 60.0, "others"]],
        "Fuels": [["natural_gas", gas_price, ELEC_TCE_PER_MWH, 0.202, "yes"]],
        "Grid": grid_rows(300.0, 10.0, 391.0, 40.0, "east"),
        "Tariff": tariff_rows(650.0, TOU_GUANGDONG,
                              {**hours("valley", (0, 8)), **hours("peak", (8, 11), (17, 22))}),
        "GreenMarket": [["green_power", 30.0, 1800000.0, "flat"], ["gec", GEC_PRICE, 2000000.0, None]],
        "Guiding": guiding_rows(),
        "Zones": [["pilot", "零碳试点区 pilot area (3 enterprises)", "yes", "load_pilot_mw", "heat_pilot_mw", 60.0],
                  ["others", "园区其余 rest of the host park", "no", "load_rest_mw", "heat_rest_mw", None]],
        "Scenarios": [
            ["tight_link", "Zones", "pilot", "link_max_mw", 40.0],
            ["host_target", "Targets", "clean_energy_share_min", "scope", "park"]],
    }
    description = ("Park within a park (园中园), derived from coastal_park: a ~55 MW pilot area of three "
                   "enterprises (zone pilot, the boundary the targets apply to: 0.2 tCO2/tce enforced) inside a "
                   "~190 MW Suzhou-type host park (zone others). Both have rooftop PV, gas boilers and heat pumps on "
                   "their own bus; the grid connection, green power and the battery are on the shared substation "
                   "(common bus); the pilot's feeders carry at most 60 MW each way. Results: the Zones and "
                   "CarbonByScope sheets show what the pilot area claims under each attribution rule and what the "
                   "host park sees, with the leakage figure in Summary.")
    return assemble(OUT_DIR / "pilot_zone_demo.xlsx", description, tables, profiles, hard=("pv_roof_pilot", "pv_roof_rest"),
                    headers=zone_headers())


def computing_park():
    """Ningxia (Zhongwei-type) computing-centre park, Northwest grid."""
    lat, lon = 37.5, 105.2
    remote_lat, remote_lon = 37.8, 105.7  # remote wind farm about 60 km away, via line_a
    regional = (300, 0.6)  # both wind farms share weather systems: latent correlation 0.6
    profiles = ProfileSet()
    profiles.load("electric_load_mw", [("data_centre", 108.3, {})], 301, lat, lon)
    profiles.pv("cf_pv_onsite", lat, lon, 33.0, 301, "zhongwei")
    profiles.wind("cf_wind_onsite", lat, lon, 301, "zhongwei", shared=regional)
    profiles.wind("cf_wind_remote", remote_lat, remote_lon, 302, "zhongwei", shared=regional)
    tables = {
        "Park": park_rows("中卫算力零碳园区(示例)", "宁夏", "no"),
        "Targets": targets(0.2, 0.9, 0.8, "yes"),
        "Renewables": [
            ["pv_onsite", "pv", "onsite", "cf_pv_onsite", 3100.0, 40.0, 0.0, 25, 0.0, 300.0, 0.0, None],
            ["wind_onsite", "wind", "onsite", "cf_wind_onsite", 3900.0, 90.0, 0.0, 20, 0.0, 300.0, 0.0, 6.25],
            ["wind_remote", "wind", "line_a", "cf_wind_remote", 3700.0, 90.0, 0.0, 20, 0.0, 250.0, 50.0, 6.25]],
        "Storage": [battery("battery_lfp_2h", 2.0, 2.0, 150.0, 300.0, 20.0, 40.0),
                    battery("battery_lfp_4h", 4.0, 4.0, 150.0, 600.0)],
        "DirectLines": [["line_a", "220kv_single", 250.0, 60.0, 800000.0, 50e6, 0.02, LINE_FOM,
                         LINE_LIFETIME_YR]],
        "Grid": grid_rows(160.0, 0.0, 259.5, 30.0, "northwest"),
        "Tariff": tariff_rows(420.0, TOU_WEST,
                              {**hours("valley", (0, 6), (10, 16)), **hours("peak", (18, 23))}),
        "GreenMarket": [["green_power", 15.0, 900000.0, "cf_wind_onsite"],
                        ["gec", GEC_PRICE, 1000000.0, None]],
        "Guiding": guiding_rows(),
        "Scenarios": [
            ["hourly_90", "Targets", "hourly_matching_min", "value", 0.9],
            ["green_flat", "GreenMarket", "green_power", "shape", "flat"],
            ["cheap_storage", "Storage", "battery_lfp_4h", "capex_cny_per_kwh", 300.0]],
    }
    description = ("Computing-centre park of the Ningxia/Gansu type (Northwest grid): flat "
                   "~100 MW 24/7 data-centre load, onsite PV and wind, a remote wind farm via one "
                   "direct-line option, 2 h and 4 h batteries (20 MW / 40 MWh existing), green "
                   "power shaped like wind; 80% hourly matching enforced.")
    return assemble(OUT_DIR / "computing_park.xlsx", description, tables, profiles)


def pathway_demo():
    return inland_park(pathway=True)


if __name__ == "__main__":
    import sys

    builds = (inland_park, coastal_park, computing_park, pathway_demo, pilot_zone_demo)
    for build in [b for b in builds if b.__name__ in sys.argv[1:]] or builds:
        cols = build()
        means = ", ".join(f"{k} {v.mean():.3f}" for k, v in cols.items() if k != "hour")
        print(f"{build.__name__}: {means}")
