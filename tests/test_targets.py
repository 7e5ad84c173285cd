"""Hand-checked targets: carbon intensity, CO2 cap, clean-energy share, hourly matching
(storage needed; grid-charged storage does not count) and the three direct-connection rules,
which bind only when a line is built.

Common park: 24 steps, w = 1, flat 10 MW load (240 MWh), flat 500 CNY/MWh, discount 0,
default grid factors (fossil 0.8273, residual 0.6096 tCO2/MWh) and 0.1229 tce/MWh.
"""
import pytest

from handcalc import DAY, approx, acceptance, battery, cap, carbon, col, cost, line, pv, solve, summary, total
from zcpark.errors import InfeasibleError

GREEN = [{"product": "green_power", "price_cny_per_mwh": 20}]


def target(indicator, value, enforce="yes"):
    return {"indicator": indicator, "value": value, "enforce": enforce}


# ---------------------------------------------------------------- carbon, co2, clean share
@pytest.mark.parametrize("value", [0.2, None])
def test_carbon_intensity_binding(tmp_path, value):
    """Limit 0.2 tCO2/tce (blank + enforced: the 910号 default, 0.2 for a park < 1 Mtce/yr).

    tce = 240 x 0.1229 = 29.496; co2 = (240 - gp) x 0.8273 <= 0.2 x 29.496 = 5.8992
    -> gp = 240 - 5.8992 / 0.8273 = 232.869334 MWh of green power at 20 CNY/MWh = 4,657.3867.
    Total = 120,000 + 4,657.3867 = 124,657.3867; intensity exactly 0.2.
    """
    res = solve(tmp_path, Targets=[target("carbon_intensity_max", value)], GreenMarket=GREEN)
    gp = 240 - 0.2 * 240 * 0.1229 / 0.8273
    assert summary(res, "green_power_mwh_per_yr") == approx(gp)
    assert cost(res, "green_power_premium") == approx(20 * gp)
    assert total(res) == approx(120_000 + 20 * gp)
    assert summary(res, "carbon_intensity_t_per_tce") == approx(0.2)
    assert acceptance(res, "carbon_intensity_max")["pass"]


def test_co2_cap(tmp_path):
    """co2_cap_t 150 under fossil_factor 0.8273: imports <= 150 / 0.8273 = 181.312704 MWh, the rest
    from PV (100 CNY/kW / 20 yr = 5,000 /MW, 6 MWh per MW by day, not worth it uncapped):
    PV = (240 - 181.312704) / 6 = 9.781216 MW.
    Total = 9.781216 x 5,000 + 181.312704 x 500 = 48,906.08 + 90,656.35 = 139,562.43.
    """
    res = solve(tmp_path, profiles={"cf_pv": DAY}, Renewables=[pv(capex=100)],
                Targets=[target("co2_cap_t", 150)])
    imports = 150 / 0.8273
    assert cap(res, "pv") == approx((240 - imports) / 6)
    assert summary(res, "grid_import_mwh_per_yr") == approx(imports)
    assert summary(res, "co2_t_per_yr") == approx(150)
    assert total(res) == approx((240 - imports) / 6 * 5_000 + imports * 500)


def test_co2_cap_with_hourly_grid_factor(tmp_path):
    """average_factor with an hourly grid_ef_t_per_mwh column: 0.2 t/MWh in hours 0-11, 1.0 in 12-23.
    No storage: co2 = 120 x 0.2 + 120 x 1.0 = 144 t. Cap 100 t: a lossless battery (100 /MW,
    100 /MWh) moves x MWh of imports from the dirty to the clean half: 144 - 0.8 x = 100 -> x = 55 MWh;
    E = 55 MWh, P = 55 / 12 = 4.583333 MW -> 5,500 + 458.33; energy cost unchanged (flat tariff):
    total 120,000 + 5,958.33 = 125,958.33.
    """
    res = solve(tmp_path, park={"carbon_method": "average_factor"}, Storage=[battery()],
                profiles={"grid_ef_t_per_mwh": [0.2] * 12 + [1.0] * 12},
                Targets=[target("co2_cap_t", 100)])
    assert cap(res, "bat", "MWh") == approx(55.0)
    assert cap(res, "bat", "MW") == approx(55 / 12)
    assert col(res, "grid_import_mw")[:12].sum() == approx(175.0)
    assert carbon(res, "average_factor") == approx(100.0)
    assert total(res) == approx(120_000 + 5_500 + 100 * 55 / 12)


@pytest.mark.parametrize("method", ["fossil_factor", "market_based"])
def test_clean_energy_share(tmp_path, method):
    """clean_energy_share_min 0.9, green power at 20 CNY/MWh.

    fossil_factor: unlabelled imports count as fossil -> share = gp / 240 >= 0.9 -> gp = 216,
      cost 4,320.
    market_based: unlabelled imports are 1 - 0.6096/0.8273 = 26.3145 % clean (residual mix)
      -> share = 1 - (240 - gp)(0.6096/0.8273)/240 >= 0.9 -> 240 - gp = 24 x 0.8273/0.6096
      = 32.570866 -> gp = 207.429134, cost 4,148.58.
    """
    res = solve(tmp_path, park={"carbon_method": method},
                Targets=[target("clean_energy_share_min", 0.9)], GreenMarket=GREEN)
    gp = 216.0 if method == "fossil_factor" else 240 - 24 * 0.8273 / 0.6096
    assert summary(res, "green_power_mwh_per_yr") == approx(gp)
    assert summary(res, "clean_energy_share") == approx(0.9)
    assert total(res) == approx(120_000 + 20 * gp)


# ---------------------------------------------------------------- hourly matching
def test_hourly_matching_needs_storage(tmp_path):
    """hourly_matching_min 0.75: 180 of 240 MWh matched hour by hour. No green market.
    PV (5,000 /MW/yr) covers at most the 120 MWh of daytime load; the other 60 MWh must be
    PV surplus stored for the night:
      PV used 180 MWh -> 30 MW (15 MW by day: 10 to load, 5 to charge)
      battery (lossless, 100 /MW, 100 /MWh): E = 60 MWh, P = 60/12 = 5 MW
    Cost: PV 150,000 + battery 500 + 6,000 + night imports 60 x 500 = 30,000 -> 186,500.
    """
    res = solve(tmp_path, profiles={"cf_pv": DAY}, Renewables=[pv(capex=100)], Storage=[battery()],
                Targets=[target("hourly_matching_min", 0.75)])
    assert cap(res, "pv") == approx(30.0)
    assert cap(res, "bat", "MW") == approx(5.0)
    assert cap(res, "bat", "MWh") == approx(60.0)
    assert summary(res, "hourly_matching_share") == approx(0.75)
    assert total(res) == approx(186_500)


def test_grid_charged_storage_does_not_count(tmp_path):
    """Existing 20 MW PV covers the daytime 10 MW exactly (120 MWh matched); target 0.6 -> 144 MWh.
    A cheap battery charged from the grid at night would add nothing: its charging is debited.
    The extra 24 MWh must come from new PV surplus stored for the night:
      new PV x: surplus 0.5 x x 12 = 6x >= 24 -> x = 4 MW (20,000); battery E 24 MWh, P 2 MW (2,600)
      imports 120 - 24 = 96 MWh -> 48,000. Total 70,600.
    (Were grid charging counted, the battery alone would do: 60,000 + 2,600 = 62,600.)
    """
    res = solve(tmp_path, profiles={"cf_pv": DAY}, Storage=[battery()],
                Renewables=[pv("pv_old", existing_mw=20, max_new_mw=0), pv("pv_new", capex=100)],
                Targets=[target("hourly_matching_min", 0.6)])
    assert cap(res, "pv_new") == approx(4.0)
    assert cap(res, "bat", "MWh") == approx(24.0)
    assert cap(res, "bat", "MW") == approx(2.0)
    assert summary(res, "hourly_matching_share") == approx(0.6)
    assert total(res) == approx(70_600)


def test_battery_alone_cannot_meet_hourly_matching(tmp_path):
    """Only a (free) battery and the grid: every MWh it could discharge was charged from the grid,
    so no hour is matched and any hourly_matching_min > 0 is infeasible."""
    with pytest.raises(InfeasibleError):
        solve(tmp_path, Storage=[battery(capex_kw=0, capex_kwh=0)],
              Targets=[target("hourly_matching_min", 0.1)])


@pytest.mark.parametrize("hours_per_year", [24, 8760])
@pytest.mark.parametrize("shape, gp", [("flat", 120.0), ("night", 60.0)])
def test_hourly_matching_green_power_shape(tmp_path, shape, gp, hours_per_year):
    """Existing 20 MW PV covers the day; target 0.75 -> the night must have 60 MWh matched by
    contracted green power (20 CNY/MWh premium), which counts only where it is imported.
      flat shape: gp/24 per hour, only the 12 night hours count -> 12 gp/24 = 60 -> gp = 120 (2,400)
      night shape: gp/12 in each night hour -> gp = 60 (1,200)
    Total = 60,000 (night imports) + 20 gp. With hours_per_year 8760 (w = 365) every volume and
    the total scale by 365 (green power is an annual volume, MWh/yr).
    """
    w = hours_per_year / 24
    night = [1.0 if c == 0 else 0.0 for c in DAY]
    res = solve(tmp_path, park={"hours_per_year": hours_per_year}, profiles={"cf_pv": DAY, "night": night},
                Renewables=[pv(existing_mw=20, max_new_mw=0)],
                Targets=[target("hourly_matching_min", 0.75)],
                GreenMarket=[{"product": "green_power", "price_cny_per_mwh": 20, "shape": shape}])
    assert summary(res, "green_power_mwh_per_yr") == approx(w * gp)
    assert col(res, "green_power_mw").max() == approx(gp / (24 if shape == "flat" else 12))
    assert summary(res, "hourly_matching_share") == approx(0.75)
    assert total(res) == approx(w * (60_000 + 20 * gp))


# ---------------------------------------------------------------- direct-connection rules
def _direct_park(tmp_path, targets, wind_max=100.0, line_cap=100.0, export_max=50.0):
    """Remote wind on L1 (flat cf 0.5, 2,000 CNY/MW/yr), line 10,000 CNY/yr, export at 400."""
    return solve(
        tmp_path, profiles={"cf_wind": [0.5] * 24},
        grid={"export_max_mw": export_max, "export_price_cny_per_mwh": 400},
        Renewables=[{"tech": "wind", "kind": "wind", "site": "L1", "profile": "cf_wind", "capex_cny_per_kw": 40,
                     "lifetime_yr": 20, "max_new_mw": wind_max}],
        DirectLines=[{"line": "L1", "option": "a", "capacity_mw": line_cap, "length_km": 100,
                      "capex_cny_per_km": 4_000, "lifetime_yr": 40}],
        Targets=targets)


@pytest.mark.parametrize("rule, wind_mw, expected_total", [
    # No rule: wind pays for export (12 x 400 = 4,800 > 2,000 per MW) up to max_new 100 MW:
    # 50 MW: 10 to load, 40 exported (960 MWh) -> 200,000 + 10,000 - 384,000 = -174,000.
    (None, 100.0, -174_000),
    # feed-in <= 0.2 x available: 24 e <= 0.2 x 24 x 0.5 W -> e <= 0.1 W, e = 0.5 W - 10 -> W = 25;
    # beyond, each MW adds 0.1 MW of export (960 < 2,000). 50,000 + 10,000 - 2.5 x 24 x 400 = 36,000.
    (("direct_feed_in_max", 0.2), 25.0, 36_000),
    # self-use >= 0.6 x available: 240 >= 0.6 x 12 W -> W = 33.333; export 6.667 MW -> 64,000:
    # 66,666.67 + 10,000 - 64,000 = 12,666.67.
    (("direct_self_use_min", 0.6), 100 / 3, 12_666.666667),
])
def test_direct_rules_bind_when_line_built(tmp_path, rule, wind_mw, expected_total):
    """See parameters; the line (100 km x 4,000 / 40 yr = 10,000 /yr) is built in every case."""
    res = _direct_park(tmp_path, [target(*rule)] if rule else [])
    assert line(res, "L1")["built_option"] == "a"
    assert cap(res, "wind") == approx(wind_mw)
    assert total(res) == approx(expected_total)
    if rule:
        assert acceptance(res, rule[0])["achieved"] == approx(rule[1])
        assert acceptance(res, rule[0])["pass"]


@pytest.mark.parametrize("share, built, expected_total", [
    # No rule: a 2 MW line (10,000/yr) carries 4 MW of wind: saves 4 x (6,000 - 2,000) - 10,000
    # = 6,000 -> 114,000.
    (None, "a", 114_000),
    # direct_consumption_share_min 0.3 needs 72 MWh self-used but the line carries at most 48:
    # a built line would break the rule, so none is built -> 120,000.
    (0.3, "none", 120_000),
])
def test_consumption_share_rule(tmp_path, share, built, expected_total):
    """See parameters."""
    targets = [target("direct_consumption_share_min", share)] if share else []
    res = _direct_park(tmp_path, targets, line_cap=2.0, export_max=0.0)
    assert line(res, "L1")["built_option"] == built
    assert total(res) == approx(expected_total)


def _onsite_exporter(tmp_path, onsite_mw, targets):
    """Existing onsite wind (flat cf 0.5) exporting at 100 CNY/MWh up to 50 MW; remote wind on L1
    (max 10 MW) behind a line that costs 1,000,000 CNY/yr and is never worth building."""
    return solve(
        tmp_path, profiles={"cf_wind": [0.5] * 24},
        grid={"export_max_mw": 50, "export_price_cny_per_mwh": 100},
        Renewables=[{"tech": "w_on", "kind": "wind", "profile": "cf_wind", "existing_mw": onsite_mw,
                     "max_new_mw": 0},
                    {"tech": "w_far", "kind": "wind", "site": "L1", "profile": "cf_wind", "capex_cny_per_kw": 40,
                     "lifetime_yr": 20, "max_new_mw": 10}],
        DirectLines=[{"line": "L1", "option": "a", "capacity_mw": 10, "fixed_capex_cny": 40_000_000,
                      "lifetime_yr": 40}],
        Targets=targets)


def test_no_line_no_rules_baseline(tmp_path):
    """Control for the two tests below, no direct rule: onsite wind 60 MW gives 30 MW, 10 to load,
    20 exported x 24 = 480 MWh x 100 = 48,000 revenue; no imports, no line -> total -48,000."""
    res = _onsite_exporter(tmp_path, 60, [])
    assert line(res, "L1")["built_option"] == "none"
    assert summary(res, "export_mwh_per_yr") == approx(480.0)
    assert total(res) == approx(-48_000)


def test_self_use_rule_does_not_bind_without_line(tmp_path):
    """As the baseline with direct_self_use_min 0.6 enforced. No line is built, so the rule does not
    apply (spec: 'The three direct_* rules bind only when a direct line is built'): exports stay
    480 MWh and the total -48,000."""
    res = _onsite_exporter(tmp_path, 60, [target("direct_self_use_min", 0.6)])
    assert line(res, "L1")["built_option"] == "none"
    assert summary(res, "export_mwh_per_yr") == approx(480.0)
    assert total(res) == approx(-48_000)


def test_consumption_share_rule_does_not_bind_without_line(tmp_path):
    """Onsite wind 100 MW -> 50 MW: 10 to load, 40 exported (the export limit is 50) = 960 MWh,
    revenue 96,000; no line -> total -96,000 whether or not direct_consumption_share_min is enforced."""
    res = _onsite_exporter(tmp_path, 100, [target("direct_consumption_share_min", 0.3)])
    assert line(res, "L1")["built_option"] == "none"
    assert summary(res, "export_mwh_per_yr") == approx(960.0)
    assert total(res) == approx(-96_000)
