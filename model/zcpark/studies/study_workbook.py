"""Write a study workbook (comparison, frontier, sensitivity, fleet) with native Excel charts.

Studies describe their charts as plain `ChartSpec`s (which columns of which sheet); this module
turns them into native charts with the results workbook's helper (results/excel_charts.py) that
reference the written cells, so a consultant who edits a
number sees the chart follow. The file itself is written by writer.write_results (atomic).
"""
from __future__ import annotations

import math
from dataclasses import dataclass
from pathlib import Path

import pandas as pd
from openpyxl.utils import get_column_letter

from zcpark.results import excel_charts as charts
from zcpark.workbook.writer import write_results

CHART_WIDTH_CM = 18.0
CHART_HEIGHT_CM = 7.5     # openpyxl's default
BAR_CM = 0.6              # height per category of a horizontal bar chart, so long lists stay legible
ROW_CM = 0.5              # a worksheet row is about 0.53 cm: charts are stacked this many rows apart


@dataclass(frozen=True)
class ChartSpec:
    """One chart of a study sheet.

    kind: "bar" (vertical bars), "hbar" (horizontal bars; `overlap` for a tornado) or "scatter"
    (lines and markers, x from `category`). `values`: the plotted columns, one series each.
    """
    sheet: str
    title: str
    category: str
    values: tuple[str, ...]
    kind: str = "bar"
    x_title: str = ""
    y_title: str = ""
    overlap: bool = False


def _chart(spec: ChartSpec, frame: pd.DataFrame):
    """The chart for `spec` on the written `frame` (excel_charts, the results workbook's helper),
    or None when there is nothing to plot."""
    values = [c for c in spec.values if c in frame.columns and frame[c].notna().any()]
    if frame.empty or spec.category not in frame.columns or not values:
        return None
    table = charts.TableRange(spec.sheet, tuple(frame.columns), len(frame))
    series = {c: c for c in values}  # series named by their columns, as the sheet's header shows them
    if spec.kind == "scatter":
        chart = charts.scatter_chart(table, spec.category, series, spec.title, x_title=spec.x_title,
                                     y_title=spec.y_title)
    else:
        chart = charts.bar_chart(table, spec.category, series, spec.title, horizontal=spec.kind == "hbar",
                                 overlap=spec.overlap, x_title=spec.x_title, y_title=spec.y_title)
    chart.width = CHART_WIDTH_CM
    if spec.kind == "hbar":
        chart.height = max(CHART_HEIGHT_CM, BAR_CM * len(frame))
        chart.x_axis.tickLblPos = "low"  # category labels left of the bars, also of negative ones
    if len(values) == 1:
        chart.legend = None  # the title says what the one series is
    return chart


def write_study(path: str | Path, sheets: dict[str, pd.DataFrame], charts: list[ChartSpec]) -> Path:
    """Write the study's sheets (in order) with their charts, placed to the right of each table."""
    placed: dict[str, list] = {}
    next_row: dict[str, int] = {}
    for spec in charts:
        frame = sheets[spec.sheet]
        chart = _chart(spec, frame)
        if chart is None:
            continue
        row = next_row.get(spec.sheet, 2)
        placed.setdefault(spec.sheet, []).append((chart, f"{get_column_letter(len(frame.columns) + 2)}{row}"))
        next_row[spec.sheet] = row + math.ceil(chart.height / ROW_CM) + 2
    return write_results(path, sheets, charts=placed)
