"""Hand-checked grid connection: export price and limit, import limit, demand charge and
the weight w = hours_per_year / N (energy scaled, capex and demand charge not).

Common park: 24 steps, flat 10 MW load, flat 500 CNY/MWh, discount 0.
"""
import numpy as np
import pytest

from handcalc import DAY, approx, cap, col, cost, pv, solve, summary, total


@pytest.mark.parametrize("export_max, vom, exported, curtailed, expected_total", [
    # Surplus 20 - 10 = 10 MW for 12 h; export 300 - vom 100 = +200/MWh -> export 6 MW x 12 = 72 MWh,
    # curtail 4 x 12 = 48. vom (120 + 72) x 100 = 19,200; revenue 72 x 300 = 21,600;
    # grid 120 x 500 = 60,000 -> 57,600.
    (6, 100, 72.0, 48.0, 57_600),
    # vom 350 > export price 300: exporting loses money -> no export, curtail 120;
    # 60,000 + 120 x 350 = 102,000.
    (6, 350, 0.0, 120.0, 102_000),
    # export_max_mw 0: no export whatever the price -> 60,000 + 120 x 100 = 72,000.
    (0, 100, 0.0, 120.0, 72_000),
])
def test_export_price_and_limit(tmp_path, export_max, vom, exported, curtailed, expected_total):
    """Existing 40 MW PV (cf 0.5 by day -> 20 MW), export price 300 CNY/MWh; see parameters."""
    res = solve(tmp_path, profiles={"cf_pv": DAY},
                grid={"export_max_mw": export_max, "export_price_cny_per_mwh": 300},
                Renewables=[pv(existing_mw=40, max_new_mw=0, vom_cny_per_mwh=vom)])
    assert summary(res, "export_mwh_per_yr") == approx(exported)
    assert summary(res, "curtailment_mwh_per_yr") == approx(curtailed)
    assert cost(res, "export_revenue") == approx(-300 * exported)
    assert col(res, "grid_export_mw").max() <= export_max + 1e-6
    assert total(res) == approx(expected_total)


def test_import_limit(tmp_path):
    """import_max_mw 8 with a flat 10 MW load: wind at a flat cf 0.4 fills the 2 MW gap.

    wind = 2 / 0.4 = 5 MW at 1000 CNY/kW / 20 yr = 50,000 /MW -> 250,000 (not worth it otherwise:
    0.4 x 24 x 500 = 4,800 saved per MW); grid 8 x 24 x 500 = 96,000; total 346,000.
    """
    res = solve(tmp_path, grid={"import_max_mw": 8}, profiles={"cf_wind": [0.4] * 24},
                Renewables=[{"tech": "wind", "kind": "wind", "profile": "cf_wind", "capex_cny_per_kw": 1000,
                             "lifetime_yr": 20}])
    assert cap(res, "wind") == approx(5.0)
    assert summary(res, "peak_import_mw") == approx(8.0)
    assert col(res, "grid_import_mw") == approx([8.0] * 24)
    assert total(res) == approx(346_000)


def test_demand_charge_is_12_x_rate_x_1000_x_peak(tmp_path):
    """Flat 10 MW imported, demand charge 30 CNY/kW/month:
    12 x 30 x 1000 x 10 = 3,600,000; energy 240 x 500 = 120,000; total 3,720,000."""
    res = solve(tmp_path, grid={"demand_charge_cny_per_kw_month": 30})
    assert cost(res, "demand_charge") == approx(3_600_000)
    assert cost(res, "grid_energy") == approx(120_000)
    assert total(res) == approx(3_720_000)


@pytest.mark.parametrize("hours_per_year", [24, 8760])
def test_weight_scales_energy_not_capex_or_demand_charge(tmp_path, hours_per_year):
    """PV candidate at 1000 CNY/kW / 20 yr = 50,000 CNY/MW/yr; demand charge 30 CNY/kW/month.

    w = 1 (24/24): PV saves 6 x 500 = 3,000 per MW < 50,000 -> no PV;
      grid 240 x 500 = 120,000; demand 12 x 30 x 1000 x 10 = 3,600,000; total 3,720,000.
    w = 365 (8760/24): PV saves 365 x 6 x 500 = 1,095,000 per MW -> PV = 20 MW (covers the day);
      capex 20 x 50,000 = 1,000,000 (not scaled); grid 365 x 120 x 500 = 21,900,000;
      peak import still 10 MW at night -> demand 3,600,000 (not scaled); total 26,500,000;
      imports 365 x 120 = 43,800 MWh/yr.
    """
    res = solve(tmp_path, park={"hours_per_year": hours_per_year}, profiles={"cf_pv": DAY},
                grid={"demand_charge_cny_per_kw_month": 30}, Renewables=[pv(capex=1000, lifetime=20)])
    assert cost(res, "demand_charge") == approx(3_600_000)
    if hours_per_year == 24:
        assert cap(res, "pv") == approx(0.0)
        assert cost(res, "grid_energy") == approx(120_000)
        assert total(res) == approx(3_720_000)
    else:
        assert res.data.weights == approx(np.full(24, 365.0))
        assert cap(res, "pv") == approx(20.0)
        assert cost(res, "capex_renewables") == approx(1_000_000)
        assert cost(res, "grid_energy") == approx(21_900_000)
        assert summary(res, "grid_import_mwh_per_yr") == approx(43_800)
        assert total(res) == approx(26_500_000)
