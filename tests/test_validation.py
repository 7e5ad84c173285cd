"""Every validation rule: the InputError names the sheet, the Excel row (header = 1) and the column,
says what was found and what was expected, and lists every problem at once."""
from __future__ import annotations

import re

import pytest
from openpyxl import load_workbook

from factory import park_workbook
from handcalc import DAY, battery, pv
from zcpark.errors import InputError
from zcpark.workbook.reader import read_workbook
from zcpark.runner import run
from zcpark.core.options import SolveOptions

LINE = {"line": "L1", "option": "a", "capacity_mw": 20, "length_km": 10, "capex_cny_per_km": 1000}
GAS = {"fuel": "gas", "price_cny_per_mwh": 200, "tce_per_mwh": 0.12, "co2_t_per_mwh": 0.2, "clean": "yes"}
FORMULA = "a formula with no saved value"


def good(tmp_path, name="in.xlsx", **kw):
    """PV + battery on 24 h; anything can be overridden."""
    kw.setdefault("profiles", {"cf_pv": DAY})
    kw.setdefault("Renewables", [pv(max_new_mw=100)])
    kw.setdefault("Storage", [battery()])
    return park_workbook(tmp_path / name, **kw)


def edit(path, sheet, cell, value):
    """Set one cell by its Excel address (e.g. 'B3') with openpyxl, which saves no cached values."""
    wb = load_workbook(path)
    wb[sheet][cell] = value
    wb.save(path)
    return path


def edit_at(path, sheet, header, row, value):
    """Set one cell addressed by its column header and Excel row."""
    wb = load_workbook(path)
    ws = wb[sheet]
    ws.cell(row=row, column=[c.value for c in ws[1]].index(header) + 1, value=value)
    wb.save(path)
    return path


def problems(path, scenario=None):
    with pytest.raises(InputError) as exc:
        read_workbook(path, scenario)
    return exc.value


def where(err):
    return [(p.sheet, p.row, p.column) for p in err.problems]


def only(err):
    """The one problem of an error (and that it is the only one)."""
    assert len(err.problems) == 1, err.problems
    return err.problems[0]


# ---- missing sheets and columns ----

@pytest.mark.parametrize("sheet", ["Park", "Targets", "Renewables", "Storage", "Grid", "Tariff", "Profiles"])
def test_missing_required_sheet(tmp_path, sheet):
    path = good(tmp_path)
    wb = load_workbook(path)
    del wb[sheet]
    wb.save(path)
    p = only(problems(path))
    assert (p.sheet, p.row, p.column) == (sheet, None, None) and "no such sheet" in p.found


def test_optional_sheets_may_be_missing(tmp_path):
    path = good(tmp_path)
    wb = load_workbook(path)
    for sheet in ("HeatSupply", "Fuels", "DirectLines", "GreenMarket", "Scenarios"):
        del wb[sheet]
    wb.save(path)
    assert read_workbook(path).n_steps == 24


def test_misspelt_sheet_name_is_pointed_out(tmp_path):
    path = good(tmp_path)
    wb = load_workbook(path)
    wb["Renewables"].title = "tmp"  # openpyxl refuses a rename that differs only by case
    wb["tmp"].title = "renewables"
    wb.save(path)
    p = only(problems(path))
    assert (p.sheet, p.row, p.column) == ("Renewables", None, None) and "'renewables'" in p.found


@pytest.mark.parametrize("sheet, column", [
    ("Renewables", "tech"), ("Renewables", "profile"), ("Storage", "kind"), ("Tariff", "price_cny_per_mwh"),
    ("DirectLines", "capacity_mw"), ("Park", "value"), ("Grid", "parameter"), ("Profiles", "electric_load_mw"),
])
def test_missing_required_column(tmp_path, sheet, column):
    path = good(tmp_path, DirectLines=[LINE])
    wb = load_workbook(path)
    ws = wb[sheet]
    ws.delete_cols([c.value for c in ws[1]].index(column) + 1)
    wb.save(path)
    assert (sheet, 1, column) in where(problems(path))


def test_column_name_with_wrong_case_is_pointed_out(tmp_path):
    p = only(problems(edit(good(tmp_path), "Renewables", "A1", "Tech")))
    assert (p.sheet, p.row, p.column) == ("Renewables", 1, "tech") and "'Tech'" in p.found


def test_duplicate_column(tmp_path):
    path = edit(good(tmp_path), "Renewables", "M1", "capex_cny_per_kw")
    p = only(problems(path))
    assert (p.sheet, p.row, p.column) == ("Renewables", 1, "capex_cny_per_kw")
    assert "column M" in p.found and "column E" in p.found


def test_required_parameter_row_missing_and_unknown_parameter(tmp_path):
    """Park rows: name (2), discount_rate (3), hours_per_year (4)."""
    err = problems(edit(good(tmp_path), "Park", "A2", "park_name"))
    assert where(err) == [("Park", 2, "parameter"), ("Park", None, "parameter")]
    assert "'park_name'" in str(err) and "no row for 'name'" in str(err)


def test_parameter_given_twice(tmp_path):
    path = edit(edit(good(tmp_path), "Park", "A5", "discount_rate"), "Park", "B5", 0.05)
    p = only(problems(path))
    assert (p.sheet, p.row, p.column) == ("Park", 5, "parameter") and "already in row 3" in p.expected


# ---- unknown ids ----

def test_unknown_line(tmp_path):
    p = only(problems(good(tmp_path, Renewables=[pv(site="L9", max_new_mw=10)], DirectLines=[LINE])))
    assert (p.sheet, p.row, p.column) == ("Renewables", 2, "site") and "'L9'" in p.found and "L1" in p.expected


def test_unknown_fuel(tmp_path):
    hs = [{"tech": "gb", "kind": "fuel_boiler", "fuel": "coal", "efficiency": 0.9, "existing_mw": 10, "max_new_mw": 0}]
    p = only(problems(good(tmp_path, HeatSupply=hs, Fuels=[GAS], profiles={"cf_pv": DAY, "heat_load_mw": [5.0] * 24})))
    assert (p.sheet, p.row, p.column) == ("HeatSupply", 2, "fuel") and "'coal'" in p.found and "gas" in p.expected


@pytest.mark.parametrize("sheet, row, column", [
    ("Renewables", 3, "profile"), ("HeatSupply", 2, "profile"), ("GreenMarket", 2, "shape")])
def test_unknown_profile_column(tmp_path, sheet, row, column):
    path = good(tmp_path, Renewables=[pv(max_new_mw=100), pv("pv2", profile="cf_missing", max_new_mw=10)],
                HeatSupply=[{"tech": "wh", "kind": "waste_heat", "profile": "cf_missing", "existing_mw": 1,
                             "max_new_mw": 0}],
                GreenMarket=[{"product": "green_power", "price_cny_per_mwh": 20, "shape": "cf_missing"}])
    err = problems(path)
    assert (sheet, row, column) in where(err) and len(err.problems) == 3
    assert all("'cf_missing'" in p.found and "cf_pv" in p.expected for p in err.problems)


def test_unknown_scenario_references(tmp_path):
    sc = [{"scenario": "s", "sheet": "Renewabels", "key": "pv", "column": "capex_cny_per_kw", "value": 1},
          {"scenario": "s", "sheet": "Renewables", "key": "pv9", "column": "capex_cny_per_kw", "value": 1},
          {"scenario": "s", "sheet": "Renewables", "key": "pv", "column": "capex", "value": 1},
          {"scenario": "s", "sheet": "Park", "key": "rate", "column": "value", "value": 1}]
    err = problems(good(tmp_path, Scenarios=sc), scenario="s")
    assert where(err) == [("Scenarios", 2, "sheet"), ("Scenarios", 3, "key"), ("Scenarios", 4, "column"),
                          ("Scenarios", 5, "key")]
    assert where(problems(good(tmp_path, name="b.xlsx", Scenarios=sc), scenario="nope")) == [("Scenarios", None, "scenario")]


# ---- duplicate and reserved ids ----

@pytest.mark.parametrize("sheet, rows, column", [
    ("Renewables", [pv(max_new_mw=1), pv(max_new_mw=2)], "tech"),
    ("Storage", [battery(), battery()], "tech"),
    ("DirectLines", [LINE, LINE], "line/option"),
    ("Tariff", [{"hour": h % 23, "price_cny_per_mwh": 500} for h in range(24)], "hour"),
    ("Targets", [{"indicator": "co2_cap_t", "value": 1e6}, {"indicator": "co2_cap_t", "value": 2e6}], "indicator"),
])
def test_duplicate_id_in_a_sheet(tmp_path, sheet, rows, column):
    err = problems(good(tmp_path, **{sheet: rows}))
    dup = [p for p in err.problems if p.column == column and "unique" in p.expected]
    assert [(p.sheet, p.row) for p in dup] == [(sheet, len(rows) + 1)]
    assert "already used in row" in dup[0].expected


def test_tech_id_in_two_sheets(tmp_path):
    """Dispatch columns are named <tech>_...: a tech id must be unique across Renewables, Storage, HeatSupply."""
    hs = [{"tech": "pv", "kind": "electric_boiler", "efficiency": 1.0, "existing_mw": 5, "max_new_mw": 0},
          {"tech": "bat", "kind": "electric_boiler", "efficiency": 1.0, "existing_mw": 5, "max_new_mw": 0}]
    err = problems(good(tmp_path, HeatSupply=hs, Storage=[battery("pv"), battery("bat")]))
    assert where(err) == [("Storage", 2, "tech"), ("HeatSupply", 2, "tech"), ("HeatSupply", 3, "tech")]
    assert "already used in Renewables row 2" in err.problems[0].expected
    assert "already used in Storage row 3" in err.problems[2].expected


@pytest.mark.parametrize("sheet, row, column, kw", [
    ("Renewables", 2, "tech", {"Renewables": [pv("grid", max_new_mw=1)]}),
    ("Storage", 2, "tech", {"Storage": [battery("Green_Power")]}),
    ("Renewables", 2, "tech", {"Renewables": [pv("hour", max_new_mw=1)]}),
    ("DirectLines", 2, "line", {"DirectLines": [{**LINE, "line": "electric_load"}]}),
    ("DirectLines", 2, "line", {"DirectLines": [{**LINE, "line": "heat_load"}]}),
])
def test_reserved_id(tmp_path, sheet, row, column, kw):
    p = only(problems(good(tmp_path, **kw)))
    assert (p.sheet, p.row, p.column) == (sheet, row, column) and "Dispatch" in p.expected


# ---- wrong types ----

@pytest.mark.parametrize("sheet, header, row, value, column", [
    ("Renewables", "capex_cny_per_kw", 2, "about 3000", "capex_cny_per_kw"),
    ("Storage", "eta_charge", 2, "九五", "eta_charge"),
    ("Tariff", "price_cny_per_mwh", 5, "#DIV/0!", "price_cny_per_mwh"),
    ("Tariff", "hour", 5, 4.5, "hour"),
    ("Grid", "value", 2, "none", "value (export_max_mw)"),
    ("Profiles", "cf_pv", 8, "n/a", "cf_pv"),
    ("Profiles", "electric_load_mw", 3, True, "electric_load_mw"),
    ("Renewables", "max_new_mw", 2, "0,95", "max_new_mw"),
    ("Renewables", "kind", 2, "solar", "kind"),
])
def test_wrong_type(tmp_path, sheet, header, row, value, column):
    p = only(problems(edit_at(good(tmp_path), sheet, header, row, value)))
    assert (p.sheet, p.row, p.column) == (sheet, row, column)
    assert repr(value) in p.found or str(value) in p.found


def test_yes_no_and_thousands_separator(tmp_path):
    """Yes/no in Chinese reads; a number written with a thousands separator is rejected with the
    way to write it (a comma is a decimal mark in some locales: never guessed)."""
    path = good(tmp_path, Targets=[{"indicator": "co2_cap_t", "value": "1000000", "enforce": "是"},
                                   {"indicator": "clean_energy_share_min", "value": 0.5, "enforce": "否"}])
    data = read_workbook(path)
    assert data.targets["co2_cap_t"].value == 1e6 and data.targets["co2_cap_t"].enforce
    assert not data.targets["clean_energy_share_min"].enforce
    p = only(problems(edit_at(path, "Targets", "enforce", 3, "maybe")))
    assert (p.sheet, p.row, p.column) == ("Targets", 3, "enforce") and p.expected == "a yes or no"
    p = only(problems(edit_at(edit_at(path, "Targets", "enforce", 3, "no"), "Targets", "value", 2, "1,000,000")))
    assert (p.sheet, p.row, p.column) == ("Targets", 2, "value") and "write 1000000" in p.expected


# ---- out of range ----

HP = {"tech": "hp", "kind": "heat_pump", "efficiency": 3.0, "existing_mw": 10, "max_new_mw": 0}


@pytest.mark.parametrize("sheet, row, column, kw", [
    ("Renewables", 2, "capex_cny_per_kw", {"Renewables": [pv(capex=-100, max_new_mw=10)]}),
    ("Storage", 2, "eta_charge", {"Storage": [battery(eta_c=1.2)]}),
    ("Storage", 2, "self_discharge_per_h", {"Storage": [battery(sd=1.5)]}),
    ("Park", 3, "value (discount_rate)", {"park": {"discount_rate": 1.0}}),
    ("Park", 3, "value (discount_rate)", {"park": {"discount_rate": -0.01}}),
    ("DirectLines", 2, "loss_fraction", {"DirectLines": [{**LINE, "loss_fraction": 1.0}]}),
    ("Fuels", 2, "price_cny_per_mwh", {"Fuels": [{**GAS, "price_cny_per_mwh": -5}]}),
    ("HeatSupply", 2, "efficiency", {"HeatSupply": [{**HP, "kind": "electric_boiler", "efficiency": 1.1}],
                                     "profiles": {"cf_pv": DAY, "heat_load_mw": [1.0] * 24}}),
    ("Targets", 2, "value", {"Targets": [{"indicator": "clean_energy_share_min", "value": 1.2}]}),
    ("Targets", 2, "value", {"Targets": [{"indicator": "co2_cap_t", "value": -1}]}),
    ("Profiles", 9, "cf_pv", {"profiles": {"cf_pv": DAY[:7] + [-0.1] + DAY[8:]}}),
    ("Profiles", 4, "electric_load_mw", {"load": [10.0, 10.0, -1.0] + [10.0] * 21}),
    ("Profiles", 2, "grid_ef_t_per_mwh", {"profiles": {"cf_pv": DAY, "grid_ef_t_per_mwh": [3.0] * 24}}),
])
def test_out_of_range(tmp_path, sheet, row, column, kw):
    p = only(problems(good(tmp_path, **kw)))
    assert (p.sheet, p.row, p.column) == (sheet, row, column)


def test_capacity_factor_above_one_counts_rows(tmp_path):
    p = only(problems(good(tmp_path, profiles={"cf_pv": [1.5] * 3 + DAY[3:]})))
    assert (p.sheet, p.row, p.column) == ("Profiles", 2, "cf_pv") and "3 such rows" in p.found


# ---- Profiles shape ----

def test_ragged_profile_column(tmp_path):
    """cf_pv stops 3 rows early: one problem at the first missing row, not one per empty cell."""
    path = good(tmp_path)
    for r in (23, 24, 25):
        edit(path, "Profiles", f"C{r}", None)
    p = only(problems(path))
    assert (p.sheet, p.row, p.column) == ("Profiles", 23, "cf_pv")
    assert "21 values" in p.found and "24 values" in p.expected


def test_longer_profile_column(tmp_path):
    """A column with a 25th value: every other column is short, and 25 rows is not whole days."""
    err = problems(edit(good(tmp_path), "Profiles", "C26", 0.0))
    assert ("Profiles", None, None) in where(err) and ("Profiles", 26, "electric_load_mw") in where(err)
    assert ("Profiles", 26, "hour") in where(err)


def test_empty_cells_in_profile(tmp_path):
    path = edit(edit(good(tmp_path), "Profiles", "B5", None), "Profiles", "C6", "")
    err = problems(path)
    assert where(err) == [("Profiles", 5, "electric_load_mw"), ("Profiles", 6, "cf_pv")]
    assert all(p.found == "an empty cell" for p in err.problems)


def test_many_bad_profile_cells_are_summarized(tmp_path):
    err = problems(good(tmp_path, profiles={"cf_pv": ["x"] * 10 + DAY[10:]}))
    assert where(err) == [("Profiles", 2, "cf_pv"), ("Profiles", 3, "cf_pv"), ("Profiles", 4, "cf_pv"),
                          ("Profiles", None, "cf_pv")]
    assert "10 non-numeric" in err.problems[-1].found


def test_rows_out_of_order(tmp_path):
    path = edit(edit(good(tmp_path), "Profiles", "A5", 5), "Profiles", "A6", 4)
    p = only(problems(path))
    assert (p.sheet, p.row, p.column) == ("Profiles", 5, "hour") and p.found == "5"


def test_profiles_without_rows(tmp_path):
    path = good(tmp_path)
    wb = load_workbook(path)
    wb["Profiles"].delete_rows(2, 24)
    wb.save(path)
    p = only(problems(path))
    assert (p.sheet, p.row, p.column) == ("Profiles", None, None) and "0 time-step rows" in p.found


def test_duplicate_profile_column(tmp_path):
    p = only(problems(edit(good(tmp_path), "Profiles", "D1", "cf_pv")))
    assert (p.sheet, p.row, p.column) == ("Profiles", 1, "cf_pv") and "column D" in p.found


# ---- inconsistent bounds ----

@pytest.mark.parametrize("sheet, column, kw", [
    ("Renewables", "min_new_mw", {"Renewables": [pv(min_new_mw=20, max_new_mw=10)]}),
    ("Renewables", "max_new_mw", {"Renewables": [pv(min_new_mw=20)]}),
    ("Renewables", "max_new_mw", {"Renewables": [pv(site="L1")], "DirectLines": [LINE]}),
    ("Storage", "e2p_min_h", {"Storage": [battery(e2p_min_h=4, e2p_max_h=2)]}),
    ("Storage", "existing_mwh", {"Storage": [battery(existing_mwh=100, e2p_max_h=4, max_new_mw=10)]}),
    ("Storage", "existing_mw", {"Storage": [battery(existing_mw=10, e2p_min_h=2, max_new_mwh=5)]}),
    ("Storage", "existing_mwh", {"Storage": [battery(existing_mwh=10, max_new_mw=0)]}),
])
def test_inconsistent_bounds(tmp_path, sheet, column, kw):
    p = only(problems(good(tmp_path, **kw)))
    assert (p.sheet, p.row, p.column) == (sheet, 2, column)


# ---- formulas without saved values ----

def test_formula_without_saved_value_in_parameter(tmp_path):
    """openpyxl writes a formula with no cached value; calamine reads it blank."""
    p = only(problems(edit(good(tmp_path), "Park", "B3", "=1+1")))
    assert (p.sheet, p.row, p.column) == ("Park", 3, "value (discount_rate)")
    assert p.found.startswith(FORMULA) and "open and save the workbook in Excel, or type the number" in p.found
    assert "=1+1" in p.found


@pytest.mark.parametrize("sheet, cell, row, column", [
    ("Renewables", "E2", 2, "capex_cny_per_kw"),     # optional: would silently become 0
    ("Renewables", "J2", 2, "max_new_mw"),           # optional: would silently become unlimited
    ("Renewables", "D2", 2, "profile"),              # required text
    ("Tariff", "C5", 5, "price_cny_per_mwh"),        # required number
    ("Profiles", "C9", 9, "cf_pv"),
    ("Profiles", "C25", 25, "cf_pv"),                # the last row: not a ragged column
    ("Profiles", "A3", 3, "hour"),
])
def test_formula_without_saved_value(tmp_path, sheet, cell, row, column):
    p = only(problems(edit(good(tmp_path), sheet, cell, "=1+1")))
    assert (p.sheet, p.row, p.column) == (sheet, row, column) and p.found.startswith(FORMULA)


def _cached_error(path, sheet_xml, cell, formula, error):
    """Rewrite one formula cell so that it holds a saved Excel error value (as Excel would save it)."""
    import zipfile
    with zipfile.ZipFile(path) as z:
        files = {n: z.read(n) for n in z.namelist()}
    xml = files[sheet_xml].decode()
    old = re.compile(f'<c r="{cell}"><f>{re.escape(formula)}</f><v ?/>|<c r="{cell}"><f>{re.escape(formula)}</f><v></v>')
    assert old.search(xml)  # an empty saved value, as openpyxl writes it (<v /> or, through lxml, <v></v>)
    files[sheet_xml] = old.sub(f'<c r="{cell}" t="e"><f>{formula}</f><v>{error}</v>', xml, count=1).encode()
    with zipfile.ZipFile(path, "w") as z:
        for n, data in files.items():
            z.writestr(n, data)
    return path


def test_excel_error_values(tmp_path):
    """calamine reads error cells as blank: a typed #N/A and a formula that saved #DIV/0! are named as such."""
    path = edit(edit(good(tmp_path), "Renewables", "E2", "#N/A"), "Tariff", "C5", "=1/0")
    wb = load_workbook(path)
    sheet_xml = f"xl/worksheets/sheet{wb.sheetnames.index('Tariff') + 1}.xml"
    err = problems(_cached_error(path, sheet_xml, "C5", "1/0", "#DIV/0!"))
    assert where(err) == [("Renewables", 2, "capex_cny_per_kw"), ("Tariff", 5, "price_cny_per_mwh")]
    assert err.problems[0].found == "the Excel error #N/A"
    assert "saved value is the Excel error #DIV/0!" in err.problems[1].found and "=1/0" in err.problems[1].found


def test_blank_required_cell_is_just_empty(tmp_path):
    p = only(problems(edit(good(tmp_path), "Tariff", "C5", None)))
    assert (p.sheet, p.row, p.column) == ("Tariff", 5, "price_cny_per_mwh") and p.found == "an empty cell"


def test_formula_check_opens_only_the_sheets_it_needs(tmp_path, monkeypatch):
    """A blank in Renewables: openpyxl looks at Renewables (and nothing at all opens Profiles)."""
    import openpyxl
    opened, real = [], openpyxl.load_workbook

    def spy(*a, **kw):
        wb = real(*a, **kw)
        assert kw.get("read_only") and kw.get("data_only") is False
        get = type(wb).__getitem__

        class Spy(type(wb)):
            def __getitem__(self, name):
                opened.append(name)
                return get(self, name)
        wb.__class__ = Spy
        return wb

    monkeypatch.setattr(openpyxl, "load_workbook", spy)
    problems(edit(good(tmp_path), "Renewables", "E2", "=1+1"))
    assert "Renewables" in opened and "Profiles" not in opened


# ---- all problems together, in sheet order ----

def test_every_problem_in_one_error_in_sheet_order(tmp_path):
    path = good(tmp_path, Renewables=[pv(max_new_mw=100), pv("pv", max_new_mw=1)], Storage=[battery("pv")])
    edit(path, "Profiles", "C10", None)
    edit(path, "Park", "B3", "=0.08")
    edit(path, "Tariff", "C3", "abc")
    err = problems(path)
    assert where(err) == [("Park", 3, "value (discount_rate)"), ("Renewables", 3, "tech"), ("Storage", 2, "tech"),
                          ("Tariff", 3, "price_cny_per_mwh"), ("Profiles", 10, "cf_pv")]
    assert "5 problems" in str(err)


# ---- Chinese names ----

def test_chinese_names_everywhere_solve(tmp_path):
    """Park name, file name, tech and line ids, a Profiles column: all Chinese, and the run solves."""
    path = park_workbook(
        tmp_path / "苏州零碳园区.xlsx", park={"name": "苏州工业园区", "province": "江苏"},
        profiles={"光伏出力": DAY},
        Renewables=[pv("屋顶光伏", profile="光伏出力", max_new_mw=100),
                    pv("远端光伏", profile="光伏出力", site="直连一号", max_new_mw=30, capex=500.0)],
        Storage=[battery("储能电站")],
        DirectLines=[{**LINE, "line": "直连一号", "option": "方案甲"}],
        Targets=[{"indicator": "clean_energy_share_min", "value": 0.2, "enforce": "是"}],
        Scenarios=[{"scenario": "高成本", "sheet": "Renewables", "key": "屋顶光伏", "column": "capex_cny_per_kw",
                    "value": 3000}])
    data = read_workbook(path)
    assert data.park["name"] == "苏州工业园区" and set(data.renewables) == {"屋顶光伏", "远端光伏"}
    assert read_workbook(path, "高成本").renewables["屋顶光伏"]["capex_cny_per_kw"] == 3000
    res = run(path, runs_dir=tmp_path / "runs", options=SolveOptions(mip_rel_gap=0))
    assert res.summary()["solver_status"] == "optimal"
    assert {"屋顶光伏_used_mw", "储能电站_charge_mw", "直连一号_sent_mw"} <= set(res.sheets["Dispatch"].columns)
    assert "屋顶光伏" in set(res.sheets["Capacity"]["tech"])
    assert res.output.exists() and "苏州零碳园区" in str(res.output)


def test_chinese_names_in_messages(tmp_path):
    path = good(tmp_path, name="园区.xlsx", Renewables=[pv("光伏", profile="光伏出力", max_new_mw=1)])
    err = problems(path)
    assert where(err) == [("Renewables", 2, "profile")] and "'光伏出力'" in str(err) and str(err).startswith("园区.xlsx")


def test_numeric_ids_match_numeric_headers(tmp_path):
    """A profile named 2023 in Renewables (a number cell) matches a Profiles header 2023 (a number too)."""
    path = good(tmp_path, Renewables=[pv(profile=2023, max_new_mw=10)])
    edit(path, "Profiles", "C1", 2023)
    assert "2023" in read_workbook(path).profiles
