"""Investment costs of sized assets, written once for every component.

An asset is sized in one or more *parts* (a plant's MW; a store's MW and MWh; a line option's
build decision). Each part has a new amount (a Pyomo variable or expression, or a number after
the solve), an existing amount, a capex per unit of new amount and a fixed O&M per unit of total
amount. In CNY/yr:

    upfront investment = sum_parts capex_per_unit x new               (CNY, paid once: 总投资)
    annualised capex   = CRF(r, lifetime) x upfront investment
    fixed O&M          = sum_parts fom_per_unit_yr x (existing + new)

CRF(r, n) = r (1+r)^n / ((1+r)^n - 1) (core.data.crf). Capex and fixed O&M are quoted per kW
(kWh) in the workbook while the model sizes in MW (MWh): `per_kw` converts. The multi-year
pathway will index `new` by build year and sum the annuities of the vintages available in a
year; this is the one place that changes.
"""
from __future__ import annotations

from dataclasses import dataclass

MW_TO_KW = 1000.0  # capex and fixed O&M are quoted per kW (kWh); capacities are in MW (MWh)


@dataclass(frozen=True)
class Part:
    """One sized quantity of an asset (see the module docstring). Prices are quoted per workbook
    unit; `scale` workbook units make one model unit (MW_TO_KW for per-kW prices, 1 for per-build)."""
    new: object
    existing: float
    capex: float
    fom_yr: float = 0.0
    scale: float = 1.0


def per_kw(new, existing: float, capex_cny_per_kw: float, fom_cny_per_kw_yr: float = 0.0) -> Part:
    """A part sized in MW (or MWh) whose prices are quoted per kW (or kWh)."""
    return Part(new, existing, capex_cny_per_kw, fom_cny_per_kw_yr, MW_TO_KW)


@dataclass(frozen=True)
class Investment:
    """The upfront investment of one asset (CNY; a number after extraction) and its lifetime,
    for the Finance sheet (results/finance.py): total investment, payback, NPV and IRR."""
    asset: str
    upfront_cny: object
    lifetime_yr: float


def upfront_cost(parts: list[Part]):
    """Upfront investment of one asset's new amounts, CNY: sum_parts capex_per_unit x new."""
    return sum(p.capex * p.scale * p.new for p in parts)


def annual_costs(data, lifetime_yr: float, parts: list[Part]) -> tuple[object, object]:
    """(annualised capex, fixed O&M) of one asset, CNY/yr."""
    capex = data.crf(lifetime_yr) * upfront_cost(parts)
    fom = sum(p.fom_yr * p.scale * (p.existing + p.new) for p in parts)
    return capex, fom


def add_investment(m, data, asset: str, lifetime_yr: float, parts: list[Part], capex_term: str, fom_term: str):
    """Register an asset's annualised capex and fixed O&M as the Costs rows `capex_term` and
    `fom_term` (they may be the same row) and its upfront investment (m.terms.investments);
    return the annual sum (CNY/yr) for its Capacity row."""
    capex, fom = annual_costs(data, lifetime_yr, parts)
    m.terms.add_cost(capex_term, capex)
    m.terms.add_cost(fom_term, fom)
    m.terms.investments.append(Investment(asset, upfront_cost(parts), lifetime_yr))
    return capex + fom
