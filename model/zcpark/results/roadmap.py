"""The roadmap of a build pathway (路线图、时间表): the Roadmap sheet, capacity available by year,
with native Excel charts over it and over the Years sheet (stacked capacity by year, carbon
intensity against each year's limit, capital spending by year). No Pyomo here."""
from __future__ import annotations

from collections.abc import Mapping

import pandas as pd
from openpyxl.utils import get_column_letter

from zcpark.results import excel_charts as charts
from zcpark.results.dashboard import CHART_H_CM, CHART_W_CM, Canvas

CHART_ROWS = 20  # rows one chart takes
CHART_COLS = 9   # columns one chart takes


def capacity_by_year(pathway: pd.DataFrame) -> pd.DataFrame:
    """Year x technology: MW available (existing + vintages in service); MWh rows and lines left out."""
    mw = pathway[pathway["unit"] == "MW"]
    table = mw.pivot_table(index="year", columns="tech", values="available", aggfunc="sum", sort=False)
    return table.reset_index().rename_axis(columns=None)


def timetable(pathway: pd.DataFrame, years: pd.DataFrame) -> pd.DataFrame:
    """The timetable (时间表) of a pathway, one row per year: what is built that year (text),
    capital spending (CNY), carbon intensity and its limit, clean-energy share, and whether the
    core indicator passes (under the enforced method). From the Pathway and Years sheets."""
    built = []
    for year in years["year"]:
        rows = pathway[(pathway["year"] == year) & (pathway["new"] > 1e-6)]
        parts = []
        for tech, group in rows.groupby("tech", sort=False):
            if (group["kind"] == "direct_line").any():
                parts.append(str(tech))
                continue
            amounts = [f"{r.new:,.0f} {r.unit}" for r in group.itertuples()]
            parts.append(f"{tech} {' / '.join(amounts)}")
        built.append("; ".join(parts) or "-")
    limit = "carbon_intensity_max_limit" if "carbon_intensity_max_limit" in years else "carbon_intensity_limit"
    passed = years["carbon_intensity_max_pass"] if "carbon_intensity_max_pass" in years else pd.Series([None] * len(years))
    return pd.DataFrame({"year": years["year"], "built": built, "capital_cny": years["capital_spending_cny"],
                         "carbon_intensity_t_per_tce": years["carbon_intensity_t_per_tce"],
                         "limit_t_per_tce": years.get(limit), "clean_energy_share": years["clean_energy_share"],
                         "core_pass": passed.to_numpy()})


def roadmap_charts(sheets: Mapping[str, pd.DataFrame]) -> list:
    """The roadmap charts over the Roadmap and Years sheets (as written: a table from A1): stacked
    capacity by year, carbon intensity against each year's limit, capital spending by year."""
    out = []
    capacity, years_frame = sheets.get("Roadmap"), sheets.get("Years")
    techs = [c for c in capacity.columns if c != "year"] if capacity is not None else []
    if techs:
        by_year = charts.TableRange("Roadmap", tuple(capacity.columns), len(capacity))
        out.append(charts.bar_chart(by_year, "year", {t: t for t in techs}, "装机路线图 Capacity available by year (MW)",
                                    stacked=True, y_title="MW", x_title="年 year"))
    if years_frame is None or not len(years_frame):
        return out
    years = charts.TableRange("Years", tuple(years_frame.columns), len(years_frame))
    limit = "carbon_intensity_max_limit" if "carbon_intensity_max_limit" in years_frame else "carbon_intensity_limit"
    chart = charts.bar_chart(years, "year", {"carbon_intensity_t_per_tce": "碳排放强度 intensity"},
                             "碳排放强度与当年目标 Carbon intensity vs each year's limit (tCO2/tce)",
                             y_title="tCO2/tce", x_title="年 year")
    out.append(charts.with_line(chart, years, "year", {limit: "当年目标 limit"}, colours={limit: "C0392B"}))
    out.append(charts.bar_chart(years, "year", {"capital_spending_cny": "建设投资 capital spending"},
                                "分年投资 Capital spending by year (M CNY)", y_title="M CNY", x_title="年 year",
                                number_format="#,##0,,", colours={"capital_spending_cny": charts.PALETTE["cost"]}))
    return out


def write_roadmap_sheet(ws, frame: pd.DataFrame, sheets: Mapping[str, pd.DataFrame]) -> None:
    """`frame` (capacity_by_year) as a table, and below it the roadmap charts, two a row."""
    for i in range(1, max(len(frame.columns), 2 * CHART_COLS) + 1):
        ws.column_dimensions[get_column_letter(i)].width = 14
    ws.freeze_panes = "B2"
    canvas = Canvas(ws)
    techs = [c for c in frame.columns if c != "year"]
    canvas.table(1, 1, frame, list(frame.columns), dict.fromkeys(techs, "#,##0.0"))
    canvas.flush()
    top = len(frame) + 3
    for i, chart in enumerate(roadmap_charts({**sheets, "Roadmap": frame})):
        anchor = f"{get_column_letter(1 + (i % 2) * CHART_COLS)}{top + (i // 2) * CHART_ROWS}"
        charts.place(ws, chart, anchor, CHART_W_CM, CHART_H_CM)
