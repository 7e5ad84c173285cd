"""Charts and sheets that add up (issue 19): green power in MonthlyBalance equals the Summary's,
storage charging is a use, the matching heat map stays in [0, 1], numbers are readable."""
import numpy as np
import pandas as pd
from openpyxl import load_workbook

from handcalc import DAY, approx, battery, pv, solve, summary
from zcpark.results import balance
from zcpark.results import labels as story
from zcpark.workbook.writer import FRACTION_FORMAT, NOISE_FORMAT, THOUSANDS, write_results

EF_ONE = {"emission_factor_average": 1.0, "emission_factor_fossil": 1.0, "emission_factor_residual": 1.0}


def test_green_power_in_the_balance_equals_the_summary(tmp_path):
    """Existing PV 20 MW (cf 0.5 in hours 6..17: 10 MW, the whole day load) and a flat 10 MW load:
    imports are 10 MW in the 12 night hours only (120 MWh). co2_cap_t 60 with every factor 1:
    60 MWh of imports must be re-labelled; green power (30 CNY/MWh) is contracted on the PV shape,
    so the contract asks for 5 MW in each day hour, when nothing is imported.
    Hourly matching counts min(contract, import) = 0 in every hour: share = 120 (PV) / 240 = 0.5.
    The balance shows the 60 MWh re-labelling the night imports: 60 / 120 = half of each night
    hour's 10 MW, 5 MW green and 5 MW grid (it used to show 0 green against the Summary's 60)."""
    res = solve(tmp_path, grid=EF_ONE, profiles={"cf_pv": DAY},
                Renewables=[pv(existing_mw=20, max_new_mw=0)],
                Targets=[{"indicator": "co2_cap_t", "value": 60, "enforce": "yes"}],
                GreenMarket=[{"product": "green_power", "price_cny_per_mwh": 30, "shape": "cf_pv"}])
    assert summary(res, "green_power_mwh_per_yr") == approx(60.0)
    monthly = res.sheets["MonthlyBalance"]
    assert monthly["green_power_mwh"].sum() == approx(60.0)
    assert monthly["grid_mwh"].sum() == approx(60.0)
    night = np.array(DAY) == 0
    flows = balance.balance_by_source(res.data, res.solution.columns)
    assert flows["green_power"][night] == approx([5.0] * 12)
    assert flows["green_power"][~night] == approx([0.0] * 12)
    assert summary(res, "hourly_matching_share") == approx(0.5)


def test_storage_charging_is_a_use_and_the_heat_map_stays_in_0_1(tmp_path):
    """No renewables; tariff 100 CNY/MWh at night (hours 0-5, 18-23), 500 by day; a lossless battery
    (100 CNY/MW/yr, 100 CNY/MWh/yr) arbitrages: it charges 10 MW at night (120 MWh) from the grid and
    carries the whole 10 MW day load (P 10 MW, E 120 MWh; 13,100 CNY/yr against 48,000 saved).
    Balance: sources = grid 240 + discharge 120 = 360 = load 240 + charging 120 = `use`.
    Matching (accounting): night matched = min(10, -10) = -10 (the grid-charged debit), day +10:
    annual share (-120 + 120) / 240 = 0. The heat map shows max(matched, 0) / demand: 0 at night,
    1 by day: in [0, 1], never -100 %."""
    price = [100.0] * 6 + [500.0] * 12 + [100.0] * 6
    res = solve(tmp_path, price=price, Storage=[battery(capex_kw=1.0, capex_kwh=1.0)])
    monthly = res.sheets["MonthlyBalance"]
    sources = sum(monthly[f"{s}_mwh"] for s in balance.BALANCE_SOURCES)
    assert sources.sum() == approx(360.0)
    assert monthly["use_mwh"].sum() == approx(360.0)
    assert monthly["storage_charge_mwh"].sum() == approx(120.0)
    assert monthly["demand_mwh"].sum() == approx(240.0)
    weeks = res.sheets["TypicalWeeks"]
    assert np.allclose(sum(weeks[f"{s}_mw"] for s in balance.BALANCE_SOURCES), weeks["use_mw"])
    heat = res.sheets["MatchingMonthHour"].drop(columns="month").to_numpy(dtype=float)
    assert np.nanmin(heat) == approx(0.0) and np.nanmax(heat) == approx(1.0)
    assert summary(res, "hourly_matching_share") == approx(0.0)


def test_number_formats_and_widths(tmp_path):
    """Numbers of 1000 or more get thousands separators, solver noise shows as 0 (the value is kept),
    fractions in a mixed column at most six decimals, small numbers of a float column stay General;
    a column is as wide as its longest text."""
    unit = "CNY/yr (today - plan annual cost, after annualised capex)"
    frame = pd.DataFrame({"indicator": ["a", "b", "c"], "value": [43_800_000.0, 0.4215, "text"], "unit": [unit, "", ""]})
    noise = pd.DataFrame({"limit": [0.5, -1.35e-09, 2500.0]})
    path = write_results(tmp_path / "x.xlsx", {"Summary": frame, "Frontier": noise})
    wb = load_workbook(path)
    ws = wb["Summary"]
    assert ws["B2"].number_format == THOUSANDS and ws["B2"].value == 43_800_000.0
    assert ws["B3"].number_format == FRACTION_FORMAT and ws["B3"].value == 0.4215  # six decimals at most
    assert ws.column_dimensions["C"].width >= len(unit)
    fr = wb["Frontier"]
    assert fr["A3"].number_format == NOISE_FORMAT and fr["A3"].value == -1.35e-09
    assert fr["A4"].number_format == THOUSANDS and fr["A2"].number_format == "General"


def test_money_in_wan_or_yi_yuan():
    """Key figures show CNY in 万元 (value / 1e4) below 1 亿元 and in 亿元 (value / 1e8) above;
    MWh in 万kWh (value / 10). The value itself stays the Summary's; the Excel formats escape the
    point (LibreOffice shows "0!.0," as "4000!.0", checked by rendering)."""
    summary_frame = pd.DataFrame({"indicator": ["total_investment_cny", "total_cost_cny_per_yr", "electricity_mwh_per_yr"],
                                  "value": [40_000_000.0, 250_000_000.0, 97_978.0], "unit": ["", "", ""]})
    figures = story.key_figures(summary_frame).set_index("indicator")
    assert figures.loc["total_investment_cny", "unit"] == "万元"
    assert story.show(40_000_000.0, figures.loc["total_investment_cny", "fmt"]) == "4,000.0"
    assert figures.loc["total_cost_cny_per_yr", "unit"].startswith("亿元")
    assert story.show(250_000_000.0, figures.loc["total_cost_cny_per_yr", "fmt"]) == "2.50"
    assert figures.loc["total_investment_cny", "value"] == 40_000_000.0
    assert story.show(97_978.0, figures.loc["electricity_mwh_per_yr", "fmt"]) == "9,797.8"
    assert figures.loc["electricity_mwh_per_yr", "unit"].startswith("万kWh")
    assert story.FORMATS["wan"][0] == "0\\.0," and story.FORMATS["yi"][0] == "0\\.00,,"
