"""Unit-plausibility warnings: values the contract accepts but that are probably a unit mistake.

RANGES is the one table of sanity ranges (data/SOURCES.md, "Sanity ranges"): a value outside
[lo, hi] is reported as a `plausibility` Note (console, Warnings sheet), never an error, with the
mistake that would explain it when one does ("3.2 CNY/kW is implausibly low for pv (typical
2,500-5,000): did you enter CNY/W (元/W)?"). They are sanity ranges, not defaults: wide enough for
any real park, so that a warning means "look at this cell". Zero is never questioned (it means
"none" or "free" and is typed on purpose). Errors (impossible values: negative costs, efficiencies
above 1, magnitudes that break the solver) are the schema's and the reader's business.

Process emission factors (ProcessEmissions!factor_t_per_unit, PROCESS_FACTOR_RANGES) of the
products named in 910号 附件4, per tonne of product, are checked the same way: the ranges bracket
the IPCC 2006 Guidelines Vol. 3 (Industrial Processes) Tier 1 defaults and the usual Chinese
production routes, quoted from memory and not re-read (data/SOURCES.md, "Process emission
factors": not verified). A park's own factor may rightly fall outside: the note asks to check it.
"""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from zcpark.workbook import schema


@dataclass(frozen=True)
class Plausible:
    sheet: str
    column: str          # a column of a table sheet, a parameter of Park / Grid, or a Profiles column
    kind: str | None     # only rows of this kind (tech kind, GreenMarket product, Targets indicator); None: all
    lo: float
    hi: float
    typical: str
    unit: str            # the column's unit, a key of UNIT_MISTAKES
    source: str          # why this range (one line)
    hint_high: str = ""  # the likely mistake above hi, when it is not a unit (e.g. a full price for a premium)


# unit -> (factor, unit typed instead): value x factor is the value in the right unit
UNIT_MISTAKES = {
    "CNY/kW": ((1000, "CNY/W (元/W)"), (10, "万元/MW"), (0.001, "CNY/MW")),
    "CNY/kWh": ((1000, "CNY/Wh (元/Wh)"), (0.001, "CNY/MWh")),
    "CNY/kW/yr": ((1000, "CNY/W per year"), (0.001, "CNY/MW per year")),
    "CNY/MWh": ((1000, "CNY/kWh (元/kWh, 元/度)"), (100, "CNY per m³ of gas (1 m³ ≈ 10 kWh)"), (0.001, "CNY/GWh")),
    "CNY/kW/month": ((0.001, "CNY/MW per month"), (1 / 12, "CNY/kW per year")),
    "CNY/km": ((10_000, "万元/km"), (1000, "thousand CNY/km")),
    "CNY": ((10_000, "万元"), (1e8, "亿元")),
    "CNY/tCO2": ((1000, "CNY/kgCO2"),),
    "MW": ((0.001, "kW"),),
    "MWh": ((0.001, "kWh"),),
    "km": ((0.001, "m"),),
    "share": ((0.01, "a percentage (95 for 0.95)"),),
    "1/h": ((0.01, "% per hour"),),
    "yr": ((1 / 12, "months"),),
    "tCO2/MWh": ((0.001, "kgCO2/MWh"),),
    "tce/MWh": ((0.001, "kgce/MWh"),),
    "tCO2/tce": ((0.001, "kgCO2/tce"),),
    "-": (),
}

_PV = "China PV systems cost about 3,000-4,000 CNY/kW in 2024-25 (data/SOURCES.md, Renewables); rooftops more"
_WIND = "onshore wind 3,500-4,500 CNY/kW in 2024-25 (SOURCES.md); offshore about 10,000-15,000"
_SIZE = "the largest Chinese industrial parks draw a few GW; 50 GW is a provincial grid (a kW typed as MW?)"
_LIFE = "design lives of parks' equipment are 10-40 years (SOURCES.md)"

RANGES = (
    Plausible("Renewables", "capex_cny_per_kw", "pv", 1000, 10_000, "2,500-5,000", "CNY/kW", _PV),
    Plausible("Renewables", "capex_cny_per_kw", "wind", 2000, 20_000, "3,500-6,000 onshore", "CNY/kW", _WIND),
    Plausible("Renewables", "fom_cny_per_kw_yr", None, 5, 500, "20-150", "CNY/kW/yr", "1-3 % of capex a year (SOURCES.md)"),
    Plausible("Renewables", "lifetime_yr", None, 5, 60, "20-30", "yr", _LIFE),
    Plausible("Renewables", "existing_mw", None, 0, 50_000, "up to a few thousand", "MW", _SIZE),
    Plausible("Renewables", "max_new_mw", None, 0, 50_000, "up to a few thousand", "MW", _SIZE),
    Plausible("Storage", "capex_cny_per_kwh", "battery", 100, 5000, "400-1,500", "CNY/kWh",
              "LFP systems bid at 0.48-0.55 CNY/Wh in 2025 (CNESA, SOURCES.md); user-side projects cost more"),
    Plausible("Storage", "capex_cny_per_kw", "battery", 20, 5000, "100-600", "CNY/kW",
              "power conversion and grid connection, 300 CNY/kW in the examples (SOURCES.md)"),
    Plausible("Storage", "capex_cny_per_kwh", "thermal", 5, 2000, "20-200", "CNY/kWh", "hot-water and molten-salt stores"),
    Plausible("Storage", "capex_cny_per_kw", "thermal", 5, 3000, "50-500", "CNY/kW", "heat exchangers and pumps"),
    Plausible("Storage", "eta_charge", "battery", 0.7, 1, "0.90-0.98", "share", "LFP round trip about 0.85-0.92"),
    Plausible("Storage", "eta_discharge", "battery", 0.7, 1, "0.90-0.98", "share", "LFP round trip about 0.85-0.92"),
    Plausible("Storage", "self_discharge_per_h", None, 0, 0.05, "0-0.005", "1/h",
              "a store losing 5 % an hour is empty in a day; batteries lose about 0.0002/h (SOURCES.md)"),
    Plausible("Storage", "lifetime_yr", None, 3, 60, "10-25", "yr", _LIFE),
    Plausible("Storage", "max_new_mw", None, 0, 50_000, "up to a few thousand", "MW", _SIZE),
    Plausible("Storage", "max_new_mwh", None, 0, 200_000, "up to tens of thousands", "MWh", _SIZE),
    Plausible("HeatSupply", "capex_cny_per_kw", "heat_pump", 300, 20_000, "1,000-4,000", "CNY/kW",
              "industrial heat pumps, 2,000 CNY/kW of heat in the examples (SOURCES.md)"),
    Plausible("HeatSupply", "capex_cny_per_kw", "electric_boiler", 30, 5000, "100-800", "CNY/kW", "boilers (SOURCES.md)"),
    Plausible("HeatSupply", "capex_cny_per_kw", "fuel_boiler", 30, 5000, "100-800", "CNY/kW", "boilers (SOURCES.md)"),
    Plausible("HeatSupply", "efficiency", "heat_pump", 1, 8, "2.5-5 (a COP)", "-", "industrial heat pumps' COP"),
    Plausible("HeatSupply", "efficiency", "electric_boiler", 0.8, 1, "0.95-0.99", "share", "resistive and electrode boilers"),
    Plausible("HeatSupply", "efficiency", "fuel_boiler", 0.5, 1, "0.85-0.95", "share", "gas and coal boilers"),
    Plausible("HeatSupply", "lifetime_yr", None, 5, 60, "15-25", "yr", _LIFE),
    Plausible("HeatSupply", "max_new_mw", None, 0, 50_000, "up to a few thousand", "MW", _SIZE),
    Plausible("Fuels", "price_cny_per_mwh", None, 20, 3000, "100-600 (coal about 140, gas about 380)", "CNY/MWh",
              "coal at about 900 CNY/t and gas at 3-4 CNY/m³, per MWh of fuel energy (SOURCES.md)"),
    Plausible("Fuels", "tce_per_mwh", None, 0.1, 0.15, "0.1229 for every fuel", "tce/MWh",
              "1 MWh of fuel energy is 0.1229 tce by the definition of tce (GB/T 2589)"),
    Plausible("Fuels", "co2_t_per_mwh", None, 0.05, 0.45, "0.20 gas, 0.27 oil, 0.34 coal", "tCO2/MWh",
              "IPCC 2006 default factors per MWh of fuel (SOURCES.md)"),
    Plausible("DirectLines", "capex_cny_per_km", None, 1e5, 3e7, "0.5-3 million", "CNY/km",
              "110-500 kV overhead lines (illustrative, SOURCES.md)"),
    Plausible("DirectLines", "fixed_capex_cny", None, 1e6, 1e10, "10-300 million", "CNY", "substations and bays"),
    Plausible("DirectLines", "length_km", None, 0, 2000, "10-300", "km", "a direct line connects a nearby plant"),
    Plausible("DirectLines", "capacity_mw", None, 0, 50_000, "100-1,000", "MW", _SIZE),
    Plausible("DirectLines", "loss_fraction", None, 0, 0.15, "0.01-0.05", "share", "losses of an overhead line"),
    Plausible("DirectLines", "fom_fraction_per_yr", None, 0, 0.1, "0.005-0.03", "share", "O&M of lines, share of capex"),
    Plausible("GreenMarket", "price_cny_per_mwh", "green_power", 0.5, 300, "10-50 (a premium)", "CNY/MWh",
              "green-power premiums of 2024-25 (SOURCES.md)",
              hint_high="is this the full price? The column is the premium over the grid price"),
    Plausible("GreenMarket", "price_cny_per_mwh", "gec", 0.1, 200, "1-50 a certificate", "CNY/MWh",
              "certificates traded at about 5 CNY in 2025 (NEA, SOURCES.md); 1 certificate = 1 MWh"),
    Plausible("Offsets", "price_cny_per_t", None, 1, 2000, "30-150", "CNY/tCO2", "CCER and carbon-sink prices"),
    Plausible("Targets", "value", "carbon_intensity_max", 0.01, 3, "0.2 or 0.3", "tCO2/tce",
              "发改环资〔2025〕910号: 0.2 (0.3 for parks of 1 Mtce/yr and more)"),
    Plausible("Tariff", "price_cny_per_mwh", None, 50, 3000, "200-1,500", "CNY/MWh",
              "Chinese industrial time-of-use prices (SOURCES.md)"),
    Plausible("Park", "discount_rate", None, 0.005, 0.2, "0.05-0.10", "share",
              "real discount rates; 0.08 is the social rate of 建设项目经济评价方法与参数 (SOURCES.md)"),
    Plausible("Park", "electricity_tce_per_mwh", None, 0.1, 0.4, "0.1229 (当量值) or about 0.30 (等价值)", "tce/MWh",
              "GB/T 2589-2020 (SOURCES.md)"),
    Plausible("Grid", "export_price_cny_per_mwh", None, 50, 3000, "250-450", "CNY/MWh", "燃煤发电基准价 (SOURCES.md)"),
    Plausible("Grid", "demand_charge_cny_per_kw_month", None, 5, 200, "20-50", "CNY/kW/month", "需量电价 (SOURCES.md)"),
    Plausible("Grid", "emission_factor_average", None, 0.2, 1.2, "0.5-0.65", "tCO2/MWh", "MEE/NBS 2023 (SOURCES.md)"),
    Plausible("Grid", "emission_factor_fossil", None, 0.5, 1.2, "about 0.83", "tCO2/MWh", "MEE/NBS 2023 (SOURCES.md)"),
    Plausible("Grid", "emission_factor_residual", None, 0.2, 1.2, "about 0.61", "tCO2/MWh", "MEE/NBS 2023 (SOURCES.md)"),
    Plausible("Grid", "import_max_mw", None, 0, 50_000, "up to a few thousand", "MW", _SIZE),
    Plausible("Grid", "export_max_mw", None, 0, 50_000, "up to a few thousand", "MW", _SIZE),
    Plausible("Profiles", "electric_load_mw", None, 0, 20_000, "10-2,000 at the peak", "MW", _SIZE),
    Plausible("Profiles", "heat_load_mw", None, 0, 20_000, "up to a few hundred at the peak", "MW", _SIZE),
    Plausible("Profiles", "price_cny_per_mwh", None, 50, 3000, "200-1,500", "CNY/MWh", "as Tariff"),
)

KIND_KEY = {"Renewables": "kind", "Storage": "kind", "HeatSupply": "kind", "GreenMarket": "product",
            "Targets": "indicator"}


def message(r: Plausible, value: float, what: str) -> str | None:
    """The warning for `value`, or None when it is plausible (or 0: none, free)."""
    if value == 0 or r.lo <= value <= r.hi:
        return None
    side = "low" if value < r.lo else "high"
    text = f"{value:,.6g} {r.unit if r.unit not in ('-', 'share') else ''}".rstrip()
    text += f" is implausibly {side} for {what} (typical {r.typical})"
    mistakes = [unit for factor, unit in UNIT_MISTAKES[r.unit] if r.lo <= value * factor <= r.hi]
    if side == "high" and r.hint_high:
        return f"{text}: {r.hint_high}"
    return text + (f": did you enter {mistakes[0]}?" if mistakes else ": check the value and its unit")


HINT_HIGH_ZH = {"is this the full price? The column is the premium over the grid price":
                "是否填了全价？此列是相对电网电价的溢价"}


def message_zh(r: Plausible, value: float, what: str) -> str | None:
    """The Chinese of `message` (the typical range and `what` as written in English)."""
    if value == 0 or r.lo <= value <= r.hi:
        return None
    side = "低" if value < r.lo else "高"
    text = f"{value:,.6g} {r.unit if r.unit not in ('-', 'share') else ''}".rstrip()
    text += f" 对 {what} 来说偏{side}（典型值 {r.typical}）"
    mistakes = [unit for factor, unit in UNIT_MISTAKES[r.unit] if r.lo <= value * factor <= r.hi]
    if side == "高" and r.hint_high:
        return f"{text}：{HINT_HIGH_ZH.get(r.hint_high, r.hint_high)}"
    return text + (f"：是否误填成了 {mistakes[0]}？" if mistakes else "：请检查数值和单位")


def check_plausibility(data, tables: dict, col) -> None:
    """Add a `plausibility` note for every value outside RANGES (`col` is the reader's collector,
    with the Excel rows of the Park and Grid parameters)."""
    for r in RANGES:
        if r.sheet in ("Park", "Grid"):
            values = data.park if r.sheet == "Park" else data.grid
            row = col.param_rows.get((r.sheet, r.column))
            if row is not None and isinstance(values.get(r.column), (int, float)):
                what = "the park" if r.sheet == "Park" else "the grid"
                text = message(r, values[r.column], what)
                if text:
                    col.note(r.sheet, row, f"value ({r.column})", "plausibility", text,
                             message_zh(r, values[r.column], "园区" if r.sheet == "Park" else "电网"))
        elif r.sheet == "Profiles":
            series = data.profiles.get(r.column)
            if series is not None and len(series):
                i = int(np.argmax(series))  # the peak: a load typed in kW shows there
                text = message(r, float(series[i]), f"{r.column} (its peak)")
                if text:
                    col.note("Profiles", i + 2, r.column, "plausibility", text,
                             message_zh(r, float(series[i]), f"{r.column}（峰值）"))
        else:
            for rec in tables.get(r.sheet, ()):
                kind = rec.get(KIND_KEY.get(r.sheet, ""), None)
                value = rec.get(r.column)
                if (r.kind is None or kind == r.kind) and isinstance(value, (int, float)) and rec.get("_row"):
                    text = message(r, value, kind or _row_id(r.sheet, rec))
                    if text:
                        col.note(r.sheet, rec["_row"], r.column, "plausibility", text,
                                 message_zh(r, value, kind or _row_id(r.sheet, rec)))


def _row_id(sheet: str, rec: dict) -> str:
    """A row's id for a message: a fuel, a line/option, an offset; the tariff's hour."""
    if sheet == "Tariff":
        return f"hour {rec.get('hour')} of the tariff"
    return "/".join(str(rec.get(k)) for k in schema.SHEETS_BY_NAME[sheet].key) or sheet


# ---- Process emission factors (910号 附件4 E工业过程) ----
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
