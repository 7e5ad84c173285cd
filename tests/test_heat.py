"""Hand-checked heat: heat pump vs gas boiler decided by a carbon target, free waste heat first,
a thermal store moving electric-boiler use to valley hours, and fuel emissions and tce.

Common park: 24 steps, w = 1, discount 0, flat 500 CNY/MWh unless stated.
"""
import pytest

from handcalc import approx, cap, carbon, col, cost, solve, summary, total

HEAT10 = {"heat_load_mw": [10.0] * 24}
GAS = {"fuel": "gas", "price_cny_per_mwh": 200, "tce_per_mwh": 0.12, "co2_t_per_mwh": 0.2, "clean": "yes"}
GAS_BOILER = {"tech": "gasb", "kind": "fuel_boiler", "fuel": "gas", "efficiency": 0.9, "existing_mw": 10,
              "max_new_mw": 0}


@pytest.mark.parametrize("co2_cap", [None, 160])
def test_heat_pump_vs_gas_decided_by_carbon_cap(tmp_path, co2_cap):
    """Electric load 10 MW, heat 10 MW flat. Existing gas boiler (eff 0.9, gas 200 CNY/MWh,
    0.2 tCO2/MWh): 222.22 CNY and 0.22222 t per MWh of heat. New heat pump COP 4 at 100 CNY/kW /
    20 yr = 5,000 CNY/MW/yr: 125 CNY + 5,000/24 = 333.33 CNY and 0.5/4 = 0.125 t per MWh of heat
    (fossil factor set to 0.5 tCO2/MWh).

    No cap: gas only. Fuel 240/0.9 = 266.667 MWh -> 53,333.33; grid 240 x 500 = 120,000;
      total 173,333.33; co2 = 120 + 53.333 = 173.333 t.
    Cap 160 t: each MW of heat pump (24 MWh of heat) cuts 24 x (0.22222 - 0.125) = 2.33333 t and
      costs 24 x (333.33 - 222.22) = 2,666.67 -> x = 13.3333 / 2.33333 = 5.714286 MW;
      total = 173,333.33 + 5.714286 x 2,666.67 = 188,571.43.
    """
    targets = [{"indicator": "co2_cap_t", "value": co2_cap, "enforce": "yes"}] if co2_cap else []
    res = solve(tmp_path, profiles=HEAT10, grid={"emission_factor_fossil": 0.5}, Fuels=[GAS], Targets=targets,
                HeatSupply=[GAS_BOILER, {"tech": "hp", "kind": "heat_pump", "efficiency": 4.0,
                                         "capex_cny_per_kw": 100, "lifetime_yr": 20}])
    if co2_cap is None:
        assert cap(res, "hp") == approx(0.0)
        assert cost(res, "fuel") == approx(240 / 0.9 * 200)
        assert total(res) == approx(120_000 + 240 / 0.9 * 200)
        assert summary(res, "co2_t_per_yr") == approx(120 + 240 / 0.9 * 0.2)
    else:
        x = (240 / 0.9 * 0.2 - 40) / (24 * (0.2 / 0.9 - 0.125))
        assert x == approx(5.714285714)
        assert cap(res, "hp") == approx(x)
        assert col(res, "hp_elec_mw").sum() == approx(24 * x / 4)
        assert summary(res, "co2_t_per_yr") == approx(160)
        assert total(res) == approx(120_000 + 240 / 0.9 * 200 + x * 24 * (5_000 / 24 + 125 - 200 / 0.9))


@pytest.mark.parametrize("vom, waste_used", [(0, 120.0), (300, 0.0)])
def test_waste_heat_first_when_free(tmp_path, vom, waste_used):
    """Heat 10 MW flat; waste heat available 4 MW (hours 0-11) and 6 MW (12-23) = 120 MWh.
    vom 0: all 120 MWh used; the gas boiler (222.22 CNY/MWh heat) makes the other 120:
      fuel 133.333 MWh -> 26,666.67; total 120,000 + 26,666.67 = 146,666.67.
    vom 300 > 222.22: waste heat idle; gas 240/0.9 x 200 = 53,333.33; total 173,333.33.
    """
    avail = [4.0] * 12 + [6.0] * 12
    res = solve(tmp_path, profiles={**HEAT10, "waste": avail}, Fuels=[GAS],
                HeatSupply=[GAS_BOILER, {"tech": "wh", "kind": "waste_heat", "profile": "waste", "existing_mw": 10,
                                         "max_new_mw": 0, "vom_cny_per_mwh": vom}])
    assert col(res, "wh_heat_mw").sum() == approx(waste_used)
    if waste_used:
        assert col(res, "wh_heat_mw") == approx(avail)
    gas_heat = 240 - waste_used
    assert col(res, "gasb_fuel_mw").sum() == approx(gas_heat / 0.9)
    assert total(res) == approx(120_000 + gas_heat / 0.9 * 200 + vom * waste_used)


def test_thermal_store_shifts_electric_boiler_to_valley(tmp_path):
    """No electric load; heat 10 MW flat. Electricity 200 CNY/MWh in hours 0-11, 1000 in 12-23.
    Electric boiler eff 1 at 20 CNY/kW / 20 yr = 1,000 /MW/yr; lossless thermal store at
    100 /MW/yr and 100 /MWh/yr.
    Shifting x MWh of heat to the valley costs x/12 MW of boiler (83.33 x) + x/12 MW of store
    power (8.33 x) + x MWh of store (100 x) = 191.67 x < 800 x saved -> shift all 120 MWh:
      boiler 20 MW (10 for the load + 10 charging), store P 10 MW, E 120 MWh
      electricity 240 MWh x 200 = 48,000; boiler 20,000; store 1,000 + 12,000; total 81,000
    (vs 10 MW boiler and 120 x 200 + 120 x 1000 = 144,000 + 10,000 without the store).
    """
    res = solve(tmp_path, load=[0.0] * 24, profiles=HEAT10, price=[200.0] * 12 + [1000.0] * 12,
                HeatSupply=[{"tech": "eb", "kind": "electric_boiler", "efficiency": 1.0, "capex_cny_per_kw": 20,
                             "lifetime_yr": 20}],
                Storage=[{"tech": "ts", "kind": "thermal", "capex_cny_per_kw": 1, "capex_cny_per_kwh": 1,
                          "lifetime_yr": 10, "eta_charge": 1, "eta_discharge": 1, "self_discharge_per_h": 0}])
    assert cap(res, "eb") == approx(20.0)
    assert cap(res, "ts", "MW") == approx(10.0)
    assert cap(res, "ts", "MWh") == approx(120.0)
    assert col(res, "eb_elec_mw")[12:] == approx([0.0] * 12)
    assert col(res, "grid_import_mw")[:12] == approx([20.0] * 12)
    assert cost(res, "grid_energy") == approx(48_000)
    assert total(res) == approx(81_000)


def test_fuel_emissions_and_tce(tmp_path):
    """Heat 10 MW: existing coal boiler 6 MW (eff 0.8; coal 100 CNY/MWh, 0.1229 tce, 0.34 tCO2/MWh,
    not clean) runs flat out, existing gas boiler (eff 0.9; gas 300 CNY/MWh, 0.11 tce, 0.2 tCO2,
    clean) makes the other 4 MW. Electric load 10 MW, default grid factors.
      coal fuel 6 x 24 / 0.8 = 180 MWh;  gas fuel 4 x 24 / 0.9 = 106.667 MWh
      scope 1 = 180 x 0.34 + 106.667 x 0.2 = 61.2 + 21.3333 = 82.5333 t
      fossil_factor scope 2 = 240 x 0.8273 = 198.552 t -> co2 = 281.0853 t
      tce = 240 x 0.1229 + 180 x 0.1229 + 106.667 x 0.11 = 29.496 + 22.122 + 11.7333 = 63.3513
      clean (fossil_factor: all imports fossil) = 11.7333 -> share 0.185211
      average_factor: scope 2 = 240 x 0.5306 = 127.344; clean = 240 x 0.359 x 0.1229 + 11.7333
      cost = 120,000 + 180 x 100 + 106.667 x 300 = 170,000
    """
    res = solve(tmp_path, profiles=HEAT10,
                Fuels=[{"fuel": "coal", "price_cny_per_mwh": 100, "tce_per_mwh": 0.1229, "co2_t_per_mwh": 0.34,
                        "clean": "no"},
                       {"fuel": "gas", "price_cny_per_mwh": 300, "tce_per_mwh": 0.11, "co2_t_per_mwh": 0.2,
                        "clean": "yes"}],
                HeatSupply=[{"tech": "coalb", "kind": "fuel_boiler", "fuel": "coal", "efficiency": 0.8,
                             "existing_mw": 6, "max_new_mw": 0},
                            {"tech": "gasb", "kind": "fuel_boiler", "fuel": "gas", "efficiency": 0.9,
                             "existing_mw": 10, "max_new_mw": 0}])
    coal, gas = 180.0, 4 * 24 / 0.9
    tce = 240 * 0.1229 + coal * 0.1229 + gas * 0.11
    assert col(res, "coalb_fuel_mw").sum() == approx(coal)
    assert col(res, "gasb_fuel_mw").sum() == approx(gas)
    assert carbon(res, "fossil_factor", "scope1_t") == approx(coal * 0.34 + gas * 0.2)
    assert carbon(res, "fossil_factor", "scope2_t") == approx(240 * 0.8273)
    assert carbon(res, "fossil_factor") == approx(coal * 0.34 + gas * 0.2 + 240 * 0.8273)
    assert carbon(res, "fossil_factor", "energy_tce") == approx(tce)
    assert summary(res, "energy_tce_per_yr") == approx(tce)
    assert summary(res, "clean_energy_share") == approx(gas * 0.11 / tce)
    assert carbon(res, "average_factor", "scope2_t") == approx(240 * 0.5306)
    assert carbon(res, "average_factor", "clean_energy_share") == approx((240 * 0.359 * 0.1229 + gas * 0.11) / tce)
    assert summary(res, "carbon_intensity_t_per_tce") == approx((coal * 0.34 + gas * 0.2 + 240 * 0.8273) / tce)
    assert total(res) == approx(170_000)


def test_heat_pump_cop_profile(tmp_path):
    """Existing 10 MW heat pump with a COP column: 2 in hours 0-11, 4 in hours 12-23; heat 10 MW flat,
    no electric load. Electricity = 120/2 + 120/4 = 90 MWh -> 45,000 CNY; tce = 90 x 0.1229."""
    res = solve(tmp_path, load=[0.0] * 24, profiles={**HEAT10, "cop": [2.0] * 12 + [4.0] * 12},
                HeatSupply=[{"tech": "hp", "kind": "heat_pump", "profile": "cop", "existing_mw": 10,
                             "max_new_mw": 0}])
    assert col(res, "hp_elec_mw") == approx([5.0] * 12 + [2.5] * 12)
    assert summary(res, "electricity_mwh_per_yr") == approx(90.0)
    assert summary(res, "energy_tce_per_yr") == approx(90 * 0.1229)
    assert total(res) == approx(45_000)
