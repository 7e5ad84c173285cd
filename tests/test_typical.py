"""Typical periods: weights, storage linked across the year's days, clustering, and the
full-horizon check of a plan (Validation sheet).

Hand-checked park (both storage tests): flat 1 MW load, no grid (import_max_mw 0), PV with
capacity factor 1 all day on sunny days (A) and 0 on dark days (B); PV capex 1000 CNY/kW over
20 yr = 50,000 CNY/MW/yr; lossless battery 100 CNY/MW/yr + 100 CNY/MWh/yr; discount 0.
Every dark day needs 24 MWh from the battery, so the energy the battery must hold is set by
the longest run of dark days, which only a model that keeps the days' order can see.
"""
import dataclasses

import numpy as np
import pytest

from factory import park_workbook
from handcalc import approx, battery, cap, pv, total
from invariants import check_invariants
from zcpark.procedures import typical
from zcpark.core.data import Periods
from zcpark.errors import InputError
from zcpark.workbook.reader import read_workbook
from zcpark.results.indicators import acceptance_table, carbon_table, matching_share, matching_table
from zcpark.runner import run, solve_data
from zcpark.core.options import SolveOptions
from zcpark.procedures.fullyear_check import verify

EXACT = SolveOptions(mip_rel_gap=0)
SUN, DARK = [1.0] * 24, [0.0] * 24


def _sun_park(tmp_path, days: str, hours_per_year=None, name="sun"):
    """Days as a string of A (sunny) and B (dark)."""
    cf = sum((SUN if d == "A" else DARK for d in days), [])
    hours = len(cf)
    return park_workbook(tmp_path / f"{name}.xlsx", hours=hours, load=[1.0] * hours, profiles={"cf_pv": cf},
                         park={"hours_per_year": hours_per_year or hours}, grid={"import_max_mw": 0},
                         Renewables=[pv()], Storage=[battery()])


@pytest.mark.parametrize("order, e_mwh, expected_total", [
    # Year A A B B: the battery carries two dark days: E = 48 MWh.
    # PV 2 MW (1 MW to the load, 1 MW charging on sunny days) = 100,000; P = 1 MW = 100; E = 4,800.
    ([0, 0, 1, 1], 48.0, 104_900.0),
    # Year A B A B: the same two typical days, but one dark day at a time: E = 24 MWh -> 102,500.
    ([0, 1, 0, 1], 24.0, 102_500.0),
])
def test_storage_links_typical_days_in_the_order_of_the_year(tmp_path, order, e_mwh, expected_total):
    """Two typical days (A, B) standing for a 4-day year (hours_per_year 96, so each step weighs
    2 h): the state of charge carried from day to day (soc_day) must follow the year's order."""
    data = read_workbook(_sun_park(tmp_path, "AB", hours_per_year=96))
    data = dataclasses.replace(data, periods=Periods(24, np.array(order), np.bincount(order)))
    assert data.weights == approx(np.full(48, 2.0))
    sol, result, _ = solve_data(data, EXACT)
    capacity = sol.capacity.set_index(["tech", "unit"])["new"]
    assert capacity["pv", "MW"] == approx(2.0)
    assert capacity["bat", "MW"] == approx(1.0)
    assert capacity["bat", "MWh"] == approx(e_mwh)
    assert result.objective_cny == approx(expected_total)
    assert sum(sol.costs.values()) == approx(expected_total)


def test_typical_days_exact_when_days_repeat(tmp_path):
    """Year A A B B A B (6 days, w = 1). Two typical days (A, B) represent every day exactly
    (the extreme days, peak load and least renewable, are an A and a B day already chosen as
    typical days, so tsam adds none), so sizing on typical days gives the full-horizon optimum. Storage: levels L, L+24, L+48, L+24, L, L+24, L
    over the days -> E = 48 MWh; PV 2 MW -> total 100,000 + 100 + 4,800 = 104,900 either way,
    and the full-horizon check of the typical plan costs the same and passes."""
    path = _sun_park(tmp_path, "AABBAB")
    full = run(path, runs_dir=tmp_path / "full", options=EXACT)
    tp = run(path, runs_dir=tmp_path / "tp", options=EXACT, typical_days=2)
    check_invariants(tp)
    assert total(full) == approx(104_900.0)
    assert tp.sizing.objective_cny == approx(104_900.0)
    assert total(tp) == approx(104_900.0)
    assert cap(tp, "bat", "MWh") == approx(48.0)
    assert list(tp.sheets)[list(tp.sheets).index("Acceptance") + 1] == "Validation"
    v = tp.sheets["Validation"].set_index("indicator")
    assert v.loc["total_cost_cny_per_yr", "typical_periods"] == approx(104_900.0)
    assert v.loc["total_cost_cny_per_yr", "full_horizon"] == approx(104_900.0)
    assert "2 typical days + 0 extreme days (48 steps for 6 days)" in tp.summary()["time_resolution"]
    assert len(tp.sheets["Dispatch"]) == 144  # the results are the full-horizon dispatch


def test_aggregate_weights_order_and_extremes(tmp_path):
    """A 30-day noisy year into 4 typical days: every day is represented once, weights sum to
    hours_per_year, column means are kept, values stay within the year's range, and the
    peak-load day is kept whole as an extreme period."""
    rng = np.random.default_rng(7)
    hours = 30 * 24
    load = 10 + 3 * rng.random(hours)
    load[17 * 24 + 13] = 40.0  # the year's peak, on day 17
    cf = np.clip(np.tile(np.sin(np.linspace(0, np.pi, 24)), 30) * rng.random(hours).repeat(1) * 1.3, 0, 1)
    path = park_workbook(tmp_path / "noisy.xlsx", hours=hours, load=list(load), profiles={"cf_pv": list(cf)},
                         park={"hours_per_year": 8760}, Renewables=[pv()])
    data = read_workbook(path)
    tp = typical.aggregate(data, 4)
    p = tp.periods
    assert len(p.order) == 30 and p.counts.sum() == 30
    assert list(p.counts) == list(np.bincount(p.order))
    assert p.n_extreme == 2 and tp.n_steps == 24 * len(p.counts)
    assert tp.weights.sum() == approx(8760.0)
    for name in ("electric_load_mw", "cf_pv"):
        assert float(tp.weights @ tp.profiles[name]) / 8760 == approx(data.profiles[name].mean(), rel=1e-3)
        assert tp.profiles[name].min() >= data.profiles[name].min() - 1e-12
        assert tp.profiles[name].max() <= data.profiles[name].max() + 1e-12
    peak_period = p.order[17]
    assert p.counts[peak_period] == 1
    assert tp.profiles["electric_load_mw"][peak_period * 24 + 13] == approx(40.0)


@pytest.mark.parametrize("n_days", [2, 3, -1])
def test_typical_days_request_is_checked(tmp_path, n_days):
    """A 2-day horizon can be represented by 1 typical day, not by 2 or more (or fewer than 1)."""
    path = park_workbook(tmp_path / "p.xlsx", hours=48)
    with pytest.raises(InputError) as e:
        typical.aggregate(read_workbook(path), n_days)
    assert [(p.sheet, p.column) for p in e.value.problems] == [("Park", "typical_days")]


def test_full_horizon_check_reports_a_missed_target(tmp_path):
    """A plan with no PV, checked against an enforced intensity of 0.1 tCO2/tce: the grid-only
    park emits 0.8273 / 0.1229 = 6.73 tCO2/tce (fossil factor), so the target fails by a margin
    of 0.1 - 6.73; the check still returns its dispatch and its cost without the penalty:
    24 h x 10 MW x 500 CNY/MWh = 120,000."""
    no_target = park_workbook(tmp_path / "free.xlsx", grid={"emission_factor_fossil": 0.8273},
                              Renewables=[pv(capex=1e6)], profiles={"cf_pv": [0.5] * 24})
    plan = solve_data(read_workbook(no_target), EXACT)[0].design
    assert plan[("cap_new_ren", "pv")] == approx(0.0)
    strict = park_workbook(tmp_path / "strict.xlsx", grid={"emission_factor_fossil": 0.8273},
                           Renewables=[pv(capex=1e6)], profiles={"cf_pv": [0.5] * 24},
                           Targets=[{"indicator": "carbon_intensity_max", "value": 0.1, "enforce": "yes"}])
    data = read_workbook(strict)
    sol, result, _ = verify(data, plan, EXACT)
    assert result.objective_cny == approx(120_000.0)
    assert sum(sol.costs.values()) == approx(120_000.0)
    carbon = carbon_table(data, sol)
    share = matching_share(matching_table(data, sol), data.weights)
    row = acceptance_table(data, sol, carbon, share, False).set_index("indicator").loc["carbon_intensity_max"]
    assert row["pass"] is False or row["pass"] == False  # noqa: E712
    assert row["achieved"] == approx(0.8273 / 0.1229, rel=1e-4)


def test_batch_runs_on_typical_days(tmp_path):
    """A study passes --typical-days to every run: the 6-day park of the exactness test, sized on
    2 typical days in this process (workers 0), costs the hand-checked 104,900 and has a
    Validation sheet."""
    from openpyxl import load_workbook

    from zcpark.studies.batch import ClusterConfig
    from zcpark.studies.kinds import run_study
    path = _sun_park(tmp_path, "AABBAB")
    study = run_study("scenarios", path, ClusterConfig(workers=0), EXACT, tmp_path / "runs", typical_days=2)
    (row,) = study.rows
    assert row["total_cost_cny_per_yr"] == approx(104_900.0)
    assert "Validation" in load_workbook(row["output"], read_only=True).sheetnames
