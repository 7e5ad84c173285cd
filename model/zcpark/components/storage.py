"""Stores with separate power and energy sizing: batteries (electricity bus), thermal (heat bus).

Sets: S (stores).
Variables: cap_new_p[s] (MW), cap_new_e[s] (MWh), p_charge[s, t], p_discharge[s, t] (MW),
soc[s, t] (MWh at the end of step t).
"""
from __future__ import annotations

from pyomo.environ import Constraint, NonNegativeReals, Set, Var

from .. import accounting as acc
from .common import MW_TO_KW, CapacityRow, new_capacity_var, per_step


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
        mx = st[s]["max_new_mw"]
        return (0.0, st[s]["existing_mw"] + mx if mx is not None else None)

    def e_bound(_m, s, t):
        mx = st[s]["max_new_mwh"]
        return (0.0, st[s]["existing_mwh"] + mx if mx is not None else None)

    m.p_charge = Var(m.S, m.T, within=NonNegativeReals, bounds=p_bound)
    m.p_discharge = Var(m.S, m.T, within=NonNegativeReals, bounds=p_bound)
    m.soc = Var(m.S, m.T, within=NonNegativeReals, bounds=e_bound)
    _add_energy_to_power(m, data)
    _add_power_limits(m, data)
    _add_energy_limit(m, data)
    _add_state_of_charge(m, data)

    for s, row in st.items():
        m.terms.cols[acc.col_charge(s)] = per_step(m.p_charge, s)
        m.terms.cols[acc.col_discharge(s)] = per_step(m.p_discharge, s)
        m.terms.cols[acc.col_soc(s)] = per_step(m.soc, s)
        capex = data.crf(row["lifetime_yr"]) * MW_TO_KW * (
            row["capex_cny_per_kw"] * m.cap_new_p[s] + row["capex_cny_per_kwh"] * m.cap_new_e[s])
        fom = row["fom_cny_per_kw_yr"] * MW_TO_KW * _power(m, row, s)
        m.terms.add_cost("capex_storage", capex)
        m.terms.add_cost("fom_storage", fom)
        m.terms.capacity.append(CapacityRow(s, row["kind"], "onsite", "MW", row["existing_mw"], m.cap_new_p[s], capex + fom))
        m.terms.capacity.append(CapacityRow(s, row["kind"], "onsite", "MWh", row["existing_mwh"], m.cap_new_e[s], 0.0))


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
