"""Plausible ranges of input figures that are legal but easy to get wrong: a value outside its
range is a warning (the run goes on), never an error.

Process emission factors (ProcessEmissions!factor_t_per_unit) of the products named in 910号
附件4, per tonne of product. The ranges bracket the IPCC 2006 Guidelines Vol. 3 (Industrial
Processes) Tier 1 defaults and the usual Chinese production routes; the defaults are quoted from
memory and were not re-read (data/SOURCES.md, "Process emission factors": not verified). A park's
own factor (provincial inventory, verified plant data) may rightly fall outside: the warning asks
to check it and its unit, nothing more.
"""
from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class FactorRange:
    lo: float          # tCO2 per tonne of product
    hi: float
    source: str        # the figures the range brackets
    aliases: tuple[str, ...] = ()


PROCESS_FACTOR_RANGES = {
    "cement_clinker": FactorRange(0.40, 0.60, "IPCC 2006 Vol.3 Ch.2: 0.52 t/t clinker (65 % CaO)", ("clinker", "水泥熟料", "熟料")),
    "lime": FactorRange(0.50, 0.95, "IPCC 2006 Vol.3 Ch.2: 0.75 high-calcium, 0.77-0.86 dolomitic, 0.59 hydraulic",
                        ("石灰",)),
    "ammonia": FactorRange(1.0, 4.5, "IPCC 2006 Vol.3 Ch.3: about 1.7 (natural-gas reforming); coal gasification "
                                     "about 3-4", ("合成氨", "无水氨", "synthetic_ammonia")),
    "methanol": FactorRange(0.3, 3.5, "IPCC 2006 Vol.3 Ch.3: 0.67 (natural-gas steam reforming); coal-based higher",
                            ("甲醇",)),
    "aluminium": FactorRange(1.2, 2.0, "IPCC 2006 Vol.3 Ch.4: 1.6 prebake, 1.7 Soderberg (anode carbon)",
                             ("aluminum", "primary_aluminium", "electrolytic_aluminium", "原铝", "电解铝")),
    "crude_steel": FactorRange(0.05, 2.2, "IPCC 2006 Vol.3 Ch.4: 1.46 BOF, 0.08 EAF, 1.72 open hearth", ("粗钢", "steel")),
    "ferroalloy": FactorRange(1.0, 5.0, "IPCC 2006 Vol.3 Ch.4: FeSi 2.5-4.8, FeMn 1.3-1.5, SiMn 1.4, FeCr 1.3-1.6",
                              ("ferroalloys", "铁合金", "硅铁", "硅锰", "锰铁", "镍铁", "铬铁")),
    "industrial_silicon": FactorRange(3.5, 6.0, "IPCC 2006 Vol.3 Ch.4: 5.0 (silicon metal)",
                                      ("silicon", "silicon_metal", "工业硅")),
    "calcium_carbide": FactorRange(0.7, 2.0, "IPCC 2006 Vol.3 Ch.3: 1.09 t/t carbide", ("carbide", "碳化钙", "电石")),
}
TONNE_UNITS = ("t", "tonne", "tonnes", "吨")  # the ranges are per tonne: other units are not checked


def factor_range(product: str) -> tuple[str, FactorRange] | None:
    """(canonical product, range) for a product name or one of its aliases (case, spaces and
    hyphens ignored), or None for a product without a known range."""
    key = product.strip().lower().replace(" ", "_").replace("-", "_")
    for name, rng in PROCESS_FACTOR_RANGES.items():
        if key == name or key in rng.aliases:
            return name, rng
    return None
