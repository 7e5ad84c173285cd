"""What the results say, in Chinese and English: labels, number formats, the verdict and the
client tables (key figures, what to build, cost breakdown).

Shared by the Dashboard sheet (dashboard.py) and the one-page report (onepage.py), so the
workbook and the report tell the same story from the same results tables. Input: the plain
results DataFrames, either as `runner.results_sheets` made them or as read back from
results.xlsx (where booleans with blanks come back as 1.0 / 0.0 / NaN; `flag` reads both).
"""
from __future__ import annotations

import math
from dataclasses import dataclass, field

import pandas as pd

from zcpark.core.accounting import METHODS

# How a number is shown: Excel number format and the same rendering in Python (HTML, PNG).
FORMATS = {
    "millions": ('#,##0.00,,', lambda v: f"{v / 1e6:,.2f}"),   # the ",," scales by 1e6 on screen only
    "int": ("#,##0", lambda v: f"{v:,.0f}"),
    "one": ("#,##0.0", lambda v: f"{v:,.1f}"),
    "three": ("0.000", lambda v: f"{v:.3f}"),
    "percent": ("0.0%", lambda v: f"{v:.1%}"),
    "percent2": ("0.00%", lambda v: f"{v:.2%}"),
    "text": ("@", str),
}


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
    "total_cost_cny_per_yr": Label("年总成本", "total annual cost", "百万元/年 M CNY/yr", "millions"),
    "cost_per_mwh_cny": Label("单位用电成本", "cost per MWh of electricity use", "元/MWh CNY/MWh", "one"),
    "co2_t_per_yr": Label("年碳排放", "CO2 emissions", "tCO2/yr"),
    "energy_tce_per_yr": Label("综合能源消费量", "energy consumption", "tce/yr"),
    "carbon_intensity_t_per_tce": Label("单位能耗碳排放", "carbon intensity", "tCO2/tce", "three"),
    "carbon_intensity_limit": Label("单位能耗碳排放限值", "carbon intensity limit", "tCO2/tce", "three"),
    "clean_energy_share": Label("清洁能源消费占比", "clean energy share", "", "percent"),
    "hourly_matching_share": Label("逐时绿电匹配率", "hourly carbon-free matching", "", "percent"),
    "absolute_reduction_share": Label("较基准年减排", "reduction vs base year", "", "percent"),
    "electricity_mwh_per_yr": Label("年用电量", "electricity use", "MWh/yr"),
    "grid_import_mwh_per_yr": Label("电网购电量", "grid imports", "MWh/yr"),
    "peak_import_mw": Label("最大购电功率", "peak grid import", "MW", "one"),
    "green_power_mwh_per_yr": Label("绿电交易电量", "green power purchased", "MWh/yr"),
    "gec_mwh_per_yr": Label("绿证", "green certificates", "MWh/yr"),
    "direct_delivered_mwh_per_yr": Label("绿电直连送达电量", "direct-line delivery", "MWh/yr"),
    "export_mwh_per_yr": Label("上网电量", "exports", "MWh/yr"),
    "curtailment_mwh_per_yr": Label("弃电量", "curtailment", "MWh/yr"),
    "solver_status": Label("求解状态", "solver status", "", "text"),
    "mip_gap": Label("最优性间隙", "optimality gap", "", "percent2"),
    "time_resolution": Label("时间分辨率", "time resolution (typical days: see Validation)", "", "text"),
}

METHOD_LABELS = {"average_factor": "平均排放因子法", "fossil_factor": "化石电源排放因子法",
                 "market_based": "市场化核算法"}
TARGET_LABELS = {
    "carbon_intensity_max": Label("单位能耗碳排放上限", "carbon intensity max", "tCO2/tce", "three"),
    "clean_energy_share_min": Label("清洁能源消费占比下限", "clean energy share min", "", "percent"),
    "hourly_matching_min": Label("逐时匹配率下限", "hourly matching min", "", "percent"),
    "co2_cap_t": Label("碳排放总量上限", "CO2 cap", "tCO2/yr"),
    "net_co2_max_t": Label("净排放上限", "net CO2 max", "tCO2/yr"),
    "direct_self_use_min": Label("直连自发自用比例下限", "direct self-use min", "", "percent"),
    "direct_consumption_share_min": Label("直连电量占比下限", "direct consumption share min", "", "percent"),
    "direct_feed_in_max": Label("直连上网比例上限", "direct feed-in max", "", "percent"),
}
COST_LABELS = {
    "grid_energy": "电网购电费", "export_revenue": "上网售电收入", "demand_charge": "需量电费",
    "capex_renewables": "新能源投资(年化)", "fom_renewables": "新能源固定运维", "vom_renewables": "新能源可变运维",
    "capex_storage": "储能投资(年化)", "fom_storage": "储能固定运维", "capex_heat": "供热设备投资(年化)",
    "fom_heat": "供热设备固定运维", "vom_heat": "供热可变运维", "fuel": "燃料费", "lines": "直连线路(年化)",
    "green_power_premium": "绿电溢价", "certificates": "绿证费用", "offsets": "碳抵消",
}
KIND_LABELS = {"pv": "光伏", "wind": "风电", "battery": "电池储能", "thermal": "储热", "heat_pump": "热泵",
               "electric_boiler": "电锅炉", "fuel_boiler": "燃料锅炉", "waste_heat": "余热", "direct_line": "绿电直连线路"}
SOURCE_LABELS = {"onsite_pv": ("园区光伏", "on-site PV"), "onsite_wind": ("园区风电", "on-site wind"),
                 "direct_line": ("绿电直连", "direct line"), "green_power": ("绿电交易", "green power"),
                 "grid": ("电网", "grid"), "storage_discharge": ("储能放电", "storage"),
                 "demand": ("园区用电", "park demand")}
PASS_TEXT = {True: "通过 pass", False: "未通过 FAIL", None: "不适用 n/a"}


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
    Summary's value), `unit` (as displayed), `fmt` (a FORMATS key)."""
    values = summary_values(summary)
    rows = [(ind, lab.zh, lab.en, values[ind], lab.unit, lab.fmt) for ind, lab in KEY_FIGURES.items()
            if ind in values and flag(values[ind]) is not None]
    return pd.DataFrame(rows, columns=["indicator", "label_zh", "label_en", "value", "unit", "fmt"])


@dataclass
class Verdict:
    """Does the plan pass? `failing[m]`: enforced targets that fail under method m;
    `missed`: reported-only targets missed under the enforced method; `undetermined[m]`: enforced
    targets with no achieved value under method m (e.g. an intensity of a park using no energy),
    which neither pass nor fail."""
    method: str
    failing: dict[str, list[str]]
    missed: list[str]
    undetermined: dict[str, list[str]] = field(default_factory=dict)

    @property
    def passes(self) -> bool:
        return not self.failing[self.method]

    def method_result(self, method: str) -> bool | None:
        """Under `method`: False (an enforced target fails), None (one cannot be judged), else True."""
        if self.failing[method]:
            return False
        return None if self.undetermined.get(method) else True

    @property
    def level(self) -> str:
        """'pass' (under every method), 'fragile' (only under some), 'fail' (not under the enforced
        one) or 'n/a' (no failure under the enforced method, but a target there cannot be judged)."""
        if not self.passes:
            return "fail"
        if self.undetermined.get(self.method):
            return "n/a"
        return "pass" if not any(self.failing.values()) else "fragile"

    def passing_methods(self) -> list[str]:
        return [m for m, bad in self.failing.items() if not bad]

    def headline(self) -> str:
        """One line, Chinese then English."""
        if self.level == "fail":
            text = (f"未通过 FAILS under {self.method} ({METHOD_LABELS.get(self.method, '')}): "
                    + ", ".join(self.failing[self.method]))
        elif self.level == "n/a":
            text = ("无法判定 CANNOT BE JUDGED: no achieved value (no energy use?) for "
                    + ", ".join(self.undetermined[self.method]))
        elif self.level == "pass":
            text = "通过 PASSES every enforced target under every accounting method (" + ", ".join(self.failing) + ")"
        else:
            others = [f"{m}: {', '.join(bad)}" for m, bad in self.failing.items() if bad]
            text = (f"通过(依赖核算方法) PASSES under {', '.join(self.passing_methods())} only; "
                    f"fails under " + "; ".join(others))
        if self.missed:
            text += "; 未达(仅报告) misses (reported only): " + ", ".join(self.missed)
        return text


def verdict(summary: pd.DataFrame, acceptance: pd.DataFrame) -> Verdict:
    method = str(summary_values(summary)["carbon_method"])
    failing = {m: [] for m in METHODS}
    undetermined = {m: [] for m in METHODS}
    missed = []
    for row in acceptance.to_dict("records"):
        if not flag(row["applies"]):
            continue
        for m in METHODS:
            if flag(row[f"pass_{m}"]) is False and flag(row["enforce"]):
                failing[m].append(row["indicator"])
            elif flag(row[f"pass_{m}"]) is None and flag(row["enforce"]):
                undetermined[m].append(row["indicator"])
        if flag(row["pass"]) is False and not flag(row["enforce"]):
            missed.append(row["indicator"])
    return Verdict(method, failing, missed, undetermined)


def build_table(capacity: pd.DataFrame, lines: pd.DataFrame) -> pd.DataFrame:
    """What to build: one row per technology (power capacity; stores also their energy) and per
    built direct line. Columns tech, kind, site, existing_mw, new_mw, total_mw, energy_mwh,
    annualized_cost_cny_per_yr, values as in the Capacity and Lines sheets."""
    energy = capacity[capacity["unit"] == "MWh"].set_index("tech")["total"]
    power = capacity[capacity["unit"] == "MW"]
    rows = [(r["tech"], r["kind"], r["site"], r["existing"], r["new"], r["total"], energy.get(r["tech"]),
             r["annualized_cost_cny_per_yr"]) for r in power.to_dict("records")]
    rows += [(f"{r['line']} ({r['built_option']})", "direct_line", "", 0.0, r["capacity_mw"], r["capacity_mw"], None,
              r["annualized_cost_cny_per_yr"]) for r in lines.to_dict("records") if r["built_option"] != "none"]
    return pd.DataFrame(rows, columns=["tech", "kind", "site", "existing_mw", "new_mw", "total_mw", "energy_mwh",
                                       "annualized_cost_cny_per_yr"])


def cost_table(costs: pd.DataFrame) -> pd.DataFrame:
    """The cost breakdown without the total and without terms under 1 CNY/yr: term, label_zh, cny_per_yr."""
    terms = costs[(costs["term"] != "total") & (costs["cny_per_yr"].abs() >= 1.0)]
    return pd.DataFrame({"term": terms["term"], "label_zh": [COST_LABELS.get(t, t) for t in terms["term"]],
                         "cny_per_yr": terms["cny_per_yr"]}).reset_index(drop=True)
