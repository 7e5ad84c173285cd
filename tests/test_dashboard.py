"""The Dashboard sheet and the charts of results.xlsx, checked in the written workbook."""
import numpy as np
import pytest
from openpyxl import load_workbook

from client_park import solve_client_park
from zcpark.results import balance as report
from zcpark.results import labels as story
from zcpark.results.verdict import verdict as judge


@pytest.fixture(scope="module")
def solved(tmp_path_factory):
    res = solve_client_park(tmp_path_factory.mktemp("dash"))
    return res, load_workbook(res.output)


def _rows(ws):
    return [[c.value for c in row] for row in ws.iter_rows()]


def _title(chart) -> str:
    return "".join(run.t for p in chart.title.tx.rich.p for run in (p.r or []))


def _series(chart) -> list:
    """Every series of a chart, including those of a combined (bar + line) chart."""
    parts = getattr(chart, "_charts", None) or [chart]
    return [s for part in parts for s in part.series]


def _category_ref(series) -> str:
    return (series.cat.numRef or series.cat.strRef).f


def _cells(wb, ref: str) -> list:
    """Values of a one-column range such as 'MonthlyBalance'!$B$2:$B$13."""
    sheet, cells = ref.rsplit("!", 1)
    top, bottom = cells.replace("$", "").split(":")
    return [row[0].value for row in wb[sheet.strip("'")][f"{top}:{bottom}"]]


def _charts(wb) -> dict:
    return {_title(c).split(" ")[0]: c for c in wb["Dashboard"]._charts}


def test_sheet_order_and_derived_sheets(solved):
    res, wb = solved
    assert wb.sheetnames[0] == "Dashboard"
    assert wb.sheetnames.index("MonthlyBalance") < wb.sheetnames.index("Dispatch")
    monthly = res.sheets["MonthlyBalance"]
    assert monthly["month"].tolist() == [1, 7]  # a 2-day horizon: January and July
    sources = sum(monthly[f"{s}_mwh"] for s in report.BALANCE_SOURCES)
    uses = sum(monthly[f"{u}_mwh"] for u in report.BALANCE_USES)
    assert np.allclose(sources, uses)  # the balance closes every month
    summary = res.summary()
    assert (monthly["green_power_mwh"] + monthly["grid_mwh"]).sum() == pytest.approx(summary["grid_import_mwh_per_yr"])
    weeks = res.sheets["TypicalWeeks"]
    assert weeks.groupby("week").size().to_dict() == {"summer": 24, "winter": 24}
    assert weeks[weeks["week"] == "summer"]["hour"].tolist() == list(range(25, 49))


def test_dashboard_shows_the_summary_values(solved):
    """Every key figure on the Dashboard is exactly the Summary's value, found by its indicator id."""
    res, wb = solved
    summary = {r[0]: r[1] for r in _rows(wb["Summary"])[1:]}
    shown = {r[4]: r[2] for r in _rows(wb["Dashboard"]) if len(r) > 4 and r[4] in story.KEY_FIGURES}
    expected = [k for k in story.KEY_FIGURES if summary.get(k) is not None]
    assert set(shown) == set(expected) and "total_cost_cny_per_yr" in shown and "carbon_intensity_t_per_tce" in shown
    for indicator in expected:
        assert shown[indicator] == summary[indicator], indicator
    headline = judge(res.sheets["Summary"], res.sheets["Acceptance"]).headline()
    assert wb["Dashboard"]["A2"].value == headline and "hourly_matching_min" in headline


def test_acceptance_is_coloured_pass_fail(solved):
    _, wb = solved
    fills = {}
    for row in wb["Dashboard"].iter_rows():
        if len(row) > 6 and row[1].value in ("carbon_intensity_max", "hourly_matching_min"):
            fills[row[1].value] = (row[6].value, row[6].fill.fgColor.rgb[-6:])
    assert fills["carbon_intensity_max"] == ("通过 pass", "C6EFCE")
    assert fills["hourly_matching_min"] == ("未通过 FAIL", "FFC7CE")


def test_capacity_and_cost_charts_reference_dashboard_tables(solved):
    res, wb = solved
    charts = _charts(wb)
    capacity = {s.tx.v: s for s in _series(charts["装机容量"])}
    mw = res.sheets["Capacity"][res.sheets["Capacity"]["unit"] == "MW"]
    line_mw = res.sheets["Lines"]["capacity_mw"].tolist()  # the built line follows the technologies
    assert _cells(wb, capacity["现有 existing"].val.numRef.f) == [*mw["existing"].tolist(), 0.0]
    assert _cells(wb, capacity["新建 new"].val.numRef.f) == pytest.approx([*mw["new"].tolist(), *line_mw])
    assert _cells(wb, _category_ref(capacity["新建 new"]))[:len(mw)] == mw["tech"].tolist()
    (cost,) = _series(charts["成本构成"])
    written = [r for r in _rows(wb["Costs"])[1:] if r[0] != "total" and abs(r[1]) >= 1]  # as written, bit for bit
    assert _cells(wb, cost.val.numRef.f) == [r[1] for r in written]
    assert _cells(wb, _category_ref(cost)) == [f"{story.COST_LABELS[r[0]]} {r[0]}" for r in written]


def _column(ref: str) -> str:
    """The column letter of a one-column range reference."""
    return ref.split("!")[1].split("$")[1]


def test_balance_and_week_charts_reference_their_sheets(solved):
    """Each series reads the column of its own source, over every month / over its week's rows."""
    res, wb = solved
    charts = _charts(wb)
    monthly = res.sheets["MonthlyBalance"]
    for series in _series(charts["月度电量平衡"]):
        ref = series.val.numRef.f
        name = wb["MonthlyBalance"][f"{_column(ref)}1"].value
        assert series.tx.v == story.bilingual(*story.SOURCE_LABELS[name.removesuffix("_mwh")])
        assert monthly[name].abs().sum() > 0  # only sources that carry energy are drawn
        assert _cells(wb, ref) == pytest.approx(monthly[name].tolist())
    titles = {s.tx.v for s in _series(charts["月度电量平衡"])}
    assert {"园区光伏 on-site PV", "绿电直连 direct line", "园区用电 park demand"} <= titles
    weeks = res.sheets["TypicalWeeks"]
    for zh, season in (("夏季典型周", "summer"), ("冬季典型周", "winter")):
        week = weeks[weeks["week"] == season]
        for series in _series(charts[zh]):
            name = wb["TypicalWeeks"][f"{_column(series.val.numRef.f)}1"].value
            assert _cells(wb, series.val.numRef.f) == pytest.approx(week[name].tolist())


def test_matching_heat_map_is_conditional_formatting(solved):
    res, wb = solved
    n = len(res.sheets["MatchingMonthHour"])
    ranges = {str(cf.sqref): [r.type for r in cf.rules] for cf in wb["MatchingMonthHour"].conditional_formatting}
    assert ranges == {f"B2:Y{n + 1}": ["colorScale"]}
    assert wb["MatchingMonthHour"]["B2"].number_format == "0%"
    dashboard = [[r.type for r in cf.rules] for cf in wb["Dashboard"].conditional_formatting]
    assert dashboard == [["colorScale"]]


def test_dashboard_says_which_method_decides_acceptance(solved):
    """Row 3: acceptance is decided under ndrc_910; this park enforces fossil_factor, so it points to
    the pass_ndrc_910 column. The Acceptance table ends with the rule each row follows."""
    _, wb = solved
    note = wb["Dashboard"]["A3"].value
    assert "ndrc_910" in note and "green-washing" in note and "enforced under fossil_factor" in note
    rules = {row[1].value: row[12].value for row in wb["Dashboard"].iter_rows()
             if len(row) > 12 and row[1].value in ("carbon_intensity_max", "hourly_matching_min")}
    assert rules == {"carbon_intensity_max": "910号附件3 核心指标 / 附件4", "hourly_matching_min": "park target"}
