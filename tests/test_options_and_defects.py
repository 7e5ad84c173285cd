"""Command-line options are checked (issue 14), and smaller defects stay fixed: a park with no
energy use is not a green pass, and 29 February of a leap year is in February."""
from __future__ import annotations

import time

import numpy as np
import pytest
from openpyxl import load_workbook

from factory import park_workbook
from zcpark.cli import main
from zcpark.results import indicators
from zcpark.core.accounting import METHODS
from zcpark.results.verdict import verdict as judge


@pytest.mark.parametrize("argv, option", [
    (["run", "p.xlsx", "--time-limit", "-5"], "--time-limit"),
    (["run", "p.xlsx", "--time-limit", "0"], "--time-limit"),
    (["run", "p.xlsx", "--time-limit", "nan"], "--time-limit"),
    (["run", "p.xlsx", "--gap", "-0.01"], "--gap"),
    (["run", "p.xlsx", "--gap", "NaN"], "--gap"),
    (["run", "p.xlsx", "--gap", "1.5"], "--gap"),
    (["run", "p.xlsx", "--threads", "-1"], "--threads"),
    (["run", "p.xlsx", "--threads", "nan"], "--threads"),
    (["run", "p.xlsx", "--typical-days", "-3"], "--typical-days"),
    (["scenarios", "p.xlsx", "--workers", "-2"], "--workers"),
    (["frontier", "p.xlsx", "--time-limit", "nan"], "--time-limit"),
    (["sensitivity", "p.xlsx", "--threads", "-1"], "--threads"),
    (["fleet", "d", "--gap", "inf"], "--gap"),
    (["profiles", "--lat", "39", "--lon", "109", "--load-archetype", "shift", "--peak-mw", "-5"], "--peak-mw"),
])
def test_bad_options_exit_2_naming_the_option(argv, option, capsys):
    with pytest.raises(SystemExit) as exit_:
        main(argv)
    assert exit_.value.code == 2
    err = capsys.readouterr().err
    assert f"argument {option}:" in err and "expected" in err


def test_good_options_still_parse(tmp_path):
    """Zero where zero has a meaning (threads: HiGHS decides; typical days: full horizon; workers:
    in process) and an infinite time limit are accepted."""
    wb = park_workbook(tmp_path / "p.xlsx")
    assert main(["run", str(wb), "--runs-dir", str(tmp_path / "r"), "--threads", "0", "--typical-days", "0",
                 "--time-limit", "inf", "--gap", "0"]) == 0
    assert main(["scenarios", str(wb), "--workers", "0", "--runs-dir", str(tmp_path / "r")]) == 0


def test_an_unreachable_scheduler_fails_within_seconds(tmp_path, capsys):
    """Nothing listens on port 1: exit code 2 within about CONNECT_SECONDS (5 s), naming the address."""
    wb = park_workbook(tmp_path / "p.xlsx")
    started = time.monotonic()
    code = main(["scenarios", str(wb), "--scheduler", "tcp://127.0.0.1:1", "--runs-dir", str(tmp_path / "r")])
    assert code == 2 and time.monotonic() - started < 15
    err = capsys.readouterr().err
    assert "cannot reach the dask scheduler at tcp://127.0.0.1:1" in err and "--scheduler" in err


def test_a_park_using_no_energy_is_not_a_pass(tmp_path, capsys):
    """Load 0: intensity and clean share are 0/0. The targets are neither passed nor failed: the
    Acceptance's robust is blank, the verdict is n/a (grey, "CANNOT BE JUDGED") on the Dashboard
    and in the report, and the console says so instead of "meets every enforced target"."""
    wb = park_workbook(tmp_path / "zero.xlsx", load=[0.0] * 24, Targets=[
        {"indicator": "carbon_intensity_max", "value": 0.2, "enforce": "yes"},
        {"indicator": "clean_energy_share_min", "value": 0.5, "enforce": "yes"}])
    runs = tmp_path / "runs"
    assert main(["run", str(wb), "--runs-dir", str(runs)]) == 0
    out = capsys.readouterr().out
    assert "n/a tCO2/tce" in out and "cannot be judged" in out and "meets every" not in out
    results = runs / "zero" / "base" / "results.xlsx"
    book = load_workbook(results)
    acceptance = list(book["Acceptance"].iter_rows(min_row=1, values_only=True))
    robust = acceptance[0].index("robust")
    assert all(row[robust] is None for row in acceptance[1:])
    verdict = book["Dashboard"]["A2"]
    assert verdict.value.startswith("无法判定 CANNOT BE JUDGED") and verdict.fill.fgColor.rgb.endswith("F2F2F2")
    assert main(["report", str(wb), "--runs-dir", str(runs)]) == 0
    page = (results.parent / "report.html").read_text(encoding="utf-8")
    assert "CANNOT BE JUDGED" in page and "PASSES" not in page and "通过 pass" not in page


def test_verdict_levels():
    """A target without an achieved value under the enforced method makes the verdict n/a, unless
    another enforced target fails (then it fails)."""
    def acceptance(passes):
        return [{"indicator": name, "applies": True, "enforce": True, "pass": ok,
                 **{f"pass_{m}": ok for m in METHODS}}
                for name, ok in passes.items()]
    import pandas as pd
    summary = pd.DataFrame({"indicator": ["carbon_method"], "value": ["fossil_factor"]})
    assert judge(summary, pd.DataFrame(acceptance({"a": None, "b": True}))).level == "n/a"
    assert judge(summary, pd.DataFrame(acceptance({"a": None, "b": False}))).level == "fail"
    assert judge(summary, pd.DataFrame(acceptance({"a": True}))).level == "pass"


def test_leap_year_february_has_29_days():
    """8784 steps are a leap year: days 0-30 January, 31-59 February (29 days: day 59 is
    29 February), day 60 is 1 March, day 365 is 31 December. 8760 steps: day 59 is 1 March."""
    leap = indicators.month_of_step(8784)
    days = leap[::24]
    assert len(days) == 366 and days[59] == 2 and days[60] == 3 and days[365] == 12
    assert np.bincount(days)[1:].tolist() == [31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31]
    common = indicators.month_of_step(8760)[::24]
    assert common[58] == 2 and common[59] == 3
    assert np.bincount(common)[1:].tolist() == [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31]
