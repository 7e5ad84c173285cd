"""Batches on a build pathway (issue 15): NPV is the cost figure, the frontier's limit is the
acceptance year's, a sensitivity change applies to every year.

Set-up of tests/test_pathway.py: 24 one-hour steps stand for a year (w = 1), a flat 10 MW load
(240 MWh/yr), grid 500 CNY/MWh, PV capacity factor 0.5 in hours 6..17 (6 MWh per MW per year, all
used up to 20 MW), grid factor 1 tCO2/MWh under fossil_factor, so co2_t = grid import (MWh).
"""
from __future__ import annotations

import pytest

import handcalc as hc
from factory import park_workbook
from test_pathway_money import infeasible_pathway
from zcpark.core.data import crf
from zcpark.studies import kinds as studies
from zcpark.studies.batch import ClusterConfig
from zcpark.workbook.reader import read_workbook

GRID = {"emission_factor_fossil": 1.0}
EXACT = hc.SolveOptions(threads=1, mip_rel_gap=0)


def intensity_pathway(path):
    """r = 0, 2026 and 2027; electricity 0.1 tce/MWh, so tce = 24 and intensity = import / 24.
    PV 1000 CNY/kW, lifetime 20 (50 000 CNY/MW/yr, far more than the 3 000 of grid power it saves),
    at most 20 MW over the horizon. carbon_intensity_max 9 (import <= 216: 4 MW) from 2026; YearValues
    set 8 for 2027 (import <= 192)."""
    return park_workbook(path, profiles={"cf_pv": hc.DAY}, grid=GRID, park={"electricity_tce_per_mwh": 0.1},
                         Renewables=[hc.pv(capex=1000.0, lifetime=20.0, max_new_mw=20.0)],
                         Targets=[{"indicator": "carbon_intensity_max", "value": 9.0, "enforce": "yes"}],
                         Years=[{"year": 2026}, {"year": 2027}],
                         YearValues=[{"year": 2027, "sheet": "Targets", "key": "carbon_intensity_max",
                                      "column": "value", "value": 8.0}])


def test_a_year_scoped_override_holds_for_its_year_only_after_year_values(tmp_path):
    """The frontier's row for the acceptance year (2027) replaces the YearValues limit 8 there; 2026
    keeps its own 9; a row without a year holds for every year before YearValues (2027 keeps 8)."""
    path = intensity_pathway(tmp_path / "p.xlsx")
    scoped = read_workbook(path, overrides=list(studies.intensity_overrides(7.0, "frontier point 1", "acceptance")))
    assert scoped.pathway.data[2027].targets["carbon_intensity_max"].value == 7.0
    assert scoped.pathway.data[2026].targets["carbon_intensity_max"].value == 9.0
    everywhere = read_workbook(path, overrides=list(studies.intensity_overrides(7.0, "frontier point 1")))
    assert everywhere.pathway.data[2026].targets["carbon_intensity_max"].value == 7.0
    assert everywhere.pathway.data[2027].targets["carbon_intensity_max"].value == 8.0  # YearValues undid it


def test_frontier_of_a_pathway_limits_the_acceptance_year_and_ranks_by_npv(tmp_path):
    """2026 keeps its limit 9 at every point: 4 MW built in 2026 (it serves 2027 too).
    No-limit point: 2027 unlimited -> 4 MW, import 216 both years: NPV = 2 x (200 000 + 108 000)
    = 616 000, 2027 intensity 216 / 24 = 9.
    Least CO2 of 2027: all 20 MW -> import 120 -> intensity 5. points 3 -> limits 5(1 + 1e-6) and the
    midpoint 7.0000025 (7 below, to rel 1e-6).
    Limit 7 (the YearValues 8 cannot undo it): import <= 168 -> 12 MW in 2027, 8 of them built in
    2027 (later is cheaper at r = 0): NPV = 308 000 + (600 000 + 84 000) = 992 000.
    Step: 376 000 CNY for 2 tCO2/tce -> 18 800 CNY = 0.0188 M per 0.1; discounted tonnes (D = 1):
    432 -> 384, 48 t -> 7 833.33 CNY/t. Limit 5: 20 MW: NPV = 308 000 + 1 000 000 + 60 000 = 1 368 000."""
    path = intensity_pathway(tmp_path / "p.xlsx")
    study = studies.run_study("frontier", path, ClusterConfig(workers=0), EXACT, tmp_path / "runs", points=3)
    table = study.sheets["Frontier"]
    meta = dict(study.sheets["Meta"].values)
    assert meta["least_co2_intensity_t_per_tce"] == pytest.approx(5.0, rel=1e-6)
    assert "acceptance year 2027 only" in meta["limit_applies_to"]
    assert list(table["status"]) == ["optimal"] * 3
    assert table["limit_t_per_tce"].iloc[1] == pytest.approx(7.0, rel=1e-6)
    assert list(table["npv_cny"]) == pytest.approx([616_000.0, 992_000.0, 1_368_000.0], rel=1e-5)
    assert list(table["carbon_intensity_t_per_tce"]) == pytest.approx([9.0, 7.0, 5.0], rel=1e-5)
    assert table["npv_step_cny"].iloc[1] == pytest.approx(376_000.0, rel=1e-5)
    assert table["npv_per_tenth_m_cny"].iloc[1] == pytest.approx(0.0188, rel=1e-5)
    assert table["abatement_cost_cny_per_t"].iloc[1] == pytest.approx(376_000.0 / 48, rel=1e-5)
    for row in study.rows:  # every point: 2026 still built to its own limit 9
        pathway = read_pathway_sheet(row["output"])
        assert pathway.loc[(2026, "pv"), "new"] == pytest.approx(4.0, rel=1e-6)
    assert list(table.columns).index("npv_m_cny") < list(table.columns).index("total_cost_m_cny_per_yr")


def read_pathway_sheet(results):
    import pandas as pd
    return pd.read_excel(results, sheet_name="Pathway").set_index(["year", "tech"])


def test_sensitivity_of_a_pathway_scales_every_year_and_compares_npv(tmp_path):
    """test_pathway (b): r = 0.1, PV 1000 CNY/kW in 2026 and 500 in 2027 (YearValues), the 180 t cap
    in 2027 only: 10 MW built in 2027. NPV = 120 000 + (CRF x capex_2027 x 10 000 + 90 000) / 1.1,
    CRF(0.1, 20) = 0.1174596. pv_capex +20 % scales the YearValues price too (600): NPV = 842 506.9;
    -20 % (400): 628 944.0; base (500): 735 725.5."""
    path = park_workbook(tmp_path / "b.xlsx", profiles={"cf_pv": hc.DAY}, grid=GRID, park={"discount_rate": 0.1},
                         Renewables=[hc.pv(capex=1000.0, lifetime=20.0)],
                         Targets=[{"indicator": "co2_cap_t", "value": 180.0, "enforce": "no"}],
                         Years=[{"year": 2026}, {"year": 2027}],
                         YearValues=[{"year": 2027, "sheet": "Renewables", "key": "pv", "column": "capex_cny_per_kw",
                                      "value": 500},
                                     {"year": 2027, "sheet": "Targets", "key": "co2_cap_t", "column": "enforce",
                                      "value": "yes"}])
    study = studies.run_study("sensitivity", path, ClusterConfig(workers=0), EXACT, tmp_path / "runs", percent=20)
    tornado = study.sheets["Tornado"].set_index("parameter")
    npv = {capex: 120_000 + (crf(0.1, 20) * capex * 10_000 + 90_000) / 1.1 for capex in (400, 500, 600)}
    assert npv[600] == pytest.approx(842_506.9, rel=1e-6) and npv[400] == pytest.approx(628_944.0, rel=1e-6)
    pv = tornado.loc["pv_capex"]
    assert pv["cells"] == 2  # 2026's 1000 and 2027's 500
    assert pv["npv_base_m_cny"] * 1e6 == pytest.approx(npv[500], rel=1e-6)
    assert pv["npv_up_m_cny"] * 1e6 == pytest.approx(npv[600], rel=1e-6)
    assert pv["npv_down_m_cny"] * 1e6 == pytest.approx(npv[400], rel=1e-6)
    assert "in every year of the pathway" in pv["scales"]
    overrides = study.sheets["Overrides"]
    up = overrides[(overrides["run"] == "sens_pv_capex_up20")].set_index("year")["value"]
    assert up.to_dict() == pytest.approx({"2026 only": 1200.0, "2027 only": 600.0})
    rate = overrides[overrides["run"] == "sens_discount_rate_up20"]
    assert list(rate["year"]) == ["every"] and rate["value"].iloc[0] == pytest.approx(0.12)


def test_fleet_shows_a_pathway_npv_next_to_one_year_parks(tmp_path):
    """A folder with test (b)'s pathway (NPV 735 725.5) and a one-year park: the pathway's row has its
    NPV and acceptance year, the one-year park's none; the fleet has an NPV chart."""
    folder = tmp_path / "fleet"
    folder.mkdir()
    park_workbook(folder / "a_pathway.xlsx", profiles={"cf_pv": hc.DAY}, grid=GRID, park={"discount_rate": 0.1},
                  Renewables=[hc.pv(capex=1000.0, lifetime=20.0)],
                  Targets=[{"indicator": "co2_cap_t", "value": 180.0, "enforce": "no"}],
                  Years=[{"year": 2026}, {"year": 2027}],
                  YearValues=[{"year": 2027, "sheet": "Renewables", "key": "pv", "column": "capex_cny_per_kw", "value": 500},
                              {"year": 2027, "sheet": "Targets", "key": "co2_cap_t", "column": "enforce", "value": "yes"}])
    park_workbook(folder / "b_static.xlsx", profiles={"cf_pv": hc.DAY}, grid=GRID, Renewables=[hc.pv()])
    study = studies.run_study("fleet", folder, ClusterConfig(workers=0), EXACT, tmp_path / "runs")
    table = study.sheets["Fleet"].set_index("workbook_file")
    assert table.loc["a_pathway.xlsx", "npv_cny"] == pytest.approx(735_725.5, rel=1e-6)
    assert table.loc["a_pathway.xlsx", "acceptance_year"] == 2027
    assert table.loc["b_static.xlsx", "total_cost_cny_per_yr"] == pytest.approx(120_000.0, rel=1e-9)
    assert table.loc["b_static.xlsx", "npv_cny"] != table.loc["b_static.xlsx", "npv_cny"]  # blank (NaN)
    assert any(c.title == studies.NPV.title for c in study.charts)


def test_a_pathway_batch_whose_runs_all_fail_still_writes_its_table(tmp_path):
    """The infeasible pathway of test_pathway_money (4 MW a year cannot meet the 2027 cap): the
    scenarios batch's only run fails; the comparison still has its NPV columns, blank."""
    path = infeasible_pathway(tmp_path / "short.xlsx")
    study = studies.run_study("scenarios", path, ClusterConfig(workers=0), EXACT, tmp_path / "runs")
    table = study.sheets["Comparison"]
    assert list(table["status"]) == ["infeasible"]
    assert "2027 is the first year" in table["error"].iloc[0]
    assert table["npv_m_cny"].isna().all() and table["npv_vs_base_share"].isna().all()
