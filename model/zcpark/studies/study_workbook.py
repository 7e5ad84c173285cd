"""Write a study workbook (comparison, frontier, sensitivity, fleet) with native Excel charts.

Studies describe their charts as plain `ChartSpec`s (which columns of which sheet); this module
turns them into openpyxl charts that reference the written cells, so a consultant who edits a
number sees the chart follow. The file itself is written by writer.write_results (atomic).
"""
from __future__ import annotations

import math
from dataclasses import dataclass
from pathlib import Path

import pandas as pd
from openpyxl.chart import BarChart, Reference, ScatterChart, Series
from openpyxl.utils import get_column_letter, quote_sheetname

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


def _column_ref(sheet: str, frame: pd.DataFrame, column: str, header: bool) -> Reference:
    """The cells of one column of a written sheet (from its header row when `header`)."""
    letter = get_column_letter(list(frame.columns).index(column) + 1)
    first = 1 if header else 2
    return Reference(range_string=f"{quote_sheetname(sheet)}!${letter}${first}:${letter}${len(frame) + 1}")


def _chart(spec: ChartSpec, frame: pd.DataFrame):
    """The openpyxl chart for `spec` on the written `frame`, or None when there is nothing to plot."""
    values = [c for c in spec.values if c in frame.columns and frame[c].notna().any()]
    if frame.empty or spec.category not in frame.columns or not values:
        return None
    if spec.kind == "scatter":
        chart = ScatterChart()
        chart.style = 13
        x = _column_ref(spec.sheet, frame, spec.category, header=False)
        for column in values:
            series = Series(_column_ref(spec.sheet, frame, column, header=True), x, title_from_data=True)
            series.marker.symbol = "circle"
            chart.series.append(series)
    else:
        chart = BarChart()
        chart.type = "bar" if spec.kind == "hbar" else "col"
        for column in values:
            chart.add_data(_column_ref(spec.sheet, frame, column, header=True), titles_from_data=True)
        chart.set_categories(_column_ref(spec.sheet, frame, spec.category, header=False))
        if spec.overlap:
            chart.grouping, chart.overlap = "clustered", 100
    chart.title, chart.x_axis.title, chart.y_axis.title = spec.title, spec.x_title, spec.y_title
    # openpyxl >= 3.1 hides axes unless told otherwise.
    chart.x_axis.delete = chart.y_axis.delete = False
    chart.width = CHART_WIDTH_CM
    if spec.kind == "hbar":
        chart.height = max(CHART_HEIGHT_CM, BAR_CM * len(frame))
        chart.x_axis.tickLblPos = "low"  # category labels left of the bars, also of negative ones
        chart.x_axis.tickLblSkip = 1     # every label, not every other one
    if len(values) == 1:
        chart.legend = None  # the title says what the one series is
    else:
        chart.legend.position = "b"
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
