"""No lost work (issue 14, run-time side): an output that cannot be written is refused before the
solve; a write that fails after it goes to a fallback path; an infeasible re-run or a batch never
replaces a single run's results.xlsx; Ctrl-C stops HiGHS (and a batch's workers) at once with
exit code 130; temporary files of interrupted writes are removed by the next write.

The machine may run tests as root (then permissions do not stop a write): unwritable outputs are
made with a file where a folder should be, or a folder where results.xlsx should be."""
from __future__ import annotations

import errno
import os
import subprocess
import sys
import time
from pathlib import Path

import pandas as pd
import pytest
from openpyxl import load_workbook

from ctrl_c import INTERRUPTED, Lines, ctrl_c, slow_park as slow_park_workbook, zcpark_process
from factory import park_workbook
from handcalc import DAY
from zcpark.cli import main
from zcpark.workbook import writer

PV = [{"tech": "pv", "kind": "pv", "profile": "cf", "capex_cny_per_kw": 100, "lifetime_yr": 1, "max_new_mw": 50}]


def _park(path: Path, **kw) -> Path:
    return park_workbook(path, profiles={"cf": DAY}, Renewables=PV, **kw)


def _no_solve(monkeypatch):
    """Make any solve fail the test: the check must come before it."""
    def solve_data(*args, **kwargs):
        raise AssertionError("solved although the output cannot be written")
    monkeypatch.setattr("zcpark.runner.solve_data", solve_data)


def test_unwritable_output_is_refused_before_solving(tmp_path, monkeypatch, capsys):
    """Exit code 2 at once, naming the path: (a) the runs folder cannot be made (a file is in the
    way); (b) results.xlsx cannot be replaced (here a folder of that name; an Excel lock on Windows
    or a read-only file fails the same open-for-append check); (c) a batch's summary folder."""
    wb = _park(tmp_path / "p.xlsx")
    _no_solve(monkeypatch)
    blocker = tmp_path / "blocker"
    blocker.write_text("a file, not a folder")
    assert main(["run", str(wb), "--runs-dir", str(blocker / "runs")]) == 2
    err = capsys.readouterr().err
    assert "cannot write the output folder" in err and str(blocker / "runs" / "p" / "base") in err
    assert "bug" not in err

    locked = tmp_path / "runs" / "p" / "base" / "results.xlsx"
    locked.mkdir(parents=True)
    assert main(["run", str(wb), "--runs-dir", str(tmp_path / "runs")]) == 2
    err = capsys.readouterr().err
    assert f"{locked} cannot be replaced" in err and "close it in Excel" in err

    assert main(["scenarios", str(wb), "--workers", "0", "--runs-dir", str(blocker / "runs")]) == 2
    assert "cannot write the output folder" in capsys.readouterr().err


@pytest.mark.skipif(hasattr(os, "geteuid") and os.geteuid() == 0, reason="root may write read-only files")
def test_read_only_results_are_refused_before_solving(tmp_path, monkeypatch, capsys):
    """As a normal user: a read-only results.xlsx is not replaced (exit code 2)."""
    wb = _park(tmp_path / "p.xlsx")
    out = tmp_path / "runs" / "p" / "base" / "results.xlsx"
    out.parent.mkdir(parents=True)
    out.write_bytes(b"earlier results")
    out.chmod(0o444)
    _no_solve(monkeypatch)
    assert main(["run", str(wb), "--runs-dir", str(tmp_path / "runs")]) == 2
    assert f"{out} cannot be replaced" in capsys.readouterr().err


def test_a_write_failing_after_the_solve_goes_to_a_fallback(tmp_path, monkeypatch, capsys):
    """The disk fills up between the check and the write (os.replace fails): the results go to
    results-<timestamp>.xlsx next to it; if the whole folder fails, to the system temp folder.
    Exit code 0, the console says where, and never calls it a bug."""
    wb = _park(tmp_path / "p.xlsx")
    folder = tmp_path / "runs" / "p" / "base"
    real_replace = os.replace

    def disk_full(src, dst):
        if Path(dst) == folder / "results.xlsx":
            raise OSError(errno.ENOSPC, "No space left on device")
        return real_replace(src, dst)

    monkeypatch.setattr(writer.os, "replace", disk_full)
    assert main(["run", str(wb), "--runs-dir", str(tmp_path / "runs")]) == 0
    out = capsys.readouterr()
    fallback = [p for p in folder.iterdir() if p.name.startswith("results-")]
    assert len(fallback) == 1 and fallback[0].suffix == ".xlsx" and not (folder / "results.xlsx").exists()
    assert "No space left on device" in out.out and f"wrote {fallback[0]} instead" in out.out
    assert "bug" not in out.out + out.err
    assert pd.read_excel(fallback[0], sheet_name="Summary")["indicator"].iloc[0] == "park"
    assert not list(folder.glob(".*.part"))

    def folder_unwritable(src, dst):
        if Path(dst).parent == folder:
            raise OSError(errno.EACCES, "Permission denied")
        return real_replace(src, dst)

    system_temp = tmp_path / "system_temp"
    system_temp.mkdir()
    monkeypatch.setattr(writer.os, "replace", folder_unwritable)
    monkeypatch.setattr(writer.tempfile, "gettempdir", lambda: str(system_temp))
    assert main(["run", str(wb), "--runs-dir", str(tmp_path / "runs")]) == 0
    saved = list(system_temp.glob("zcpark-p-base-results-*.xlsx"))
    assert len(saved) == 1 and f"wrote {saved[0]} instead" in capsys.readouterr().out


def test_infeasible_rerun_keeps_the_last_good_results(tmp_path, capsys):
    """Solve, then re-run the same workbook made infeasible (grid import capped at 5 MW against a
    10 MW load, no PV): results.xlsx is left byte for byte, the Diagnosis goes to diagnosis.xlsx
    and the console says both. `zcpark report` on the park, the folder or diagnosis.xlsx says the
    run was infeasible and where the diagnosis is (exit code 3). A feasible re-run removes the
    out-of-date diagnosis, and the report works again."""
    runs = tmp_path / "runs"
    wb = _park(tmp_path / "p.xlsx")
    assert main(["run", str(wb), "--runs-dir", str(runs)]) == 0
    folder = runs / "p" / "base"
    good = (folder / "results.xlsx").read_bytes()
    capsys.readouterr()

    park_workbook(wb, grid={"import_max_mw": 5})  # same file, now infeasible
    assert main(["run", str(wb), "--runs-dir", str(runs)]) == 3
    err = capsys.readouterr().err
    assert (folder / "results.xlsx").read_bytes() == good
    assert f"diagnosis in {folder / 'diagnosis.xlsx'}" in err and "is an earlier run's" in err
    assert load_workbook(folder / "diagnosis.xlsx").sheetnames == ["Diagnosis", "Meta"]

    for target in (str(wb), str(folder), str(folder / "diagnosis.xlsx")):
        assert main(["report", target, "--runs-dir", str(runs)]) == 3
        err = capsys.readouterr().err
        assert "the run was infeasible" in err and str(folder / "diagnosis.xlsx") in err
        assert "not a zcpark results workbook" not in err
    assert not (folder / "report.html").exists()

    _park(wb)  # feasible again
    assert main(["run", str(wb), "--runs-dir", str(runs)]) == 0
    assert not (folder / "diagnosis.xlsx").exists()
    assert main(["report", str(wb), "--runs-dir", str(runs)]) == 0
    assert (folder / "report.html").exists()


def test_a_batch_never_replaces_a_single_runs_results(tmp_path):
    """`zcpark scenarios` (its base run too) writes runs/<park>/scenarios/<run>/: the single run's
    runs/<park>/base/results.xlsx is left byte for byte."""
    wb = _park(tmp_path / "p.xlsx")
    runs = tmp_path / "runs"
    assert main(["run", str(wb), "--runs-dir", str(runs)]) == 0
    single = (runs / "p" / "base" / "results.xlsx").read_bytes()
    assert main(["scenarios", str(wb), "--workers", "0", "--runs-dir", str(runs)]) == 0
    assert (runs / "p" / "base" / "results.xlsx").read_bytes() == single
    assert (runs / "p" / "scenarios" / "base" / "results.xlsx").exists()
    assert (runs / "p" / "comparison.xlsx").exists()


def test_stale_temporary_files_are_removed_by_the_next_write(tmp_path):
    """Temporary files are .<stem>-<host>-<pid>-<random><suffix>.part. The next write of the same
    file removes those of a process of this machine that is gone, and any older than an hour
    (STALE_SECONDS); it keeps those of a live process (a concurrent run) and recent ones of
    unknown origin. Other files are never touched."""
    out = tmp_path / "results.xlsx"
    host = writer._host()
    child = subprocess.Popen([sys.executable, "-c", "pass"])
    child.wait()  # its pid is now free (reuse within this test is vanishingly unlikely)
    dead = tmp_path / f".results-{host}-{child.pid}-0a1b2c3d.xlsx.part"
    live = tmp_path / f".results-{host}-{os.getpid()}-0a1b2c3e.xlsx.part"
    other_host = tmp_path / ".results-elsewhere-1-0a1b2c3f.xlsx.part"
    old_legacy = tmp_path / ".results-k2j3h4g5.xlsx.part"  # mkstemp's naming before this change
    other_file = tmp_path / ".report-k2j3h4g5.html.part"
    for path in (dead, live, other_host, old_legacy, other_file):
        path.write_bytes(b"half a workbook")
    hours_ago = time.time() - 2 * writer.STALE_SECONDS
    os.utime(old_legacy, (hours_ago, hours_ago))
    os.utime(other_file, (hours_ago, hours_ago))
    writer.write_results(out, {"Summary": pd.DataFrame({"indicator": ["a"], "value": [1.0]})})
    left = {p.name for p in tmp_path.iterdir()}
    assert left == {"results.xlsx", live.name, other_host.name, other_file.name}


@pytest.fixture(scope="module")
def slow_park(tmp_path_factory):
    return slow_park_workbook(tmp_path_factory.mktemp("slow") / "slow.xlsx")


@pytest.mark.skipif(os.name == "nt", reason="SIGINT to a process group is POSIX")
def test_ctrl_c_stops_highs_at_once(tmp_path, slow_park):
    """SIGINT while HiGHS iterates (its simplex log has begun; the LP alone takes ~4 s here): the
    process exits within 2 s with code 130 and one line on stderr, no traceback, no results."""
    with zcpark_process(["run", str(slow_park), "--runs-dir", str(tmp_path / "runs"), "--verbose", "--threads", "1",
                         "--lp-method", "simplex", "--time-limit", "120"], tmp_path) as proc:
        out = Lines(proc.stdout)
        out.wait_for("Iteration", proc, timeout=120)
        code, _, stopped_after = ctrl_c(proc, timeout=30)
        err = proc.stderr.read()
    assert code == 130, (code, err, out.text()[-2000:])
    assert stopped_after < 2.0
    assert err.strip().splitlines() == [INTERRUPTED]
    assert "Interrupted by user" in out.text()  # HiGHS itself stopped, not the process killed
    assert not (tmp_path / "runs" / "slow" / "base" / "results.xlsx").exists()


def _group_processes(pgid: int) -> list[int]:
    """Live (not zombie) processes of a process group, from /proc."""
    found = []
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if int(fields[2]) == pgid and fields[0] != "Z":
            found.append(int(stat.parent.name))
    return found


@pytest.mark.skipif(not Path("/proc/self/stat").exists(), reason="reads /proc")
def test_ctrl_c_stops_a_batch_and_closes_its_workers(tmp_path, slow_park):
    """A sensitivity study on a local dask cluster (1 worker process) gets SIGINT at its whole
    process group, as from a terminal, once its first run is done: the worker's HiGHS stops (its
    task is cancelled), the cluster closes, exit code 130 within 5 s; no worker prints a traceback
    and no process of the batch is left."""
    with zcpark_process(["sensitivity", str(slow_park), "--workers", "1", "--threads", "1", "--time-limit", "120",
                         "--runs-dir", str(tmp_path / "runs")], tmp_path) as proc:
        err = Lines(proc.stderr)
        err.wait_for("sensitivity: 1/", proc, timeout=180)
        code, _, stopped_after = ctrl_c(proc, timeout=60)
    text = err.text()
    assert code == 130, (code, text[-3000:])
    assert stopped_after < 5.0
    assert "Traceback" not in text and "interrupted (Ctrl-C)" in text
    deadline = time.monotonic() + 5
    while _group_processes(proc.pid) and time.monotonic() < deadline:
        time.sleep(0.1)
    assert _group_processes(proc.pid) == []
    assert not (tmp_path / "runs" / "slow" / "sensitivity.xlsx").exists()
