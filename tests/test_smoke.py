"""End-to-end on a one-day park: read -> solve -> write, with every invariant."""
from factory import park_workbook
from invariants import check_invariants
from zcpark.runner import run


def test_one_day_pv_battery_market(tmp_path):
    """PV + battery + green market on a 24 h park: the pipeline runs and every invariant holds."""
    wb = park_workbook(
        tmp_path / "p.xlsx",
        profiles={"cf_pv": [0] * 6 + [0.5] * 12 + [0] * 6},
        Renewables=[{"tech": "pv", "kind": "pv", "profile": "cf_pv", "capex_cny_per_kw": 100, "lifetime_yr": 1,
                     "max_new_mw": 100}],
        Storage=[{"tech": "bat", "kind": "battery", "capex_cny_per_kwh": 10, "lifetime_yr": 1}],
        GreenMarket=[{"product": "green_power", "price_cny_per_mwh": 5}, {"product": "gec", "price_cny_per_mwh": 1}],
        Targets=[{"indicator": "carbon_intensity_max", "value": 0.2, "enforce": "yes"}],
    )
    res = run(wb, runs_dir=tmp_path / "runs")
    assert res.output.exists()
    check_invariants(res)
