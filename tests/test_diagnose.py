"""Infeasibility diagnosis: levers a park can pull come first, with their cost; limits marked
hard are never proposed; long horizons are diagnosed on typical days and confirmed on the whole.

The park of every case: a flat 10 MW load for 24 h (weight 1: 240 MWh), grid at 500 CNY/MWh,
fossil factor 0.8273 tCO2/MWh, 0.1229 tce/MWh, carbon intensity <= 0.2 enforced: at most
0.2 x 240 x 0.1229 = 5.8992 tCO2, i.e. at most 7.1307 MWh of unlabelled grid imports.
PV: cf 0.6 for 12 h, 100 CNY/kW, 1-year life (CRF 1): 100,000 CNY per MW for 7.2 MWh, never worth it
for energy alone.
"""
from __future__ import annotations

import pytest
from factory import park_workbook

from zcpark.core.options import SolveOptions
from zcpark.procedures.diagnose import diagnose
from zcpark.workbook.reader import read_workbook

DAY = [0.0] * 6 + [0.6] * 12 + [0.0] * 6
TARGET = [{"indicator": "carbon_intensity_max", "value": 0.2, "enforce": "yes"}]
MAX_UNLABELLED = 0.2 * 240 * 0.1229 / 0.8273


def _pv(**extra):
    return {"tech": "pv", "kind": "pv", "profile": "cf", "capex_cny_per_kw": 100, "lifetime_yr": 1,
            "max_new_mw": 10, **extra}


def _diagnose(path, **kw):
    table = diagnose(read_workbook(path), SolveOptions(threads=1))
    return table, {r["item"]: r for r in table.to_dict("records")}


def test_market_lever_with_its_cost(tmp_path):
    """Green power limited to 100 MWh at 20 CNY/MWh, PV a hard limit (a roof): the lever is
    232.869 - 100 = 132.869 MWh more green power, +2,657 CNY; the roof is never proposed."""
    wb = park_workbook(tmp_path / "p.xlsx", profiles={"cf": DAY}, Renewables=[_pv(hard_limit="yes")], Targets=TARGET,
                       GreenMarket=[{"product": "green_power", "price_cny_per_mwh": 20, "max_mwh_per_yr": 100}])
    table, rows = _diagnose(wb)
    needed = 240 - MAX_UNLABELLED
    lever = rows["GreenMarket!max_mwh_per_yr for green_power"]
    assert lever["step"] == "levers" and lever["value"] == pytest.approx(needed, rel=1e-6)
    assert lever["cost_cny_per_yr"] == pytest.approx(20 * (needed - 100), rel=1e-6)
    assert "raise GreenMarket!max_mwh_per_yr for green_power from 100 to 232.9" in lever["message"]
    assert not any("Renewables" in str(item) for item in rows)
    assert table["step"].tolist()[0] == "levers"  # what to do comes first


def test_hard_limits_are_never_proposed(tmp_path):
    """Green power capped at 100 MWh by the market (hard) and PV on a full roof (hard): nothing the park
    can pull closes the gap. The diagnosis says the target cannot be met even with every lever
    (the best: 240 - 100 - 7.2 x 10... = (240 - 100 - 72) x 0.8273 / 29.496 = 1.907) and proposes no
    hard limit. (PV 10 MW at cf 0.6 for 12 h gives 72 MWh, used in full when intensity is all that counts.)"""
    wb = park_workbook(tmp_path / "p.xlsx", profiles={"cf": DAY}, Renewables=[_pv(hard_limit="yes")], Targets=TARGET,
                       GreenMarket=[{"product": "green_power", "price_cny_per_mwh": 20, "max_mwh_per_yr": 100,
                                     "hard_limit": "yes"}, {"product": "gec", "price_cny_per_mwh": 5,
                                                            "max_mwh_per_yr": 0, "hard_limit": "yes"}])
    table, rows = _diagnose(wb)
    assert "levers" not in table["step"].tolist()
    best = [r for r in table.to_dict("records") if r["message"].startswith("carbon_intensity_max")]
    assert any("even with every lever" in r["message"] for r in best)
    assert all(r["value"] == pytest.approx((240 - 100 - 72) * 0.8273 / (240 * 0.1229), rel=1e-6) for r in best)
    assert not any(("Renewables" in str(item)) or ("GreenMarket" in str(item)) for item in rows)


def test_long_horizon_diagnosed_on_typical_days_and_confirmed(tmp_path):
    """60 days of the same park without PV (1,440 h, weight 1): diagnosed on typical days, the
    green-power lever (60 x 232.869 MWh at the default 30 CNY/MWh) is confirmed on the full horizon by
    dispatching the typical-day plan (one LP), which costs 60 x (240 x 500 + 30 x 232.869) CNY."""
    hours = 24 * 60
    wb = park_workbook(tmp_path / "p.xlsx", hours=hours, Targets=TARGET)
    table, rows = _diagnose(wb)
    confirmed = rows["full horizon"]
    assert confirmed["step"] == "confirmed" and str(hours) in confirmed["message"]
    lever = rows["GreenMarket!max_mwh_per_yr for green_power"]
    assert lever["value"] == pytest.approx(60 * (240 - MAX_UNLABELLED), rel=1e-4)
    assert confirmed["cost_cny_per_yr"] == pytest.approx(60 * (240 * 500 + 30 * (240 - MAX_UNLABELLED)), rel=1e-4)
    assert "plan found on typical days runs on every step" in confirmed["message"]  # one LP, no new sizing


def test_confirmation_falls_back_to_a_full_solve(tmp_path, monkeypatch):
    """The same 60 days; the typical-day plan made unable to run (its dispatch gets no grid import
    at all, against a 10 MW load with no PV): the confirmation falls back to an ordinary solve of the
    full horizon with the levers, which costs the same 60 x (240 x 500 + 30 x 232.869) CNY."""
    from zcpark.procedures import diagnose as diagnose_mod

    real_fix = diagnose_mod.fix_design

    def fix_without_imports(m, plan):
        real_fix(m, plan)
        for v in m.p_import.values():
            v.setub(0.0)

    monkeypatch.setattr(diagnose_mod, "fix_design", fix_without_imports)
    wb = park_workbook(tmp_path / "p.xlsx", hours=24 * 60, Targets=TARGET)
    _, rows = _diagnose(wb)
    confirmed = rows["full horizon"]
    assert confirmed["step"] == "confirmed" and "the least-cost plan costs" in confirmed["message"]
    assert confirmed["cost_cny_per_yr"] == pytest.approx(60 * (240 * 500 + 30 * (240 - MAX_UNLABELLED)), rel=1e-4)


def test_a_nominal_lever_cost_shows_no_float_noise():
    """A grid lever with no demand charge is priced at MIN_UNIT_COST = 1 CNY/yr per MW: 0.08535 MW
    more costs 0.085 CNY/yr, shown as "+0 CNY/yr", not "+8.54e-08 M CNY/yr" (seen in first use);
    2.925 MWh of battery at 81,800 CNY/yr per MWh = 239,265 CNY/yr stays "+0.239 M CNY/yr"."""
    from zcpark.procedures.diagnose import MIN_UNIT_COST, Lever, _lever_message
    grid = Lever("grid", "Grid!import_max_mw", 8.0, "MW", None, MIN_UNIT_COST, None)
    assert _lever_message(grid, 0.08535, False) == (
        "raise Grid!import_max_mw from 8 to 8.085 MW (+0.08535): +0 CNY/yr (demand charge)")
    battery = Lever("storage", "Storage!max_new_mwh for battery", 20.0, "MWh", None, 81800.0, None)
    assert _lever_message(battery, 2.925, False).endswith(": +0.239 M CNY/yr (annualised capex + fixed O&M)")
