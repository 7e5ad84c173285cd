"""One definition of every park quantity, used by the model and by the results alike.

Each function here is plain arithmetic on *columns*: a mapping from Dispatch column names
to per-time-step arrays. In the model the arrays hold Pyomo variables and expressions
(numpy object arrays), so the functions return constraint expressions; after the solve
they hold floats read from the Dispatch table, so the same functions return numbers.
That is how the constraints and the reported figures cannot disagree.

Units: flows in MW per time step; annual volumes in MWh/yr = w x sum over steps, with
w = hours_per_year / N (per-step weights with typical periods); carbon in tCO2/yr; energy in tce/yr.
"""
from __future__ import annotations

from collections.abc import Mapping

import numpy as np
from zcpark.core import technologies as techs
from zcpark.core.data import ParkData

# ndrc_910 first: the method acceptance is decided under (发改环资〔2025〕910号 附件3/附件4); the
# other three are reported side by side, so a plan that passes only by an accounting choice shows.
METHODS = ("ndrc_910", "average_factor", "fossil_factor", "market_based")
GJ_PER_MWH = 3.6
# Heat at its calorific value: 1 kgce = 29.3076 MJ (GB/T 2589-2020), so 1 GJ = 0.03412 tce.
HEAT_TCE_PER_GJ = 1.0 / 29.3076
# 910号 附件3: the core indicator's threshold by annual energy use at 等价值 (tce/yr).
ENERGY_CLASS_TCE = 1_000_000.0
CLASS_LIMITS = {"small": 0.2, "large": 0.3}  # tCO2/tce below / at or above ENERGY_CLASS_TCE


# ---- Dispatch column names (the contract between model, accounting and writer) ----
def col_available(tech): return f"{tech}_available_mw"
def col_used(tech): return f"{tech}_used_mw"
def col_sent(line): return f"{line}_sent_mw"
def col_delivered(line): return f"{line}_delivered_mw"
def col_charge(store): return f"{store}_charge_mw"
def col_discharge(store): return f"{store}_discharge_mw"
def col_soc(store): return f"{store}_soc_mwh"
def col_heat(tech): return f"{tech}_heat_mw"
def col_heat_elec(tech): return f"{tech}_elec_mw"
def col_fuel(tech): return f"{tech}_fuel_mw"
def col_draw(zone): return f"zone_{zone}_draw_mw"   # zone z takes from the common bus
def col_feed(zone): return f"zone_{zone}_feed_mw"   # zone z gives to the common bus


IMPORT, EXPORT, GREEN = "grid_import_mw", "grid_export_mw", "green_power_mw"
LOAD, HEAT_LOAD = "electric_load_mw", "heat_load_mw"
HEAT_BUY, HEAT_SELL = "heat_purchase_mw", "heat_sale_mw"  # heat bought from / sold outside the park
# A scope's columns only (core/attribution.py): green generation fed by other zones to the common bus and
# attributed to the scope, less what the scope's own zones fed; it adds to the scope's on-site generation used.
FEED_NET = "zone_feed_received_net_mw"


def _total(arrays: list, n: int):
    """Element-wise sum of a list of per-step arrays (zeros when the list is empty)."""
    out = np.zeros(n)
    for a in arrays:
        out = out + a
    return out


def annual(x, w):
    """Annual volume of a per-step flow: sum_t w[t] x[t] (MWh/yr for MW flows), w = data.weights
    (or a scalar). Equal weights are factored out, which keeps the model's expressions short."""
    x = np.asarray(x)
    w = np.asarray(w, dtype=float)
    if w.ndim and w.size and np.all(w == w[0]):
        w = w[0]
    if x.dtype == object:  # model expressions: Pyomo is loaded already whenever this runs
        from pyomo.environ import quicksum
        return float(w) * quicksum(x.tolist()) if w.ndim == 0 else quicksum((x * w).tolist())
    return float(np.sum(w * x))


def flows(cols: Mapping[str, np.ndarray], data: ParkData) -> dict[str, np.ndarray]:
    """Park-level flows per step (MW), aggregated from the Dispatch columns."""
    n = data.n_steps
    electric = techs.electric_heat_kinds()
    heat_elec = [cols[col_heat_elec(h)] for h, r in data.heat_supply.items() if r["kind"] in electric]
    return {
        "load": cols[LOAD],
        "heat_elec": _total(heat_elec, n),
        "charge": _total([cols[col_charge(s)] for s in data.batteries()], n),
        "discharge": _total([cols[col_discharge(s)] for s in data.batteries()], n),
        "onsite_used": _total([cols[col_used(r)] for r in data.onsite_plants()]
                              + ([cols[FEED_NET]] if FEED_NET in cols else []), n),
        "direct_delivered": _total([cols[col_delivered(l)] for l in data.lines], n),
        "direct_available": _total([cols[col_available(r)] for r in data.direct_plants()], n),
        "import": cols[IMPORT],
        "export": cols[EXPORT],
        "green_power": cols[GREEN],
    }


def electricity_balance(cols, data: ParkData):
    """Supply minus demand on the electricity bus each step (MW); zero in every feasible plan.

    onsite_used + direct_delivered + import + discharge
      - (load + heat_elec + charge + export) = 0
    """
    f = flows(cols, data)
    return (f["onsite_used"] + f["direct_delivered"] + f["import"] + f["discharge"]
            - f["load"] - f["heat_elec"] - f["charge"] - f["export"])


def zone_columns(cols, data: ParkData, zone: str) -> dict:
    """The columns of one zone seen as a small park whose grid is the park's common bus: its own
    assets' columns, its loads, import = its draw from the common bus, export = its feed to it (heat
    trade only when the zone holds the HeatTrade row). Use with data.restricted_to({zone})."""
    view = data.restricted_to({zone})
    out = {k: v for k, v in cols.items() if k not in (HEAT_BUY, HEAT_SELL)}
    out.update({LOAD: view.electric_load, HEAT_LOAD: view.heat_load, IMPORT: cols[col_draw(zone)],
                EXPORT: cols[col_feed(zone)]})
    for direction, column in (("purchase", HEAT_BUY), ("sale", HEAT_SELL)):
        if direction in view.heat_trade:
            out[column] = cols[column]
    return out


def zone_electricity_balance(cols, data: ParkData, zone: str):
    """Supply minus demand on zone z's bus each step (MW), electricity_balance of zone_columns:
    own onsite_used + draw + own discharge - (zone load + own heat_elec + own charge + feed) = 0."""
    return electricity_balance(zone_columns(cols, data, zone), data.restricted_to({zone}))


def zone_heat_balance(cols, data: ParkData, zone: str):
    """Heat balance of zone z (MW), heat_balance of zone_columns: heat stays inside its zone."""
    return heat_balance(zone_columns(cols, data, zone), data.restricted_to({zone}))


def common_bus_columns(cols, data: ParkData) -> dict:
    """The common bus's columns: its load is the zones' net draw, sum_z (draw_z - feed_z); the grid, the
    direct lines and the shared assets (blank zone) are its own. Use with data.restricted_to({""})."""
    n = data.n_steps
    net_draw = _total([cols[col_draw(z)] for z in data.zones], n) - _total([cols[col_feed(z)] for z in data.zones], n)
    out = {k: v for k, v in cols.items() if k not in (HEAT_BUY, HEAT_SELL)}
    out.update({LOAD: net_draw, HEAT_LOAD: np.zeros(n)})
    return out


def common_bus_balance(cols, data: ParkData):
    """Supply minus demand on the common bus each step (MW):
    shared onsite_used + direct_delivered + import + shared discharge + sum_z feed_z
      - (sum_z draw_z + shared charge + export) = 0.
    The zone balances and this one add up to the park's electricity_balance."""
    return electricity_balance(common_bus_columns(cols, data), data.restricted_to({""}))


def heat_balance(cols, data: ParkData):
    """Supply minus demand on the heat bus each step (MW):
    sum_h heat_out[h] + heat bought - heat sold + thermal discharge - thermal charge - heat_load = 0."""
    n = data.n_steps
    supply = _total([cols[col_heat(h)] for h in data.heat_supply], n)
    stores = data.thermal_stores()
    trade = _total([cols[HEAT_BUY]] if HEAT_BUY in cols else [], n) - _total(
        [cols[HEAT_SELL]] if HEAT_SELL in cols else [], n)
    return (supply + trade + _total([cols[col_discharge(s)] for s in stores], n)
            - _total([cols[col_charge(s)] for s in stores], n) - cols[HEAT_LOAD])


def electricity_demand(f):
    """Park electricity use at each step (MW): load + electricity for heat + net storage charging."""
    return f["load"] + f["heat_elec"] + f["charge"] - f["discharge"]


def matching_demand(f):
    """Demand to be matched hour by hour (MW): final electricity use, load + heat electricity."""
    return f["load"] + f["heat_elec"]


def carbon_free_supply(f, green_used):
    """Carbon-free supply to the park at each step (MW), net of what it stores and exports:
    onsite_used + direct_delivered + green_used + discharge - charge - export.
    `green_used` is contracted green power taken in that step (<= green_power, <= import).
    Charging is deducted when it happens and discharge credited when it happens, so
    storage filled from the grid adds no matched energy (it only loses its losses)."""
    return (f["onsite_used"] + f["direct_delivered"] + green_used
            + f["discharge"] - f["charge"] - f["export"])


def totals(cols, data: ParkData, annual_vars: Mapping[str, object]) -> dict:
    """Annual totals (MWh/yr; fuel per fuel id). `annual_vars` has green_power_mwh and gec_mwh."""
    w = data.weights
    f = flows(cols, data)
    fuel = {fu: 0.0 for fu in data.fuels}
    for h, r in data.heat_supply.items():
        if techs.role(r["kind"]).draws_from == techs.FUEL:
            fuel[r["fuel"]] = fuel[r["fuel"]] + annual(cols[col_fuel(h)], w)
    return {
        "electricity_mwh": annual(electricity_demand(f), w),
        "onsite_used_mwh": annual(f["onsite_used"], w),
        "import_mwh": annual(f["import"], w),
        "export_mwh": annual(f["export"], w),
        "import_ef_weighted_t": annual(f["import"] * data.grid_ef_hourly, w),
        "green_power_mwh": annual_vars["green_power_mwh"],
        "gec_mwh": annual_vars["gec_mwh"],
        "offsets_t": annual_vars.get("offsets_t", 0.0),
        "direct_available_mwh": annual(f["direct_available"], w),
        "direct_delivered_mwh": annual(f["direct_delivered"], w),
        "fuel_mwh": fuel,
        "heat_purchase_mwh": annual(cols[HEAT_BUY], w) if HEAT_BUY in cols else 0.0,
        "heat_sale_mwh": annual(cols[HEAT_SELL], w) if HEAT_SELL in cols else 0.0,
        "process_t": process_emissions_t(data),
    }


def process_emissions_t(data: ParkData) -> float:
    """Industrial process emissions (附件4 E工业过程), tCO2/yr: sum over ProcessEmissions of
    output x factor. A constant of the plan, counted in every method's numerator."""
    return sum(row["output"] * row["factor_t_per_unit"] for row in data.process.values())


def relabelled_mwh(tot: dict, data: ParkData, method: str):
    """Grid imports re-labelled as green under a method (MWh/yr).
    average_factor: none; fossil_factor and ndrc_910: green power (+ certificates if they
    count, Park gec_counts_for_carbon); market_based: green power + certificates."""
    if method == "average_factor":
        return 0.0
    if method in ("fossil_factor", "ndrc_910") and not data.park["gec_counts_for_carbon"]:
        return tot["green_power_mwh"]
    return tot["green_power_mwh"] + tot["gec_mwh"]


def unlabelled_clean_share(data: ParkData, method: str) -> float:
    """Clean share of grid imports that are not re-labelled, consistent with each factor:
    average_factor: Grid clean_share; fossil_factor and ndrc_910: 0 (their factor treats them as
    fossil; 附件4 puts every kWh that is neither direct-supplied nor green-traded at the fossil
    factor, and 附件3 does not define the clean share otherwise); market_based: 1 - residual /
    fossil factor (the residual mix's non-fossil part)."""
    g = data.grid
    if method == "average_factor":
        return g["clean_share"]
    if method in ("fossil_factor", "ndrc_910"):
        return 0.0
    return max(0.0, 1.0 - g["emission_factor_residual"] / g["emission_factor_fossil"])


def electricity_tce_per_mwh(data: ParkData, method: str) -> float:
    """tce per MWh of electricity use: 等价值 (Park electricity_tce_per_mwh_equivalent) under
    ndrc_910, as 附件3 says ("电力消费能耗按照等价值计算"); 当量值 (electricity_tce_per_mwh) otherwise."""
    if method == "ndrc_910":
        return data.park["electricity_tce_per_mwh_equivalent"]
    return data.park["electricity_tce_per_mwh"]


def electricity_tce_basis(method: str) -> str:
    """Which coefficient a method's tce uses, in words (Carbon and Summary say it)."""
    return "等价值 equivalent" if method == "ndrc_910" else "当量值 calorific"


def energy_class_limit(tce_equivalent: float) -> float:
    """910号 附件3 core threshold for a park using `tce_equivalent` tce/yr (at 等价值):
    0.3 tCO2/tce at or above 1,000,000 tce/yr, else 0.2."""
    return CLASS_LIMITS["large"] if tce_equivalent >= ENERGY_CLASS_TCE else CLASS_LIMITS["small"]


def estimated_tce_equivalent(data) -> float:
    """The park's energy use before the solve, for the energy class the model enforces:
    final demand (electric + heat load, heat counted 1:1 as electricity) x 等价值, tce/yr."""
    demand_mwh = annual(data.electric_load + data.heat_load, data.weights)
    return demand_mwh * data.park["electricity_tce_per_mwh_equivalent"]


def intensity_limit(data) -> float | None:
    """carbon_intensity_max as the model enforces it: its value, or when it is enforced but
    blank, the 910号 threshold of the energy class estimated before the solve
    (energy_class_limit of estimated_tce_equivalent). The Acceptance sheet re-checks the class
    on the solved plan's tce (results/national_rules.py)."""
    t = data.targets.get("carbon_intensity_max")
    if t is None:
        return None
    if t.value is not None:
        return t.value
    return energy_class_limit(estimated_tce_equivalent(data))


def credited_exports_mwh(tot: dict, data: ParkData):
    """Exports netted from grid imports under ndrc_910 (附件4: E电 = sum 受入 x Ef - sum 送出 x Ef):
    all exports, unless the park sells the green certificates of what it exports (Grid
    export_certificates_sold = yes): the green attribute is then sold once already, so the
    export earns no credit (no double counting)."""
    return 0.0 if data.grid["export_certificates_sold"] else tot["export_mwh"]


def heat_trade_t(tot: dict, data: ParkData) -> tuple:
    """(tCO2 in heat bought, tCO2 in heat sold): MWh x 3.6 GJ/MWh x factor_t_per_gj of its
    HeatTrade row (附件4: fossil heat at its measured factor or 0.11 tCO2/GJ, non-fossil at 0)."""
    def t(direction, mwh):
        row = data.heat_trade.get(direction)
        return mwh * GJ_PER_MWH * row["factor_t_per_gj"] if row else 0.0
    return t("purchase", tot["heat_purchase_mwh"]), t("sale", tot["heat_sale_mwh"])


def heat_trade_tce(tot: dict, data: ParkData, clean_only: bool = False):
    """Net heat bought at its calorific value, tce/yr: (bought - sold) x 3.6 x 0.03412; with
    `clean_only`, only the rows marked non-fossil (they count as clean energy)."""
    def part(direction, mwh):
        row = data.heat_trade.get(direction)
        if not row or (clean_only and row["fossil"]):
            return 0.0
        return mwh * GJ_PER_MWH * HEAT_TCE_PER_GJ
    return part("purchase", tot["heat_purchase_mwh"]) - part("sale", tot["heat_sale_mwh"])


def carbon(tot: dict, data: ParkData, method: str) -> dict:
    """Scope 1, process, scope 2, total tCO2/yr, energy tce/yr and clean tce/yr under one method.

    scope1  = sum_f fuel_f x co2_f
    process = sum_p output_p x factor_p (ProcessEmissions; every method)
    scope2  = electricity + heat bought:
      ndrc_910:       (import - relabelled - credited exports) x ndrc_910_emission_factor
                      + heat bought x Hf - heat sold x Hf      (net: 附件4 E电 + E热; not clamped)
      average_factor: sum_t w import_t ef_t + heat bought x Hf;
      fossil_factor:  (import - relabelled) x ef_fossil + heat bought x Hf;
      market_based:   (import - relabelled) x ef_residual + heat bought x Hf
    tce     = electricity x tce_per_mwh(method) + sum_f fuel_f x tce_f + (heat bought - sold) x 0.03412 x 3.6,
              tce_per_mwh: 等价值 under ndrc_910, 当量值 otherwise
    clean   = (electricity - fossil imports) x tce_per_mwh + sum_{clean f} fuel_f x tce_f + non-fossil heat net,
              fossil imports = (import - relabelled) x (1 - unlabelled clean share)
    Exports (and heat sold) earn no carbon credit except under ndrc_910.
    net CO2 = CO2 - offsets (offsets never enter the intensity).
    """
    g, e_tce = data.grid, electricity_tce_per_mwh(data, method)
    fuels = data.fuels
    scope1 = sum(tot["fuel_mwh"][fu] * fuels[fu]["co2_t_per_mwh"] for fu in fuels)
    unlabelled = tot["import_mwh"] - relabelled_mwh(tot, data, method)
    heat_in_t, heat_out_t = heat_trade_t(tot, data)
    export_credit = 0.0
    if method == "ndrc_910":
        factor = data.park["ndrc_910_emission_factor"]
        export_credit = credited_exports_mwh(tot, data) * factor
        electricity_t = unlabelled * factor - export_credit
        heat_t = heat_in_t - heat_out_t
    else:
        electricity_t = {"average_factor": tot["import_ef_weighted_t"],
                         "fossil_factor": unlabelled * g["emission_factor_fossil"],
                         "market_based": unlabelled * g["emission_factor_residual"]}[method]
        heat_t = heat_in_t
    scope2 = electricity_t + heat_t
    tce = (tot["electricity_mwh"] * e_tce + sum(tot["fuel_mwh"][fu] * fuels[fu]["tce_per_mwh"] for fu in fuels)
           + heat_trade_tce(tot, data))
    fossil_import = unlabelled * (1.0 - unlabelled_clean_share(data, method))
    clean_tce = ((tot["electricity_mwh"] - fossil_import) * e_tce
                 + sum(tot["fuel_mwh"][fu] * fuels[fu]["tce_per_mwh"] for fu in fuels if fuels[fu]["clean"])
                 + heat_trade_tce(tot, data, clean_only=True))
    co2 = scope1 + tot["process_t"] + scope2
    return {"scope1_t": scope1, "process_t": tot["process_t"], "scope2_t": scope2, "heat_t": heat_t,
            "export_credit_t": export_credit, "co2_t": co2, "net_co2_t": co2 - tot["offsets_t"],
            "tce": tce, "clean_tce": clean_tce}


# ---- Numbers only (after the solve) ----
def hourly_matching(cols, data: ParkData) -> dict[str, np.ndarray]:
    """Per step: demand to match, carbon-free supply and matched = min(demand, supply).

    matched is negative in a step where the park stores grid power beyond its carbon-free
    supply: that debit is what keeps grid-charged storage from counting as green later."""
    f = flows(cols, data)
    green_used = np.minimum(f["green_power"], f["import"])
    demand = matching_demand(f)
    supply = carbon_free_supply(f, green_used)
    return {"demand_mw": demand, "carbon_free_mw": supply,
            "matched_mw": np.minimum(demand, supply)}


def direct_supply_mwh(tot: dict):
    """Green power supplied to the park directly, not through the public grid (MWh/yr):
    on-site renewables used + direct-line delivery - exports (the park exports only its own
    green generation, so exports are taken from this supply). 附件4: "园区用电应优先通过绿色电力
    直接供应满足，原则上直接供应比例不低于50%"."""
    return tot["onsite_used_mwh"] + tot["direct_delivered_mwh"] - tot["export_mwh"]


def direct_supply_share(tot: dict) -> float:
    """Direct-supply share: direct_supply_mwh / park electricity use (NaN without electricity use)."""
    use = tot["electricity_mwh"]
    return direct_supply_mwh(tot) / use if use > 0 else float("nan")


def direct_ratios(tot: dict, data: ParkData) -> dict[str, float]:
    """The three 650号 ratios. All park exports are attributed to the direct plants
    (conservative: a park cannot lower its feed-in by relabelling exports as on-site)."""
    avail = tot["direct_available_mwh"]
    self_used = tot["direct_delivered_mwh"] - tot["export_mwh"]
    if avail <= 0:  # no direct plant can deliver: the rules do not apply
        return dict.fromkeys(("direct_self_use", "direct_consumption_share", "direct_feed_in"), float("nan"))
    return {
        "direct_self_use": self_used / avail if avail > 0 else float("nan"),
        "direct_consumption_share": self_used / tot["electricity_mwh"] if tot["electricity_mwh"] > 0 else float("nan"),
        "direct_feed_in": tot["export_mwh"] / avail if avail > 0 else float("nan"),
    }
