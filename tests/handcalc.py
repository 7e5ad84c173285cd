"""Helpers for the hand-checked tests: build a park, solve it exactly, read results back.

Every hand-checked test goes through `solve`, which runs the whole pipeline
(read -> build -> HiGHS with mip_rel_gap 0 -> extract -> report -> write) and then
`invariants.check_invariants` on the written workbook.

Conventions used in the hand calculations (factory defaults): discount rate 0, so
annualized capex per MW = 1000 x capex_cny_per_kw / lifetime_yr (per MWh for kWh prices);
hours_per_year = rows, so w = 1 and "annual" = the sum over the horizon.
"""
from __future__ import annotations

import numpy as np
import pytest

from factory import park_workbook
from invariants import check_invariants
from zcpark.runner import run
from zcpark.core.options import SolveOptions

REL = 1e-6
ABS = 1e-5

DAY = [0.0] * 6 + [0.5] * 12 + [0.0] * 6   # PV capacity factor: 0.5 in hours 6..17, 6 MWh per MW per day


def approx(x, rel=REL, abs=ABS):
    return pytest.approx(x, rel=rel, abs=abs)


def solve(tmp_path, name="park", **kw):
    """Write a workbook with factory.park_workbook(**kw), solve it exactly and check invariants."""
    path = park_workbook(tmp_path / f"{name}.xlsx", **kw)
    res = run(path, runs_dir=tmp_path / "runs", options=SolveOptions(mip_rel_gap=0))
    check_invariants(res)
    assert res.summary()["solver_status"] == "optimal"
    return res


def summary(res, key):
    return res.summary()[key]


def total(res) -> float:
    return float(res.summary()["total_cost_cny_per_yr"])


def cost(res, term) -> float:
    """A Costs-sheet term (0 when the model has no such term)."""
    c = res.sheets["Costs"]
    rows = c[c["term"] == term]["cny_per_yr"]
    return float(rows.sum()) if len(rows) else 0.0


def cap(res, tech, unit="MW", which="new") -> float:
    c = res.sheets["Capacity"]
    row = c[(c["tech"] == tech) & (c["unit"] == unit)]
    assert len(row) == 1, f"no Capacity row for {tech} {unit}"
    return float(row[which].iloc[0])


def col(res, name) -> np.ndarray:
    return res.sheets["Dispatch"][name].to_numpy(dtype=float)


def carbon(res, method, field="co2_t") -> float:
    c = res.sheets["Carbon"].set_index("method")
    return float(c.loc[method, field])


def line(res, name) -> dict:
    ln = res.sheets["Lines"]
    return ln[ln["line"] == name].iloc[0].to_dict()


def acceptance(res, indicator) -> dict:
    a = res.sheets["Acceptance"]
    return a[a["indicator"] == indicator].iloc[0].to_dict()


def pv(tech="pv", profile="cf_pv", capex=1000.0, lifetime=20.0, **extra) -> dict:
    """A Renewables row (onsite PV by default)."""
    return {"tech": tech, "kind": "pv", "profile": profile, "capex_cny_per_kw": capex,
            "lifetime_yr": lifetime, **extra}


def battery(tech="bat", capex_kw=1.0, capex_kwh=1.0, lifetime=10.0, eta_c=1.0, eta_d=1.0, sd=0.0, **extra) -> dict:
    """A Storage row; defaults: 100 CNY/MW and 100 CNY/MWh per year, lossless."""
    return {"tech": tech, "kind": "battery", "capex_cny_per_kw": capex_kw, "capex_cny_per_kwh": capex_kwh,
            "lifetime_yr": lifetime, "eta_charge": eta_c, "eta_discharge": eta_d,
            "self_discharge_per_h": sd, **extra}
