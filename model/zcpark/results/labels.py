"""What the results say, in Chinese and English: labels, number formats and the client tables
(key figures, what to build, cost breakdown). The verdict is in verdict.py.

Shared by the Dashboard sheet (dashboard.py) and the one-page report (onepage.py), so the
workbook and the report tell the same story from the same results tables. Input: the plain
results DataFrames, either as `runner.results_sheets` made them or as read back from
results.xlsx (where booleans with blanks come back as 1.0 / 0.0 / NaN; `flag` reads both).
"""
from __future__ import annotations

import math
from dataclasses import dataclass

import pandas as pd

from zcpark.core import technologies as techs

# How a number is shown: Excel number format and the same rendering in Python (HTML, PNG).
FORMATS = {
    "millions": ('#,##0.00,,', lambda v: f"{v / 1e6:,.2f}"),   # the ",," scales by 1e6 on screen only
    "int": ("#,##0", lambda v: f"{v:,.0f}"),
    "one": ("#,##0.0", lambda v: f"{v:,.1f}"),
    "three": ("0.000", lambda v: f"{v:.3f}"),
    # carbon intensity against a 0.2 limit: 0.2002 fails, and three decimals would show it as 0.200
    "four": ("0.0000", lambda v: f"{v:.4f}"),
    "percent": ("0.0%", lambda v: f"{v:.1%}"),
    "percent2": ("0.00%", lambda v: f"{v:.2%}"),
    "text": ("@", str),
    "year": ("0", lambda v: f"{v:.0f}"),   # a calendar year: no thousands separator
    # Chinese money and energy units on screen (the value stays in CNY or MWh): "0\\.0," shows
    # value / 1000 rounded, with a literal point before its last digit, i.e. value / 1e4 with one
    # decimal (checked in LibreOffice; Excel reads the same escape). No thousands separator: Excel
    # would group the digits before the literal point (the report, in Python, has them).
    "wan": ("0\\.0,", lambda v: f"{v / 1e4:,.1f}"),       # CNY -> 万元
    "yi": ("0\\.00,,", lambda v: f"{v / 1e8:.2f}"),       # CNY -> 亿元
    "wan_kwh": ("0\\.0", lambda v: f"{v / 10:,.1f}"),     # MWh -> 万kWh (1 万kWh = 10 MWh)
}
WAN, YI = 1e4, 1e8
MONEY = "{money}"  # in a Label's unit: 万元, or 亿元 when the value reaches 1 亿 (money_format)


def money_format(value, unit: str) -> tuple[str, str]:
    """(FORMATS key, unit) of a CNY amount on the Dashboard and the report: 万元 below 1 亿元, else 亿元."""
    big = value is not None and not (isinstance(value, float) and math.isnan(value)) and abs(value) >= YI
    return ("yi" if big else "wan"), unit.replace(MONEY, "亿元" if big else "万元")


def show(value, fmt: str) -> str:
    """A value as text with a FORMATS key ('' when missing)."""
    return Label("", "", fmt=fmt).show(value)


@dataclass(frozen=True)
class Label:
    zh: str
    en: str
    unit: str = ""
    fmt: str = "int"

    @property
    def excel_format(self) -> str:
        return FORMATS[self.fmt][0]

    def show(self, value) -> str:
        """The value as text for HTML and figures ('' when missing)."""
        if value is None or (isinstance(value, float) and math.isnan(value)):
            return ""
        return FORMATS[self.fmt][1](value) if self.fmt != "text" and not isinstance(value, str) else str(value)


# Summary indicators shown on the dashboard, in this order (missing or blank ones are skipped).
KEY_FIGURES = {
    "total_investment_cny": Label("总投资", "total upfront investment", MONEY, "cny"),
    "annual_savings_cny_per_yr": Label("年节约(较现状)", "annual savings against today", MONEY + "/年 per yr", "cny"),
    "simple_payback_yr": Label("静态投资回收期", "simple payback", "年 years", "one"),
    "payback_year": Label("投资回收年份", "payback year (a pathway)", "", "year"),
    "change_npv_cny": Label("净现值(较现状)", "net present value of the change (NPV)", MONEY, "cny"),
    "irr": Label("内部收益率", "internal rate of return (IRR)", "", "percent"),
    "npv_horizon_yr": Label("计算期", "NPV/IRR horizon", "年 years", "int"),
    "discount_rate": Label("折现率", "discount rate (Park)", "", "percent"),
    "cost_per_kwh_cny": Label("平均度电成本", "average cost per kWh", "元/kWh", "three"),
    "cost_per_t_co2_avoided_cny": Label("单位减碳成本", "cost per tCO2 avoided (ndrc_910)", "元/tCO2"),
    "total_cost_cny_per_yr": Label("年总成本", "total annual cost", MONEY + "/年 per yr", "cny"),
    "bau_annual_cost_cny_per_yr": Label("现状年成本", "annual cost today (business as usual)", MONEY + "/年 per yr", "cny"),
    "co2_t_per_yr": Label("年碳排放", "CO2 emissions", "tCO2/年"),
    "energy_tce_per_yr": Label("综合能源消费量", "energy consumption", "tce/年"),
    "carbon_intensity_t_per_tce": Label("单位能耗碳排放", "carbon intensity", "tCO2/tce", "four"),
    "carbon_intensity_limit": Label("单位能耗碳排放限值", "carbon intensity limit", "tCO2/tce", "three"),
    "electricity_tce_basis": Label("电力折标系数", "electricity tce coefficient", "", "text"),
    "clean_energy_share": Label("清洁能源消费占比", "clean energy share", "", "percent"),
    "direct_supply_share": Label("绿电直接供应比例", "direct green supply share", "", "percent"),
    "process_co2_t_per_yr": Label("工业过程排放", "process emissions", "tCO2/年"),
    "hourly_matching_share": Label("逐时绿电匹配率", "hourly carbon-free matching", "", "percent"),
    "absolute_reduction_share": Label("较基准年减排", "reduction vs base year", "", "percent"),
    "electricity_mwh_per_yr": Label("年用电量", "electricity use", "万kWh/年", "wan_kwh"),
    "grid_import_mwh_per_yr": Label("电网购电量", "grid imports", "万kWh/年", "wan_kwh"),
    "peak_import_mw": Label("最大购电功率", "peak grid import", "MW", "one"),
    "green_power_mwh_per_yr": Label("绿电交易电量", "green power purchased", "万kWh/年", "wan_kwh"),
    "gec_mwh_per_yr": Label("绿证", "green certificates", "万kWh/年", "wan_kwh"),
    "direct_delivered_mwh_per_yr": Label("绿电直连送达电量", "direct-line delivery", "万kWh/年", "wan_kwh"),
    "export_mwh_per_yr": Label("上网电量", "exports", "万kWh/年", "wan_kwh"),
    "curtailment_mwh_per_yr": Label("弃电量", "curtailment", "万kWh/年", "wan_kwh"),
    "solver_status": Label("求解状态", "solver status", "", "text"),
    "mip_gap": Label("最优性间隙", "optimality gap", "", "percent2"),
    "time_resolution": Label("时间分辨率", "time resolution (typical days: see Validation)", "", "text"),
}

METHOD_LABELS = {"ndrc_910": "910号核算方法(验收)", "average_factor": "平均排放因子法",
                 "fossil_factor": "化石电源排放因子法", "market_based": "市场化核算法"}
TARGET_LABELS = {
    "carbon_intensity_max": Label("单位能耗碳排放上限", "carbon intensity max", "tCO2/tce", "four"),
    "clean_energy_share_min": Label("清洁能源消费占比下限", "clean energy share min", "", "percent"),
    "hourly_matching_min": Label("逐时匹配率下限", "hourly matching min", "", "percent"),
    "co2_cap_t": Label("碳排放总量上限", "CO2 cap", "tCO2/yr"),
    "net_co2_max_t": Label("净排放上限", "net CO2 max", "tCO2/yr"),
    "direct_self_use_min": Label("直连自发自用比例下限", "direct self-use min", "", "percent"),
    "direct_consumption_share_min": Label("直连电量占比下限", "direct consumption share min", "", "percent"),
    "direct_feed_in_max": Label("直连上网比例上限", "direct feed-in max", "", "percent"),
    "direct_supply_share_min": Label("绿电直接供应比例下限", "direct green supply share min", "", "percent"),
    "product_energy_vs_grade2_max": Label("产品单位能耗/二级限额", "product energy use / grade-2 limit", "", "three"),
    "solid_waste_utilisation_min": Label("工业固废综合利用率", "industrial solid-waste use", "", "percent"),
    "waste_energy_utilisation_min": Label("余热余冷余压利用率", "waste heat, cold and pressure use", "", "percent"),
    "water_reuse_min": Label("工业用水重复利用率", "industrial water reuse", "", "percent"),
}
COST_LABELS = {
    "grid_energy": "电网购电费", "export_revenue": "上网售电收入", "demand_charge": "需量电费",
    "capex_renewables": "新能源投资(年化)", "fom_renewables": "新能源固定运维", "vom_renewables": "新能源可变运维",
    "capex_storage": "储能投资(年化)", "fom_storage": "储能固定运维", "capex_heat": "供热设备投资(年化)",
    "fom_heat": "供热设备固定运维", "vom_heat": "供热可变运维", "fuel": "燃料费", "lines": "直连线路(年化)",
    "green_power_premium": "绿电溢价", "certificates": "绿证费用", "offsets": "碳抵消",
    "heat_purchase": "外购热力", "heat_sale_revenue": "售热收入",
}
KIND_LABELS = techs.kind_labels()
SOURCE_LABELS = {**{f"onsite_{k}": (f"园区{techs.role(k).label_zh}", f"on-site {techs.role(k).label_en}")
                    for k in techs.renewable_kinds()},
                 "direct_line": ("绿电直连", "direct line"), "green_power": ("绿电交易", "green power"),
                 "grid": ("电网", "grid"), "storage_discharge": ("储能放电", "storage"),
                 "demand": ("园区用电", "park demand"),
                 "use": ("用电+储能充电+上网", "demand + storage charging + exports")}
PASS_TEXT = {True: "通过 pass", False: "未通过 FAIL", None: "不适用 n/a"}


def method_note(method: str) -> str:
    """One sentence, Chinese then English: which method decides acceptance and why the others are shown."""
    zh = ("验收按 ndrc_910（910号附件4《零碳园区碳排放核算方法》）判定；其他核算方法并列显示，检验结论不取决于核算方法的选择（防“漂绿”）。")
    en = ("Acceptance is decided under ndrc_910 (910号 Annex 4); the other accounting methods are shown to check that "
          "the result does not come from the choice of accounting method (green-washing check).")
    if method != "ndrc_910":
        zh += f"本方案的约束目标按 {method} 执行，国家验收结论见 pass_ndrc_910。"
        en += f" This plan's targets are enforced under {method}: see pass_ndrc_910 for national acceptance."
    return f"{zh} {en}"


def bilingual(zh: str, en: str) -> str:
    return f"{zh} {en}"


def flag(value) -> bool | None:
    """A pass/fail cell as True, False or None (not applicable), however it was stored."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return None
    return bool(value)


def summary_values(summary: pd.DataFrame) -> dict:
    return dict(zip(summary["indicator"], summary["value"]))


def key_figures(summary: pd.DataFrame) -> pd.DataFrame:
    """The dashboard's key figures: `indicator`, `label_zh`, `label_en`, `value` (exactly the
    Summary's value), `unit` (as displayed), `fmt` (a FORMATS key: money in 万元 or 亿元, energy
    in 万kWh on screen, the value itself unchanged). The money figures against today lead."""
    values = summary_values(summary)
    rows = []
    for ind, lab in KEY_FIGURES.items():
        if ind not in values or flag(values[ind]) is None:
            continue
        fmt, unit = money_format(values[ind], lab.unit) if lab.fmt == "cny" else (lab.fmt, lab.unit)
        rows.append((ind, lab.zh, lab.en, values[ind], unit, fmt))
    return pd.DataFrame(rows, columns=["indicator", "label_zh", "label_en", "value", "unit", "fmt"])


def build_table(capacity: pd.DataFrame, lines: pd.DataFrame, finance: pd.DataFrame | None = None) -> pd.DataFrame:
    """What to build: one row per technology (power capacity; stores also their energy) and per
    built direct line. Columns tech, kind, site, existing_mw, new_mw, total_mw, energy_mwh,
    annualized_cost_cny_per_yr, values as in the Capacity and Lines sheets, and investment_cny
    (the upfront investment of the new capacity, from the Finance sheet; 0 without one)."""
    invested = {}
    if finance is not None and "section" in finance:  # results written before the Finance sheet have none
        rows = finance[(finance["section"] == "investment") & (finance["item"] != "total_investment_cny")]
        invested = dict(zip(rows["item"], rows["value"]))
    energy = capacity[capacity["unit"] == "MWh"].set_index("tech")["total"]
    power = capacity[capacity["unit"] == "MW"]
    new = "new" if "new" in capacity else "new_available"  # a build pathway's: available in its acceptance year
    rows = [(r["tech"], r["kind"], r["site"], r["existing"], r[new], r["total"], energy.get(r["tech"]),
             r["annualized_cost_cny_per_yr"], invested.get(r["tech"], 0.0)) for r in power.to_dict("records")]
    rows += [(f"{r['line']} ({r['built_option']})", "direct_line", "", 0.0, r["capacity_mw"], r["capacity_mw"], None,
              r["annualized_cost_cny_per_yr"], invested.get(r["line"], 0.0))
             for r in lines.to_dict("records") if r["built_option"] != "none"]
    return pd.DataFrame(rows, columns=["tech", "kind", "site", "existing_mw", "new_mw", "total_mw", "energy_mwh",
                                       "annualized_cost_cny_per_yr", "investment_cny"])


def cost_table(costs: pd.DataFrame) -> pd.DataFrame:
    """The cost breakdown without the total and without terms under 1 CNY/yr: term, label_zh, cny_per_yr."""
    terms = costs[(costs["term"] != "total") & (costs["cny_per_yr"].abs() >= 1.0)]
    return pd.DataFrame({"term": terms["term"], "label_zh": [COST_LABELS.get(t, t) for t in terms["term"]],
                         "cny_per_yr": terms["cny_per_yr"]}).reset_index(drop=True)
