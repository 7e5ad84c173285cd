"""Regression: one fixed 48-hour park with every main family at once.

PV (onsite, capped at 8 MW), wind behind direct line L1 (capped at 15 MW; two line options),
a battery with E/P bounds, green power and certificates, a binding carbon-intensity target
(0.2 tCO2/tce under ndrc_910, the acceptance method: grid power at 0.8325 tCO2/MWh, electricity
at 等价值 0.3 tce/MWh, certificates not counted), TOU tariff, demand charge,
discount rate 6 %, w = 8760 / 48 = 182.5.

Recorded from the current code (zcpark 0.1.0, highspy 1.15.1) after these checks:
  - PV and wind at their caps (cheaper than the grid); annualized cost by hand:
    PV   8 MW x 1000 x (3000 x CRF(6 %, 25) = 0.0782267 + 45)  = 2,237,441
    wind 15 MW x 1000 x (4500 x CRF(6 %, 20) = 0.0871846 + 120) = 7,684,958
  - the small line (6 MW) cannot carry the wind's 9 MW peaks: the large one (25 MW) is built,
    (30 km x 2.2 M + 15 M) x (CRF(6 %, 40) = 0.0664615 + 0.01) = 6,193,384 CNY/yr
  - demand charge 12 x 5 x 1000 x 8.00266 MW = 480,160
  - intensity exactly 0.2; it is met with green power, not the cheaper certificates (they do
    not count here): electricity use E = 97,977.93 MWh/yr -> 29,393.38 tce at 0.3; CO2 <= 5,878.68 t
    -> counted imports 5,878.68 / 0.8325 = 7,061.47 of the 39,600.12 MWh imported
    -> green power 32,538.65 MWh x 30
  - battery at its E/P upper bound (E = 4 P); same optimum from simplex and IPM
  - total 38.67 M CNY/yr for 97,978 MWh/yr = 395 CNY/MWh.
Before ndrc_910 was the default this park was recorded under fossil_factor (0.8273, 当量值 0.1229):
the same plan with 36,689.09 MWh of green power, 124,513 CNY/yr more (30 x 4,150.44 MWh).
"""
import math

from handcalc import approx, cap, cost, line, solve, summary, total

H = 48
LOAD = [(8.0 if (t % 24) < 7 or (t % 24) > 21 else 12.0) + (1.0 if t >= 24 else 0.0) for t in range(H)]
CF_PV = [round(max(0.0, math.sin(math.pi * ((t % 24) - 6) / 12)) * (0.8 if t < 24 else 0.4), 4) for t in range(H)]
CF_WIND = [round(0.35 + 0.25 * math.cos(2 * math.pi * t / 24) * (1 if t < 24 else 0.6), 4) for t in range(H)]
PRICE = [300.0] * 8 + [600.0] * 9 + [900.0] * 5 + [600.0] * 2

RECORDED_TOTAL = 38_668_786.26733241


def test_regression_48h_park(tmp_path):
    res = solve(
        tmp_path, hours=H, load=LOAD, price=PRICE,
        park={"hours_per_year": 8760, "discount_rate": 0.06, "carbon_method": "ndrc_910",
              "electricity_tce_per_mwh_equivalent": 0.3},
        profiles={"cf_pv": CF_PV, "cf_wind": CF_WIND},
        grid={"demand_charge_cny_per_kw_month": 5, "export_max_mw": 0},
        Renewables=[
            {"tech": "pv", "kind": "pv", "profile": "cf_pv", "capex_cny_per_kw": 3000, "fom_cny_per_kw_yr": 45,
             "lifetime_yr": 25, "max_new_mw": 8},
            {"tech": "wind", "kind": "wind", "site": "L1", "profile": "cf_wind", "capex_cny_per_kw": 4500,
             "fom_cny_per_kw_yr": 120, "lifetime_yr": 20, "max_new_mw": 15}],
        Storage=[{"tech": "bat", "kind": "battery", "capex_cny_per_kw": 300, "capex_cny_per_kwh": 800,
                  "fom_cny_per_kw_yr": 20, "lifetime_yr": 15, "eta_charge": 0.95, "eta_discharge": 0.95,
                  "self_discharge_per_h": 0.001, "e2p_min_h": 1, "e2p_max_h": 4}],
        DirectLines=[
            {"line": "L1", "option": "small", "capacity_mw": 6, "length_km": 30, "capex_cny_per_km": 1.5e6,
             "fixed_capex_cny": 1e7, "loss_fraction": 0.03, "fom_fraction_per_yr": 0.01, "lifetime_yr": 40},
            {"line": "L1", "option": "large", "capacity_mw": 25, "length_km": 30, "capex_cny_per_km": 2.2e6,
             "fixed_capex_cny": 1.5e7, "loss_fraction": 0.02, "fom_fraction_per_yr": 0.01, "lifetime_yr": 40}],
        GreenMarket=[{"product": "green_power", "price_cny_per_mwh": 30},
                     {"product": "gec", "price_cny_per_mwh": 15}],
        Targets=[{"indicator": "carbon_intensity_max", "value": 0.2, "enforce": "yes"}],
    )
    assert total(res) == approx(RECORDED_TOTAL)
    assert cap(res, "pv") == approx(8.0)
    assert cap(res, "wind") == approx(15.0)
    assert cap(res, "bat", "MW") == approx(9.444398743)
    assert cap(res, "bat", "MWh") == approx(37.777594972)
    assert line(res, "L1")["built_option"] == "large"
    assert cost(res, "lines") == approx((30 * 2.2e6 + 1.5e7) * (0.06 * 1.06 ** 40 / (1.06 ** 40 - 1) + 0.01))
    assert summary(res, "carbon_intensity_t_per_tce") == approx(0.2)
    assert summary(res, "energy_tce_per_yr") == approx(summary(res, "electricity_mwh_per_yr") * 0.3)
    assert summary(res, "green_power_mwh_per_yr") == approx(
        summary(res, "grid_import_mwh_per_yr") - 0.2 * summary(res, "energy_tce_per_yr") / 0.8325)
    assert summary(res, "green_power_mwh_per_yr") == approx(32_538.646673)
    assert summary(res, "gec_mwh_per_yr") == approx(0.0)
