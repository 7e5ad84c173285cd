"""Accounting and acceptance: offsets, base-year reductions, energy-class thresholds, the
accounting-choice warning and the month x hour matching table, each computed by hand."""
import pytest

from factory import park_workbook
from handcalc import DAY, approx, solve, summary
from zcpark.cli import main

FOSSIL, TCE = 0.8273, 0.1229


def test_offsets_count_for_net_zero_only(tmp_path):
    """Grid only, 10 MW x 24 h = 240 MWh: CO2 = 240 x 0.8273 = 198.552 t, tce = 29.496.
    net_co2_max_t = 0 forces buying 198.552 t of offsets at 50 CNY/t = 9,927.6 CNY on top of
    240 x 500 = 120,000 CNY of energy. The intensity stays 198.552 / 29.496 = 6.7315: offsets
    never enter it."""
    res = solve(tmp_path, Targets=[{"indicator": "net_co2_max_t", "value": 0, "enforce": "yes"}],
                Offsets=[{"offset": "ccer", "kind": "ccer", "price_cny_per_t": 50, "max_t_per_yr": 1000}])
    co2 = 240 * FOSSIL
    assert summary(res, "offsets_t_per_yr") == approx(co2)
    assert summary(res, "net_co2_t_per_yr") == approx(0.0, abs=1e-6)
    assert summary(res, "total_cost_cny_per_yr") == approx(120_000 + 50 * co2)
    assert summary(res, "carbon_intensity_t_per_tce") == approx(co2 / (240 * TCE))
    acc = res.sheets["Acceptance"].set_index("indicator")
    assert bool(acc.loc["net_co2_max_t", "pass"]) is True


def test_absolute_reduction_against_base_year(tmp_path):
    """Base year 2020 at 500 tCO2: the grid-only plan emits 198.552 t, a cut of 301.448 t (60.29 %)."""
    res = solve(tmp_path, park={"base_year": 2020, "base_year_co2_t": 500})
    assert summary(res, "absolute_reduction_t_per_yr") == approx(500 - 240 * FOSSIL)
    assert summary(res, "absolute_reduction_share") == approx((500 - 240 * FOSSIL) / 500)


@pytest.mark.parametrize("load_mw, expected", [(1000.0, 0.3), (100.0, 0.2)])
def test_blank_intensity_target_takes_the_energy_class_threshold(tmp_path, load_mw, expected):
    """24 rows for a year (w = 365): 1000 MW -> 8.76 TWh x 0.1229 = 1.077 Mtce >= 1 Mtce -> 0.3;
    100 MW -> 0.108 Mtce -> 0.2 (发改环资〔2025〕910号)."""
    res = solve(tmp_path, load=[load_mw] * 24, park={"hours_per_year": 8760},
                GreenMarket=[{"product": "green_power", "price_cny_per_mwh": 1}],
                Targets=[{"indicator": "carbon_intensity_max", "enforce": "yes"}])
    assert summary(res, "carbon_intensity_limit") == expected
    assert summary(res, "carbon_intensity_t_per_tce") == approx(expected)


def test_plan_passing_only_by_accounting_choice_is_flagged(tmp_path, capsys):
    """Green power at 1 CNY/MWh re-labels imports under fossil_factor, so intensity 0.2 is met
    with no plant at all; under average_factor the same imports count at 0.5306 -> 4.317 tCO2/tce,
    a fail. Acceptance: pass, robust False, a warning; Summary gets a warning row; the CLI warns."""
    kw = dict(GreenMarket=[{"product": "green_power", "price_cny_per_mwh": 1}],
              Targets=[{"indicator": "carbon_intensity_max", "value": 0.2, "enforce": "yes"}])
    res = solve(tmp_path, **kw)
    acc = res.sheets["Acceptance"].set_index("indicator").loc["carbon_intensity_max"]
    assert bool(acc["pass"]) and not bool(acc["robust"]) and bool(acc["pass_fossil_factor"])
    assert acc["pass_average_factor"] is False or not bool(acc["pass_average_factor"])
    assert "fails under average_factor" in acc["warning"]
    carbon = res.sheets["Carbon"].set_index("method")
    assert carbon.loc["average_factor", "intensity_t_per_tce"] == approx(0.5306 / TCE)
    assert "carbon_intensity_max" in summary(res, "warning")
    wb = park_workbook(tmp_path / "cli.xlsx", **kw)
    assert main(["run", str(wb), "--runs-dir", str(tmp_path / "cli")]) == 0
    out = capsys.readouterr().out
    assert "warning: passes only under the enforced method" in out
    # which result counts: ndrc_910 decides acceptance (its own result, whatever method was enforced)
    ndrc_910 = "passes" if bool(acc["pass_ndrc_910"]) else "fails"
    assert f"acceptance is decided under ndrc_910 (910号 Annex 4), which this plan {ndrc_910};" in out


def test_month_hour_matching_table(tmp_path):
    """48 steps = 2 days spread over the year: day 0 in January, day 1 (day 182) in July.
    PV of 20 MW at cf 0.5 in hours 6..17 (10 MW) against a 10 MW load, nothing stored: matched
    share is 1 in those hours and 0 at night, in both months."""
    res = solve(tmp_path, hours=48, profiles={"cf": DAY * 2}, grid={"export_max_mw": 0},
                Renewables=[{"tech": "pv", "kind": "pv", "profile": "cf", "existing_mw": 20, "max_new_mw": 0}])
    table = res.sheets["MatchingMonthHour"].set_index("month")
    assert list(table.index) == [1, 7]
    assert table.loc[1, "h06"] == approx(1.0) and table.loc[7, "h17"] == approx(1.0)
    assert table.loc[1, "h03"] == approx(0.0) and table.loc[7, "h23"] == approx(0.0)
    assert summary(res, "hourly_matching_share") == approx(0.5)
