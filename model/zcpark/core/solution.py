"""The plain results of one solve: what every later stage reads, with no Pyomo object in it."""
from __future__ import annotations

from dataclasses import dataclass, field
from functools import cached_property

import numpy as np
import pandas as pd


@dataclass
class Solution:
    """Plain results of one solve: everything later stages need, no Pyomo objects."""
    dispatch: pd.DataFrame      # one row per step, every flow in MW (soc in MWh)
    capacity: pd.DataFrame      # tech, kind, site, unit, existing, new, total, annualized_cost_cny_per_yr
    lines: pd.DataFrame         # line, built_option, capacity_mw, annualized_cost_cny_per_yr
    costs: dict                 # cost term -> CNY/yr
    annual_vars: dict           # green_power_mwh, gec_mwh
    design: dict = field(default_factory=dict)  # (design var name, index) -> value: the plan
    # asset, upfront_cny, lifetime_yr: one row per asset (per line option; 0 when not built)
    investments: pd.DataFrame = field(default_factory=lambda: pd.DataFrame(columns=["asset", "upfront_cny", "lifetime_yr"]))

    @cached_property
    def columns(self) -> dict[str, np.ndarray]:
        """Dispatch columns as float arrays, the input of every accounting function (built once)."""
        return {c: self.dispatch[c].to_numpy(dtype=float) for c in self.dispatch.columns}
