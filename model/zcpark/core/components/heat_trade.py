"""Heat bought from and sold to outside the park (HeatTrade sheet), on the heat bus.

910号 附件4 counts it in E热 = sum 受入 x Hf - sum 送出 x Hf (accounting.heat_trade_t); this
module only adds the flows, their bounds and their costs.
Variables: q_buy[t], q_sell[t] (MW of heat), each at most its row's max_mw.
Costs: heat_purchase = price x sum_t w q_buy[t]; heat_sale_revenue = - price x sum_t w q_sell[t].
"""
from __future__ import annotations

from pyomo.environ import Constraint, NonNegativeReals, Var

from zcpark.core import accounting as acc
from zcpark.core.components.common import per_step


def add_heat_trade(m, data) -> None:
    trade, w = data.heat_trade, data.weights
    if "purchase" in trade:
        row = trade["purchase"]
        m.q_buy = Var(m.T, within=NonNegativeReals, bounds=(0.0, row["max_mw"]))
        bought = per_step(m.q_buy)
        m.terms.cols[acc.HEAT_BUY] = bought
        m.terms.add_cost("heat_purchase", row["price_cny_per_mwh"] * acc.annual(bought, w))
    if "sale" in trade:
        row = trade["sale"]
        m.q_sell = Var(m.T, within=NonNegativeReals, bounds=(0.0, row["max_mw"]))
        sold = per_step(m.q_sell)
        m.terms.cols[acc.HEAT_SELL] = sold
        m.terms.add_cost("heat_sale_revenue", -row["price_cny_per_mwh"] * acc.annual(sold, w))
        _add_sale_from_own_supply(m, data)


def _add_sale_from_own_supply(m, data) -> None:
    """The park sells only heat its own converters make in that step, never resold bought heat
    (as for electricity exports): q_sell[t] <= sum_h q_heat[h,t]   (MW)."""
    m.heat_sale_from_own_supply = Constraint(
        m.T, rule=lambda _m, t: m.q_sell[t] <= sum(m.q_heat[h, t] for h in data.heat_supply))
