"""Reader and validation: bad workbooks raise InputError naming sheet, Excel row and column,
with every problem collected in one error."""
import pytest
from openpyxl import load_workbook

from factory import park_workbook
from handcalc import DAY, battery, pv
from zcpark.errors import InputError
from zcpark.workbook.reader import read_workbook


def _good(tmp_path, **kw):
    kw.setdefault("profiles", {"cf_pv": DAY})
    kw.setdefault("Renewables", [pv(max_new_mw=100)])
    kw.setdefault("Storage", [battery()])
    return park_workbook(tmp_path / "in.xlsx", **kw)


def _edit(path, sheet, header, excel_row, value):
    """Set one cell, addressed by its column header and Excel row (header = row 1)."""
    wb = load_workbook(path)
    ws = wb[sheet]
    col = [c.value for c in ws[1]].index(header) + 1
    ws.cell(row=excel_row, column=col, value=value)
    wb.save(path)
    return path


def _problems(path):
    with pytest.raises(InputError) as exc:
        read_workbook(path)
    return [(p.sheet, p.row, p.column) for p in exc.value.problems], exc.value


def test_good_workbook_reads(tmp_path):
    """Control: the base workbook used below is valid."""
    data = read_workbook(_good(tmp_path))
    assert data.n_steps == 24 and "pv" in data.renewables and "bat" in data.storage


def test_empty_optional_profile_column_is_absent(tmp_path):
    """The template lists heat_load_mw and price_cny_per_mwh; left empty, they count as not given
    (no heat load, the Tariff's prices), while a half-filled column is still an error."""
    path = _good(tmp_path, profiles={"cf_pv": DAY, "heat_load_mw": [None] * 24, "price_cny_per_mwh": [None] * 24})
    data = read_workbook(path)
    assert "heat_load_mw" not in data.profiles and not data.heat_load.any()
    assert "price_cny_per_mwh" not in data.profiles
    half = _good(tmp_path, profiles={"cf_pv": DAY, "heat_load_mw": [1.0] * 12 + [None] * 12})
    assert ("Profiles", 14, "heat_load_mw") in _problems(half)[0]


def test_text_in_number_cell(tmp_path):
    path = _edit(_good(tmp_path), "Renewables", "capex_cny_per_kw", 2, "about 3000")
    where, err = _problems(path)
    assert where == [("Renewables", 2, "capex_cny_per_kw")]
    assert "'about 3000'" in str(err) and "Renewables row 2, column capex_cny_per_kw" in str(err)


def test_text_in_park_parameter(tmp_path):
    """Park rows: name (2), discount_rate (3), hours_per_year (4)."""
    path = _edit(_good(tmp_path), "Park", "value", 3, "eight percent")
    where, err = _problems(path)
    assert len(where) == 1 and where[0][:2] == ("Park", 3) and "discount_rate" in where[0][2]
    assert "'eight percent'" in str(err)


def test_park_parameter_problem_names_value_column(tmp_path):
    path = _edit(_good(tmp_path), "Park", "value", 3, "eight percent")
    where, _ = _problems(path)
    assert where[0][2].startswith("value")


def test_text_in_profiles_cell(tmp_path):
    path = _edit(_good(tmp_path), "Profiles", "electric_load_mw", 11, "n/a")
    where, _ = _problems(path)
    assert where == [("Profiles", 11, "electric_load_mw")]


def test_unknown_profile_column(tmp_path):
    path = _good(tmp_path, Renewables=[pv(profile="cf_solar", max_new_mw=100)])
    where, err = _problems(path)
    assert where == [("Renewables", 2, "profile")]
    assert "cf_solar" in str(err)


def test_missing_sheet(tmp_path):
    path = _good(tmp_path)
    wb = load_workbook(path)
    del wb["Grid"]
    wb.save(path)
    where, err = _problems(path)
    assert where == [("Grid", None, None)]
    assert "no such sheet" in str(err)


def test_capacity_factor_above_one(tmp_path):
    """Profiles row k + 1 holds step k: 1.2 written at Excel row 13 (hour 12)."""
    path = _edit(_good(tmp_path), "Profiles", "cf_pv", 13, 1.2)
    where, err = _problems(path)
    assert where == [("Profiles", 13, "cf_pv")]
    assert "1.2" in str(err)


def test_profile_length_not_whole_days(tmp_path):
    path = _good(tmp_path, hours=25, profiles={"cf_pv": DAY + [0.0]})
    where, err = _problems(path)
    assert where == [("Profiles", None, None)]
    assert "25 time-step rows" in str(err)


@pytest.mark.parametrize("sheet, rows, column", [
    ("Renewables", {"Renewables": [pv(min_new_mw=20, max_new_mw=10)]}, "min_new_mw"),
    ("Storage", {"Storage": [battery(e2p_min_h=4, e2p_max_h=2)]}, "e2p_min_h"),
])
def test_min_greater_than_max(tmp_path, sheet, rows, column):
    where, _ = _problems(_good(tmp_path, **rows))
    assert where == [(sheet, 2, column)]


def test_all_problems_collected(tmp_path):
    """Two independent errors in one workbook: both reported in one InputError, in one message."""
    path = _edit(_good(tmp_path), "Renewables", "capex_cny_per_kw", 2, "abc")
    path = _edit(path, "Profiles", "cf_pv", 13, 1.5)
    where, err = _problems(path)
    assert set(where) == {("Renewables", 2, "capex_cny_per_kw"), ("Profiles", 13, "cf_pv")}
    assert "2 problems" in str(err)


def test_problems_across_sheets_and_rows(tmp_path):
    """Errors on the second data row (Excel row 3) of one table plus a missing sheet."""
    path = _good(tmp_path, Renewables=[pv(max_new_mw=100), pv("pv2", profile="nope", max_new_mw=100)],
                 Storage=[battery(), battery("bat2", eta_c=1.5)])
    wb = load_workbook(path)
    del wb["Tariff"]
    wb.save(path)
    where, _ = _problems(path)
    assert {("Renewables", 3, "profile"), ("Storage", 3, "eta_charge"), ("Tariff", None, None)} <= set(where)
    assert {s for s, _, _ in where} == {"Renewables", "Storage", "Tariff"}


def test_zero_cop_in_profile_is_an_input_error(tmp_path):
    """A COP of 0 (Excel row 2 = step 1) is not a usable COP: it should be reported like any other bad
    cell, naming Profiles, row 2, column cop."""
    path = park_workbook(tmp_path / "in.xlsx", load=[0.0] * 24,
                         profiles={"heat_load_mw": [10.0] * 24, "cop": [0.0] + [4.0] * 23},
                         HeatSupply=[{"tech": "hp", "kind": "heat_pump", "profile": "cop", "existing_mw": 10,
                                      "max_new_mw": 0},
                                     {"tech": "eb", "kind": "electric_boiler", "efficiency": 1.0, "existing_mw": 10,
                                      "max_new_mw": 0}])
    where, _ = _problems(path)
    assert ("Profiles", 2, "cop") in where
