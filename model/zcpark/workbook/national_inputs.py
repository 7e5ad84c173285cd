"""Checks and assembly of the sheets 910号 acceptance needs beyond the v1 contract:
ProcessEmissions (附件4 E工业过程), HeatTrade (附件4 E热) and Guiding (附件3 引导性指标).

Like validate.py, every problem is recorded with its sheet, Excel row and column and nothing
raises; a legal but implausible figure is a plausibility note (ParkData.notes: the console and the
results' Warnings sheet).
"""
from __future__ import annotations

from zcpark.workbook import schema
from zcpark.workbook.plausibility import TONNE_UNITS, factor_range

YES = {"yes", "y", "true", "是"}
NO = {"no", "n", "false", "否"}


def process_emissions(records: list[dict], col) -> dict[str, dict]:
    """ProcessEmissions rows by product. A product with output needs its factor (an error); a
    factor outside its product's plausible range (per tonne) is a warning."""
    out = {}
    for rec in records:
        if not rec["product"] or rec["output"] is None:
            continue  # a required blank, already reported
        where = ("ProcessEmissions", rec["_row"])
        if rec["factor_t_per_unit"] is None:
            if rec["output"] > 0:
                col.add(*where, "factor_t_per_unit", "an empty cell",
                        f"a process emission factor in tCO2 per {rec['unit'] or 'unit'} (output {rec['output']:g} "
                        "needs one; say where it comes from in factor_source)",
                        f"工业过程排放因子，tCO2/{rec['unit'] or '单位'}（产量 {rec['output']:g} 需要因子；"
                        "在 factor_source 中注明来源）")
            rec = {**rec, "factor_t_per_unit": 0.0}
        known = factor_range(rec["product"])
        unit = (rec["unit"] or "t").strip().lower()
        if known and unit in TONNE_UNITS and rec["output"] > 0:
            name, rng = known
            factor = rec["factor_t_per_unit"]
            if not rng.lo <= factor <= rng.hi:
                col.note(*where, "factor_t_per_unit", "plausibility",
                         f"{factor:g} tCO2/t is outside {rng.lo:g} to {rng.hi:g} tCO2/t for {name} ({rng.source}); "
                         "check the figure and its unit",
                         f"{factor:g} tCO2/t 超出 {name} 的 {rng.lo:g} 至 {rng.hi:g} tCO2/t（{rng.source}）；请检查数值和单位")
        out[rec["product"]] = rec
    return out


def heat_trade(records: list[dict], col) -> dict[str, dict]:
    """HeatTrade rows by direction, with the heat factor resolved as 附件4 says: blank -> 0.11
    tCO2/GJ for fossil heat, 0 for non-fossil heat; a non-fossil row with a factor > 0 is an error."""
    out = {}
    for rec in records:
        if not rec["direction"]:
            continue
        factor = rec["factor_t_per_gj"]
        if factor is None:
            factor = schema.NDRC_910_HEAT_FACTOR if rec["fossil"] else 0.0
        elif not rec["fossil"] and factor > 0:
            col.add("HeatTrade", rec["_row"], "factor_t_per_gj", f"{factor:g}",
                    "0 or blank for non-fossil heat (910号 附件4: 非化石能源热力 排放因子计为0), or fossil = yes",
                    "非化石热力填 0 或留空（910号 附件4：非化石能源热力排放因子计为0），或 fossil 填 yes")
        out[rec["direction"]] = {**rec, "factor_t_per_gj": factor}
    return out


def _guiding_value(rec, col):
    """(value, meets): a share (0-1, or '85%'), a ratio for the product-energy indicator, or
    yes / no for it (meets grade 2 or better); (None, None) when blank or unreadable."""
    text = (rec["value"] or "").strip()
    indicator = rec["indicator"]
    if not text:
        return None, None
    if indicator == "product_energy_vs_grade2_max" and text.lower() in YES | NO:
        return None, text.lower() in YES
    try:
        value = float(text[:-1]) / 100.0 if text.endswith("%") else float(text)
    except ValueError:
        value = None
    share = schema.GUIDING_INDICATORS[indicator][2] == "share"
    if value is None or value < 0 or (share and value > 1):
        expected = ("a share from 0 to 1 (or a percentage such as 85%)" if share
                    else "a ratio >= 0 to the grade-2 limit, or yes / no")
        expected_zh = "0 至 1 之间的比例（或百分数，如 85%）" if share else "相对二级限额的比值（≥ 0），或 yes / no"
        col.add("Guiding", rec["_row"], "value", repr(rec["value"]), expected + ", or blank with a reason",
                expected_zh + "，或留空并说明理由")
        return None, None
    return value, None


def guiding(records: list[dict], col) -> dict[str, dict]:
    """Guiding rows by indicator: `value` (float or None), `meets` (yes / no answers), `reason`.
    A blank value needs a reason (附件3: a guiding indicator may be left out with a stated reason)."""
    out = {}
    for rec in records:
        if not rec["indicator"]:
            continue
        value, meets = _guiding_value(rec, col)
        if not (rec["value"] or "").strip() and not rec["reason"]:
            col.add("Guiding", rec["_row"], "reason", "an empty cell (and no value)",
                    f"a value for {rec['indicator']}, or a reason to leave it out of acceptance",
                    f"{rec['indicator']} 的数值，或不纳入验收的理由", "空单元格（且没有数值）")
        out[rec["indicator"]] = {**rec, "value": value, "meets": meets}
    return out
