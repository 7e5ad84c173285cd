"""Explain an infeasible park: the levers it can pull, what each costs, and what is out of reach.

1. **Levers** (targets hard). The park's own least-cost model with every limit the park can move
   made elastic, in the order a park pulls them: green power and certificates beyond the
   GreenMarket volumes (a product the sheet leaves out is offered at a documented default price,
   DEFAULT_OFFERS, and the message says so), then the registry's new-build maxima (storage, heat,
   renewables) and the grid import limit. A limit marked `hard_limit` (a roof, a site area; Grid
   `import_max_hard`) is never moved. Every unit beyond a limit costs its own price (market
   volume: the product's price; capacity: its annualised capex + fixed O&M; import: the demand
   charge) and the same again as a penalty (LEVER_PENALTY), so a limit moves only where the
   targets need it, not because more of something cheap would pay. Each lever used is one row
   with its cost in CNY/yr (the price, without the penalty).
2. **Targets**: the best achievable value of each enforced target with the limits as entered
   (minimum sum of relative violations); when even every lever is not enough, also with them.

On a horizon longer than LONG_HORIZON_DAYS both steps run on DIAGNOSIS_DAYS typical days
(seconds, not minutes); the lever plan is then confirmed on the full horizon with the levers
applied: first the typical-day plan itself, its design fixed and dispatched hour by hour with
every target hard (one LP: a full-year check's time, not a full sizing); if it cannot run on the
full horizon, one ordinary solve; if that fails too, the lever step runs again on the full horizon.
Slack variables are added around the built model, so the components stay free of diagnosis code.
"""
from __future__ import annotations

import dataclasses
from dataclasses import dataclass

import pandas as pd
from pyomo.environ import Constraint, NonNegativeReals, Objective, Var, minimize, value

from zcpark.core import technologies as techs
from zcpark.core.build import build_model
from zcpark.core.extract import extract
from zcpark.core.investment import annual_costs, per_kw
from zcpark.core.options import OBJECTIVE_SCALE
from zcpark.core.solve import solve
from zcpark.errors import InfeasibleError, SolverError
from zcpark.procedures import typical
from zcpark.procedures.elastic import elastic_targets
from zcpark.procedures.fullyear_check import dispatch_options, fix_design
from zcpark.results.sheets import acceptance_for

SLACK_TOL = 1e-6           # relative slack below this is no violation
# Offered when GreenMarket has no row for a product (CNY/MWh; data/SOURCES.md, "Diagnosis offers").
DEFAULT_OFFERS = {"green_power": 30.0, "gec": 5.2}
LEVER_PENALTY = 1.0        # x a lever's own price per unit beyond its limit
MIN_UNIT_COST = 1.0        # CNY/yr per unit: a free lever still is a change to the inputs
DIAGNOSIS_DAYS = 8
LONG_HORIZON_DAYS = 30
COLUMNS = ["step", "item", "limit", "value", "change", "cost_cny_per_yr", "message", "message_zh"]


@dataclass
class Lever:
    """One limit made elastic: where it is, its value as entered (None: product not offered),
    its slack, the cost of one more unit (CNY/yr per unit) and how to apply a new value to data."""
    group: str
    item: str
    limit: float | None
    unit: str
    slack: object
    unit_cost: float
    apply: object  # (ParkData, new value) -> ParkData


def _replace_row(data, table: str, key: str, column: str, new):
    """`data` with one cell of one of its tables replaced (the tables are copied, not changed)."""
    rows = {k: dict(r) for k, r in getattr(data, table).items()}
    rows[key][column] = new
    return dataclasses.replace(data, **{table: rows})


def _offer(data, product: str, max_mwh: float | None):
    """`data` with `product` on the market up to `max_mwh` (None: unlimited, still bounded by grid
    imports); a product the sheet leaves out comes at its DEFAULT_OFFERS price."""
    green = {k: dict(r) for k, r in data.green.items()}
    green.setdefault(product, {"product": product, "price_cny_per_mwh": DEFAULT_OFFERS[product], "shape": "flat",
                               "hard_limit": False, "_row": None})
    green[product]["max_mwh_per_yr"] = max_mwh
    return dataclasses.replace(data, green=green)


def _with_offers(data):
    """`data` with every market product the sheet leaves out offered (see `_offer`); returns
    (data, the products offered)."""
    missing = [p for p in DEFAULT_OFFERS if p not in data.green]
    for product in missing:
        data = _offer(data, product, None)
    return data, missing


def _free_derived_bounds(m, data) -> None:
    """Drop the per-step bounds derived from new-build maxima, so relaxing a maximum is enough."""
    for name in ("p_used", "p_charge", "p_discharge", "soc"):
        if hasattr(m, name):
            for v in getattr(m, name).values():
                v.setub(None)
    if hasattr(m, "q_heat"):
        for (h, t), v in m.q_heat.items():
            if techs.role(data.heat_supply[h]["kind"]).draws_from is not None:  # not an ambient resource
                v.setub(None)


def _release_whole_units(m, tech) -> None:
    """A relaxed maximum also lifts what it implies: the unit count's bound and the minimum-build
    upper constraint (max_new x build) of a renewable plant."""
    if hasattr(m, "n_units") and tech in m.n_units:
        m.n_units[tech].setub(None)
    if hasattr(m, "ren_max_build") and tech in m.ren_max_build:
        m.ren_max_build[tech].deactivate()


def _elastic_levers(m, data, offered: list[str]) -> list[Lever]:
    """Make every limit a park can move elastic (see the module docstring); returns the levers."""
    _free_derived_bounds(m, data)
    levers: list[Lever] = []

    def relax(var, limit, group, item, unit, unit_cost, apply):
        var.setub(None)
        s = Var(within=NonNegativeReals)
        m.add_component(f"slack_lever_{len(levers)}", s)
        m.add_component(f"elastic_lever_{len(levers)}", Constraint(expr=var <= (limit or 0.0) + s))
        levers.append(Lever(group, item, limit, unit, s, unit_cost, apply))

    for product, var in (("green_power", m.e_green_power), ("gec", m.e_gec)):
        row = data.green.get(product)
        if row is None or row["hard_limit"]:
            continue
        limit = None if product in offered else row["max_mwh_per_yr"]
        if product in offered or limit is not None:
            relax(var, limit, "market", f"GreenMarket!max_mwh_per_yr for {product}", "MWh/yr",
                  max(row["price_cny_per_mwh"], 1e-3),
                  lambda d, new, p=product: _offer(d, p, new))
    for family in sorted(techs.FAMILIES.values(), key=lambda f: ("storage", "heat", "renewables").index(f.name)):
        for tech, row in getattr(data, family.table).items():
            for lim in family.limits:
                if row[lim.column] is None or row.get("hard_limit"):
                    continue
                capex, fom = annual_costs(data, row["lifetime_yr"], [
                    per_kw(1.0, 0.0, row[lim.capex_column], row[lim.fom_column] if lim.fom_column else 0.0)])
                relax(getattr(m, lim.variable)[tech], row[lim.column], family.name,
                      f"{family.sheet}!{lim.column} for {tech}", lim.unit, max(capex + fom, MIN_UNIT_COST),
                      lambda d, new, t=tech, c=lim.column, f=family.table: _replace_row(d, f, t, c, new))
                _release_whole_units(m, tech)
    g = data.grid
    if g["import_max_mw"] is not None and not g["import_max_hard"]:
        peak = Var(within=NonNegativeReals)
        m.import_ceiling = peak
        for v in m.p_import.values():
            v.setub(None)
        m.import_ceiling_link = Constraint(m.T, rule=lambda _m, t: m.p_import[t] <= peak)
        if hasattr(m, "p_peak"):
            m.p_peak.setub(None)
        relax(peak, g["import_max_mw"], "grid", "Grid!import_max_mw", "MW",
              max(12 * g["demand_charge_cny_per_kw_month"] * 1000.0, MIN_UNIT_COST),
              lambda d, new: dataclasses.replace(d, grid={**d.grid, "import_max_mw": new}))
    return levers


def _lever_message(lever: Lever, extra: float, offered: bool) -> str:
    cny = extra * lever.unit_cost
    # under 1 CNY/yr is a nominal price (e.g. a grid lever with no demand charge), not a cost: no "+8.54e-08 M"
    cost = f"+{cny / 1e6:,.3g} M CNY/yr" if cny >= 1.0 else "+0 CNY/yr"
    if lever.group == "market":
        product = lever.item.rsplit(" ", 1)[-1]
        what = {"green_power": "绿电 green power", "gec": "绿证 green certificates"}[product]
        if offered:
            return (f"buy {extra:,.0f} MWh/yr of {what} at {lever.unit_cost:g} CNY/MWh: {cost} (GreenMarket has no "
                    f"{product} row; {lever.unit_cost:g} CNY/MWh is zcpark's default offer, data/SOURCES.md)")
        return (f"buy {extra:,.0f} MWh/yr more {what} (raise {lever.item} from {lever.limit:,.4g} to "
                f"{lever.limit + extra:,.4g}) at {lever.unit_cost:g} CNY/MWh: {cost}")
    return (f"raise {lever.item} from {lever.limit:,.4g} to {lever.limit + extra:,.4g} {lever.unit} (+{extra:,.4g}): "
            f"{cost} ({'demand charge' if lever.group == 'grid' else 'annualised capex + fixed O&M'})")


def _lever_message_zh(lever: Lever, extra: float, offered: bool) -> str:
    """The Chinese of `_lever_message` (money in 万元/年)."""
    cny = extra * lever.unit_cost
    cost = f"+{cny / 1e4:,.1f} 万元/年" if cny >= 1.0 else "+0 元/年"
    if lever.group == "market":
        product = lever.item.rsplit(" ", 1)[-1]
        what = {"green_power": "绿电", "gec": "绿证"}[product]
        if offered:
            return (f"购买{what} {extra:,.0f} MWh/年，{lever.unit_cost:g} 元/MWh：{cost}（GreenMarket 表没有 {product} 行；"
                    f"{lever.unit_cost:g} 元/MWh 是 zcpark 的默认报价，见 data/SOURCES.md）")
        return (f"多购{what} {extra:,.0f} MWh/年（把 {lever.item} 从 {lever.limit:,.4g} 提高到 {lever.limit + extra:,.4g}），"
                f"{lever.unit_cost:g} 元/MWh：{cost}")
    return (f"把 {lever.item} 从 {lever.limit:,.4g} 提高到 {lever.limit + extra:,.4g} {lever.unit}（+{extra:,.4g}）："
            f"{cost}（{'需量电费' if lever.group == 'grid' else '年化投资 + 固定运维'}）")


def _lever_step(data, options) -> tuple[list[dict], list[tuple[Lever, float]], float, dict]:
    """Least cost with the levers elastic; returns (rows, [(lever, extra)], plan cost CNY/yr, the
    plan's design: Solution.design). Raises InfeasibleError when even every lever cannot meet the targets."""
    data, offered = _with_offers(data)
    m = build_model(data)
    levers = _elastic_levers(m, data, offered)
    penalty = sum(lv.unit_cost * LEVER_PENALTY * lv.slack for lv in levers)
    m.total_cost.deactivate()
    m.cost_with_levers = Objective(expr=m.total_cost.expr + penalty / OBJECTIVE_SCALE, sense=minimize)
    solve(m, options)
    rows, used = [], []
    for lv in levers:
        extra = float(value(lv.slack))
        if extra <= SLACK_TOL * max(1.0, abs(lv.limit or 0.0)):
            continue
        used.append((lv, extra))
        rows.append({"step": "levers", "item": lv.item, "limit": lv.limit, "value": (lv.limit or 0.0) + extra,
                     "change": extra, "cost_cny_per_yr": extra * lv.unit_cost,
                     "message": _lever_message(lv, extra, offered=lv.limit is None),
                     "message_zh": _lever_message_zh(lv, extra, offered=lv.limit is None)})
    return rows, used, float(value(m.total_cost)) * OBJECTIVE_SCALE, extract(m, data).design


def _target_step(data, options, with_levers: bool = False) -> list[dict]:
    """The best achievable value of each enforced target (limits as entered, or with every lever)."""
    if with_levers:
        data, offered = _with_offers(data)
    m = build_model(data)
    if with_levers:
        _elastic_levers(m, data, offered)
    slacks = elastic_targets(m, data)
    m.total_cost.deactivate()
    m.violation = Objective(expr=sum(s / scale for s, scale in slacks), sense=minimize)
    solve(m, options)
    accept = acceptance_for(data, extract(m, data))["acceptance"]
    where = "even with every lever above" if with_levers else "within the workbook's limits"
    where_zh = "即使采取以上全部措施也" if with_levers else "在工作簿的限值内"
    out = []
    for _, row in accept.iterrows():
        if row["enforce"] and row["applies"] and row["margin"] < -SLACK_TOL * max(1.0, abs(row["limit"])):
            out.append({"step": "targets", "item": row["indicator"], "limit": row["limit"],
                        "value": row["achieved"], "change": row["achieved"] - row["limit"], "cost_cny_per_yr": None,
                        "message": f"{row['indicator']} {row['limit']:g} cannot be met {where}: the best achievable is "
                                   f"{row['achieved']:.4g} (with every other target as close as possible)",
                        "message_zh": f"{row['indicator']} {row['limit']:g} {where_zh}无法满足：最多只能达到 "
                                      f"{row['achieved']:.4g}（其他目标尽量接近）"})
    return out


def _confirm(full, used, plan: dict, options) -> dict | None:
    """The full horizon with the levers applied: the typical-day `plan` (its design fixed,
    fullyear_check.fix_design) dispatched with every target hard, one LP; if that plan cannot run
    on the full horizon, the least-cost plan of the full horizon (an ordinary solve). A row saying
    which, or None if even the ordinary solve is infeasible."""
    data = full
    for lever, extra in used:
        data = lever.apply(data, ((lever.limit or 0.0) + extra) * (1 + 1e-6) + 1e-6)
    where = f"confirmed on the full horizon ({full.n_steps} steps)"
    where_zh = f"已在全部时段（{full.n_steps} 步）确认"
    m = build_model(data)
    fix_design(m, plan)
    try:
        result = solve(m, dispatch_options(options))
        message = (f"{where}: with these changes the plan found on typical days runs on every step and costs "
                   f"{result.objective_cny / 1e6:,.2f} M CNY/yr")
        message_zh = f"{where_zh}：采取这些措施后，典型日上求得的方案在每个时段都能运行，成本 {result.objective_cny / 1e4:,.1f} 万元/年"
    except InfeasibleError:
        try:
            result = solve(build_model(data), options)
        except InfeasibleError:
            return None
        message = f"{where}: with these changes the least-cost plan costs {result.objective_cny / 1e6:,.2f} M CNY/yr"
        message_zh = f"{where_zh}：采取这些措施后，最低成本方案为 {result.objective_cny / 1e4:,.1f} 万元/年"
    return {"step": "confirmed", "item": "full horizon", "limit": None, "value": result.objective_cny, "change": None,
            "cost_cny_per_yr": result.objective_cny, "message": message, "message_zh": message_zh}


def _failed(step: str, what: str, what_zh: str, exc: Exception) -> dict:
    return {"step": step, "item": "balance", "limit": None, "value": None, "change": None, "cost_cny_per_yr": None,
            "message": f"still infeasible after {what}: an energy balance cannot close "
                       f"(check loads, heat supply, line capacities and existing units) [{exc}]",
            "message_zh": f"{what_zh}后仍不可行：某个能量平衡无法闭合（请检查负荷、供热、线路容量和现有设备）[{exc}]"}


def diagnose(data, options=None) -> pd.DataFrame:
    """Rows: step (levers | confirmed | plan | targets), item, limit, value (needed / achievable),
    change, cost_cny_per_yr, message; the levers first, cheapest way to meet every target."""
    long = data.periods is None and data.n_steps // typical.STEPS_PER_DAY > LONG_HORIZON_DAYS
    horizon = typical.aggregate(data, DIAGNOSIS_DAYS) if long else data
    rows: list[dict] = []
    try:
        lever_rows, used, cost, plan = _lever_step(horizon, options)
        rows += lever_rows
        confirmed = _confirm(data, used, plan, options) if long else None
        if long and confirmed is None:  # typical days were too kind: the levers on the full horizon
            lever_rows, used, cost, _ = _lever_step(data, options)
            rows = lever_rows
        rows.append(confirmed or {"step": "plan", "item": horizon.horizon(), "limit": None, "value": cost,
                                  "change": None, "cost_cny_per_yr": cost,
                                  "message": f"with these changes the least-cost plan costs {cost / 1e6:,.2f} M CNY/yr",
                                  "message_zh": f"采取这些措施后，最低成本方案为 {cost / 1e4:,.1f} 万元/年"})
        levers_enough = True
    except (InfeasibleError, SolverError):
        levers_enough = False
    try:
        rows += _target_step(horizon, options)
        if not levers_enough:
            rows += _target_step(horizon, options, with_levers=True)
    except (InfeasibleError, SolverError) as exc:
        rows.append(_failed("targets", "relaxing the targets", "放宽目标", exc))
    if long:
        for row in rows:
            if row["step"] == "targets":
                row["message"] += f" (on {horizon.horizon()})"
                row["message_zh"] += f"（按 {horizon.horizon()}）"
    return pd.DataFrame(rows, columns=COLUMNS)
