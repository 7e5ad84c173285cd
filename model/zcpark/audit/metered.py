"""The metered workbook: its contract as data, and the reader.

Sheets (`zcpark template-metered` writes a documented example):
- Park, Grid, Targets, Fuels, ProcessEmissions, HeatTrade, Guiding: as in the planning workbook,
  read with the planning reader's sheet definitions (workbook/schema.py).
- Meters: one row per meter column of Readings: its role (ROLES), its unit (`mwh`: energy per
  interval; `mw`: average power over the interval) and, for fuel_use, the Fuels id.
- Readings: a `timestamp` column, then one column per meter; 15-minute or hourly intervals. A blank
  reading is a missing reading (a data-quality issue, audit/quality.py), not an error.
- Instruments: green-power contracts, green certificates (MWh) and offsets (tCO2) held for the
  audited year, each with its identifier and vintage year.

Structural problems (an unknown role, a missing unit, a timestamp that is not a time, a meter column
that is not declared) raise InputError naming sheet, row and column, before anything is written.
"""
from __future__ import annotations

import dataclasses
import datetime as dt
import math
from pathlib import Path

import numpy as np

from zcpark.errors import InputError
from zcpark.workbook import schema
from zcpark.workbook.cells import blank, name as cell_name, number, show
from zcpark.workbook.reader import open_workbook, sheet_or_none
from zcpark.workbook.tables import Collector, RawSheet, read_params, read_table
from zcpark.workbook.schema import Field, Sheet

# role -> what the meter measures (the template's README and the Meters validation list show it)
ROLES = {
    "site_load": "electricity used on site (every consumer, heat pumps and electric boilers included)",
    "pv_generation": "PV generation used or exported by the park (on-site plant)",
    "wind_generation": "wind generation used or exported by the park (on-site plant)",
    "direct_line_delivery": "green power delivered by a direct line (绿电直连) at the park's end",
    "direct_generation": "generation of a direct-line plant (its own meter, 1192号); the 650号 self-use and "
                         "feed-in ratios divide by it (without one: by the delivery)",
    "grid_import": "electricity taken from the public grid",
    "grid_export": "electricity sent to the public grid",
    "storage_charge": "electricity into batteries",
    "storage_discharge": "electricity out of batteries",
    "fuel_use": "fuel energy burnt (MWh of fuel; column fuel names the Fuels id)",
    "heat_supplied": "heat delivered to the park's heat network",
    "heat_load": "heat used by the park",
    "heat_purchase": "heat bought from outside the park (HeatTrade purchase row)",
    "heat_sale": "heat sold outside the park (HeatTrade sale row)",
}
UNITS = {"mwh": "MWh per interval (energy)", "mw": "MW, average over the interval (power)"}
INSTRUMENT_KINDS = {"green_power": "MWh", "gec": "MWh", "offset": "tCO2"}
INTERVALS_MIN = (15, 60)

METERS = Sheet("Meters", "table", (
    Field("meter", "text", required=True, doc="the Readings column header of this meter"),
    Field("role", "choice", required=True, choices=tuple(ROLES), doc="what the meter measures"),
    Field("unit", "choice", required=True, choices=tuple(UNITS), doc="mwh: energy per interval; mw: average power"),
    Field("fuel", "text", default="", doc="fuel_use only: the Fuels id"),
    Field("note", "text", default="", doc="meter number, location (not read)"),
), key=("meter",), doc="One row per meter column of Readings.")

INSTRUMENTS = Sheet("Instruments", "table", (
    Field("instrument_id", "text", required=True, doc="contract or certificate number; each is counted once"),
    Field("kind", "choice", required=True, choices=tuple(INSTRUMENT_KINDS),
          doc="green_power: green-power trade (绿电交易, MWh); gec: green certificates (绿证, MWh); offset: tCO2"),
    Field("amount", "number", required=True, lo=0.0, doc="MWh (green_power, gec) or tCO2 (offset)"),
    Field("vintage_year", "int", required=True, lo=1990, hi=2100,
          doc="year the power was generated / the reduction happened; must be the audited year"),
    Field("source", "text", default="", doc="registry or contract reference (not read)"),
), required=False, doc="Instruments held for the audited year.")

PARK_SHEETS = ("Targets", "Fuels", "ProcessEmissions", "HeatTrade", "Guiding")
SHEET_ORDER = ("Park", "Grid", *PARK_SHEETS, "Meters", "Instruments", "Readings")


@dataclasses.dataclass
class Metered:
    """A metered workbook as read: nothing fixed, nothing dropped (quality.py judges it)."""
    source: str
    park: dict
    grid: dict
    tables: dict                     # planning tables by sheet name (rows with '_row')
    meters: dict[str, dict]          # meter -> Meters row
    timestamps: list[dt.datetime]    # in sheet order
    rows: list[int]                  # Excel row of each timestamp
    readings: dict[str, np.ndarray]  # meter -> value per reading row as read (NaN: blank)
    instruments: list[dict]

    def mwh(self, meter: str) -> np.ndarray:
        """Energy per interval (MWh): an `mw` meter's average power x the interval length."""
        values = self.readings[meter]
        return values * self.interval_h if self.meters[meter]["unit"] == "mw" else values

    @property
    def interval_h(self) -> float:
        return self.interval_min / 60.0

    @property
    def interval_min(self) -> int:
        return interval_minutes(self.timestamps)

    def by_role(self, role: str) -> list[str]:
        return [m for m, row in self.meters.items() if row["role"] == role]


def interval_minutes(timestamps: list[dt.datetime]) -> int:
    """The most common positive step between consecutive timestamps, in minutes (0 if none)."""
    steps = [round((b - a).total_seconds() / 60) for a, b in zip(timestamps, timestamps[1:]) if b > a]
    if not steps:
        return 0
    values, counts = np.unique(steps, return_counts=True)
    return int(values[np.argmax(counts)])


def _timestamp(raw) -> dt.datetime:
    if isinstance(raw, dt.datetime):
        return raw
    if isinstance(raw, dt.date):
        return dt.datetime(raw.year, raw.month, raw.day)
    if isinstance(raw, str):
        return dt.datetime.fromisoformat(raw.strip())
    raise ValueError


def _read_readings(raw: RawSheet, meters: dict, col: Collector) -> tuple[list, list, dict]:
    sheet = "Readings"
    header = [cell_name(h) for h in raw.rows[0]] if raw.rows else []
    if "timestamp" not in header:
        col.add(sheet, 1, "timestamp", "no such column", "a header cell named 'timestamp' (date and time of the "
                "interval's start)", "名为 timestamp 的表头（该时段开始的日期和时间）")
        return [], [], {}
    it = header.index("timestamp")
    for j, h in enumerate(header):
        if h and j != it and h not in meters:
            col.add(sheet, 1, h, "a column not listed in Meters", "every reading column declared in Meters "
                    "(meter, role, unit)", "每个读数列都须在 Meters 表中声明（meter、role、unit）",
                    "Meters 表未列出的列")
    for m, row in meters.items():
        if m not in header:
            col.add("Meters", row["_row"], "meter", repr(m), "a column of Readings with this header",
                    "Readings 表中以此为表头的列")
    timestamps, rows, values = [], [], {m: [] for m in meters if m in header}
    bad_numbers: dict[str, int] = {}
    for i, cells in enumerate(raw.rows[1:], start=2):
        if all(blank(v) for v in cells):
            continue
        t_raw = cells[it] if it < len(cells) else None
        try:
            timestamps.append(_timestamp(t_raw))
        except (TypeError, ValueError):
            col.add(sheet, i, "timestamp", "an empty cell" if blank(t_raw) else show(t_raw),
                    "a date and time (an Excel date cell, or text such as 2025-01-01 13:00)",
                    "日期和时间（Excel 日期单元格，或 2025-01-01 13:00 这样的文本）")
            continue
        rows.append(i)
        for m in values:
            j = header.index(m)
            v = cells[j] if j < len(cells) else None
            try:
                values[m].append(math.nan if blank(v) else number(v))
            except (TypeError, ValueError):
                values[m].append(math.nan)
                bad_numbers[m] = bad_numbers.get(m, 0) + 1
                if bad_numbers[m] <= 3:
                    col.add(sheet, i, m, show(v), "a number (or an empty cell for a missing reading)",
                            "数字（缺失的读数留空）")
    for m, bad in bad_numbers.items():
        if bad > 3:
            col.add(sheet, None, m, f"{bad} cells that are not numbers in all", "a number in every row (or an empty "
                    "cell for a missing reading)", "每行一个数字（缺失的读数留空）", f"共 {bad} 个单元格不是数字")
    step = interval_minutes(timestamps)
    if timestamps and step not in INTERVALS_MIN:
        col.add(sheet, None, "timestamp", f"readings every {step} minutes",
                "15-minute or hourly readings (the most common step between rows)",
                "15 分钟或 1 小时一个读数（以行间最常见的间隔计）", f"每 {step} 分钟一个读数")
    return timestamps, rows, {m: np.array(v, dtype=float) for m, v in values.items()}


def _check_meters(meters: dict, tables: dict, col: Collector) -> None:
    fuels = {r["fuel"] for r in tables["Fuels"]}
    for m, row in meters.items():
        if row["role"] == "fuel_use" and row["fuel"] not in fuels:
            col.add("Meters", row["_row"], "fuel", repr(row["fuel"]) if row["fuel"] else "an empty cell",
                    "a fuel id of the Fuels sheet: " + (", ".join(sorted(fuels)) or "(no fuels defined)"),
                    "Fuels 表中的燃料编号：" + ("、".join(sorted(fuels)) or "（未定义燃料）"))
    if not any(row["role"] == "site_load" for row in meters.values()):
        col.add("Meters", None, "role", "no site_load meter", "at least one meter with role site_load",
                "至少一个 role 为 site_load 的电表", "没有 site_load 电表")


def read_metered(path: str | Path) -> Metered:
    """Read and check a metered workbook; raise InputError listing every problem."""
    path = Path(path)
    book = open_workbook(path, SHEET_ORDER, "metered")
    col = Collector()
    required = {"Park", "Grid", "Meters", "Readings"}
    try:
        raw = {name: sheet_or_none(book, name, name in required, col) for name in SHEET_ORDER}
    finally:
        book.close()
    park = read_params(schema.PARK, raw["Park"], col) if raw["Park"] is not None else {}
    grid = read_params(schema.GRID, raw["Grid"], col) if raw["Grid"] is not None else {}
    tables = {name: read_table(schema.SHEETS_BY_NAME[name], raw[name], col) if raw[name] is not None else []
              for name in PARK_SHEETS}
    meter_rows = read_table(METERS, raw["Meters"], col) if raw["Meters"] is not None else []
    meters = {r["meter"]: r for r in meter_rows if r["meter"]}
    instruments = read_table(INSTRUMENTS, raw["Instruments"], col) if raw["Instruments"] is not None else []
    _check_meters(meters, tables, col)
    timestamps, rows, readings = ([], [], {}) if raw["Readings"] is None else _read_readings(raw["Readings"], meters,
                                                                                             col)
    if raw["Readings"] is not None and not timestamps and not any(p.sheet == "Readings" for p in col.problems):
        col.add("Readings", 2, "timestamp", "no readings", "one row per interval", "每个时段一行", "没有读数")
    if col.problems:
        order = {s: i for i, s in enumerate(SHEET_ORDER)}
        raise InputError(sorted(col.problems, key=lambda p: (order.get(p.sheet, -1), p.row or 0)), source=path.name)
    return Metered(str(path), park, grid, tables, meters, timestamps, rows, readings, instruments)


def hourly_mwh(metered: Metered) -> tuple[list[dt.datetime], dict[str, np.ndarray]]:
    """Hour starts from the first to the last reading's hour, and each meter's energy in each hour
    (MWh, i.e. the hour's average MW). An hour with a missing interval or a blank reading is NaN:
    never filled here. Of duplicated timestamps the first row counts (quality.py reports the others)."""
    if not metered.timestamps:
        return [], {m: np.zeros(0) for m in metered.readings}
    per_hour = max(1, 60 // metered.interval_min) if metered.interval_min else 1
    start = min(metered.timestamps).replace(minute=0, second=0, microsecond=0)
    end = max(metered.timestamps).replace(minute=0, second=0, microsecond=0)
    n = int((end - start).total_seconds() // 3600) + 1
    hours = [start + dt.timedelta(hours=h) for h in range(n)]
    seen, index = set(), []
    for i, t in enumerate(metered.timestamps):
        if t not in seen:
            seen.add(t)
            index.append((i, int((t - start).total_seconds() // 3600)))
    out = {}
    for meter in metered.readings:
        energy = metered.mwh(meter)
        total, count = np.zeros(n), np.zeros(n, dtype=int)
        for i, h in index:
            if not math.isnan(energy[i]):
                total[h] += energy[i]
                count[h] += 1
        out[meter] = np.where(count == per_hour, total, np.nan)
    return hours, out
