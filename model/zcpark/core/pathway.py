"""A build pathway (建设期路线图) as plain data: the listed years, what each stands for, and the
park of each year (contract v2, ../shared/spec/workbook.md "Pathway semantics").

No Pyomo and no Excel here: the reader builds a Pathway, core/pathway_build.py models it.
"""
from __future__ import annotations

from dataclasses import dataclass

from zcpark.core.data import ParkData


@dataclass
class Pathway:
    years: list[int]                 # listed years, strictly increasing
    represented: dict[int, int]      # year -> calendar years it stands for (n_y)
    data: dict[int, ParkData]        # year -> the park in that year (Scenarios, then YearValues applied)
    acceptance_year: int
    discount_rate: float             # r, the Park's (one rate for the horizon)

    @property
    def first(self) -> int:
        return self.years[0]

    def weight(self, year: int) -> float:
        """Discount weight D_y = sum_{k=0}^{n_y - 1} (1 + r)^-(y - y0 + k): the present value at y0 of one
        CNY of annual cost in each calendar year that listed year y stands for."""
        r, n = self.discount_rate, self.represented[year]
        return sum((1.0 + r) ** -(year - self.first + k) for k in range(n))

    def available(self, vintage: int, year: int, lifetime_yr: float) -> bool:
        """Whether capacity built in `vintage` serves listed year `year`: v <= y < v + lifetime."""
        return vintage <= year < vintage + lifetime_yr

    def with_data(self, data: dict[int, ParkData]) -> "Pathway":
        """The same pathway on other per-year data (e.g. each year on typical days)."""
        return Pathway(self.years, self.represented, data, self.acceptance_year, self.discount_rate)


def vintage_index(key: tuple, vintage: int) -> tuple:
    """The index of `key`'s amount built in `vintage` (core/investment.Vintages, the plan's "values")."""
    index = key[1] if isinstance(key[1], tuple) else (key[1],)
    return (key[0], *index, vintage)


def annuities(pathway: Pathway, plan: dict, year: int) -> float:
    """Annualised capex of listed year `year`, CNY/yr: sum over the vintages available in it of
    CRF(r, lifetime_v) x capex_v x new_v (the plan of core/pathway_build.extract_pathway)."""
    return sum(crf * price * plan["values"].get(vintage_index(key, v), 0.0)
               for key, by_year in plan["prices"].items() for v, (price, life, crf) in by_year.items()
               if pathway.available(v, year, life))
