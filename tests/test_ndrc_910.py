"""The official method, ndrc_910 (发改环资〔2025〕910号 附件3/附件4), one hand-checked rule per test.

Common park (factory defaults): 24 steps, w = 1, flat 10 MW load (240 MWh), flat 500 CNY/MWh,
discount 0. Under ndrc_910: grid power at 0.8325 tCO2/MWh, electricity at 等价值 0.3 tce/MWh (set
in the workbook, so no test depends on the project default), so a grid-only park emits
240 x 0.8325 = 199.8 t on 240 x 0.3 = 72 tce. The core limit 0.2 then allows
0.2 x 72 = 14.4 t, i.e. 14.4 / 0.8325 = 17.297297 MWh of grid power not re-labelled or netted.
"""
import pytest
from openpyxl import load_workbook

from factory import park_workbook
from handcalc import DAY, acceptance, approx, carbon, cost, solve, summary, total
from zcpark.cli import main
from zcpark.errors import InputError
from zcpark.results.verdict import verdict as judge
from zcpark.studies.kinds import frontier_limits
from zcpark.workbook.reader import read_workbook

EF, EQ = 0.8325, 0.3
NDRC = {"carbon_method": "ndrc_910", "electricity_tce_per_mwh_equivalent": EQ}
ALLOWED_MWH = 0.2 * 240 * EQ / EF           # 17.297297 MWh of counted grid power
GREEN = {"product": "green_power", "price_cny_per_mwh": 20}


def target(indicator, value, enforce="yes"):
    return {"indicator": indicator, "value": value, "enforce": enforce}


@pytest.mark.parametrize("sold", ["no", "yes"])
def test_exports_netted_unless_their_certificates_are_sold(tmp_path, sold):
    """Existing on-site PV 40 MW at cf 0.5 by day (20 MW in hours 6-17): 10 MW to the load, 5 MW
    exported (export_max_mw 5, at 100 CNY/MWh: 60 MWh, 6,000 CNY), 5 MW curtailed; the 120 MWh of
    night load are imported. Core limit 0.2 (14.4 t), green power at 20 CNY/MWh:
      netted (sold = no):  (120 - 60 - G) x 0.8325 <= 14.4 -> G = 60 - 17.297297 = 42.702703;
                           export credit 60 x 0.8325 = 49.95 t; cost 60,000 - 6,000 + 854.054 = 54,854.05
      certificates sold:   exports earn no credit -> G = 120 - 17.297297 = 102.702703;
                           cost 60,000 - 6,000 + 2,054.054 = 56,054.05
    Direct supply either way: on-site used 15 MW x 12 = 180 MWh - 60 exported = 120 of 240 -> 0.5."""
    res = solve(tmp_path, park=NDRC, profiles={"cf_pv": DAY},
                grid={"export_max_mw": 5, "export_price_cny_per_mwh": 100, "export_certificates_sold": sold},
                Renewables=[{"tech": "pv", "kind": "pv", "profile": "cf_pv", "existing_mw": 40, "max_new_mw": 0}],
                GreenMarket=[GREEN], Targets=[target("carbon_intensity_max", 0.2)])
    credited = 60.0 if sold == "no" else 0.0
    gp = 120 - credited - ALLOWED_MWH
    assert summary(res, "export_mwh_per_yr") == approx(60.0)
    assert summary(res, "green_power_mwh_per_yr") == approx(gp)
    assert carbon(res, "ndrc_910", "export_credit_t") == approx(credited * EF)
    assert carbon(res, "ndrc_910") == approx(14.4)
    assert carbon(res, "fossil_factor") == approx((120 - gp) * 0.8273)  # the other methods never net exports
    assert total(res) == approx(60_000 - 6_000 + 20 * gp)
    assert summary(res, "direct_supply_share") == approx(0.5)
    note = acceptance(res, "carbon_intensity_max")["note"]
    assert ("netted from imports" in note) == (sold == "no")
    assert ("earn no credit" in note) == (sold == "yes")


@pytest.mark.parametrize("gec_counts, gec, gp, premium", [
    # certificates count (gec_counts_for_carbon yes): their power is at factor 0; 10 CNY/MWh
    ("yes", 240 - ALLOWED_MWH, 0.0, 10 * (240 - ALLOWED_MWH)),
    # they do not count: green power (20 CNY/MWh) does the same job
    ("no", 0.0, 240 - ALLOWED_MWH, 20 * (240 - ALLOWED_MWH)),
])
def test_certificates_at_zero_factor(tmp_path, gec_counts, gec, gp, premium):
    """Grid only, core limit 0.2: counted grid power <= 17.297297 MWh, so 222.702703 MWh must be
    re-labelled: by certificates at 10 CNY/MWh when they count (cost 2,227.03), else by green
    power at 20 (4,454.05). Total = 120,000 + premium; ndrc_910 CO2 = 17.297297 x 0.8325 = 14.4 t."""
    res = solve(tmp_path, park={**NDRC, "gec_counts_for_carbon": gec_counts},
                GreenMarket=[GREEN, {"product": "gec", "price_cny_per_mwh": 10}],
                Targets=[target("carbon_intensity_max", 0.2)])
    assert summary(res, "gec_mwh_per_yr") == approx(gec)
    assert summary(res, "green_power_mwh_per_yr") == approx(gp)
    assert carbon(res, "ndrc_910") == approx(14.4)
    assert total(res) == approx(120_000 + premium)


def test_process_emissions_in_every_numerator(tmp_path):
    """ProcessEmissions: 10 t of lime at 0.75 tCO2/t = 7.5 t, a constant. Core limit 0.2 under
    ndrc_910: 7.5 + (240 - G) x 0.8325 <= 14.4 -> 240 - G = 6.9 / 0.8325 = 8.288288 ->
    G = 231.711712 MWh of green power, 4,634.23 CNY. Every method counts the 7.5 t:
    fossil_factor CO2 = 7.5 + 8.288288 x 0.8273 = 14.356903 t. No warning: 0.75 is a plausible
    factor for lime."""
    res = solve(tmp_path, park=NDRC, GreenMarket=[GREEN], Targets=[target("carbon_intensity_max", 0.2)],
                ProcessEmissions=[{"product": "lime", "output": 10, "unit": "t", "factor_t_per_unit": 0.75,
                                   "factor_source": "IPCC 2006 default"}])
    counted = 6.9 / EF
    assert summary(res, "green_power_mwh_per_yr") == approx(240 - counted)
    assert total(res) == approx(120_000 + 20 * (240 - counted))
    assert summary(res, "process_co2_t_per_yr") == approx(7.5)
    for method in ("ndrc_910", "average_factor", "fossil_factor", "market_based"):
        assert carbon(res, method, "process_t") == approx(7.5)
    assert carbon(res, "ndrc_910") == approx(14.4)
    assert carbon(res, "fossil_factor") == approx(7.5 + counted * 0.8273)
    assert "input_warnings" not in res.summary()


@pytest.mark.parametrize("fossil, factor, heat_t, clean_share", [
    # fossil heat, factor blank -> 附件4's default 0.11 tCO2/GJ: 240 MWh x 3.6 = 864 GJ x 0.11 = 95.04 t
    ("yes", None, 95.04, 0.0),
    # non-fossil heat at 0; it counts as clean energy: 29.480408 / 101.480408 = 0.290503
    ("no", None, 0.0, (864 / 29.3076) / (72 + 864 / 29.3076)),
])
def test_purchased_heat(tmp_path, fossil, factor, heat_t, clean_share):
    """Heat load 10 MW (240 MWh) bought from outside at 100 CNY/MWh, no heat converter; electric
    load from the grid. ndrc_910: CO2 = 240 x 0.8325 + heat = 199.8 + heat_t;
    tce = 240 x 0.3 + 864 GJ / 29.3076 GJ/tce = 72 + 29.480408 = 101.480408.
    Cost = 120,000 + 24,000 = 144,000."""
    res = solve(tmp_path, park=NDRC, profiles={"heat_load_mw": [10.0] * 24},
                HeatTrade=[{"direction": "purchase", "price_cny_per_mwh": 100, "fossil": fossil,
                            "factor_t_per_gj": factor}])
    assert summary(res, "heat_purchase_mwh_per_yr") == approx(240.0)
    assert carbon(res, "ndrc_910", "heat_t") == approx(heat_t)
    assert carbon(res, "ndrc_910") == approx(199.8 + heat_t)
    assert carbon(res, "fossil_factor") == approx(240 * 0.8273 + heat_t)  # heat bought counts in every method
    assert carbon(res, "ndrc_910", "energy_tce") == approx(72 + 864 / 29.3076)
    assert carbon(res, "ndrc_910", "clean_energy_share") == approx(clean_share)
    assert cost(res, "heat_purchase") == approx(24_000)
    assert total(res) == approx(144_000)


def test_heat_sold_is_netted_under_ndrc_910_only(tmp_path):
    """An existing 30 MW gas boiler (efficiency 1, gas 200 CNY/MWh, 0.2 tCO2 and 0.1229 tce per MWh)
    serves a 10 MW heat load and sells 5 MW outside at 250 CNY/MWh (fossil, factor 0.11): gas
    360 MWh (72,000 CNY, 72 t), heat sold 120 MWh (30,000 CNY) = 432 GJ x 0.11 = 47.52 t.
    ndrc_910: CO2 = 199.8 + 72 - 47.52 = 224.28 t; tce = 72 + 360 x 0.1229 - 432 / 29.3076
    = 101.503797. fossil_factor: heat sold earns no credit: 240 x 0.8273 + 72 = 270.552 t.
    Cost = 120,000 + 72,000 - 30,000 = 162,000."""
    res = solve(tmp_path, park=NDRC, profiles={"heat_load_mw": [10.0] * 24},
                Fuels=[{"fuel": "gas", "price_cny_per_mwh": 200, "tce_per_mwh": 0.1229, "co2_t_per_mwh": 0.2,
                        "clean": "yes"}],
                HeatSupply=[{"tech": "boiler", "kind": "fuel_boiler", "fuel": "gas", "efficiency": 1.0,
                             "existing_mw": 30, "max_new_mw": 0}],
                HeatTrade=[{"direction": "sale", "price_cny_per_mwh": 250, "max_mw": 5, "fossil": "yes",
                            "factor_t_per_gj": 0.11}])
    assert summary(res, "heat_sale_mwh_per_yr") == approx(120.0)
    assert carbon(res, "ndrc_910", "heat_t") == approx(-47.52)
    assert carbon(res, "ndrc_910") == approx(199.8 + 72 - 47.52)
    assert carbon(res, "ndrc_910", "energy_tce") == approx(72 + 360 * 0.1229 - 432 / 29.3076)
    assert carbon(res, "fossil_factor") == approx(240 * 0.8273 + 72)
    assert total(res) == approx(162_000)


def test_equivalent_value_denominator(tmp_path):
    """Grid only, green power at 20: ndrc_910 puts electricity in the tce at 等价值 0.3, so the core
    limit 0.2 allows 0.2 x 72 = 14.4 t -> G = 240 - 17.297297 = 222.702703 MWh (4,454.05 CNY).
    The other methods keep 当量值: fossil_factor tce = 240 x 0.1229 = 29.496. Carbon and Summary
    name the coefficient each tce uses; the Dashboard says which method decides acceptance."""
    res = solve(tmp_path, park=NDRC, GreenMarket=[GREEN], Targets=[target("carbon_intensity_max", 0.2)])
    assert summary(res, "green_power_mwh_per_yr") == approx(240 - ALLOWED_MWH)
    assert summary(res, "energy_tce_per_yr") == approx(72.0)
    assert carbon(res, "ndrc_910", "energy_tce") == approx(72.0)
    assert carbon(res, "fossil_factor", "energy_tce") == approx(29.496)
    basis = res.sheets["Carbon"].set_index("method")["electricity_tce_basis"]
    assert basis["ndrc_910"] == "等价值 equivalent" and basis["fossil_factor"] == "当量值 calorific"
    basis_text = summary(res, "electricity_tce_basis")  # 0.3 is also the unverified project default: flagged
    assert basis_text.startswith("等价值 equivalent (0.3 tce/MWh)") and "not verified" in basis_text
    assert acceptance(res, "carbon_intensity_max")["rule"] == "910号附件3 核心指标 / 附件4"
    dashboard = load_workbook(res.output)["Dashboard"]
    assert "ndrc_910" in dashboard["A3"].value and "green-washing" in dashboard["A3"].value


@pytest.mark.parametrize("load_mw, limit", [(400.0, 0.3), (360.0, 0.2)])
def test_energy_class_switch_at_one_million_tce(tmp_path, load_mw, limit):
    """24 rows for a year (w = 365), blank enforced core target, green power at 1 CNY/MWh.
    400 MW: 3,504,000 MWh x 0.3 = 1,051,200 tce >= 1,000,000 -> 0.3; 360 MW: 946,080 tce -> 0.2.
    Intensity exactly the limit: G = E (1 - limit x 0.3 / 0.8325): 0.891892 E or 0.927928 E."""
    res = solve(tmp_path, load=[load_mw] * 24, park={**NDRC, "hours_per_year": 8760},
                GreenMarket=[{"product": "green_power", "price_cny_per_mwh": 1}],
                Targets=[{"indicator": "carbon_intensity_max", "enforce": "yes"}])
    use = load_mw * 8760
    assert summary(res, "energy_tce_equivalent_per_yr") == approx(use * EQ)
    assert summary(res, "carbon_intensity_limit") == limit
    assert summary(res, "green_power_mwh_per_yr") == approx(use * (1 - limit * EQ / EF))
    row = acceptance(res, "carbon_intensity_max")
    assert row["limit"] == limit and row["pass"] and row["rule"] == "910号附件3 核心指标 / 附件4"
    assert "other class" not in row["note"]


def test_class_estimated_before_the_solve_can_differ(tmp_path):
    """Electric 300 MW + heat 100 MW (w = 365) from a free heat pump of COP 4. Before the solve the
    class is estimated from final demand: 400 MW x 8760 x 0.3 = 1,051,200 tce -> 0.3 is enforced.
    The plan uses 300 + 25 = 325 MW: 2,847,000 MWh x 0.3 = 854,100 tce, the < 1 Mtce class (0.2):
    the plan (intensity 0.3) fails there, and the Acceptance note says so."""
    res = solve(tmp_path, load=[300.0] * 24, park={**NDRC, "hours_per_year": 8760},
                profiles={"heat_load_mw": [100.0] * 24},
                HeatSupply=[{"tech": "hp", "kind": "heat_pump", "efficiency": 4.0, "capex_cny_per_kw": 0}],
                GreenMarket=[{"product": "green_power", "price_cny_per_mwh": 1}],
                Targets=[{"indicator": "carbon_intensity_max", "enforce": "yes"}])
    assert summary(res, "energy_tce_equivalent_per_yr") == approx(325 * 8760 * EQ)
    assert summary(res, "carbon_intensity_t_per_tce") == approx(0.3)
    row = acceptance(res, "carbon_intensity_max")
    assert row["limit"] == 0.2 and row["pass"] == False  # noqa: E712 (a fail, not n/a)
    assert "the model enforced 0.3" in row["note"] and "other class" in row["note"]


def test_direct_supply_share_enforced(tmp_path):
    """direct_supply_share_min 0.4 enforced: on-site PV used in the park >= 0.4 x 240 = 96 MWh.
    New PV (100 CNY/kW over 20 yr = 5,000 CNY/MW, 6 MWh per MW by day) is not worth it on its own
    (it saves 3,000 CNY/MW of imports), so the target binds: 96 / 6 = 16 MW (8 MW by day, all used).
    Cost = 80,000 + (240 - 96) x 500 = 152,000. Without a Targets row the share is reported at 0.5."""
    res = solve(tmp_path, park=NDRC, profiles={"cf_pv": DAY},
                Renewables=[{"tech": "pv", "kind": "pv", "profile": "cf_pv", "capex_cny_per_kw": 100,
                             "lifetime_yr": 20}],
                Targets=[target("direct_supply_share_min", 0.4)])
    assert summary(res, "direct_supply_share") == approx(0.4)
    assert total(res) == approx(152_000)
    row = acceptance(res, "direct_supply_share_min")
    assert row["pass"] and row["rule"] == "park target" and "910号附件4" in row["note"]
    default = solve(tmp_path, name="default", park=NDRC)
    row = acceptance(default, "direct_supply_share_min")
    assert row["limit"] == 0.5 and not row["enforce"] and row["rule"] == "910号附件4 直接供应比例 (原则上)"
    assert row["achieved"] == approx(0.0) and row["pass"] == False  # noqa: E712 (a fail, not n/a)


def test_guiding_indicators_pass_fail_left_out(tmp_path):
    """Guiding sheet: solid waste 0.85 >= 0.8 passes; water reuse 75% < 0.8 fails (reported only, so
    the verdict names it as a miss); waste energy blank with a reason is left out (n/a);
    product energy 'yes' passes. The clean-energy share (computed) is reported at 0.9 under
    ndrc_910: a grid-only park has 0."""
    res = solve(tmp_path, park=NDRC, Guiding=[
        {"indicator": "solid_waste_utilisation_min", "value": 0.85, "source": "park statistics 2025"},
        {"indicator": "water_reuse_min", "value": "75%"},
        {"indicator": "waste_energy_utilisation_min", "reason": "no process with recoverable waste heat"},
        {"indicator": "product_energy_vs_grade2_max", "value": "yes"}])
    waste = acceptance(res, "solid_waste_utilisation_min")
    assert waste["pass"] and waste["achieved"] == approx(0.85) and waste["margin"] == approx(0.05)
    assert waste["rule"] == "910号附件3 引导性指标" and all(waste[f"pass_{m}"] for m in ("ndrc_910", "fossil_factor"))
    water = acceptance(res, "water_reuse_min")
    assert water["pass"] == False and water["applies"]  # noqa: E712 (a fail, not n/a)
    assert water["achieved"] == approx(0.75)
    left = acceptance(res, "waste_energy_utilisation_min")
    assert not left["applies"] and left["note"] == "left out: no process with recoverable waste heat"
    assert left["pass"] is None or left["pass"] != left["pass"]  # n/a (None, or NaN read back)
    assert acceptance(res, "product_energy_vs_grade2_max")["pass"]
    clean = acceptance(res, "clean_energy_share_min")
    assert clean["limit"] == 0.9 and clean["rule"] == "910号附件3 引导性指标" and clean["achieved"] == approx(0.0)
    missed = judge(res.sheets["Summary"], res.sheets["Acceptance"]).missed
    assert "water_reuse_min" in missed and "waste_energy_utilisation_min" not in missed


def test_guiding_blank_without_reason_is_an_error(tmp_path):
    path = park_workbook(tmp_path / "p.xlsx", park=NDRC, Guiding=[{"indicator": "water_reuse_min"},
                                                                  {"indicator": "solid_waste_utilisation_min",
                                                                   "value": 1.4}])
    with pytest.raises(InputError) as e:
        read_workbook(path)
    found = {(p.sheet, p.row, p.column) for p in e.value.problems}
    assert found == {("Guiding", 2, "reason"), ("Guiding", 3, "value")}


def test_process_emission_input_checks(tmp_path, capsys):
    """A product with output but no factor is an error (sheet, row, column); a factor outside the
    plausible range of a named product (lime at 7.5 t/t: a unit slip) is a warning: the workbook
    is valid, `zcpark check` prints it."""
    bad = park_workbook(tmp_path / "bad.xlsx", park=NDRC,
                        ProcessEmissions=[{"product": "cement_clinker", "output": 1000, "unit": "t"}])
    with pytest.raises(InputError) as e:
        read_workbook(bad)
    (problem,) = e.value.problems
    assert (problem.sheet, problem.row, problem.column) == ("ProcessEmissions", 2, "factor_t_per_unit")
    odd = park_workbook(tmp_path / "odd.xlsx", park=NDRC,
                        ProcessEmissions=[{"product": "石灰", "output": 1000, "unit": "t", "factor_t_per_unit": 7.5}])
    data = read_workbook(odd)
    (warning,) = [n for n in data.notes if n.kind == "plausibility"]
    assert (warning.sheet, warning.row, warning.column) == ("ProcessEmissions", 2, "factor_t_per_unit")
    assert "0.5 to 0.95" in warning.message and "lime" in warning.message
    assert main(["check", str(odd)]) == 0
    assert "ProcessEmissions row 2, column factor_t_per_unit" in capsys.readouterr().out


def test_heat_trade_input_checks(tmp_path):
    """A non-fossil heat row with a factor > 0 contradicts 附件4 (non-fossil heat at 0): an error
    naming the row and column; a heat load with only a purchase row (no HeatSupply) is valid."""
    bad = park_workbook(tmp_path / "bad.xlsx", park=NDRC, profiles={"heat_load_mw": [5.0] * 24},
                        HeatTrade=[{"direction": "purchase", "price_cny_per_mwh": 100, "fossil": "no",
                                    "factor_t_per_gj": 0.05}])
    with pytest.raises(InputError) as e:
        read_workbook(bad)
    assert {(p.sheet, p.row, p.column) for p in e.value.problems} == {("HeatTrade", 2, "factor_t_per_gj")}
    good = park_workbook(tmp_path / "good.xlsx", park=NDRC, profiles={"heat_load_mw": [5.0] * 24},
                         HeatTrade=[{"direction": "purchase", "price_cny_per_mwh": 100}])
    data = read_workbook(good)
    assert data.heat_trade["purchase"]["fossil"] and data.heat_trade["purchase"]["factor_t_per_gj"] == 0.11


def test_frontier_ends_at_net_zero_when_exports_take_co2_below_zero():
    """Netted exports can make the least-CO2 plan's intensity negative (-0.1); Targets limits are
    >= 0, so the frontier's tightest point is 0 (plus 1e-12): 3 points from 0.5 -> [0.25, 0]."""
    assert frontier_limits(0.5, -0.1, 3) == [pytest.approx(0.25), pytest.approx(0.0, abs=1e-11)]
    assert frontier_limits(0.5, 0.1, 3)[-1] == pytest.approx(0.1, rel=1e-5)  # unchanged above zero


def test_direct_supply_share_out_of_reach_is_diagnosed(tmp_path, capsys):
    """direct_supply_share_min 0.6 with on-site PV and no storage: PV can serve only the 120 MWh of
    daytime load (exports are deducted), so the best achievable share is 120 / 240 = 0.5. Exit
    code 3; the diagnosis names the target and 0.5."""
    wb = park_workbook(tmp_path / "inf.xlsx", park=NDRC, profiles={"cf_pv": DAY},
                       Renewables=[{"tech": "pv", "kind": "pv", "profile": "cf_pv", "capex_cny_per_kw": 100,
                                    "lifetime_yr": 20}],
                       Targets=[target("direct_supply_share_min", 0.6)])
    assert main(["run", str(wb), "--runs-dir", str(tmp_path / "runs")]) == 3
    err = capsys.readouterr().err
    assert "direct_supply_share_min 0.6 cannot be met" in err and "the best achievable is 0.5" in err
