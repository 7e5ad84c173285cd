"""Hand-checked storage: E/P bounds, efficiencies and self-discharge in the cyclic SOC
equation, time-of-use arbitrage and demand-charge peak shaving.

Common park: 24 steps, w = 1, discount 0, flat 10 MW load. Battery costs (handcalc.battery
defaults): capex 1 CNY/kW and 1 CNY/kWh over 10 yr = 100 CNY/MW/yr and 100 CNY/MWh/yr.
Step t is hour of day t, so tariff lists are indexed by t.
"""
import pytest

from handcalc import approx, battery, cap, col, cost, solve, summary, total


def _price(base, **special):
    p = [float(base)] * 24
    for h, v in special.items():
        p[int(h[1:])] = float(v)
    return p


@pytest.mark.parametrize("bounds, price, p_mw, e_mwh, expected_total", [
    # One peak hour (20) at 1000, else 200. Shifting 10 MWh saves 800 x 10 = 8,000.
    # No E/P bound: P 10, E 10 -> battery 2,000; grid 23x10x200 + 10x200 = 48,000 -> 50,000.
    ({}, _price(200, h20=1000), 10.0, 10.0, 50_000),
    # e2p_min_h 4: E >= 4P -> P 10, E 40 (net gain per MW still 800 - 100 - 400 > 0)
    # -> battery 1,000 + 4,000 = 5,000; total 53,000.
    ({"e2p_min_h": 4}, _price(200, h20=1000), 10.0, 40.0, 53_000),
    # Three peak hours (18-20) at 1000: 30 MWh to shift. No bound: P 10, E 30 -> 4,000;
    # grid 21x10x200 + 30x200 = 48,000 -> 52,000.
    ({}, _price(200, h18=1000, h19=1000, h20=1000), 10.0, 30.0, 52_000),
    # e2p_max_h 1: E <= P -> shifting x MWh needs P = E = x, cost 200x + 200x < 1000x -> x = 30:
    # P 30, E 30 -> battery 6,000; total 54,000.
    ({"e2p_max_h": 1}, _price(200, h18=1000, h19=1000, h20=1000), 30.0, 30.0, 54_000),
])
def test_energy_to_power_bounds(tmp_path, bounds, price, p_mw, e_mwh, expected_total):
    """Lossless battery arbitrage under E/P bounds; see the parameter comments."""
    res = solve(tmp_path, price=price, Storage=[battery(**bounds)])
    assert cap(res, "bat", "MW") == approx(p_mw)
    assert cap(res, "bat", "MWh") == approx(e_mwh)
    assert total(res) == approx(expected_total)


def test_efficiencies_and_self_discharge_in_soc(tmp_path):
    """eta_charge 0.9, eta_discharge 0.8, self-discharge 0.1/h. Price 600 except hour 19 (200)
    and hour 20 (1000). The battery charges in hour 19 only and serves hour 20's 10 MW.

    soc[19] = 0.9 c;  soc[20] = 0.9 soc[19] - 10 / 0.8 = 0   ->  c = 12.5 / 0.81 = 15.432099 MWh
    soc[19] = 13.888889 MWh = E;  P = max(c, 10) = 15.432099 MW.
    Worth it: per MWh delivered 200/0.648 + 100/0.648 + 100 x 0.9/0.648 = 601.85 < 1000.
    (Charging earlier at 600 or serving a 600-hour after 20 does not pay.)
    Storage capex = 100 x 15.432099 + 100 x 13.888889 = 2,932.0988
    Grid = 22 x 10 x 600 + (10 + 15.432099) x 200 = 132,000 + 5,086.4198 = 137,086.4198
    Total = 140,018.5185; electricity use = 240 + 15.432099 - 10 = 245.432099 MWh.
    """
    res = solve(tmp_path, price=_price(600, h19=200, h20=1000),
                Storage=[battery(eta_c=0.9, eta_d=0.8, sd=0.1)])
    c = 12.5 / 0.81
    assert cap(res, "bat", "MW") == approx(c)
    assert cap(res, "bat", "MWh") == approx(0.9 * c)
    soc, ch, dis = col(res, "bat_soc_mwh"), col(res, "bat_charge_mw"), col(res, "bat_discharge_mw")
    assert ch[19] == approx(c) and ch.sum() == approx(c)
    assert dis[20] == approx(10.0) and dis.sum() == approx(10.0)
    assert soc[19] == approx(0.9 * c) and soc[20] == approx(0.0) and soc.sum() == approx(0.9 * c)
    assert cost(res, "capex_storage") == approx(100 * c + 100 * 0.9 * c)
    assert cost(res, "grid_energy") == approx(132_000 + (10 + c) * 200)
    assert total(res) == approx(132_000 + (10 + c) * 200 + 100 * c + 90 * c)
    assert summary(res, "electricity_mwh_per_yr") == approx(240 + c - 10)


@pytest.mark.parametrize("valley, built", [(200, True), (800, False)])
def test_time_of_use_arbitrage(tmp_path, valley, built):
    """Valley price in hours 0-11, 1000 in hours 12-23; eta 0.9 each way (round trip 0.81).

    valley 200: per MWh delivered at peak: 200/0.81 = 246.91 energy + 100/0.9 = 111.11 energy
    capacity + 100/9.72 = 10.29 power capacity = 368.3 < 1000 -> shift the whole peak, 120 MWh:
      charge 120/0.81 = 148.148 MWh over 12 h -> P = 12.345679 MW; E = 0.9 x 148.148 = 133.333 MWh
      grid = 120 x 200 + 148.148 x 200 = 53,629.63; battery = 1,234.57 + 13,333.33
      total = 68,197.53 vs 144,000 without -> arbitrage value 75,802.47 CNY/yr.
    valley 800: 800/0.81 = 987.65 + 121.4 > 1000 -> no battery; total 120 x 800 + 120 x 1000 = 216,000.
    """
    price = [float(valley)] * 12 + [1000.0] * 12
    res = solve(tmp_path, price=price, Storage=[battery(eta_c=0.9, eta_d=0.9)])
    if built:
        charge = 120 / 0.81
        assert cap(res, "bat", "MW") == approx(charge / 12)
        assert cap(res, "bat", "MWh") == approx(120 / 0.9)
        assert cost(res, "grid_energy") == approx(120 * 200 + charge * 200)
        assert total(res) == approx(120 * 200 + charge * 200 + 100 * charge / 12 + 100 * 120 / 0.9)
        assert 144_000 - total(res) == approx(75_802.469136)
        assert col(res, "grid_import_mw")[12:] == approx([0.0] * 12)
    else:
        assert cap(res, "bat", "MW") == approx(0.0)
        assert cap(res, "bat", "MWh") == approx(0.0)
        assert total(res) == approx(216_000)


def test_demand_charge_peak_shaving(tmp_path):
    """Load 10 MW with a 20 MW spike in hours 18-19 (260 MWh); flat 500 CNY/MWh; demand charge
    1 CNY/kW/month = 12,000 CNY per MW of peak import; lossless battery.

    Shaving the peak from 20 to p costs (20-p)(100 + 2 x 100) = 300 per MW << 12,000, so shave
    to the floor p = average = 260/24 = 10.833333 MW:
      P = 20 - p = 9.166667 MW (discharge in hours 18-19); E = 2 x 9.166667 = 18.333333 MWh
      (charged at 0.833333 MW in the other 22 hours).
    demand charge 12,000 x 10.833333 = 130,000; energy 260 x 500 = 130,000;
    battery 916.667 + 1,833.333 = 2,750; total 262,750 (370,000 without a battery).
    """
    load = [10.0] * 24
    load[18] = load[19] = 20.0
    res = solve(tmp_path, load=load, grid={"demand_charge_cny_per_kw_month": 1}, Storage=[battery()])
    p = 260 / 24
    assert summary(res, "peak_import_mw") == approx(p)
    assert cap(res, "bat", "MW") == approx(20 - p)
    assert cap(res, "bat", "MWh") == approx(2 * (20 - p))
    assert cost(res, "demand_charge") == approx(130_000)
    assert cost(res, "grid_energy") == approx(130_000)
    assert total(res) == approx(262_750)
