"""Hourly weather for the profile generator (`zcpark profiles`): site climatologies, a seeded
synthetic weather year, and readers for measured or typical-year weather files.

Every weather table here has the same shape: a tz-aware DatetimeIndex whose labels are the
**start** of each hourly interval (row k of a workbook's Profiles sheet is the interval starting
at local clock hour (k - 1) mod 24), and the columns

    ghi, dni, dhi   W/m2, mean over the interval (global horizontal, direct normal, diffuse horizontal)
    temp_air        deg C, air temperature at 2 m
    wind_speed      m/s at 10 m (the WMO and EPW convention)

Nothing here touches the network: clear sky, Linke turbidity and altitude come from the data
files shipped inside pvlib. Methods, parameters and their sources: data/SOURCES.md
("Synthetic profiles").
"""
from __future__ import annotations

import zlib
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd
import pvlib
from scipy import signal, special, stats

WEATHER_COLUMNS = ("ghi", "dni", "dhi", "temp_air", "wind_speed")
DEFAULT_TZ = "Asia/Shanghai"  # Beijing time, UTC+8, no daylight saving
WIND_REFERENCE_HEIGHT_M = 100.0  # height of Climate.wind_mean_ms (wind-atlas convention)
WMO_WIND_HEIGHT_M = 10.0

# Cloudiness model constants (see synthetic_clear_sky_index)
ANGSTROM_A, ANGSTROM_B = 0.25, 0.50  # FAO-56 eq. 35 defaults: Rs/Ra = a + b n/N
DAILY_BETA_CONCENTRATION = 5.0  # a + b of the daily Beta; sd about 0.16 at mean 0.8
DAILY_PERSISTENCE = 0.5  # lag-1 correlation of the daily latent Gaussian (spells of weather)
HOURLY_PERSISTENCE = 0.7  # lag-1 correlation of the within-day fluctuation
HOURLY_SPREAD = 0.45  # log-sd of within-day fluctuation on a fully overcast day (0 on a clear day)
# Wind-speed model constants (see synthetic_wind_speed)
WIND_HOURLY_PERSISTENCE = 0.97  # lag-1 correlation of the hourly latent Gaussian (memory ~1.5 days)
TEMP_WEATHER_SD_C, TEMP_PERSISTENCE = 2.0, 0.97  # AR(1) weather noise on air temperature


@dataclass(frozen=True)
class Climate:
    """Monthly-to-annual climatology that drives the synthetic weather of a site.

    sunshine_fraction: 12 monthly values of relative sunshine duration n/N (日照百分率);
    ghi_annual_kwh_m2: annual global horizontal irradiation (None: from sunshine alone);
    temp_*: annual mean, half the annual swing, half the diurnal swing (deg C), coldest day of year;
    wind_*: mean speed (m/s) at WIND_REFERENCE_HEIGHT_M, Weibull shape k, day of year of the
    windiest season and the seasonal half-swing (share), local hour of the diurnal maximum and
    its half-swing (share); shear_alpha: power-law exponent used to move speeds between heights.
    """
    name: str
    sunshine_fraction: tuple[float, ...]
    temp_mean_c: float
    temp_annual_amp_c: float
    temp_diurnal_amp_c: float
    wind_mean_ms: float
    wind_weibull_k: float
    wind_peak_day: int
    wind_season_amp: float
    wind_peak_hour: int
    wind_diurnal_amp: float
    ghi_annual_kwh_m2: float | None = None
    shear_alpha: float = 1 / 7
    temp_coldest_day: int = 20
    note: str = ""


# Approximate climate normals; values and their status are listed in data/SOURCES.md.
CLIMATES = {
    "ordos": Climate(
        "ordos", (0.72, 0.71, 0.68, 0.70, 0.70, 0.67, 0.62, 0.63, 0.67, 0.72, 0.72, 0.72),
        ghi_annual_kwh_m2=1650.0, temp_mean_c=6.5, temp_annual_amp_c=15.5, temp_diurnal_amp_c=6.0,
        wind_mean_ms=6.6, wind_weibull_k=2.1, wind_peak_day=100, wind_season_amp=0.15,
        wind_peak_hour=23, wind_diurnal_amp=0.08,
        note="Ordos plateau, Inner Mongolia (Dongsheng normals): dry, sunny, windy spring"),
    "suzhou": Climate(
        "suzhou", (0.42, 0.38, 0.38, 0.45, 0.45, 0.36, 0.53, 0.55, 0.47, 0.50, 0.46, 0.46),
        ghi_annual_kwh_m2=1300.0, temp_mean_c=16.5, temp_annual_amp_c=12.3, temp_diurnal_amp_c=3.5,
        wind_mean_ms=5.3, wind_weibull_k=2.0, wind_peak_day=60, wind_season_amp=0.08,
        wind_peak_hour=14, wind_diurnal_amp=0.04,
        note="southern Jiangsu (Suzhou normals): humid, Meiyu rains in June, weak inland wind"),
    "zhongwei": Climate(
        "zhongwei", (0.70, 0.68, 0.66, 0.68, 0.68, 0.66, 0.63, 0.64, 0.63, 0.68, 0.70, 0.71),
        ghi_annual_kwh_m2=1680.0, temp_mean_c=9.5, temp_annual_amp_c=15.0, temp_diurnal_amp_c=6.5,
        wind_mean_ms=6.3, wind_weibull_k=2.0, wind_peak_day=100, wind_season_amp=0.15,
        wind_peak_hour=23, wind_diurnal_amp=0.08,
        note="Zhongwei, Ningxia (normals): arid, sunny, spring-peaking wind"),
    "generic": Climate(
        "generic", (0.55,) * 12, temp_mean_c=15.0, temp_annual_amp_c=12.0, temp_diurnal_amp_c=4.0,
        wind_mean_ms=6.5, wind_weibull_k=2.0, wind_peak_day=90, wind_season_amp=0.10,
        wind_peak_hour=23, wind_diurnal_amp=0.05,
        note="mid-latitude placeholder; choose or add a site climate for a real study"),
}


def rng_for(seed: int, component: str) -> np.random.Generator:
    """Independent, reproducible random stream per (seed, weather component)."""
    return np.random.default_rng([int(seed), zlib.crc32(component.encode())])


def hourly_index(year: int, tz: str = DEFAULT_TZ) -> pd.DatetimeIndex:
    """The 8760 hourly interval starts of `year` in local time; 29 February is dropped in leap
    years so that every synthetic year has 8760 rows."""
    idx = pd.date_range(f"{year}-01-01", f"{year + 1}-01-01", freq="h", tz=tz, inclusive="left")
    return idx[~((idx.month == 2) & (idx.day == 29))]


def gaussian_ar1(rng: np.random.Generator, n: int, rho: float) -> np.ndarray:
    """Stationary AR(1) series with standard-normal marginal: x[t] = rho x[t-1] + sqrt(1-rho^2) e[t]."""
    eps = rng.standard_normal(n)
    eps[0] /= np.sqrt(1.0 - rho * rho)  # start from the stationary distribution
    return signal.lfilter([np.sqrt(1.0 - rho * rho)], [1.0, -rho], eps)


def _cosine_cycle(phase_units: np.ndarray, peak: float, period: float) -> np.ndarray:
    return np.cos(2 * np.pi * (phase_units - peak) / period)


def _day_of_year(index: pd.DatetimeIndex) -> np.ndarray:
    return np.asarray(index.dayofyear, dtype=float)


# ---- Solar -----------------------------------------------------------------------------------
def clear_sky(index: pd.DatetimeIndex, lat: float, lon: float, altitude: float | None = None) -> pd.DataFrame:
    """Ineichen-Perez clear-sky ghi, dni, dhi (W/m2) at interval mid-points, with the monthly Linke
    turbidity climatology and the altitude bundled with pvlib (no network access)."""
    altitude = pvlib.location.lookup_altitude(lat, lon) if altitude is None else altitude
    site = pvlib.location.Location(lat, lon, tz=str(index.tz), altitude=altitude)
    mid = index + pd.Timedelta(minutes=30)
    sky = site.get_clearsky(mid, model="ineichen")
    sky.index = index
    return sky


def monthly_clear_sky_index(index: pd.DatetimeIndex, lat: float, lon: float, clear_ghi: np.ndarray,
                            climate: Climate) -> np.ndarray:
    """Mean clear-sky index of each calendar month (12 values) implied by the climate's sunshine
    fraction: the Angstrom-Prescott relation with the FAO-56 defaults gives the monthly
    GHI / extraterrestrial-horizontal ratio, 0.25 + 0.5 n/N (FAO-56 eq. 35), which is divided by
    the same ratio of the Ineichen clear sky at the site, so clear sky x index reproduces it.
    When the climate states an annual GHI, all months are scaled by one factor to match it (the
    FAO-56 default coefficients overestimate GHI in hazy eastern China)."""
    mid = index + pd.Timedelta(minutes=30)
    cos_zenith = np.cos(np.radians(pvlib.solarposition.get_solarposition(mid, lat, lon)["zenith"].to_numpy()))
    top = pvlib.irradiance.get_extra_radiation(mid).to_numpy() * np.clip(cos_zenith, 0, None)
    month = np.asarray(index.month) - 1
    clear_over_top = np.bincount(month, clear_ghi, 12) / np.bincount(month, top, 12)
    kc = (ANGSTROM_A + ANGSTROM_B * np.asarray(climate.sunshine_fraction)) / clear_over_top
    if climate.ghi_annual_kwh_m2:  # keep the monthly pattern, set the annual level
        kc *= climate.ghi_annual_kwh_m2 * 1000.0 / np.sum(kc * np.bincount(month, clear_ghi, 12))
    return np.clip(kc, 0.2, 0.95)


def synthetic_clear_sky_index(index: pd.DatetimeIndex, monthly_mean: np.ndarray, seed: int) -> np.ndarray:
    """Hourly clear-sky index kc = GHI / GHI_clear (0.02-1), seeded.

    Method: (1) a daily kc drawn from a Beta distribution with the month's mean (from
    monthly_clear_sky_index; concentration 5) through a Gaussian copula whose latent series is
    AR(1) across days (rho 0.5), so cloudy spells persist while the marginal stays Beta;
    (2) a mean-one log-normal within-day fluctuation (AR(1) across hours, rho 0.7) whose spread
    grows from 0 on a clear day to 0.45 on an overcast day."""
    day_of_row, unique_days = pd.factorize(index.normalize())  # local days, in order
    mean = np.asarray(monthly_mean)[unique_days.month.to_numpy() - 1]
    latent = gaussian_ar1(rng_for(seed, "cloud_daily"), len(unique_days), DAILY_PERSISTENCE)
    daily = stats.beta.ppf(stats.norm.cdf(latent), mean * DAILY_BETA_CONCENTRATION,
                           (1 - mean) * DAILY_BETA_CONCENTRATION)
    kc_day = daily[day_of_row]
    spread = HOURLY_SPREAD * (1.0 - kc_day)
    wobble = gaussian_ar1(rng_for(seed, "cloud_hourly"), len(index), HOURLY_PERSISTENCE)
    return np.clip(kc_day * np.exp(spread * wobble - spread ** 2 / 2), 0.02, 1.0)


def split_ghi(index: pd.DatetimeIndex, ghi: np.ndarray, lat: float, lon: float) -> tuple[np.ndarray, np.ndarray]:
    """Direct normal and diffuse horizontal irradiance (W/m2) from GHI by the Erbs et al. (1982)
    diffuse-fraction correlation, with the sun at the interval mid-points."""
    mid = index + pd.Timedelta(minutes=30)
    zenith = pvlib.solarposition.get_solarposition(mid, lat, lon)["zenith"].to_numpy()
    parts = pvlib.irradiance.erbs(np.asarray(ghi, dtype=float), zenith, mid.dayofyear)
    return np.nan_to_num(np.asarray(parts["dni"])), np.nan_to_num(np.asarray(parts["dhi"]))


# ---- Temperature and wind -------------------------------------------------------------------
def synthetic_temperature(index: pd.DatetimeIndex, climate: Climate, seed: int) -> np.ndarray:
    """Air temperature (deg C): annual cosine (coldest on climate.temp_coldest_day), diurnal cosine
    (warmest at 15 h local time) and AR(1) weather noise (sd 2 deg C, hourly rho 0.97)."""
    hour = np.asarray(index.hour, dtype=float)
    return (climate.temp_mean_c
            - climate.temp_annual_amp_c * _cosine_cycle(_day_of_year(index), climate.temp_coldest_day, 365.0)
            + climate.temp_diurnal_amp_c * _cosine_cycle(hour, 15.0, 24.0)
            + TEMP_WEATHER_SD_C * gaussian_ar1(rng_for(seed, "temperature"), len(index), TEMP_PERSISTENCE))


def synthetic_wind_speed(index: pd.DatetimeIndex, climate: Climate, seed: int,
                         shared: tuple[int, float] | None = None) -> np.ndarray:
    """Hourly wind speed (m/s) at WIND_REFERENCE_HEIGHT_M (100 m), seeded.

    Method: a latent Gaussian AR(1) series (hourly rho 0.985, i.e. weather systems lasting a few
    days) is mapped through the normal CDF and the inverse Weibull CDF (shape k, scale chosen so
    the mean is climate.wind_mean_ms), then multiplied by a seasonal cosine (maximum on
    climate.wind_peak_day) and a diurnal cosine (maximum at climate.wind_peak_hour).
    shared = (regional_seed, share): the latent series is sqrt(share) x a regional series drawn
    from regional_seed + sqrt(1 - share) x the site's own, so two sites with the same regional
    seed have latent correlation `share` (nearby wind farms see the same weather systems)."""
    n = len(index)
    latent = gaussian_ar1(rng_for(seed, "wind"), n, WIND_HOURLY_PERSISTENCE)
    if shared is not None:
        regional_seed, share = shared
        regional = gaussian_ar1(rng_for(regional_seed, "wind_regional"), n, WIND_HOURLY_PERSISTENCE)
        latent = np.sqrt(share) * regional + np.sqrt(1.0 - share) * latent
    k = climate.wind_weibull_k
    scale = climate.wind_mean_ms / special.gamma(1.0 + 1.0 / k)
    speed = scale * (-np.log1p(-stats.norm.cdf(latent).clip(0, 1 - 1e-12))) ** (1.0 / k)
    season = 1 + climate.wind_season_amp * _cosine_cycle(_day_of_year(index), climate.wind_peak_day, 365.0)
    diurnal = 1 + climate.wind_diurnal_amp * _cosine_cycle(np.asarray(index.hour, float), climate.wind_peak_hour, 24.0)
    return speed * season * diurnal


def shear(speed: np.ndarray, from_height_m: float, to_height_m: float, alpha: float) -> np.ndarray:
    """Power-law wind shear: v(h2) = v(h1) (h2 / h1)^alpha."""
    return np.asarray(speed, dtype=float) * (to_height_m / from_height_m) ** alpha


def synthetic_weather(lat: float, lon: float, year: int = 2025, tz: str = DEFAULT_TZ, seed: int = 0,
                      climate: Climate | str = "generic") -> pd.DataFrame:
    """A seeded synthetic weather year (8760 h) in the module's weather-table format.

    ghi = Ineichen clear sky x synthetic clear-sky index (monthly means from the sunshine
    fraction, see monthly_clear_sky_index); dni and dhi by Erbs; temp_air and the
    10 m wind_speed (the 100 m synthetic speed moved down by the climate's shear exponent) from
    the models above. The same (site, climate, seed) always gives the same table."""
    climate = CLIMATES[climate] if isinstance(climate, str) else climate
    index = hourly_index(year, tz)
    clear_ghi = clear_sky(index, lat, lon)["ghi"].to_numpy()
    monthly = monthly_clear_sky_index(index, lat, lon, clear_ghi, climate)
    ghi = clear_ghi * synthetic_clear_sky_index(index, monthly, seed)
    dni, dhi = split_ghi(index, ghi, lat, lon)
    wind_10m = shear(synthetic_wind_speed(index, climate, seed), WIND_REFERENCE_HEIGHT_M,
                     WMO_WIND_HEIGHT_M, climate.shear_alpha)
    return pd.DataFrame({"ghi": ghi, "dni": dni, "dhi": dhi,
                         "temp_air": synthetic_temperature(index, climate, seed),
                         "wind_speed": wind_10m}, index=index)


# ---- Weather files ----------------------------------------------------------------------------
def read_weather_file(path: str | Path, tz: str = DEFAULT_TZ, year: int | None = None) -> tuple[pd.DataFrame, dict]:
    """Read an EPW, a TMY3 or a plain CSV weather file into the module's weather-table format.

    Returns (table, meta); meta holds latitude/longitude/altitude when the file states them.
    - `.epw`: pvlib.iotools.read_epw (EnergyPlus; its index already marks interval starts).
    - TMY3 `.csv` (second line starts with "Date (MM/DD/YYYY)"): pvlib.iotools.read_tmy3; its
      hour-ending stamps are moved back one hour to interval starts.
    - any other `.csv`: a header row with `time` (ISO date-time of the interval start; naive
      times are read in `tz`), `ghi`, `temp_air`, `wind_speed` (10 m), and optionally both `dni`
      and `dhi` (when absent they are split from ghi by Erbs, which needs meta or the caller's site).
    `year` replaces the year of a typical-year file (its months come from different years)."""
    path = Path(path)
    if path.suffix.lower() == ".epw":
        data, meta = pvlib.iotools.read_epw(path, coerce_year=year)
        return _checked(data.loc[:, list(WEATHER_COLUMNS)], path), _site(meta)
    with open(path, encoding="utf-8-sig", errors="replace") as fh:
        fh.readline()
        second = fh.readline()
    if second.startswith("Date (MM/DD/YYYY)"):
        data, meta = pvlib.iotools.read_tmy3(path, coerce_year=year, map_variables=True)
        data = data.loc[:, list(WEATHER_COLUMNS)]
        data.index = data.index - pd.Timedelta(hours=1)
        return _checked(data, path), _site(meta)
    return _read_plain_csv(path, tz, year), {}


def _site(meta: dict) -> dict:
    return {k: float(meta[k]) for k in ("latitude", "longitude", "altitude") if k in meta}


def _read_plain_csv(path: Path, tz: str, year: int | None) -> pd.DataFrame:
    data = pd.read_csv(path)
    data.columns = [str(c).strip().lower() for c in data.columns]
    required = {"time", "ghi", "temp_air", "wind_speed"}
    missing = sorted(required - set(data.columns))
    if missing:
        raise ValueError(f"{path.name}: missing column(s) {', '.join(missing)}; "
                         "a weather CSV needs time, ghi, temp_air, wind_speed (and optionally dni, dhi)")
    if ("dni" in data.columns) != ("dhi" in data.columns):
        raise ValueError(f"{path.name}: give both dni and dhi, or neither (they are then split from ghi)")
    index = pd.DatetimeIndex(pd.to_datetime(data.pop("time")))
    index = index.tz_localize(tz) if index.tz is None else index.tz_convert(tz)
    if year is not None:
        index = pd.DatetimeIndex([t.replace(year=year) for t in index])
    table = data.set_index(index)
    for column in ("dni", "dhi"):
        if column not in table.columns:
            table[column] = np.nan  # filled by the caller's Erbs split (it knows the site)
    return _checked(table.loc[:, list(WEATHER_COLUMNS)].astype(float), path, allow_missing_split=True)


def _checked(table: pd.DataFrame, path: Path, allow_missing_split: bool = False) -> pd.DataFrame:
    """Reject tables the profile generator cannot use: irregular steps, gaps, absurd values."""
    steps = (table.index[1:] - table.index[:-1]) / pd.Timedelta(hours=1) if len(table) > 1 else [1.0]
    if not np.allclose(steps, 1.0):
        raise ValueError(f"{path.name}: time steps must be exactly one hour, in order")
    checked = [c for c in WEATHER_COLUMNS if not (allow_missing_split and c in ("dni", "dhi"))]
    bad = [c for c in checked if table[c].isna().any()]
    if bad:
        raise ValueError(f"{path.name}: blank or non-numeric values in {', '.join(bad)}")
    if (table["ghi"] < 0).any() or (table["ghi"] > 1500).any():
        raise ValueError(f"{path.name}: ghi outside 0-1500 W/m2; is it in W/m2 (hourly mean)?")
    return table
