"""Hand-checked direct lines (绿电直连): option choice, losses, one option per line, and no
line when the remote plant does not pay.

Common park: 24 steps, flat 10 MW load (240 MWh), flat 500 CNY/MWh, discount 0.
Remote wind behind line L1 with a flat cf 0.5: 1 MW of wind sends 12 MWh/day worth
12 x 500 = 6,000 CNY when it displaces imports.
Line cost per year = (1/lifetime + fom_fraction) x (length x capex_per_km + fixed).
"""
import pytest

from handcalc import approx, cap, col, cost, line, solve, summary, total

CF = {"cf_wind": [0.5] * 24}


def wind(capex=40.0, max_new=40.0):
    """Remote wind on line L1; capex 40 CNY/kW / 20 yr = 2,000 CNY/MW/yr by default."""
    return {"tech": "wind", "kind": "wind", "site": "L1", "profile": "cf_wind", "capex_cny_per_kw": capex,
            "lifetime_yr": 20, "max_new_mw": max_new}


def option(name, capacity, per_km, fixed, fom=0.0, loss=0.0, length=100.0):
    return {"line": "L1", "option": name, "capacity_mw": capacity, "length_km": length,
            "capex_cny_per_km": per_km, "fixed_capex_cny": fixed, "loss_fraction": loss,
            "fom_fraction_per_yr": fom, "lifetime_yr": 40}


@pytest.mark.parametrize("loss", [0.0, 0.1])
def test_cheaper_option_and_losses(tmp_path, loss):
    """Option a: 100 km x 3,000 + 100,000 = 400,000 CNY -> 400,000/40 + 0.01 x 400,000 = 14,000 /yr.
    Option b (same 20 MW): 100 x 10,000 + 200,000 = 1,200,000 -> 30,000 + 12,000 = 42,000 /yr.
    Wind pays (2,000 < 0.9 x 6,000 per MW) up to the 10 MW load delivered:
      loss 0:   sent = delivered = 10 MW -> wind 20 MW -> 40,000; total 40,000 + 14,000 = 54,000.
      loss 0.1: delivered = 0.9 x sent = 10 -> sent 11.111 MW -> wind 22.222 MW -> 44,444.44;
                total 58,444.44; no imports.
    """
    res = solve(tmp_path, profiles=CF, Renewables=[wind()],
                DirectLines=[option("a", 20, 3_000, 100_000, fom=0.01, loss=loss),
                             option("b", 20, 10_000, 200_000, fom=0.01, loss=loss)])
    sent = 10 / (1 - loss)
    assert line(res, "L1")["built_option"] == "a"
    assert line(res, "L1")["annualized_cost_cny_per_yr"] == approx(14_000)
    assert cost(res, "lines") == approx(14_000)
    assert cap(res, "wind") == approx(2 * sent)
    assert col(res, "L1_sent_mw") == approx([sent] * 24)
    assert col(res, "L1_delivered_mw") == approx([10.0] * 24)
    assert summary(res, "grid_import_mwh_per_yr") == approx(0.0)
    assert total(res) == approx(2_000 * 2 * sent + 14_000)


def test_at_most_one_option_per_line(tmp_path):
    """Two 6 MW options: a 400,000 CNY (10,000 /yr), b 480,000 CNY (12,000 /yr).
    Both together (12 MW) would give 20 MW wind + 22,000 lines = 62,000 with no imports, but only
    one may be built: a, sending 6 MW flat -> wind 12 MW = 24,000; imports 4 x 24 x 500 = 48,000;
    total 24,000 + 10,000 + 48,000 = 82,000.
    """
    res = solve(tmp_path, profiles=CF, Renewables=[wind()],
                DirectLines=[option("a", 6, 4_000, 0), option("b", 6, 4_800, 0)])
    assert line(res, "L1")["built_option"] == "a"
    assert cost(res, "lines") == approx(10_000)
    assert cap(res, "wind") == approx(12.0)
    assert col(res, "L1_sent_mw").max() == approx(6.0)
    assert total(res) == approx(82_000)


@pytest.mark.parametrize("wind_capex, per_km", [
    (140.0, 3_000),      # wind 7,000 /MW/yr > 6,000 saved: nothing to carry
    (40.0, 80_000),      # line 8,000,000 / 40 = 200,000 /yr > 20 MW x (6,000 - 2,000) = 80,000 gained
])
def test_no_line_when_remote_plant_not_worth_it(tmp_path, wind_capex, per_km):
    """Either the wind or the line is too dear (see parameters): no line, no wind,
    all 240 MWh imported -> total 120,000."""
    res = solve(tmp_path, profiles=CF, Renewables=[wind(capex=wind_capex)],
                DirectLines=[option("a", 20, per_km, 0)])
    assert line(res, "L1")["built_option"] == "none"
    assert cost(res, "lines") == approx(0.0)
    assert cap(res, "wind") == approx(0.0)
    assert total(res) == approx(120_000)
