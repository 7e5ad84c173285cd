"""The heartbeat of a long run (core/progress.py): what `zcpark run` prints while HiGHS works."""
import threading

import pytest
from test_solve import _discrete_park
from zcpark.cli import main
from zcpark.core import progress
from zcpark.runner import solve_data
from zcpark.workbook.reader import read_workbook


def test_a_line_says_the_stage_the_lps_and_the_best_plan_in_either_language():
    snap = {"stage": "sizing_full", "elapsed_s": 150.4, "lps": 3, "best_cny": 283_462_517.6,
            "combinations": 3, "settled": 1}
    assert progress.describe(snap, "en") == ("  ... 2 min 30 s: sizing the plan on the full year: 1 of 3 line/minimum-build "
                                             "combinations settled, 3 LPs solved, best plan so far 283.46 M CNY/yr")
    assert progress.describe(snap, "zh") == ("  … 已用 2 分 30 秒：全年逐时规划求解：3 个线路/最小建设组合已完成 1 个，"
                                             "已解 3 个线性规划，目前最优方案 28,346.3 万元/年")
    assert progress.describe(snap, "both") == progress.describe(snap, "zh") + "\n" + progress.describe(snap, "en")
    early = {"stage": "check", "elapsed_s": 60.9, "lps": 0, "best_cny": None, "combinations": 0, "settled": 0}
    assert progress.describe(early, "en") == "  ... 1 min: checking the plan hour by hour on the full year"
    assert progress.describe(early, "zh") == "  … 已用 1 分钟：全年逐时校核（方案固定，重新调度）"
    assert progress.describe({**early, "stage": None, "elapsed_s": 30}, "en") == "  ... 30 s: working"
    # a diagnosis's elastic models are no plan: its LPs are counted, its costs not shown as a plan
    assert progress.describe({**snap, "stage": "diagnosis"}, "en") == \
        "  ... 2 min 30 s: diagnosing why no plan meets the targets: 3 LPs solved"


def test_a_stage_inside_another_gives_the_outer_one_back():
    with progress.stage("sizing_typical"):
        progress.lp_solved()
        with progress.stage("diagnosis"):
            assert progress.snapshot()["stage"] == "diagnosis" and progress.snapshot()["lps"] == 0
        assert progress.snapshot()["stage"] == "sizing_typical" and progress.snapshot()["lps"] == 1
    assert progress.snapshot()["stage"] is None


def test_the_enumeration_counts_its_lps_and_reports_the_plan_it_returns(tmp_path):
    """The discrete park (4 integers, 6 combinations) by the enumeration: inside its stage the heartbeat
    has seen at least one LP per combination not screened out, and its best plan is the plan returned."""
    data = read_workbook(_discrete_park(tmp_path))
    with progress.stage("sizing_full"):
        _, result, _ = solve_data(data)
        snap = progress.snapshot()
    assert result.method.startswith("enumerate")
    solved = int(result.method.split(", ")[1].split()[0])  # "... combinations..., N warm-started LPs, ..."
    assert snap["lps"] == solved >= 1
    assert snap["combinations"] == snap["settled"] == 6  # two line options or none, times the PV minimum build
    assert snap["best_cny"] == pytest.approx(result.objective_cny, rel=1e-12)


def test_zcpark_run_prints_the_heartbeat_in_the_chosen_language_and_stops_it(tmp_path, capsys, monkeypatch):
    monkeypatch.setattr(progress, "PROGRESS_SECONDS", 0.02)
    wb = _discrete_park(tmp_path)
    assert main(["run", str(wb), "--runs-dir", str(tmp_path / "runs"), "--lang", "en"]) == 0
    out = capsys.readouterr().out
    beats = [line for line in out.splitlines() if line.startswith("  ... ")]
    assert beats, out
    assert any("sizing the plan on the full year" in line for line in beats), beats
    assert not any("已用" in line for line in out.splitlines())  # --lang en: no Chinese heartbeat
    assert not [t for t in threading.enumerate() if t.name == "zcpark-progress"]  # the timer thread ended
    assert main(["run", str(wb), "--runs-dir", str(tmp_path / "runs2"), "--lang", "zh"]) == 0
    out = capsys.readouterr().out
    assert any(line.startswith("  … 已用 ") for line in out.splitlines()), out


def test_an_infeasible_park_says_it_is_diagnosing(tmp_path, capsys, monkeypatch):
    """The market-lever park of test_diagnose (green power capped at 100 MWh, PV a hard limit): no plan,
    exit 3; while the diagnosis runs, the heartbeat names it."""
    from factory import park_workbook
    from test_diagnose import DAY, TARGET, _pv
    monkeypatch.setattr(progress, "PROGRESS_SECONDS", 0.01)
    wb = park_workbook(tmp_path / "p.xlsx", profiles={"cf": DAY}, Renewables=[_pv(hard_limit="yes")], Targets=TARGET,
                       GreenMarket=[{"product": "green_power", "price_cny_per_mwh": 20, "max_mwh_per_yr": 100}])
    assert main(["run", str(wb), "--runs-dir", str(tmp_path / "runs"), "--lang", "en"]) == 3
    beats = [line for line in capsys.readouterr().out.splitlines() if line.startswith("  ... ")]
    assert any(line.endswith(": diagnosing why no plan meets the targets") for line in beats), beats
