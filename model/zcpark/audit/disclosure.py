"""disclosure.html: one self-contained page (Chinese and English) for information disclosure
(信息公开): the verdict, the acceptance checklist under every method, key metered figures, the
instruments counted, the month-by-month trajectory and the data-quality issues. Table markup,
CSS and labels are the planning report's (results/html_report.py, results/labels.py)."""
from __future__ import annotations

import html

import numpy as np
import pandas as pd

from zcpark.core.accounting import METHODS
from zcpark.results import labels as story
from zcpark.results.html_report import CSS, CSS_CLASS, _table
from zcpark.results.verdict import FLAG_LEVEL, LEVEL_COLOURS, acceptance_lines

QUALITY_SHOWN = 12  # the page lists the first issues; audit.xlsx Quality has them all


def _acceptance(acceptance: pd.DataFrame) -> str:
    rows, classes = [], []
    shown = ("pass", *[f"pass_{m}" for m in METHODS], "robust")
    for line in acceptance_lines(acceptance):
        flags = [line.flags[k] for k in shown]
        rows.append([f"{line.label.zh} {line.indicator}", line.label.show(line.limit), line.label.show(line.achieved),
                     "是 yes" if line.enforced else "否 reported only", *[story.PASS_TEXT[f] for f in flags], line.rule])
        classes.append(["", "", "", "", *[CSS_CLASS[FLAG_LEVEL[f]] for f in flags], ""])
    return _table(["指标 target", "限值 limit", "实测 metered", "约束 enforced", "结论 pass", *METHODS, "稳健 robust",
                   "依据 rule"], rows, classes)


def _number(v) -> str:
    """A cell as shown: yes/no, whole numbers as typed (years, hours), large figures to the unit with
    thousands separators, others to 4 significant digits."""
    if isinstance(v, (bool, np.bool_)):
        return "是 yes" if v else "否 no"
    if v is None or (isinstance(v, float) and np.isnan(v)):
        return ""
    if isinstance(v, (int, np.integer)) or (isinstance(v, float) and v.is_integer()):
        return str(int(v))
    if isinstance(v, float):
        return f"{v:,.0f}" if abs(v) >= 1000 else f"{v:.4g}"
    return str(v)


def _frame(frame: pd.DataFrame, columns: dict[str, str], limit: int | None = None) -> str:
    shown = frame.head(limit) if limit else frame
    return _table(list(columns.values()), [[_number(r[c]) for c in columns] for r in shown.to_dict("records")])


KEY_ROWS = ("carbon_intensity_t_per_tce", "carbon_intensity_limit", "clean_energy_share", "hourly_matching_share",
            "co2_t_per_yr", "offsets_t_per_yr", "net_co2_t_per_yr", "energy_tce_per_yr", "electricity_mwh_per_yr",
            "grid_import_mwh_per_yr", "green_power_mwh_per_yr", "gec_mwh_per_yr", "direct_supply_share",
            "audited_year", "metered_hours", "reading_interval", "missing_hours", "gap_treatment")


def _plan(compared: pd.DataFrame) -> str:
    """Key figures and targets, planned against metered (audit.xlsx PlanVsMetered has every row)."""
    shown = compared[((compared["section"] == "summary") & compared["indicator"].isin(KEY_ROWS))
                     | (compared["section"] == "target")]
    table = _frame(shown, {"indicator": "指标 indicator", "planned": "规划 planned", "metered": "实测 metered",
                           "difference": "差值 difference", "moved_verdict": "改变结论 moved the verdict"})
    return f"<div class=\"wide\"><h2>规划与实测 Plan vs metered</h2>{table}</div>"


def disclosure_html(sheets: dict[str, pd.DataFrame], audit) -> str:
    verdict = audit.verdict
    values = story.summary_values(sheets["Summary"])
    summary = sheets["Summary"].set_index("indicator")
    key = _table(["指标 indicator", "数值 value", "单位 unit"],
                 [[(f"{story.KEY_FIGURES[k].zh} " if k in story.KEY_FIGURES else "") + k,
                   story.KEY_FIGURES[k].show(summary.loc[k, "value"]) if k in story.KEY_FIGURES
                   else _number(summary.loc[k, "value"]), str(summary.loc[k, "unit"])]
                  for k in KEY_ROWS if k in summary.index])
    background, colour = (f"#{c}" for c in LEVEL_COLOURS[verdict.level])
    quality = sheets["Quality"]
    more = (f"<p>… {len(quality) - QUALITY_SHOWN} more in audit.xlsx, sheet Quality</p>"
            if len(quality) > QUALITY_SHOWN else "")
    quality_html = (_frame(quality, {"interval": "时段 interval", "meter": "表计 meter", "issue": "问题 issue",
                                     "effect": "影响 effect"}, QUALITY_SHOWN) + more
                    if len(quality) else "<p>无 none: every interval of every meter is present and consistent.</p>")
    monthly = sheets["Monthly"]
    monthly_html = _frame(monthly[monthly["scope"] == "year_to_date"],
                          {"month": "月份 month", "hours": "小时 hours", "intensity_t_per_tce": "累计强度 tCO2/tce (YTD)",
                           "clean_energy_share": "清洁能源占比 clean share", "intensity_limit": "限值 limit",
                           "on_track": "达标 on track"})
    instruments = _frame(sheets["Instruments"], {"instrument_id": "编号 id", "kind": "类型 kind", "amount": "数量 amount",
                                                 "vintage_year": "年份 vintage", "counted": "计入 counted",
                                                 "reason": "说明 reason"})
    meta = dict(zip(sheets["Meta"]["key"], sheets["Meta"]["value"]))
    title = f"{values.get('park', '')} {values.get('audited_year', '')} — 零碳园区运营核查与信息公开 operations disclosure"
    return f"""<!DOCTYPE html>
<html lang="zh-CN"><head><meta charset="utf-8"><title>{html.escape(title)}</title><style>{CSS}</style></head>
<body><h1>{html.escape(title)}</h1>
<div class="verdict" style="background:{background};color:{colour}">{html.escape(verdict.headline())}</div>
<p class="method">{html.escape(story.method_note(verdict.method))} 数据来源 Source: metered readings
(计量数据), not a plan.</p>
<div class="grid"><div><h2>关键指标 Key metered figures</h2>{key}
<h2>绿电绿证与抵消 Instruments</h2>{instruments}</div>
<div><h2>逐月累计 Month by month (year to date)</h2>{monthly_html}</div>
<div class="wide"><h2>验收清单 Acceptance checklist</h2>{_acceptance(sheets["Acceptance"])}</div>
<div class="wide"><h2>数据质量 Data quality</h2>{quality_html}</div>
{_plan(sheets["PlanVsMetered"]) if "PlanVsMetered" in sheets else ""}</div>
<footer>zcpark {html.escape(str(meta.get('zcpark', '')))} · input_file: {html.escape(str(meta.get('input_file', '')))}
· input_sha256: {html.escape(str(meta.get('input_sha256', '')))} · {html.escape(str(meta.get('started', '')))}</footer>
</body></html>
"""
