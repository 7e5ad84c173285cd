"""The solve strategies agree, and the CLI's exit codes, template and file safety hold."""
import math
import hashlib

import pytest
from openpyxl import load_workbook

from factory import park_workbook
from invariants import check_invariants
from zcpark.cli import main
from zcpark.runner import run
from zcpark.core.options import SolveOptions

DAY = [0.0] * 6 + [0.6] * 12 + [0.0] * 6
WIND = [0.2 + 0.5 * ((t * 7) % 11) / 10 for t in range(48)]


def _discrete_park(tmp_path):
    """48 h: a line with two options, wind in whole 2.5 MW units behind it, PV with a minimum
    build of 3 MW, a battery, and a binding intensity target: every discrete choice at once."""
    return park_workbook(
        tmp_path / "d.xlsx", hours=48, load=[10.0 + (t % 24 > 8) * 4 for t in range(48)],
        park={"hours_per_year": 8760, "discount_rate": 0.05},
        profiles={"cf_pv": DAY * 2, "cf_wind": WIND},
        grid={"demand_charge_cny_per_kw_month": 20},
        Renewables=[
            {"tech": "pv", "kind": "pv", "profile": "cf_pv", "capex_cny_per_kw": 3500, "lifetime_yr": 25,
             "max_new_mw": 20, "min_new_mw": 3},
            {"tech": "wind", "kind": "wind", "site": "L", "profile": "cf_wind", "capex_cny_per_kw": 4200,
             "lifetime_yr": 20, "max_new_mw": 30, "unit_mw": 2.5}],
        Storage=[{"tech": "bat", "kind": "battery", "capex_cny_per_kwh": 600, "lifetime_yr": 15,
                  "e2p_min_h": 1, "e2p_max_h": 4}],
        DirectLines=[
            {"line": "L", "option": "a", "capacity_mw": 10, "length_km": 20, "capex_cny_per_km": 1e6,
             "loss_fraction": 0.02, "lifetime_yr": 40},
            {"line": "L", "option": "b", "capacity_mw": 25, "length_km": 20, "capex_cny_per_km": 1.6e6,
             "loss_fraction": 0.015, "lifetime_yr": 40}],
        Targets=[{"indicator": "carbon_intensity_max", "value": 0.2, "enforce": "yes"}],
    )


def test_enumeration_equals_branch_and_cut(tmp_path):
    """The enumeration (one LP per line/min-build combination, B&B on units) and HiGHS
    branch-and-cut at gap 0 reach the same optimum on a park with every discrete choice."""
    wb = _discrete_park(tmp_path)
    enum = run(wb, runs_dir=tmp_path / "e", options=SolveOptions(strategy="enumerate", mip_rel_gap=0))
    mip = run(wb, runs_dir=tmp_path / "m", options=SolveOptions(strategy="mip", mip_rel_gap=0))
    assert enum.solve.method.startswith("enumerate") and mip.solve.method == "mip"
    assert enum.solve.objective_cny == pytest.approx(mip.solve.objective_cny, rel=1e-6)
    wind = enum.sheets["Capacity"].set_index(["tech", "unit"]).loc[("wind", "MW"), "new"]
    assert wind / 2.5 == pytest.approx(round(wind / 2.5), abs=1e-9)
    check_invariants(enum)


def test_cli_exit_codes_and_input_untouched(tmp_path, capsys):
    """0 solved (input bytes unchanged, results written), 2 invalid input, 3 infeasible."""
    wb = park_workbook(tmp_path / "ok.xlsx", profiles={"cf": DAY},
                       Renewables=[{"tech": "pv", "kind": "pv", "profile": "cf", "capex_cny_per_kw": 100,
                                    "lifetime_yr": 1, "max_new_mw": 50}])
    before = hashlib.sha256(wb.read_bytes()).hexdigest()
    assert main(["run", str(wb), "--runs-dir", str(tmp_path / "runs")]) == 0
    assert hashlib.sha256(wb.read_bytes()).hexdigest() == before
    assert (tmp_path / "runs" / "ok" / "base" / "results.xlsx").exists()
    assert not list((tmp_path / "runs" / "ok" / "base").glob("*.part"))

    bad = park_workbook(tmp_path / "bad.xlsx", park={"discount_rate": "eight percent"})
    assert main(["check", str(bad)]) == 2
    assert "Park row" in capsys.readouterr().err

    impossible = park_workbook(tmp_path / "inf.xlsx", grid={"import_max_mw": 5})  # load is 10 MW
    assert main(["run", str(impossible), "--runs-dir", str(tmp_path / "runs")]) == 3


def test_template_documents_every_sheet(tmp_path):
    """`zcpark template` writes a README sheet naming every input sheet, and headers as the spec."""
    out = tmp_path / "t.xlsx"
    assert main(["template", str(out)]) == 0
    wb = load_workbook(out)
    for sheet in ("Park", "Targets", "Renewables", "Storage", "HeatSupply", "Fuels", "DirectLines", "Grid",
                  "Tariff", "GreenMarket", "Profiles"):
        assert sheet in wb.sheetnames
    readme = [c.value for c in wb["README"]["A"]]
    assert "DirectLines" in readme and "Profiles" in readme
    assert [c.value for c in wb["Renewables"][1]][:4] == ["tech", "kind", "site", "profile"]
    assert main(["template", str(out)]) != 0  # never overwrites


def test_infeasible_target_is_diagnosed(tmp_path, capsys):
    """PV capped at 10 MW (cf 0.6 for 12 h: 72 MWh/day) against a 240 MWh/day load: the grid must
    supply >= 168 MWh x 0.8273 = 138.99 tCO2 over 240 x 0.1229 = 29.496 tce, so the best achievable
    intensity is 4.712 > 0.2. Exit code 3; the terminal and the Diagnosis sheet name
    carbon_intensity_max with 4.712. The cheapest lever (the workbook has no GreenMarket): green power
    at zcpark's default offer of 30 CNY/MWh, (240 - 0.2 x 29.496 / 0.8273) = 232.869 MWh (PV at
    100,000 CNY/MW for 7.2 MWh does not pay), +6,986 CNY."""
    wb = park_workbook(tmp_path / "inf.xlsx", profiles={"cf": DAY},
                       Renewables=[{"tech": "pv", "kind": "pv", "profile": "cf", "capex_cny_per_kw": 100,
                                    "lifetime_yr": 1, "max_new_mw": 10}],
                       Storage=[{"tech": "bat", "kind": "battery", "capex_cny_per_kwh": 10, "lifetime_yr": 1}],
                       Targets=[{"indicator": "carbon_intensity_max", "value": 0.2, "enforce": "yes"}])
    assert main(["run", str(wb), "--runs-dir", str(tmp_path / "runs")]) == 3
    err = capsys.readouterr().err
    assert "carbon_intensity_max 0.2 cannot be met" in err and "4.712" in err
    assert "green power at 30 CNY/MWh" in err and "default offer" in err and "Renewables!max_new_mw" not in err
    assert "diagnosis in" in err and "diagnosis.xlsx" in err
    assert not (tmp_path / "runs" / "inf" / "base" / "results.xlsx").exists()  # no results of an infeasible run
    diag = load_workbook(tmp_path / "runs" / "inf" / "base" / "diagnosis.xlsx")["Diagnosis"]
    rows = {r[1]: r for r in diag.iter_rows(min_row=2, values_only=True)}
    assert rows["carbon_intensity_max"][3] == pytest.approx((240 - 72) * 0.8273 / (240 * 0.1229), rel=1e-6)
    needed = 240 - 0.2 * 240 * 0.1229 / 0.8273
    lever = rows["GreenMarket!max_mwh_per_yr for green_power"]
    assert lever[0] == "levers" and lever[3] == pytest.approx(needed, rel=1e-6)
    assert lever[5] == pytest.approx(30 * needed, rel=1e-6)


def test_interrupted_write_leaves_previous_results_intact(tmp_path, monkeypatch):
    """A run killed while writing (here: after the temporary workbook is complete, just before it
    is renamed into place) leaves the earlier results.xlsx as it was and no stray temporary file."""
    import pandas as pd

    from zcpark.workbook import writer

    out = tmp_path / "results.xlsx"
    writer.write_results(out, {"Summary": pd.DataFrame({"indicator": ["a"], "value": [1.0]})})
    before = out.read_bytes()

    def killed(src, dst):
        raise KeyboardInterrupt("killed")

    monkeypatch.setattr(writer.os, "replace", killed)
    with pytest.raises(KeyboardInterrupt):
        writer.write_results(out, {"Summary": pd.DataFrame({"indicator": ["b"], "value": [2.0]})})
    assert out.read_bytes() == before
    assert [p.name for p in tmp_path.iterdir()] == ["results.xlsx"]


def test_time_limited_enumeration_reports_an_honest_gap(tmp_path, monkeypatch):
    """Stop the enumeration after its first three LPs (a stand-in for the time limit): the plan
    is still written, status time_limit_feasible, and the gap is either unknown (a combination
    never started) or bounded by the open nodes' LP bounds, never claimed as zero."""
    import math

    from zcpark.core import enumeration

    wb = _discrete_park(tmp_path)
    exact = run(wb, runs_dir=tmp_path / "e", options=SolveOptions(strategy="enumerate", mip_rel_gap=0))
    real_lp = enumeration._Worker.lp

    def limited_lp(self, k):
        if self.shared.lp_solves >= 3:
            self.timed_out = True
            return None
        return real_lp(self, k)

    monkeypatch.setattr(enumeration._Worker, "lp", limited_lp)
    res = run(wb, runs_dir=tmp_path / "t", options=SolveOptions(strategy="enumerate", mip_rel_gap=0))
    assert res.solve.status == "time_limit_feasible" and res.output.exists()
    assert res.solve.objective_cny >= exact.solve.objective_cny * (1 - 1e-9)
    gap = res.solve.mip_gap
    assert math.isnan(gap) or (gap >= 0 and res.solve.dual_bound_cny <= exact.solve.objective_cny * (1 + 1e-9))
    check_invariants(res)


def test_time_limit_gap_is_proven_by_lagrangian_bounds(tmp_path, monkeypatch):
    """Stop the enumeration after its second LP (the time limit's stand-in): the combinations never
    started keep the Lagrangian bound of the duals already collected, so the gap is a number, not
    unknown, and it is honest: the reported bound is at most the exact optimum (weak duality) and
    the gap is (incumbent - bound) / incumbent >= 0."""
    from zcpark.core import enumeration

    wb = _discrete_park(tmp_path)
    exact = run(wb, runs_dir=tmp_path / "e", options=SolveOptions(strategy="enumerate", mip_rel_gap=0))
    real_lp = enumeration._Worker.lp

    def limited_lp(self, k):
        if self.shared.lp_solves >= 2:
            self.timed_out = True
            return None
        return real_lp(self, k)

    monkeypatch.setattr(enumeration._Worker, "lp", limited_lp)
    res = run(wb, runs_dir=tmp_path / "t", options=SolveOptions(strategy="enumerate", mip_rel_gap=0))
    assert res.solve.status == "time_limit_feasible"
    assert not math.isnan(res.solve.mip_gap) and res.solve.mip_gap >= 0
    assert res.solve.dual_bound_cny <= exact.solve.objective_cny * (1 + 1e-9)
    assert res.solve.mip_gap == pytest.approx(
        (res.solve.objective_cny - res.solve.dual_bound_cny) / res.solve.objective_cny, rel=1e-9)


def test_a_line_with_nothing_to_send_is_not_enumerated(tmp_path):
    """The discrete park with its wind behind line L given a 5 MW minimum build (and nothing
    existing): L's alternatives are option a or b with the wind built, or no line (3; a line built
    with the wind left off would send nothing and is never better than no line), times PV's
    minimum build on or off: 3 x 2 = 6 combinations, not 5 x 2 = 10. The optimum is still HiGHS's
    branch-and-cut optimum at gap 0."""
    import openpyxl

    wb = _discrete_park(tmp_path)
    book = openpyxl.load_workbook(wb)
    sheet = book["Renewables"]
    header = [c.value for c in sheet[1]]
    for row in sheet.iter_rows(min_row=2):
        if row[header.index("tech")].value == "wind":
            row[header.index("min_new_mw")].value = 5
    book.save(wb)
    enum = run(wb, runs_dir=tmp_path / "e", options=SolveOptions(strategy="enumerate", mip_rel_gap=0))
    mip = run(wb, runs_dir=tmp_path / "m", options=SolveOptions(strategy="mip", mip_rel_gap=0))
    assert enum.solve.method.startswith("enumerate: 6 combinations")
    assert enum.solve.objective_cny == pytest.approx(mip.solve.objective_cny, rel=1e-6)
    check_invariants(enum)


def test_interior_point_is_ipx_whatever_is_installed(tmp_path):
    """`--lp-method ipm` on an LP (the full-year check's dispatch) names HiGHS's IPX, not "ipm":
    with highspy-extras installed HiGHS 1.15 answers "ipm" with HiPO, 2.8x slower on the inland
    park (docs/performance.md). Branch-and-cut keeps the user's word for its LPs."""
    from pyomo.environ import Reals, Var

    from zcpark.core.build import build_model
    from zcpark.core.solve import to_highs
    from zcpark.workbook.reader import read_workbook

    m = build_model(read_workbook(_discrete_park(tmp_path)))
    mip, _, n_int = to_highs(m, SolveOptions(lp_method="ipm"))
    assert n_int > 0 and mip.getOptionValue("mip_lp_solver")[1] == "ipm"
    for v in m.component_data_objects(Var):  # relaxed: a pure LP
        if v.is_integer() or v.is_binary():
            v.domain = Reals
    lp, _, n_int = to_highs(m, SolveOptions(lp_method="ipm"))
    assert n_int == 0 and lp.getOptionValue("solver")[1] == "ipx"
    assert to_highs(m, SolveOptions(lp_method="simplex"))[0].getOptionValue("solver")[1] == "simplex"


def test_lagrangian_bound_is_a_valid_lower_bound():
    """Hand check on min x + 2 z s.t. x + z >= 1, 0 <= x, z <= 10 (optimum 1 at x = 1).
    Its dual y = 1 gives reduced costs (0, 1): L = 0 + 1*0 + 1*1 = 1, tight. With x fixed to 3 the
    true optimum is 3; the same y gives L = 0*3 + 1*0 + 1 = 1 <= 3. A wrong-signed y = -1 on a
    row with no upper side is clipped to 0: L = 1*0 + 2*0 = 0, still valid. x free below with
    reduced cost 1 (y = 0): L = -inf."""
    import highspy

    from zcpark.core.lagrangian import LagrangianBound

    lp = highspy.HighsLp()
    lp.num_col_, lp.num_row_ = 2, 1
    lp.col_cost_, lp.col_lower_, lp.col_upper_ = [1.0, 2.0], [0.0, 0.0], [10.0, 10.0]
    lp.row_lower_, lp.row_upper_ = [1.0], [highspy.kHighsInf]
    lp.a_matrix_.format_ = highspy.MatrixFormat.kColwise
    lp.a_matrix_.start_, lp.a_matrix_.index_, lp.a_matrix_.value_ = [0, 1, 2], [0, 0], [1.0, 1.0]
    screen = LagrangianBound(lp)
    h = highspy.Highs()
    h.setOptionValue("output_flag", False)
    h.passModel(lp)
    h.run()
    y = list(h.getSolution().row_dual)
    assert y == pytest.approx([1.0]) and screen.bound(y, [0, 0], [10, 10]) == pytest.approx(1.0)
    assert screen.bound(y, [3, 0], [3, 10]) == pytest.approx(1.0)
    assert screen.bound([-1.0], [0, 0], [10, 10]) == pytest.approx(0.0)
    assert screen.bound([0.0], [-highspy.kHighsInf, 0], [10, 10]) == -math.inf


def test_screening_bounds_never_exceed_a_combination_optimum(tmp_path):
    """On the discrete park, the duals of the first combination's LP bound every combination's
    LP relaxation from below (weak duality), and the enumeration with screening keeps the
    branch-and-cut optimum (test_enumeration_equals_branch_and_cut)."""
    import itertools

    import highspy

    from zcpark.core.build import build_model
    from zcpark.core.lagrangian import LagrangianBound
    from zcpark.core.enumeration import fixings as _fixings
    from zcpark.core.solve import to_highs
    from zcpark.workbook.reader import read_workbook

    m = build_model(read_workbook(_discrete_park(tmp_path)))
    h, cols, _ = to_highs(m, SolveOptions())
    index = {id(v): j for j, v in enumerate(cols)}
    lp = h.getLp()
    lp.integrality_ = []
    screen, y = LagrangianBound(lp), None
    combos = list(itertools.product(*m.terms.choices))
    assert len(combos) >= 3
    for combo in combos:
        relaxed = highspy.Highs()
        relaxed.setOptionValue("output_flag", False)
        relaxed.passModel(lp)
        lower, upper = list(lp.col_lower_), list(lp.col_upper_)
        for j, val in _fixings(combo, index):
            relaxed.changeColBounds(j, val, val)
            lower[j] = upper[j] = val
        relaxed.run()
        if relaxed.getModelStatus() != highspy.HighsModelStatus.kOptimal:
            continue  # an infeasible combination: any bound is valid
        optimum = relaxed.getInfo().objective_function_value
        if y is None:  # its own duals: the bound is tight
            y = list(relaxed.getSolution().row_dual)
            assert screen.bound(y, lower, upper) == pytest.approx(optimum, rel=1e-6)
        assert screen.bound(y, lower, upper) <= optimum + 1e-9 * max(1.0, abs(optimum))


def test_model_build_pauses_the_garbage_collector_and_leaves_it_as_found(tmp_path, monkeypatch):
    """The model is built with Python's cyclic garbage collector paused (a full-year model is
    millions of new objects and none is garbage: the collector's passes took half the build,
    docs/performance.md, fourth slice); afterwards it is as the caller had it: enabled stays
    enabled, disabled stays disabled. Checked inside a component (add_grid) and after the build."""
    import gc

    import zcpark.core.build as build
    from zcpark.workbook.reader import read_workbook

    data = read_workbook(_discrete_park(tmp_path))
    seen = []
    real_add_grid = build.add_grid
    monkeypatch.setattr(build, "add_grid", lambda m, d: (seen.append(gc.isenabled()), real_add_grid(m, d)))
    was_enabled = gc.isenabled()
    try:
        gc.enable()
        build.build_model(data)
        assert gc.isenabled()
        gc.disable()
        build.build_model(data)
        assert not gc.isenabled()
    finally:
        (gc.enable if was_enabled else gc.disable)()
    assert seen == [False, False]


def test_the_hand_off_does_not_import_scipy_stats():
    """Pyomo's deferred-import finalizer would import scipy.stats (about 0.7 s of every run's imports)
    the first time anything imports scipy; the core needs only scipy.sparse (core/scipy_sparse.py).
    A fresh process compiles a one-row model the way the hand-off does and reports what it imported."""
    import subprocess
    import sys
    code = ("import sys, zcpark.core.solve\n"
            "from pyomo.environ import ConcreteModel, Var, Constraint, Objective\n"
            "from pyomo.repn.plugins.standard_form import LinearStandardFormCompiler\n"
            "m = ConcreteModel(); m.x = Var(bounds=(0, 1)); m.c = Constraint(expr=m.x >= 0.5); m.o = Objective(expr=m.x)\n"
            "info = LinearStandardFormCompiler().write(m, mixed_form=True)\n"
            "print(info.A.shape, 'scipy.sparse' in sys.modules, 'scipy.stats' in sys.modules)\n")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.split() == ["(1,", "1)", "True", "False"], out.stdout + out.stderr
