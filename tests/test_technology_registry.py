"""Adding a technology through the documented places only (docs/adding_a_technology.md): a toy
renewable kind registered in core/technologies.py appears in the model, the balances, the
Dispatch and MonthlyBalance sheets, the labels and colours, and the sensitivity parameters.

The registration runs in a fresh interpreter, before the workbook stage is imported, exactly as an
entry in TECHNOLOGIES would be read: the schema's `kind` choices are built once, at import.
"""
from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from factory import park_workbook

from zcpark.errors import InputError
from zcpark.workbook.reader import read_workbook

TOY = dict(tech="tide", kind="tidal", profile="cf_tidal", capex_cny_per_kw=100.0, lifetime_yr=20.0, max_new_mw=8.0)

SCRIPT = r"""
import json, sys
from zcpark.core import technologies as techs
techs.register(techs.Technology("tidal", "Renewables", "renewables", "潮汐能", "tidal", "1ABC9C", None,
                                techs.ELECTRICITY, renewable=True, capex_columns=("capex_cny_per_kw",),
                                sensitivity="tidal_capex"))
sys.path.insert(0, sys.argv[3])
from invariants import check_invariants
from zcpark.core.options import SolveOptions
from zcpark.results import excel_charts, labels
from zcpark.runner import run
from zcpark.studies.kinds import PARAMETERS, sensitivity_cells
res = run(sys.argv[1], runs_dir=sys.argv[2], options=SolveOptions(threads=1))
check_invariants(res)
s = res.summary()
cap = res.sheets["Capacity"].set_index("tech")
monthly = res.sheets["MonthlyBalance"]
print(json.dumps({
    "total": s["total_cost_cny_per_yr"], "new_mw": float(cap.loc["tide", "new"]), "kind": cap.loc["tide", "kind"],
    "dispatch": "tide_used_mw" in res.sheets["Dispatch"].columns,
    "monthly_tidal_mwh": float(monthly["onsite_tidal_mwh"].sum()),
    "kind_label": labels.KIND_LABELS.get("tidal"), "source_label": list(labels.SOURCE_LABELS.get("onsite_tidal", ())),
    "colour": excel_charts.PALETTE.get("onsite_tidal"),
    "sensitivity": PARAMETERS.get("tidal_capex"), "cells": len(sensitivity_cells(res.data)["tidal_capex"]),
}))
"""


def _toy_park(tmp_path: Path) -> Path:
    return park_workbook(tmp_path / "toy.xlsx", Renewables=[TOY], profiles={"cf_tidal": [0.5] * 24})


def test_unregistered_kind_is_rejected(tmp_path):
    """Without its registry entry the toy kind is an input error naming the Renewables row."""
    with pytest.raises(InputError) as err:
        read_workbook(_toy_park(tmp_path))
    assert any(p.sheet == "Renewables" and p.column == "kind" for p in err.value.problems)


def test_toy_technology_through_the_registry_only(tmp_path):
    """A flat 10 MW load for 24 h (weight 1), grid at 500 CNY/MWh; the tidal plant gives 0.5 MW per MW
    every hour and costs CRF(0, 20) x 100 CNY/kW x 1000 = 5,000 CNY per MW per horizon against
    0.5 x 24 x 500 = 6,000 CNY of grid energy saved: it is built to its 8 MW limit (4 MW, below the
    load, nothing curtailed). Cost = 8 x 5,000 + (10 - 4) x 24 x 500 = 40,000 + 72,000 = 112,000 CNY;
    on-site tidal energy 4 x 24 = 96 MWh."""
    path = _toy_park(tmp_path)
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(sys.path)}
    out = subprocess.run([sys.executable, "-c", SCRIPT, str(path), str(tmp_path / "runs"), str(Path(__file__).parent)],
                         capture_output=True, text=True, env=env, timeout=300)
    assert out.returncode == 0, out.stderr
    got = json.loads(out.stdout.strip().splitlines()[-1])
    assert got["new_mw"] == pytest.approx(8.0)
    assert got["total"] == pytest.approx(112_000.0, rel=1e-6)
    assert got["kind"] == "tidal" and got["dispatch"]
    assert got["monthly_tidal_mwh"] == pytest.approx(96.0, rel=1e-6)
    assert got["kind_label"] == "潮汐能" and got["source_label"] == ["园区潮汐能", "on-site tidal"]
    assert got["colour"] == "1ABC9C"
    assert got["sensitivity"] == "Renewables capex_cny_per_kw of every tidal row" and got["cells"] == 1
