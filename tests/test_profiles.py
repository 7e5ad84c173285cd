"""Profile generator (zcpark.siteprofiles.profiles, zcpark.siteprofiles.weather, `zcpark profiles`) and the example workbooks.

Plausible annual capacity-factor ranges (data/SOURCES.md, "Plausibility ranges"): fixed-tilt PV
per MWp, Ordos-type site 0.16-0.21 (1 400-1 840 h), southern-Jiangsu rooftop 0.10-0.145
(880-1 270 h); onshore wind, Ordos-type 0.25-0.37 (2 200-3 240 h), Jiangsu inland 0.16-0.28
(1 400-2 450 h). The ranges bracket provincial utilisation hours (NEA / CEC statistics) with room
for one synthetic year's weather.
"""
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from zcpark.siteprofiles import profiles as pr
from zcpark.siteprofiles import weather as wx
from zcpark.cli import main
from zcpark.workbook.reader import read_workbook

ORDOS = dict(lat=39.6, lon=109.8, climate="ordos")
JIANGSU = dict(lat=31.3, lon=120.6, climate="suzhou")
DATA = Path(__file__).resolve().parents[1] / "data"
EXAMPLES = sorted(DATA.glob("*_park.xlsx"))


@pytest.mark.parametrize("site, tilt, low, high", [(ORDOS, 30, 0.16, 0.21), (JIANGSU, 10, 0.10, 0.145)])
def test_pv_annual_capacity_factor_is_plausible(site, tilt, low, high):
    cf = pr.pv_capacity_factor(year=2025, tilt=tilt, seed=1, **site)
    assert len(cf) == 8760
    assert low <= cf.mean() <= high
    assert cf.max() <= 1 / pr.PV_DC_AC_RATIO + 1e-9  # inverter clipping at DC/AC 1.2
    night = pd.DatetimeIndex(wx.hourly_index(2025)).hour.isin([0, 1, 2, 3, 22, 23])
    assert np.all(cf[night] == 0)


@pytest.mark.parametrize("site, low, high", [(ORDOS, 0.25, 0.37), (JIANGSU, 0.16, 0.28)])
def test_wind_annual_capacity_factor_is_plausible(site, low, high):
    cf = pr.wind_capacity_factor(year=2025, seed=1, **site)
    assert len(cf) == 8760 and low <= cf.mean() <= high
    assert cf.max() <= 1 - pr.WIND_FARM_LOSSES + 1e-9


def test_same_seed_same_profile_other_seed_different():
    pv = [pr.pv_capacity_factor(tilt=30, seed=s, **ORDOS) for s in (7, 7, 8)]
    wind = [pr.wind_capacity_factor(seed=s, **ORDOS) for s in (7, 7, 8)]
    load = [pr.load_shape("shift", 50.0, seed=s) for s in (7, 7, 8)]
    for series in (pv, wind, load):
        assert np.array_equal(series[0], series[1])
        assert not np.allclose(series[0], series[2])


def test_wind_model_physics():
    """Higher hub -> more output; thin air at altitude -> less; regional sharing -> correlation."""
    low_hub = pr.wind_capacity_factor(seed=3, hub_height_m=80, **ORDOS).mean()
    high_hub = pr.wind_capacity_factor(seed=3, hub_height_m=160, **ORDOS).mean()
    sea_level = pr.wind_capacity_factor(seed=3, altitude_m=0, **ORDOS).mean()
    plateau = pr.wind_capacity_factor(seed=3, altitude_m=2500, **ORDOS).mean()
    assert high_hub > low_hub and sea_level > plateau
    index = wx.hourly_index(2025)
    a, b = (wx.synthetic_wind_speed(index, wx.CLIMATES["ordos"], s, shared=(99, 0.6)) for s in (1, 2))
    c = wx.synthetic_wind_speed(index, wx.CLIMATES["ordos"], 3)
    assert np.corrcoef(a, b)[0, 1] > 0.4 > abs(np.corrcoef(a, c)[0, 1])
    curve = pr.generic_power_curve()
    assert curve(np.array([0.0, 2.0, 35.0])).max() < 0.01 and curve(np.array([14.0]))[0] > 0.97


def test_load_archetypes():
    index = wx.hourly_index(2025)
    centre = pr.load_shape("data_centre", 100.0, seed=1)
    assert centre.max() == pytest.approx(100.0) and centre.min() > 85.0 and centre.mean() > 90.0
    shift = pr.load_shape("shift", 100.0, seed=1)
    weekday, hour = index.dayofweek < 5, index.hour
    day_work = shift[weekday & (hour == 10)].mean()
    assert day_work > 2.5 * shift[weekday & (hour == 3)].mean()  # night at 30 %
    assert shift[~weekday & (hour == 10)].mean() < 0.6 * day_work  # weekends at 45 %
    continuous = pr.load_shape("continuous", 100.0, seed=1)
    assert continuous.mean() > 0.85 * continuous.max()
    # two archetypes with one seed have independent noise
    assert abs(np.corrcoef(np.diff(continuous), np.diff(centre))[0, 1]) < 0.1


def _weather_48h():
    """Two days of clear-sky irradiance at the Ordos site, as a plain table (interval starts)."""
    index = pd.date_range("2025-06-01", periods=48, freq="h", tz=wx.DEFAULT_TZ)
    sky = wx.clear_sky(index, ORDOS["lat"], ORDOS["lon"])
    return pd.DataFrame({"ghi": sky["ghi"].round(1), "dni": sky["dni"].round(1), "dhi": sky["dhi"].round(1),
                         "temp_air": 20.0, "wind_speed": 3.0}, index=index)


def test_weather_csv_file(tmp_path):
    table = _weather_48h()
    path = tmp_path / "site.csv"
    table.assign(time=table.index.tz_localize(None)).to_csv(path, index=False)
    read, meta = wx.read_weather_file(path)
    assert meta == {} and len(read) == 48 and read.index[0] == table.index[0]
    cf = pr.pv_capacity_factor(ORDOS["lat"], ORDOS["lon"], tilt=30, weather=read)
    assert len(cf) == 48 and np.all(cf[:5] == 0) and cf.max() > 0.6  # clear June days
    assert 10 <= int(np.argmax(cf[:24])) <= 14  # solar noon at 109.8 E is about 12:40 Beijing time
    ghi_only = tmp_path / "ghi_only.csv"
    table.drop(columns=["dni", "dhi"]).assign(time=table.index.tz_localize(None)).to_csv(ghi_only, index=False)
    split = pr.pv_capacity_factor(ORDOS["lat"], ORDOS["lon"], tilt=30, weather=wx.read_weather_file(ghi_only)[0])
    assert split.sum() == pytest.approx(cf.sum(), rel=0.15)  # Erbs split instead of the given dni/dhi
    bad = tmp_path / "bad.csv"
    table.drop(columns=["wind_speed"]).assign(time=table.index.tz_localize(None)).to_csv(bad, index=False)
    with pytest.raises(ValueError, match="wind_speed"):
        wx.read_weather_file(bad)


def _write_epw(path, table):
    """A minimal EPW (8 header lines, 35 fields per hour; EPW hour h covers the hour ending at h)."""
    header = ["LOCATION,Ordos,NM,CHN,test,000000,39.60,109.80,8.0,1286.0", "DESIGN CONDITIONS,0",
              "TYPICAL/EXTREME PERIODS,0", "GROUND TEMPERATURES,0", "HOLIDAYS/DAYLIGHT SAVINGS,No,0,0,0",
              "COMMENTS 1,made in a test", "COMMENTS 2,", "DATA PERIODS,1,1,Data,Sunday, 6/ 1,6/ 2"]
    rows = []
    for t, r in table.iterrows():
        fields = [t.year, t.month, t.day, t.hour + 1, 60, "?", r.temp_air, 5.0, 40, 87000, 0, 0, 300,
                  r.ghi, r.dni, r.dhi, 0, 0, 0, 0, 180, r.wind_speed, 0, 0, 50, 77777, 9, 999999999,
                  10, 0.1, 0, 88, 0.2, 0, 1]
        rows.append(",".join(str(f) for f in fields))
    path.write_text("\n".join(header + rows) + "\n")


def test_weather_epw_file_matches_csv(tmp_path):
    """The EPW path and the CSV path put the same hour in the same row."""
    table = _weather_48h()
    _write_epw(tmp_path / "site.epw", table)
    epw, meta = wx.read_weather_file(tmp_path / "site.epw")
    assert meta["latitude"] == pytest.approx(39.6) and len(epw) == 48
    assert (epw.index == table.index).all()
    from_epw = pr.pv_capacity_factor(ORDOS["lat"], ORDOS["lon"], tilt=30, weather=epw)
    from_table = pr.pv_capacity_factor(ORDOS["lat"], ORDOS["lon"], tilt=30, weather=table)
    assert np.allclose(from_epw, from_table, atol=1e-6)


def test_cli_profiles_writes_columns_and_labels(tmp_path, capsys):
    out = tmp_path / "site.csv"
    code = main(["profiles", "--lat", "39.6", "--lon", "109.8", "--seed", "5", "--climate", "ordos",
                 "--load-archetype", "continuous", "--peak-mw", "300", "--out", str(out)])
    assert code == 0
    table = pd.read_csv(out)
    assert list(table.columns) == ["hour", "cf_pv", "cf_wind", "electric_load_mw"] and len(table) == 8760
    assert table["electric_load_mw"].max() == pytest.approx(300.0, abs=1e-3)
    labels = pd.read_csv(tmp_path / "site.readme.csv")
    assert set(labels["status"]) == {"synthetic"} and set(labels["seed"]) == {5}
    assert "wrote" in capsys.readouterr().out
    assert main(["profiles", "--lat", "39.6", "--lon", "109.8", "--weather", str(tmp_path / "none.epw"),
                 "--out", str(tmp_path / "x.csv")]) == 2


@pytest.mark.parametrize("path", EXAMPLES, ids=lambda p: p.stem)
def test_example_workbook_is_valid_and_every_profile_is_labelled(path):
    data = read_workbook(path)
    assert data.n_steps == 8760
    columns = [c for c in pd.read_excel(path, "Profiles", nrows=1).columns if c != "hour"]
    readme = pd.read_excel(path, "README").set_index("topic")
    for column in columns:
        row = readme.loc[f"profile {column}"]
        assert row["status"] == "synthetic" and float(row["seed"]).is_integer()
        assert row["method"] and row["site"]


def test_three_example_parks_exist():
    assert {p.stem for p in EXAMPLES} == {"inland_park", "coastal_park", "computing_park"}
