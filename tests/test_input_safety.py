"""Issue 14, the input side: no silent wrong plan from the workbook, no hang, no unsafe parse.

One test (or one parametrized family) per class of bad input:
1. missing or blank (or merged) cost and limit cells: errors, or a documented default that is listed;
2. values that are valid but implausible (a unit mistake): warnings naming the likely mistake;
   impossible ones (a share of 95, magnitudes that break the solver): errors with a hint;
3. text that looks like a number: read exactly as meant, or rejected naming the cell;
4. scenario names that would share a results folder (with the base case or with each other);
5. a stray cell below the Profiles data: named, and read in linear time;
6. files that are not what their suffix says, zip and XML bombs, a value far from the data,
   invisible characters in headers.
"""
from __future__ import annotations

import zipfile
from pathlib import Path

import pytest
from openpyxl import load_workbook

from factory import park_workbook
from handcalc import DAY, battery, pv
from zcpark import cli
from zcpark.errors import InputError
from zcpark.runner import run
from zcpark.workbook import package
from zcpark.workbook.reader import read_workbook

DATA = Path(__file__).resolve().parents[1] / "data"
LINE = {"line": "L1", "option": "a", "capacity_mw": 20, "length_km": 10, "capex_cny_per_km": 1e6}


def good(tmp_path, name="in.xlsx", **kw):
    """PV (row 2) and a battery (row 2) on 24 h; anything can be overridden."""
    kw.setdefault("profiles", {"cf_pv": DAY})
    kw.setdefault("Renewables", [pv(capex=3500.0, max_new_mw=100)])
    kw.setdefault("Storage", [battery(capex_kw=300.0, capex_kwh=800.0, max_new_mw=50)])
    return park_workbook(tmp_path / name, **kw)


def edit(path, sheet, header, row, value):
    """Set one cell addressed by its column header and Excel row (header = 1)."""
    wb = load_workbook(path)
    ws = wb[sheet]
    ws.cell(row=row, column=[c.value for c in ws[1]].index(header) + 1, value=value)
    wb.save(path)
    return path


def problems(path, scenario=None) -> InputError:
    with pytest.raises(InputError) as exc:
        read_workbook(path, scenario)
    return exc.value


def where(err):
    return [(p.sheet, p.row, p.column) for p in err.problems]


def notes(data, kind):
    return {(n.sheet, n.row, n.column): n.message for n in data.notes if n.kind == kind}


def rewrite_part(path: Path, part: str, transform) -> Path:
    """Copy an .xlsx with one part's bytes replaced by transform(bytes) (chunks are written as they come)."""
    out = path.with_name("changed_" + path.name)
    with zipfile.ZipFile(path) as src, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            data = src.read(info)
            if info.filename == part:
                with dst.open(info.filename, "w", force_zip64=True) as f:
                    for chunk in transform(data):
                        f.write(chunk)
            else:
                dst.writestr(info.filename, data)
    return out


PARK_PART = "xl/worksheets/sheet1.xml"  # factory.park_workbook writes Park first


# ---- 1. costs and limits: never silently 0 or unlimited ----

@pytest.mark.parametrize("sheet, column, rows", [
    ("Renewables", "capex_cny_per_kw", None),
    ("Renewables", "fom_cny_per_kw_yr", None),
    ("Renewables", "max_new_mw", None),
    ("Storage", "max_new_mwh", None),
    ("GreenMarket", "price_cny_per_mwh", {"GreenMarket": [{"product": "gec", "price_cny_per_mwh": 5}]}),
    ("DirectLines", "fixed_capex_cny", {"DirectLines": [LINE]}),
])
def test_missing_cost_or_limit_column_is_an_error(tmp_path, sheet, column, rows):
    """A missing column holding a cost or a limit would read as 0 or as its default on every row:
    an error at the header row naming the column, as for a required column."""
    path = good(tmp_path, **(rows or {}))
    wb = load_workbook(path)
    ws = wb[sheet]
    ws.delete_cols([c.value for c in ws[1]].index(column) + 1)
    wb.save(path)
    err = problems(path)
    assert (sheet, 1, column) in where(err)
    assert "no such column" in str(err)


def test_missing_optional_column_is_a_listed_default(tmp_path):
    """An absent column without cost or limit (lifetime_yr) takes its documented default on every
    row, listed once for the column."""
    path = good(tmp_path)
    wb = load_workbook(path)
    ws = wb["Renewables"]
    ws.delete_cols([c.value for c in ws[1]].index("lifetime_yr") + 1)
    wb.save(path)
    data = read_workbook(path)
    assert data.renewables["pv"]["lifetime_yr"] == 25.0
    assert "no such column: default 25 yr used on every row" in notes(data, "default")[("Renewables", None, "lifetime_yr")]


@pytest.mark.parametrize("rows, error_at", [
    ({"Renewables": [pv(capex=None, max_new_mw=100)]}, ("Renewables", 2, "capex_cny_per_kw")),
    ({"Renewables": [pv(capex=None)]}, ("Renewables", 2, "capex_cny_per_kw")),  # max_new_mw blank: unlimited
    ({"Storage": [battery(capex_kw=None, capex_kwh=None, max_new_mw=50)]}, ("Storage", 2, "capex_cny_per_kw")),
    ({"HeatSupply": [{"tech": "eb", "kind": "electric_boiler", "efficiency": 0.99, "max_new_mw": 10}],
      "profiles": {"cf_pv": DAY, "heat_load_mw": [1.0] * 24}}, ("HeatSupply", 2, "capex_cny_per_kw")),
    ({"DirectLines": [{**LINE, "capex_cny_per_km": None}], "Renewables": [pv(capex=3500.0, max_new_mw=100),
                                                                          pv("far", site="L1", max_new_mw=10)]},
     ("DirectLines", 2, "capex_cny_per_km")),
])
def test_blank_investment_cost_on_a_row_offering_new_capacity_is_an_error(tmp_path, rows, error_at):
    """Free plants from a blank cell: an error naming the cell, whatever else the row says."""
    err = problems(good(tmp_path, **rows))
    assert where(err) == [error_at]
    assert "an empty cell" in err.problems[0].found and "write 0" in err.problems[0].expected


def test_blank_investment_cost_where_it_cannot_matter_or_has_a_second_part(tmp_path):
    """No new capacity offered (max_new_mw 0): the blank capex is unused. A store priced per kWh only,
    a line priced as a lump sum: the blank part is 0, listed as a default."""
    path = good(tmp_path, Renewables=[pv(capex=3500.0, max_new_mw=100), pv("old", capex=None, existing_mw=5,
                                                                           max_new_mw=0)],
                Storage=[battery(capex_kw=None, capex_kwh=800.0, max_new_mw=50)],
                DirectLines=[{**LINE, "capex_cny_per_km": None, "fixed_capex_cny": 5e7}])
    data = read_workbook(path)
    assert data.renewables["old"]["capex_cny_per_kw"] == 0.0 and data.storage["bat"]["capex_cny_per_kw"] == 0.0
    assert data.lines["L1"]["a"]["capex_cny_per_km"] == 0.0
    listed = notes(data, "default")
    assert "priced by capex_cny_per_kwh" in listed[("Storage", 2, "capex_cny_per_kw")]
    assert "priced by fixed_capex_cny" in listed[("DirectLines", 2, "capex_cny_per_km")]
    assert ("Renewables", 3, "capex_cny_per_kw") not in listed


def test_merged_cost_cell_is_named(tmp_path):
    """capex merged over rows 2-3 (column E): Excel shows 3500 on both rows, the file holds it in E2
    only, so row 3 would be free. The merge is named (E2:E3), and row 3's blank capex too."""
    path = good(tmp_path, Renewables=[pv(capex=3500.0, max_new_mw=100), pv("pv2", capex=None, max_new_mw=100)])
    wb = load_workbook(path)
    wb["Renewables"].merge_cells("E2:E3")
    wb.save(path)
    err = problems(path)
    assert where(err) == [("Renewables", 2, "capex_cny_per_kw"), ("Renewables", 3, "capex_cny_per_kw")]
    assert "merged cells E2:E3" in err.problems[0].found and "unmerge" in err.problems[0].expected


def test_defaults_are_listed_in_the_warnings_sheet_and_on_the_console(tmp_path, capsys):
    """A blank fom (Renewables row 2) and Park rows left out: each default is a Note with its sheet,
    row and column, in the Warnings sheet (after Meta, the last sheet) and counted on the console."""
    path = good(tmp_path)
    data = read_workbook(path)
    listed = notes(data, "default")
    assert listed[("Renewables", 2, "fom_cny_per_kw_yr")] == "blank: default 0 CNY/kW/yr used"
    assert listed[("Park", None, "electricity_tce_per_mwh_equivalent")] == "no row for this parameter: default 0.3 tce/MWh used"
    assert listed[("Grid", None, "import_max_mw")] == "no row for this parameter: unlimited"
    res = run(path, runs_dir=tmp_path / "runs")
    sheet = res.sheets["Warnings"]
    assert list(sheet.columns) == ["sheet", "row", "column", "kind", "message", "message_zh"] and len(sheet) == len(data.notes)
    assert load_workbook(res.output, read_only=True).sheetnames[-2:] == ["Meta", "Warnings"]
    assert cli.main(["check", str(path)]) == 0
    out = capsys.readouterr().out
    assert f"{len(data.notes)} defaults applied to blank cells" in out and out.count("    - ") == 5


# ---- 2. plausibility: warnings with the likely mistake; impossible values are errors ----

@pytest.mark.parametrize("kw, at, words", [
    ({"Renewables": [pv(capex=3.2, max_new_mw=100)]}, ("Renewables", 2, "capex_cny_per_kw"),
     "3.2 CNY/kW is implausibly low for pv (typical 2,500-5,000): did you enter CNY/W"),
    ({"Storage": [battery(capex_kw=300.0, capex_kwh=0.6, max_new_mw=50)]}, ("Storage", 2, "capex_cny_per_kwh"),
     "did you enter CNY/Wh"),
    ({"load": [100_000.0] * 24}, ("Profiles", 2, "electric_load_mw"), "100,000 MW is implausibly high for "
     "electric_load_mw (its peak) (typical 10-2,000 at the peak): did you enter kW?"),
    ({"price": 0.65}, ("Tariff", 2, "price_cny_per_mwh"), "did you enter CNY/kWh"),
    ({"GreenMarket": [{"product": "green_power", "price_cny_per_mwh": 450.0}]}, ("GreenMarket", 2, "price_cny_per_mwh"),
     "the premium over the grid price"),
    ({"park": {"discount_rate": 0.5}}, ("Park", 3, "value (discount_rate)"), "implausibly high for the park"),
])
def test_implausible_values_are_warnings_naming_the_likely_mistake(tmp_path, kw, at, words):
    """Valid under the contract, so the workbook reads; the warning names the cell and the mistake."""
    data = read_workbook(good(tmp_path, **kw))
    assert words in notes(data, "plausibility")[at]


@pytest.mark.parametrize("kw, at, words", [
    ({"park": {"discount_rate": 8}}, ("Park", 3, "value (discount_rate)"), "did you mean 8 %? write 0.08"),
    ({"Storage": [battery(eta_c=95)]}, ("Storage", 2, "eta_charge"), "write 0.95"),
    ({"load": [1e12] * 24}, ("Profiles", 2, "electric_load_mw"), "break the solver"),
    ({"Renewables": [pv(capex=1e300, max_new_mw=100)]}, ("Renewables", 2, "capex_cny_per_kw"), "break the solver"),
    ({"Renewables": [pv(capex=3500.0, max_new_mw=2e9)]}, ("Renewables", 2, "max_new_mw"), "break the solver"),
    ({"Targets": [{"indicator": "clean_energy_share_min", "value": 90}]}, ("Targets", 2, "value"), "write 0.9"),
])
def test_impossible_values_are_errors_with_a_hint(tmp_path, kw, at, words):
    err = problems(good(tmp_path, **kw))
    assert where(err) == [at] and words in err.problems[0].expected


def test_example_parks_have_no_warnings():
    """The bundled examples fill every cell they use with plausible values: a warning on them would
    mean a range (or an example) is wrong."""
    for name in ("inland_park", "coastal_park", "computing_park"):
        assert read_workbook(DATA / f"{name}.xlsx").notes == [], name


# ---- 3. text that looks like a number ----

@pytest.mark.parametrize("sheet, header, row, text, expected", [
    ("Renewables", "capex_cny_per_kw", 2, "３５００", 3500.0),              # full-width digits
    ("Renewables", "capex_cny_per_kw", 2, "\u00a03500\u3000", 3500.0),   # non-breaking and ideographic spaces
    ("Renewables", "capex_cny_per_kw", 2, "3 500", 3500.0),              # digits grouped by spaces
    ("Storage", "eta_charge", 2, "95%", 0.95),                           # a share column takes percentages
    ("Targets", "value", 2, "90%", 0.9),                                 # ... and a share target
    ("Renewables", "capex_cny_per_kw", 2, "3,500", "write 3500 (or 3.500 if the comma is a decimal mark)"),
    ("Renewables", "capex_cny_per_kw", 2, "10%", "without % (this column is not a share)"),
    ("Storage", "eta_charge", 2, "0,95", "write 0.95"),
    ("Renewables", "capex_cny_per_kw", 2, "NaN", "NaN, inf and Excel errors"),
    ("Renewables", "capex_cny_per_kw", 2, "inf", "NaN, inf and Excel errors"),
    ("Renewables", "capex_cny_per_kw", 2, "#N/A", "the Excel error #N/A"),  # openpyxl saves it as an error value
    ("Profiles", "electric_load_mw", 5, "12,5", "write 12.5"),
])
def test_text_that_looks_like_a_number(tmp_path, sheet, header, row, text, expected):
    """Read exactly as a person means it, or rejected naming the cell and how to write it."""
    kw = {"Targets": [{"indicator": "clean_energy_share_min", "value": 0.5}]} if sheet == "Targets" else {}
    path = edit(good(tmp_path, **kw), sheet, header, row, text)
    if isinstance(expected, float):
        data = read_workbook(path)
        value = {"Renewables": lambda: data.renewables["pv"][header], "Storage": lambda: data.storage["bat"][header],
                 "Targets": lambda: data.targets["clean_energy_share_min"].value}[sheet]()
        assert value == pytest.approx(expected, rel=1e-15)
    else:
        err = problems(path)
        assert where(err) == [(sheet, row, header)]
        assert expected in err.problems[0].found + "; " + err.problems[0].expected


# ---- 4. scenario names ----

def test_scenario_names_that_share_a_folder_are_errors(tmp_path):
    """'Base' is the base case's folder (on Windows and macOS case does not tell folders apart);
    'A_B' takes the folder of 'A B' (row 3). Rows 2 and 4 are named; row 3 and row 5 ('A B' again,
    one scenario over two rows) are fine."""
    rows = [{"scenario": s, "sheet": "Renewables", "key": "pv", "column": "capex_cny_per_kw", "value": 3000}
            for s in ("Base", "A B", "A_B", "A B")]
    err = problems(good(tmp_path, Scenarios=rows))
    assert where(err) == [("Scenarios", 2, "scenario"), ("Scenarios", 4, "scenario")]
    assert "'A B' (row 3) already writes to runs/<park>/A_B/" in err.problems[1].expected


# ---- 5. a stray cell below the Profiles data ----

def test_stray_cell_below_profiles_is_named(tmp_path):
    """A 'total' two rows below the 24 steps (row 27, after the empty row 26): named, and the steps
    are still 24 (no 'not whole days' or ragged-column noise)."""
    path = edit(good(tmp_path), "Profiles", "electric_load_mw", 27, "total")
    err = problems(path)
    assert where(err) == [("Profiles", 27, "electric_load_mw")]
    assert "'total' below the data (after the empty row 26)" in err.problems[0].found


def test_blank_text_far_below_profiles_is_not_data(tmp_path):
    """A space 100,000 rows below the data is blank, not a stray value: the horizon stays 24 steps.
    (The reader is linear in the rows it reads; the quadratic trim it replaces took 25 s on this
    case. Timings are measured outside the tests, see the CHANGELOG.)"""
    path = edit(good(tmp_path), "Profiles", "electric_load_mw", 100_026, " ")
    assert read_workbook(path).n_steps == 24


# ---- 6. files and packages ----

def test_file_type_is_told_by_its_bytes(tmp_path):
    """Not a byte-level error: what the file is, and what to do."""
    xlsx = good(tmp_path)
    renamed = tmp_path / "park.xls"
    renamed.write_bytes(xlsx.read_bytes())
    assert "rename it to park.xlsx" in str(problems(renamed))
    legacy = tmp_path / "old.xlsx"
    legacy.write_bytes(package.OLE2_MAGIC + b"\0" * 504)
    assert "save it as .xlsx" in str(problems(legacy))
    text = tmp_path / "notes.xlsx"
    text.write_text("hour,load\n1,10\n")
    assert "not an Excel workbook" in str(problems(text))
    archive = tmp_path / "archive.xlsx"
    with zipfile.ZipFile(archive, "w") as z:
        z.writestr("readme.txt", "hello")
    assert "a zip archive that is not an Excel workbook" in str(problems(archive))


def test_zip_and_xml_bombs_are_rejected_before_any_parser(tmp_path, monkeypatch):
    """A 20 MB park name that zips to 20 kB (ratio about 1000 to 1), and an entity declaration
    (the 'billion laughs'): rejected by the package check, calamine never opened."""
    base = good(tmp_path)

    def huge_name(data):
        head, tail = data.split(b"test park", 1)
        yield head
        for _ in range(20):
            yield b"a" * 2**20
        yield tail

    def laughs(data):
        entities = b"".join(b'<!ENTITY l%d "%s">' % (i, b"&l%d;" % (i - 1) * 10 if i else b"lol") for i in range(9))
        yield b'<?xml version="1.0"?><!DOCTYPE w [' + entities + b"]>" + data.split(b"?>", 1)[-1]

    def never(*args, **kwargs):
        raise AssertionError("calamine opened a workbook the package check should have rejected")

    monkeypatch.setattr("python_calamine.CalamineWorkbook.from_path", never)
    bomb = rewrite_part(base, PARK_PART, huge_name)
    assert "compressed" in str(problems(bomb)) and "zip bomb" in str(problems(bomb))
    entity = rewrite_part(base, PARK_PART, laughs)
    assert "a DOCTYPE" in str(problems(entity))


def test_value_far_from_the_data_is_named_not_allocated(tmp_path):
    """One value in XFD1048576 would make calamine allocate 17 billion cells (the process aborts):
    the package check names the cell instead. A formatted empty cell there is harmless and reads."""
    path = good(tmp_path)
    wb = load_workbook(path)
    wb["Profiles"]["XFD1048576"] = "note"
    wb.save(path)
    with pytest.raises(InputError) as err:
        package.check_package(path, ("Profiles",))
    assert where(err.value) == [("Profiles", 1048576, "XFD")] and "XFD1048576" in str(err.value)
    assert where(problems(path)) == [("Profiles", 1048576, "XFD")]
    wb["Profiles"]["XFD1048576"] = None
    wb["Profiles"]["XFD1048576"].number_format = "0.00"
    wb.save(path)
    assert read_workbook(path).n_steps == 24


@pytest.mark.parametrize("cell, valued", [
    ('<c r="XFD1048576" s="1"/>', False),             # Excel's formatted empty cell
    ('<c r="XFD1048576" s="1" t="n"></c>', False),    # the same as openpyxl writes it through lxml
    ('<x:c r="XFD1048576" s="1"></x:c>', False),      # prefixed
    ('<c r="XFD1048576" t="n"><v>1</v></c>', True),
    ('<c r="XFD1048576" t="inlineStr"><is><t>note</t></is></c>', True),
])
def test_an_empty_cell_is_no_value_however_it_is_written(tmp_path, cell, valued):
    """valued_extent (the package check's cell-by-cell count) reaches XFD1048576 only when it holds a value."""
    path = tmp_path / "sheet.zip"
    with zipfile.ZipFile(path, "w") as z:
        z.writestr("sheet1.xml", f'<worksheet><sheetData><row r="1"><c r="A1"><v>1</v></c></row>'
                                 f'<row r="1048576">{cell}</row></sheetData></worksheet>')
    with zipfile.ZipFile(path) as z:
        extent = package.valued_extent(z, z.getinfo("sheet1.xml"))
    assert (extent.max_row, extent.max_col) == ((1048576, 16384) if valued else (1, 1))


def test_invisible_character_in_a_header_is_shown_and_matched(tmp_path):
    """A zero-width space in capex's header, a BOM after unit_mw's: each message shows the character
    (\\u200b, \\ufeff) and the column it resembles. A Profiles column with a non-breaking space is
    shown the same way where Renewables names it."""
    path = good(tmp_path)
    path = edit(path, "Renewables", "capex_cny_per_kw", 1, "capex\u200b_cny_per_kw")
    path = edit(path, "Renewables", "unit_mw", 1, "unit_mw\ufeff")
    path = edit(path, "Profiles", "cf_pv", 1, "cf\u00a0pv")
    err = problems(path)
    text = str(err)
    assert ("Renewables", 1, "capex_cny_per_kw") in where(err)
    assert "capex\\u200b_cny_per_kw" in text and "retype it as 'capex_cny_per_kw'" in text
    assert "unit_mw\\ufeff" in text and "the column name 'unit_mw' exactly" in text
    err = problems(edit(edit(path, "Renewables", "capex\u200b_cny_per_kw", 1, "capex_cny_per_kw"),
                        "Renewables", "unit_mw\ufeff", 1, "unit_mw"))
    assert where(err) == [("Renewables", 2, "profile")] and "'cf\\u00a0pv'" in err.problems[0].expected
