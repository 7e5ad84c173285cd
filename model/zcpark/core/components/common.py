"""Shared helpers for components: the term registry and capacity bookkeeping."""
from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
from pyomo.environ import NonNegativeReals, Var



@dataclass
class CapacityRow:
    """One Capacity-sheet row: capacities may be numbers or Pyomo expressions."""
    tech: str
    kind: str
    site: str
    unit: str          # MW or MWh
    existing: float
    new: object
    cost: object       # annualized capex + fixed O&M, CNY/yr (core/investment.py)


@dataclass
class LineTerms:
    """A direct line for the Lines sheet: its build decision per option and its annual cost."""
    line: str
    options: dict        # option -> binary build variable
    cost: object         # annualised capex + fixed O&M of the built option, CNY/yr


@dataclass
class Terms:
    """What components register for the balances, the objective and the results."""
    cols: dict = field(default_factory=dict)         # Dispatch column -> per-step array
    costs: dict = field(default_factory=dict)        # Costs row -> CNY/yr expression
    annual_vars: dict = field(default_factory=dict)  # annual decision volumes, MWh/yr
    capacity: list = field(default_factory=list)     # CapacityRow
    lines: list = field(default_factory=list)        # LineTerms
    any_line: object = 0.0                           # 1 when some direct line is built
    # Discrete choices for the enumeration strategy (solve.py): each is a list of alternatives,
    # each alternative a list of (binary var, value) assignments.
    choices: list = field(default_factory=list)
    # Investment variables (capacities, units, build decisions): what a plan fixes when it is
    # re-dispatched on another horizon (typical periods -> full year, see verify.py).
    design: list = field(default_factory=list)
    investments: list = field(default_factory=list)  # core.investment.Investment, one per asset (line option)

    def add_cost(self, name: str, expr) -> None:
        self.costs[name] = self.costs.get(name, 0.0) + expr


def per_step(var, *prefix) -> np.ndarray:
    """A variable indexed (prefix..., t) as a per-step numpy object array (T of the variable's own block:
    a pathway year is a block of the model)."""
    T = var.parent_block().T
    return np.array([var[(*prefix, t)] if prefix else var[t] for t in T], dtype=object)


def new_capacity_var(m, name: str, ids: list[str], max_new: dict) -> Var:
    """Non-negative new capacity per id, bounded above by max_new (None: unbounded); a design variable."""
    var = Var(ids, within=NonNegativeReals, bounds=lambda _m, i: (0.0, max_new[i]))
    m.add_component(name, var)
    m.terms.design.append(var)
    return var
