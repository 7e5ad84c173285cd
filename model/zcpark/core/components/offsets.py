"""Carbon offsets (CCER 国家核证自愿减排量, carbon sinks 碳汇): bought per tonne.

They count toward net emissions (net_co2_max_t) only, never toward the near-zero intensity.
Variables: buy_offset[o] (tCO2/yr).
"""
from __future__ import annotations

from pyomo.environ import NonNegativeReals, Set, Var


def add_offsets(m, data) -> None:
    off = data.offsets
    m.O = Set(initialize=list(off), ordered=True)
    m.buy_offset = Var(m.O, within=NonNegativeReals, bounds=lambda _m, o: (0.0, off[o]["max_t_per_yr"]))
    m.terms.annual_vars["offsets_t"] = sum(m.buy_offset[o] for o in off) if off else 0.0
    for o, row in off.items():
        if row["price_cny_per_t"]:
            m.terms.add_cost("offsets", row["price_cny_per_t"] * m.buy_offset[o])
