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

METHODS = ("average_factor", "fossil_factor", "market_based")


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


IMPORT, EXPORT, GREEN = "grid_import_mw", "grid_export_mw", "green_power_mw"
LOAD, HEAT_LOAD = "electric_load_mw", "heat_load_mw"


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
        "onsite_used": _total([cols[col_used(r)] for r in data.onsite_plants()], n),
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


def heat_balance(cols, data: ParkData):
    """Supply minus demand on the heat bus each step (MW):
    sum_h heat_out[h] + thermal discharge - thermal charge - heat_load = 0."""
    n = data.n_steps
    supply = _total([cols[col_heat(h)] for h in data.heat_supply], n)
    stores = data.thermal_stores()
    return (supply + _total([cols[col_discharge(s)] for s in stores], n)
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
        "import_mwh": annual(f["import"], w),
        "export_mwh": annual(f["export"], w),
        "import_ef_weighted_t": annual(f["import"] * data.grid_ef_hourly, w),
        "green_power_mwh": annual_vars["green_power_mwh"],
        "gec_mwh": annual_vars["gec_mwh"],
        "offsets_t": annual_vars.get("offsets_t", 0.0),
        "direct_available_mwh": annual(f["direct_available"], w),
        "direct_delivered_mwh": annual(f["direct_delivered"], w),
        "fuel_mwh": fuel,
    }


def relabelled_mwh(tot: dict, data: ParkData, method: str):
    """Grid imports re-labelled as green under a method (MWh/yr).
    average_factor: none; fossil_factor: green power (+ certificates if they count);
    market_based: green power + certificates."""
    if method == "average_factor":
        return 0.0
    if method == "fossil_factor" and not data.park["gec_counts_for_carbon"]:
        return tot["green_power_mwh"]
    return tot["green_power_mwh"] + tot["gec_mwh"]


def unlabelled_clean_share(data: ParkData, method: str) -> float:
    """Clean share of grid imports that are not re-labelled, consistent with each factor:
    average_factor: Grid clean_share; fossil_factor: 0 (the factor treats them as fossil);
    market_based: 1 - residual / fossil factor (the residual mix's non-fossil part)."""
    g = data.grid
    if method == "average_factor":
        return g["clean_share"]
    if method == "fossil_factor":
        return 0.0
    return max(0.0, 1.0 - g["emission_factor_residual"] / g["emission_factor_fossil"])


def intensity_limit(data) -> float | None:
    """carbon_intensity_max, or when it is enforced but blank, the 910号 threshold by energy class:
    0.3 tCO2/tce for parks using >= 1 Mtce/yr, else 0.2. The class is estimated from final
    demand: (electric + heat load) MWh/yr x electricity_tce_per_mwh (heat counted 1:1)."""
    t = data.targets.get("carbon_intensity_max")
    if t is None:
        return None
    if t.value is not None:
        return t.value
    demand_mwh = annual(data.electric_load + data.heat_load, data.weights)
    return 0.3 if demand_mwh * data.park["electricity_tce_per_mwh"] >= 1e6 else 0.2


def carbon(tot: dict, data: ParkData, method: str) -> dict:
    """Scope 1, scope 2, total tCO2/yr, energy tce/yr and clean tce/yr under one method.

    scope1 = sum_f fuel_f x co2_f
    scope2 = average_factor: sum_t w import_t ef_t;
             fossil_factor:  (import - relabelled) x ef_fossil;
             market_based:   (import - relabelled) x ef_residual
    tce    = electricity x tce_per_mwh + sum_f fuel_f x tce_f
    clean  = (electricity - fossil imports) x tce_per_mwh + sum_{clean f} fuel_f x tce_f,
             fossil imports = (import - relabelled) x (1 - unlabelled clean share)
    Exports earn no carbon credit. net CO2 = CO2 - offsets (offsets never enter the intensity).
    """
    g, e_tce = data.grid, data.park["electricity_tce_per_mwh"]
    fuels = data.fuels
    scope1 = sum(tot["fuel_mwh"][fu] * fuels[fu]["co2_t_per_mwh"] for fu in fuels)
    unlabelled = tot["import_mwh"] - relabelled_mwh(tot, data, method)
    if method == "average_factor":
        scope2 = tot["import_ef_weighted_t"]
    elif method == "fossil_factor":
        scope2 = unlabelled * g["emission_factor_fossil"]
    else:
        scope2 = unlabelled * g["emission_factor_residual"]
    tce = tot["electricity_mwh"] * e_tce + sum(tot["fuel_mwh"][fu] * fuels[fu]["tce_per_mwh"] for fu in fuels)
    fossil_import = unlabelled * (1.0 - unlabelled_clean_share(data, method))
    clean_tce = ((tot["electricity_mwh"] - fossil_import) * e_tce
                 + sum(tot["fuel_mwh"][fu] * fuels[fu]["tce_per_mwh"] for fu in fuels if fuels[fu]["clean"]))
    co2 = scope1 + scope2
    return {"scope1_t": scope1, "scope2_t": scope2, "co2_t": co2, "net_co2_t": co2 - tot["offsets_t"],
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
