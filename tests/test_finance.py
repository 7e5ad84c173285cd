"""Hand-checked money figures against business as usual (results/finance.py,
procedures/business_as_usual.py)."""
import dataclasses
import math

import numpy as np

from handcalc import DAY, approx, battery, pv, solve, summary
import zcpark.procedures.business_as_usual as business_as_usual_module
from zcpark.procedures.business_as_usual import bau_data, business_as_usual
from zcpark.results.finance import _co2, annual_cost, cash_flows, irr, npv
from zcpark.workbook.reader import read_workbook

import pandas as pd


def _finance(res) -> dict:
    f = res.sheets["Finance"]
    return dict(zip(f["item"], f["value"]))


def test_one_pv_park_against_today(tmp_path):
    """24 steps standing for a year (hours_per_year 8760: w = 365), flat 10 MW load, flat tariff
    500 CNY/MWh, discount rate 8 %, ndrc_910 factor 0.5 t/MWh; PV 4000 CNY/kW, 20 years, at most 10 MW.

    Today (BAU): 10 MW x 24 h x 365 = 87,600 MWh imported x 500 = 43,800,000 CNY/yr, 0.5 元/kWh,
    CO2 87,600 x 0.5 = 43,800 t.
    Plan: PV pays (CRF(8 %, 20) = 0.08 x 1.08^20 / (1.08^20 - 1) = 0.101852; 4,000,000 x 0.101852
    = 407,409 CNY/MW/yr < 6 MWh/day x 365 x 500 = 1,095,000 saved per MW) -> all 10 MW built.
    Investment 总投资 = 10 x 1000 kW x 4000 = 40,000,000 CNY; annualised 4,074,088 CNY/yr.
    PV output 5 MW x 12 h x 365 = 21,900 MWh, all used; imports 65,700 MWh x 500 = 32,850,000.
    Annual cost 32,850,000 + 4,074,088 = 36,924,088; operating cost 32,850,000.
    Savings 43,800,000 - 32,850,000 = 10,950,000 CNY/yr; net of annualised capex 6,875,912.
    Payback 40,000,000 / 10,950,000 = 3.6530 years.
    NPV over 20 years at 8 %: annuity factor (1 - 1.08^-20) / 0.08 = 9.818147;
    10,950,000 x 9.818147 - 40,000,000 = 67,508,713 CNY.
    IRR: 10.95 x AF(i, 20) = 40 -> AF = 3.65297; AF(27 %) = 3.67262, AF(27.2 %) = 3.64657 -> i = 27.15 %.
    元/kWh: 36,924,088 / 87,600,000 kWh = 0.42151.
    CO2 avoided 21,900 x 0.5 = 10,950 t; cost per t avoided (36,924,088 - 43,800,000) / 10,950 = -627.94.
    """
    res = solve(tmp_path, park={"hours_per_year": 8760, "discount_rate": 0.08, "ndrc_910_emission_factor": 0.5},
                profiles={"cf_pv": DAY}, Renewables=[pv(capex=4000, lifetime=20, max_new_mw=10)])
    f = _finance(res)
    assert f["pv"] == approx(40_000_000)
    assert f["total_investment_cny"] == approx(40_000_000)
    assert f["bau_annual_cost_cny_per_yr"] == approx(43_800_000)
    assert f["annual_cost_cny_per_yr"] == approx(36_924_087.6, rel=1e-6)
    assert f["annual_savings_cny_per_yr"] == approx(10_950_000)
    assert f["net_annual_savings_cny_per_yr"] == approx(6_875_912.4, rel=1e-6)
    assert f["simple_payback_yr"] == approx(3.65297, rel=1e-5)
    assert f["horizon_yr"] == 20
    assert f["change_npv_cny"] == approx(67_508_713, rel=1e-6)
    assert f["irr"] == approx(0.2715, abs=5e-4)
    assert f["cost_per_kwh_cny"] == approx(0.421508, rel=1e-5)
    assert f["bau_cost_per_kwh_cny"] == approx(0.5)
    assert f["co2_avoided_t_per_yr"] == approx(10_950)
    assert f["cost_per_t_co2_avoided_cny"] == approx(-627.937, rel=1e-5)
    # the same figures lead the Summary, right after the total cost
    assert summary(res, "total_investment_cny") == approx(40_000_000)
    assert summary(res, "simple_payback_yr") == approx(3.65297, rel=1e-5)
    names = res.sheets["Summary"]["indicator"].tolist()
    assert names.index("total_investment_cny") == names.index("total_cost_cny_per_yr") + 1


def test_cash_flows_buy_shorter_lives_again():
    """Assets of 10 years (100 CNY) and 4 years (40 CNY), savings 30 CNY/yr: horizon 10 years.
    Year 0: -100 - 40; years 4 and 8: 30 - 40 = -10; years 1-3, 5-7, 9: +30.
    The 4-year asset bought in year 8 runs to year 12: 2 of its 4 years remain at year 10,
    credited 40 x 2/4 = 20 -> year 10: 30 + 20 = 50. At rate 0 the NPV is the plain sum:
    -140 - 20 + 7 x 30 + 50 = 100."""
    inv = pd.DataFrame({"asset": ["a", "b"], "upfront_cny": [100.0, 40.0], "lifetime_yr": [10.0, 4.0]})
    flows = cash_flows(inv, 30.0)
    assert flows.tolist() == approx([-140, 30, 30, 30, -10, 30, 30, 30, -10, 30, 50])
    assert npv(flows, 0.0) == approx(100.0)
    rate = irr(flows)
    assert 0 < rate < 1 and npv(flows, rate) == approx(0.0, abs=1e-6)
    assert math.isnan(irr(np.array([-100.0, -1.0, -1.0])))  # never paid back: no IRR


def test_business_as_usual_keeps_only_what_the_park_has_today(tmp_path, monkeypatch):
    """24 steps standing for a year (w = 365), flat 10 MW load, 500 CNY/MWh, ndrc_910 factor 0.5 t/MWh.
    Today: 2 MW of PV onsite (fixed O&M 10 CNY/kW/yr) and 1 MW of wind behind line1 (20 CNY/kW/yr), the
    line not built: the wind delivers nothing. New-only: a battery, a second PV; line1's one option.

    BAU: PV 2 MW x 0.5 x 12 h x 365 = 4,380 MWh; imports 87,600 - 4,380 = 83,220 MWh x 500 = 41,610,000;
    fixed O&M 2,000 kW x 10 + 1,000 kW x 20 = 40,000; cost 41,650,000 CNY/yr; CO2 83,220 x 0.5 = 41,610 t.
    The BAU model holds the PV, the wind and its line (the wind exists, so it pays its O&M), not the
    battery nor the new-only PV; the same cost as the model with every asset fixed to zero."""
    res = solve(tmp_path, park={"hours_per_year": 8760, "ndrc_910_emission_factor": 0.5}, profiles={"cf_pv": DAY},
                Renewables=[pv(existing_mw=2, fom_cny_per_kw_yr=10, max_new_mw=0),
                            pv("pv_new", capex=4000, max_new_mw=5),
                            pv("wind", kind="wind", site="line1", existing_mw=1, fom_cny_per_kw_yr=20, max_new_mw=0)],
                Storage=[battery(capex_kw=500, capex_kwh=500, max_new_mwh=10)],
                DirectLines=[{"line": "line1", "option": "a", "capacity_mw": 5, "length_km": 10,
                              "capex_cny_per_km": 1e6, "lifetime_yr": 20}])
    f = _finance(res)
    assert f["bau_annual_cost_cny_per_yr"] == approx(41_650_000)
    data = read_workbook(tmp_path / "park.xlsx")
    today = bau_data(data)
    assert set(today.renewables) == {"pv", "wind"} and today.storage == {} and list(today.lines) == ["line1"]
    bau, _ = business_as_usual(data)
    everything = dataclasses.replace(today, renewables=data.renewables, storage=data.storage, lines=data.lines)
    monkeypatch.setattr(business_as_usual_module, "bau_data", lambda _data: everything)
    with_everything, _ = business_as_usual(data)
    assert annual_cost(bau.solution) == approx(41_650_000)
    assert _co2(bau.data, bau.solution) == approx(41_610)
    assert annual_cost(with_everything.solution) == approx(annual_cost(bau.solution), rel=1e-9)
    # without the existing wind, the line and both plants behind nothing are left out
    data.renewables["wind"] = {**data.renewables["wind"], "existing_mw": 0.0}
    assert set(bau_data(data).renewables) == {"pv"} and bau_data(data).lines == {}


def test_no_business_as_usual_when_existing_assets_cannot_serve(tmp_path):
    """An island (import_max_mw 0) with no existing plant cannot run as it is today: the run still
    succeeds, the investment is reported, the comparisons are blank and a note says why."""
    res = solve(tmp_path, grid={"import_max_mw": 0}, profiles={"cf_pv": DAY},
                Renewables=[pv(capex=1000, lifetime=20)], Storage=[battery(capex_kw=100, capex_kwh=200)])
    f = _finance(res)
    assert f["total_investment_cny"] > 0
    assert f["bau_annual_cost_cny_per_yr"] is None and f["simple_payback_yr"] is None
    assert "existing assets cannot serve the load" in f["note"]


def test_console_money_line(tmp_path, capsys):
    """`zcpark run` prints the verdict in Chinese and English and the money against today: the one-PV
    park of test_one_pv_park_against_today (40,000,000 CNY = 4000.0 万元, payback 3.7 years, NPV
    67,508,713 = 6750.9 万元 over 20 years at 8 %, IRR 27.2 %, 0.422 元/kWh, -628 元/tCO2)."""
    from factory import park_workbook
    from zcpark.cli import main
    path = park_workbook(tmp_path / "p.xlsx", park={"hours_per_year": 8760, "discount_rate": 0.08,
                                                     "ndrc_910_emission_factor": 0.5},
                         profiles={"cf_pv": DAY}, Renewables=[pv(capex=4000, lifetime=20, max_new_mw=10)])
    assert main(["run", str(path), "--runs-dir", str(tmp_path / "runs")]) == 0
    out = capsys.readouterr().out
    assert "结论 verdict: 通过 PASSES" in out
    assert ("money 投资与收益: investment 4,000.0 万元; savings against today 1,095.0 万元/yr; payback 3.7 yr; "
            "NPV 6,750.9 万元 (20 yr at 8.0%); IRR 27.2%; 0.422 元/kWh; -628 元/tCO2 avoided (ndrc_910)") in out


def test_typical_day_runs_compare_with_today_on_the_full_horizon(tmp_path, monkeypatch):
    """Sized on 2 typical days of a 6-day year (144 steps), the plan is reported on the full
    horizon, so business as usual is solved on those 144 steps too: flat 1 MW load, 500 CNY/MWh,
    w = 1 -> today 144 MWh x 500 = 72,000 CNY/yr."""
    from factory import park_workbook
    from zcpark import runner
    from zcpark.core.options import SolveOptions
    steps = []
    real = runner.business_as_usual

    def recording(data, options=None):
        steps.append(data.n_steps)
        return real(data, options)

    monkeypatch.setattr(runner, "business_as_usual", recording)
    cf = sum(([1.0] * 24 if d == "A" else [0.0] * 24 for d in "AABBAB"), [])
    path = park_workbook(tmp_path / "p.xlsx", hours=144, load=[1.0] * 144, profiles={"cf_pv": cf},
                         Renewables=[pv()])
    res = runner.run(path, runs_dir=tmp_path / "runs", options=SolveOptions(mip_rel_gap=0), typical_days=2)
    assert steps == [144]
    assert _finance(res)["bau_annual_cost_cny_per_yr"] == approx(72_000)


def test_what_to_build_shows_the_investment(tmp_path):
    """The one-PV park: the Dashboard's and the report's What to build table carries PV's upfront
    investment 40,000,000 CNY (4,000.0 万元), as in the Finance sheet."""
    from openpyxl import load_workbook
    from zcpark.results import labels as story
    res = solve(tmp_path, park={"hours_per_year": 8760, "discount_rate": 0.08},
                profiles={"cf_pv": DAY}, Renewables=[pv(capex=4000, lifetime=20, max_new_mw=10)])
    build = story.build_table(res.sheets["Capacity"], res.sheets["Lines"], res.sheets["Finance"]).set_index("tech")
    assert build.loc["pv", "investment_cny"] == approx(40_000_000)
    ws = load_workbook(res.output)["Dashboard"]
    cells = [c for row in ws.iter_rows() for c in row if c.value == approx(40_000_000) and c.column == 9]
    assert cells and cells[0].number_format == story.FORMATS["wan"][0]
