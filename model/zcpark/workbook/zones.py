"""The Zones sheet (park within a park, 园中园): check it against Profiles and the asset sheets, and
make the park's load the sum of the zones' loads.

With Zones, each zone has its own electricity bus linked to the common bus (core/components/zones.py);
Renewables, Storage, HeatSupply and HeatTrade rows name their zone (blank: the common bus; heat has no
common bus, so a heat converter, a thermal store and a heat trade must name one). Every problem is
recorded with its sheet, row and column; nothing raises here.
"""
from __future__ import annotations


from zcpark.core import technologies as techs
from zcpark.core.data import zone_load_sums
from zcpark.workbook.cells import quoted

ZONE_SHEETS = ("Renewables", "Storage", "HeatSupply", "HeatTrade", "ProcessEmissions")
SCOPE_NAMES = ("boundary", "rest", "host")  # core/attribution.SCOPES: a zone may not take their names
PARK_LOADS = {"electric_load": "electric_load_mw", "heat_load": "heat_load_mw"}


def _needs_zone(sheet: str, rec: dict) -> bool:
    """Heat stays inside its zone: a heat converter, a thermal store or a heat trade names one; process
    emissions belong to the zone whose enterprises emit them."""
    if sheet in ("HeatSupply", "HeatTrade", "ProcessEmissions"):
        return True
    return sheet == "Storage" and rec.get("kind") in techs.TECHNOLOGIES and \
        techs.role(rec["kind"]).feeds == techs.HEAT


def check_zone_columns(col, tables: dict, zones: dict) -> None:
    """The zone column of the asset sheets: a zone id of the Zones sheet (or blank for the common bus);
    without a Zones sheet, blank."""
    for sheet in ZONE_SHEETS:
        for rec in tables.get(sheet, []):
            zone = rec.get("zone") or ""
            if not zones:
                if zone:
                    col.add(sheet, rec["_row"], "zone", repr(zone), "blank: the workbook has no Zones sheet (or "
                            "a Zones sheet that lists this zone)",
                            "留空：本工作簿没有 Zones 表（或在 Zones 表中列出该分区）")
                continue
            if zone and zone not in zones:
                col.add(sheet, rec["_row"], "zone", repr(zone), "a zone id of the Zones sheet: " + ", ".join(zones),
                        "Zones 表中的分区编号：" + "、".join(zones))
            elif not zone and _needs_zone(sheet, rec):
                what = ("the zone whose enterprises emit it" if sheet == "ProcessEmissions" else
                        "the zone whose heat load this row serves (heat is not exchanged between zones)")
                what_zh = ("排放该过程排放的企业所在分区" if sheet == "ProcessEmissions" else
                           "本行供热所服务的分区（热力不在分区之间交换）")
                col.add(sheet, rec["_row"], "zone", "an empty cell", what + ": " + ", ".join(zones),
                        what_zh + "：" + "、".join(zones))
            elif zone and sheet == "Renewables" and rec.get("site") not in (None, "", "onsite"):
                col.add(sheet, rec["_row"], "zone", repr(zone), "blank: a plant behind a direct line delivers to "
                        "the common bus, where the line lands",
                        "留空：直连线路后面的电站送到线路接入的公共母线")


def _check_load_column(col, rec, column: str, profiles: dict, named: dict) -> None:
    name = rec[column]
    if not name:
        return
    if name not in profiles:
        col.add("Zones", rec["_row"], column, repr(name),
                "the name of a Profiles column: " + ", ".join(quoted(p) for p in sorted(profiles)),
                "Profiles 表中的列名：" + "、".join(quoted(p) for p in sorted(profiles)))
    elif name in named:
        col.add("Zones", rec["_row"], column, repr(name),
                f"a Profiles column no other zone names (zone {named[name]!r} does: its load would count twice)",
                f"其他分区未使用的 Profiles 列（分区 {named[name]!r} 已使用：负荷会被重复计算）")
    named.setdefault(name, rec["zone"])


def zones_and_loads(col, tables: dict, profiles: dict) -> dict[str, dict]:
    """The Zones rows by zone id, checked; sets Profiles electric_load_mw (heat_load_mw) to the sum
    of the zones' columns, so everything park-wide reads the host park's load. {} without Zones."""
    rows = [r for r in tables.get("Zones", []) if r.get("zone")]
    check_zone_columns(col, tables, {r["zone"]: r for r in rows})
    if not rows:
        return {}
    before = len(col.problems)
    named: dict[str, str] = {}
    for rec in rows:
        if rec["zone"].casefold() in SCOPE_NAMES:
            col.add("Zones", rec["_row"], "zone", repr(rec["zone"]), "an id other than " + ", ".join(SCOPE_NAMES)
                    + " (the names of the results' scopes: the boundary, the rest of the park, the host park)",
                    "boundary、rest、host 以外的编号（这些是结果中范围的名称：试点边界、园区其余部分、整个园区）")
        for column in PARK_LOADS:
            _check_load_column(col, rec, column, profiles, named)
            if rec[column] in PARK_LOADS.values() and len(rows) > 1:
                col.add("Zones", rec["_row"], column, repr(rec[column]),
                        f"a Profiles column other than {rec[column]} (with several zones it is the sum of the "
                        "zones' columns): rename the column",
                        f"{rec[column]} 以外的 Profiles 列（多个分区时该列是各分区之和）：请改列名")
    if not any(r["in_boundary"] for r in rows):
        col.add("Zones", None, "in_boundary", "no zone with in_boundary = yes",
                "at least one zone inside the boundary (the pilot area the targets apply to)",
                "至少一个分区在试点边界内（in_boundary 为 yes：目标作用的试点区域）")
    for park_column in PARK_LOADS.values():
        if park_column in profiles and park_column not in named:
            col.add("Profiles", None, park_column, f"a {park_column} column next to a Zones sheet",
                    "no such column: with Zones the park's load is the sum of the zones' columns (Zones "
                    "electric_load / heat_load); name it in a zone's row, or delete or rename it",
                    "不应有此列：有 Zones 表时园区负荷是各分区负荷列之和（Zones 的 electric_load / heat_load）；"
                    "请在某个分区行中引用它，或删除、改名")
    heat_zones = {r["zone"] for r in tables["HeatSupply"]} | {r["zone"] for r in tables["HeatTrade"]}
    for rec in rows:  # loads of the columns that exist (a missing one is reported above)
        electric = profiles.get(rec["electric_load"])
        heat = profiles.get(rec["heat_load"]) if rec["heat_load"] else None
        if electric is not None and (rec["heat_load"] == "" or heat is not None) and not (
                electric.any() or (heat is not None and heat.any())):
            col.add("Zones", rec["_row"], "electric_load", f"{rec['electric_load']!r}, zero in every row",
                    "a zone with load (a load column with values > 0)",
                    "有负荷的分区（负荷列中有大于 0 的值）")
        if heat is not None and heat.max() > 0 and rec["zone"] not in heat_zones:
            col.add("Zones", rec["_row"], "heat_load", f"{rec['heat_load']!r} > 0 with no heat supply in zone "
                    f"{rec['zone']!r}", "a HeatSupply (or HeatTrade purchase) row whose zone is this zone",
                    "所在分区为本分区的 HeatSupply（或 HeatTrade 购热）行")
    if len(col.problems) > before:
        return {}
    zones = {r["zone"]: r for r in rows}
    profiles.update(zone_load_sums(profiles, zones))
    return zones
