"""The layout's promises (README "How it works"): the results and study-writing stages load no
solver and no Dask, and the package root holds only the command line, the run and the package files."""
from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import zcpark

HEAVY = ("pyomo", "highspy", "dask", "distributed")


def _loaded_after(modules: list[str]) -> list[str]:
    """The heavy packages a fresh interpreter has loaded after importing `modules`."""
    code = (f"import sys, json\nfor m in {modules!r}: __import__(m)\n"
            f"print(json.dumps([k for k in {HEAVY!r} if k in sys.modules]))")
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(sys.path)}
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env, timeout=120)
    assert out.returncode == 0, out.stderr
    return json.loads(out.stdout)


def test_results_stage_loads_no_solver():
    """Writing a Dashboard or a report needs no Pyomo, no HiGHS and no Dask."""
    assert _loaded_after(["zcpark.results.dashboard", "zcpark.results.html_report", "zcpark.results.sheets",
                          "zcpark.results.verdict"]) == []


def test_audit_stage_loads_no_solver():
    """Auditing metered data applies the accounting to readings: it needs no Pyomo, HiGHS or Dask."""
    assert _loaded_after(["zcpark.audit.run"]) == []


def test_study_writing_loads_no_dask_and_cli_starts_light():
    """Study workbooks are written without Dask; the command line imports nothing heavy until a command runs."""
    assert _loaded_after(["zcpark.studies.study_workbook", "zcpark.studies.kinds", "zcpark.cli"]) == []


def test_package_root_is_small():
    """At most 8 modules at the package root; every other module lives in its stage's folder."""
    root = Path(zcpark.__file__).parent
    modules = sorted(p.name for p in root.glob("*.py"))
    assert len(modules) <= 8, modules
    big = [str(p.relative_to(root)) for p in root.rglob("*.py") if len(p.read_text(encoding="utf-8").splitlines()) > 600]
    assert not big, f"over 600 lines: {big}"
