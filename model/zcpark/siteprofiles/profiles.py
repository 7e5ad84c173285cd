"""Hourly capacity factors and load shapes for a park workbook's Profiles sheet (`zcpark profiles`).

Pure functions of (site, year, seed, options) -> numpy arrays; the same inputs always give the
same numbers (numpy default_rng streams keyed by seed and component, see weather.rng_for).

- PV: pvlib solar position, Ineichen clear sky x seeded cloudiness (or a weather file), Erbs
  split, Hay-Davies transposition, Faiman cell temperature, PVWatts DC + losses + inverter.
  Capacity factor is AC output per unit of DC nameplate (MWp), the basis of Chinese PV
  utilisation hours and of capex quoted per Wp.
- Wind: hourly speed (synthetic or measured) -> hub height by power-law shear -> air-density
  correction -> turbulence-smoothed power curve -> farm losses.
- Loads: archetypes (continuous process, two-shift manufacturing, data centre) on the real
  calendar of the year (weekends; no public holidays), scaled to a peak in MW.
Methods, constants and their sources: data/SOURCES.md ("Synthetic profiles").
"""
from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pandas as pd
import pvlib

from zcpark.siteprofiles import weather as wx
from zcpark.siteprofiles.weather import CLIMATES, DEFAULT_TZ, Climate

# PV system defaults (PVWatts-style); sources in data/SOURCES.md
PV_GAMMA_PDC = -0.0035  # 1/K, power temperature coefficient of crystalline-silicon modules
PV_DC_AC_RATIO = 1.2  # DC nameplate / inverter AC rating: clipping above 1/1.2 per unit DC
PV_INVERTER_EFFICIENCY = 0.96  # PVWatts nominal inverter efficiency
PV_ALBEDO = 0.2
PV_LOSSES_PERCENT = dict(soiling=3.0, shading=1.0, snow=0.0, mismatch=2.0, wiring=2.0, connections=0.5,
                         lid=1.5, nameplate_rating=1.0, age=0.0, availability=2.0)  # pvwatts_losses inputs
# Wind turbine and farm defaults
WIND_HUB_HEIGHT_M = 120.0
WIND_SPECIFIC_POWER_W_M2 = 250.0  # rated power / swept area of a low-wind-speed onshore turbine
WIND_CP_MAX = 0.45  # power coefficient below rated speed
WIND_CUT_IN_MS, WIND_CUT_OUT_MS = 3.0, 25.0
WIND_TURBULENCE_INTENSITY = 0.10  # spread of speeds across a farm and within the hour
WIND_FARM_LOSSES = 0.12  # availability, wake and electrical losses combined
AIR_DENSITY_SEA_LEVEL = 1.225  # kg/m3, ISO standard atmosphere
AIR_DENSITY_SCALE_HEIGHT_M = 8435.0


# ---- PV -----------------------------------------------------------------------------------------
def default_tilt(lat: float) -> float:
    """Fixed-tilt default of 0.8 x |latitude| (deg), a rule of thumb for annual-yield-optimal
    tilt at 25-45 deg N; pass `tilt` for a real design."""
    return round(0.8 * abs(lat), 1)


def pv_capacity_factor(lat: float, lon: float, year: int = 2025, tz: str = DEFAULT_TZ,
                       tilt: float | None = None, azimuth: float = 180.0, seed: int = 0,
                       weather: pd.DataFrame | None = None, climate: Climate | str = "generic",
                       dc_ac_ratio: float = PV_DC_AC_RATIO) -> np.ndarray:
    """Hourly AC output of a fixed-tilt PV plant per unit of DC nameplate (0-1, dimensionless).

    weather: a table in the weather-module format (e.g. from weather.read_weather_file); when
    None, weather.synthetic_weather(lat, lon, year, tz, seed, climate) is used (8760 h).
    Chain: sun position at interval mid-points (NREL SPA, pvlib), plane-of-array irradiance by
    Hay-Davies transposition (albedo 0.2), beam incidence-angle loss (physical IAM model), cell
    temperature by Faiman (u0 25, u1 6.84), PVWatts DC with gamma -0.35 %/K, PVWatts system
    losses (PV_LOSSES_PERCENT, ~12 %), PVWatts inverter (96 % nominal) sized at DC/AC = 1.2.
    tilt: degrees from horizontal (default 0.8 x latitude); azimuth: degrees clockwise from north."""
    if weather is None:
        weather = wx.synthetic_weather(lat, lon, year, tz, seed, climate)
    weather = _with_split(weather, lat, lon)
    tilt = default_tilt(lat) if tilt is None else tilt
    mid = weather.index + pd.Timedelta(minutes=30)
    sun = pvlib.solarposition.get_solarposition(mid, lat, lon)
    poa = pvlib.irradiance.get_total_irradiance(
        tilt, azimuth, sun["apparent_zenith"], sun["azimuth"], weather["dni"].to_numpy(),
        weather["ghi"].to_numpy(), weather["dhi"].to_numpy(),
        dni_extra=pvlib.irradiance.get_extra_radiation(mid), model="haydavies", albedo=PV_ALBEDO)
    aoi = pvlib.irradiance.aoi(tilt, azimuth, sun["apparent_zenith"], sun["azimuth"])
    effective = (poa["poa_direct"] * pvlib.iam.physical(aoi) + poa["poa_diffuse"]).fillna(0).clip(lower=0)
    poa_global = poa["poa_global"].fillna(0).clip(lower=0)
    cell = pvlib.temperature.faiman(poa_global, weather["temp_air"].to_numpy(), weather["wind_speed"].to_numpy())
    dc = pvlib.pvsystem.pvwatts_dc(effective, cell, pdc0=1.0, gamma_pdc=PV_GAMMA_PDC)
    dc = dc * (1 - pvlib.pvsystem.pvwatts_losses(**PV_LOSSES_PERCENT) / 100)
    ac = pvlib.inverter.pvwatts(dc, pdc0=1.0 / dc_ac_ratio / PV_INVERTER_EFFICIENCY,
                                eta_inv_nom=PV_INVERTER_EFFICIENCY)
    return np.clip(np.nan_to_num(np.asarray(ac, dtype=float)), 0.0, 1.0)


def _with_split(weather: pd.DataFrame, lat: float, lon: float) -> pd.DataFrame:
    """Fill dni/dhi from ghi (Erbs) when a weather file gave ghi only."""
    if not weather[["dni", "dhi"]].isna().any().any():
        return weather
    weather = weather.copy()
    weather["dni"], weather["dhi"] = wx.split_ghi(weather.index, weather["ghi"].to_numpy(), lat, lon)
    return weather


# ---- Wind ---------------------------------------------------------------------------------------
@dataclass(frozen=True)
class PowerCurve:
    """Turbine power curve: output per unit of rated power at hub-height speeds (m/s), at
    sea-level standard air density 1.225 kg/m3."""
    speeds_ms: np.ndarray
    power: np.ndarray
    description: str = field(default="", compare=False)

    def __call__(self, speed_ms: np.ndarray) -> np.ndarray:
        return np.interp(speed_ms, self.speeds_ms, self.power, left=0.0, right=0.0)


def generic_power_curve(specific_power_w_m2: float = WIND_SPECIFIC_POWER_W_M2, cp_max: float = WIND_CP_MAX,
                        cut_in_ms: float = WIND_CUT_IN_MS, cut_out_ms: float = WIND_CUT_OUT_MS,
                        turbulence_intensity: float = WIND_TURBULENCE_INTENSITY) -> PowerCurve:
    """A physically based generic curve: P/P_rated = min(1, 0.5 rho Cp v^3 / specific power)
    between cut-in and cut-out, then smoothed by a Gaussian spread of speeds with standard
    deviation turbulence_intensity x v (the multi-turbine smoothing of Norgaard & Holttinen 2004,
    as used for Renewables.ninja by Staffell & Pfenninger 2016)."""
    grid = np.arange(0.0, 40.0, 0.1)
    ideal = np.minimum(1.0, 0.5 * AIR_DENSITY_SEA_LEVEL * cp_max * grid ** 3 / specific_power_w_m2)
    ideal[(grid < cut_in_ms) | (grid >= cut_out_ms)] = 0.0
    sd = np.maximum(turbulence_intensity * grid, 0.05)[:, None]
    weights = np.exp(-0.5 * ((grid[None, :] - grid[:, None]) / sd) ** 2)
    smoothed = (weights * ideal[None, :]).sum(axis=1) / weights.sum(axis=1)
    rated = (2 * specific_power_w_m2 / (AIR_DENSITY_SEA_LEVEL * cp_max)) ** (1 / 3)
    return PowerCurve(grid, smoothed, f"generic {specific_power_w_m2:.0f} W/m2, Cp {cp_max}, rated "
                      f"{rated:.1f} m/s, cut-in {cut_in_ms:g}, cut-out {cut_out_ms:g} m/s, TI {turbulence_intensity:g}")


def air_density(altitude_m: float) -> float:
    """Air density (kg/m3) at an altitude, from an isothermal atmosphere (scale height 8.4 km)."""
    return AIR_DENSITY_SEA_LEVEL * float(np.exp(-altitude_m / AIR_DENSITY_SCALE_HEIGHT_M))


def wind_capacity_factor(lat: float, lon: float, year: int = 2025, tz: str = DEFAULT_TZ, seed: int = 0,
                         speeds: np.ndarray | None = None, speed_height_m: float = wx.WMO_WIND_HEIGHT_M,
                         hub_height_m: float = WIND_HUB_HEIGHT_M, power_curve: PowerCurve | None = None,
                         climate: Climate | str = "generic", shear_alpha: float | None = None,
                         altitude_m: float | None = None, losses: float = WIND_FARM_LOSSES,
                         shared: tuple[int, float] | None = None) -> np.ndarray:
    """Hourly output of a wind farm per unit of rated power (0-1, dimensionless).

    speeds: measured hourly speeds (m/s) at speed_height_m (e.g. the 10 m wind_speed of a
    weather file); when None, weather.synthetic_wind_speed(..., seed, shared) at 100 m is used.
    Speeds go to hub_height_m by the power law (exponent shear_alpha, default the climate's),
    are scaled by (rho/1.225)^(1/3) for the site's air density (IEC 61400-12-1 normalisation for
    pitch-controlled turbines), go through power_curve (default generic_power_curve()) and are
    multiplied by (1 - losses)."""
    climate = CLIMATES[climate] if isinstance(climate, str) else climate
    if speeds is None:
        speeds = wx.synthetic_wind_speed(wx.hourly_index(year, tz), climate, seed, shared)
        speed_height_m = wx.WIND_REFERENCE_HEIGHT_M
    alpha = climate.shear_alpha if shear_alpha is None else shear_alpha
    hub_speed = wx.shear(speeds, speed_height_m, hub_height_m, alpha)
    altitude_m = pvlib.location.lookup_altitude(lat, lon) if altitude_m is None else altitude_m
    equivalent = hub_speed * (air_density(altitude_m) / AIR_DENSITY_SEA_LEVEL) ** (1 / 3)
    curve = power_curve or generic_power_curve()
    return np.clip((1.0 - losses) * curve(equivalent), 0.0, 1.0)


# ---- Loads --------------------------------------------------------------------------------------
@dataclass(frozen=True)
class LoadArchetype:
    """Shape parameters of an industrial load (shares of the working-hours level).

    work_hours: [start, end) local hours at full load on working days (None: around the clock);
    startup_hour/startup_level: a ramp hour before the shift; night: level outside work hours;
    weekend: level at weekends as a share of the weekday level (never below `night`);
    season_amp/season_peak_day: annual cosine; diurnal_amp/diurnal_peak_hour: daily cosine
    (cooling of a data centre); noise/noise_rho: AR(1) multiplicative noise."""
    description: str
    work_hours: tuple[int, int] | None = None
    startup_hour: int | None = None
    startup_level: float = 1.0
    night: float = 1.0
    weekend: float = 1.0
    season_amp: float = 0.0
    season_peak_day: int = 15
    diurnal_amp: float = 0.0
    diurnal_peak_hour: int = 15
    noise: float = 0.02
    noise_rho: float = 0.9


ARCHETYPES = {
    "continuous": LoadArchetype("continuous process (electrolysis, smelting, chemicals): flat 24/7, "
                                "slight winter peak", season_amp=0.02, noise=0.02, noise_rho=0.9),
    "shift": LoadArchetype("two-shift manufacturing: full load 08-24 h on weekdays with a 07 h start-up",
                           work_hours=(8, 24), startup_hour=7, startup_level=0.6, night=0.3, weekend=0.45,
                           noise=0.03, noise_rho=0.7),
    "data_centre": LoadArchetype("data centre: flat 24/7 IT load, cooling adds a summer and afternoon bump",
                                 season_amp=0.04, season_peak_day=200, diurnal_amp=0.01, noise=0.01,
                                 noise_rho=0.8),
}


def load_shape(archetype: str | LoadArchetype, peak_mw: float, seed: int = 0, year: int = 2025,
               tz: str = DEFAULT_TZ, index: pd.DatetimeIndex | None = None, **overrides) -> np.ndarray:
    """Hourly load (MW) of an archetype, scaled so that its maximum is peak_mw.

    archetype: a key of ARCHETYPES ("continuous", "shift", "data_centre") or a LoadArchetype;
    overrides replace its fields (e.g. night=0.45, weekend=0.6). Rows: the 8760 hours of `year`
    in `tz`, or the given `index` (e.g. a weather file's). Weekends follow the real calendar;
    public holidays are not modelled. The noise stream is keyed by seed and archetype name, so
    two archetypes summed with one seed have independent noise."""
    spec = ARCHETYPES[archetype] if isinstance(archetype, str) else archetype
    if overrides:
        spec = LoadArchetype(**{**spec.__dict__, **overrides})
    index = wx.hourly_index(year, tz) if index is None else index
    hour = np.asarray(index.hour)
    weekend = np.asarray(index.dayofweek) >= 5
    level = np.ones(len(index))
    if spec.work_hours is not None:
        start, end = spec.work_hours
        level = np.where((hour >= start) & (hour < end), 1.0, spec.night)
        if spec.startup_hour is not None:
            level = np.where(hour == spec.startup_hour, spec.startup_level, level)
        level = np.where(weekend, np.maximum(level * spec.weekend, spec.night), level)
    day = np.asarray(index.dayofyear, dtype=float)
    level = level * (1 + spec.season_amp * np.cos(2 * np.pi * (day - spec.season_peak_day) / 365.0)
                     + spec.diurnal_amp * np.cos(2 * np.pi * (hour - spec.diurnal_peak_hour) / 24.0))
    stream = wx.rng_for(seed, f"load:{archetype if isinstance(archetype, str) else 'custom'}")
    level = level * (1 + spec.noise * wx.gaussian_ar1(stream, len(index), spec.noise_rho))
    return peak_mw * level / level.max()


def heat_pump_cop(temp_air_c: np.ndarray, cop_at_mean: float = 3.0, mean_temp_c: float = 16.5,
                  slope_per_k: float = 0.035, bounds: tuple[float, float] = (2.2, 3.6)) -> np.ndarray:
    """Industrial heat-pump COP as a clipped linear function of air temperature:
    COP = clip(cop_at_mean + slope x (T - mean_temp), bounds). An assumption for the examples."""
    return np.clip(cop_at_mean + slope_per_k * (np.asarray(temp_air_c) - mean_temp_c), *bounds)


# ---- Labels -------------------------------------------------------------------------------------
def site_text(lat: float, lon: float) -> str:
    return f"{abs(lat):.2f}{'N' if lat >= 0 else 'S'} {abs(lon):.2f}{'E' if lon >= 0 else 'W'}"


def pv_method(climate: Climate | str, tilt: float, azimuth: float, weather_file: str | None = None) -> str:
    """One-line method label of a PV column for a workbook's README sheet."""
    source = (f"weather file {weather_file}" if weather_file else
              f"synthetic weather: Ineichen clear sky x seeded Beta-Markov cloudiness, climate "
              f"'{_name(climate)}'")
    return (f"pvlib PV, fixed tilt {tilt:g} deg azimuth {azimuth:g} deg; {source}; Erbs, Hay-Davies, "
            f"Faiman, PVWatts (gamma {PV_GAMMA_PDC * 100:g}%/K, DC/AC {PV_DC_AC_RATIO:g}); CF per MWp DC")


def wind_method(climate: Climate | str, hub_height_m: float, curve: PowerCurve | None = None,
                weather_file: str | None = None, shared: tuple[int, float] | None = None) -> str:
    """One-line method label of a wind column for a workbook's README sheet."""
    curve = curve or generic_power_curve()
    if weather_file:
        source = f"10 m speeds of weather file {weather_file}"
    else:
        c = CLIMATES[climate] if isinstance(climate, str) else climate
        source = (f"synthetic Weibull speeds (k {c.wind_weibull_k:g}, mean {c.wind_mean_ms:g} m/s at 100 m, "
                  f"AR(1) latent, seasonal and diurnal cycles), climate '{c.name}'")
        if shared:
            source += f", regional weather seed {shared[0]} share {shared[1]:g}"
    return (f"{source}; shear to hub {hub_height_m:g} m; air-density corrected; power curve {curve.description}; "
            f"farm losses {WIND_FARM_LOSSES:.0%}")


def load_method(archetype: str | LoadArchetype, peak_mw: float, **overrides) -> str:
    spec = ARCHETYPES[archetype] if isinstance(archetype, str) else archetype
    extra = ", ".join(f"{k}={v}" for k, v in overrides.items())
    return f"archetype {archetype if isinstance(archetype, str) else 'custom'} ({spec.description}), " \
           f"peak {peak_mw:g} MW" + (f", {extra}" if extra else "")


def _name(climate: Climate | str) -> str:
    return climate if isinstance(climate, str) else climate.name


# ---- One site, all columns (`zcpark profiles`) --------------------------------------------------
README_HEADER = ["topic", "text", "status", "method", "seed", "site"]


def readme_row(column: str, values: np.ndarray, unit: str, method: str, seed: int | None,
               lat: float, lon: float) -> list:
    """A README-sheet row labelling one Profiles column: status `synthetic` (with its seed) or
    `weather file` (seed blank), method, site coordinates and annual mean."""
    status = "synthetic" if seed is not None else "weather file"
    text = (f"{column}: {status.upper()}" + (f", seed {seed}" if seed is not None else "")
            + f", site {site_text(lat, lon)}, annual mean {np.mean(values):.4f} {unit}")
    return [f"profile {column}", text, status, method, seed, site_text(lat, lon)]


def site_profiles(lat: float, lon: float, *, year: int = 2025, tz: str = DEFAULT_TZ, seed: int = 0,
                  tilt: float | None = None, azimuth: float = 180.0, hub_height_m: float = WIND_HUB_HEIGHT_M,
                  climate: str = "generic", weather_file: str | None = None, archetype: str | None = None,
                  peak_mw: float | None = None) -> tuple[pd.DataFrame, list[list]]:
    """Profiles-sheet columns for one site and their README rows.

    Columns: hour (1..N), cf_pv, cf_wind and, with an archetype, electric_load_mw. Synthetic
    weather (seeded, 8760 h) unless weather_file is given; then PV and wind come from the
    file's irradiance and 10 m wind speed and N is the file's length."""
    if weather_file:
        weather, _ = wx.read_weather_file(weather_file, tz=tz, year=year)
        name = Path(weather_file).name
        data_seed = None
    else:
        weather, name, data_seed = wx.synthetic_weather(lat, lon, year, tz, seed, climate), None, seed
    tilt = default_tilt(lat) if tilt is None else tilt
    columns = {
        "cf_pv": (pv_capacity_factor(lat, lon, tilt=tilt, azimuth=azimuth, weather=weather),
                  "per MWp", pv_method(climate, tilt, azimuth, name), data_seed),
        "cf_wind": (wind_capacity_factor(lat, lon, year, tz, seed=seed, climate=climate,
                                         speeds=weather["wind_speed"].to_numpy(), hub_height_m=hub_height_m),
                    "per MW", wind_method(climate, hub_height_m, weather_file=name), data_seed),
    }
    if archetype:
        if peak_mw is None:
            raise ValueError("a load archetype needs peak_mw")
        columns["electric_load_mw"] = (load_shape(archetype, peak_mw, seed, index=weather.index), "MW",
                                       load_method(archetype, peak_mw), seed)
    table = pd.DataFrame({"hour": np.arange(1, len(weather) + 1),
                          **{c: np.round(v[0], 4) for c, v in columns.items()}})
    rows = [readme_row(c, values, unit, method, s, lat, lon) for c, (values, unit, method, s) in columns.items()]
    return table, rows


def write_site_profiles(table: pd.DataFrame, readme_rows: list[list], out: str) -> list[str]:
    """Write the columns and their labels. `.xlsx`: sheets Profiles and README (same layout as
    the example workbooks). `.csv`: the columns, plus the labels in `<name>.readme.csv`.
    Returns the paths written. Written atomically; text (e.g. a weather file's name) stays text
    (writer.write_results, writer.csv_safe)."""
    from zcpark.workbook.writer import csv_safe, save_atomically, write_results
    out_path = Path(out)
    labels = pd.DataFrame(readme_rows, columns=README_HEADER)
    if out_path.suffix.lower() == ".xlsx":
        write_results(out_path, {"Profiles": table, "README": labels})
        return [str(out_path)]
    if out_path.suffix.lower() != ".csv":
        raise ValueError(f"{out}: the output must end in .csv or .xlsx")
    label_path = out_path.with_name(out_path.stem + ".readme.csv")
    for path, frame in ((out_path, table), (label_path, labels)):
        save_atomically(path, lambda tmp, frame=frame: csv_safe(frame).to_csv(tmp, index=False))
    return [str(out_path), str(label_path)]
