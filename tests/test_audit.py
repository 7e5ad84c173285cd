"""zcpark audit (issue 17): metered data in, the planning model's indicators out."""
from __future__ import annotations

import datetime as dt

import numpy as np
import pandas as pd
import pytest

from handcalc import DAY, approx, battery, pv, solve
from zcpark.audit.metered import read_metered
from zcpark.audit.run import audit_folder, run_audit
from zcpark.audit.template import write_metered, write_metered_template
from zcpark.cli import main
from zcpark.errors import InputError

START = dt.datetime(2025, 3, 1)
HOURS = [START + dt.timedelta(hours=h) for h in range(48)]
PV_48 = [5.0 if 8 <= t.hour < 16 else 0.0 for t in HOURS]   # 8 h x 5 MW a day: 80 MWh in 48 h
METERS = [{"meter": "load", "role": "site_load", "unit": "mwh"}, {"meter": "pv", "role": "pv_generation", "unit": "mwh"},
          {"meter": "grid", "role": "grid_import", "unit": "mwh"}]
TARGETS = [{"indicator": "carbon_intensity_max", "value": 2.0, "enforce": "yes"}]


def metered_48(path, *, timestamps=None, readings=None, instruments=None, meters=None, park=None):
    """48 hours: load 10 MW, PV 5 MW from 08:00 to 16:00, the rest from the grid; hours_per_year
    = 48, so the period is the year (weight 1 per hour) and annual figures are its totals."""
    readings = readings or {"load": [10.0] * 48, "pv": PV_48, "grid": [10.0 - p for p in PV_48]}
    return write_metered(path, park={"name": "audited park", "carbon_method": "ndrc_910", "hours_per_year": 48,
                                     **(park or {})},
                         grid={}, meters=meters or METERS, timestamps=timestamps or HOURS, readings=readings,
                         tables={"Targets": TARGETS}, instruments=instruments or [])


def summary(result) -> dict:
    s = result.sheets["Summary"]
    return dict(zip(s["indicator"], s["value"]))


def test_48_hour_park_hand_checked(tmp_path):
    """Load 480 MWh, PV 80 MWh, grid 400 MWh; green power GP-1 100 MWh of 2025 counts; GEC-9
    claimed twice and GP-OLD (vintage 2024) do not (and a GEC would not count under ndrc_910).
    ndrc_910: CO2 = (400 - 100) x 0.8325 = 249.75 t; energy = 480 x 0.300 = 144 tce;
    intensity = 249.75 / 144 = 1.734375 tCO2/tce (limit 2.0: pass);
    clean share = (480 - 300 unlabelled imports) x 0.3 / 144 = 54 / 144 = 0.375."""
    path = metered_48(tmp_path / "park.xlsx", instruments=[
        {"instrument_id": "GP-1", "kind": "green_power", "amount": 100.0, "vintage_year": 2025},
        {"instrument_id": "GEC-9", "kind": "gec", "amount": 50.0, "vintage_year": 2025},
        {"instrument_id": "GEC-9", "kind": "gec", "amount": 50.0, "vintage_year": 2025},
        {"instrument_id": "GP-OLD", "kind": "green_power", "amount": 70.0, "vintage_year": 2024}])
    result = run_audit(path, runs_dir=tmp_path / "runs")
    s = summary(result)
    assert s["co2_t_per_yr"] == approx(249.75)
    assert s["energy_tce_per_yr"] == approx(144.0)
    assert s["carbon_intensity_t_per_tce"] == approx(1.734375)
    assert s["clean_energy_share"] == approx(0.375)
    assert s["green_power_mwh_per_yr"] == approx(100.0) and s["gec_mwh_per_yr"] == approx(0.0)
    assert result.audit.verdict.level in ("pass", "fragile")
    counted = result.sheets["Instruments"].set_index("instrument_id")["counted"]
    assert counted["GP-1"] and not counted["GEC-9"].any() and not counted["GP-OLD"]
    quality = result.sheets["Quality"]
    assert quality["meter"].str.contains("GEC-9").sum() == 2 and quality["issue"].str.contains("vintage 2024").any()
    folder = audit_folder(path, tmp_path / "runs")
    assert (folder / "audit.xlsx").is_file() and (folder / "disclosure.html").is_file()
    assert pd.ExcelFile(folder / "audit.xlsx").sheet_names[:2] == ["Summary", "Acceptance"]


def test_15_minute_average_power_equals_hourly(tmp_path):
    """The same 48 hours as 15-minute average-power readings (MW, four per hour) give the hourly
    audit's Summary exactly: MWh per hour = sum of 4 x MW x 0.25 h."""
    hourly = run_audit(metered_48(tmp_path / "hourly.xlsx"), runs_dir=tmp_path / "runs")
    quarters = [START + dt.timedelta(minutes=15 * i) for i in range(48 * 4)]
    mw = {"load": [10.0] * 192, "pv": [PV_48[i // 4] for i in range(192)],
          "grid": [10.0 - PV_48[i // 4] for i in range(192)]}
    meters = [dict(m, unit="mw") for m in METERS]
    fine = run_audit(metered_48(tmp_path / "quarter.xlsx", timestamps=quarters, readings=mw, meters=meters),
                     runs_dir=tmp_path / "runs")
    a, b = summary(hourly), summary(fine)
    assert b["reading_interval"] == 15 and a["reading_interval"] == 60
    for key, value in a.items():
        if key in ("reading_interval",) or not isinstance(value, float):
            continue
        assert b[key] == approx(value, abs=1e-9) or (np.isnan(value) and np.isnan(b[key])), key


def test_each_quality_defect_named_with_interval_and_meter(tmp_path):
    """Hour 02:00 of day 1 duplicated (rows 4 and 5), 02:00 of day 2 missing, row 10 before row 9,
    a negative PV reading at 12:00, a blank grid reading at 20:00 (the site balance of 13:00 is off:
    load 10 vs PV 5 + grid 2)."""
    ts = list(HOURS)
    readings = {"load": [10.0] * 48, "pv": list(PV_48), "grid": [10.0 - p for p in PV_48]}
    readings["pv"][12] = -3.0
    readings["grid"][12] = 13.0
    readings["grid"][13] = 2.0
    readings["grid"][20] = None
    ts.insert(3, ts[2])                                  # duplicate 02:00 (Readings rows 4 and 5)
    for m in readings:
        readings[m].insert(3, readings[m][2])
    ts[8], ts[9] = ts[9], ts[8]                           # rows 10 and 11 swapped
    drop = ts.index(START + dt.timedelta(hours=26))       # day 2, 02:00 missing
    del ts[drop]
    for m in readings:
        del readings[m][drop]
    result = run_audit(metered_48(tmp_path / "bad.xlsx", timestamps=ts, readings=readings), runs_dir=tmp_path / "r")
    q = result.sheets["Quality"]

    def row(text):
        hit = q[q["issue"].str.contains(text, regex=False)]
        assert len(hit), f"no issue {text!r} in\n{q.to_string()}"
        return hit.iloc[0]
    dup = row("duplicate timestamp")
    assert dup["interval"] == "2025-03-01 02:00" and "rows 4 and 5" in dup["issue"] and "daylight" in dup["issue"]
    missing = row("missing interval")
    assert missing["interval"] == "2025-03-02 02:00" and "daylight" in missing["issue"]
    assert row("out of order")["interval"] == "2025-03-01 07:00"
    neg = row("negative reading")
    assert (neg["interval"], neg["meter"]) == ("2025-03-01 12:00", "pv") and "-3 MWh" in neg["effect"]
    blank = row("blank reading")
    assert (blank["interval"], blank["meter"]) == ("2025-03-01 20:00", "grid") and "(Readings row 23)" in blank["issue"]
    bal = row("supply 7.000 MWh vs use 10.000 MWh")
    assert bal["interval"] == "2025-03-01 13:00"
    gap = row("without a complete set")
    assert gap["interval"] == "2 missing hours" and "with the missing hours at every meter's min" in gap["effect"]
    assert summary(result)["missing_hours"] == 2


@pytest.mark.parametrize("method", ["linear", "profile"])
def test_fill_only_when_asked_and_marked(tmp_path, method):
    """A blank load reading at 05:00 (hour 6 of 48): not filled, the hour counts no load (480 - 10
    = 470 MWh); --fill linear puts 10 back (between 10 and 10), --fill profile too (the load at
    05:00 on the other day), and the hour is marked filled."""
    readings = {"load": [10.0] * 48, "pv": PV_48, "grid": [10.0 - p for p in PV_48]}
    readings["load"][5] = None
    path = metered_48(tmp_path / "gap.xlsx", readings=readings)
    raw = run_audit(path, runs_dir=tmp_path / "a")
    filled = run_audit(path, fill=method, runs_dir=tmp_path / "b")
    assert summary(raw)["electricity_mwh_per_yr"] == approx(470.0)
    assert summary(filled)["electricity_mwh_per_yr"] == approx(480.0)
    hourly = filled.sheets["Hourly"]
    assert list(hourly.index[hourly["filled"]]) == [5] and not raw.sheets["Hourly"]["filled"].any()
    assert hourly.loc[5, "load"] == approx(10.0) and hourly.loc[5, "electric_load_mw"] == approx(10.0)


def _plan_as_metered(res, tmp_path):
    """A solved plan's Dispatch written as meter readings: site load = electric load + heat
    electricity, each on-site plant's used output, grid import/export, battery charge/discharge,
    each boiler's fuel, each line's delivery and plant generation; the plan's green power and
    certificates as one instrument each."""
    d, data = res.sheets["Dispatch"], res.data
    readings, meters = {}, []

    def meter(name, role, values, **extra):
        readings[name] = [float(v) for v in values]
        meters.append({"meter": name, "role": role, "unit": "mwh", **extra})
    heat_elec = sum((d[f"{h}_elec_mw"] for h, r in data.heat_supply.items() if r["kind"] in ("heat_pump",
                                                                                               "electric_boiler")), 0.0)
    meter("load", "site_load", d["electric_load_mw"] + heat_elec)
    for r in data.onsite_plants():
        meter(r, "pv_generation", d[f"{r}_used_mw"])
    for line in data.lines:
        meter(line, "direct_line_delivery", d[f"{line}_delivered_mw"])
    for r in data.direct_plants():
        meter(r, "direct_generation", d[f"{r}_available_mw"])
    meter("import", "grid_import", d["grid_import_mw"])
    meter("export", "grid_export", d["grid_export_mw"])
    for s in data.batteries():
        meter(f"{s}_in", "storage_charge", d[f"{s}_charge_mw"])
        meter(f"{s}_out", "storage_discharge", d[f"{s}_discharge_mw"])
    for h, r in data.heat_supply.items():
        if r["kind"] == "fuel_boiler":
            meter(h, "fuel_use", d[f"{h}_fuel_mw"], fuel=r["fuel"])
    meter("heat", "heat_load", d["heat_load_mw"])
    s = res.summary()
    park = {k: v for k, v in data.park.items() if v is not None and k != "typical_days"}
    grid = {k: v for k, v in data.grid.items() if v is not None}
    fuels = [{k: v for k, v in row.items() if k != "_row"} for row in data.fuels.values()]
    targets = [{"indicator": k, "value": t.value, "enforce": "yes" if t.enforce else "no"}
               for k, t in data.targets.items()]
    hours = [dt.datetime(2025, 1, 1) + dt.timedelta(hours=h) for h in range(len(d))]
    return write_metered(tmp_path / "plan_metered.xlsx", park=park, grid=grid, meters=meters, timestamps=hours,
                         readings=readings, tables={"Targets": targets, "Fuels": fuels},
                         instruments=[{"instrument_id": "GP", "kind": "green_power", "vintage_year": 2025,
                                       "amount": float(s["green_power_mwh_per_yr"])},
                                      {"instrument_id": "GEC", "kind": "gec", "vintage_year": 2025,
                                       "amount": float(s["gec_mwh_per_yr"])}])


def test_plan_dispatch_audited_reproduces_plan_indicators(tmp_path):
    """The strongest check of one definition: a plan (PV, battery, gas boiler for heat, green power,
    certificates that count for carbon)
    fed back as meter readings gives the same Carbon table under every method, the same Acceptance
    (achieved, pass per method, robust) and the same Summary figures; --plan finds no difference."""
    res = solve(tmp_path, hours=24, load=[10.0] * 24, profiles={"cf_pv": DAY, "heat_load_mw": [2.0] * 24},
                park={"carbon_method": "ndrc_910", "gec_counts_for_carbon": "yes"},
                Renewables=[pv(max_new_mw=30)], Storage=[battery(max_new_mw=10, max_new_mwh=40)],
                HeatSupply=[{"tech": "gasb", "kind": "fuel_boiler", "fuel": "gas", "efficiency": 0.9,
                             "existing_mw": 5, "capex_cny_per_kw": 1, "lifetime_yr": 10}],
                Fuels=[{"fuel": "gas", "price_cny_per_mwh": 250, "tce_per_mwh": 0.1229, "co2_t_per_mwh": 0.2,
                        "clean": "yes"}],
                GreenMarket=[{"product": "green_power", "price_cny_per_mwh": 30, "max_mwh_per_yr": 40},
                             {"product": "gec", "price_cny_per_mwh": 20, "max_mwh_per_yr": 30}],
                Targets=[{"indicator": "carbon_intensity_max", "value": 1.5, "enforce": "yes"}])
    assert res.summary()["gec_mwh_per_yr"] > 0 and res.summary()["green_power_mwh_per_yr"] > 0
    path = _plan_as_metered(res, tmp_path)
    results_xlsx = res.output
    audit = run_audit(path, plan=results_xlsx, runs_dir=tmp_path / "audit_runs")
    numeric = ["scope1_t", "scope2_t", "co2_t", "net_co2_t", "energy_tce", "intensity_t_per_tce", "clean_energy_share"]
    plan_c, got_c = res.sheets["Carbon"].set_index("method"), audit.sheets["Carbon"].set_index("method")
    assert np.allclose(got_c[numeric].to_numpy(float), plan_c[numeric].to_numpy(float), rtol=1e-9, atol=1e-9)
    plan_a, got_a = res.sheets["Acceptance"].set_index("indicator"), audit.sheets["Acceptance"].set_index("indicator")
    assert list(got_a.index) == list(plan_a.index)
    for ind in plan_a.index:
        assert got_a.loc[ind, "achieved"] == approx(plan_a.loc[ind, "achieved"]) or np.isnan(plan_a.loc[ind, "achieved"])
        for c in ("pass", "pass_ndrc_910", "pass_fossil_factor", "robust"):
            assert got_a.loc[ind, c] == plan_a.loc[ind, c], (ind, c)
    plan_s = res.summary()
    for key, value in summary(audit).items():
        if key in plan_s and isinstance(value, float) and not (np.isnan(value) and np.isnan(plan_s[key])):
            assert value == approx(plan_s[key]), key
    compared = audit.sheets["PlanVsMetered"]
    summary_rows = compared[compared["section"] == "summary"]
    assert len(summary_rows) > 10 and np.allclose(summary_rows["difference"].astype(float).dropna(), 0.0, atol=1e-6)
    assert not compared["moved_verdict"].fillna(False).astype(bool).any()
    page = (audit_folder(path, tmp_path / "audit_runs") / "disclosure.html").read_text(encoding="utf-8")
    assert "规划与实测 Plan vs metered" in page and "验收清单 Acceptance checklist" in page


@pytest.mark.parametrize("change, where", [
    ({"meters": [dict(METERS[0], role="site_lod"), *METERS[1:]]}, "Meters row 2, column role"),
    ({"meters": [dict(METERS[0], unit=None), *METERS[1:]]}, "Meters row 2, column unit"),
    ({"timestamps": ["yesterday", *HOURS[1:]]}, "Readings row 2, column timestamp"),
    ({"readings": {"load": [10.0] * 48, "pv": PV_48, "grid": [10.0 - p for p in PV_48], "spare": [0.0] * 48}},
     "Readings row 1, column spare: found a column not listed in Meters"),
    ({"readings": {"load": ["n/a"] * 48, "pv": PV_48, "grid": [10.0 - p for p in PV_48]}},
     "Readings, column load: found 48 cells that are not numbers in all"),
])
def test_bad_input_exit_2_names_cell_and_writes_nothing(tmp_path, capsys, change, where):
    path = metered_48(tmp_path / "bad.xlsx", **change)
    with pytest.raises(InputError) as raised:
        read_metered(path)
    for problem in raised.value.problems:  # every problem reads in Chinese too (issue 19)
        assert problem.expected_zh, problem
    assert main(["audit", str(path), "--runs-dir", str(tmp_path / "runs")]) == 2
    assert where in capsys.readouterr().err
    assert not (tmp_path / "runs").exists()


def test_plan_that_is_not_a_results_workbook(tmp_path, capsys):
    path = metered_48(tmp_path / "park.xlsx")
    other = metered_48(tmp_path / "other.xlsx")
    assert main(["audit", str(path), "--plan", str(other), "--runs-dir", str(tmp_path / "runs")]) == 2
    assert "a results.xlsx written by `zcpark run`" in capsys.readouterr().err
    assert not (tmp_path / "runs" / "park" / "audit" / "audit.xlsx").exists()


def test_template_audits_as_written(tmp_path):
    """The template's example (load 10 MW, PV peaking at 8 MW at noon) audits with no quality issue."""
    path = write_metered_template(tmp_path / "template_metered.xlsx")
    assert main(["audit", str(path), "--runs-dir", str(tmp_path / "runs")]) == 0
    result = run_audit(path, runs_dir=tmp_path / "runs")
    assert len(result.sheets["Quality"]) == 0 and summary(result)["metered_hours"] == 48
    page = (audit_folder(path, tmp_path / "runs") / "disclosure.html").read_text(encoding="utf-8")
    assert "<link" not in page and "src=\"http" not in page and "<script" not in page  # self-contained


def test_missing_hour_bounded_on_intensity(tmp_path):
    """The grid reading of 00:00 on day 1 is blank (load 10, PV 0 then). ndrc_910, energy =
    480 x 0.3 = 144 tce whatever the grid meter says. Not filled, the hour counts no import:
    390 x 0.8325 / 144 = 2.2547; valued at the grid meter's min over the other hours (5 MWh):
    395 x 0.8325 / 144 = 2.2836; at its max (10): 400 x 0.8325 / 144 = 2.3125. The effect:
    at most ±(2.3125 - 2.2547) = ±0.0578 (10 x 0.8325 / 144), and the hour's balance is off."""
    readings = {"load": [10.0] * 48, "pv": PV_48, "grid": [10.0 - p for p in PV_48]}
    readings["grid"][0] = None
    result = run_audit(metered_48(tmp_path / "gap.xlsx", readings=readings), runs_dir=tmp_path / "r")
    assert summary(result)["carbon_intensity_t_per_tce"] == approx(390 * 0.8325 / 144)
    q = result.sheets["Quality"]
    gap = q[q["interval"] == "1 missing hours"].iloc[0]
    assert gap["meter"] == "grid"
    assert "2.2547 to 2.3125 tCO2/tce (±0.0578)" in gap["effect"]
    assert (q["meter"] == "(site balance)").sum() == 1


def test_month_by_month_trajectory(tmp_path):
    """24 hours on 31 January (no PV: 240 MWh from the grid) then 24 on 1 February (PV 40 MWh,
    grid 200). ndrc_910, energy 240 x 0.3 = 72 tce a day. January: 240 x 0.8325 / 72 = 2.775;
    February alone: 200 x 0.8325 / 72 = 2.3125; year to date at February: 440 x 0.8325 / 144 = 2.54375
    (each part annualised by 48 / its hours: intensities do not change)."""
    hours = [dt.datetime(2025, 1, 31) + dt.timedelta(hours=h) for h in range(48)]
    pv_ = [0.0] * 24 + PV_48[24:]
    result = run_audit(metered_48(tmp_path / "months.xlsx", timestamps=hours, readings={
        "load": [10.0] * 48, "pv": pv_, "grid": [10.0 - p for p in pv_]}), runs_dir=tmp_path / "r")
    m = result.sheets["Monthly"].set_index(["month", "scope"])["intensity_t_per_tce"]
    assert m[("2025-01", "month")] == approx(2.775) and m[("2025-01", "year_to_date")] == approx(2.775)
    assert m[("2025-02", "month")] == approx(2.3125) and m[("2025-02", "year_to_date")] == approx(2.54375)
    assert summary(result)["carbon_intensity_t_per_tce"] == approx(2.54375)


def test_plan_vs_metered_names_what_moved_the_verdict(tmp_path):
    """A plan that met the intensity limit (2.0) while the metered period reaches 2.3125 (400 MWh
    imported x 0.8325 / 144 tce): the comparison shows both figures and marks the target as moving
    the verdict."""
    metered = run_audit(metered_48(tmp_path / "park.xlsx"), runs_dir=tmp_path / "r")
    summary_sheet = metered.sheets["Summary"].copy()
    summary_sheet.loc[summary_sheet["indicator"] == "carbon_intensity_t_per_tce", "value"] = 1.9
    acceptance = metered.sheets["Acceptance"].copy()
    acceptance.loc[acceptance["indicator"] == "carbon_intensity_max", "pass"] = True
    plan = tmp_path / "results.xlsx"
    with pd.ExcelWriter(plan) as xl:
        summary_sheet.to_excel(xl, sheet_name="Summary", index=False)
        acceptance.to_excel(xl, sheet_name="Acceptance", index=False)
    compared = run_audit(tmp_path / "park.xlsx", plan=plan, runs_dir=tmp_path / "r").sheets["PlanVsMetered"]
    row = compared.set_index(["section", "indicator"])
    assert row.loc[("summary", "carbon_intensity_t_per_tce"), "planned"] == approx(1.9)
    assert row.loc[("summary", "carbon_intensity_t_per_tce"), "metered"] == approx(2.3125)
    assert row.loc[("target", "carbon_intensity_max"), "moved_verdict"] is True
    assert compared["moved_verdict"].fillna(False).astype(bool).sum() == 1


def test_plan_with_direct_line_audited_reproduces_650_ratios(tmp_path):
    """A plan with remote wind on a lossy direct line (delivered = 0.9 x sent) and exports allowed:
    its line delivery and plant generation as meters give the plan's 650号 ratios (self-use,
    consumption share, feed-in), direct supply share and every method's intensity. With 10 % line
    losses delivered = 0.9 x generated and the plan exports nothing, so self-use = 0.9 (the
    delivery meter alone as the denominator would say 1.0)."""
    from test_lines import CF, option, wind
    res = solve(tmp_path, profiles=CF, Renewables=[wind()], grid={"export_max_mw": 5},
                DirectLines=[option("a", 20, 3_000, 100_000, fom=0.01, loss=0.1)])
    audit = run_audit(_plan_as_metered(res, tmp_path), runs_dir=tmp_path / "audit_runs")
    plan_a, got_a = res.sheets["Acceptance"].set_index("indicator"), audit.sheets["Acceptance"].set_index("indicator")
    for ind in ("direct_self_use_min", "direct_consumption_share_min", "direct_feed_in_max", "direct_supply_share_min",
                "carbon_intensity_max"):
        assert got_a.loc[ind, "achieved"] == approx(plan_a.loc[ind, "achieved"]), ind
        assert got_a.loc[ind, "pass"] == plan_a.loc[ind, "pass"], ind
    assert got_a.loc["direct_self_use_min", "achieved"] == approx(0.9)
    plan_c, got_c = res.sheets["Carbon"].set_index("method"), audit.sheets["Carbon"].set_index("method")
    assert np.allclose(got_c["intensity_t_per_tce"].astype(float), plan_c["intensity_t_per_tce"].astype(float))


def test_short_period_annualised_against_annual_instruments(tmp_path):
    """The same 48 hours with Park hours_per_year 8760 (a blank cell's default): each hour weighs
    8760 / 48 = 182.5. Imports 400 x 182.5 = 73,000 MWh/yr, less the 100 MWh/yr green power
    held: 72,900 x 0.8325 = 60,689.25 tCO2/yr; energy 480 x 182.5 x 0.3 = 26,280 tce/yr;
    intensity 60,689.25 / 26,280 = 2.309332 (the green power is an annual amount, not 100 MWh a
    48-hour period)."""
    path = metered_48(tmp_path / "short.xlsx", park={"hours_per_year": None}, instruments=[
        {"instrument_id": "GP-1", "kind": "green_power", "amount": 100.0, "vintage_year": 2025}])
    s = summary(run_audit(path, runs_dir=tmp_path / "r"))
    assert s["annualisation"] == approx(182.5)
    assert s["co2_t_per_yr"] == approx(60_689.25) and s["energy_tce_per_yr"] == approx(26_280.0)
    assert s["carbon_intensity_t_per_tce"] == approx(60_689.25 / 26_280)
