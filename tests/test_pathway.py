"""Build pathway (issue 15, contract v2 "Pathway semantics"): hand-checked optimum of small pathways.

Common set-up (factory defaults): 24 one-hour steps stand for a year (w = 1), a flat 10 MW load
(240 MWh/yr), grid price 500 CNY/MWh, PV capacity factor 0.5 in hours 6..17 (6 MWh per MW per
year, all used: 0.5 x cap <= load for cap <= 20 MW), grid factor 1 tCO2/MWh under fossil_factor,
so co2_t = grid import (MWh). A co2_cap_t of 180 t therefore needs 60 MWh of PV = 10 MW; one MW
of PV saves 6 x 500 = 3 000 CNY/yr, far less than its annuity, so only a target makes it built.
"""
from __future__ import annotations

import math

import pytest

import handcalc as hc
from factory import park_workbook
from zcpark.core.data import crf
from zcpark.core.pathway import Pathway
from zcpark.errors import InputError
from zcpark.results.html_report import write_report
from zcpark.workbook.reader import read_workbook

GRID = {"emission_factor_fossil": 1.0}
CAP_180 = [{"indicator": "co2_cap_t", "value": 180.0}]


def pathway(tmp_path, *, years, year_values=(), rate=0.0, name="pathway", **kw):
    kw.setdefault("profiles", {"cf_pv": hc.DAY})
    kw.setdefault("grid", GRID)
    res = hc.solve(tmp_path, name=name, park={"discount_rate": rate}, Years=years, YearValues=list(year_values), **kw)
    check_pathway(res)
    return res


def check_pathway(res) -> None:
    """Invariants of every pathway solve: available = existing + the vintages available (lifetimes
    from the Renewables rows), Years' discounted costs sum to npv_cny, discounted = D_y x annual."""
    data = res.data
    pw = data.pathway
    table = res.sheets["Pathway"]
    for tech, row in data.renewables.items():
        rows = table[table["tech"] == tech].set_index("year")
        for y in pw.years:
            life = pw.data[y].renewables[tech]["lifetime_yr"]
            expected = row["existing_mw"] + sum(rows.loc[v, "new"] for v in pw.years if v <= y < v + life)
            assert rows.loc[y, "available"] == pytest.approx(expected, abs=1e-6), f"{tech} available in {y}"
    years = res.sheets["Years"]
    npv = hc.summary(res, "npv_cny")
    assert years["discounted_cost_cny"].sum() == pytest.approx(npv, rel=1e-9, abs=1e-6)
    for row in years.itertuples():
        assert row.discounted_cost_cny == pytest.approx(pw.weight(row.year) * row.annual_cost_cny, rel=1e-12)


def built(res, tech, year) -> float:
    t = res.sheets["Pathway"]
    return float(t[(t["tech"] == tech) & (t["year"] == year)]["new"].iloc[0])


def year_row(res, year) -> dict:
    y = res.sheets["Years"]
    return y[y["year"] == year].iloc[0].to_dict()


def test_one_year_pathway_equals_the_static_run(tmp_path):
    """A Years sheet with one row and no YearValues is the v1 model (D = 1, one vintage available):
    same plan and same cost, to 1e-9 relative."""
    kw = dict(profiles={"cf_pv": hc.DAY}, Renewables=[hc.pv(capex=1000.0)], Storage=[hc.battery()],
              Targets=[{"indicator": "clean_energy_share_min", "value": 0.3}], park={"discount_rate": 0.05})
    static = hc.solve(tmp_path, name="static", **kw)
    one = hc.solve(tmp_path, name="one_year", Years=[{"year": 2026}], **kw)
    check_pathway(one)
    assert hc.total(one) == pytest.approx(hc.total(static), rel=1e-9)
    assert hc.summary(one, "npv_cny") == pytest.approx(hc.total(static), rel=1e-9)
    for tech, unit in (("pv", "MW"), ("bat", "MW"), ("bat", "MWh")):
        assert hc.cap(one, tech, unit, "new_available") == pytest.approx(hc.cap(static, tech, unit), rel=1e-9, abs=1e-9)
    assert hc.cap(one, "pv", which="new_available") > 1.0  # the target makes something be built
    # a pathway's Capacity says its new capacity is what is available, and where the builds by year are
    assert "new" not in one.sheets["Capacity"] and "new_available" not in static.sheets["Capacity"]
    assert "sheets Pathway and Roadmap" in one.sheets["Capacity"]["note"].iloc[0]


def test_cheaper_pv_and_a_target_in_year_two_build_in_year_two(tmp_path):
    """2026 and 2027 (1 year each), r = 0.1: D_2026 = 1, D_2027 = 1/1.1. PV capex 1000 CNY/kW in
    2026, 500 in 2027 (YearValues); lifetime 20: CRF(0.1, 20) = 0.1 x 1.1^20 / (1.1^20 - 1) = 0.1174596.
    The 180 t cap applies in 2027 only (YearValues; 2026's row is not enforced), so 10 MW must be
    available in 2027.
    Build in 2027: 2026 costs 240 x 500 = 120 000; 2027 costs 10 x 1000 x 500 x 0.1174596 = 587 298
    + 180 x 500 = 90 000 -> NPV = 120 000 + 677 298 / 1.1 = 735 725.5 CNY.
    Build in 2026 instead: 2026 = 10 x 117 459.6 + 90 000 = 1 264 596 (more than the whole NPV above)."""
    res = pathway(tmp_path, rate=0.1, years=[{"year": 2026}, {"year": 2027}],
                  year_values=[{"year": 2027, "sheet": "Renewables", "key": "pv", "column": "capex_cny_per_kw", "value": 500},
                               {"year": 2027, "sheet": "Targets", "key": "co2_cap_t", "column": "enforce", "value": "yes"}],
                  Renewables=[hc.pv(capex=1000.0, lifetime=20.0)],
                  Targets=[{"indicator": "co2_cap_t", "value": 180.0, "enforce": "no"}])
    annuity = crf(0.1, 20) * 500 * 1000 * 10
    assert crf(0.1, 20) == pytest.approx(0.1174596, rel=1e-6)
    assert built(res, "pv", 2026) == pytest.approx(0.0, abs=1e-6)
    assert built(res, "pv", 2027) == pytest.approx(10.0, rel=1e-6)
    assert hc.summary(res, "npv_cny") == pytest.approx(120_000 + (annuity + 90_000) / 1.1, rel=1e-6)
    assert hc.summary(res, "npv_cny") == pytest.approx(735_725.5, rel=1e-6)
    assert year_row(res, 2027)["capital_spending_cny"] == pytest.approx(500 * 1000 * 10, rel=1e-6)
    assert year_row(res, 2026)["co2_t_per_yr"] == pytest.approx(240.0, rel=1e-6)
    assert year_row(res, 2027)["co2_t_per_yr"] == pytest.approx(180.0, rel=1e-6)
    assert year_row(res, 2027)["co2_cap_t_pass"]
    # The one-page report's roadmap and timetable: nothing built in 2026, 10 MW of PV for 500 万元 in 2027.
    page = write_report(res.output)[-1].read_text(encoding="utf-8")
    assert "路线图与时间表 Roadmap and timetable" in page and "fig_roadmap" in page
    assert "<td>pv 10 MW</td>" in page and "500.0 万元" in page


@pytest.mark.parametrize("lifetime, npv, new_2027", [(2.0, 280_000.0, 0.0), (1.0, 380_000.0, 10.0)])
def test_a_target_in_year_one_builds_then_the_vintage_serves_or_is_rebuilt(tmp_path, lifetime, npv, new_2027):
    """The 180 t cap binds in both years, r = 0 (D = 1, CRF = 1 / lifetime), PV 10 CNY/kW.
    Lifetime 2: 10 MW built in 2026 serve 2027 too; annuity 10 x 10 000 / 2 = 50 000 each year,
    grid 90 000 each year -> NPV 280 000. Lifetime 1: the 2026 vintage retires before 2027 and is
    rebuilt; the annuity of each vintage (100 000) is paid only in its own year -> NPV 380 000."""
    res = pathway(tmp_path, years=[{"year": 2026}, {"year": 2027}],
                  Renewables=[hc.pv(capex=10.0, lifetime=lifetime)], Targets=CAP_180)
    assert built(res, "pv", 2026) == pytest.approx(10.0, rel=1e-6)
    assert built(res, "pv", 2027) == pytest.approx(new_2027, abs=1e-6)
    assert hc.summary(res, "npv_cny") == pytest.approx(npv, rel=1e-6)
    annual = 10 * 10_000 / lifetime + 90_000
    assert year_row(res, 2026)["annual_cost_cny"] == pytest.approx(annual, rel=1e-6)
    assert year_row(res, 2027)["annual_cost_cny"] == pytest.approx(annual, rel=1e-6)


@pytest.mark.parametrize("per_year, new_2026, npv", [(None, 0.0, 740_000.0), (6.0, 4.0, 928_000.0)])
def test_load_growth_builds_in_year_two_and_a_yearly_limit_splits_the_build(tmp_path, per_year, new_2026, npv):
    """r = 0, PV 1000 CNY/kW, lifetime 20: annuity 50 000 CNY/MW/yr. Cap 240 t both years; the load
    grows by 25 % in 2027 (load_scale 1.25: 300 MWh), so only 2027 needs 60 MWh of PV = 10 MW.
    No yearly limit: all 10 MW in 2027: NPV = 240 x 500 + (500 000 + 240 x 500) = 740 000.
    max_new_mw_per_year 6: 6 MW in 2027 and the other 4 in 2026 (each MW built early costs an extra
    50 000 - 3 000): 2026 = 200 000 + 216 x 500 = 308 000; 2027 = 500 000 + 120 000 -> 928 000."""
    res = pathway(tmp_path, years=[{"year": 2026}, {"year": 2027, "load_scale": 1.25}],
                  Renewables=[hc.pv(capex=1000.0, lifetime=20.0, max_new_mw_per_year=per_year)],
                  Targets=[{"indicator": "co2_cap_t", "value": 240.0}])
    assert built(res, "pv", 2026) == pytest.approx(new_2026, abs=1e-6)
    assert built(res, "pv", 2027) == pytest.approx(10.0 - new_2026, rel=1e-6)
    assert hc.summary(res, "npv_cny") == pytest.approx(npv, rel=1e-6)
    assert year_row(res, 2027)["co2_t_per_yr"] == pytest.approx(240.0, rel=1e-6)


def test_max_new_mw_per_year_bounds_the_single_build_without_years(tmp_path):
    """Without Years, max_new_mw_per_year bounds the one build: the cap would need 10 MW, the limit
    allows 6, so the 180 t cap cannot be met (import 240 - 36 = 204 t): no plan."""
    from zcpark.errors import InfeasibleError
    with pytest.raises(InfeasibleError):
        hc.solve(tmp_path, profiles={"cf_pv": hc.DAY}, grid=GRID, Targets=CAP_180,
                 Renewables=[hc.pv(capex=10.0, max_new_mw_per_year=6.0)])


def test_years_represented_weights_a_year_as_the_contract_says():
    """D_y = sum_{k=0}^{n_y-1} (1+r)^-(y-y0+k): r = 0.1, years 2026 (n = 2, the gap) and 2028
    (n = 3): D_2026 = 1 + 1/1.1 = 1.909091; D_2028 = 1.1^-2 + 1.1^-3 + 1.1^-4 = 0.826446 + 0.751315
    + 0.683013 = 2.260774."""
    pw = Pathway([2026, 2028], {2026: 2, 2028: 3}, {}, 2028, 0.1)
    assert pw.weight(2026) == pytest.approx(1.909091, rel=1e-6)
    assert pw.weight(2028) == pytest.approx(2.260774, rel=1e-6)


def test_years_represented_defaults_to_the_gap(tmp_path):
    """Years 2026, 2028, 2030 without years_represented: 2, 2 and 1 (the last listed year)."""
    path = park_workbook(tmp_path / "gap.xlsx", profiles={"cf_pv": hc.DAY}, Renewables=[hc.pv()],
                         Years=[{"year": 2026}, {"year": 2028}, {"year": 2030}])
    pw = read_workbook(path).pathway
    assert pw.represented == {2026: 2, 2028: 2, 2030: 1}
    assert pw.acceptance_year == 2030


def _problems(tmp_path, **kw) -> list[tuple]:
    path = park_workbook(tmp_path / "bad.xlsx", profiles={"cf_pv": hc.DAY}, **kw)
    with pytest.raises(InputError) as err:
        read_workbook(path)
    return [(p.sheet, p.row, p.column) for p in err.value.problems]


def test_bad_pathway_input_is_named_by_sheet_row_and_column(tmp_path):
    """Years not increasing, a YearValues year not in Years, a cell that does not exist, a capex for
    a technology that cannot be built, an acceptance year outside the horizon: all reported at once."""
    found = _problems(tmp_path, park={"acceptance_year": 2031},
                      Renewables=[hc.pv(), hc.pv(tech="old", max_new_mw=0, existing_mw=1.0)],
                      Years=[{"year": 2026}, {"year": 2028}, {"year": 2027}],
                      YearValues=[{"year": 2029, "sheet": "Renewables", "key": "pv", "column": "capex_cny_per_kw", "value": 1},
                                  {"year": 2028, "sheet": "Renewables", "key": "nope", "column": "capex_cny_per_kw", "value": 1},
                                  {"year": 2028, "sheet": "Renewables", "key": "old", "column": "capex_cny_per_kw", "value": 1}])
    assert set(found) == {("Park", 6, "value"), ("Years", 4, "year"), ("YearValues", 2, "year"),
                          ("YearValues", 3, "key"), ("YearValues", 4, "column")}


def test_a_missing_cell_of_year_values_is_reported_once(tmp_path):
    """A YearValues row naming no row applies to 2026 and 2027 but is reported once, at its row."""
    found = _problems(tmp_path, Renewables=[hc.pv()], Years=[{"year": 2026}, {"year": 2027}],
                      YearValues=[{"year": 2026, "sheet": "Renewables", "key": "nope", "column": "capex_cny_per_kw",
                                   "value": 1}])
    assert found == [("YearValues", 2, "key")]


def test_a_direct_line_is_built_once_in_the_year_it_is_needed(tmp_path):
    """A 20 MW line (fixed capex 100 000 CNY, lifetime 10: 10 000 CNY/yr at r = 0) to a remote PV
    plant (100 CNY/kW, lifetime 20: 5 000 CNY/MW/yr); the 180 t cap only in 2027. Line and 10 MW
    are built in 2027: 2026 = 120 000; 2027 = 10 000 + 50 000 + 90 000 -> NPV 270 000. Built in
    2026 they would cost 60 000 more in 2026 and save only 30 000 of grid power."""
    res = pathway(tmp_path, years=[{"year": 2026}, {"year": 2027}],
                  year_values=[{"year": 2027, "sheet": "Targets", "key": "co2_cap_t", "column": "enforce", "value": "yes"}],
                  Renewables=[hc.pv(tech="far", capex=100.0, site="L", max_new_mw=20.0)],
                  DirectLines=[{"line": "L", "option": "a", "capacity_mw": 20.0, "fixed_capex_cny": 100_000.0,
                                "capex_cny_per_km": 0.0, "lifetime_yr": 10.0}],
                  Targets=[{"indicator": "co2_cap_t", "value": 180.0, "enforce": "no"}])
    assert built(res, "L/a", 2026) == 0.0
    assert built(res, "L/a", 2027) == pytest.approx(1.0)
    assert built(res, "far", 2027) == pytest.approx(10.0, rel=1e-6)
    assert hc.summary(res, "npv_cny") == pytest.approx(270_000.0, rel=1e-6)
    assert hc.line(res, "L")["built_option"] == "a"


def test_a_pathway_on_typical_days_checks_the_acceptance_year_on_the_full_horizon(tmp_path):
    """Two identical days (48 steps) sized on 1 typical day: the typical day (and the extreme
    days) are copies of the real ones, so the acceptance year's full-horizon check reproduces the
    sized figures: Validation differences ~0, the plan of test (b)'s set-up without discounting
    (10 MW in 2027, co2 = 2 x 180 t on the full two-day horizon, hours_per_year 48)."""
    path = park_workbook(tmp_path / "typical.xlsx", hours=48, profiles={"cf_pv": hc.DAY * 2}, grid=GRID,
                         Renewables=[hc.pv(capex=1000.0, lifetime=20.0)],
                         Targets=[{"indicator": "co2_cap_t", "value": 360.0, "enforce": "no"}],
                         Years=[{"year": 2026}, {"year": 2027}],
                         YearValues=[{"year": 2027, "sheet": "Targets", "key": "co2_cap_t", "column": "enforce",
                                      "value": "yes"}])
    res = hc.run(path, runs_dir=tmp_path / "runs", typical_days=1, options=hc.SolveOptions(mip_rel_gap=0))
    assert "Validation" in res.sheets and "Pathway" in res.sheets
    assert built(res, "pv", 2027) == pytest.approx(10.0, rel=1e-6)
    assert hc.summary(res, "co2_t_per_yr") == pytest.approx(360.0, rel=1e-6)
    summary_rows = res.sheets["Validation"][res.sheets["Validation"]["section"] == "summary"]
    assert summary_rows["difference"].abs().max() < 1e-3
    assert res.sheets["Years"]["discounted_cost_cny"].sum() == pytest.approx(hc.summary(res, "npv_cny"), rel=1e-9)


def test_the_pathway_demo_reads_as_a_five_year_pathway():
    """data/pathway_demo.xlsx: 2026-2030, acceptance 2030, loads +4 %/yr, the 2030 targets at the
    910号 limits (0.2 tCO2/tce, 90 % clean), PV capex 3500 x 0.95^4 = 2850.8 CNY/kW in 2030."""
    from pathlib import Path

    data = read_workbook(Path(__file__).resolve().parents[1] / "data" / "pathway_demo.xlsx")
    pw = data.pathway
    assert pw.years == [2026, 2027, 2028, 2029, 2030] and pw.acceptance_year == 2030
    assert pw.data[2030].targets["carbon_intensity_max"].value == pytest.approx(0.2)
    assert pw.data[2026].targets["carbon_intensity_max"].value == pytest.approx(1.0)
    assert pw.data[2030].renewables["pv_onsite"]["capex_cny_per_kw"] == pytest.approx(2850.8, abs=0.05)
    ratio = pw.data[2030].electric_load.sum() / pw.data[2026].electric_load.sum()
    assert ratio == pytest.approx(1.16, rel=1e-9)
    assert math.isclose(pw.weight(2027), 1 / 1.08, rel_tol=1e-12)


def test_a_year_standing_for_three_years_weighs_three_discounted_years(tmp_path):
    """One listed year with years_represented 3 at r = 0.1: the plan is the v1 plan (the same year
    three times) and NPV = (1 + 1/1.1 + 1/1.21) x annual cost = 2.7355372 x the v1 total."""
    kw = dict(profiles={"cf_pv": hc.DAY}, grid=GRID, Renewables=[hc.pv(capex=1000.0)], Targets=CAP_180,
              park={"discount_rate": 0.1})
    static = hc.solve(tmp_path, name="static", **kw)
    three = hc.solve(tmp_path, name="three", Years=[{"year": 2026, "years_represented": 3}], **kw)
    check_pathway(three)
    assert hc.summary(three, "npv_cny") == pytest.approx(2.7355372 * hc.total(static), rel=1e-7)
    assert hc.cap(three, "pv", which="new_available") == pytest.approx(10.0, rel=1e-6)


@pytest.mark.parametrize("extra, built_2026, npv", [({"unit_mw": 4.0}, 12.0, 288_000.0),
                                                    ({"min_new_mw": 15.0, "max_new_mw": 40.0}, 15.0, 300_000.0)])
def test_whole_units_and_minimum_builds_apply_to_each_year_build(tmp_path, extra, built_2026, npv):
    """Test (c)'s set-up, lifetime 2 (10 MW needed in both years, r = 0, 5 000 CNY/MW/yr).
    unit_mw 4: 3 units = 12 MW in 2026: 60 000 + (240 - 72) x 500 = 144 000 a year -> 288 000.
    min_new_mw 15: 15 MW in 2026: 75 000 + (240 - 90) x 500 = 150 000 a year -> 300 000.
    Nothing is built in 2027 (the 2026 vintage still serves)."""
    res = pathway(tmp_path, years=[{"year": 2026}, {"year": 2027}],
                  Renewables=[hc.pv(capex=10.0, lifetime=2.0, **extra)], Targets=CAP_180)
    assert built(res, "pv", 2026) == pytest.approx(built_2026, rel=1e-6)
    assert built(res, "pv", 2027) == pytest.approx(0.0, abs=1e-6)
    assert hc.summary(res, "npv_cny") == pytest.approx(npv, rel=1e-6)


def test_scenarios_of_a_pathway_workbook_report_their_npv(tmp_path):
    """A scenarios batch over test (b)'s pathway: Scenarios rows apply before YearValues. Scenario
    `loose` raises the 2027 cap to 240 t (the cap's value; YearValues only switch it on), so nothing
    is built: NPV = 120 000 + 120 000 / 1.1 = 229 090.9 CNY; the base is test (b)'s 735 725.5.
    The comparison's cost figure is the NPV."""
    from zcpark.studies import kinds as studies
    from zcpark.studies.batch import ClusterConfig

    path = park_workbook(tmp_path / "p.xlsx", profiles={"cf_pv": hc.DAY}, grid=GRID, park={"discount_rate": 0.1},
                         Renewables=[hc.pv(capex=1000.0, lifetime=20.0)],
                         Targets=[{"indicator": "co2_cap_t", "value": 180.0, "enforce": "no"}],
                         Scenarios=[{"scenario": "loose", "sheet": "Targets", "key": "co2_cap_t", "column": "value",
                                     "value": 240}],
                         Years=[{"year": 2026}, {"year": 2027}],
                         YearValues=[{"year": 2027, "sheet": "Renewables", "key": "pv", "column": "capex_cny_per_kw",
                                      "value": 500},
                                     {"year": 2027, "sheet": "Targets", "key": "co2_cap_t", "column": "enforce",
                                      "value": "yes"}])
    study = studies.run_study("scenarios", path, ClusterConfig(workers=0), hc.SolveOptions(threads=1, mip_rel_gap=0),
                              tmp_path / "runs")
    rows = {r["run"]: r for r in study.rows}
    assert rows["base"]["npv_cny"] == pytest.approx(735_725.5, rel=1e-6)
    assert rows["loose"]["npv_cny"] == pytest.approx(120_000 + 120_000 / 1.1, rel=1e-6)
    assert rows["loose"]["acceptance_year"] == 2027
    # the comparison ranks by NPV: loose / base - 1 = 229 090.9 / 735 725.5 - 1 = -0.688621
    share = study.sheets["Comparison"].set_index("run")["npv_vs_base_share"]
    assert share["loose"] == pytest.approx(229_090.9 / 735_725.5 - 1, rel=1e-6) and share["base"] == 0.0
