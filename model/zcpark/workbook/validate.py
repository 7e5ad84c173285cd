"""Cross-sheet checks and assembly of ParkData from the per-sheet records.

Every check records a Problem naming the sheet, Excel row and column; nothing raises
here, so the user sees all problems at once.
"""
from __future__ import annotations

import numpy as np

from zcpark.paths import slug
from zcpark.workbook import national_inputs, schema
from zcpark.workbook.cells import percent_hint, percent_hint_zh, quoted, resembles
from zcpark.core.data import ParkData, Target
from zcpark.workbook.zones import zones_and_loads


MIN_COP = 0.1  # a COP profile value below this is a data error (the model divides by it)
# Dispatch columns are named `<tech>_...` / `<line>_...` next to these park-level ones.
RESERVED_IDS = ("grid", "green_power", "electric_load", "heat_load", "hour")
TECH_SHEETS = ("Renewables", "Storage", "HeatSupply")


def _by_key(records: list[dict], key: str) -> dict[str, dict]:
    return {r[key]: r for r in records if r.get(key) not in (None, "")}


def scenario_overrides(scenario: str, tables: dict, col) -> list[dict]:
    """The Scenarios rows of `scenario` (override rows carrying their Excel `_row`); records a
    problem when the sheet names no such scenario."""
    rows = [r for r in tables["Scenarios"] if r["scenario"] == scenario]
    if not rows:
        known = sorted({r["scenario"] for r in tables["Scenarios"]})
        col.add("Scenarios", None, "scenario", repr(scenario), "a scenario named in the Scenarios sheet: " + (", ".join(known) or "(none defined)"),
                "Scenarios 表中的一个情景名：" + (", ".join(known) or "（没有定义情景）"))
    return rows


def apply_scenario(scenario: str, park: dict, grid: dict, tables: dict, col) -> None:
    """Override base-case cells by the Scenarios rows of `scenario` (in place)."""
    apply_overrides(scenario_overrides(scenario, tables, col), park, grid, tables, col)


def _table_rows(sheet, tables: dict, key: str, where, col) -> list[dict]:
    """The rows of a table sheet whose id (`line/option` for two-part ids) is `key`. A Targets
    indicator with no row gets a blank one (value blank, enforce yes): a missing target row is
    the same as a blank one, so an override may set it."""
    key_values = [k.strip() for k in str(key).split("/")]
    matches = [rec for rec in tables[sheet.name] if [str(rec[k]) for k in sheet.key] == key_values]
    if not matches and sheet.name == "Targets" and key in schema.TARGET_INDICATORS:
        tables["Targets"].append({**{f.name: f.default for f in sheet.fields}, "indicator": key, "_row": None})
        return tables["Targets"][-1:]
    if not matches:
        col.add(*where, "key", repr(key), f"the {'/'.join(sheet.key)} of a {sheet.name} row",
                f"{sheet.name} 表某一行的 {'/'.join(sheet.key)}")
    return matches


def apply_overrides(rows: list[dict], park: dict, grid: dict, tables: dict, col) -> None:
    """Override base-case cells (in place) by override rows {sheet, key, column, value}, each
    converted and range-checked like the cell it replaces.

    A row read from the Scenarios sheet carries its Excel row `_row`; a generated row (a frontier
    point, a sensitivity case) carries `origin`, the label its problems are reported under."""
    for r in rows:
        where = (r.get("origin", "Scenarios"), r.get("_row"))
        sheet = schema.SHEETS_BY_NAME.get(r["sheet"])
        if sheet is None or sheet.name in ("Scenarios", "Years", "YearValues"):
            col.add(*where, "sheet", repr(r["sheet"]), "an input sheet name, e.g. Renewables", "输入工作表名，例如 Renewables")
            continue
        if sheet.kind == "params":
            target = park if sheet.name == "Park" else grid
            names = {f.name: f for f in sheet.fields}
            if r["key"] not in names:
                col.add(*where, "key", repr(r["key"]), f"a {sheet.name} parameter: " + ", ".join(names),
                        f"{sheet.name} 表的参数：" + ", ".join(names))
                continue
            before = len(col.problems)
            value = col.cell(*where, names[r["key"]], r["value"], column="value")
            if len(col.problems) == before:  # an invalid override leaves the base value (its problem is reported)
                target[r["key"]] = value
            continue
        fields = {f.name: f for f in sheet.fields}
        if r["column"] not in fields:
            col.add(*where, "column", repr(r["column"]), f"a column of {sheet.name}: " + ", ".join(fields),
                    f"{sheet.name} 表的列：" + ", ".join(fields))
            continue
        field = fields[r["column"]]
        for rec in _table_rows(sheet, tables, r["key"], where, col)[:1]:
            before = len(col.problems)
            value = col.cell(*where, field, r["value"], column="value",
                             fraction=schema.fraction_column(sheet.name, field, rec.get("indicator")))
            if len(col.problems) == before:
                rec[r["column"]] = value


def _check_ids(col, tables) -> None:
    """Tech ids unique across the three tech sheets; tech and line ids not a reserved name."""
    first: dict[str, tuple[str, int]] = {}
    for sheet in TECH_SHEETS:
        for rec in tables[sheet]:
            tech = rec.get("tech")
            if not tech:
                continue
            if tech.casefold() in RESERVED_IDS:
                col.add(sheet, rec["_row"], "tech", repr(tech),
                        "an id other than " + ", ".join(RESERVED_IDS) + " (names of Dispatch columns)",
                        "不同于 " + ", ".join(RESERVED_IDS) + " 的编号（这些是 Dispatch 表的列名）")
            if tech in first and first[tech][0] != sheet:
                other, row = first[tech]
                col.add(sheet, rec["_row"], "tech", repr(tech),
                        f"a tech id not used in another sheet (already used in {other} row {row}; "
                        "Dispatch columns are named <tech>_...)",
                        f"其他工作表未用过的 tech 编号（已在 {other} 第 {row} 行使用；Dispatch 表的列名为 <tech>_...）")
            first.setdefault(tech, (sheet, rec["_row"]))
    reported = set()
    for rec in tables["DirectLines"]:
        line = rec.get("line")
        if line and line.casefold() in RESERVED_IDS and line not in reported:
            reported.add(line)
            col.add("DirectLines", rec["_row"], "line", repr(line),
                    "an id other than " + ", ".join(RESERVED_IDS) + " (names of Dispatch columns)",
                    "不同于 " + ", ".join(RESERVED_IDS) + " 的编号（这些是 Dispatch 表的列名）")


def _check_profile(col, sheet, rec, column, profiles, lo=0.0, hi=None):
    name = rec[column]
    if not name:
        return  # a required blank, already reported
    if name not in profiles:
        near = resembles(name, profiles)
        names = ", ".join(quoted(p) for p in sorted(profiles))
        col.add(sheet, rec["_row"], column, repr(name),
                (f"the Profiles column {quoted(near)} exactly (retype one of them); Profiles columns: " if near else
                 "the name of a Profiles column: ") + names,
                (f"与 Profiles 列 {quoted(near)} 完全一致（重新输入其中一个）；Profiles 的列：" if near else
                 "Profiles 表的一个列名：") + names)
        return
    values = profiles[name]
    bad = np.flatnonzero((values < lo) | (values > hi if hi is not None else False))
    if len(bad):
        col.add("Profiles", int(bad[0]) + 2, name, f"{values[bad[0]]:g} ({len(bad)} such rows)",
                f"values from {lo:g} to {hi:g}" if hi is not None else f"values ≥ {lo:g}",
                f"{lo:g} 至 {hi:g} 之间的值" if hi is not None else f"≥ {lo:g} 的值", f"{values[bad[0]]:g}（共 {len(bad)} 行）")


def _check_renewables(col, renewables, lines, profiles):
    for rec in renewables.values():
        _check_profile(col, "Renewables", rec, "profile", profiles, 0.0, 1.0)
        if rec["site"] != "onsite" and rec["site"] not in lines:
            col.add("Renewables", rec["_row"], "site", repr(rec["site"]),
                    "'onsite' or a line id of DirectLines: " + (", ".join(lines) or "(no lines defined)"),
                    "'onsite' 或 DirectLines 表的线路编号：" + (", ".join(lines) or "（没有定义线路）"))
        _check_min_max(col, "Renewables", rec, "min_new_mw", "max_new_mw")
        if rec["max_new_mw"] is None and (rec["min_new_mw"] > 0 or rec["site"] != "onsite"):
            col.add("Renewables", rec["_row"], "max_new_mw", "an empty cell",
                    "a size limit in MW (needed for a plant behind a direct line or with min_new_mw)",
                    "规模上限 MW（直连线路后的电站或设了 min_new_mw 时必填）")
        if rec["unit_mw"] is not None and rec["unit_mw"] <= 0:
            col.add("Renewables", rec["_row"], "unit_mw", f"{rec['unit_mw']:g}", "a unit size > 0 MW, or blank",
                    "大于 0 MW 的单机容量，或留空")


def _check_min_max(col, sheet, rec, lo_name, hi_name):
    lo, hi = rec[lo_name], rec[hi_name]
    if lo is not None and hi is not None and lo > hi:
        col.add(sheet, rec["_row"], lo_name, f"{lo:g} > {hi_name} {hi:g}", f"{lo_name} ≤ {hi_name}",
                f"{lo_name} 不大于 {hi_name}")


def _check_storage(col, storage):
    for rec in storage.values():
        _check_min_max(col, "Storage", rec, "e2p_min_h", "e2p_max_h")
        max_p = rec["existing_mw"] + rec["max_new_mw"] if rec["max_new_mw"] is not None else None
        max_e = rec["existing_mwh"] + rec["max_new_mwh"] if rec["max_new_mwh"] is not None else None
        if rec["e2p_max_h"] is not None and max_p is not None and rec["existing_mwh"] > rec["e2p_max_h"] * max_p:
            col.add("Storage", rec["_row"], "existing_mwh", f"{rec['existing_mwh']:g} MWh",
                    f"at most e2p_max_h × (existing_mw + max_new_mw) = {rec['e2p_max_h'] * max_p:g} MWh",
                    f"不超过 e2p_max_h × (existing_mw + max_new_mw) = {rec['e2p_max_h'] * max_p:g} MWh")
        if max_e is not None and rec["e2p_min_h"] * rec["existing_mw"] > max_e:
            col.add("Storage", rec["_row"], "existing_mw", f"{rec['existing_mw']:g} MW",
                    f"at most (existing_mwh + max_new_mwh) / e2p_min_h = {max_e / rec['e2p_min_h']:g} MW",
                    f"不超过 (existing_mwh + max_new_mwh) / e2p_min_h = {max_e / rec['e2p_min_h']:g} MW")
        power = rec["existing_mw"] + (rec["max_new_mw"] if rec["max_new_mw"] is not None else np.inf)
        if power == 0 and rec["existing_mwh"] > 0:
            col.add("Storage", rec["_row"], "existing_mwh", f"{rec['existing_mwh']:g}", "0 when the store can have no power capacity",
                    "储能没有功率容量时应为 0")


def _check_heat(col, heat_supply, fuels, profiles):
    for rec in heat_supply.values():
        kind, where = rec["kind"], ("HeatSupply", rec["_row"])
        if kind == "fuel_boiler" and rec["fuel"] not in fuels:
            col.add(*where, "fuel", repr(rec["fuel"]), "a fuel id of the Fuels sheet: " + (", ".join(fuels) or "(no fuels defined)"),
                    "Fuels 表的燃料编号：" + (", ".join(fuels) or "（没有定义燃料）"))
        if kind == "waste_heat":
            if not rec["profile"]:
                col.add(*where, "profile", "an empty cell", "the Profiles column of available waste heat, MW",
                        "可用余热的 Profiles 列名（MW）")
            else:
                _check_profile(col, "HeatSupply", rec, "profile", profiles, 0.0)
        elif kind == "heat_pump" and rec["profile"]:
            _check_profile(col, "HeatSupply", rec, "profile", profiles, MIN_COP, 10.0)
        elif rec["efficiency"] is None:
            col.add(*where, "efficiency", "an empty cell", "COP for heat_pump (or a COP profile), efficiency for boilers",
                    "热泵填 COP（或 COP 曲线），锅炉填效率")
        elif kind != "heat_pump" and rec["efficiency"] > 1.0:
            col.add(*where, "efficiency", f"{rec['efficiency']:g}",
                    "a boiler efficiency from 0 to 1" + percent_hint(rec["efficiency"]),
                    "0 至 1 之间的锅炉效率" + percent_hint_zh(rec["efficiency"]))
        if kind != "waste_heat" and rec["efficiency"] is not None and rec["efficiency"] <= 0:
            col.add(*where, "efficiency", f"{rec['efficiency']:g}", "a value > 0", "大于 0 的值")


def _offers(limit) -> bool:
    """Whether a max_new_* cell lets the plan build new capacity (blank: unlimited)."""
    return limit is None or limit > 0


def _cost_problem(col, sheet, rec, column, expected, expected_zh) -> None:
    if not _reported(col, sheet, rec["_row"], column):
        col.add(sheet, rec["_row"], column, "an empty cell", expected, expected_zh)


def check_investment_costs(col, tables) -> None:
    """A row that offers new capacity must say what it costs: a blank investment cost is not 0
    (a free plant would be a wrong plan with no error). Where a cost has two parts, one may be
    blank (0, listed in Warnings): a store priced per kWh only, a line priced as a lump sum.
    Investment cells of rows that offer no new capacity are not used (0). Fills the blanks with 0."""
    for sheet in ("Renewables", "HeatSupply"):
        for rec in tables[sheet]:
            if rec["capex_cny_per_kw"] is None and _offers(rec["max_new_mw"]):
                offered = "blank, unlimited" if rec["max_new_mw"] is None else f"{rec['max_new_mw']:g} MW"
                offered_zh = "空白，即不限" if rec["max_new_mw"] is None else offered
                _cost_problem(col, sheet, rec, "capex_cny_per_kw", "the investment cost of new capacity in CNY/kW: "
                              f"this row offers new capacity (max_new_mw {offered}); write 0 if it is really free, "
                              "or set max_new_mw to 0",
                              f"新增容量的投资 元/kW：此行允许新建（max_new_mw {offered_zh}）；确实免费请填 0，"
                              "或把 max_new_mw 设为 0")
    for rec in tables["Storage"]:
        offered = [c for c, limit in (("capex_cny_per_kw", rec["max_new_mw"]), ("capex_cny_per_kwh", rec["max_new_mwh"]))
                   if _offers(limit)]
        if offered and all(rec[c] is None for c in offered):
            _cost_problem(col, "Storage", rec, offered[0], "the investment cost of new capacity: " + " and/or ".join(
                offered) + " (this row offers new capacity; write 0 in the one that does not apply)",
                "新增容量的投资：" + " 和/或 ".join(offered) + "（此行允许新建；不适用的一项填 0）")
        elif len(offered) == 2:
            _blank_part_is_zero(col, "Storage", rec, offered)
    for rec in tables["DirectLines"]:
        if rec["fixed_capex_cny"] is None and (rec["capex_cny_per_km"] is None or not rec["length_km"]):
            column = "capex_cny_per_km" if rec["capex_cny_per_km"] is None else "length_km"
            _cost_problem(col, "DirectLines", rec, column, "the option's investment: capex_cny_per_km with length_km, "
                          "and/or fixed_capex_cny (write 0 if it is really free)",
                          "线路方案的投资：capex_cny_per_km 与 length_km，和/或 fixed_capex_cny（确实免费请填 0）")
        else:
            _blank_part_is_zero(col, "DirectLines", rec, ["capex_cny_per_km", "fixed_capex_cny"])
    for sheet in ("Renewables", "HeatSupply", "Storage", "DirectLines"):
        for rec in tables[sheet]:
            for f in schema.SHEETS_BY_NAME[sheet].fields:
                if f.role == "capex" and rec.get(f.name, 0.0) is None:
                    rec[f.name] = 0.0


def _blank_part_is_zero(col, sheet, rec, columns) -> None:
    """One part of a two-part investment cost left blank: 0, listed in Warnings."""
    for c in columns:
        other = next(o for o in columns if o != c)
        if rec[c] is None and rec[other] is not None:
            col.note(sheet, rec["_row"], c, "default", f"blank: 0 used (the investment is priced by {other})",
                     f"空：按 0 计（投资按 {other} 计价）")


def _check_scenario_names(col, scenarios) -> None:
    """Each scenario writes runs/<park>/<slug(scenario)>/: a scenario may not take the base case's
    folder, nor share a folder with another scenario (folder names compared without case, as on
    Windows and macOS). Reported once per name, at its first row."""
    folders: dict[str, tuple[str, int]] = {}
    named = set()
    for r in scenarios:
        name = r.get("scenario")
        if not name or name in named:
            continue
        named.add(name)
        folder = slug(name).casefold()
        if folder == "base":
            col.add("Scenarios", r["_row"], "scenario", repr(name),
                    "a name other than 'base' (the base case, the workbook without overrides, is run and saved as 'base')",
                    "'base' 以外的名称（基准情景即不加修改的工作簿，以 'base' 运行和保存）")
        elif folder in folders:
            other, row = folders[folder]
            col.add("Scenarios", r["_row"], "scenario", repr(name),
                    f"a name that gives its own results folder: {other!r} (row {row}) already writes to "
                    f"runs/<park>/{slug(other)}/",
                    f"能得到独立结果文件夹的名称：{other!r}（第 {row} 行）已写入 runs/<park>/{slug(other)}/")
        else:
            folders[folder] = (name, r["_row"])


def _reported(col, sheet, row=None, column=None) -> bool:
    """Whether a problem was already recorded for this sheet (and row and column, when given)."""
    return any(p.sheet == sheet and (row is None or p.row == row) and (column is None or p.column == column)
               for p in col.problems)


def _tariff_price(col, tariff, profiles, n_steps):
    if "price_cny_per_mwh" in profiles:
        return profiles["price_cny_per_mwh"]
    by_hour = {r["hour"]: r["price_cny_per_mwh"] for r in tariff if r["hour"] is not None}
    missing = [h for h in range(24) if h not in by_hour]
    unreadable = sum(1 for r in tariff if r["hour"] is None)  # bad hour cells, already reported
    if missing and not (tariff == [] and _reported(col, "Tariff")) and len(missing) > unreadable:
        col.add("Tariff", None, "hour", f"no row for hour(s) {', '.join(map(str, missing))}",
                "24 rows, hours 0..23 (or a price_cny_per_mwh column in Profiles)",
                "24 行，hour 0..23（或在 Profiles 中给出 price_cny_per_mwh 列）",
                f"没有 hour {', '.join(map(str, missing))} 的行")
        return np.zeros(n_steps)
    day = np.array([by_hour[h] if by_hour[h] is not None else 0.0 for h in range(24)])
    return day[np.arange(n_steps) % 24]


def build_park_data(park, grid, tables, profiles, col) -> ParkData | None:
    """Cross-check the sheets and assemble ParkData (None when the sheets were unreadable)."""
    check_investment_costs(col, tables)
    _check_scenario_names(col, tables["Scenarios"])
    renewables = _by_key(tables["Renewables"], "tech")
    storage = _by_key(tables["Storage"], "tech")
    heat_supply = _by_key(tables["HeatSupply"], "tech")
    fuels = _by_key(tables["Fuels"], "fuel")
    lines: dict[str, dict[str, dict]] = {}
    for rec in tables["DirectLines"]:
        lines.setdefault(rec["line"], {})[rec["option"]] = rec
    targets = {r["indicator"]: Target(r["value"], bool(r["enforce"]), r.get("scope") or "boundary")
               for r in tables["Targets"] if r["indicator"]}
    for r in tables["Targets"]:
        if (r["indicator"] and r["enforce"] and r["value"] is None and r["indicator"] != "carbon_intensity_max"
                and not _reported(col, "Targets", r["_row"], "value")):
            col.add("Targets", r["_row"], "value", "an empty cell", "a limit for an enforced target (or enforce = no)",
                    "强制目标的限值（或 enforce 填 no）")
        unit = schema.TARGET_INDICATORS.get(r["indicator"], ("",))[0]
        if unit == "share" and r["value"] is not None and r["value"] > 1:
            col.add("Targets", r["_row"], "value", f"{r['value']:g}",
                    f"a share from 0 to 1 for {r['indicator']}" + percent_hint(r["value"]),
                    f"{r['indicator']} 应为 0 至 1 之间的比例" + percent_hint_zh(r["value"]))
        if r["indicator"] == "carbon_intensity_max" and r["enforce"] and r["value"] is None and r["_row"] is not None:
            col.note("Targets", r["_row"], "value", "default", "blank: the 910号 limit of the park's energy class "
                     "applies (0.2 tCO2/tce, or 0.3 at 1 Mtce/yr and more; the Acceptance sheet shows which)",
                     "空：采用 910号 按园区能耗规模的限值（0.2 tCO2/tce；年综合能耗 100 万 tce 及以上为 0.3；见 Acceptance 表）")
    green = _by_key(tables["GreenMarket"], "product")
    _check_ids(col, tables)
    zones = zones_and_loads(col, tables, profiles)
    if "electric_load_mw" not in profiles or len(profiles["electric_load_mw"]) == 0:
        return None

    _check_renewables(col, renewables, lines, profiles)
    _check_storage(col, storage)
    _check_heat(col, heat_supply, fuels, profiles)
    shape = green.get("green_power", {}).get("shape", "flat")
    if shape not in ("flat", "", None) and shape not in profiles:
        col.add("GreenMarket", green["green_power"]["_row"], "shape", repr(shape),
                "'flat' or the name of a Profiles column: " + ", ".join(sorted(profiles)),
                "'flat' 或 Profiles 表的一个列名：" + ", ".join(sorted(profiles)))
    elif shape in ("", None) and "green_power" in green:
        green["green_power"]["shape"] = "flat"
        col.note("GreenMarket", green["green_power"]["_row"], "shape", "default", "blank: 'flat' used", "空：采用 'flat'")
    heat_trade = national_inputs.heat_trade(tables["HeatTrade"], col)
    heat_sources = bool(heat_supply) or "purchase" in heat_trade
    if "heat_load_mw" in profiles and profiles["heat_load_mw"].max() > 0 and not heat_sources:
        col.add("HeatSupply", None, None, "no heat supply while Profiles has heat_load_mw > 0",
                "at least one HeatSupply row (or a HeatTrade purchase row) that can meet the heat load",
                "至少一行能满足热负荷的 HeatSupply（或 HeatTrade 的 purchase 行）",
                "Profiles 的 heat_load_mw > 0，但没有供热设备")
    price = _tariff_price(col, tables["Tariff"], profiles, len(profiles["electric_load_mw"]))
    return ParkData(park=park, targets=targets, renewables=renewables, storage=storage,
                    heat_supply=heat_supply, fuels=fuels, lines=lines, grid=grid, green=green,
                    price=price, profiles=profiles, scenarios=tables["Scenarios"],
                    offsets=_by_key(tables["Offsets"], "offset"),
                    process=national_inputs.process_emissions(tables["ProcessEmissions"], col),
                    heat_trade=heat_trade, guiding=national_inputs.guiding(tables["Guiding"], col), zones=zones)
