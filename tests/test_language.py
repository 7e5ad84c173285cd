"""Chinese and English where a consultant looks (issue 19): the schema's Chinese, input problems in
both languages, the template's header comments, the console verdict, and the language choice
(--lang wins over the Park sheet's `language`; blank: both)."""
from __future__ import annotations

import re

import pytest
from openpyxl import load_workbook

from factory import park_workbook
from zcpark.cli import main
from zcpark.core.accounting import METHODS
from zcpark.errors import InputError
from zcpark.language import resolve
from zcpark.results.verdict import Verdict
from zcpark.workbook import schema
from zcpark.workbook.reader import read_workbook
from zcpark.workbook.schema_zh import SHEETS as SHEET_ZH, field_zh
from zcpark.workbook.template import indicator_zh, write_template

HAN = re.compile(r"[\u4e00-\u9fff]")
PV = {"tech": "pv", "kind": "pv", "site": "onsite", "profile": "cf", "capex_cny_per_kw": 3000, "max_new_mw": 5}


def _mistakes(tmp_path):
    """A park with one mistake of each Field-driven kind and three hand-written cross-sheet ones:
    a blank required profile, 1,000 typed with a thousands separator, eta_charge 95 (a percentage),
    a kind that is not one, a profile that is not a Profiles column, a site that is not a line, and a
    battery offering capacity without any investment cost."""
    return park_workbook(tmp_path / "bad.xlsx", profiles={"cf": [0.5] * 24},
                         Renewables=[{**PV, "profile": None}, {**PV, "tech": "pv2", "capex_cny_per_kw": "1,000"},
                                     {**PV, "tech": "pv3", "kind": "solar"},
                                     {**PV, "tech": "pv4", "profile": "cf_pv", "site": "far"}],
                         Storage=[{"tech": "bat", "kind": "battery", "eta_charge": 95, "max_new_mw": 1,
                                   "max_new_mwh": 4}])


def test_every_column_and_sheet_has_its_chinese():
    """The template, docs/workbook.md and the messages read the same Chinese: every column and
    parameter of every sheet (Profiles' fixed columns too), every sheet and every indicator has it.
    A new column needs its entry in workbook/schema_zh.py."""
    fields = [(s.name, f.name) for s in schema.SHEETS for f in s.fields]
    fields += [("Profiles", f.name) for f in schema.PROFILE_FIXED]
    assert [sf for sf in fields if not HAN.search(field_zh(*sf))] == []
    assert {s.name for s in schema.SHEETS} | {"Profiles"} <= set(SHEET_ZH)
    indicators = [*schema.TARGET_INDICATORS, *schema.GUIDING_INDICATORS]
    assert [i for i in indicators if not HAN.search(indicator_zh(i))] == []


def test_every_problem_of_a_bad_park_reads_in_chinese(tmp_path):
    """All 7 problems carry a Chinese text; the Field-driven ones say what the cell accepts in
    Chinese (eta_charge: 0.001 to 1, with the percentage hint 95 -> 0.95; 1,000 -> write 1000)."""
    with pytest.raises(InputError) as err:
        read_workbook(_mistakes(tmp_path))
    problems = {(p.sheet, p.row, p.column): p for p in err.value.problems}
    assert len(problems) == 7, err.value.summary("en")
    assert all(p.translated for p in problems.values()), [str(p) for p in problems.values() if not p.translated]
    assert problems[("Renewables", 2, "profile")].zh() == (
        "Renewables 第 2 行，列 profile：发现 空单元格；应为 文本")
    assert problems[("Renewables", 3, "capex_cny_per_kw")].expected_zh == (
        "≥ 0 的数值（单位 CNY/kW）：不带千位分隔符的数：请填 1000（若逗号是小数点，则填 1.000）")
    assert problems[("Storage", 2, "eta_charge")].expected_zh == "0.001 至 1 之间的数值（是指 95% 吗？请填 0.95）"
    assert problems[("Renewables", 4, "kind")].expected_zh.startswith("以下之一：")
    assert "Profiles 表的一个列名" in problems[("Renewables", 5, "profile")].expected_zh
    assert "DirectLines 表的线路编号" in problems[("Renewables", 5, "site")].expected_zh
    assert "新增容量的投资" in problems[("Storage", 2, "capex_cny_per_kw")].expected_zh


def test_problem_summary_in_each_language(tmp_path):
    """zh: no English 'expected'; en: no Chinese at all; both: each English line followed by its Chinese."""
    with pytest.raises(InputError) as err:
        read_workbook(_mistakes(tmp_path))
    zh, en, both = (err.value.summary(lang) for lang in ("zh", "en", "both"))
    assert "expected" not in zh and zh.count("应为") == 8  # the header's and 7 problems
    assert not HAN.search(en) and en.count("expected") == 8  # the header's "(... expected)" and 7 problems
    assert both.count("expected") >= 8 and both.count("应为") == 8  # the header's 应为 and 7 problems
    lines = both.splitlines()
    first = next(i for i, line in enumerate(lines) if line.startswith("  - "))
    assert HAN.search(lines[first + 1]) and lines[first + 1].startswith("    ")


def test_lang_option_wins_over_the_park_language(tmp_path, capsys):
    """Park language en: `check` speaks English; --lang zh wins; blank language: both."""
    bad = park_workbook(tmp_path / "en.xlsx", park={"language": "en"}, profiles={"cf": [0.5] * 24},
                        Renewables=[{**PV, "kind": "solar"}])
    assert main(["check", str(bad)]) == 2
    err = capsys.readouterr().err
    assert err.startswith("invalid input: en.xlsx: 1 problem in the input workbook") and not HAN.search(err)
    assert main(["check", str(bad), "--lang", "zh"]) == 2
    err = capsys.readouterr().err
    assert err.startswith("输入有误: en.xlsx: 输入工作簿有 1 处问题") and "expected" not in err
    good = park_workbook(tmp_path / "ok.xlsx", profiles={"cf": [0.5] * 24}, Renewables=[PV])
    assert main(["check", str(good)]) == 0
    out = capsys.readouterr().out
    assert "：有效（24 个时段" in out and ": valid (24 time steps" in out
    assert resolve(None, "") == "both" and resolve("en", "zh") == "en" and resolve(None, "zh") == "zh"


def test_a_park_language_that_is_not_one_is_an_input_problem(tmp_path):
    bad = park_workbook(tmp_path / "x.xlsx", park={"language": "fr"}, profiles={"cf": [0.5] * 24}, Renewables=[PV])
    with pytest.raises(InputError) as err:
        read_workbook(bad)
    (p,) = err.value.problems
    assert (p.sheet, p.column, p.expected_zh) == ("Park", "value (language)", "以下之一：both, zh, en")


def test_verdict_headline_in_each_language():
    """zh names the failing target by its Dashboard label; en has no Chinese; both is unchanged
    (the level's Chinese word, then the English sentence)."""
    failing = {m: [] for m in METHODS}
    failing["ndrc_910"] = ["carbon_intensity_max"]
    v = Verdict("ndrc_910", failing, ["co2_cap_t"], [])
    assert v.headline("zh") == ("未通过：按 ndrc_910（910号核算方法(验收)）未达到 单位能耗碳排放上限 (carbon_intensity_max)"
                                "；未达（仅报告）：碳排放总量上限 (co2_cap_t)")
    assert v.headline("en") == "FAILS under ndrc_910: carbon_intensity_max; misses (reported only): co2_cap_t"
    assert v.headline() == ("未通过 FAILS under ndrc_910 (910号核算方法(验收)): carbon_intensity_max; "
                            "未达(仅报告) misses (reported only): co2_cap_t")


def test_template_header_comments_and_readme_are_bilingual(tmp_path):
    """Each header comment: the column name, its Chinese (what it is, what it accepts, its default),
    then the English; the README sheet has a Chinese column and each intro line in Chinese first."""
    wb = load_workbook(write_template(tmp_path / "t.xlsx"))
    comment = wb["Renewables"]["E1"].comment.text  # capex_cny_per_kw
    name, zh, en = comment.split("\n")
    assert name == "capex_cny_per_kw"
    assert zh.startswith("单位千瓦投资 元/kW") and "接受：≥ 0 的数值（单位 CNY/kW）" in zh and "默认：允许新建容量时必填" in zh
    assert en.startswith("unit: CNY/kW.")
    rows = [[c.value for c in r] for r in wb["README"].iter_rows()]
    assert rows[0][0].startswith("zcpark 输入工作簿") and rows[1][0].startswith("zcpark input workbook")
    header = next(r for r in rows if r[0] == "工作表 sheet")
    assert header[7] == "中文说明 meaning in Chinese"
    zh_of = {(r[1]): r[7] for r in rows if r[1] in ("language", "hard_limit")}
    assert zh_of["language"].startswith("语言") and zh_of["hard_limit"].startswith("硬约束")


def test_console_run_in_chinese_and_in_english(tmp_path, capsys):
    """The one-PV park of test_finance.test_console_money_line (40,000,000 CNY = 4,000.0 万元, payback
    3.7 years): in zh the run says it is solving, the verdict, the money and where the results are, in
    Chinese only; in en none of the Chinese labels."""
    from test_finance import DAY, pv
    path = park_workbook(tmp_path / "p.xlsx", park={"hours_per_year": 8760, "discount_rate": 0.08,
                                                     "ndrc_910_emission_factor": 0.5},
                         profiles={"cf_pv": DAY}, Renewables=[pv(capex=4000, lifetime=20, max_new_mw=10)])
    assert main(["run", str(path), "--runs-dir", str(tmp_path / "runs"), "--lang", "zh"]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines[0].startswith("求解 ") and "--typical-days 8" in lines[0]
    assert lines[1].startswith("test park [base]：optimal") and "年总成本" in lines[1]
    assert lines[2].startswith("  结论: 通过：在所有核算方法下均满足全部强制目标")
    assert lines[3].startswith("  投资与收益: 总投资 4,000.0 万元; 年节约(较现状) 1,095.0 万元/年; 静态回收期 3.7 年")
    assert not any(line.lstrip().startswith(("verdict", "money", "results", "warnings")) for line in lines)
    assert main(["run", str(path), "--runs-dir", str(tmp_path / "runs"), "--lang", "en"]) == 0
    out = capsys.readouterr().out
    assert "  verdict: PASSES every enforced target" in out and "  money: investment 4,000.0 万元" in out
    assert not any(word in out for word in ("结论", "投资与收益", "求解", "警告", "结果"))


def test_default_warnings_read_in_chinese(tmp_path):
    """Every default applied to a blank cell of a small park (a blank Park discount_rate row read as
    0.08 1/yr, missing parameter rows, blank optional cells) has its Chinese, in the Warnings sheet's
    message_zh column; e.g. Renewables' blank fom_cny_per_kw_yr: '空：采用默认值 0 CNY/kW/yr'."""
    from zcpark.results.warnings_sheet import warnings_table
    path = park_workbook(tmp_path / "ok.xlsx", park={"discount_rate": None}, profiles={"cf": [0.5] * 24},
                         Renewables=[PV])
    notes = read_workbook(path).notes
    assert len(notes) > 10 and all(n.kind == "default" and HAN.search(n.message_zh) for n in notes)
    table = warnings_table(notes).set_index(["sheet", "column"])
    assert table.loc[("Renewables", "fom_cny_per_kw_yr"), "message_zh"] == "空：采用默认值 0 CNY/kW/yr"
    assert table.loc[("Park", "value (discount_rate)"), "message_zh"] == "空：采用默认值 0.08 1/yr"


def test_infeasible_park_diagnosed_in_chinese(tmp_path, capsys):
    """The infeasible park of test_solve.test_infeasible_target_is_diagnosed: green power needed
    240 - 0.2 x 29.496 / 0.8273 = 232.869 MWh at the default 30 CNY/MWh = 6,986 CNY/yr = 0.7 万元/年;
    the best intensity 4.712. In zh the console and the Diagnosis sheet's message_zh say it in Chinese."""
    from test_solve import DAY
    wb = park_workbook(tmp_path / "inf.xlsx", profiles={"cf": DAY},
                       Renewables=[{"tech": "pv", "kind": "pv", "profile": "cf", "capex_cny_per_kw": 100,
                                    "lifetime_yr": 1, "max_new_mw": 10}],
                       Storage=[{"tech": "bat", "kind": "battery", "capex_cny_per_kwh": 10, "lifetime_yr": 1}],
                       Targets=[{"indicator": "carbon_intensity_max", "value": 0.2, "enforce": "yes"}])
    assert main(["run", str(wb), "--runs-dir", str(tmp_path / "runs"), "--lang", "zh"]) == 3
    err = capsys.readouterr().err
    assert err.startswith("不可行：没有方案能同时满足全部强制目标和限值（诊断见 ")
    assert "  - 购买绿电 233 MWh/年，30 元/MWh：+0.7 万元/年（GreenMarket 表没有 green_power 行" in err
    assert "carbon_intensity_max 0.2 在工作簿的限值内无法满足：最多只能达到 4.712" in err
    assert "cannot be met" not in err and "green power" not in err
    diag = load_workbook(tmp_path / "runs" / "inf" / "base" / "diagnosis.xlsx")["Diagnosis"]
    header = [c.value for c in diag[1]]
    assert header[-2:] == ["message", "message_zh"]


def test_plausibility_warnings_read_in_chinese(tmp_path):
    """PV capex typed as 3.2 (CNY/W instead of CNY/kW: x 1000 = 3,200 is in the 2,500-5,000 range):
    the warning says so in Chinese too."""
    path = park_workbook(tmp_path / "w.xlsx", profiles={"cf": [0.5] * 24},
                         Renewables=[{**PV, "capex_cny_per_kw": 3.2}])
    (note,) = [n for n in read_workbook(path).notes if n.kind == "plausibility"]
    assert note.message.startswith("3.2 CNY/kW is implausibly low for pv")
    assert note.message_zh.startswith("3.2 CNY/kW 对 pv 来说偏低（典型值 ")
    assert note.message_zh.endswith("：是否误填成了 CNY/W (元/W)？")


def test_console_lists_an_implausible_value_before_the_defaults():
    """Seven defaults then one implausible value: the console's first listed note is the implausible one
    (it would have been the eighth, below the first five shown), and the count line names both kinds."""
    from zcpark.core.data import Note
    from zcpark.results.warnings_sheet import console_lines

    notes = [Note("Park", r, "x", "default", "blank: 1") for r in range(2, 9)]
    notes.append(Note("Renewables", 2, "capex_cny_per_kw", "plausibility", "3.2 is low: CNY/W typed?"))
    lines = console_lines(notes, "see the sheet", "en")
    assert lines[0].startswith("warnings: 1 implausible value (a unit mistake?), 7 defaults applied")
    assert "capex_cny_per_kw" in lines[1] and lines[-1].strip() == "... and 3 more"


def test_batch_progress_line_in_each_language():
    """A batch's line per run: 120,000 CNY/yr is 12.0 万元/年 in Chinese, 0.12 M CNY/yr in English; both
    gives the English line, then the Chinese."""
    from zcpark.studies.kinds import describe

    row = {"run": "base", "status": "optimal", "total_cost_cny_per_yr": 120_000.0, "carbon_intensity_t_per_tce": 0.15,
           "meets_enforced_targets": True, "failed_targets": "", "undetermined_targets": ""}
    assert describe(row, "zh") == "base：optimal；年总成本 12.0 万元/年；0.150 tCO2/tce；满足全部强制目标"
    assert describe(row, "en") == "base: optimal; cost 0.12 M CNY/yr; 0.150 tCO2/tce; meets every enforced target"
    assert describe(row, "both") == describe(row, "en") + "\n    " + describe(row, "zh")
