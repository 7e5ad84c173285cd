"""A small park that exercises every part of the client outputs (dashboard, report):
48 steps (day 1 falls in January, day 2 in July), on-site PV, remote wind behind a direct
line, a battery and capped green power, with a carbon target it meets (under fossil_factor) and an
hourly-matching target it only reports and misses (so the verdict has passes, fails and a miss)."""
from factory import park_workbook
from zcpark.runner import run

HOURS = 48
DAY_PV = [0] * 7 + [0.2, 0.4, 0.6, 0.7, 0.8, 0.8, 0.7, 0.6, 0.4, 0.2] + [0] * 7


def solve_client_park(folder):
    """Solve the park into folder/runs; returns the RunResult (its .output is results.xlsx)."""
    wb = park_workbook(
        folder / "client.xlsx", hours=HOURS,
        park={"name": "客户园区 client park"},
        load=[10.0 + (4.0 if 8 <= t % 24 < 20 else 0.0) for t in range(HOURS)],
        profiles={"cf_pv": DAY_PV * 2, "cf_wind": [0.3, 0.5] * (HOURS // 2)},
        price=[300.0] * 8 + [800.0] * 12 + [500.0] * 4,
        Renewables=[{"tech": "pv", "kind": "pv", "profile": "cf_pv", "capex_cny_per_kw": 0.3, "lifetime_yr": 1,
                     "max_new_mw": 6, "existing_mw": 2},
                    {"tech": "wind", "kind": "wind", "site": "L1", "profile": "cf_wind", "capex_cny_per_kw": 0.4,
                     "lifetime_yr": 1, "max_new_mw": 10}],
        DirectLines=[{"line": "L1", "option": "a", "capacity_mw": 8, "length_km": 10, "capex_cny_per_km": 1000,
                      "fixed_capex_cny": 1000, "loss_fraction": 0.02, "lifetime_yr": 1}],
        Storage=[{"tech": "bat", "kind": "battery", "capex_cny_per_kwh": 0.2, "lifetime_yr": 1, "e2p_max_h": 4}],
        GreenMarket=[{"product": "green_power", "price_cny_per_mwh": 20, "max_mwh_per_yr": 400}],
        Targets=[{"indicator": "carbon_intensity_max", "value": 0.2, "enforce": "yes"},
                 {"indicator": "hourly_matching_min", "value": 0.95, "enforce": "no"}],
    )
    return run(wb, runs_dir=folder / "runs")
