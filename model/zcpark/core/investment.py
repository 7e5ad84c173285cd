"""Investment costs of sized assets, written once for every component.

An asset is sized in one or more *parts* (a plant's MW; a store's MW and MWh; a line option's
build decision). Each part has a new amount (a Pyomo variable or expression, or a number after
the solve), an existing amount, a capex per unit of new amount and a fixed O&M per unit of total
amount. In CNY/yr:

    upfront investment = sum_parts capex_per_unit x new               (CNY, paid once: 总投资)
    annualised capex   = CRF(r, lifetime) x upfront investment
    fixed O&M          = sum_parts fom_per_unit_yr x (existing + new)

CRF(r, n) = r (1+r)^n / ((1+r)^n - 1) (core.data.crf). Capex and fixed O&M are quoted per kW
(kWh) in the workbook while the model sizes in MW (MWh): `per_kw` converts.

In a build pathway (core/pathway_build.py) each year's operation is a block whose `new` is the new
capacity *available* in that year. `Vintages` splits it by build year v (`new_v`, a variable of
the whole model) and makes the annuity the one of the vintages available in year y:

    new[y]           = sum_{v <= y < v + lifetime_v} new_v                        (linking constraint)
    annualised capex = sum_{v <= y < v + lifetime_v} CRF(r, lifetime_v) x capex_v x new_v
    fixed O&M        = fom_y x (existing + new[y])

with capex_v and lifetime_v those of the build year (its block's data).
"""
from __future__ import annotations

from dataclasses import dataclass

from pyomo.environ import Any, Binary, ConstraintList, NonNegativeReals, Var

from zcpark.core.pathway import vintage_index

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
    return the annual sum (CNY/yr) for its Capacity row. In a pathway year's block (`m.vintages`
    set), the capex is that of the vintages available."""
    capex, fom = annual_costs(data, lifetime_yr, parts)
    vintages = getattr(m, "vintages", None)
    if vintages is not None:
        capex = sum(vintages.annuity(m, data, lifetime_yr, p) for p in parts)
    m.terms.add_cost(capex_term, capex)
    m.terms.add_cost(fom_term, fom)
    m.terms.investments.append(Investment(asset, upfront_cost(parts), lifetime_yr))
    return capex + fom


def vintage_key(new) -> tuple:
    """The id of a sized quantity across the years' blocks: (its variable's name, its index)."""
    return new.parent_component().local_name, new.index()


class Vintages:
    """Build-year variables of a pathway model and the annuities of the vintages (module docstring).

    Blocks are built in year order and each block sets `year` first: a block only needs the
    vintages up to its own year, whose prices its predecessors have recorded."""

    def __init__(self, root, pathway):
        self.pathway, self.year = pathway, None
        root.vintage_new = Var(Any, dense=False, within=NonNegativeReals)    # MW or MWh built in year v
        root.vintage_build = Var(Any, dense=False, within=Binary)            # a line option built in year v
        root.vintage_link = ConstraintList()
        self.root = root
        self.built: dict[tuple, dict[int, tuple]] = {}  # key -> year v -> (capex per model unit, lifetime_yr, CRF)
        self.binary: set[tuple] = set()  # keys built or not (a line option), not by amount

    def new(self, key: tuple, vintage: int):
        """The amount of `key` built in `vintage` (0 or 1 for a build decision such as a line option)."""
        var = self.root.vintage_build if key in self.binary else self.root.vintage_new
        return var[vintage_index(key, vintage)]

    def available(self, key: tuple, year: int) -> list[int]:
        """Vintages of `key` available in listed year `year` (each with its own lifetime)."""
        return [v for v, (_, life, _) in self.built[key].items() if self.pathway.available(v, year, life)]

    def annuity(self, block, data, lifetime_yr: float, part: Part):
        """Record this year's price of `part` and return the year's annuity; links part.new to the vintages."""
        key, y = vintage_key(part.new), self.year
        if part.new.is_binary():
            self.binary.add(key)
        self.built.setdefault(key, {})[y] = (part.capex * part.scale, lifetime_yr, data.crf(lifetime_yr))
        self.new(key, y)  # created now, so a vintage exists for every year of the horizon
        available = self.available(key, y)
        self.root.vintage_link.add(part.new == sum(self.new(key, v) for v in available))
        return sum(self.built[key][v][2] * self.built[key][v][0] * self.new(key, v) for v in available)
