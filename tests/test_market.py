"""Hand-checked green-power trading and green certificates: they re-label grid imports only
(green power + certificates <= annual imports), and count for carbon by method.

Common park: 24 steps, w = 1, flat 10 MW load (240 MWh), flat 500 CNY/MWh, discount 0.
"""
import pytest

from handcalc import DAY, approx, cap, carbon, col, cost, pv, solve, summary, total

EF_ONE = {"emission_factor_average": 1.0, "emission_factor_fossil": 1.0, "emission_factor_residual": 1.0}
MARKET = [{"product": "green_power", "price_cny_per_mwh": 30}, {"product": "gec", "price_cny_per_mwh": 10}]


def test_certificates_cannot_exceed_imports(tmp_path):
    """Heat 1 MW flat: existing gas boiler (eff 1, 100 CNY/MWh, 0.2 tCO2/MWh) or a new electric
    boiler (eff 1, 10 CNY/kW / 10 yr = 1,000 CNY/MW/yr). co2_cap_t 0, market_based, gec 10 CNY/MWh.

    Without the import bound, gas + certificates for all imports plus 24 x 0.2 / 0.6096 = 7.87 MWh
    more to offset scope 1 would cost 2,400 + 2,479 = 4,879 + 120,000 and win. With the bound,
    scope 1 cannot be offset: gas 0, electric boiler 1 MW, imports 240 + 24 = 264 MWh,
    certificates = imports = 264 MWh.
    Cost: grid 264 x 500 = 132,000; certificates 2,640; boiler capex 1,000; total 135,640.
    """
    res = solve(tmp_path, park={"carbon_method": "market_based"},
                profiles={"heat_load_mw": [1.0] * 24},
                Targets=[{"indicator": "co2_cap_t", "value": 0, "enforce": "yes"}],
                Fuels=[{"fuel": "gas", "price_cny_per_mwh": 100, "tce_per_mwh": 0.1229, "co2_t_per_mwh": 0.2,
                        "clean": "yes"}],
                HeatSupply=[{"tech": "gasb", "kind": "fuel_boiler", "fuel": "gas", "efficiency": 1.0,
                             "existing_mw": 1, "max_new_mw": 0},
                            {"tech": "eboil", "kind": "electric_boiler", "efficiency": 1.0,
                             "capex_cny_per_kw": 10, "lifetime_yr": 10}],
                GreenMarket=[{"product": "gec", "price_cny_per_mwh": 10}])
    assert col(res, "gasb_fuel_mw").sum() == approx(0.0)
    assert cap(res, "eboil") == approx(1.0)
    assert summary(res, "grid_import_mwh_per_yr") == approx(264.0)
    assert summary(res, "gec_mwh_per_yr") == approx(264.0)
    assert cost(res, "certificates") == approx(2_640)
    assert total(res) == approx(135_640)
    assert carbon(res, "market_based") == approx(0.0)


@pytest.mark.parametrize("method, gec_counts, gp, gec, pv_mw, expected_total", [
    # fossil_factor, certificates do not count: relabel 120 MWh with green power at 30 -> 3,600.
    ("fossil_factor", "no", 120.0, 0.0, 0.0, 123_600),
    # fossil_factor, certificates count: 120 MWh of certificates at 10 -> 1,200.
    ("fossil_factor", "yes", 0.0, 120.0, 0.0, 121_200),
    # market_based: certificates always count -> 1,200 (even with gec_counts_for_carbon no).
    ("market_based", "no", 0.0, 120.0, 0.0, 121_200),
    # average_factor: nothing re-labels; imports must fall to 120 MWh -> PV 20 MW (50,000 /MW):
    # 1,000,000 + 120 x 500 = 1,060,000.
    ("average_factor", "yes", 0.0, 0.0, 20.0, 1_060_000),
])
def test_what_counts_for_carbon_by_method(tmp_path, method, gec_counts, gp, gec, pv_mw, expected_total):
    """co2_cap_t 120 with every grid factor 1 tCO2/MWh: the 240 MWh of imports must be cut or
    re-labelled by 120 MWh. Green power premium 30, certificates 10, PV 1000 CNY/kW / 20 yr
    (50,000 /MW/yr, 47,000 net per 6 t avoided: far dearer than re-labelling). See parameters.
    """
    res = solve(tmp_path, park={"carbon_method": method, "gec_counts_for_carbon": gec_counts},
                grid=EF_ONE, profiles={"cf_pv": DAY}, Renewables=[pv(capex=1000, lifetime=20)],
                Targets=[{"indicator": "co2_cap_t", "value": 120, "enforce": "yes"}], GreenMarket=MARKET)
    assert summary(res, "green_power_mwh_per_yr") == approx(gp)
    assert summary(res, "gec_mwh_per_yr") == approx(gec)
    assert cap(res, "pv") == approx(pv_mw)
    assert total(res) == approx(expected_total)
    assert carbon(res, method) == approx(120.0)
    imports = 240.0 - 6 * pv_mw
    # Every method is reported with its own rule, whatever was enforced:
    assert carbon(res, "average_factor") == approx(imports)
    assert carbon(res, "market_based") == approx(imports - gp - gec)
    counted = gec if gec_counts == "yes" else 0.0
    assert carbon(res, "fossil_factor") == approx(imports - gp - counted)
