"""The Chinese of the workbook contract (schema.py), as data: one text per sheet and per column.

The template's header comments and README sheet, and the docs/workbook.md reference (`make docs`)
read it, so a consultant meets the same Chinese words everywhere. The indicator names reuse the
results' vocabulary (results/labels.py TARGET_LABELS). tests/test_language.py checks that every
column of every sheet has its Chinese: a new column needs an entry here (FIELDS, or BY_SHEET
when its meaning differs from sheet to sheet).
"""
from __future__ import annotations

from zcpark.core.technologies import kind_labels, kinds

# Sheet -> what the sheet is for.
SHEETS = {
    "Park": "园区参数：每行一个参数。",
    "Targets": "规划须满足（enforce 为 yes）或仅核对（enforce 为 no）的目标。",
    "Renewables": "候选光伏、风电：每行一个电站。",
    "Storage": "候选储能：每行一个。",
    "HeatSupply": "候选供热设备：每行一台（类）。",
    "Fuels": "锅炉燃料，按燃料能量 MWh 计。",
    "DirectLines": "绿电直连线路方案。",
    "Grid": "公共电网接入：限值、价格和排放因子。",
    "Tariff": "分时电价：每天 24 行，按小时。",
    "GreenMarket": "绿电交易和绿证。",
    "Offsets": "碳抵消：计入净排放（净零），不计入单位能耗碳排放。",
    "ProcessEmissions": "工业过程排放（910号 附件4：产量 × 排放因子）。",
    "HeatTrade": "园区外购入或售出的热力。",
    "Guiding": "910号 附件3 引导性指标（模型不计算）：填数值，或留空并说明理由。",
    "Scenarios": "情景：每行修改基准情景的一个单元格。",
    "Years": "建设期路线图：逐年规划新建容量（无此表：一年）。",
    "YearValues": "逐年变化的值，写法同 Scenarios。",
    "Zones": "园中园分区：每行一个分区（in_boundary 为 yes 的分区构成试点边界）；无此表：整个园区一个母线。",
    "Profiles": "逐时曲线：每个时段一行；Renewables!profile 等引用的列由你添加。",
}

# Column or parameter -> "名称：说明" (the same in every sheet that has it, unless BY_SHEET says otherwise).
FIELDS = {
    # Park
    "name": "园区名称（任意文本，可用中文）",
    "province": "省份：用于说明和预设",
    "discount_rate": "折现率：年化投资和 Finance 表 NPV、IRR 所用的实际折现率",
    "hours_per_year": "年小时数：年电量 = hours_per_year / Profiles 行数 × 合计",
    "electricity_tce_per_mwh": "电力折标系数（当量值）",
    "electricity_tce_per_mwh_equivalent": "电力折标系数（等价值，供电标准煤耗）：910号核算和能耗分级所用",
    "ndrc_910_emission_factor": "910号电网排放因子（附件4 全国化石电源排放因子）",
    "carbon_method": "碳核算方法：目标按此方法约束；ndrc_910 为验收方法",
    "gec_counts_for_carbon": "绿证是否抵扣电网排放",
    "base_year": "基准年（绝对减排报告用；空：无）",
    "base_year_co2_t": "基准年园区排放量 tCO2",
    "acceptance_year": "验收年：有 Years 表时按哪一年的方案验收（空：最后一年）",
    "typical_days": "典型日数：按典型日规划，再逐时核验全年（空：全年规划）",
    "language": "语言：控制台信息用 zh（中文）、en（英文）或 both（中英；空：both）；命令行 --lang 优先",
    # Targets, Guiding, Scenarios, YearValues
    "indicator": "指标",
    "value": "值",
    "enforce": "是否强制：yes 为规划约束，no 仅报告",
    # Renewables, Storage, HeatSupply
    "tech": "技术编号（唯一）",
    "kind": "类型",
    "site": "位置：onsite（园区内）或 DirectLines 的线路编号",
    "profile": "曲线：Profiles 表中的列名",
    "capex_cny_per_kw": "单位千瓦投资 元/kW（新建容量；允许新建时必填，免费填 0）",
    "fom_cny_per_kw_yr": "固定运维 元/kW/年",
    "vom_cny_per_mwh": "可变运维 元/MWh",
    "lifetime_yr": "经济寿命（年）",
    "existing_mw": "现有容量 MW",
    "max_new_mw": "新增容量上限 MW（空：不限）",
    "max_new_mw_per_year": "每年新增容量上限 MW（路线图；空：不限）",
    "min_new_mw": "最小新建规模 MW：> 0 时要么不建，要么至少建这么多",
    "unit_mw": "单机容量 MW：设定后新增容量为其整数倍",
    "hard_limit": "硬约束：yes 表示上限是物理限制（屋顶、场地面积），诊断不会建议突破",
    "capex_cny_per_kwh": "单位千瓦时投资 元/kWh（新增储能容量）",
    "eta_charge": "充电效率",
    "eta_discharge": "放电效率",
    "self_discharge_per_h": "每小时自放电比例",
    "e2p_min_h": "最小能量/功率比（小时）",
    "e2p_max_h": "最大能量/功率比（小时；空：无）",
    "existing_mwh": "现有储能容量 MWh",
    "max_new_mwh": "新增储能容量上限 MWh（空：不限）",
    "max_new_mwh_per_year": "每年新增储能容量上限 MWh（路线图）",
    "fuel": "燃料：Fuels 表中的燃料编号",
    "efficiency": "效率：热泵为 COP，锅炉为效率",
    # Fuels
    "price_cny_per_mwh": "价格 元/MWh",
    "tce_per_mwh": "折标系数 tce/MWh",
    "co2_t_per_mwh": "燃烧排放因子 tCO2/MWh",
    "clean": "是否清洁能源（天然气是，煤不是）",
    # DirectLines
    "line": "线路编号（由 Renewables!site 引用）",
    "option": "建设方案编号：每条线路最多建一个方案",
    "capacity_mw": "线路容量 MW",
    "length_km": "线路长度 km",
    "capex_cny_per_km": "每公里投资 元/km",
    "fixed_capex_cny": "固定投资 元（变电站、间隔等）",
    "loss_fraction": "线损率：送达 = (1 - 线损率) × 送出",
    "fom_fraction_per_yr": "年固定运维占投资比例",
    # Grid
    "import_max_mw": "最大购电功率 MW（空：不限）",
    "import_max_hard": "购电上限是否为接入的物理限制（yes：诊断不会建议提高）",
    "export_max_mw": "最大上网功率 MW（0：不上网）",
    "export_price_cny_per_mwh": "上网电价 元/MWh",
    "demand_charge_cny_per_kw_month": "需量电费 元/kW/月（按全年最大购电功率）",
    "emission_factor_average": "电网平均排放因子 tCO2/MWh",
    "emission_factor_fossil": "化石电源排放因子 tCO2/MWh",
    "emission_factor_residual": "剩余电网排放因子 tCO2/MWh（扣除市场化交易的非化石电力）",
    "clean_share": "电网非化石电力占比",
    "export_certificates_sold": "上网电量的绿证是否出售（yes：910号下上网电量不抵扣排放）",
    # Tariff, Profiles
    "hour": "小时",
    "period": "时段（峰、平、谷等）",
    # GreenMarket, ProcessEmissions
    "product": "产品",
    "max_mwh_per_yr": "年最大交易量 MWh（空：不限，仍受购电量约束）",
    "shape": "绿电曲线：flat（平均）或 Profiles 列名（空：flat）",
    # Offsets
    "offset": "抵消项目编号（唯一）",
    "price_cny_per_t": "价格 元/tCO2",
    "max_t_per_yr": "年最大购买量 tCO2（空：不限）",
    # ProcessEmissions
    "output": "年产量（单位见 unit）",
    "unit": "产量单位（排放因子按此单位）",
    "factor_t_per_unit": "工业过程排放因子 tCO2/单位产量",
    "factor_source": "排放因子来源（附件4：省级清单、核查数据等）",
    # HeatTrade
    "direction": "方向：purchase 外购，sale 外售",
    "max_mw": "每小时最大热功率 MW（空：不限）",
    "fossil": "是否化石能源热力",
    "factor_t_per_gj": "热力排放因子 tCO2/GJ（空：化石 0.11，非化石 0）",
    # Guiding
    "reason": "不纳入验收的理由（附件3：可在申报材料中说明原因）",
    "source": "数据来源",
    # Scenarios, YearValues
    "scenario": "情景名",
    "sheet": "工作表名",
    "key": "行编号（表格）或参数名（参数表）",
    "column": "列名",
    # Years
    "year": "年份",
    "load_scale": "负荷倍数：该年 electric_load_mw 和 heat_load_mw 的乘数（有 Zones 表时：各分区的负荷列）",
    "years_represented": "代表年数：此行在 NPV 中代表的年数（空：到下一年份的间隔）",
    # Zones (a park within a park, 园中园); `zone` also on asset rows
    "zone": "所在分区：Zones 表中的分区编号（空：公共母线，即共用的变电站）",
    "in_boundary": "是否在试点边界（四至）内：yes 为零碳园区试点区域",
    "electric_load": "该分区电负荷：Profiles 表中的列名（MW）",
    "heat_load": "该分区热负荷：Profiles 表中的列名（MW，可空）",
    "link_max_mw": "该分区与公共母线之间的连接容量上限 MW（空：不限）",
    "scope": "目标范围：boundary 为试点边界（空即此项），park 为整个园区；直连规则总是作用于整个园区",
    # Profiles
    "electric_load_mw": "电负荷 MW",
    "heat_load_mw": "热负荷 MW",
    "grid_ef_t_per_mwh": "逐时电网平均排放因子 tCO2/MWh",
}

# (sheet, column) -> its Chinese where the same column name means something else in that sheet.
BY_SHEET = {
    ("Targets", "indicator"): "目标指标（见下方指标表）",
    ("Zones", "zone"): "分区编号（不可用 boundary、rest、host）",
    ("Zones", "name"): "分区名称（任意文本）",
    ("Targets", "value"): "限值，单位随指标",
    ("Guiding", "indicator"): "引导性指标",
    ("Guiding", "value"): "园区年度数值（0-1 的比例；产品能耗指标为比值或 yes / no）；留空并说明理由：不纳入验收",
    ("Scenarios", "value"): "新值",
    ("YearValues", "year"): "Years 表中的年份：该值从这一年起生效",
    ("YearValues", "value"): "新值",
    ("Tariff", "price_cny_per_mwh"): "电价 元/MWh",
    ("GreenMarket", "price_cny_per_mwh"): "价格 元/MWh：绿电为相对电网电价的溢价，绿证为证书价格",
    ("HeatTrade", "price_cny_per_mwh"): "热价 元/MWh（购入付出或售出收入）",
    ("Profiles", "price_cny_per_mwh"): "逐时电价 元/MWh（替代 Tariff）",
    ("Profiles", "hour"): "时段序号 1..N",
    ("GreenMarket", "product"): "产品：green_power 绿电交易，gec 绿证",
    ("GreenMarket", "hard_limit"): "硬约束：yes 表示 max_mwh_per_yr 是市场可提供的全部，诊断不会建议更多",
    ("ProcessEmissions", "product"): "产品（如 cement_clinker、lime、ammonia）",
    ("Offsets", "kind"): "类型：ccer（国家核证自愿减排量）、sink（碳汇）、other",
    ("HeatSupply", "profile"): "曲线：热泵为 COP 列，余热为可用余热 MW 列",
    ("HeatSupply", "capex_cny_per_kw"): "单位千瓦投资 元/kW（按供热出力）",
    ("Storage", "capex_cny_per_kw"): "单位千瓦投资 元/kW（新增功率容量）",
    ("DirectLines", "lifetime_yr"): "线路经济寿命（年）",
}


def field_zh(sheet: str, name: str) -> str:
    """The Chinese of a column or parameter ('' when none is written). A technology sheet's `kind`
    lists its kinds by the technology registry's Chinese names (the results' words)."""
    if name == "kind" and sheet in ("Renewables", "Storage", "HeatSupply"):
        labels = kind_labels()
        return "类型：" + "、".join(f"{k} {labels[k]}" for k in kinds(sheet))
    return BY_SHEET.get((sheet, name)) or FIELDS.get(name, "")
