"""A park within a park (园中园) on a build pathway: zone buses in every year's block, the boundary's targets
in every year by the same successive linearisation of pro rata (procedures/zones.iterate_shares).

Hand calculations use the factory's conventions (w = 1, discount rate 0, CRF = 1/lifetime, grid price
500 CNY/MWh) and handcalc.DAY (PV capacity factor 0.5 in hours 6..17: 6 MWh per MW per day).
"""
from __future__ import annotations

import pytest

import handcalc as hc
from test_pathway import built, check_pathway, year_row
from test_zones import _pilot_park, two_zones, zones_sheet


def test_one_year_pathway_with_zones_equals_the_one_year_zones_run(tmp_path):
    """A Years sheet with one row (D = 1, one vintage) on the pilot park of test_zones (zone a's own PV makes
    the shares decisions, so they are iterated): the same optimum to 1e-9 (cost and NPV), the same
    boundary tCO2 (pro rata, ex post) and as many share solves."""
    static = hc.solve(tmp_path, "static", **_pilot_park())
    one = hc.solve(tmp_path, "one_year", Years=[{"year": 2026}], **_pilot_park())
    check_pathway(one)
    assert abs(hc.total(one) - hc.total(static)) <= 1e-9 * hc.total(static)
    assert abs(hc.summary(one, "npv_cny") - hc.total(static)) <= 1e-9 * hc.total(static)
    assert zones_sheet(one, "boundary")["co2_t"] == pytest.approx(zones_sheet(static, "boundary")["co2_t"], rel=1e-9)
    assert zones_sheet(one, "boundary")["co2_t"] <= 20 + 1e-6
    assert len(one.solve.zone_iterations) == len(static.solve.zone_iterations)
    assert one.solve.zone_iterations[-1][1] < 1e-6
    meta = dict(zip(one.sheets["Meta"]["key"], one.sheets["Meta"]["value"]))
    assert meta["zone_share_changes"].startswith("solve 1: ")  # the iterations are recorded for a pathway too
    for sheet in ("Zones", "CarbonByScope", "AcceptanceByScope"):
        assert sheet in one.sheets
    s = one.summary()
    assert s["leakage_t_per_tce"] == pytest.approx(static.summary()["leakage_t_per_tce"], rel=1e-6, abs=1e-9)


def test_boundary_cap_binding_in_year_two_builds_the_shared_pv_in_year_two(tmp_path):
    """2026 and 2027 (one year each, r = 0, D = 1), zone a (boundary) 2 MW and zone b 10 MW without own
    assets: their draws are their loads, so the boundary's pro-rata share is 2/12 = 1/6 of every source
    (the shares are data: one solve per pathway). Grid factor 1 tCO2/MWh (fossil_factor), so the boundary's
    tCO2 = 1/6 x the park's import. Shared PV on the common bus: 1000 CNY/kW, 20 years, annuity 50 000
    CNY/MW/yr, saving only 6 x 500 = 3 000 CNY/MW/yr: built only for a target.
    2026: the boundary's cap of 40 t is reported only: import 12 x 24 = 288 MWh, boundary 48 t.
    2027 (YearValues: enforced): import <= 240 MWh, PV gives 48 MWh = 6 MWh/MW x P, P = 8 MW (4 MW by day,
    all used under the 12 MW load), built in 2027 (built in 2026 it would pay a year's annuity for nothing);
    boundary 40 t.
    Boundary energy 48 MWh x 0.1229 tce/MWh = 5.8992 tce both years: intensity 48 / 5.8992 = 8.136696 in
    2026, 40 / 5.8992 = 6.780580 in 2027.
    NPV = 288 x 500 + (8 x 50 000 + 240 x 500) = 144 000 + 520 000 = 664 000 CNY.
    Leakage (2027, the acceptance year): the rest imports 5/6 x 240 = 200 t over 240 x 0.1229 = 29.496 tce
    (6.780580) against 240 t (8.136696) without the boundary's cap: -1.356116 tCO2/tce."""
    res = hc.solve(tmp_path, **_two_year_park())
    check_pathway(res)
    assert built(res, "pv", 2026) == pytest.approx(0.0, abs=1e-6)
    assert built(res, "pv", 2027) == pytest.approx(8.0, rel=1e-6)
    assert hc.summary(res, "npv_cny") == pytest.approx(664_000.0, rel=1e-6)
    assert res.solve.zone_iterations == [(1, pytest.approx(0.0, abs=1e-6))]
    for year, co2 in ((2026, 48.0), (2027, 40.0)):
        row = year_row(res, year)
        assert row["boundary_co2_t_per_yr"] == pytest.approx(co2, rel=1e-6), year
        assert row["boundary_carbon_intensity_t_per_tce"] == pytest.approx(co2 / 5.8992, rel=1e-6), year
        assert row["co2_t_per_yr"] == pytest.approx(6 * co2, rel=1e-6), year  # the host park imports 6 times more
    assert year_row(res, 2027)["co2_cap_t_pass"]
    # the acceptance year's (2027) sheets, as in a one-year zones run
    assert zones_sheet(res, "boundary")["co2_t"] == pytest.approx(40.0, rel=1e-6)
    cap_row = res.sheets["Acceptance"].set_index("indicator").loc["co2_cap_t"]
    assert cap_row["scope"] == "boundary" and cap_row["achieved"] == pytest.approx(40.0, rel=1e-6)
    assert res.summary()["leakage_t_per_tce"] == pytest.approx(40 / 5.8992 - 48 / 5.8992, rel=1e-6)
    assert "leakage_solve" in res.seconds


def _two_year_park(days: int = 1) -> dict:
    """The park of the test above on `days` identical days (its cap times `days`)."""
    pv = {**hc.pv(capex=1000.0, lifetime=20.0), "site": "onsite", "existing_mw": 0, "max_new_mw": 100}
    kw = two_zones()
    kw["profiles"] = {name: values * days for name, values in kw["profiles"].items()}
    return dict(Years=[{"year": 2026}, {"year": 2027}], hours=24 * days,
                YearValues=[{"year": 2027, "sheet": "Targets", "key": "co2_cap_t", "column": "enforce", "value": "yes"}],
                Renewables=[pv], Targets=[{"indicator": "co2_cap_t", "value": 40.0 * days, "enforce": "no"}],
                grid={"emission_factor_fossil": 1.0}, **kw)


def test_a_zoned_pathway_on_typical_days_checks_the_acceptance_year_on_the_full_horizon(tmp_path):
    """The same park on 3 identical days, sized on 2 typical days: the acceptance year's plan (8 MW of shared
    PV) is dispatched on the 72 hours with the boundary's sizing shares spread over them; its boundary tCO2
    there is 3 x 40 = 120 t (cap 120 t: passes), and the Validation sheet compares the two horizons."""
    from invariants import check_invariants
    from zcpark.core.options import SolveOptions
    from factory import park_workbook
    from zcpark.runner import run
    path = park_workbook(tmp_path / "tp.xlsx", **_two_year_park(days=3))
    res = run(path, runs_dir=tmp_path / "runs", options=SolveOptions(mip_rel_gap=0), typical_days=2)
    check_invariants(res)
    assert "Validation" in res.sheets and "Zones" in res.sheets
    assert built(res, "pv", 2027) == pytest.approx(8.0, rel=1e-6)
    assert zones_sheet(res, "boundary")["co2_t"] == pytest.approx(120.0, rel=1e-6)
    assert res.sheets["Acceptance"].set_index("indicator").loc["co2_cap_t", "pass"]


def test_least_co2_end_of_a_zoned_pathway_is_the_boundarys_in_the_acceptance_year(tmp_path):
    """The frontier's least-CO2 end of the two-year park minimises the boundary's tCO2 of 2027 (its shares,
    1/6, estimated from the loads: exact without own assets): with up to 100 MW of shared PV the day's
    12 MW come from PV and only the night's 12 x 12 = 144 MWh are imported; the boundary's 1/6 is 24 t
    over 5.8992 tce (the host park's would be 144 t)."""
    from factory import park_workbook
    from zcpark.procedures.least_co2 import least_co2
    from zcpark.workbook.reader import read_workbook
    least = least_co2(read_workbook(park_workbook(tmp_path / "p.xlsx", **_two_year_park())))
    assert least["co2_t"] == pytest.approx(24.0, rel=1e-6) and least["tce"] == pytest.approx(5.8992, rel=1e-6)
