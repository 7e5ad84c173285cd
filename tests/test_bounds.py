"""Data-derived finite bounds on every column (issue 18): they change no plan (the hand-checked
hourly-matching and storage tests stay as they were) and keep the enumeration's Lagrangian bound
(core/lagrangian.py) finite, so a time-limited run can report a proven gap."""
import math

import numpy as np
from pyomo.environ import Var

from factory import park_workbook
from zcpark.core.build import build_model
from zcpark.core.components.targets import _unmatched_ceiling
from zcpark.core.lagrangian import LagrangianBound
from zcpark.core.options import SolveOptions
from zcpark.core.solve import to_highs
from zcpark.procedures import typical
from zcpark.workbook.reader import read_workbook

DATA = __import__("pathlib").Path(__file__).resolve().parents[1] / "data"


def _unbounded_columns(m) -> dict[str, int]:
    """Variable name -> how many of its columns have an infinite lower or upper bound."""
    found: dict[str, int] = {}
    for v in m.component_data_objects(Var, descend_into=True):
        if not v.fixed and (v.lb is None or v.ub is None):
            name = v.parent_component().name
            found[name] = found.get(name, 0) + 1
    return found


def test_computing_park_typical_days_has_only_finite_bounds():
    """The computing park gives every limit (max_new, import, export) and enforces hourly matching, on
    4 typical days (soc_low / soc_high: the seasonal storage linking). Every column's bounds are finite,
    so the Lagrangian bound of zero multipliers, sum_j min over [l_j, u_j] of c_j x_j, is finite too
    (before this change soc_low, soc_high, green_used and unmatched were unbounded: the bound was -inf)."""
    data = typical.aggregate(read_workbook(DATA / "computing_park.xlsx"), 4)
    m = build_model(data)
    assert _unbounded_columns(m) == {}
    h, _cols, _n_int = to_highs(m, SolveOptions())
    lp = h.getLp()
    bound = LagrangianBound(lp).bound(np.zeros(lp.num_row_), lp.col_lower_, lp.col_upper_)
    assert math.isfinite(bound)


def test_unmatched_ceiling_by_hand(tmp_path):
    """u_max[t] = load[t] + heat electricity at full capacity + battery power + export limit:
    load 10 MW (hour 1: 14 MW); heat pump 5 MW of heat at COP 2.5 -> 2 MW of electricity;
    battery 1 MW existing + 2 MW new = 3 MW; export 4 MW -> 19 MW (hour 1: 23 MW)."""
    load = [10.0] * 24
    load[1] = 14.0
    path = park_workbook(
        tmp_path / "p.xlsx", load=load, grid={"export_max_mw": 4},
        Storage=[{"tech": "bat", "kind": "battery", "capex_cny_per_kw": 100, "capex_cny_per_kwh": 100,
                  "lifetime_yr": 10, "eta_charge": 1, "eta_discharge": 1, "existing_mw": 1, "existing_mwh": 2,
                  "max_new_mw": 2, "max_new_mwh": 8}],
        HeatSupply=[{"tech": "hp", "kind": "heat_pump", "efficiency": 2.5, "capex_cny_per_kw": 100,
                     "lifetime_yr": 15, "max_new_mw": 5}])
    ceiling = _unmatched_ceiling(read_workbook(path))
    assert ceiling[0] == 19.0 and ceiling[1] == 23.0 and len(ceiling) == 24


def test_unmatched_ceiling_with_an_unlimited_battery_is_left_open(tmp_path):
    """A blank max_new_mw (unlimited) gives no ceiling from the data: the column stays unbounded above
    rather than take an invented limit."""
    path = park_workbook(
        tmp_path / "p.xlsx",
        Storage=[{"tech": "bat", "kind": "battery", "capex_cny_per_kw": 100, "capex_cny_per_kwh": 100,
                  "lifetime_yr": 10, "eta_charge": 1, "eta_discharge": 1}])
    assert _unmatched_ceiling(read_workbook(path)) is None


def _bounded_discrete_park(tmp_path):
    """test_solve's discrete park (a line of two options, wind in whole units, PV with a minimum build,
    a battery, a binding intensity target) with every limit given, so every column is bounded."""
    from test_solve import _discrete_park
    import openpyxl

    book = openpyxl.load_workbook(_discrete_park(tmp_path))
    storage = book["Storage"]
    header = [c.value for c in storage[1]]
    storage.cell(2, header.index("max_new_mw") + 1, 20)
    storage.cell(2, header.index("max_new_mwh") + 1, 80)
    book["Grid"].append(["import_max_mw", 60])
    path = tmp_path / "bounded.xlsx"
    book.save(path)
    return path


def test_lp_stopped_by_the_time_limit_keeps_the_bound_of_its_current_duals(tmp_path, monkeypatch):
    """Stop the enumeration's 7th LP (combination 5/6, whose screening bound from earlier duals is weak)
    at once, as the time limit would: HiGHS still holds row duals (the warm start's), and their
    Lagrangian bound on that LP's own column bounds joins the reported bound instead of the weak
    screening bound alone. Checked: the stopped LP's bound is finite, the reported bound is at most the
    exact optimum (weak duality), and the gap is small: with every column bounded, the duals of
    the LPs already solved bound combination 5 at 13.024 M CNY/yr against the optimum 13.037 M
    (measured; the same park with an unlimited battery and import gave 0.94 M: a gap of 93 %)."""
    from zcpark.core import enumeration as solve_mod
    from zcpark.runner import run

    wb = _bounded_discrete_park(tmp_path)
    options = SolveOptions(strategy="enumerate", mip_rel_gap=0)
    exact = run(wb, runs_dir=tmp_path / "e", options=options)
    assert exact.solve.status == "optimal"

    calls = {"n": 0}
    real_run = solve_mod.run_highs

    def stop_seventh(h):
        calls["n"] += 1
        if calls["n"] == 7:
            h.setOptionValue("time_limit", h.getRunTime() * 0.5)   # already passed: HiGHS stops at once
        real_run(h)

    stopped = []
    real_bound = solve_mod._Worker._bound_of_current_duals

    def recorded(self):
        stopped.append(real_bound(self))
        return stopped[-1]

    monkeypatch.setattr(solve_mod, "run_highs", stop_seventh)
    monkeypatch.setattr(solve_mod._Worker, "_bound_of_current_duals", recorded)
    res = run(wb, runs_dir=tmp_path / "t", options=options)
    assert res.solve.status == "time_limit_feasible"
    assert len(stopped) == 1 and math.isfinite(stopped[0])
    assert res.solve.dual_bound_cny <= exact.solve.objective_cny * (1 + 1e-9)
    assert 0 <= res.solve.mip_gap < 0.01
