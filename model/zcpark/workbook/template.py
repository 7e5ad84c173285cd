"""Write a blank, self-documenting input workbook from the schema (`zcpark template`)."""
from __future__ import annotations

import math
from pathlib import Path

from openpyxl import Workbook
from openpyxl.comments import Comment
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation

from zcpark.workbook import schema
from zcpark.workbook.schema_zh import SHEETS as SHEET_ZH, field_zh
from zcpark.workbook.tables import BLANK_MEANS_ZH, describe_zh
from zcpark.workbook.writer import save_atomically

BOLD = Font(bold=True)
GREY = Font(name="Calibri", size=11, color="595959")

INTRO = [
    "zcpark input workbook (contract v1). Fill the sheets below, then run `make run PARK=<this file>`.",
    "Results go to runs/<park>/<scenario>/results.xlsx (batches: runs/<park>/<study>/<run>/); an infeasible run "
    "writes diagnosis.xlsx there and keeps the earlier results.xlsx. Names become folder-safe; text stays text.",
    "Acceptance is decided under carbon_method ndrc_910 (发改环资〔2025〕910号 附件3/附件4): grid power at 0.8325 "
    "tCO2/MWh net of exports, electricity in tce at 等价值, process emissions and net purchased heat counted; "
    "the other methods are reported side by side as a green-washing check.",
    "Every sheet's first row is its header; blank optional cells take the default listed here, and every default "
    "used is listed in the Warnings sheet of results.xlsx (and on the console).",
    "Costs are never silently 0: a row that offers new capacity (max_new_mw blank or > 0) needs its investment cost "
    "(write 0 if it is really free); columns that hold a cost or a limit must be present.",
    "Units are in the column names. Numbers should be numbers; text is read only when certain: 1000 (not 1,000), "
    "0.1 or 10% in share columns. Do not merge cells. Formulas are read by their saved value.",
    "Values that are valid but probably a unit mistake (3.2 CNY/kW: CNY/W typed?) are warned about, not rejected.",
    "Profiles: one row per time step (hour 1..N, N = 8760 for a year, any whole number of days for a test).",
    "Cells check what you type (lists for kinds, methods and yes/no; ranges for numbers); header comments give units.",
    "Build pathway (optional): list the years in Years (e.g. 2026..2030) and what changes in YearValues (capex of "
    "the year's builds, targets, prices, factors; rows like Scenarios); the plan then says what to build in which "
    "year at least NPV, and results.xlsx adds the Pathway and Years sheets (Acceptance and Dispatch: the "
    "acceptance year's; Capacity's new_available is what is available that year, builds by year are in Pathway). "
    "Finance compares the pathway with business as usual over the same years (investment by build year, savings "
    "per year, NPV of the change, payback year); no plan: diagnosis.xlsx names the first year whose targets cannot "
    "be met and its levers. Batches compare the NPV; the frontier's limit is the acceptance year's; a sensitivity "
    "change applies to every year.",
    "Park within a park (园中园, optional): list the zones in Zones (each names its Profiles load columns; "
    "in_boundary yes = the pilot area), give asset rows a zone (blank: the shared substation) and Targets a "
    "scope (blank: the boundary; park: the host park); results.xlsx adds the Zones, CarbonByScope and AcceptanceByScope sheets. "
    "Zones work in a pathway too (the boundary's targets hold in every year; load_scale scales every zone's load).",
    "The `example` column shows one example row of each sheet (a coastal park with rooftop PV and a battery).",
    "Messages (input problems, verdict) are printed in Chinese and English; Park `language` (zh, en, both) or "
    "`--lang` chooses one. Next steps: `make check PARK=<this file>`, then `make run PARK=<this file>` "
    "(docs/first_use.md).",
]
# The Chinese of each INTRO line, in the same order (the README sheet shows the Chinese first).
INTRO_ZH = [
    "zcpark 输入工作簿（契约 v1）。填写下列工作表，然后运行 `make run PARK=<本文件>`。",
    "结果写入 runs/<园区>/<情景>/results.xlsx（批量运行：runs/<园区>/<研究>/<运行>/）；不可行的运行在该处写 "
    "diagnosis.xlsx，并保留之前的 results.xlsx。",
    "验收按 carbon_method ndrc_910（发改环资〔2025〕910号 附件3/附件4）判定：电网电力按 0.8325 tCO2/MWh 扣除上网电量，"
    "电力折标按等价值，计入工业过程排放和净外购热力；其他核算方法并列显示，用于检验“漂绿”。",
    "每个工作表第一行是表头；可选单元格留空即取本表所列默认值，所用默认值都列在 results.xlsx 的 Warnings 表（及控制台）。",
    "成本从不默认为 0：允许新建容量的行（max_new_mw 为空或 > 0）必须填投资（确实免费请填 0）；含成本或限值的列必须存在。",
    "单位写在列名中。数值请填数字；文本仅在确定时读取：1000（不是 1,000），比例列可填 0.1 或 10%。不要合并单元格。"
    "公式按保存的值读取。",
    "有效但可能是单位错误的值（如 3.2 元/kW：是否误填了 元/W？）只警告，不拒绝。",
    "Profiles：每个时段一行（hour 1..N，全年 N = 8760，测试可用任意整数天）。",
    "单元格会检查输入（类型、方法和是/否有下拉列表，数值有范围）；表头批注给出中英文说明和单位。",
    "建设期路线图（可选）：在 Years 表列出年份（如 2026..2030），在 YearValues 表写逐年变化的值（当年新建的投资、目标、"
    "价格、因子；写法同 Scenarios）；方案将给出以 NPV 最小的逐年建设计划，results.xlsx 增加 Pathway 和 Years 表"
    "（Capacity 的 new_available 是该年可用的新建容量，逐年新建见 Pathway）。Finance 表将路线图与现状照常运行在同样年份内比较"
    "（逐年投资、逐年节约、变化的净现值、回收年份）；无可行方案时 diagnosis.xlsx 指出第一个无法达标的年份及可调措施。"
    "批量研究比较 NPV；前沿的限值作用于验收年；敏感性变化作用于每一年。",
    "园中园（可选）：在 Zones 表列出各分区（各自指定 Profiles 中的负荷列；in_boundary 为 yes 即试点区域），设备行填写所在分区"
    "（空：共用变电站/公共母线），Targets 行填写 scope（空：试点边界；park：整个园区）；results.xlsx 增加 Zones、"
    "CarbonByScope 和 AcceptanceByScope 表。",
    "`示例 example` 列给出每个表的一行示例（沿海园区，屋顶光伏加电池储能）；示例只是说明，不是本园区的数据。",
    "提示信息（输入问题、结论）默认中英文并列；Park 表 `language`（zh、en、both）或命令行 `--lang` 可选其一。"
    "下一步：`make check PARK=<本文件>`，然后 `make run PARK=<本文件>`（见 docs/first_use.md）。",
]

TABLE_ROWS = 1000      # table rows that get data validation
PROFILE_ROWS = 8785    # header + 8784 steps (leap year)

# One example row per table sheet (and Profiles), shown in the README's `example` column.
EXAMPLE_ROWS = {
    "Targets": {"indicator": "carbon_intensity_max", "value": 0.2, "enforce": "yes"},
    "Renewables": {"tech": "pv_rooftop", "kind": "pv", "site": "onsite", "profile": "cf_pv", "capex_cny_per_kw": 3200,
                   "fom_cny_per_kw_yr": 50, "vom_cny_per_mwh": 0, "lifetime_yr": 25, "existing_mw": 8,
                   "max_new_mw": 60, "min_new_mw": 0, "unit_mw": None},
    "Storage": {"tech": "battery_lfp", "kind": "battery", "capex_cny_per_kw": 300, "capex_cny_per_kwh": 700,
                "fom_cny_per_kw_yr": 20, "lifetime_yr": 15, "eta_charge": 0.95, "eta_discharge": 0.95,
                "self_discharge_per_h": 0.0001, "e2p_min_h": 1, "e2p_max_h": 4, "existing_mw": 0, "existing_mwh": 0,
                "max_new_mw": 60, "max_new_mwh": 240},
    "HeatSupply": {"tech": "heat_pump", "kind": "heat_pump", "fuel": "", "efficiency": 3.2, "profile": "",
                   "capex_cny_per_kw": 1500, "fom_cny_per_kw_yr": 30, "vom_cny_per_mwh": 2, "lifetime_yr": 20,
                   "existing_mw": 0, "max_new_mw": 80},
    "Fuels": {"fuel": "natural_gas", "price_cny_per_mwh": 300, "tce_per_mwh": 0.1229, "co2_t_per_mwh": 0.202,
              "clean": "yes"},
    "DirectLines": {"line": "wind_line", "option": "220kV", "capacity_mw": 200, "length_km": 60,
                    "capex_cny_per_km": 1500000, "fixed_capex_cny": 30000000, "loss_fraction": 0.02,
                    "fom_fraction_per_yr": 0.01, "lifetime_yr": 40},
    "Tariff": {"hour": 10, "period": "peak", "price_cny_per_mwh": 1100},
    "GreenMarket": {"product": "green_power", "price_cny_per_mwh": 30, "max_mwh_per_yr": 200000, "shape": "flat"},
    "Offsets": {"offset": "ccer_2025", "kind": "ccer", "price_cny_per_t": 80, "max_t_per_yr": 10000},
    "ProcessEmissions": {"product": "lime", "output": 50000, "unit": "t", "factor_t_per_unit": 0.75,
                         "factor_source": "IPCC 2006 default, high-calcium lime"},
    "HeatTrade": {"direction": "purchase", "price_cny_per_mwh": 220, "max_mw": 20, "fossil": "yes",
                  "factor_t_per_gj": None},
    "Guiding": {"indicator": "water_reuse_min", "value": 0.86, "reason": "", "source": "park water balance 2025"},
    "Zones": {"zone": "pilot", "name": "零碳试点区 pilot area", "in_boundary": "yes", "electric_load": "load_pilot_mw",
              "heat_load": "heat_pilot_mw", "link_max_mw": 60},
    "Scenarios": {"scenario": "cheap_pv", "sheet": "Renewables", "key": "pv_rooftop", "column": "capex_cny_per_kw",
                  "value": 2600},
    "Profiles": {"hour": 1, "electric_load_mw": 150.5, "heat_load_mw": 12.0, "price_cny_per_mwh": None,
                 "grid_ef_t_per_mwh": None},
}

PROFILE_NOTE = ("Columns named by Renewables!profile (capacity factor 0-1), HeatSupply!profile (COP or available "
                "waste heat MW) and GreenMarket!shape are added by you.")

EXAMPLE_PARAMS = {"Park": [("name", "示例园区 example park"), ("discount_rate", 0.08), ("carbon_method", "ndrc_910")],
                  "Grid": [("import_max_mw", 300), ("export_max_mw", 0), ("emission_factor_fossil", 0.8273)]}


def _default_text(f: schema.Field) -> str:
    if f.required:
        return "required"
    if f.role == "capex":
        return "required where new capacity is offered"
    if f.default is None:
        return f"blank = {f.blank_means}" if f.blank_means else "blank = none"
    if f.default == "":  # a text or choice left blank: not given (its meaning is in the doc)
        return "blank"
    if f.kind == "yesno":
        return "yes" if f.default else "no"
    return str(f.default)


def _rule_text(f: schema.Field) -> str:
    """The range or list a cell accepts, in words (README, input prompts, error messages)."""
    if f.kind == "choice":
        return "one of: " + ", ".join(f.choices)
    if f.kind == "yesno":
        return "yes or no (also 是/否, true/false, 1/0)"
    if f.kind not in ("number", "int"):
        return "text"
    what = "a whole number" if f.kind == "int" else "a number"
    lo, hi = (None if math.isinf(b) else b for b in (f.lo, f.hi))
    if lo is not None and hi is not None:
        return f"{what} from {lo:g} to {hi:g}"
    if lo is not None:
        return f"{what} >= {lo:g}"
    return f"{what} <= {hi:g}" if hi is not None else what


def _validation(f: schema.Field) -> DataValidation | None:
    """Excel data validation for a field: a list for choices and yes/no, a range for numbers.
    Yes/no only warns: the reader also accepts 是/否, true/false and 1/0."""
    if f.kind == "choice":
        dv = DataValidation(type="list", formula1='"' + ",".join(f.choices) + '"')
    elif f.kind == "yesno":
        dv = DataValidation(type="list", formula1='"yes,no"', errorStyle="warning")
    elif f.kind in ("number", "int"):
        big = 2147483647 if f.kind == "int" else 1e300  # unbounded: still "must be a number"
        lo = -big if math.isinf(f.lo) else f.lo
        hi = big if math.isinf(f.hi) else f.hi
        dv = DataValidation(type="whole" if f.kind == "int" else "decimal", operator="between",
                            formula1=f"{lo:g}", formula2=f"{hi:g}")
    else:
        return None
    dv.allow_blank = True
    dv.error, dv.errorTitle = f"{f.name}: {_rule_text(f)}"[:255], "zcpark"
    dv.prompt, dv.promptTitle = _unit_note(f)[:255], f.name[:32]
    dv.showErrorMessage = dv.showInputMessage = True
    return dv


def _unit_note(f: schema.Field) -> str:
    unit = f"unit: {f.unit}. " if f.unit else ""
    return f"{unit}{_rule_text(f)}; default: {_default_text(f)}. {f.doc}".strip()


def _default_text_zh(f: schema.Field) -> str:
    """The Chinese of `_default_text`."""
    if f.required:
        return "必填"
    if f.role == "capex":
        return "允许新建容量时必填"
    if f.default is None:
        return "空 = " + BLANK_MEANS_ZH.get(f.blank_means, "无") if f.blank_means else "空 = 无"
    if f.default == "":
        return "空"
    if f.kind == "yesno":
        return "是 yes" if f.default else "否 no"
    return str(f.default)


def _unit_note_zh(sheet: str, f: schema.Field) -> str:
    """The comment's Chinese: what the column is, what it accepts (as the messages say it) and its default."""
    return f"{field_zh(sheet, f.name)}。接受：{describe_zh(f)}；默认：{_default_text_zh(f)}。"  # the unit: in describe_zh


def _comment(sheet: str, f: schema.Field) -> Comment:
    """A header's comment: its name, then Chinese, then English."""
    comment = Comment(f"{f.name}\n{_unit_note_zh(sheet, f)}\n{_unit_note(f)}", "zcpark")
    comment.width, comment.height = 320, 190
    return comment


def _add_validation(ws, f: schema.Field, cells: str) -> None:
    dv = _validation(f)
    if dv is not None:
        ws.add_data_validation(dv)
        dv.add(cells)


def _input_sheet(wb, name: str, sheet: schema.Sheet | None, fields) -> None:
    """One input sheet: its header (or parameter rows) with a comment per field and validated cells."""
    ws = wb.create_sheet(name)
    if sheet is not None and sheet.kind == "params":
        ws.append(["parameter", "value", "unit", "note"])
        for row, f in enumerate(fields, start=2):
            # The value is left blank: an example typed in would be taken for the park's own figure.
            example = dict(EXAMPLE_PARAMS.get(name, [])).get(f.name)
            ws.append([f.name, None, f.unit, f.doc + (f" (example: {example})" if example is not None else "")])
            ws.cell(row, 1).comment = _comment(name, f)
            _add_validation(ws, f, f"B{row}")
        ws.column_dimensions["A"].width, ws.column_dimensions["D"].width = 32, 70
    else:
        ws.append([f.name for f in fields])
        last = PROFILE_ROWS if name == "Profiles" else TABLE_ROWS
        for col, f in enumerate(fields, start=1):
            ws.cell(1, col).comment = _comment(name, f)
            letter = get_column_letter(col)
            _add_validation(ws, f, f"{letter}2:{letter}{last}")
            ws.column_dimensions[letter].width = max(10, len(f.name) + 2)
    for c in ws[1]:
        c.font = BOLD
    ws.freeze_panes = "A2"


def indicator_zh(indicator: str) -> str:
    """A target or guiding indicator's Chinese name: the results' own label (results/labels.py)."""
    from zcpark.results.labels import TARGET_LABELS  # one vocabulary for the template and the results
    label = TARGET_LABELS.get(indicator)
    return label.zh if label else ""


def _example_text(value) -> object:
    return "" if value is None else value


def write_template(path: str | Path) -> Path:
    path = Path(path)
    if path.exists():
        raise FileExistsError(f"{path} exists; the template never overwrites a workbook")
    wb = Workbook()
    readme = wb.active
    readme.title = "README"
    for line_zh, line in zip(INTRO_ZH, INTRO, strict=True):
        readme.append([line_zh])
        readme.append([line])
        readme.cell(readme.max_row, 1).font = GREY  # each English line under its Chinese one
    readme.append([])
    readme.append(["工作表 sheet", "列/参数 column / parameter", "类型 type", "单位 unit", "默认 default", "含义 meaning",
                   "示例 example", "中文说明 meaning in Chinese"])
    for c in readme[readme.max_row]:
        c.font = BOLD
    readme.freeze_panes = f"C{readme.max_row + 1}"  # sheet and column stay in view next to the Chinese (H)
    for sheet in (*schema.SHEETS, None):
        if sheet is None:
            name, fields, doc = "Profiles", schema.PROFILE_FIXED, PROFILE_NOTE
        else:
            name, fields, doc = sheet.name, sheet.fields, sheet.doc
        readme.append([name, "", "", "", "", doc + ("" if sheet is None or sheet.required else " (optional sheet)"), "",
                       SHEET_ZH[name] + ("" if sheet is None or sheet.required else "（可选工作表）")])
        readme[readme.max_row][0].font = BOLD
        examples = EXAMPLE_ROWS.get(name) or dict(EXAMPLE_PARAMS.get(name, []))
        for f in fields:
            kind = f"one of: {', '.join(f.choices)}" if f.kind == "choice" else f.kind
            readme.append(["", f.name, kind, f.unit, _default_text(f), f.doc, _example_text(examples.get(f.name)),
                           field_zh(name, f.name)])
        if name == "Targets":
            for ind, (unit, doc) in schema.TARGET_INDICATORS.items():
                readme.append(["", f"indicator {ind}", "", unit, "", doc, "", indicator_zh(ind)])
        if name == "Guiding":
            for ind, (limit, sense, unit, doc) in schema.GUIDING_INDICATORS.items():
                readme.append(["", f"indicator {ind}", "", unit, f"{'≤' if sense == 'max' else '≥'} {limit:g}", doc, "",
                               indicator_zh(ind)])
        _input_sheet(wb, name, sheet, fields)
    readme.column_dimensions["A"].width = 14
    readme.column_dimensions["B"].width = 34
    readme.column_dimensions["D"].width = 13
    readme.column_dimensions["E"].width = 24
    readme.column_dimensions["F"].width = 90
    readme.column_dimensions["G"].width = 22
    readme.column_dimensions["H"].width = 60
    return save_atomically(path, wb.save)
