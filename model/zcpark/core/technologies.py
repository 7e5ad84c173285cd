"""The technology registry: every technology kind declares its roles here, once.

A *kind* is what a consultant writes in the `kind` column of Renewables, Storage or HeatSupply
(and `direct_line` for the DirectLines sheet). Its roles say which component models it, which
bus it draws from and feeds, and whether it is a variable renewable or a store; its labels and
colour are what the results show. Everything else asks the registry instead of keeping its own
list: the workbook schema (the `kind` choices), accounting (electric heat, fuel use), ParkData
(batteries, thermal stores), the electricity balance by source, the Dashboard and report labels
and colours, the diagnosis' levers and the sensitivity parameters (after REopt.jl's techs.jl).

Adding a kind to an existing family is one entry in TECHNOLOGIES; adding a family (a new
component) is the checklist in docs/adding_a_technology.md.

No Pyomo and no Excel here: plain data, imported by every stage.
"""
from __future__ import annotations

from dataclasses import dataclass

ELECTRICITY, HEAT, FUEL = "electricity", "heat", "fuel"


@dataclass(frozen=True)
class Technology:
    """One kind and its roles.

    sheet: the input sheet whose rows are of this kind; family: the component that models it
    (core/components/<family>.py); draws_from: the bus it takes energy from (None: an ambient
    resource such as sun, wind or waste heat, given as a Profiles column); feeds: the bus it
    supplies; renewable: variable renewable generation (a capacity-factor profile), shown as an
    on-site source of the electricity balance; storage: a store on bus `feeds`;
    sensitivity: the sensitivity parameter that scales its capex columns (None: not varied)."""
    kind: str
    sheet: str
    family: str
    label_zh: str
    label_en: str
    colour: str                     # RGB hex without '#', for charts
    draws_from: str | None
    feeds: str
    renewable: bool = False
    storage: bool = False
    capex_columns: tuple[str, ...] = ()
    sensitivity: str | None = None


TECHNOLOGIES: dict[str, Technology] = {t.kind: t for t in (
    Technology("pv", "Renewables", "renewables", "光伏", "PV", "F2B701", None, ELECTRICITY, renewable=True,
               capex_columns=("capex_cny_per_kw",), sensitivity="pv_capex"),
    Technology("wind", "Renewables", "renewables", "风电", "wind", "3C8DBC", None, ELECTRICITY, renewable=True,
               capex_columns=("capex_cny_per_kw",), sensitivity="wind_capex"),
    Technology("battery", "Storage", "storage", "电池储能", "battery", "8E44AD", ELECTRICITY, ELECTRICITY,
               storage=True, capex_columns=("capex_cny_per_kw", "capex_cny_per_kwh"), sensitivity="storage_capex"),
    Technology("thermal", "Storage", "storage", "储热", "thermal store", "D35400", HEAT, HEAT,
               storage=True, capex_columns=("capex_cny_per_kw", "capex_cny_per_kwh"), sensitivity="storage_capex"),
    Technology("heat_pump", "HeatSupply", "heat", "热泵", "heat pump", "16A085", ELECTRICITY, HEAT),
    Technology("electric_boiler", "HeatSupply", "heat", "电锅炉", "electric boiler", "2980B9", ELECTRICITY, HEAT),
    Technology("fuel_boiler", "HeatSupply", "heat", "燃料锅炉", "fuel boiler", "7F8C8D", FUEL, HEAT),
    Technology("waste_heat", "HeatSupply", "heat", "余热", "waste heat", "E67E22", None, HEAT),
    Technology("direct_line", "DirectLines", "lines", "绿电直连线路", "direct line", "00A6A6", ELECTRICITY, ELECTRICITY,
               capex_columns=("capex_cny_per_km", "fixed_capex_cny"), sensitivity="line_capex"),
)}


@dataclass(frozen=True)
class Limit:
    """A new-build maximum: its column, the design variable its component bounds with it, the unit,
    and the price columns of one more unit (capex per kW or kWh, fixed O&M per kW-yr or None)."""
    column: str
    variable: str
    unit: str
    capex_column: str
    fom_column: str | None = None


@dataclass(frozen=True)
class Family:
    """A component family: its sheet, the ParkData table of its rows, and its new-build limits
    (the levers the diagnosis may move, unless a row says `hard_limit`)."""
    name: str
    sheet: str
    table: str
    limits: tuple[Limit, ...]


FAMILIES: dict[str, Family] = {f.name: f for f in (
    Family("renewables", "Renewables", "renewables",
           (Limit("max_new_mw", "cap_new_ren", "MW", "capex_cny_per_kw", "fom_cny_per_kw_yr"),)),
    Family("storage", "Storage", "storage",
           (Limit("max_new_mw", "cap_new_p", "MW", "capex_cny_per_kw", "fom_cny_per_kw_yr"),
            Limit("max_new_mwh", "cap_new_e", "MWh", "capex_cny_per_kwh"))),
    Family("heat", "HeatSupply", "heat_supply",
           (Limit("max_new_mw", "cap_new_heat", "MW", "capex_cny_per_kw", "fom_cny_per_kw_yr"),)),
)}


def register(tech: Technology) -> None:
    """Add a kind (before the workbook stage is imported: the schema's choices are read once)."""
    TECHNOLOGIES[tech.kind] = tech


def kinds(sheet: str) -> tuple[str, ...]:
    """The kinds a sheet's `kind` column accepts, in registry order."""
    return tuple(k for k, t in TECHNOLOGIES.items() if t.sheet == sheet)


def role(kind: str) -> Technology:
    return TECHNOLOGIES[kind]


def renewable_kinds() -> tuple[str, ...]:
    """Variable renewable kinds: each is an on-site source `onsite_<kind>` of the electricity balance."""
    return tuple(k for k, t in TECHNOLOGIES.items() if t.renewable)


def electric_heat_kinds() -> tuple[str, ...]:
    """Heat converters that draw electricity (their input is part of park electricity use)."""
    return tuple(k for k, t in TECHNOLOGIES.items() if t.feeds == HEAT and t.draws_from == ELECTRICITY)


def sensitivity_groups() -> dict[str, tuple[str, ...]]:
    """Sensitivity parameter -> the kinds whose capex it scales (registry order)."""
    groups: dict[str, list[str]] = {}
    for k, t in TECHNOLOGIES.items():
        if t.sensitivity:
            groups.setdefault(t.sensitivity, []).append(k)
    return {name: tuple(ks) for name, ks in groups.items()}


def kind_labels() -> dict[str, str]:
    """kind -> Chinese label (results tables show it next to the kind id)."""
    return {k: t.label_zh for k, t in TECHNOLOGIES.items()}
