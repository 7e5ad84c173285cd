"""Money of a build pathway against business as usual over the same years (results/finance.py
pathway_finance). Set-up of tests/test_pathway.py: 24 one-hour steps stand for a year (w = 1), a flat
10 MW load (240 MWh/yr), grid 500 CNY/MWh, PV capacity factor 0.5 in hours 6..17 (6 MWh per MW per
year), grid factor 1 tCO2/MWh (fossil_factor and, set here, ndrc_910), so co2_t = grid import (MWh).
Business as usual: no PV, 240 MWh imported for 120 000 CNY every year.
"""
from __future__ import annotations

import math

import pytest

import handcalc as hc
from zcpark.core.data import crf

GRID = {"emission_factor_fossil": 1.0}


def infeasible_pathway(path):
    """Two years, PV at most 4 MW a year, a 180 t cap reported in 2026 and enforced in 2027 that 4 MW
    cannot meet, no green power or certificates to buy (hard limits): no plan (used by the batch test too)."""
    from factory import park_workbook

    return park_workbook(path, profiles={"cf_pv": hc.DAY}, grid=GRID,
                         Renewables=[hc.pv(capex=1000.0, lifetime=20.0, max_new_mw_per_year=4.0)],
                         Targets=[{"indicator": "co2_cap_t", "value": 180.0, "enforce": "no"}],
                         GreenMarket=[{"product": p, "price_cny_per_mwh": 20, "max_mwh_per_yr": 0, "hard_limit": "yes"}
                                      for p in ("green_power", "gec")],
                         Years=[{"year": 2026}, {"year": 2027}],
                         YearValues=[{"year": 2027, "sheet": "Targets", "key": "co2_cap_t", "column": "enforce",
                                      "value": "yes"}])
PARK = {"ndrc_910_emission_factor": 1.0}


def finance(res) -> dict:
    """The Finance sheet as {(section, year or None, item): value}."""
    f = res.sheets["Finance"]
    return {(s, None if y is None or (isinstance(y, float) and math.isnan(y)) else int(y), i): v
            for s, y, i, v in f[["section", "year", "item", "value"]].itertuples(index=False, name=None)}


def test_pathway_money_built_late_never_pays_back(tmp_path):
    """test_pathway (b): r = 0.1, PV 1000 CNY/kW in 2026, 500 in 2027, the 180 t cap in 2027 only:
    10 MW built in 2027 for 5 000 000 CNY. Annuity 2027 = CRF(0.1, 20) x 5e6 = 587 298.
    Plan: 2026 120 000; 2027 587 298 + 90 000 = 677 298 (operating 90 000): savings 0 and 30 000.
    Pathway NPV 735 725.5; BAU NPV = 120 000 + 120 000 / 1.1 = 229 090.9; change = -506 634.6.
    CO2 avoided: 60 t in 2027, discounted 60 / 1.1 = 54.545 t -> 506 634.6 / 54.545 = 9 288.3 CNY/t.
    Cumulative cash: 0, then 30 000 - 5 000 000 < 0: no payback within 2026-2027."""
    res = hc.solve(tmp_path, profiles={"cf_pv": hc.DAY}, grid=GRID, park={"discount_rate": 0.1, **PARK},
                   Renewables=[hc.pv(capex=1000.0, lifetime=20.0)],
                   Targets=[{"indicator": "co2_cap_t", "value": 180.0, "enforce": "no"}],
                   Years=[{"year": 2026}, {"year": 2027}],
                   YearValues=[{"year": 2027, "sheet": "Renewables", "key": "pv", "column": "capex_cny_per_kw", "value": 500},
                               {"year": 2027, "sheet": "Targets", "key": "co2_cap_t", "column": "enforce", "value": "yes"}])
    f = finance(res)
    annuity = crf(0.1, 20) * 5e6
    assert f[("investment", 2027, "pv")] == pytest.approx(5e6, rel=1e-6)
    assert ("investment", 2026, "pv") not in f
    assert f[("investment", None, "total_investment_cny")] == pytest.approx(5e6, rel=1e-6)
    assert f[("year", 2027, "annualised_capex_cny_per_yr")] == pytest.approx(annuity, rel=1e-6)
    assert f[("year", 2027, "operating_cost_cny_per_yr")] == pytest.approx(90_000, rel=1e-6)
    assert f[("year", 2026, "annual_savings_cny_per_yr")] == pytest.approx(0.0, abs=1e-6)
    assert f[("year", 2027, "annual_savings_cny_per_yr")] == pytest.approx(30_000, rel=1e-6)
    assert f[("year", 2027, "bau_annual_cost_cny_per_yr")] == pytest.approx(120_000, rel=1e-9)
    assert f[("horizon", None, "pathway_npv_cny")] == pytest.approx(hc.summary(res, "npv_cny"), rel=1e-9)
    assert f[("horizon", None, "bau_npv_cny")] == pytest.approx(229_090.9, rel=1e-6)
    assert f[("horizon", None, "change_npv_cny")] == pytest.approx(229_090.9 - 735_725.5, rel=1e-6)
    assert f[("horizon", None, "cost_per_t_co2_avoided_cny")] == pytest.approx(506_634.6 * 1.1 / 60, rel=1e-6)
    assert f[("horizon", None, "payback_year")] is None
    assert "not paid back within the horizon (2026-2027)" in f[("note", None, "note")]
    assert hc.summary(res, "change_npv_cny") == pytest.approx(229_090.9 - 735_725.5, rel=1e-6)
    assert hc.summary(res, "total_investment_cny") == pytest.approx(5e6, rel=1e-6)


def test_pathway_money_built_early_pays_back_in_its_fourth_year(tmp_path):
    """r = 0, PV 10 CNY/kW, lifetime 20: 500 CNY/MW/yr against 3 000 of grid power saved, so PV is
    built at once to 20 MW (0.5 x 20 = the 10 MW load; more would be curtailed) for 200 000 CNY in
    2026; 2027 stands for 4 years (2027-2030), D = 1, 4. Each year: annuity 10 000, import 120 MWh
    (60 000): plan 70 000, operating 60 000, savings 120 000 - 60 000 = 60 000.
    NPV: plan 5 x 70 000 = 350 000, BAU 5 x 120 000 = 600 000: change +250 000.
    Cost per tCO2: (350 000 - 600 000) / (5 x 120) = -416.67 CNY/t.
    Cumulative cash: 2026 60 000 - 200 000 = -140 000; 2027 -80 000; 2028 -20 000; 2029 +40 000."""
    res = hc.solve(tmp_path, profiles={"cf_pv": hc.DAY}, grid=GRID, park=PARK,
                   Renewables=[hc.pv(capex=10.0, lifetime=20.0)],
                   Years=[{"year": 2026}, {"year": 2027, "years_represented": 4}])
    f = finance(res)
    assert f[("investment", 2026, "pv")] == pytest.approx(200_000, rel=1e-6)
    assert f[("year", 2027, "annual_savings_cny_per_yr")] == pytest.approx(60_000, rel=1e-6)
    assert f[("horizon", None, "change_npv_cny")] == pytest.approx(250_000, rel=1e-6)
    assert f[("horizon", None, "cost_per_t_co2_avoided_cny")] == pytest.approx(-250_000 / 600, rel=1e-6)
    assert f[("horizon", None, "payback_year")] == 2029
    assert f[("horizon", None, "horizon_yr")] == 5
    assert hc.summary(res, "payback_year") == 2029


def test_an_infeasible_pathway_names_its_first_year_and_the_levers(tmp_path, capsys):
    """The 180 t cap binds in 2027 only (10 MW of PV needed, test (b)); max_new_mw_per_year 4 allows
    4 + 4 = 8 MW by 2027: import >= 240 - 48 = 192 t > 180, no plan; 2026 alone has one. Exit 3.
    No green power or certificates on offer (hard limits 0), so the lever is PV.
    Diagnosis: 2027 first; 2027 alone with max_new_mw = 8 (the sum of the yearly limits): the lever
    raises it to 10 MW (+2) at 2 x 1000 x 1000 / 20 = 100 000 CNY/yr (r = 0, lifetime 20)."""
    import pandas as pd

    from zcpark.cli import main

    path = infeasible_pathway(tmp_path / "short.xlsx")
    assert main(["run", str(path), "--runs-dir", str(tmp_path / "runs")]) == 3
    written = list((tmp_path / "runs").rglob("diagnosis.xlsx"))
    assert len(written) == 1 and not list((tmp_path / "runs").rglob("results.xlsx"))
    table = pd.read_excel(written[0], sheet_name="Diagnosis")
    assert table["step"].iloc[0] == "year" and table["year"].iloc[0] == 2027
    assert "2027 is the first year whose targets cannot be met (2026 has a plan)" in table["message"].iloc[0]
    lever = table[table["step"] == "levers"].iloc[0]
    assert lever["item"] == "Renewables!max_new_mw for pv"
    assert lever["limit"] == pytest.approx(8.0) and lever["value"] == pytest.approx(10.0, rel=1e-6)
    assert lever["cost_cny_per_yr"] == pytest.approx(100_000.0, rel=1e-6)
    assert "2027 is the first year" in capsys.readouterr().err
