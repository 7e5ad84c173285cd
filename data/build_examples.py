"""Build the three example input workbooks of zcpark (contract: shared/spec/workbook.md).

    .venv/bin/python data/build_examples.py

writes data/inland_park.xlsx, data/coastal_park.xlsx and data/computing_park.xlsx.
Every hourly profile is synthetic (seeded numpy RNG + simple physics, see each workbook's
README sheet and data/SOURCES.md); every cost and policy number is cited in data/SOURCES.md.
Output is byte-for-byte reproducible: same seed, same numbers, fixed zip and document timestamps.
"""
import io
import re
import zipfile
import zlib
from pathlib import Path

import numpy as np
from openpyxl import Workbook

OUT_DIR = Path(__file__).resolve().parent
N_HOURS, N_DAYS = 8760, 365
FIRST_WEEKDAY = 2  # calendar year 2025: 1 January is a Wednesday (Monday = 0); no holidays
HOUR = np.arange(N_HOURS) % 24  # Profiles row k falls at hour of day (k - 1) mod 24
DAY = np.arange(N_HOURS) // 24  # day of year - 1
WEEKEND = ((DAY + FIRST_WEEKDAY) % 7) >= 5
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

# Synthetic-weather parameters
WIND_CUT_IN, WIND_RATED, WIND_CUT_OUT = 3.0, 12.0, 25.0  # m/s, generic 3-anchor power curve
WIND_LOSS = 0.88  # availability + wake + electrical losses applied to the power curve
WIND_HOURLY_RHO = 0.985  # AR(1) persistence of the Gaussian components
CLOUD_DAILY_RHO, CLOUD_CONC = 0.5, 6.0  # AR(1) of daily clearness; Beta concentration


def stream(seed, name):
    """Independent, reproducible random stream per (park seed, profile name)."""
    return np.random.default_rng([seed, zlib.crc32(name.encode())])


def ar1(rng, n, rho, sigma=1.0):
    """Stationary Gaussian AR(1) series with marginal standard deviation sigma."""
    eps = rng.standard_normal(n) * sigma * np.sqrt(1.0 - rho * rho)
    x = np.empty(n)
    x[0] = rng.standard_normal() * sigma
    for t in range(1, n):
        x[t] = rho * x[t - 1] + eps[t]
    return x


def seasonal(day, peak_day, amplitude):
    """1 + amplitude * cos over the year, maximal on peak_day."""
    return 1.0 + amplitude * np.cos(2 * np.pi * (day - peak_day) / N_DAYS)


# ---- Solar PV -----------------------------------------------------------------------------
def solar_geometry(lat_deg, lon_deg, tilt_deg):
    """cos(zenith) and cos(incidence on an equator-facing plane) at mid-hour, Beijing time."""
    doy = DAY + 1
    g = 2 * np.pi * (doy - 1) / N_DAYS
    eot_min = 229.18 * (0.000075 + 0.001868 * np.cos(g) - 0.032077 * np.sin(g)
                        - 0.014615 * np.cos(2 * g) - 0.040849 * np.sin(2 * g))  # Spencer 1971
    decl = np.radians(23.45) * np.sin(2 * np.pi * (284 + doy) / 365)  # Cooper 1969
    solar_time = HOUR + 0.5 + (lon_deg - 120.0) / 15.0 + eot_min / 60.0
    omega = np.radians(15.0 * (solar_time - 12.0))
    lat, tilt = np.radians(lat_deg), np.radians(tilt_deg)
    cos_z = np.sin(lat) * np.sin(decl) + np.cos(lat) * np.cos(decl) * np.cos(omega)
    cos_inc = (np.sin(lat - tilt) * np.sin(decl)
               + np.cos(lat - tilt) * np.cos(decl) * np.cos(omega))
    return cos_z, cos_inc


def daily_clearness(rng, mean_by_day):
    """Beta-distributed daily clearness with given daily means, smoothed by AR(1) across days."""
    a = mean_by_day * CLOUD_CONC
    draws = rng.beta(a, CLOUD_CONC - a)
    k = np.empty(N_DAYS)
    k[0] = draws[0]
    for d in range(1, N_DAYS):
        k[d] = CLOUD_DAILY_RHO * k[d - 1] + (1 - CLOUD_DAILY_RHO) * draws[d]
    return k


def pv_cf(rng, lat, lon, tilt, target_cf, clear_mean, rainy_season=None):
    """PV capacity factor: clear-sky bell x daily cloudiness, derated to target_cf.

    Clear sky = cos(incidence on plane) x Meinel air-mass transmittance 0.7**(AM**0.678)
    (normalised to 1 at AM 1), zero when the sun is below the horizon. rainy_season =
    (first_day, last_day, mean_clearness) lowers the clearness mean (e.g. Meiyu)."""
    cos_z, cos_inc = solar_geometry(lat, lon, tilt)
    air_mass = 1.0 / np.maximum(cos_z, 0.05)
    clear = np.where(cos_z > 0, np.maximum(cos_inc, 0) * 0.7 ** (air_mass ** 0.678 - 1), 0)
    mean_by_day = np.full(N_DAYS, clear_mean)
    if rainy_season:
        first, last, wet_mean = rainy_season
        mean_by_day[first:last] = wet_mean
    clearness = daily_clearness(rng, mean_by_day)[DAY]
    hourly = np.clip(1 + 0.15 * (1 - clearness) * rng.standard_normal(N_HOURS), 0.3, 1.2)
    raw = clear * clearness * hourly
    derate = target_cf / raw.mean()
    return np.clip(derate * raw, 0.0, 1.0), derate


# ---- Wind ---------------------------------------------------------------------------------
def wind_components(rng):
    """Two independent AR(1) Gaussians; sqrt(x^2 + y^2) is Rayleigh (Weibull k = 2)."""
    return ar1(rng, N_HOURS, WIND_HOURLY_RHO), ar1(rng, N_HOURS, WIND_HOURLY_RHO)


def correlated_components(rng, base, corr):
    """Components of a nearby site: corr x base + independent AR(1) noise."""
    fresh = wind_components(rng)
    return tuple(corr * b + np.sqrt(1 - corr * corr) * f for b, f in zip(base, fresh))


def wind_cf(components, mean_speed, peak_day=80, season_amp=0.15, diurnal_amp=0.06):
    """Hub-height speed (Rayleigh marginal, seasonal and diurnal cycle) through the power curve."""
    x, y = components
    scale = mean_speed / np.sqrt(np.pi / 2)  # Rayleigh mean = scale * sqrt(pi/2)
    speed = (scale * np.hypot(x, y) * seasonal(DAY, peak_day, season_amp)
             * (1 + diurnal_amp * np.cos(2 * np.pi * (HOUR - 22) / 24)))
    curve = (speed ** 3 - WIND_CUT_IN ** 3) / (WIND_RATED ** 3 - WIND_CUT_IN ** 3)
    power = np.where(speed < WIND_CUT_IN, 0.0, np.where(speed < WIND_RATED, curve, 1.0))
    power[speed >= WIND_CUT_OUT] = 0.0
    return np.clip(WIND_LOSS * power, 0.0, 1.0), speed.mean()


# ---- Loads --------------------------------------------------------------------------------
def continuous_process(rng, mw, noise=0.02, season_amp=0.02):
    """Flat 24/7 process load (electrolysis, smelting): AR(1) noise, slight winter peak."""
    return mw * seasonal(DAY, 15, season_amp) * (1 + ar1(rng, N_HOURS, 0.9, noise))


def two_shift(rng, mw, night=0.3, weekend=0.45, noise=0.03):
    """Two-shift manufacturing (08-24 h) on weekdays; night base `night`, weekends scaled."""
    day_shape = np.where((HOUR >= 8), 1.0, night)
    day_shape = np.where(HOUR == 7, 0.6, day_shape)  # start-up hour
    shape = np.where(WEEKEND, np.maximum(day_shape * weekend, night), day_shape)
    return mw * shape * (1 + ar1(rng, N_HOURS, 0.7, noise))


def data_centre(rng, mw, cooling_amp=0.04, noise=0.01):
    """Flat 24/7 IT load; cooling (PUE) adds a mild summer / afternoon bump."""
    cooling = seasonal(DAY, 200, cooling_amp) + 0.01 * np.cos(2 * np.pi * (HOUR - 15) / 24)
    return mw * cooling * (1 + ar1(rng, N_HOURS, 0.8, noise))


def ambient_temperature(rng, annual_mean, annual_amp, diurnal_amp):
    """Air temperature (deg C): coldest around 20 January, warmest mid-afternoon, AR(1) weather."""
    return (annual_mean - annual_amp * np.cos(2 * np.pi * (DAY - 20) / N_DAYS)
            + diurnal_amp * np.cos(2 * np.pi * (HOUR - 15) / 24) + ar1(rng, N_HOURS, 0.97, 2.0))


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
            ["carbon_method", "fossil_factor", None, "fossil_factor | average_factor | market_based"],
            ["gec_counts_for_carbon", gec_counts, "yes/no", None]]


def grid_rows(import_mw, export_mw, export_price, demand_charge, region):
    ef = EF_AVERAGE[region]
    return [["import_max_mw", import_mw, "MW", None], ["export_max_mw", export_mw, "MW", "0: no export"],
            ["export_price_cny_per_mwh", export_price, "CNY/MWh", "coal benchmark price"],
            ["demand_charge_cny_per_kw_month", demand_charge, "CNY/kW-month", "on peak import"],
            ["emission_factor_average", ef, "tCO2/MWh", f"MEE/NBS 2023, {region} China grid"],
            ["emission_factor_fossil", EF_FOSSIL, "tCO2/MWh", "MEE/NBS 2023, national"],
            ["emission_factor_residual", EF_RESIDUAL, "tCO2/MWh", "MEE/NBS 2023, national"],
            ["clean_share", round(1 - ef / EF_FOSSIL, 3), "share", "derived: 1 - average / fossil"]]


def battery(tech, e2p_min, e2p_max, max_mw, max_mwh, existing_mw=0.0, existing_mwh=0.0):
    return [tech, "battery", BATT_CAPEX_KW, BATT_CAPEX_KWH, 25.0, 15, 0.95, 0.95, 0.0002,
            e2p_min, e2p_max, existing_mw, existing_mwh, max_mw, max_mwh]


HEADERS = {
    "Park": ["parameter", "value", "unit", "note"],
    "Targets": ["indicator", "value", "enforce"],
    "Renewables": ["tech", "kind", "site", "profile", "capex_cny_per_kw", "fom_cny_per_kw_yr",
                   "vom_cny_per_mwh", "lifetime_yr", "existing_mw", "max_new_mw", "min_new_mw",
                   "unit_mw"],
    "Storage": ["tech", "kind", "capex_cny_per_kw", "capex_cny_per_kwh", "fom_cny_per_kw_yr",
                "lifetime_yr", "eta_charge", "eta_discharge", "self_discharge_per_h", "e2p_min_h",
                "e2p_max_h", "existing_mw", "existing_mwh", "max_new_mw", "max_new_mwh"],
    "HeatSupply": ["tech", "kind", "fuel", "efficiency", "profile", "capex_cny_per_kw",
                   "fom_cny_per_kw_yr", "vom_cny_per_mwh", "lifetime_yr", "existing_mw",
                   "max_new_mw"],
    "Fuels": ["fuel", "price_cny_per_mwh", "tce_per_mwh", "co2_t_per_mwh", "clean"],
    "DirectLines": ["line", "option", "capacity_mw", "length_km", "capex_cny_per_km",
                    "fixed_capex_cny", "loss_fraction", "fom_fraction_per_yr", "lifetime_yr"],
    "Grid": ["parameter", "value", "unit", "note"],
    "Tariff": ["hour", "period", "price_cny_per_mwh"],
    "GreenMarket": ["product", "price_cny_per_mwh", "max_mwh_per_yr", "shape"],
    "Scenarios": ["scenario", "sheet", "key", "column", "value"],
}
SHEET_PURPOSE = {
    "Park": "name, province, discount rate, tce coefficient, carbon accounting method",
    "Targets": "acceptance indicators (发改环资〔2025〕910号, 发改能源〔2025〕650号); enforce yes/no",
    "Renewables": "candidate PV / wind plants: site onsite or a DirectLines line id",
    "Storage": "battery (electricity bus) and thermal (heat bus) stores",
    "HeatSupply": "heat converters: heat pump, electric boiler, fuel boiler",
    "Fuels": "fuel prices, tce and CO2 per MWh of fuel energy, clean yes/no",
    "DirectLines": "green direct-connection line options (at most one per line is built)",
    "Grid": "import/export limits, demand charge, grid emission factors",
    "Tariff": "time-of-use energy price by hour of day (0-23)",
    "GreenMarket": "green power (premium over grid price) and green certificates (GEC)",
    "Profiles": "8760 hourly rows: loads, capacity factors, COP (all synthetic)",
    "Scenarios": "example one-cell overrides of the base case",
}


def readme_rows(description, seed, profile_notes, profiles):
    rows = [["park", description]]
    rows += [[f"sheet {name}", text] for name, text in SHEET_PURPOSE.items()]
    rows.append(["Synthetic profiles", f"All Profiles columns are SYNTHETIC (not measured), seed "
                 f"{seed}, numpy PCG64, calendar 2025 (1 Jan = Wednesday, no holidays), hour of "
                 "day = Beijing time; regenerate with data/build_examples.py."])
    for col, method in profile_notes.items():
        rows.append([f"profile {col}", f"{method}; seed {seed}; annual mean "
                     f"{profiles[col].mean():.4f}"])
    rows.append(["sources", "Every default number is cited in data/SOURCES.md (verified/unverified)."])
    return rows


def finish(sheets, profiles):
    """Round profiles, add the hour column, check bounds, store the Profiles sheet; return columns."""
    cols = {"hour": np.arange(1, N_HOURS + 1)}
    for name, values in profiles.items():
        digits = 4 if name.startswith(("cf_", "cop_")) else 3
        cols[name] = np.round(values, digits)
        assert np.all(np.isfinite(cols[name])), name
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


def assemble(path, description, seed, tables, profiles, notes):
    sheets = {"README": (["topic", "text"], [])}
    for name in HEADERS:
        if name != "Scenarios":
            sheets[name] = (HEADERS[name], tables.get(name, []))
    cols = finish(sheets, profiles)
    sheets["Scenarios"] = (HEADERS["Scenarios"], tables.get("Scenarios", []))
    sheets["README"] = (["topic", "text"], readme_rows(description, seed, notes, cols))
    write_workbook(path, sheets)
    return cols


# ---- Parks ------------------------------------------------------------------------------------
def inland_park(seed=101):
    """Ordos-type heavy-industry park, Inner Mongolia (Mengxi grid, North China region)."""
    lat, lon = 39.6, 109.8
    load = continuous_process(stream(seed, "process"), 140.0) + two_shift(stream(seed, "shift"), 70.0)
    pv_on, d_on = pv_cf(stream(seed, "pv_onsite"), lat, lon, 30, 0.170, 0.78)
    pv_re, d_re = pv_cf(stream(seed, "pv_remote"), lat + 0.4, lon - 0.6, 35, 0.190, 0.80)
    wind, v = wind_cf(wind_components(stream(seed, "wind_remote")), 7.8)
    profiles = {"electric_load_mw": load, "cf_pv_onsite": pv_on, "cf_wind_remote": wind,
                "cf_pv_remote": pv_re}
    notes = {
        "electric_load_mw": "continuous process 140 MW (AR(1) noise 2%, +/-2% seasonal) + "
                            "two-shift work 70 MW (08-24 h weekdays, 30% night, 45% weekends)",
        "cf_pv_onsite": f"solar geometry lat {lat} lon {lon} tilt 30 deg, Meinel clear sky x "
                        f"Beta daily clearness (mean 0.78, AR(1) 0.5), derate {d_on:.3f}",
        "cf_wind_remote": f"Rayleigh (Weibull k=2) AR(1) hub speed, mean {v:.2f} m/s, spring "
                          "peak +/-15%, power curve 3/12/25 m/s, losses 12%",
        "cf_pv_remote": f"as cf_pv_onsite, lat {lat + 0.4} lon {lon - 0.6} tilt 35 deg, "
                        f"clearness 0.80, derate {d_re:.3f}",
    }
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
        "Scenarios": [
            ["direct_2030", "Targets", "direct_consumption_share_min", "value", 0.35],
            ["gec_counts", "Park", "gec_counts_for_carbon", "value", "yes"],
            ["short_330kv", "DirectLines", "line_a/330kv_single", "length_km", 70.0]],
    }
    description = ("Wind- and solar-rich heavy-industry park of the Ordos type (Inner Mongolia, "
                   "Mengxi grid): ~190 MW continuous process + two-shift load, onsite PV, a remote "
                   "wind farm (6.25 MW turbines) and PV plant via green direct line line_a "
                   "(3 options), one battery, green power and certificates; no heat load.")
    return assemble(OUT_DIR / "inland_park.xlsx", description, seed, tables, profiles, notes)


def coastal_park(seed=202):
    """Land-limited Jiangsu manufacturing park (East China grid) with process heat."""
    lat, lon = 31.3, 120.6
    load = two_shift(stream(seed, "shift"), 170.0, night=0.45, weekend=0.6) \
        + continuous_process(stream(seed, "process"), 55.0)
    base_heat = continuous_process(stream(seed, "heat_base"), 18.0, season_amp=0.15)
    heat = base_heat + two_shift(stream(seed, "heat_shift"), 30.0, night=0.1, weekend=0.5) \
        * seasonal(DAY, 15, 0.15)
    temp = ambient_temperature(stream(seed, "temperature"), 16.5, 10.5, 3.5)
    cop = np.clip(3.0 + 0.035 * (temp - 16.5), 2.2, 3.6)
    pv, d = pv_cf(stream(seed, "pv_onsite"), lat, lon, 10, 0.125, 0.62, (160, 195, 0.45))
    profiles = {"electric_load_mw": load, "heat_load_mw": heat, "cf_pv_onsite": pv,
                "cop_heat_pump": cop}
    notes = {
        "electric_load_mw": "two-shift work 170 MW (45% night, 60% weekends, noise 3%) + "
                            "continuous process 55 MW",
        "heat_load_mw": "process heat: continuous 18 MW + two-shift 30 MW (10% night, 50% "
                        "weekends), +/-15% seasonal (winter peak)",
        "cf_pv_onsite": f"solar geometry lat {lat} lon {lon} rooftop tilt 10 deg, Meinel clear "
                        f"sky x Beta daily clearness (mean 0.62; 0.45 in Meiyu days 161-195), "
                        f"derate {d:.3f}",
        "cop_heat_pump": "COP = clip(3.0 + 0.035 x (T - 16.5), 2.2, 3.6); T synthetic: 16.5 C "
                         "mean, +/-10.5 C annual, +/-3.5 C diurnal, AR(1) weather sd 2 C",
    }
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
    return assemble(OUT_DIR / "coastal_park.xlsx", description, seed, tables, profiles, notes)


def computing_park(seed=303):
    """Ningxia (Zhongwei-type) computing-centre park, Northwest grid."""
    lat, lon = 37.5, 105.2
    load = data_centre(stream(seed, "load"), 100.0)
    pv, d = pv_cf(stream(seed, "pv_onsite"), lat, lon, 33, 0.190, 0.80)
    base = wind_components(stream(seed, "wind_onsite"))
    wind_on, v_on = wind_cf(base, 7.4, peak_day=90)
    wind_re, v_re = wind_cf(correlated_components(stream(seed, "wind_remote"), base, 0.6),
                            7.8, peak_day=90)
    profiles = {"electric_load_mw": load, "cf_pv_onsite": pv, "cf_wind_onsite": wind_on,
                "cf_wind_remote": wind_re}
    notes = {
        "electric_load_mw": "data centre 100 MW flat 24/7, cooling +/-4% seasonal (summer) and "
                            "+/-1% diurnal, AR(1) noise 1%",
        "cf_pv_onsite": f"solar geometry lat {lat} lon {lon} tilt 33 deg, Meinel clear sky x "
                        f"Beta daily clearness (mean 0.80, AR(1) 0.5), derate {d:.3f}",
        "cf_wind_onsite": f"Rayleigh AR(1) hub speed, mean {v_on:.2f} m/s, spring peak +/-15%, "
                          "power curve 3/12/25 m/s, losses 12%",
        "cf_wind_remote": f"as cf_wind_onsite, correlation 0.6 with it, mean {v_re:.2f} m/s",
    }
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
        "Scenarios": [
            ["hourly_90", "Targets", "hourly_matching_min", "value", 0.9],
            ["green_flat", "GreenMarket", "green_power", "shape", "flat"],
            ["cheap_storage", "Storage", "battery_lfp_4h", "capex_cny_per_kwh", 300.0]],
    }
    description = ("Computing-centre park of the Ningxia/Gansu type (Northwest grid): flat "
                   "~100 MW 24/7 data-centre load, onsite PV and wind, a remote wind farm via one "
                   "direct-line option, 2 h and 4 h batteries (20 MW / 40 MWh existing), green "
                   "power shaped like wind; 80% hourly matching enforced.")
    return assemble(OUT_DIR / "computing_park.xlsx", description, seed, tables, profiles, notes)


if __name__ == "__main__":
    for build in (inland_park, coastal_park, computing_park):
        cols = build()
        means = ", ".join(f"{k} {v.mean():.3f}" for k, v in cols.items() if k != "hour")
        print(f"{build.__name__}: {means}")
