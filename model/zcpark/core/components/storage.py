"""Stores with separate power and energy sizing: batteries (electricity bus), thermal (heat bus).

Sets: S (stores).
Variables: cap_new_p[s] (MW), cap_new_e[s] (MWh), p_charge[s, t], p_discharge[s, t] (MW),
soc[s, t] (MWh at the end of step t).
With typical periods (data.periods), soc[s, t] is the change since the start of t's period and
soc_day[s, d] the level at the start of day d of the year (Kotzur et al. 2018, Appl. Energy 213).
"""
from __future__ import annotations

from pyomo.environ import Constraint, NonNegativeReals, RangeSet, Reals, Set, Var

from zcpark.core import accounting as acc
from zcpark.core.components.common import CapacityRow, new_capacity_var, per_step
from zcpark.core.investment import add_investment, per_kw


def _power(m, row, s):
    return row["existing_mw"] + m.cap_new_p[s]


def _energy(m, row, s):
    return row["existing_mwh"] + m.cap_new_e[s]


def add_storage(m, data) -> None:
    st = data.storage
    m.S = Set(initialize=list(st), ordered=True)
    m.cap_new_p = new_capacity_var(m, "cap_new_p", list(st), {s: r["max_new_mw"] for s, r in st.items()})
    m.cap_new_e = new_capacity_var(m, "cap_new_e", list(st), {s: r["max_new_mwh"] for s, r in st.items()})

    def p_bound(_m, s, t):
        return (0.0, power_ceiling(st[s]))

    def e_bound(_m, s, t):
        return (0.0, energy_ceiling(st[s]))

    m.p_charge = Var(m.S, m.T, within=NonNegativeReals, bounds=p_bound)
    m.p_discharge = Var(m.S, m.T, within=NonNegativeReals, bounds=p_bound)
    _add_energy_to_power(m, data)
    _add_power_limits(m, data)
    if data.periods is None:
        m.soc = Var(m.S, m.T, within=NonNegativeReals, bounds=e_bound)
        _add_energy_limit(m, data)
        _add_state_of_charge(m, data)
    else:  # within a period soc is a change, of either sign, no larger than the store
        m.soc = Var(m.S, m.T, within=Reals, bounds=lambda _m, s, t: _symmetric(e_bound(_m, s, t)))
        _add_state_of_charge_within_periods(m, data)
        _add_state_of_charge_across_days(m, data)

    for s, row in st.items():
        m.terms.cols[acc.col_charge(s)] = per_step(m.p_charge, s)
        m.terms.cols[acc.col_discharge(s)] = per_step(m.p_discharge, s)
        m.terms.cols[acc.col_soc(s)] = per_step(m.soc, s)
        cost = add_investment(m, data, s, row["lifetime_yr"], [  # fixed O&M is on the power capacity only
            per_kw(m.cap_new_p[s], row["existing_mw"], row["capex_cny_per_kw"], row["fom_cny_per_kw_yr"]),
            per_kw(m.cap_new_e[s], row["existing_mwh"], row["capex_cny_per_kwh"])], "capex_storage", "fom_storage")
        m.terms.capacity.append(CapacityRow(s, row["kind"], "onsite", "MW", row["existing_mw"], m.cap_new_p[s], cost))
        m.terms.capacity.append(CapacityRow(s, row["kind"], "onsite", "MWh", row["existing_mwh"], m.cap_new_e[s], 0.0))


def power_ceiling(row) -> float | None:
    """The largest power the data allows a store (MW): existing_mw + max_new_mw; None when max_new_mw
    is blank (unlimited)."""
    return row["existing_mw"] + row["max_new_mw"] if row["max_new_mw"] is not None else None


def energy_ceiling(row) -> float | None:
    """The largest energy capacity the data allows a store (MWh): existing_mwh + max_new_mwh; None
    when max_new_mwh is blank (unlimited). Every state-of-charge variable lies within +-this."""
    return row["existing_mwh"] + row["max_new_mwh"] if row["max_new_mwh"] is not None else None


def _symmetric(bounds):
    return (-bounds[1] if bounds[1] is not None else None, bounds[1])


def _add_energy_to_power(m, data) -> None:
    """E/P bounds on total capacity: e2p_min_h x P[s] <= E[s] <= e2p_max_h x P[s]   (MWh)."""
    st = data.storage
    m.sto_e2p_min = Constraint([s for s in st if st[s]["e2p_min_h"] > 0],
                               rule=lambda _m, s: _energy(m, st[s], s) >= st[s]["e2p_min_h"] * _power(m, st[s], s))
    m.sto_e2p_max = Constraint([s for s in st if st[s]["e2p_max_h"] is not None],
                               rule=lambda _m, s: _energy(m, st[s], s) <= st[s]["e2p_max_h"] * _power(m, st[s], s))


def _add_power_limits(m, data) -> None:
    """p_charge[s,t] <= P[s] and p_discharge[s,t] <= P[s]   (MW)."""
    st = data.storage
    m.sto_charge_max = Constraint(m.S, m.T, rule=lambda _m, s, t: m.p_charge[s, t] <= _power(m, st[s], s))
    m.sto_discharge_max = Constraint(m.S, m.T, rule=lambda _m, s, t: m.p_discharge[s, t] <= _power(m, st[s], s))


def _add_energy_limit(m, data) -> None:
    """soc[s,t] <= E[s]   (MWh)."""
    st = data.storage
    m.sto_soc_max = Constraint(m.S, m.T, rule=lambda _m, s, t: m.soc[s, t] <= _energy(m, st[s], s))


def _add_state_of_charge(m, data) -> None:
    """Cyclic state of charge, one-hour steps:
    soc[s,t] = soc[s,t-1] (1 - self_discharge) + eta_charge p_charge[s,t] - p_discharge[s,t] / eta_discharge,
    with soc[s,-1] = soc[s,N-1]   (MWh)."""
    st = data.storage
    last = data.n_steps - 1

    def rule(_m, s, t):
        row = st[s]
        prev = m.soc[s, t - 1 if t > 0 else last]
        return m.soc[s, t] == (prev * (1.0 - row["self_discharge_per_h"]) + row["eta_charge"] * m.p_charge[s, t]
                               - m.p_discharge[s, t] / row["eta_discharge"])

    m.sto_soc_balance = Constraint(m.S, m.T, rule=rule)


def _add_state_of_charge_within_periods(m, data) -> None:
    """Typical periods: soc[s,t] is the change since the start of t's period p:
    soc[s,t] = soc[s,t-1] (1 - self_discharge) + eta_charge p_charge[s,t] - p_discharge[s,t] / eta_discharge,
    with soc[s, t-1] = 0 at the first step of each period   (MWh)."""
    st, steps = data.storage, data.periods.steps

    def rule(_m, s, t):
        row = st[s]
        prev = m.soc[s, t - 1] * (1.0 - row["self_discharge_per_h"]) if t % steps else 0.0
        return m.soc[s, t] == (prev + row["eta_charge"] * m.p_charge[s, t]
                               - m.p_discharge[s, t] / row["eta_discharge"])

    m.sto_soc_balance = Constraint(m.S, m.T, rule=rule)


def _add_state_of_charge_across_days(m, data) -> None:
    """Typical periods, linked over the year's days d = 0..D-1 (cyclic), p(d) = periods.order[d],
    H steps per period, k = (1 - self_discharge)^H (Kotzur et al. 2018):
    soc_day[s,d+1] = k soc_day[s,d] + soc[s, last step of p(d)]            (MWh; soc_day[s,D] = soc_day[s,0])
    soc_low[s,p] <= soc[s,t] <= soc_high[s,p] for t in p                   (MWh)
    k soc_day[s,d] + soc_low[s,p(d)] >= 0,  soc_day[s,d] + soc_high[s,p(d)] <= E[s]   (MWh)
    The level within day d, soc_day[s,d] (1-sd)^(h+1) + soc[s,t], lies between the two left-hand
    sides, so the store stays within [0, E] at every hour of the year (exact without self-discharge)."""
    st, per = data.storage, data.periods
    H, order = per.steps, per.order
    n_days = len(order)
    m.DAYS = RangeSet(0, n_days - 1)
    m.PERIODS = RangeSet(0, len(per.counts) - 1)
    m.soc_day = Var(m.S, m.DAYS, within=NonNegativeReals, bounds=lambda _m, s, d: (0.0, energy_ceiling(st[s])))
    # Within a period the change lies in [-E, E] (below), so its lowest and highest values do too: these
    # finite bounds change no plan and keep the Lagrangian bound (core/lagrangian.py) finite.
    m.soc_low = Var(m.S, m.PERIODS, within=Reals,   # the period starts at 0
                    bounds=lambda _m, s, p: (_symmetric((0.0, energy_ceiling(st[s])))[0], 0.0))
    m.soc_high = Var(m.S, m.PERIODS, within=NonNegativeReals, bounds=lambda _m, s, p: (0.0, energy_ceiling(st[s])))
    decay = {s: (1.0 - st[s]["self_discharge_per_h"]) ** H for s in st}

    m.sto_day_link = Constraint(m.S, m.DAYS, rule=lambda _m, s, d: m.soc_day[s, (d + 1) % n_days] == (
        decay[s] * m.soc_day[s, d] + m.soc[s, int(order[d]) * H + H - 1]))
    m.sto_period_low = Constraint(m.S, m.T, rule=lambda _m, s, t: m.soc_low[s, t // H] <= m.soc[s, t])
    m.sto_period_high = Constraint(m.S, m.T, rule=lambda _m, s, t: m.soc[s, t] <= m.soc_high[s, t // H])
    m.sto_day_low = Constraint(m.S, m.DAYS, rule=lambda _m, s, d: (
        decay[s] * m.soc_day[s, d] + m.soc_low[s, int(order[d])] >= 0.0))
    m.sto_day_high = Constraint(m.S, m.DAYS, rule=lambda _m, s, d: (
        m.soc_day[s, d] + m.soc_high[s, int(order[d])] <= _energy(m, st[s], s)))
