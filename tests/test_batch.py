"""Many runs: overrides, scenarios, frontier, sensitivity, fleet, and a real dask cluster.

One small park (48 steps, w = 1) with every lever the studies touch: onsite PV, wind behind a
direct line, a battery, a two-level tariff, green power and certificates, and an enforced
carbon-intensity target. Studies run in this process (client=None) except the dask test.
"""
from __future__ import annotations

import dataclasses
import zipfile
from pathlib import Path
from types import SimpleNamespace

import numpy as np
import pandas as pd
import pytest

from factory import park_workbook
from invariants import check_invariants
from zcpark.studies import kinds as studies
from zcpark.studies.batch import ClusterConfig, RunSpec, execute, run_batch
from zcpark.cli import main
from zcpark.errors import InputError
from zcpark.workbook.reader import read_workbook
from zcpark.runner import run
from zcpark.core.options import SolveOptions

DAY = [0.0] * 6 + [0.5] * 12 + [0.0] * 6
WIND = [0.3, 0.5, 0.2, 0.6] * 6
EXACT = SolveOptions(threads=1, mip_rel_gap=0)
IMPOSSIBLE = [  # zero CO2 with no way to make clean power: infeasible
    {"scenario": "impossible", "sheet": "Targets", "key": "carbon_intensity_max", "column": "value", "value": 0},
    {"scenario": "impossible", "sheet": "Renewables", "key": "pv", "column": "max_new_mw", "value": 0},
    {"scenario": "impossible", "sheet": "Renewables", "key": "wind", "column": "max_new_mw", "value": 0},
    {"scenario": "impossible", "sheet": "GreenMarket", "key": "green_power", "column": "max_mwh_per_yr", "value": 0}]


def small_park(path: Path, scenarios=(), **park) -> Path:
    """The test park; `scenarios`: rows of its Scenarios sheet."""
    return park_workbook(
        path, hours=48, park={"discount_rate": 0.05, **park}, profiles={"cf_pv": DAY * 2, "cf_wind": WIND * 2},
        price=[300.0] * 8 + [700.0] * 16,
        Renewables=[{"tech": "pv", "kind": "pv", "profile": "cf_pv", "capex_cny_per_kw": 150, "lifetime_yr": 20,
                     "max_new_mw": 30},
                    {"tech": "wind", "kind": "wind", "site": "line1", "profile": "cf_wind", "capex_cny_per_kw": 200,
                     "lifetime_yr": 20, "max_new_mw": 20}],
        Storage=[{"tech": "bat", "kind": "battery", "capex_cny_per_kw": 50, "capex_cny_per_kwh": 20, "lifetime_yr": 10,
                  "max_new_mwh": 60}],
        DirectLines=[{"line": "line1", "option": "a", "capacity_mw": 20, "length_km": 10, "capex_cny_per_km": 5000,
                      "fixed_capex_cny": 20000, "lifetime_yr": 20}],
        GreenMarket=[{"product": "green_power", "price_cny_per_mwh": 30, "max_mwh_per_yr": 50},
                     {"product": "gec", "price_cny_per_mwh": 5}],
        Targets=[{"indicator": "carbon_intensity_max", "value": 0.2, "enforce": "yes"}],
        Scenarios=list(scenarios))


def cost(row) -> float:
    return float(row["total_cost_cny_per_yr"])


def flat(data) -> dict:
    """Every input cell of a ParkData as {(field, id..., column): value} (profiles and price arrays
    compared as tuples), to see exactly which cells an override changed."""
    out = {}
    for f in dataclasses.fields(data):
        value = getattr(data, f.name)
        if f.name in ("scenario", "scenarios", "source"):
            continue
        if isinstance(value, np.ndarray):
            out[(f.name,)] = tuple(value)
        elif f.name in ("profiles",):
            out.update({(f.name, k): tuple(v) for k, v in value.items()})
        elif f.name == "lines":
            out.update({(f.name, line, option, c): v for line, opts in value.items()
                        for option, row in opts.items() for c, v in row.items()})
        elif isinstance(value, dict):
            for key, row in value.items():
                if isinstance(row, dict):
                    out.update({(f.name, key, c): v for c, v in row.items()})
                else:
                    out[(f.name, key)] = row
    return out


def study_specs(study) -> list[dict]:
    """The override rows of a study's runs, from its Overrides sheet."""
    return study.sheets["Overrides"].to_dict("records")


def changed(a, b) -> dict:
    fa, fb = flat(a), flat(b)
    return {k: (fa.get(k), fb.get(k)) for k in fa.keys() | fb.keys() if fa.get(k) != fb.get(k)}


# ---- Overrides ---------------------------------------------------------------------------------

def test_overrides_change_exactly_the_cells_they_name(tmp_path):
    """A Scenarios row and a generated override each change one cell, exactly, and nothing else."""
    path = small_park(tmp_path / "p.xlsx", [
        {"scenario": "cheap_pv", "sheet": "Renewables", "key": "pv", "column": "capex_cny_per_kw", "value": 123.456}])
    base = read_workbook(path)
    assert changed(base, read_workbook(path, "cheap_pv")) == {("renewables", "pv", "capex_cny_per_kw"): (150, 123.456)}
    rate = [{"sheet": "Park", "key": "discount_rate", "column": "value", "value": 0.05 * 1.1, "origin": "test"}]
    assert changed(base, read_workbook(path, overrides=rate)) == {("park", "discount_rate"): (0.05, 0.05 * 1.1)}
    line = [{"sheet": "DirectLines", "key": "line1/a", "column": "fixed_capex_cny", "value": 1.5, "origin": "test"}]
    assert changed(base, read_workbook(path, overrides=line)) == {("lines", "line1", "a", "fixed_capex_cny"): (20000, 1.5)}
    # A scenario and overrides together: both apply; the run name labels the data.
    both = read_workbook(path, "cheap_pv", rate, run_name="both")
    assert set(changed(base, both)) == {("renewables", "pv", "capex_cny_per_kw"), ("park", "discount_rate")}
    assert both.scenario == "both"


def test_generated_override_is_validated_and_names_its_origin(tmp_path):
    path = small_park(tmp_path / "p.xlsx")
    bad = [{"sheet": "Renewables", "key": "pv", "column": "capex_cny_per_kw", "value": -5.0, "origin": "sensitivity x"},
           {"sheet": "Storage", "key": "nope", "column": "capex_cny_per_kw", "value": 1.0, "origin": "sensitivity y"}]
    with pytest.raises(InputError) as err:
        read_workbook(path, overrides=bad)
    assert [(p.sheet, p.row, p.column) for p in err.value.problems] == [("sensitivity x", None, "value"),
                                                                        ("sensitivity y", None, "key")]


def test_override_may_set_a_target_row_the_workbook_lacks(tmp_path):
    """A missing Targets row is a blank one: an override can set it (the frontier relies on it)."""
    path = park_workbook(tmp_path / "p.xlsx")
    assert read_workbook(path).target("co2_cap_t") is None
    data = read_workbook(path, overrides=[{"sheet": "Targets", "key": "co2_cap_t", "column": "value", "value": 7.0}])
    assert data.enforced("co2_cap_t") == 7.0


# ---- Studies -----------------------------------------------------------------------------------

def test_scenarios_failures_are_rows_and_the_others_complete(tmp_path):
    """An infeasible scenario and a mistyped one fail with their reasons; the rest solve and
    each writes its own folder; comparison.xlsx lists all of them, with charts."""
    path = small_park(tmp_path / "p.xlsx", [
        {"scenario": "cheap_pv", "sheet": "Renewables", "key": "pv", "column": "capex_cny_per_kw", "value": 50},
        *IMPOSSIBLE,
        {"scenario": "typo", "sheet": "Renewables", "key": "pv", "column": "capex", "value": 1}])
    study = studies.run_study("scenarios", path, ClusterConfig(workers=0), EXACT, tmp_path / "runs")
    rows = {r["run"]: r for r in study.rows}
    assert list(rows) == ["base", "cheap_pv", "impossible", "typo"]
    assert rows["base"]["status"] == rows["cheap_pv"]["status"] == "optimal"
    assert cost(rows["cheap_pv"]) < cost(rows["base"])
    assert rows["impossible"]["status"] == "infeasible" and "carbon_intensity_max" in rows["impossible"]["error"]
    assert rows["typo"]["status"] == "invalid_input" and "Scenarios row 7, column column" in rows["typo"]["error"]
    for name in ("base", "cheap_pv"):
        out = Path(rows[name]["output"])
        assert out == tmp_path / "runs" / "p" / "scenarios" / name / "results.xlsx"  # the batch's own folder
        check_invariants(SimpleNamespace(data=read_workbook(path, None if name == "base" else name), output=out))
    assert study.output == tmp_path / "runs" / "p" / "comparison.xlsx"
    sheets = pd.read_excel(study.output, sheet_name=None)
    table = sheets["Comparison"].set_index("run")
    assert table.loc["impossible", "status"] == "infeasible" and "carbon_intensity_max" in table.loc["impossible", "error"]
    assert table.loc["cheap_pv", "total_cost_cny_per_yr"] == pytest.approx(cost(rows["cheap_pv"]))
    assert table.loc["base", "new_pv_mw"] == pytest.approx(rows["base"]["new_pv_mw"])
    with zipfile.ZipFile(study.output) as z:
        assert sum(n.startswith("xl/charts/chart") for n in z.namelist()) == 3


def test_frontier_is_monotone_and_its_ends_equal_single_runs(tmp_path):
    study = studies.run_study("frontier", small_park(tmp_path / "p.xlsx"), ClusterConfig(workers=0), EXACT,
                              tmp_path / "runs", points=4)
    table = pd.read_excel(study.output, sheet_name="Frontier")
    assert list(table["status"]) == ["optimal"] * 4
    costs, limits = table["total_cost_cny_per_yr"].to_numpy(), table["limit_t_per_tce"].to_numpy()
    assert np.isnan(limits[0]) and np.all(np.diff(limits[1:]) < 0)  # no limit, then ever tighter
    assert np.all(np.diff(costs) >= -1e-6 * costs[0]) and costs[-1] > costs[0]  # tighter: never cheaper
    achieved = table["carbon_intensity_t_per_tce"].to_numpy()
    assert np.all(achieved[1:] <= limits[1:] + 1e-9)
    meta = pd.read_excel(study.output, sheet_name="Meta").set_index("key")["value"]
    least = float(meta["least_co2_intensity_t_per_tce"])
    assert limits[-1] == pytest.approx(least, abs=1e-9)  # the tight end is the least-CO2 plan's intensity
    # The ends, run on their own from a workbook whose Scenarios sheet sets the same target.
    ends = small_park(tmp_path / "ends.xlsx", [
        {"scenario": "free", "sheet": "Targets", "key": "carbon_intensity_max", "column": "enforce", "value": "no"},
        {"scenario": "tight", "sheet": "Targets", "key": "carbon_intensity_max", "column": "value", "value": limits[-1]}])
    for scenario, expected in (("free", costs[0]), ("tight", costs[-1])):
        single = run(ends, scenario, tmp_path / "single", EXACT).summary()["total_cost_cny_per_yr"]
        assert single == pytest.approx(expected, rel=1e-7)


def test_sensitivity_centre_is_the_base_run_and_cases_move_their_cells(tmp_path):
    path = small_park(tmp_path / "p.xlsx")
    study = studies.run_study("sensitivity", path, ClusterConfig(workers=0), EXACT, tmp_path / "runs", percent=20)
    cases = study.sheets["Cases"].set_index("run")
    single = run(path, runs_dir=tmp_path / "single", options=EXACT).summary()
    assert cases.loc["base", "total_cost_cny_per_yr"] == pytest.approx(single["total_cost_cny_per_yr"], rel=1e-9)
    assert cases.loc["base", "parameter"] == "base" and cases.loc["base", "change_percent"] == 0
    assert len(cases) == 1 + 2 * len(studies.PARAMETERS)  # every parameter exists in this park
    # Cost rises with every cost input (the discount rate too: all capex is annualized).
    for name in studies.PARAMETERS:
        down, up = (cases.loc[f"sens_{name}_{w}20", "total_cost_cny_per_yr"] for w in ("down", "up"))
        assert down <= cases.loc["base", "total_cost_cny_per_yr"] <= up, name
    # The +20 % PV case is the base with PV capex x 1.2 and nothing else.
    spec = [s for s in study_specs(study) if s["run"] == "sens_pv_capex_up20"]
    assert [(s["sheet"], s["key"], s["column"], s["value"]) for s in spec] == [("Renewables", "pv", "capex_cny_per_kw", 180.0)]
    tornado = pd.read_excel(study.output, sheet_name="Tornado")
    assert list(tornado["swing_m_cny_per_yr"]) == sorted(tornado["swing_m_cny_per_yr"], reverse=True)
    with zipfile.ZipFile(study.output) as z:
        assert sum(n.startswith("xl/charts/chart") for n in z.namelist()) == 2


def test_sensitivity_skips_parameters_the_park_lacks(tmp_path):
    """Discount rate 0 and no wind, line or market: those rows say why they were not run."""
    path = park_workbook(tmp_path / "p.xlsx", profiles={"cf_pv": DAY},
                         Renewables=[{"tech": "pv", "kind": "pv", "profile": "cf_pv", "capex_cny_per_kw": 100,
                                      "lifetime_yr": 20, "max_new_mw": 100}])
    cells = studies.sensitivity_cells(read_workbook(path))
    assert [k for k, v in cells.items() if v] == ["pv_capex", "grid_price"]
    study = studies.run_study("sensitivity", path, ClusterConfig(workers=0), EXACT, tmp_path / "runs", percent=10)
    tornado = study.sheets["Tornado"].set_index("parameter")
    assert tornado.loc["discount_rate", "note"].startswith("skipped")
    assert len(study.rows) == 5


def test_fleet_lists_every_park_and_a_broken_one(tmp_path):
    folder = tmp_path / "fleet"
    folder.mkdir()
    small_park(folder / "a_park.xlsx")
    small_park(folder / "b_park.xlsx", name="B 园区")
    (folder / "c_broken.xlsx").write_bytes(b"not a workbook")
    study = studies.run_study("fleet", folder, ClusterConfig(workers=0), EXACT, tmp_path / "runs")
    table = pd.read_excel(study.output, sheet_name="Fleet").set_index("workbook_file")
    assert list(table.index) == ["a_park.xlsx", "b_park.xlsx", "c_broken.xlsx"]
    assert table.loc["b_park.xlsx", "park"] == "B 园区" and bool(table.loc["b_park.xlsx", "meets_enforced_targets"])
    assert table.loc["c_broken.xlsx", "status"] == "invalid_input" and "not an Excel workbook" in table.loc["c_broken.xlsx", "error"]
    assert (tmp_path / "runs" / "b_park" / "fleet" / "base" / "results.xlsx").exists()
    assert not (tmp_path / "runs" / "b_park" / "base").exists()  # never over a single run's results


def test_cli_batch_exit_codes(tmp_path, capsys):
    """0 when the batch ran even though a scenario failed; 2 when there is nothing to run."""
    path = small_park(tmp_path / "p.xlsx", IMPOSSIBLE)
    assert main(["scenarios", str(path), "--workers", "0", "--runs-dir", str(tmp_path / "runs")]) == 0
    out = capsys.readouterr().out
    assert "impossible: FAILED (infeasible)" in out and "(2 runs, 1 failed)" in out
    assert main(["fleet", str(tmp_path / "nowhere"), "--workers", "0"]) == 2
    assert main(["scenarios", str(tmp_path / "missing.xlsx"), "--workers", "0"]) == 2
    with pytest.raises(SystemExit) as exit_:
        main(["frontier", str(path), "--points", "1"])
    assert exit_.value.code == 2


# ---- A real dask.distributed cluster ------------------------------------------------------------

def test_batch_on_a_local_dask_cluster(tmp_path):
    """Two worker processes, one thread each: a small batch with one failing run completes, and
    the rows equal the same runs made in this process."""
    distributed = pytest.importorskip("distributed")
    path = small_park(tmp_path / "p.xlsx", IMPOSSIBLE)
    specs = [RunSpec(name, str(path), scenario, (), str(tmp_path / "runs"), EXACT) for name, scenario in
             (("base", None), ("impossible", "impossible"))]
    specs.append(RunSpec("pricey_pv", str(path), None, studies.sensitivity_overrides(
        [("Renewables", "pv", "capex_cny_per_kw", 150.0)], 2.0, "test"), str(tmp_path / "runs"), EXACT))
    with distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=True, dashboard_address=":0") as cluster, \
            distributed.Client(cluster) as client:
        rows = run_batch(specs, client, "test")
    assert [r["status"] for r in rows] == ["optimal", "infeasible", "optimal"]
    local = [execute(s) for s in (specs[0], specs[2])]
    assert [cost(r) for r in (rows[0], rows[2])] == pytest.approx([cost(r) for r in local], rel=1e-9)
    assert cost(rows[2]) > cost(rows[0])


def test_progress_says_at_once_that_the_batch_started():
    """Before any run finishes (the first may take minutes), a log line says the batch started."""
    import io

    from zcpark.studies.batch import Progress
    stream = io.StringIO()
    Progress(17, "sensitivity", stream)
    assert stream.getvalue() == "sensitivity: 17 runs started\n"
