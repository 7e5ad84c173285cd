"""Native Excel charts and heat maps over ranges of a results workbook (openpyxl, no Pyomo).

The charts reference cell ranges, so they stay live in Excel: edit a number and the chart
follows. A `TableRange` says where a DataFrame sits in a sheet; the chart builders take
column names of that table, never hand-written cell addresses. The one chart helper of
every workbook zcpark writes (results, and the study workbooks of studies/): build, then `place`.
"""
from __future__ import annotations

from dataclasses import dataclass

from openpyxl.chart import AreaChart, BarChart, LineChart, Reference, ScatterChart, Series
from openpyxl.formatting.rule import ColorScaleRule
from openpyxl.utils import get_column_letter, quote_sheetname

from zcpark.core import technologies as techs

# One colour per electricity source, used by the workbook and the PNG figures alike.
PALETTE = {**{f"onsite_{k}": techs.role(k).colour for k in techs.renewable_kinds()},
           "direct_line": techs.role("direct_line").colour, "green_power": "7CB342",
           "grid": "9E9E9E", "storage_discharge": "8E44AD", "demand": "C0392B", "use": "212121", "existing": "B0BEC5",
           "new": "2E7D32", "cost": "1F77B4", "revenue": "E67E22"}
HEAT_COLOURS = ("F8696B", "FFEB84", "63BE7B")  # red (0 %), yellow (50 %), green (100 % matched)


@dataclass(frozen=True)
class TableRange:
    """A table in a sheet: its header on `header_row`, `n_rows` data rows below, its first
    column at `first_col` (1-based), columns named as in the DataFrame written there."""
    sheet: str
    columns: tuple[str, ...]
    n_rows: int
    header_row: int = 1
    first_col: int = 1

    def col_index(self, column: str) -> int:
        return self.first_col + self.columns.index(column)

    def reference(self, column: str, first: int = 0, count: int | None = None) -> Reference:
        """The data cells of `column`, rows first .. first + count - 1 of the table (0-based)."""
        count = self.n_rows - first if count is None else count
        col = self.col_index(column)
        top = self.header_row + 1 + first
        return Reference(range_string=f"{quote_sheetname(self.sheet)}!${get_column_letter(col)}${top}:"
                                      f"${get_column_letter(col)}${top + count - 1}")

    def cells(self, columns: list[str] | None = None) -> str:
        """A1 range of the data cells of `columns` (contiguous; all columns when None)."""
        columns = columns or list(self.columns)
        first, last = self.col_index(columns[0]), self.col_index(columns[-1])
        return (f"{get_column_letter(first)}{self.header_row + 1}:"
                f"{get_column_letter(last)}{self.header_row + self.n_rows}")


def _add_series(chart, table: TableRange, values: dict[str, str], first: int, count: int | None,
                colours: dict[str, str] | None, line: bool = False) -> None:
    for column, title in values.items():
        series = Series(table.reference(column, first, count), title=title)
        colour = (colours or {}).get(column)
        if colour and line:
            series.graphicalProperties.line.solidFill = colour
            series.graphicalProperties.line.width = 22000  # EMU: about 1.75 pt
            series.smooth = False
        elif colour:
            series.graphicalProperties.solidFill = colour
            series.graphicalProperties.line.solidFill = colour
        chart.series.append(series)


def _finish(chart, title: str, table: TableRange, category: str, first: int, count: int | None,
            y_title: str, x_title: str):
    chart.title = title
    chart.y_axis.title = y_title or None
    chart.x_axis.title = x_title or None
    chart.set_categories(table.reference(category, first, count))
    chart.legend.position = "b"
    # openpyxl >= 3.1 hides axes unless told otherwise (delete=True by default).
    chart.x_axis.delete = False
    chart.y_axis.delete = False
    return chart


def bar_chart(table: TableRange, category: str, values: dict[str, str], title: str, *, stacked: bool = False,
              horizontal: bool = False, overlap: bool = False, y_title: str = "", x_title: str = "", first: int = 0,
              count: int | None = None, colours: dict[str, str] | None = None, number_format: str = "") -> BarChart:
    """Bars of `values` (column -> series title) against `category`, optionally stacked, horizontal,
    or overlapping (a tornado: the down and up bars of one category on one line)."""
    chart = BarChart()
    chart.type = "bar" if horizontal else "col"
    if stacked:
        chart.grouping, chart.overlap = "stacked", 100
    elif overlap:
        chart.grouping, chart.overlap = "clustered", 100
    chart.gapWidth = 60
    _add_series(chart, table, values, first, count, colours)
    if number_format:
        chart.y_axis.number_format = number_format
    chart = _finish(chart, title, table, category, first, count, y_title, x_title)
    if horizontal:  # first row on top, every category labelled
        chart.x_axis.scaling.orientation = "maxMin"
        chart.x_axis.tickLblSkip = 1
    return chart


def area_chart(table: TableRange, category: str, values: dict[str, str], title: str, *, y_title: str = "",
               x_title: str = "", first: int = 0, count: int | None = None,
               colours: dict[str, str] | None = None) -> AreaChart:
    """Stacked areas of `values` against `category` (e.g. hourly dispatch by source)."""
    chart = AreaChart()
    chart.grouping = "stacked"
    _add_series(chart, table, values, first, count, colours)
    chart = _finish(chart, title, table, category, first, count, y_title, x_title)
    chart.x_axis.tickLblSkip = 24  # one label a day on an hourly axis
    chart.x_axis.tickMarkSkip = 24
    return chart


def scatter_chart(table: TableRange, x: str, values: dict[str, str], title: str, *, y_title: str = "",
                  x_title: str = "", colours: dict[str, str] | None = None) -> ScatterChart:
    """Lines with markers of `values` (column -> series title) against the numbers in column `x`."""
    chart = ScatterChart()
    chart.style = 13
    for column, series_title in values.items():
        series = Series(table.reference(column), table.reference(x), title=series_title)
        series.marker.symbol = "circle"
        colour = (colours or {}).get(column)
        if colour:
            series.graphicalProperties.line.solidFill = colour
        chart.series.append(series)
    chart.title, chart.x_axis.title, chart.y_axis.title = title, x_title or None, y_title or None
    chart.legend.position = "b"
    chart.x_axis.delete = chart.y_axis.delete = False
    return chart


def with_line(chart, table: TableRange, category: str, values: dict[str, str], *, first: int = 0,
              count: int | None = None, colours: dict[str, str] | None = None):
    """Overlay lines of `values` on `chart`'s axes (e.g. demand over stacked supply); returns chart."""
    line = LineChart()
    _add_series(line, table, values, first, count, colours, line=True)
    line.set_categories(table.reference(category, first, count))
    chart += line
    return chart


def place(ws, chart, anchor: str, width_cm: float = 16.0, height_cm: float = 7.5) -> None:
    """Put `chart` on `ws` with its top-left corner at cell `anchor`."""
    chart.width, chart.height = width_cm, height_cm
    ws.add_chart(chart, anchor)


def add_heat_map(ws, cell_range: str, low: float = 0.0, mid: float = 0.5, high: float = 1.0) -> None:
    """Colour `cell_range` from red (`low` and below) through yellow to green (`high`): a heat map
    as conditional formatting, so Excel recolours it when a value changes."""
    ws.conditional_formatting.add(cell_range, ColorScaleRule(
        start_type="num", start_value=low, start_color=HEAT_COLOURS[0],
        mid_type="num", mid_value=mid, mid_color=HEAT_COLOURS[1],
        end_type="num", end_value=high, end_color=HEAT_COLOURS[2]))
