"""Green-power direct-connection lines (绿电直连): at most one build option per line.

Sets: L (lines), LO (line, option) pairs.
Variables: build_line[l, o] (binary), p_sent[l, o, t] (MW sent through option o; zero unless built).
The plants whose `site` is line l send all their used output through it.
"""
from __future__ import annotations

import itertools

from pyomo.environ import Binary, Constraint, NonNegativeReals, Set, Var

from zcpark.core import accounting as acc
from zcpark.core.components.common import LineTerms, per_step
from zcpark.core.investment import Part, add_investment


def add_lines(m, data) -> None:
    lines = data.lines
    m.L = Set(initialize=list(lines), ordered=True)
    m.LO = Set(initialize=[(l, o) for l in lines for o in lines[l]], dimen=2, ordered=True)
    m.build_line = Var(m.LO, within=Binary)
    m.terms.design.append(m.build_line)
    m.p_sent = Var(m.LO, m.T, within=NonNegativeReals,
                   bounds=lambda _m, l, o, t: (0.0, lines[l][o]["capacity_mw"]))
    _add_one_option(m)
    _add_line_capacity(m, data)
    _add_line_sending(m, data)
    _add_plants_need_line(m, data)

    for l, options in lines.items():
        sent = sum(per_step(m.p_sent, l, o) for o in options)
        delivered = sum((1.0 - options[o]["loss_fraction"]) * per_step(m.p_sent, l, o) for o in options)
        m.terms.cols[acc.col_sent(l)] = sent
        m.terms.cols[acc.col_delivered(l)] = delivered
        cost = 0.0
        for o, row in options.items():  # the whole cost is paid only by the option built
            capex = data.line_capex(l, o)
            cost += add_investment(m, data, l, row["lifetime_yr"], [
                Part(m.build_line[l, o], 0.0, capex, row["fom_fraction_per_yr"] * capex)], "lines", "lines")
        m.terms.lines.append(LineTerms(l, {o: m.build_line[l, o] for o in options}, cost))
        m.terms.choices.append(_line_alternatives(m, data, l))
    _add_any_line_built(m, data)


def _add_one_option(m) -> None:
    """At most one option per line: sum_o build_line[l, o] <= 1."""
    m.line_one_option = Constraint(m.L, rule=lambda _m, l: sum(m.build_line[l, o] for (ll, o) in m.LO if ll == l) <= 1)


def _add_line_capacity(m, data) -> None:
    """Flow only on the built option: p_sent[l,o,t] <= capacity_mw[l,o] x build_line[l,o]   (MW)."""
    cap = {(l, o): data.lines[l][o]["capacity_mw"] for (l, o) in m.LO}
    m.line_capacity = Constraint(m.LO, m.T, rule=lambda _m, l, o, t: m.p_sent[l, o, t] <= cap[l, o] * m.build_line[l, o])


def _add_line_sending(m, data) -> None:
    """What the line's plants use is what the line sends:
    sum_{r at l} p_used[r,t] = sum_o p_sent[l,o,t]   (MW)."""
    plants = {l: [r for r in data.direct_plants() if data.renewables[r]["site"] == l] for l in data.lines}
    options = {l: list(data.lines[l]) for l in data.lines}
    m.line_sending = Constraint(m.L, m.T, rule=lambda _m, l, t: (
        sum(m.p_used[r, t] for r in plants[l]) == sum(m.p_sent[l, o, t] for o in options[l])))


def _add_plants_need_line(m, data) -> None:
    """No new plant behind a line that is not built:
    cap_new_ren[r] <= max_new_mw[r] x sum_o build_line[l,o]   (MW), for r at line l.
    Such a plant could deliver nothing; the constraint also tightens the LP relaxation."""
    plants = [r for r in data.direct_plants() if data.renewables[r]["site"] in data.lines]
    m.line_needed = Constraint(plants, rule=lambda _m, r: m.cap_new_ren[r] <= data.renewables[r]["max_new_mw"] * sum(
        m.build_line[data.renewables[r]["site"], o] for o in data.lines[data.renewables[r]["site"]]))


def _line_alternatives(m, data, line) -> list:
    """The line's alternatives for the enumeration: each option with every on/off pattern of the
    minimum-build plants behind it, or no line (and none of those plants).
    Left out: the line built with nothing behind it that could send (every plant behind it a
    minimum-build plant left off, none existing). It delivers nothing and costs its capex, and the
    same plan without the line is feasible (the direct rules relax with any_line = 0): never
    better than no line, so the enumeration stays exact. computing_park: that combination is
    (by reasoning) infeasible, and its LP took 433 s to cut off (docs/performance.md)."""
    options = list(data.lines[line])
    plants = [r for r in m.R_MIN if data.renewables[r]["site"] == line]
    can_send_anyway = any(r not in plants or data.renewables[r]["existing_mw"] > 0
                          for r in data.direct_plants() if data.renewables[r]["site"] == line)
    alternatives = []
    for pick in options:
        for bits in itertools.product((1.0, 0.0), repeat=len(plants)):
            if not any(bits) and not can_send_anyway:
                continue
            alternatives.append([(m.build_line[line, o], float(o == pick)) for o in options]
                                + [(m.build_ren[r], b) for r, b in zip(plants, bits)])
    alternatives.append([(m.build_line[line, o], 0.0) for o in options] + [(m.build_ren[r], 0.0) for r in plants])
    return alternatives


def _add_any_line_built(m, data) -> None:
    """any_line = 1 when some line is built: any_line >= build_line[l,o]; any_line <= sum build_line.
    With one line it is the sum of that line's options (no extra binary)."""
    if len(data.lines) <= 1:
        m.terms.any_line = sum(m.build_line[lo] for lo in m.LO) if data.lines else 0.0
        return
    m.any_line_var = Var(within=Binary)
    m.terms.design.append(m.any_line_var)
    m.any_line_ge = Constraint(m.LO, rule=lambda _m, l, o: m.any_line_var >= m.build_line[l, o])
    m.any_line_le = Constraint(expr=m.any_line_var <= sum(m.build_line[lo] for lo in m.LO))
    m.terms.any_line = m.any_line_var
