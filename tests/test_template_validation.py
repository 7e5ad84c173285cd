"""The input template checks what is typed (data validation) and explains each field
(comments with units, a README example), and a workbook made from it still reads."""
import pytest
from openpyxl import load_workbook

from zcpark.workbook import schema
from zcpark.workbook.reader import read_workbook
from zcpark.workbook.template import EXAMPLE_ROWS, write_template


@pytest.fixture(scope="module")
def template(tmp_path_factory):
    path = tmp_path_factory.mktemp("tpl") / "template.xlsx"
    write_template(path)
    return path


def _validations(ws) -> dict[str, tuple]:
    """Cell range -> (type, formula1, formula2) of every data validation of a sheet."""
    return {str(dv.sqref): (dv.type, dv.formula1, dv.formula2) for dv in ws.data_validations.dataValidation}


def test_lists_for_kinds_methods_and_yes_no(template):
    wb = load_workbook(template)
    assert _validations(wb["Renewables"])["B2:B1000"] == ("list", '"pv,wind"', None)
    assert _validations(wb["Storage"])["B2:B1000"] == ("list", '"battery,thermal"', None)
    assert _validations(wb["HeatSupply"])["B2:B1000"][1] == '"heat_pump,electric_boiler,fuel_boiler,waste_heat"'
    targets = _validations(wb["Targets"])
    assert targets["A2:A1000"][1] == '"' + ",".join(schema.TARGET_INDICATORS) + '"'
    assert targets["C2:C1000"] == ("list", '"yes,no"', None)
    park = {ws_row[0].value: ws_row[0].row for ws_row in wb["Park"].iter_rows(min_row=2)}
    park_dv = _validations(wb["Park"])
    assert park_dv[f"B{park['carbon_method']}"] == ("list", '"ndrc_910,average_factor,fossil_factor,market_based"', None)
    assert park_dv[f"B{park['gec_counts_for_carbon']}"] == ("list", '"yes,no"', None)


def test_number_ranges(template):
    wb = load_workbook(template)
    storage = _validations(wb["Storage"])
    eta = "G2:G1000"  # eta_charge, 0.001 .. 1
    assert [c.value for c in wb["Storage"][1]][6] == "eta_charge"
    assert storage[eta] == ("decimal", "0.001", "1")
    assert _validations(wb["Tariff"])["A2:A1000"] == ("whole", "0", "23")
    assert _validations(wb["Profiles"])["B2:B8785"][:2] == ("decimal", "0")


def test_comments_give_units_and_readme_has_examples(template):
    wb = load_workbook(template)
    comment = wb["Renewables"]["E1"].comment.text  # capex_cny_per_kw
    assert "capex_cny_per_kw" in comment and "CNY/kW" in comment
    assert "MW" in wb["Grid"]["A2"].comment.text  # import_max_mw
    rows = [[c.value for c in r] for r in wb["README"].iter_rows()]
    header = next(r for r in rows if r[0] == "工作表 sheet")
    assert header[6] == "示例 example"
    examples = {r[1]: r[6] for r in rows if r[1] in ("kind", "capex_cny_per_kwh")}
    assert examples["capex_cny_per_kwh"] == 700
    for name, row in EXAMPLE_ROWS.items():  # every example is a field, and a valid choice
        fields = schema.PROFILE_FIXED if name == "Profiles" else schema.SHEETS_BY_NAME[name].fields
        by_name = {f.name: f for f in fields}
        assert set(row) <= set(by_name), name
        for column, value in row.items():
            if by_name[column].kind == "choice":
                assert value in by_name[column].choices


def test_a_filled_template_still_reads(template, tmp_path):
    """Validations and comments change no value: a park typed into the template reads as typed."""
    wb = load_workbook(template)
    park = {r[0].value: r[0].row for r in wb["Park"].iter_rows(min_row=2)}
    wb["Park"][f"B{park['name']}"] = "模板园区 template park"
    wb["Park"][f"B{park['hours_per_year']}"] = 24
    wb["Targets"].append(["carbon_intensity_max", 0.2, "yes"])
    wb["Renewables"].append(["pv", "pv", "onsite", "cf_pv", 100, None, None, 1, None, 50])
    for hour in range(24):
        wb["Tariff"].append([hour, "flat", 500])
    wb["Profiles"]["F1"] = "cf_pv"
    for t in range(24):
        # (the reader wants the optional Profiles columns the template lists filled, or deleted)
        wb["Profiles"].append([t + 1, 10.0, 0.0, 500.0, 0.5, 0.5 if 6 <= t < 18 else 0.0])
    filled = tmp_path / "filled.xlsx"
    wb.save(filled)
    data = read_workbook(filled)
    assert data.n_steps == 24 and data.park["name"] == "模板园区 template park"
    assert data.renewables["pv"]["max_new_mw"] == 50 and data.targets["carbon_intensity_max"].value == 0.2


def test_docs_sheet_reference_is_current():
    """docs/workbook.md's sheet reference is what the schema says (run `make docs` after a schema change)."""
    from pathlib import Path

    from zcpark.workbook.contract_doc import updated
    doc = (Path(__file__).parents[1] / "docs" / "workbook.md").read_text(encoding="utf-8")
    assert updated(doc) == doc, "docs/workbook.md is out of date: run `make docs`"


def test_parameter_values_are_blank_with_examples_in_the_note(template):
    """A blank template carries no park's figures: Park and Grid values are empty, their examples are
    in the note column (an example typed in would be read as the park's own value)."""
    wb = load_workbook(template)
    for name in ("Park", "Grid"):
        values = [row[1] for row in wb[name].iter_rows(min_row=2, values_only=True)]
        assert values and all(v is None for v in values), name
    notes = {row[0]: row[3] for row in wb["Grid"].iter_rows(min_row=2, values_only=True)}
    assert notes["import_max_mw"].endswith("(example: 300)")
