"""Hand-checked renewables: capacity factor, curtailment, whole units, minimum builds,
existing capacity (fixed O&M only) and variable O&M on used generation only.

Common park (factory defaults): 24 steps, w = 1, discount 0, flat 10 MW load (240 MWh),
flat tariff 500 CNY/MWh. PV profile DAY: cf 0.5 in hours 6..17, 0 otherwise, so 1 MW of PV
yields 6 MWh per day and at most 20 MW of PV is absorbed by the 10 MW daytime load.
"""
import pytest

from handcalc import DAY, approx, battery, cap, col, cost, pv, solve, summary, total


def _pv_battery_island(tmp_path, **pv_extra):
    return solve(
        tmp_path, grid={"import_max_mw": 0},
        profiles={"cf_pv": DAY},
        Renewables=[pv(capex=1000, lifetime=20, **pv_extra)],                       # 50,000 CNY/MW/yr
        Storage=[battery(capex_kw=100, capex_kwh=200, lifetime=10)],               # 10,000 /MW, 20,000 /MWh
    )


def test_pv_battery_island_sized_by_capacity_factor(tmp_path):
    """No grid (import_max_mw 0): PV + lossless battery must carry the whole load.

    Energy: 240 MWh/day; PV gives 6 MWh per MW -> PV = 240 / 6 = 40 MW.
    Day (12 h): PV output 0.5 x 40 = 20 MW: 10 to load, 10 to charge -> 120 MWh stored.
    Night (12 h): 10 MW discharged -> battery P = 10 MW, E = 120 MWh.
    Cost: PV 40 x 1000 x 1000 / 20 = 2,000,000; battery 10 x 10,000 + 120 x 20,000 = 2,500,000.
    Total 4,500,000 CNY/yr; no imports, no curtailment.
    """
    res = _pv_battery_island(tmp_path)
    assert cap(res, "pv") == approx(40.0)
    assert cap(res, "bat", "MW") == approx(10.0)
    assert cap(res, "bat", "MWh") == approx(120.0)
    assert cost(res, "capex_renewables") == approx(2_000_000)
    assert cost(res, "capex_storage") == approx(2_500_000)
    assert total(res) == approx(4_500_000)
    assert summary(res, "grid_import_mwh_per_yr") == approx(0.0)
    assert summary(res, "curtailment_mwh_per_yr") == approx(0.0)
    assert col(res, "pv_available_mw") == approx([40 * c for c in DAY])


def test_unit_size_rounds_up_and_curtails(tmp_path):
    """As the island above, with unit_mw 15: 40 MW is not a whole number of units.

    PV = ceil(40 / 15) x 15 = 45 MW (3 units); output 22.5 MW x 12 h = 270 MWh, of which
    240 are used (120 to load, 120 through the battery) -> curtailment 30 MWh.
    Battery unchanged (P 10 MW, E 120 MWh: the night still needs 120 MWh at 10 MW).
    Cost: 45 x 50,000 = 2,250,000 + 2,500,000 = 4,750,000 CNY/yr.
    """
    res = _pv_battery_island(tmp_path, unit_mw=15, max_new_mw=100)
    assert cap(res, "pv") == approx(45.0)
    assert cap(res, "bat", "MWh") == approx(120.0)
    assert summary(res, "curtailment_mwh_per_yr") == approx(30.0)
    assert total(res) == approx(4_750_000)
    assert res.solve.n_int >= 1


def test_existing_capacity_pays_fom_only_and_vom_on_used(tmp_path):
    """Existing 30 MW PV (fom 20 CNY/kW/yr, vom 10 CNY/MWh; capex 1000 CNY/kW is irrelevant).

    Available: 0.5 x 30 = 15 MW in 12 day hours = 180 MWh; used 10 MW x 12 = 120 MWh
    (no export, no storage) -> curtailment 60 MWh. New PV adds nothing (day already covered).
    fom 30 x 20 x 1000 = 600,000; capex 0; vom on used only = 120 x 10 = 1,200 (not 180 x 10);
    grid: night 120 MWh x 500 = 60,000. Total 661,200 CNY/yr.
    """
    res = solve(tmp_path, profiles={"cf_pv": DAY},
                Renewables=[pv(capex=1000, existing_mw=30, fom_cny_per_kw_yr=20, vom_cny_per_mwh=10)])
    assert cap(res, "pv") == approx(0.0)
    assert cap(res, "pv", which="total") == approx(30.0)
    assert cost(res, "capex_renewables") == approx(0.0)
    assert cost(res, "fom_renewables") == approx(600_000)
    assert cost(res, "vom_renewables") == approx(1_200)
    assert summary(res, "curtailment_mwh_per_yr") == approx(60.0)
    assert col(res, "pv_curtailed_mw").sum() == approx(60.0)
    assert cost(res, "grid_energy") == approx(60_000)
    assert total(res) == approx(661_200)


@pytest.mark.parametrize("min_new, pv_new, expected_total", [
    # No minimum: PV (2,500 /MW/yr) saves 6 x 500 = 3,000 per MW up to 20 MW:
    # 20 MW, total 240 x 500 - 20 x 500 = 110,000.
    (0, 20.0, 110_000),
    # min 25 MW: 25 x 2,500 = 62,500 to save at most 120 x 500 = 60,000 -> build nothing: 120,000.
    (25, 0.0, 120_000),
])
def test_minimum_build_build_nothing_when_small_need(tmp_path, min_new, pv_new, expected_total):
    """PV capex 50 CNY/kW over 20 yr = 2,500 CNY/MW/yr; see the parameter comments."""
    res = solve(tmp_path, profiles={"cf_pv": DAY},
                Renewables=[pv(capex=50, min_new_mw=min_new, max_new_mw=100)])
    assert cap(res, "pv") == approx(pv_new)
    assert total(res) == approx(expected_total)


@pytest.mark.parametrize("min_new, pv_new, expected_total", [
    # No minimum: co2 cap 180 t at 1 t/MWh -> imports <= 180 -> PV >= 60 MWh = 10 MW:
    # 10 x 5,000 + 180 x 500 = 140,000.
    (0, 10.0, 140_000),
    # min 15 MW: jump to 15 MW (90 MWh, all used) -> 15 x 5,000 + 150 x 500 = 150,000.
    (15, 15.0, 150_000),
])
def test_minimum_build_jumps_to_minimum(tmp_path, min_new, pv_new, expected_total):
    """PV capex 100 CNY/kW over 20 yr = 5,000 CNY/MW/yr > 3,000 of saved energy, so PV is built
    only for the co2 cap (fossil factor set to 1 tCO2/MWh); see the parameter comments."""
    res = solve(tmp_path, profiles={"cf_pv": DAY}, grid={"emission_factor_fossil": 1.0},
                Targets=[{"indicator": "co2_cap_t", "value": 180, "enforce": "yes"}],
                Renewables=[pv(capex=100, min_new_mw=min_new, max_new_mw=100)])
    assert cap(res, "pv") == approx(pv_new)
    assert total(res) == approx(expected_total)
    assert summary(res, "co2_t_per_yr") <= 180 + 1e-6
