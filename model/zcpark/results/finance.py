"""The money figures against business as usual (procedures/business_as_usual.py): the Finance
sheet and the Summary rows that lead the Dashboard and the report. No Pyomo here.

Definitions (all CNY; the plan is what this run chose, BAU the park as it is today):
- upfront investment (总投资) = sum over new assets of capex x new amount, a line's whole capex
  (core/investment.upfront_cost, read back per asset);
- annual cost = the Costs total (annualised capex + fixed O&M + energy + markets), CNY/yr;
  the plan's *operating* cost is that minus the annualised capex of its new assets,
  sum_a CRF(r, life_a) x upfront_a; BAU has no new asset, its annual cost is all operating;
- annual savings = BAU annual cost - plan operating cost (the cash the change saves each year,
  before paying for the investment); net annual savings = BAU annual cost - plan annual cost;
- simple payback = upfront investment / annual savings (years; n/a when nothing is saved);
- NPV and IRR of the change over the horizon N = the longest life among the new assets (whole
  years), at the Park's discount_rate: year 0 pays the investment, years 1..N receive the annual
  savings; an asset with a shorter life is bought again at the end of each life within N, and a
  replacement still in service at N is credited its straight-line remaining value in year N;
- average cost per kWh (元/kWh) = annual cost / electricity use (Summary's electricity_mwh_per_yr)
  / 1000, for the plan and BAU;
- cost per tCO2 avoided = (plan annual cost - BAU annual cost) / (BAU CO2 - plan CO2), both CO2
  under ndrc_910 (the method that decides acceptance); negative: the change saves money.

A build pathway (`pathway_finance`): BAU is solved for every listed year on its own data (loads,
prices, factors; no target) and weighed with the same discount weights D_y. Per year y: the
capital paid for the vintages built in y (总投资 by year and technology), the annual cost, its
annuities (the vintages available in y) and operating cost, BAU's cost, the savings as above.
Over the horizon: the pathway NPV = sum_y D_y x annual cost_y (= npv_cny), BAU NPV likewise, NPV of
the change = BAU NPV - pathway NPV (positive: the change saves money, the sign of the one-year
change_npv_cny). No residual value: as in the objective, an annuity is counted only within the
horizon, so the part of an asset's capital that serves beyond it is neither charged nor credited.
Payback year: the first calendar year in which the cumulative cash of the change (savings_y in
every calendar year y stands for, minus the capital when paid) is >= 0; none within the horizon:
n/a. Cost per tCO2 avoided = (pathway NPV - BAU NPV) / sum_y D_y x (BAU CO2_y - plan CO2_y) (a
levelised figure: with the same savings every year it is the one-year figure). No IRR (the
horizon ends before most lives do).
"""
from __future__ import annotations

import math
import numpy as np
import pandas as pd

from zcpark.core import accounting as acc
from zcpark.core.data import ParkData
from zcpark.core.solution import Solution
from zcpark.results.labels import money_format, show

ACCEPTANCE_METHOD = "ndrc_910"
BUILT_CNY = 1e-3  # an upfront amount below this (solver noise on a zero capacity) is no investment
NAN = float("nan")


def investment_by_asset(sol: Solution) -> pd.DataFrame:
    """asset, upfront_cny, lifetime_yr of every asset with new investment (line options summed
    per line: at most one is built)."""
    inv = sol.investments[sol.investments["upfront_cny"] > BUILT_CNY]
    return inv.groupby("asset", as_index=False, sort=False).agg({"upfront_cny": "sum", "lifetime_yr": "max"})


def cash_flows(investments: pd.DataFrame, annual_savings: float) -> np.ndarray:
    """Cash flow of the change in years 0..N (module docstring), CNY; empty without investment."""
    if investments.empty:
        return np.zeros(0)
    lives = [max(1, round(life)) for life in investments["lifetime_yr"]]
    horizon = max(lives)
    flows = np.full(horizon + 1, float(annual_savings))
    flows[0] = 0.0
    for upfront, life in zip(investments["upfront_cny"], lives):
        for year in range(0, horizon, life):  # bought in year 0 and again at the end of each life
            flows[year] -= upfront
        remaining = (-horizon) % life  # years of the last purchase still to run after year N
        flows[horizon] += upfront * remaining / life
    return flows


def npv(flows: np.ndarray, rate: float) -> float:
    years = np.arange(len(flows))
    return float(np.sum(flows / (1.0 + rate) ** years))


def irr(flows: np.ndarray) -> float:
    """The rate at which npv(flows) = 0, by bisection on (-99 %, 1000 %); NaN when the NPV does
    not change sign there (nothing is ever paid back)."""
    low, high = -0.99, 10.0
    if len(flows) < 2 or npv(flows, low) * npv(flows, high) > 0:
        return NAN
    for _ in range(200):
        mid = (low + high) / 2
        if npv(flows, low) * npv(flows, mid) <= 0:
            high = mid
        else:
            low = mid
    return (low + high) / 2


def annual_cost(sol: Solution) -> float:
    """A solution's annual cost, CNY/yr: the sum of its Costs terms."""
    return float(sum(sol.costs.values()))


def _co2(data: ParkData, sol: Solution) -> float:
    tot = acc.totals(sol.columns, data, sol.annual_vars)
    return float(acc.carbon(tot, data, ACCEPTANCE_METHOD)["co2_t"])


def _per_kwh(data: ParkData, sol: Solution, annual_cost: float) -> float:
    mwh = acc.totals(sol.columns, data, sol.annual_vars)["electricity_mwh"]
    return annual_cost / mwh / 1000.0 if mwh else NAN


def finance(data: ParkData, sol: Solution, bau) -> dict:
    """Every money figure of the module docstring, by name (NaN where not defined), plus
    `investments` (investment_by_asset), `horizon_yr` and `note` (why a figure is n/a).
    `bau`: procedures.business_as_usual.BusinessAsUsual (data, solution, reason). A build pathway:
    pathway_finance."""
    inv = investment_by_asset(sol)
    total_investment = float(inv["upfront_cny"].sum())
    annual = annual_cost(sol)
    annualised_capex = float(sum(data.crf(life) * up for up, life in zip(inv["upfront_cny"], inv["lifetime_yr"])))
    operating = annual - annualised_capex
    out = {"investments": inv, "total_investment_cny": total_investment, "annual_cost_cny_per_yr": annual,
           "annualised_capex_cny_per_yr": annualised_capex, "operating_cost_cny_per_yr": operating,
           "cost_per_kwh_cny": _per_kwh(data, sol, annual), "discount_rate": data.park["discount_rate"],
           "horizon_yr": NAN, "bau_annual_cost_cny_per_yr": NAN, "bau_cost_per_kwh_cny": NAN,
           "annual_savings_cny_per_yr": NAN, "net_annual_savings_cny_per_yr": NAN, "simple_payback_yr": NAN,
           "change_npv_cny": NAN, "irr": NAN, "co2_avoided_t_per_yr": NAN, "cost_per_t_co2_avoided_cny": NAN,
           "note": bau.reason}
    if bau.solution is None:
        return out
    bau_cost = annual_cost(bau.solution)
    savings = bau_cost - operating
    avoided = _co2(bau.data, bau.solution) - _co2(data, sol)
    flows = cash_flows(inv, savings)
    notes = []
    if total_investment <= 0:
        notes.append("no new asset: no payback, NPV or IRR")
    elif savings <= 0:
        notes.append("the plan costs more to run than today: it never pays back")
    if avoided <= 0:
        notes.append("no CO2 avoided under ndrc_910: no cost per tCO2 avoided")
    out.update({
        "bau_annual_cost_cny_per_yr": bau_cost, "bau_cost_per_kwh_cny": _per_kwh(bau.data, bau.solution, bau_cost),
        "annual_savings_cny_per_yr": savings, "net_annual_savings_cny_per_yr": bau_cost - annual,
        "simple_payback_yr": total_investment / savings if total_investment > 0 and savings > 0 else NAN,
        "horizon_yr": float(len(flows) - 1) if len(flows) else NAN,
        "change_npv_cny": npv(flows, data.park["discount_rate"]) if len(flows) else NAN,
        "irr": irr(flows), "co2_avoided_t_per_yr": avoided,
        "cost_per_t_co2_avoided_cny": (annual - bau_cost) / avoided if avoided > 0 else NAN,
        "note": "; ".join(notes)})
    return out


# Summary rows (name in the finance dict, unit), in the order they lead the Summary.
SUMMARY_ROWS = (
    ("total_investment_cny", "CNY (总投资, upfront)"),
    ("bau_annual_cost_cny_per_yr", "CNY/yr (the park as it is today)"),
    ("annual_savings_cny_per_yr", "CNY/yr (today's cost - the plan's operating cost)"),
    ("simple_payback_yr", "years"),
    ("change_npv_cny", "CNY (over npv_horizon_yr at discount_rate)"),
    ("irr", "per year"),
    ("npv_horizon_yr", "years (the longest life of a new asset)"),
    ("discount_rate", "per year (Park)"),
    ("cost_per_kwh_cny", "CNY/kWh (元/kWh) of electricity use"),
    ("cost_per_t_co2_avoided_cny", "CNY/tCO2 avoided (ndrc_910) against today"),
)


def summary_rows(money: dict) -> list[tuple[str, object, str]]:
    """The Summary rows of SUMMARY_ROWS (a pathway: its own units, and payback_year after the payback)."""
    named = {**money, "npv_horizon_yr": money["horizon_yr"]}
    units = {**dict(SUMMARY_ROWS), **money.get("units", {})}
    rows = [(name, named[name], units[name]) for name, _ in SUMMARY_ROWS]
    if "payback_year" in money:
        at = [name for name, _, _ in rows].index("simple_payback_yr") + 1
        rows.insert(at, ("payback_year", money["payback_year"], units["payback_year"]))
    return rows


def money_line(values: dict, lang: str = "en") -> str:
    """The console's money line, from Summary values (SUMMARY_ROWS), e.g. 'investment 23.79 亿元;
    savings against today 4.18 亿元/yr; payback 5.7 yr; NPV 21.47 亿元 (40 yr at 8.0%); IRR 16.9%;
    0.281 元/kWh; -141 元/tCO2 avoided (ndrc_910)'; `lang` zh: in Chinese ('总投资 23.79 亿元; ...').
    Figures that are not defined are left out."""
    zh = lang == "zh"

    def cny(name: str, suffix: str = "") -> str:
        fmt, unit = money_format(values[name], "{money}")
        return f"{show(values[name], fmt)} {unit}{suffix}"

    def known(name: str) -> bool:
        v = values.get(name)
        return v is not None and not (isinstance(v, float) and math.isnan(v))

    parts = [f"{'总投资' if zh else 'investment'} {cny('total_investment_cny')}"] if known("total_investment_cny") else []
    if known("annual_savings_cny_per_yr"):
        parts.append(f"年节约(较现状) {cny('annual_savings_cny_per_yr', '/年')}" if zh else
                     f"savings against today {cny('annual_savings_cny_per_yr', '/yr')}")
    if known("simple_payback_yr"):
        parts.append(f"静态回收期 {values['simple_payback_yr']:.1f} 年" if zh else
                     f"payback {values['simple_payback_yr']:.1f} yr")
    if known("payback_year"):
        parts.append(f"{values['payback_year']:.0f} 年收回投资" if zh else f"paid back in {values['payback_year']:.0f}")
    elif "payback_year" in values and known("total_investment_cny") and known("change_npv_cny"):
        # a pathway with a reference and an investment
        parts.append("规划期内未收回投资" if zh else "not paid back within the horizon")
    if known("change_npv_cny"):
        parts.append(f"净现值 {cny('change_npv_cny')}（{values['npv_horizon_yr']:.0f} 年，折现率 {values['discount_rate']:.1%}）"
                     if zh else f"NPV {cny('change_npv_cny')} ({values['npv_horizon_yr']:.0f} yr at {values['discount_rate']:.1%})")
    if known("irr"):
        parts.append(f"{'内部收益率' if zh else 'IRR'} {values['irr']:.1%}")
    if known("cost_per_kwh_cny"):
        parts.append(f"{'平均度电成本 ' if zh else ''}{values['cost_per_kwh_cny']:.3f} 元/kWh")
    if known("cost_per_t_co2_avoided_cny"):
        parts.append(f"单位减碳成本 {values['cost_per_t_co2_avoided_cny']:,.0f} 元/tCO2（ndrc_910）" if zh else
                     f"{values['cost_per_t_co2_avoided_cny']:,.0f} 元/tCO2 avoided (ndrc_910)")
    if not known("bau_annual_cost_cny_per_yr"):
        parts.append("没有现状（照常）参照（见 Finance 表）" if zh else
                     "no business-as-usual reference (see the Finance sheet)")
    return "; ".join(parts)


def finance_table(money: dict) -> pd.DataFrame:
    """The Finance sheet: section, item, value, unit (one row per new asset, then every figure)."""
    rows = [("investment", asset, up, f"CNY upfront, life {life:g} years")
            for asset, up, life in money["investments"].itertuples(index=False, name=None)]
    rows.append(("investment", "total_investment_cny", money["total_investment_cny"], "CNY (总投资)"))
    units = {
        "annual_cost_cny_per_yr": "CNY/yr (Costs total)",
        "annualised_capex_cny_per_yr": "CNY/yr (CRF x upfront of the new assets)",
        "operating_cost_cny_per_yr": "CNY/yr (annual cost - annualised capex)",
        "bau_annual_cost_cny_per_yr": "CNY/yr (existing assets, grid and fuels; no market, no target)",
        "annual_savings_cny_per_yr": "CNY/yr (today - plan operating cost)",
        "net_annual_savings_cny_per_yr": "CNY/yr (today - plan annual cost, after annualised capex)",
        "simple_payback_yr": "years (total investment / annual savings)",
        "discount_rate": "per year (Park)",
        "horizon_yr": "years (longest life of a new asset; shorter lives bought again)",
        "change_npv_cny": "CNY (of the change, year 0 investment, years 1..horizon savings)",
        "irr": "per year (NPV = 0)",
        "cost_per_kwh_cny": "CNY/kWh (元/kWh): annual cost / electricity use",
        "bau_cost_per_kwh_cny": "CNY/kWh (元/kWh) today",
        "co2_avoided_t_per_yr": "tCO2/yr under ndrc_910 (today - plan)",
        "cost_per_t_co2_avoided_cny": "CNY/tCO2: (plan - today annual cost) / CO2 avoided",
    }
    rows += [("annual", name, money[name], unit) for name, unit in units.items()]
    if money["note"]:
        rows.append(("note", "note", money["note"], ""))
    frame = pd.DataFrame(rows, columns=["section", "item", "value", "unit"])
    frame["value"] = [None if isinstance(v, float) and math.isnan(v) else v for v in frame["value"]]
    return frame


# ---- A build pathway (module docstring, "A build pathway") --------------------------------------

PATHWAY_UNITS = {
    "total_investment_cny": "CNY (总投资: the capital of every year's builds, as paid)",
    "bau_annual_cost_cny_per_yr": "CNY/yr (the acceptance year's, as it is today)",
    "annual_savings_cny_per_yr": "CNY/yr (the acceptance year's: today's cost - the plan's operating cost)",
    "simple_payback_yr": "years (n/a for a pathway: see payback_year)",
    "payback_year": "the first calendar year the cumulative cash of the change is >= 0 (Finance)",
    "change_npv_cny": "CNY (business-as-usual NPV - pathway NPV over the horizon; no residual value)",
    "npv_horizon_yr": "years (the calendar years the listed years stand for)",
    "cost_per_kwh_cny": "CNY/kWh (元/kWh) of electricity use in the acceptance year",
    "cost_per_t_co2_avoided_cny": "CNY/tCO2: NPV of the cost / discounted tCO2 avoided (ndrc_910)",
}


def payback_year(pathway, savings: dict, capital: dict) -> float:
    """The first calendar year whose cumulative cash (savings in every calendar year a listed year
    stands for, capital in its build year) is >= 0 after capital was paid; NaN: none within the horizon."""
    cumulative, paid = 0.0, False
    for y in pathway.years:
        for k in range(pathway.represented[y]):
            cumulative += savings[y] - (capital[y] if k == 0 else 0.0)
            paid = paid or capital[y] > BUILT_CNY
            if paid and cumulative >= 0:
                return float(y + k)
    return NAN


def pathway_finance(pathway, solutions: dict, table: pd.DataFrame, plan: dict, baus: dict) -> dict:
    """The money of a build pathway against business as usual over the same years (`baus`: year ->
    BusinessAsUsual on that year's data): the keys of `finance` (the acceptance year's annual
    figures, the horizon's investment, NPV and cost per tCO2), `payback_year`, `units` (Summary) and
    `by_year` (one row per listed year) and `investments_by_year` (year, asset, upfront_cny)."""
    from zcpark.core.pathway import annuities
    y_acc = pathway.acceptance_year
    data, sol = pathway.data[y_acc], solutions[y_acc]
    built = table[table["capital_cny"] > BUILT_CNY]
    built = built.assign(asset=built["tech"].str.split("/").str[0])  # a line option is its line's investment
    # a store's MW and MWh rows are one asset, as in investment_by_asset
    by_year_asset = built.groupby(["year", "asset"], as_index=False, sort=False)["capital_cny"].sum()
    by_asset = built.groupby("asset", as_index=False, sort=False)["capital_cny"].sum()
    rows = []
    for y in pathway.years:
        annual = annual_cost(solutions[y])
        capex = annuities(pathway, plan, y)
        bau = baus[y]
        bau_cost = annual_cost(bau.solution) if bau.solution is not None else NAN
        avoided = (_co2(bau.data, bau.solution) - _co2(pathway.data[y], solutions[y])
                   if bau.solution is not None else NAN)
        rows.append({"year": y, "discount_weight": pathway.weight(y),
                     "capital_spending_cny": float(table.loc[table["year"] == y, "capital_cny"].sum()),
                     "annual_cost_cny_per_yr": annual, "annualised_capex_cny_per_yr": capex,
                     "operating_cost_cny_per_yr": annual - capex, "bau_annual_cost_cny_per_yr": bau_cost,
                     "annual_savings_cny_per_yr": bau_cost - (annual - capex),
                     "net_annual_savings_cny_per_yr": bau_cost - annual, "co2_avoided_t_per_yr": avoided})
    by_year = pd.DataFrame(rows)
    weights = by_year["discount_weight"]
    plan_npv = float((weights * by_year["annual_cost_cny_per_yr"]).sum())
    bau_npv = float((weights * by_year["bau_annual_cost_cny_per_yr"]).sum())
    avoided = float((weights * by_year["co2_avoided_t_per_yr"]).sum())
    total = float(built["capital_cny"].sum())
    acc_row = by_year.set_index("year").loc[y_acc]
    out = {"investments": by_asset.rename(columns={"capital_cny": "upfront_cny"}),
           "investments_by_year": by_year_asset.rename(columns={"capital_cny": "upfront_cny"}),
           "by_year": by_year, "units": PATHWAY_UNITS, "total_investment_cny": total,
           "annual_cost_cny_per_yr": acc_row["annual_cost_cny_per_yr"],
           "annualised_capex_cny_per_yr": acc_row["annualised_capex_cny_per_yr"],
           "operating_cost_cny_per_yr": acc_row["operating_cost_cny_per_yr"],
           "cost_per_kwh_cny": _per_kwh(data, sol, acc_row["annual_cost_cny_per_yr"]),
           "discount_rate": pathway.discount_rate, "horizon_yr": float(sum(pathway.represented.values())),
           "pathway_npv_cny": plan_npv, "bau_npv_cny": bau_npv, "co2_avoided_discounted_t": avoided,
           "simple_payback_yr": NAN, "irr": NAN, "bau_cost_per_kwh_cny": NAN, "payback_year": NAN,
           **{k: acc_row[k] for k in ("bau_annual_cost_cny_per_yr", "annual_savings_cny_per_yr",
                                      "net_annual_savings_cny_per_yr", "co2_avoided_t_per_yr")},
           "change_npv_cny": NAN, "cost_per_t_co2_avoided_cny": NAN}
    missing = [f"{y}: {b.reason}" for y, b in baus.items() if b.solution is None]
    if missing:
        out["note"] = "no business-as-usual reference in " + "; ".join(missing)
        return out
    bau_acc = baus[y_acc]
    out["bau_cost_per_kwh_cny"] = _per_kwh(bau_acc.data, bau_acc.solution, acc_row["bau_annual_cost_cny_per_yr"])
    out["change_npv_cny"] = bau_npv - plan_npv
    out["payback_year"] = payback_year(pathway, dict(zip(by_year["year"], by_year["annual_savings_cny_per_yr"])),
                                       dict(zip(by_year["year"], by_year["capital_spending_cny"])))
    notes = ["no residual value: annuities count only within the horizon; no IRR for a pathway"]
    if total <= BUILT_CNY:
        notes.append("no new asset: no payback")
    elif math.isnan(out["payback_year"]):
        notes.append(f"not paid back within the horizon ({pathway.first}-{pathway.first + int(out['horizon_yr']) - 1})")
    if avoided > 0:
        out["cost_per_t_co2_avoided_cny"] = (plan_npv - bau_npv) / avoided
    else:
        notes.append("no CO2 avoided under ndrc_910: no cost per tCO2 avoided")
    out["note"] = "; ".join(notes)
    return out


def pathway_finance_table(money: dict) -> pd.DataFrame:
    """The Finance sheet of a pathway: section, year, item, value, unit: investment by build year and
    technology, each year's costs and savings against business as usual, then the horizon's figures."""
    rows = [("investment", int(y), asset, up, "CNY upfront, paid in its build year")
            for y, asset, up in money["investments_by_year"].itertuples(index=False, name=None)]
    rows += [("investment", None, asset, up, "CNY upfront, every build year")
             for asset, up in money["investments"].itertuples(index=False, name=None)]
    rows.append(("investment", None, "total_investment_cny", money["total_investment_cny"], PATHWAY_UNITS["total_investment_cny"]))
    units = {"capital_spending_cny": "CNY paid for the year's builds", "annual_cost_cny_per_yr": "CNY/yr (Years)",
             "annualised_capex_cny_per_yr": "CNY/yr (annuities of the vintages available)",
             "operating_cost_cny_per_yr": "CNY/yr (annual cost - annuities)",
             "bau_annual_cost_cny_per_yr": "CNY/yr (existing assets, grid and fuels; no market, no target)",
             "annual_savings_cny_per_yr": "CNY/yr (today - plan operating cost)",
             "net_annual_savings_cny_per_yr": "CNY/yr (today - plan annual cost)",
             "co2_avoided_t_per_yr": "tCO2/yr under ndrc_910 (today - plan)"}
    for row in money["by_year"].itertuples(index=False):
        rows += [("year", int(row.year), name, getattr(row, name), unit) for name, unit in units.items()]
    horizon = {"discount_rate": "per year (Park)", "horizon_yr": PATHWAY_UNITS["npv_horizon_yr"],
               "pathway_npv_cny": "CNY (sum_y D_y x annual cost = npv_cny)",
               "bau_npv_cny": "CNY (sum_y D_y x business-as-usual annual cost)",
               "change_npv_cny": PATHWAY_UNITS["change_npv_cny"], "payback_year": PATHWAY_UNITS["payback_year"],
               "co2_avoided_discounted_t": "tCO2 (sum_y D_y x CO2 avoided, ndrc_910)",
               "cost_per_t_co2_avoided_cny": PATHWAY_UNITS["cost_per_t_co2_avoided_cny"],
               "cost_per_kwh_cny": PATHWAY_UNITS["cost_per_kwh_cny"]}
    rows += [("horizon", None, name, money[name], unit) for name, unit in horizon.items()]
    if money["note"]:
        rows.append(("note", None, "note", money["note"], ""))
    frame = pd.DataFrame(rows, columns=["section", "year", "item", "value", "unit"])
    frame["value"] = [None if isinstance(v, float) and math.isnan(v) else v for v in frame["value"]]
    return frame
