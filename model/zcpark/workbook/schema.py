"""The input workbook contract as data (contract v1 + the v2 acceptance additions; the user's copy
is docs/workbook.md, whose sheet reference is written from this module by `make docs`).

One table drives the reader, the validator and the template's README sheet, so a column
is described in exactly one place. Each sheet is either a *parameter* sheet (rows of
`parameter`, `value`) or a *table* sheet (one row per item, columns as below).
"""
from __future__ import annotations

from dataclasses import dataclass

from zcpark.core.accounting import METHODS
from zcpark.core.technologies import kinds
from zcpark.language import DEFAULT as DEFAULT_LANGUAGE, LANGUAGES

INF = float("inf")
# 等价值 of electricity (tce/MWh): national average coal use of power supply (供电标准煤耗),
# about 300 gce/kWh; the figure, its year and its status are in data/SOURCES.md.
ELECTRICITY_TCE_EQUIVALENT = 0.300
NDRC_910_GRID_FACTOR = 0.8325       # tCO2/MWh, written in 910号 附件4 (0.8325 kgCO2/kWh)
NDRC_910_HEAT_FACTOR = 0.11         # tCO2/GJ, 附件4's default for fossil heat


@dataclass(frozen=True)
class Field:
    """One column of a table sheet, or one parameter of a parameter sheet.

    kind: "text", "number", "int", "yesno", or "choice" (then `choices` lists them).
    required: a blank cell is an error. Otherwise a blank takes `default`
    (None means "not given", e.g. an unlimited bound).
    lo, hi: inclusive range for numbers.
    role: "capex" (an investment cost: no default on a row that offers new capacity, see
    validate.check_investment_costs), "cost" (a price or O&M cost) or "limit" (a bound). A
    table sheet with rows must have every column that has a role: a missing cost or limit
    column would otherwise read as 0 or unlimited on every row.
    blank_means: what a blank cell means when `default` is None (e.g. "unlimited"), for the
    Warnings sheet and the template; "" when a blank simply means "not given".
    fraction: the column holds a share or fraction, so text such as "10%" reads as 0.1.
    max_abs: larger magnitudes are errors (they break the solver's numerics; a unit mistake).
    """

    name: str
    kind: str = "number"
    required: bool = False
    default: object = None
    lo: float = -INF
    hi: float = INF
    unit: str = ""
    doc: str = ""
    choices: tuple[str, ...] = ()
    role: str = ""
    blank_means: str = ""
    fraction: bool = False
    max_abs: float = 1e9


@dataclass(frozen=True)
class Sheet:
    name: str
    kind: str  # "params" or "table"
    fields: tuple[Field, ...]
    doc: str = ""
    required: bool = True
    key: tuple[str, ...] = ()  # columns that identify a row (unique)

    def field(self, name: str) -> Field:
        return next(f for f in self.fields if f.name == name)


def _num(name, unit="", doc="", **kw):
    return Field(name, "number", unit=unit, doc=doc, **kw)


PARK = Sheet("Park", "params", (
    Field("name", "text", required=True, doc="park name (any text, Chinese included)"),
    Field("province", "text", default="", doc="for documentation and presets"),
    _num("discount_rate", "1/yr", "real discount rate for annualizing capex; also the NPV and IRR rate of the results' Finance sheet", default=0.08, lo=0.0, hi=0.99, fraction=True),
    _num("hours_per_year", "h", "annual volumes = hours_per_year / rows in Profiles x sum", default=8760.0, lo=1.0, hi=8784.0),
    _num("electricity_tce_per_mwh", "tce/MWh", "energy-statistics coefficient for electricity (当量值, calorific "
         "value); the tce of average_factor, fossil_factor and market_based", default=0.1229, lo=0.0, hi=1.0),
    _num("electricity_tce_per_mwh_equivalent", "tce/MWh",
         "等价值 (equivalent value: coal used to supply 1 MWh, the year's national 供电标准煤耗); the tce of "
         "ndrc_910 and of the energy class (910号 附件3: 电力消费能耗按照等价值计算). Default: see data/SOURCES.md; "
         "set the figure of your statistics year", default=ELECTRICITY_TCE_EQUIVALENT, lo=0.0, hi=1.0),
    _num("ndrc_910_emission_factor", "tCO2/MWh", "grid electricity under ndrc_910: the national fossil power factor "
         "written in 910号 附件4", default=NDRC_910_GRID_FACTOR, lo=0.0, hi=2.0),
    Field("carbon_method", "choice", default="ndrc_910", choices=METHODS,
          doc="accounting method the carbon targets are enforced under; ndrc_910 = 910号 附件3/附件4, the method "
              "acceptance is decided under (the others are shown side by side as a check)"),
    Field("gec_counts_for_carbon", "yesno", default=False, doc="whether green certificates reduce counted grid emissions"),
    _num("base_year", "yr", "base year of the absolute-reduction report (blank: none)", lo=1900, hi=2100),
    _num("base_year_co2_t", "tCO2/yr", "the park's emissions in the base year (blank: none)", lo=0.0),
    Field("acceptance_year", "int", lo=1900, hi=2100, unit="yr",
          doc="with a Years sheet: the year whose plan is judged at acceptance (验收) and shown in Acceptance and "
              "Dispatch (blank: the last listed year)"),
    Field("typical_days", "int", lo=1, hi=365, unit="days",
          doc="size on this many typical days (+ the peak-load and least-renewable days), then check the plan "
              "on the full horizon (Validation sheet); blank: size on the full horizon"),
    Field("language", "choice", default="", choices=LANGUAGES,
          doc=f"language of the console's messages (input problems, verdict, exit messages): zh, en or both "
              f"(blank: {DEFAULT_LANGUAGE}); the command line's --lang wins. Workbooks stay bilingual"),
), doc="Park-wide parameters: one row per parameter.")

TARGET_INDICATORS = {
    "carbon_intensity_max": ("tCO2/tce", "tCO2 per tce of park energy consumption (NDRC core indicator)"),
    "clean_energy_share_min": ("share", "clean share of energy consumption, tce basis"),
    "hourly_matching_min": ("share", "share of electricity consumption matched hour by hour with carbon-free supply"),
    "co2_cap_t": ("tCO2/yr", "absolute CO2 cap"),
    "direct_self_use_min": ("share", "direct-connection rule: self-used share of the direct plants' available generation"),
    "direct_consumption_share_min": ("share", "direct-connection rule: share of park electricity consumption from direct plants"),
    "direct_feed_in_max": ("share", "direct-connection rule: exported energy as share of the direct plants' available generation"),
    "net_co2_max_t": ("tCO2/yr", "net emissions after offsets (Offsets sheet); 0 = net zero. Offsets never count for intensity"),
    "direct_supply_share_min": ("share", "910号 附件4: share of park electricity use supplied directly by green power "
                                "(on-site and direct-line renewables used in the park, exports deducted); 原则上 >= 0.5. "
                                "Reported at 0.5 when the sheet has no row"),
}

# 910号 附件3 guiding indicators entered as data (Guiding sheet): id -> (limit, "min" | "max", unit, meaning).
GUIDING_INDICATORS = {
    "product_energy_vs_grade2_max": (1.0, "max", "ratio", "园区企业产出产品单位能耗: product energy use per unit / the "
                                     "grade-2 limit of its national energy-consumption-limit standard (<= 1 passes), "
                                     "or yes / no (meets grade 2 or better)"),
    "solid_waste_utilisation_min": (0.8, "min", "share", "工业固体废弃物综合利用率 (>= 80 %)"),
    "waste_energy_utilisation_min": (0.5, "min", "share", "余热/余冷/余压综合利用率: weighted average of the three "
                                     "(>= 50 %)"),
    "water_reuse_min": (0.8, "min", "share", "工业用水重复利用率 (>= 80 %)"),
}

TARGETS = Sheet("Targets", "table", (
    Field("indicator", "choice", required=True, choices=tuple(TARGET_INDICATORS), doc="which target"),
    _num("value", "", "the limit, in the unit of its indicator (see below)", lo=0.0, role="limit"),
    Field("enforce", "yesno", default=True, doc="yes: a constraint of the plan; no: reported only"),
    Field("scope", "choice", choices=("boundary", "park"),
          doc="with a Zones sheet: `boundary` (blank; the zones in_boundary, the pilot area) or `park` (the whole "
              "host park); the direct-line rules (direct_*) always apply to the park; without Zones: the park"),
), key=("indicator",), doc="Targets the plan must meet (enforce yes) or is only checked against (enforce no).")

_COST = dict(lo=0.0, role="cost")
_CAPEX = dict(lo=0.0, role="capex")  # no default: required on rows that offer new capacity
_UNLIMITED = dict(lo=0.0, role="limit", blank_means="unlimited")
RENEWABLES = Sheet("Renewables", "table", (
    Field("tech", "text", required=True, doc="unique id"),
    Field("kind", "choice", required=True, choices=kinds("Renewables"),
          doc="the technology (the kinds are declared in the technology registry)"),
    Field("site", "text", default="onsite", doc="`onsite` or a `line` id of DirectLines"),
    Field("profile", "text", required=True, doc="Profiles column with its capacity factor 0-1"),
    _num("capex_cny_per_kw", "CNY/kW", "investment per kW of new capacity", **_CAPEX),
    _num("fom_cny_per_kw_yr", "CNY/kW/yr", "fixed O&M on total capacity", default=0.0, **_COST),
    _num("vom_cny_per_mwh", "CNY/MWh", "variable O&M on generation used", default=0.0, **_COST),
    _num("lifetime_yr", "yr", "economic lifetime", default=25.0, lo=1.0),
    _num("existing_mw", "MW", "capacity already built", default=0.0, lo=0.0),
    _num("max_new_mw", "MW", "upper bound on new capacity (blank: unlimited)", **_UNLIMITED),
    _num("max_new_mw_per_year", "MW", "upper bound on the capacity built in any one year of a pathway (Years sheet), "
         "or on the single build without one (blank: no yearly bound)", lo=0.0),
    _num("min_new_mw", "MW", "if > 0: build nothing or at least this", default=0.0, lo=0.0, role="limit"),
    _num("unit_mw", "MW", "if set: new capacity is a whole number of units", lo=0.0),
    Field("hard_limit", "yesno", default=False,
          doc="yes: max_new_* is a physical limit (a roof, a site area); an infeasibility diagnosis never proposes to raise it"),
    Field("zone", "text", default="", doc="with a Zones sheet: the zone whose bus the row is on (blank: the park's "
          "common bus); a plant behind a direct line is on the common bus"),
), key=("tech",), doc="One row per candidate PV or wind plant.")

STORAGE = Sheet("Storage", "table", (
    Field("tech", "text", required=True),
    Field("kind", "choice", required=True, choices=kinds("Storage"),
          doc="battery on the electricity bus, thermal on the heat bus"),
    _num("capex_cny_per_kw", "CNY/kW", "investment per kW of new power capacity (blank: 0 if capex_cny_per_kwh is given)",
         **_CAPEX),
    _num("capex_cny_per_kwh", "CNY/kWh", "investment per kWh of new energy capacity (blank: 0 if capex_cny_per_kw is given)",
         **_CAPEX),
    _num("fom_cny_per_kw_yr", "CNY/kW/yr", "fixed O&M on total power capacity", default=0.0, **_COST),
    _num("lifetime_yr", "yr", default=15.0, lo=1.0),
    _num("eta_charge", "-", "charging efficiency", default=0.95, lo=1e-3, hi=1.0, fraction=True),
    _num("eta_discharge", "-", "discharging efficiency", default=0.95, lo=1e-3, hi=1.0, fraction=True),
    _num("self_discharge_per_h", "1/h", "share of stored energy lost per hour", default=0.0, lo=0.0, hi=1.0, fraction=True),
    _num("e2p_min_h", "h", "minimum energy/power ratio", default=0.0, lo=0.0, role="limit"),
    _num("e2p_max_h", "h", "maximum energy/power ratio (blank: none)", lo=0.0, role="limit", blank_means="no maximum"),
    _num("existing_mw", "MW", default=0.0, lo=0.0),
    _num("existing_mwh", "MWh", default=0.0, lo=0.0),
    _num("max_new_mw", "MW", "blank: unlimited", **_UNLIMITED),
    _num("max_new_mwh", "MWh", "blank: unlimited", **_UNLIMITED),
    _num("max_new_mw_per_year", "MW", "upper bound on the capacity built in any one year of a pathway (Years sheet), "
         "or on the single build without one (blank: no yearly bound)", lo=0.0),
    _num("max_new_mwh_per_year", "MWh", "as max_new_mw_per_year, for the energy capacity", lo=0.0),
    Field("hard_limit", "yesno", default=False,
          doc="yes: max_new_* is a physical limit (a roof, a site area); an infeasibility diagnosis never proposes to raise it"),
    Field("zone", "text", default="", doc="with a Zones sheet: the zone whose bus the row is on (blank: the park's "
          "common bus); a thermal store must name the zone whose heat it serves"),
), key=("tech",), doc="One row per candidate store.")

HEAT_SUPPLY = Sheet("HeatSupply", "table", (
    Field("tech", "text", required=True),
    Field("kind", "choice", required=True, choices=kinds("HeatSupply"),
          doc="the converter (the kinds are declared in the technology registry)"),
    Field("fuel", "text", default="", doc="a Fuels id, for fuel_boiler"),
    _num("efficiency", "-", "COP for heat_pump, efficiency for boilers", lo=0.0, hi=10.0),
    Field("profile", "text", default="", doc="heat_pump: COP column; waste_heat: available MW column"),
    _num("capex_cny_per_kw", "CNY/kW", "per kW of heat output", **_CAPEX),
    _num("fom_cny_per_kw_yr", "CNY/kW/yr", default=0.0, **_COST),
    _num("vom_cny_per_mwh", "CNY/MWh", "per MWh of heat output", default=0.0, **_COST),
    _num("lifetime_yr", "yr", default=20.0, lo=1.0),
    _num("existing_mw", "MW", default=0.0, lo=0.0),
    _num("max_new_mw", "MW", "blank: unlimited", **_UNLIMITED),
    _num("max_new_mw_per_year", "MW", "upper bound on the capacity built in any one year of a pathway (Years sheet), "
         "or on the single build without one (blank: no yearly bound)", lo=0.0),
    Field("hard_limit", "yesno", default=False,
          doc="yes: max_new_* is a physical limit (a roof, a site area); an infeasibility diagnosis never proposes to raise it"),
    Field("zone", "text", default="", doc="with a Zones sheet: the zone whose heat load the row serves (required "
          "then: heat stays inside its zone)"),
), key=("tech",), required=False, doc="One row per candidate heat converter.")

FUELS = Sheet("Fuels", "table", (
    Field("fuel", "text", required=True),
    _num("price_cny_per_mwh", "CNY/MWh", "per MWh of fuel energy", required=True, **_COST),
    _num("tce_per_mwh", "tce/MWh", "energy-statistics coefficient", required=True, lo=0.0, hi=1.0),
    _num("co2_t_per_mwh", "tCO2/MWh", "combustion emissions", required=True, lo=0.0, hi=2.0),
    Field("clean", "yesno", default=False, doc="counts as clean energy (natural gas does, coal does not)"),
), key=("fuel",), required=False, doc="Fuels for fuel boilers, per MWh of fuel energy.")

DIRECT_LINES = Sheet("DirectLines", "table", (
    Field("line", "text", required=True, doc="line id, named by Renewables!site"),
    Field("option", "text", required=True, doc="build option id; at most one per line is built"),
    _num("capacity_mw", "MW", required=True, lo=0.0),
    _num("length_km", "km", default=0.0, lo=0.0),
    _num("capex_cny_per_km", "CNY/km", "(blank: 0 if fixed_capex_cny is given)", **_CAPEX),
    _num("fixed_capex_cny", "CNY", "substation, bays (blank: 0 if length_km and capex_cny_per_km are given)",
         max_abs=1e11, **_CAPEX),
    _num("loss_fraction", "-", "delivered = (1 - loss) x sent", default=0.0, lo=0.0, hi=0.999, fraction=True),
    _num("fom_fraction_per_yr", "1/yr", "fixed O&M as share of capex", default=0.0, lo=0.0, hi=1.0, role="cost",
         fraction=True),
    _num("lifetime_yr", "yr", default=40.0, lo=1.0),
), key=("line", "option"), required=False, doc="Green-power direct-connection (绿电直连) line options.")

GRID = Sheet("Grid", "params", (
    _num("import_max_mw", "MW", "blank: unlimited", **_UNLIMITED),
    Field("import_max_hard", "yesno", default=False,
          doc="yes: import_max_mw is the connection's physical limit; an infeasibility diagnosis never proposes to raise it"),
    _num("export_max_mw", "MW", "0: no export", default=0.0, lo=0.0, role="limit"),
    _num("export_price_cny_per_mwh", "CNY/MWh", default=0.0, role="cost"),
    _num("demand_charge_cny_per_kw_month", "CNY/kW/month", "on the year's peak import", default=0.0, **_COST),
    _num("emission_factor_average", "tCO2/MWh", "national or regional average", default=0.5306, lo=0.0, hi=2.0),
    _num("emission_factor_fossil", "tCO2/MWh", "fossil generation only", default=0.8273, lo=0.0, hi=2.0),
    _num("emission_factor_residual", "tCO2/MWh", "excluding market-traded non-fossil", default=0.6096, lo=0.0, hi=2.0),
    _num("clean_share", "share", "non-fossil share of grid power", default=0.359, lo=0.0, hi=1.0, fraction=True),
    Field("export_certificates_sold", "yesno", default=False,
          doc="yes: the park sells the green certificates of the power it exports, so under ndrc_910 its exports "
              "earn no carbon credit (a green attribute counts once); no: exports are netted from imports"),
), doc="Public-grid connection: limits, prices and emission factors.")

TARIFF = Sheet("Tariff", "table", (
    Field("hour", "int", required=True, lo=0, hi=23),
    Field("period", "text", default=""),
    _num("price_cny_per_mwh", "CNY/MWh", required=True, role="cost"),
), key=("hour",), doc="Time-of-use grid price by hour of day (24 rows).")

GREEN_MARKET = Sheet("GreenMarket", "table", (
    Field("product", "choice", required=True, choices=("green_power", "gec")),
    _num("price_cny_per_mwh", "CNY/MWh", "green power: premium over grid price; gec: certificate price", required=True,
         **_COST),
    _num("max_mwh_per_yr", "MWh/yr", "blank: unlimited (still bounded by grid imports)", **_UNLIMITED),
    Field("shape", "text", default="", doc="green power only: `flat` or a Profiles column (blank: flat)"),
    Field("hard_limit", "yesno", default=False,
          doc="yes: max_mwh_per_yr is all the market offers; an infeasibility diagnosis never proposes more"),
), key=("product",), required=False, doc="Green-power trading (绿电交易) and green certificates (绿证).")

OFFSETS = Sheet("Offsets", "table", (
    Field("offset", "text", required=True, doc="unique id"),
    Field("kind", "choice", default="other", choices=("ccer", "sink", "other"),
          doc="CCER (国家核证自愿减排量), carbon sink (碳汇) or other"),
    _num("price_cny_per_t", "CNY/tCO2", "price of one tonne", required=True, **_COST),
    _num("max_t_per_yr", "tCO2/yr", "most that can be bought (blank: unlimited)", **_UNLIMITED),
), key=("offset",), required=False,
    doc="Carbon offsets: they count toward net_co2_max_t (net zero), never toward the near-zero intensity.")

PROCESS_EMISSIONS = Sheet("ProcessEmissions", "table", (
    Field("product", "text", required=True, doc="product, e.g. cement_clinker, lime, ammonia, methanol, aluminium, "
                                                "crude_steel, ferroalloy, industrial_silicon, calcium_carbide"),
    _num("output", "unit/yr", "annual output of the product (in `unit`)", required=True, lo=0.0),
    Field("unit", "text", default="t", doc="unit of the output (the factor is per this unit)"),
    _num("factor_t_per_unit", "tCO2/unit", "process emission factor (required when output > 0); a value outside "
         "the plausible range of a named product is a warning", lo=0.0, hi=100.0),
    Field("factor_source", "text", default="", doc="where the factor comes from (附件4: provincial inventory, "
                                                   "verified plant data, ...)"),
    Field("zone", "text", default="", doc="with a Zones sheet: the zone whose enterprises emit it (required then)"),
), key=("product",), required=False,
    doc="Industrial process emissions (910号 附件4 E工业过程 = sum output x factor): counted in every accounting "
        "method's CO2, a constant of the plan.")

HEAT_TRADE = Sheet("HeatTrade", "table", (
    Field("direction", "choice", required=True, choices=("purchase", "sale"),
          doc="purchase: heat bought from outside the park; sale: heat sold outside"),
    _num("price_cny_per_mwh", "CNY/MWh", "price paid (purchase) or received (sale) per MWh of heat", required=True),
    _num("max_mw", "MW", "most heat bought or sold in any hour (blank: no limit)", lo=0.0),
    Field("fossil", "yesno", default=True, doc="heat from fossil fuels (yes) or non-fossil sources (no)"),
    _num("factor_t_per_gj", "tCO2/GJ", f"measured heat emission factor (blank: {NDRC_910_HEAT_FACTOR} when fossil, "
         "0 when non-fossil; 910号 附件4)", lo=0.0, hi=1.0),
    Field("zone", "text", default="", doc="with a Zones sheet: the zone whose heat load the row serves (required "
          "then: heat stays inside its zone)"),
), key=("direction",), required=False,
    doc="Heat bought from or sold to outside the park, on the heat bus (910号 附件4 E热 = bought x Hf - sold x Hf, "
        "net under ndrc_910; other methods count heat bought only). Energy use counts heat bought minus heat sold "
        "at its calorific value, 0.03412 tce/GJ. The park sells only heat its own converters make.")

GUIDING = Sheet("Guiding", "table", (
    Field("indicator", "choice", required=True, choices=tuple(GUIDING_INDICATORS), doc="which guiding indicator"),
    Field("value", "text", doc="the park's annual figure (a share 0-1; product_energy_vs_grade2_max: a ratio, or "
                               "yes / no); blank with a reason: left out of acceptance"),
    Field("reason", "text", default="", doc="why the indicator is left out (附件3: 可在申报材料中说明原因)"),
    Field("source", "text", default="", doc="where the figure comes from"),
), key=("indicator",), required=False,
    doc="910号 附件3 guiding indicators the model does not compute: a value each, or blank with a reason.")

SCENARIOS = Sheet("Scenarios", "table", (
    Field("scenario", "text", required=True),
    Field("sheet", "text", required=True),
    Field("key", "text", required=True),
    Field("column", "text", required=True),
    Field("value", "text"),
), required=False, doc="Each row overrides one cell of the base case.")

YEARS = Sheet("Years", "table", (
    Field("year", "int", required=True, lo=1900, hi=2100, doc="a year of the build pathway (strictly increasing)"),
    _num("load_scale", "-", "multiplies the Profiles electric_load_mw and heat_load_mw in that year (with Zones: every "
         "zone's load columns)", default=1.0,
         lo=0.0, hi=100.0),
    Field("years_represented", "int", lo=1, hi=100, unit="yr",
          doc="calendar years this row stands for in the NPV (blank: the gap to the next listed year; 1 for the last)"),
), key=("year",), required=False,
    doc="Build pathway (建设期路线图): plan capacity by build year, each year dispatched on its own data and held to its "
        "own targets; the plan minimises the NPV of the yearly costs (Summary npv_cny). Without this sheet: one year.")

YEAR_VALUES = Sheet("YearValues", "table", (
    Field("year", "int", required=True, lo=1900, hi=2100, doc="a year of the Years sheet: the value holds from it on"),
    Field("sheet", "text", required=True),
    Field("key", "text", required=True),
    Field("column", "text", required=True),
    Field("value", "text"),
), required=False, doc="What changes from year to year, written like Scenarios rows. A capex_* value is the price of "
                       "capacity built in that year; any other value applies to operation and decisions in that year. "
                       "Scenarios rows apply first, then YearValues.")

ZONES = Sheet("Zones", "table", (
    Field("zone", "text", required=True, doc="zone id (named by the zone column of Renewables, Storage, HeatSupply, "
                                             "HeatTrade, ProcessEmissions)"),
    Field("name", "text", default="", doc="the zone's name (any text)"),
    Field("in_boundary", "yesno", required=True, doc="yes: inside the zero-carbon pilot area (the boundary, 四至) "
                                                     "whose targets the plan meets; no: the rest of the host park"),
    Field("electric_load", "text", required=True, doc="the Profiles column with the zone's electric load, MW"),
    Field("heat_load", "text", default="", doc="the Profiles column with the zone's heat load, MW (blank: none)"),
    _num("link_max_mw", "MW", "capacity between the zone's bus and the park's common bus (grid connection, direct "
         "lines, shared assets), each direction (blank: no limit)", **_UNLIMITED),
), key=("zone",), required=False,
    doc="Park within a park (园中园): one row per zone, each with its own electricity bus linked to the common bus; "
        "the targets apply to the zones in_boundary unless a Targets row says scope = park. Without this sheet: one "
        "park, one bus.")

PROFILE_FIXED = (
    Field("hour", "int", required=True, lo=1, doc="1..N"),
    _num("electric_load_mw", "MW", "the park's electric load; with a Zones sheet the zones' columns are used "
         "instead (then it must not be here unless a zone names it)", required=True, lo=0.0),
    _num("heat_load_mw", "MW", "the park's heat load; with a Zones sheet, as electric_load_mw", lo=0.0),
    _num("price_cny_per_mwh", "CNY/MWh", "overrides Tariff hour by hour"),
    _num("grid_ef_t_per_mwh", "tCO2/MWh", "hourly average grid emission factor", lo=0.0, hi=2.0),
)

SHEETS = (PARK, TARGETS, RENEWABLES, STORAGE, HEAT_SUPPLY, FUELS, DIRECT_LINES, GRID, TARIFF, GREEN_MARKET, OFFSETS,
          PROCESS_EMISSIONS, HEAT_TRADE, GUIDING, SCENARIOS, YEARS, YEAR_VALUES, ZONES)
SHEETS_BY_NAME = {s.name: s for s in SHEETS}


def fraction_column(sheet: str, f: Field, indicator: str | None = None) -> bool:
    """Whether text such as "10%" reads as 0.1 in this cell: a share or fraction column, or the
    value of a Targets row whose indicator is a share."""
    if sheet == "Targets" and f.name == "value":
        return TARGET_INDICATORS.get(indicator, ("",))[0] == "share"
    return f.fraction
