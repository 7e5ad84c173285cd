"""The Dashboard sheet (first in results.xlsx) and the other styled results sheets.

Left, tables a client reads top to bottom: the verdict and how it depends on the accounting
method, key figures (exactly the Summary's values, shown with units), what to build, the
acceptance table coloured pass/fail, the cost breakdown. Right, native Excel charts over
those tables and over the MonthlyBalance and TypicalWeeks sheets, and the month x hour
matching heat map. Plain results DataFrames in, write-only openpyxl sheets out; no Pyomo.
"""
from __future__ import annotations

from collections.abc import Mapping

import pandas as pd
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter

from zcpark.results import excel_charts as charts
from zcpark.results import balance
from zcpark.results import labels as story
from zcpark.results.verdict import FLAG_LEVEL, LEVEL_COLOURS, Verdict, acceptance_lines, verdict
from zcpark.core.accounting import METHODS
from zcpark.core.attribution import SCOPE_LABELS
from zcpark.workbook.writer import spreadsheet_cell

TITLE_FONT, SECTION_FONT, BOLD, GREY = Font(bold=True, size=16), Font(bold=True, size=12), Font(bold=True), \
    Font(color="808080", size=9)
SECTION_FILL = PatternFill("solid", fgColor="DDEBF7")
HEADER_FILL = PatternFill("solid", fgColor="F2F2F2")

LEFT_WIDTHS = (32, 30, 15, 15, 15, 15, 15, 15, 15, 15, 15, 15, 28)  # columns A..M: the tables
GAP_COL = len(LEFT_WIDTHS) + 1                                 # L: a narrow gap
RIGHT_COL = GAP_COL + 1                                        # M: charts and the heat map
RIGHT_WIDTH, RIGHT_COLS = 5.3, 34                              # narrow columns, the heat map's hours fit
CHART_SLOT_COLS, CHART_SLOT_ROWS = 16, 20                      # one chart: ~16 cm x 9.5 cm
CHART_W_CM, CHART_H_CM = 16.0, 9.5


def _level_style(level: str) -> tuple[PatternFill, Font]:
    fill, font = LEVEL_COLOURS[level]
    return PatternFill("solid", fgColor=fill), Font(bold=True, color=font)


class Canvas:
    """Cells placed anywhere, then appended row by row (a write-only sheet takes rows in order)."""

    def __init__(self, ws):
        self.ws = ws
        self.cells: dict[tuple[int, int], WriteOnlyCell] = {}

    def put(self, row: int, col: int, value=None, *, font=None, fill=None, fmt: str | None = None,
            wrap: bool = False) -> None:
        cell = spreadsheet_cell(self.ws, value, font)
        if fill is not None:
            cell.fill = fill
        if fmt:
            cell.number_format = fmt
        if wrap:
            cell.alignment = Alignment(wrap_text=True, vertical="top")
        self.cells[(row, col)] = cell

    def section(self, row: int, col: int, text: str, width: int) -> None:
        """A section title: bold on a light band `width` columns wide."""
        for c in range(col, col + width):
            self.put(row, c, text if c == col else None, font=SECTION_FONT, fill=SECTION_FILL)

    def table(self, row: int, col: int, frame: pd.DataFrame, headers: list[str],
              formats: Mapping[str, str] | None = None) -> charts.TableRange:
        """`frame` with display `headers` at (row, col); returns where its data sits, for charts."""
        for j, text in enumerate(headers):
            self.put(row, col + j, text, font=BOLD, fill=HEADER_FILL)
        for i, record in enumerate(frame.itertuples(index=False, name=None), start=1):
            for j, (name, value) in enumerate(zip(frame.columns, record)):
                self.put(row + i, col + j, value, fmt=(formats or {}).get(name))
        return charts.TableRange(self.ws.title, tuple(frame.columns), len(frame), header_row=row, first_col=col)

    def flush(self) -> None:
        by_row: dict[int, dict[int, WriteOnlyCell]] = {}
        for (r, c), cell in self.cells.items():
            by_row.setdefault(r, {})[c] = cell
        for r in range(1, max(by_row, default=0) + 1):
            cells = by_row.get(r, {})
            self.ws.append([cells.get(c) for c in range(1, max(cells, default=0) + 1)])


# ---- Left: the tables ----
def _verdict_rows(canvas: Canvas, row: int, verdict: Verdict) -> int:
    """The verdict, then which method decides acceptance and why the others are shown (row 3)."""
    fill, font = _level_style(verdict.level)
    for c in range(1, len(LEFT_WIDTHS) + 1):
        canvas.put(row, c, verdict.headline() if c == 1 else None, font=font, fill=fill)
    canvas.put(row + 1, 1, story.method_note(verdict.method), font=GREY)
    row += 2
    canvas.table(row, 1, pd.DataFrame(columns=["zh", "method", "result", "failing"]),
                 ["核算方法", "accounting method", "结论 result", "未通过的约束目标 failing enforced targets"])
    for label, method, result, names in verdict.by_method():
        row += 1
        fill, font = _level_style(FLAG_LEVEL[result])
        canvas.put(row, 1, label)
        canvas.put(row, 2, method)
        canvas.put(row, 3, story.PASS_TEXT[result], font=font, fill=fill)
        canvas.put(row, 4, ", ".join(names))
    return row + 2


ZONE_FIGURES = {"electricity_mwh": ("用电 MWh/yr", "#,##0"), "co2_t": ("tCO2/yr", "#,##0.0"),
                "energy_tce": ("tce/yr", "#,##0.0"), "intensity_t_per_tce": ("tCO2/tce", "0.0000"),
                "clean_energy_share": ("清洁能源占比 clean", "0.0%"), "hourly_matching_share": ("逐时匹配 hourly", "0.0%")}


def _boundary_vs_host(canvas: Canvas, row: int, zones: pd.DataFrame) -> int:
    """A park within a park: the boundary (under each attribution rule), the rest and the host park side by
    side (the Zones sheet's scope rows, enforced method); the verdict above is the boundary's."""
    canvas.section(row, 1, "园中园 Boundary vs host park (the verdict above is the boundary's; Zones sheet)", 9)
    scopes = zones[zones["scope"] != "zone"]
    frame = pd.DataFrame({"scope": [SCOPE_LABELS.get(s, s) for s in scopes["scope"]], "rule": scopes["rule"],
                          **{k: scopes[k] for k in ZONE_FIGURES}})
    canvas.table(row + 1, 1, frame, ["范围 scope", "归属规则 attribution rule", *[v[0] for v in ZONE_FIGURES.values()]],
                 {k: v[1] for k, v in ZONE_FIGURES.items()})
    return row + len(frame) + 3


def _key_figures(canvas: Canvas, row: int, figures: pd.DataFrame) -> int:
    canvas.section(row, 1, "关键指标 Key figures", 5)
    shown = figures[["label_zh", "label_en", "value", "unit", "indicator"]]
    formats = {i: story.FORMATS[f][0] for i, f in zip(figures["indicator"], figures["fmt"])}
    canvas.table(row + 1, 1, shown, ["指标", "indicator", "数值 value", "单位 unit", "Summary 行 row"])
    for i, indicator in enumerate(figures["indicator"], start=row + 2):  # per-row formats, ids in grey
        canvas.cells[(i, 3)].number_format = formats[indicator]
        canvas.cells[(i, 5)].font = GREY
    return row + len(figures) + 3


def _build(canvas: Canvas, row: int, build: pd.DataFrame) -> tuple[int, charts.TableRange]:
    canvas.section(row, 1, "建设方案 What to build", 9)
    shown = build.assign(kind=[f"{story.KIND_LABELS.get(k, '')} {k}".strip() for k in build["kind"]])
    fmt = {"existing_mw": "#,##0.0", "new_mw": "#,##0.0", "total_mw": "#,##0.0", "energy_mwh": "#,##0.0",
           "annualized_cost_cny_per_yr": story.FORMATS["millions"][0], "investment_cny": story.FORMATS["wan"][0]}
    table = canvas.table(row + 1, 1, shown, ["技术 tech", "类型 kind", "位置 site", "现有 existing MW", "新建 new MW",
                                             "合计 total MW", "储能容量 MWh", "年化成本 M CNY/yr", "投资 万元 upfront"], fmt)
    return row + len(build) + 3, table


def _acceptance(canvas: Canvas, row: int, acceptance: pd.DataFrame) -> int:
    """Each target under the enforced method (`pass`) and under every method, coloured; the rule it follows."""
    canvas.section(row, 1, "验收 Acceptance (发改环资〔2025〕910号, 发改能源〔2025〕650号)", len(LEFT_WIDTHS))
    headers = ["指标", "indicator", "限值 limit", "实际 achieved", "裕度 margin", "约束 enforced",
               "结论 pass", *METHODS, "稳健 robust", "依据 rule"]
    row += 1
    canvas.table(row, 1, pd.DataFrame(columns=headers), headers)
    for line in acceptance_lines(acceptance):
        row += 1
        canvas.put(row, 1, line.label.zh)
        canvas.put(row, 2, line.indicator)
        for col, number in ((3, line.limit), (4, line.achieved), (5, line.margin)):
            canvas.put(row, col, number, fmt=line.label.excel_format)
        canvas.put(row, 6, "是 yes" if line.enforced else "否 reported only")
        for col, ok in enumerate(line.flags.values(), start=7):
            fill, font = _level_style(FLAG_LEVEL[ok])
            canvas.put(row, col, story.PASS_TEXT[ok], font=font, fill=fill)
        canvas.put(row, 7 + len(line.flags), line.rule)
    return row + 2


def _costs(canvas: Canvas, row: int, costs: pd.DataFrame, total) -> tuple[int, charts.TableRange]:
    canvas.section(row, 1, "成本构成 Annual cost breakdown", 3)
    shown = pd.DataFrame({"label": [f"{zh} {t}" for zh, t in zip(costs["label_zh"], costs["term"])],
                          "term": costs["term"], "cny_per_yr": costs["cny_per_yr"]})
    table = canvas.table(row + 1, 1, shown, ["项目 item", "term", "年成本 M CNY/yr"],
                         {"cny_per_yr": story.FORMATS["millions"][0]})
    last = row + 2 + len(costs)
    canvas.put(last, 1, "合计 total", font=BOLD)
    canvas.put(last, 3, total, font=BOLD, fmt=story.FORMATS["millions"][0])
    return last + 2, table


# ---- Right: charts and the heat map ----
def _sources(frame: pd.DataFrame, suffix: str) -> dict[str, str]:
    """Series of the balance charts: the sources that carry energy in `frame` (column -> title)."""
    return {f"{s}{suffix}": story.bilingual(*story.SOURCE_LABELS[s]) for s in balance.BALANCE_SOURCES
            if f"{s}{suffix}" in frame and frame[f"{s}{suffix}"].abs().sum() > 0}


def _uses(frame: pd.DataFrame, suffix: str) -> dict[str, str]:
    """Lines over the stacked sources: the park's demand and, when storage charges or the park
    exports, the total use (demand + charging + exports), which the stacked sources reach."""
    names = ["demand"]
    if f"use{suffix}" in frame and (frame[f"use{suffix}"] - frame[f"demand{suffix}"]).abs().sum() > 1e-6:
        names.append("use")
    return {f"{n}{suffix}": story.bilingual(*story.SOURCE_LABELS[n]) for n in names}


def _colours(suffix: str) -> dict[str, str]:
    return {f"{name}{suffix}": colour for name, colour in charts.PALETTE.items()}


def _anchor(row: int, slot: int) -> str:
    return f"{get_column_letter(RIGHT_COL + slot * CHART_SLOT_COLS)}{row}"


def _charts(ws, row: int, build: charts.TableRange, costs: charts.TableRange,
            sheets: Mapping[str, pd.DataFrame]) -> int:
    """Capacity and costs, the monthly balance, a summer and a winter week; returns the next free row."""
    new = "新建(验收年可用) new, available" if "Roadmap" in sheets else "新建 new"  # a pathway: see the roadmap
    charts.place(ws, charts.bar_chart(build, "tech", {"existing_mw": "现有 existing", "new_mw": new},
                                      "装机容量 Capacity by technology (MW)", stacked=True, y_title="MW",
                                      colours={"existing_mw": charts.PALETTE["existing"],
                                               "new_mw": charts.PALETTE["new"]}),
                 _anchor(row, 0), CHART_W_CM, CHART_H_CM)
    charts.place(ws, charts.bar_chart(costs, "label", {"cny_per_yr": "年成本 annual cost"},
                                      "成本构成 Annual cost (M CNY/yr)", horizontal=True, number_format="#,##0,,",
                                      colours={"cny_per_yr": charts.PALETTE["cost"]}),
                 _anchor(row, 1), CHART_W_CM, CHART_H_CM)
    row += CHART_SLOT_ROWS
    if "Roadmap" in sheets:  # a build pathway: the roadmap (路线图) before the acceptance year's charts
        from zcpark.results.roadmap import roadmap_charts  # it uses this module's Canvas
        for i, chart in enumerate(roadmap_charts(sheets)):
            charts.place(ws, chart, _anchor(row + (i // 2) * CHART_SLOT_ROWS, i % 2), CHART_W_CM, CHART_H_CM)
        row += 2 * CHART_SLOT_ROWS
    monthly = sheets.get("MonthlyBalance")
    if monthly is not None and len(monthly):
        table = charts.TableRange("MonthlyBalance", tuple(monthly.columns), len(monthly))
        chart = charts.bar_chart(table, "month", _sources(monthly, "_mwh"), "月度电量平衡 Monthly electricity by source (MWh)",
                                 stacked=True, y_title="MWh", x_title="月 month", colours=_colours("_mwh"))
        chart = charts.with_line(chart, table, "month", _uses(monthly, "_mwh"), colours=_colours("_mwh"))
        charts.place(ws, chart, _anchor(row, 0), 2 * CHART_W_CM, CHART_H_CM)
        row += CHART_SLOT_ROWS
    weeks = sheets.get("TypicalWeeks")
    if weeks is not None and len(weeks):
        table = charts.TableRange("TypicalWeeks", tuple(weeks.columns), len(weeks))
        for slot, (season, zh) in enumerate((("summer", "夏季典型周"), ("winter", "冬季典型周"))):
            rows = weeks.index[weeks["week"] == season]
            if not len(rows):
                continue
            first, count = int(rows[0]), len(rows)
            part = weeks.iloc[first:first + count]
            chart = charts.area_chart(table, "time", _sources(part, "_mw"), f"{zh} Typical {season} week (MW)",
                                      y_title="MW", first=first, count=count, colours=_colours("_mw"))
            chart = charts.with_line(chart, table, "time", _uses(part, "_mw"), first=first, count=count,
                                     colours=_colours("_mw"))
            charts.place(ws, chart, _anchor(row, slot), CHART_W_CM, CHART_H_CM)
        row += CHART_SLOT_ROWS
    return row


def _heat_map(canvas: Canvas, row: int, col: int, month_hour: pd.DataFrame) -> charts.TableRange:
    """The month x hour matched share, coloured red (0 %) - yellow - green (100 %)."""
    hours = [c for c in month_hour.columns if c != "month"]
    table = canvas.table(row, col, month_hour, ["月 mo", *[c[1:] for c in hours]], dict.fromkeys(hours, "0%"))
    if len(month_hour):
        charts.add_heat_map(canvas.ws, table.cells(hours))
    return table


def write_dashboard(ws, frame: pd.DataFrame, sheets: Mapping[str, pd.DataFrame]) -> None:
    """The Dashboard sheet; `frame` is its key-figures table (story.key_figures of the Summary)."""
    summary, acceptance = sheets["Summary"], sheets["Acceptance"]
    values = story.summary_values(summary)
    judged = verdict(summary, acceptance)
    for i, width in enumerate(LEFT_WIDTHS, start=1):
        ws.column_dimensions[get_column_letter(i)].width = width
    ws.column_dimensions[get_column_letter(GAP_COL)].width = 3
    for c in range(RIGHT_COL, RIGHT_COL + RIGHT_COLS):
        ws.column_dimensions[get_column_letter(c)].width = RIGHT_WIDTH
    ws.freeze_panes = "A3"  # the title and the verdict stay in view
    ws.row_dimensions[1].ht = 24
    ws.page_setup.orientation = "landscape"
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    ws.page_setup.fitToWidth, ws.page_setup.fitToHeight = 1, 0

    canvas = Canvas(ws)
    canvas.put(1, 1, f"{values.get('park', '')} [{values.get('scenario', '')}] — 零碳园区规划 zero-carbon park plan",
               font=TITLE_FONT)
    row = _verdict_rows(canvas, 2, judged)
    if "Zones" in sheets:
        row = _boundary_vs_host(canvas, row, sheets["Zones"])
    row = _key_figures(canvas, row, frame)
    row, build = _build(canvas, row, story.build_table(sheets["Capacity"], sheets["Lines"], sheets.get("Finance")))
    row = _acceptance(canvas, row, acceptance)
    _, costs = _costs(canvas, row, story.cost_table(sheets["Costs"]), values.get("total_cost_cny_per_yr"))

    right = 4
    canvas.section(right - 1, RIGHT_COL, "图表 Charts", RIGHT_COLS)
    right = _charts(ws, right, build, costs, sheets)
    if "MatchingMonthHour" in sheets:
        canvas.section(right, RIGHT_COL, "逐时绿电匹配率 Hourly carbon-free matching, month × hour", RIGHT_COLS)
        _heat_map(canvas, right + 1, RIGHT_COL, sheets["MatchingMonthHour"])
    canvas.flush()


def write_heat_map_sheet(ws, frame: pd.DataFrame, sheets: Mapping[str, pd.DataFrame]) -> None:
    """MatchingMonthHour as a heat map: percentages, narrow hour columns, month column frozen."""
    ws.column_dimensions["A"].width = 8
    for c in range(2, len(frame.columns) + 1):
        ws.column_dimensions[get_column_letter(c)].width = 6.5
    ws.freeze_panes = "B2"
    canvas = Canvas(ws)
    hours = [c for c in frame.columns if c != "month"]
    table = canvas.table(1, 1, frame, list(frame.columns), dict.fromkeys(hours, "0%"))
    if len(frame):
        charts.add_heat_map(ws, table.cells(hours))
    canvas.flush()


def numbers_table(number_format: str):
    """A SheetWriter: the frame as a table with its float columns in `number_format`."""
    def write(ws, frame: pd.DataFrame, sheets: Mapping[str, pd.DataFrame]) -> None:
        for i, c in enumerate(frame.columns, start=1):
            ws.column_dimensions[get_column_letter(i)].width = max(12, len(str(c)) + 2)
        ws.freeze_panes = "A2"
        floats = [c for c in frame.columns if pd.api.types.is_float_dtype(frame[c])]
        canvas = Canvas(ws)
        canvas.table(1, 1, frame, list(frame.columns), dict.fromkeys(floats, number_format))
        canvas.flush()
    return write


def with_dashboard(sheets: dict[str, pd.DataFrame]) -> dict[str, pd.DataFrame]:
    """`sheets` with the Dashboard first (its frame: the key figures of the Summary)."""
    return {"Dashboard": story.key_figures(sheets["Summary"]), **sheets}


def write_roadmap_sheet(ws, frame: pd.DataFrame, sheets: Mapping[str, pd.DataFrame]) -> None:
    """A build pathway's Roadmap sheet (results/roadmap.py, which uses this module's Canvas)."""
    from zcpark.results.roadmap import write_roadmap_sheet as write
    write(ws, frame, sheets)


SHEET_WRITERS = {"Dashboard": write_dashboard, "MatchingMonthHour": write_heat_map_sheet,
                 "MonthlyBalance": numbers_table("#,##0"), "TypicalWeeks": numbers_table("#,##0.0"),
                 "Roadmap": write_roadmap_sheet}
