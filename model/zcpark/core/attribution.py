"""Which part of the common bus's supply a scope of zones uses: the attribution rules of a park within a
park (园中园), as plain arithmetic on columns, like accounting (model expressions or floats).

The common bus supplies the zones' draws, sum_z draw_z = D[t] (MW), from two parts:
  grid import I[t], and
  carbon-free supply K[t] = shared onsite_used + direct_delivered + shared discharge - shared charge
                            + sum_z feed_z - export          (zones feed only their own green generation),
with K[t] + I[t] = D[t] (the common bus balance). A scope S (the boundary, the rest of the park, the host
park) is given a share b[t] of every carbon-free column and a share g[t] of the import, such that
b[t] K[t] + g[t] I[t] = D_S[t], its zones' draw. Rules:
  pro_rata (default; decides acceptance): b = g = D_S / D (each source in proportion to the draw).
  boundary_first (what a park might claim): the boundary takes carbon-free supply first, up to its draw:
      b_B = min(1, D_B / K), g_B = (D_B - b_B K) / I; the rest takes what is left (1 - b_B, 1 - g_B).
  boundary_last (the conservative mirror): the rest takes carbon-free supply first; the boundary what is left.
In a step with K <= 0 (the shared store charging from the grid beyond the green supply) or D = 0 there is
no carbon-free supply to rank: that step is split pro rata (D = 0: by the annual draw).
Annual instruments (contracted green power, certificates, offsets) follow the annual share of the draw,
a = sum_t w D_S / sum_t w D, under every rule.

scope_columns then gives the scope's own columns plus the shares of the common ones, and the unchanged
accounting.totals / carbon / hourly_matching run on them with data.restricted_to(S + common bus).
No Pyomo here.
"""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from zcpark.core import accounting as acc
from zcpark.core.data import ParkData

RULES = ("pro_rata", "boundary_first", "boundary_last")
DEFAULT_RULE = "pro_rata"
SCOPES = ("boundary", "rest", "host")
SCOPE_LABELS = {"boundary": "边界内 boundary (pilot area)", "rest": "园区其余 rest of the park",
                "host": "所在园区 host park"}


@dataclass
class Shares:
    """A scope's shares of the common bus: carbon_free[t] of every carbon-free column, grid[t] of the
    import, annual of the annual instruments."""
    carbon_free: np.ndarray
    grid: np.ndarray
    annual: float


def scope_zones(data: ParkData, scope: str) -> list[str]:
    """The zones of a scope: boundary, rest, host, or one zone id."""
    if scope in data.zones:
        return [scope]
    boundary = data.boundary_zones()
    if scope == "boundary":
        return boundary
    if scope == "rest":
        return [z for z in data.zones if z not in boundary]
    return list(data.zones)


def draw(cols, zones) -> np.ndarray:
    """The zones' draw from the common bus per step (MW), sum_z draw_z (gross; feeds are a source)."""
    out = 0.0
    for z in zones:
        out = out + np.asarray(cols[acc.col_draw(z)], dtype=float)
    return out


def common_supply(cols: dict, data: ParkData) -> tuple[np.ndarray, np.ndarray]:
    """(K, I): the common bus's carbon-free supply and its grid import per step (MW), floats."""
    common = data.restricted_to({""})
    f = acc.flows(acc.common_bus_columns(cols, data), common)
    feeds = sum((np.asarray(cols[acc.col_feed(z)], dtype=float) for z in data.zones), np.zeros(data.n_steps))
    k = f["onsite_used"] + f["direct_delivered"] + f["discharge"] - f["charge"] + feeds - f["export"]
    return np.asarray(k, dtype=float), np.asarray(f["import"], dtype=float)


def _pro_rata(d_scope, d_total, annual_share) -> np.ndarray:
    safe = np.where(d_total > 0, d_total, 1.0)
    return np.where(d_total > 0, d_scope / safe, annual_share)


def _first(d_first, k, imports, pro_rata) -> tuple[np.ndarray, np.ndarray]:
    """Shares (carbon-free, grid) of the scope that takes carbon-free supply first, up to its draw."""
    ranked = k > 1e-12
    b = np.where(ranked, np.minimum(1.0, d_first / np.where(ranked, k, 1.0)), pro_rata)
    rest_of_draw = np.maximum(d_first - b * np.where(ranked, k, 0.0), 0.0)
    g = np.where(ranked, np.where(imports > 1e-12, rest_of_draw / np.where(imports > 1e-12, imports, 1.0), 0.0),
                 pro_rata)
    return b, g


def shares(cols: dict, data: ParkData, scope: str, rule: str = DEFAULT_RULE) -> Shares:
    """The scope's shares of the common bus under `rule`, from a dispatch's columns (floats). One zone
    takes its group's (boundary's or rest's) shares in proportion to its draw within the group."""
    if scope in data.zones and rule != "pro_rata":
        group = "boundary" if data.zones[scope]["in_boundary"] else "rest"
        whole = shares(cols, data, group, rule)
        d_group, d_zone = draw(cols, scope_zones(data, group)), draw(cols, [scope])
        part = np.where(d_group > 0, d_zone / np.where(d_group > 0, d_group, 1.0), 0.0)
        annual_group = acc.annual(d_group, data.weights)
        return Shares(whole.carbon_free * part, whole.grid * part,
                      whole.annual * acc.annual(d_zone, data.weights) / annual_group if annual_group > 0 else 0.0)
    w = data.weights
    d_total = draw(cols, data.zones)
    if scope == "host":
        ones = np.ones(data.n_steps)
        return Shares(ones, ones, 1.0)
    d_scope = draw(cols, scope_zones(data, scope))
    total_annual = acc.annual(d_total, w)
    annual_share = acc.annual(d_scope, w) / total_annual if total_annual > 0 else 0.0
    pro_rata = _pro_rata(d_scope, d_total, annual_share)
    if rule == "pro_rata":
        return Shares(pro_rata, pro_rata, annual_share)
    k, imports = common_supply(cols, data)
    first = "boundary" if rule == "boundary_first" else "rest"
    d_first = draw(cols, scope_zones(data, first))
    b, g = _first(d_first, k, imports, _pro_rata(d_first, d_total, 1.0 - annual_share if scope != first
                                                 else annual_share))
    if scope == first:
        return Shares(b, g, annual_share)
    return Shares(1.0 - b, 1.0 - g, annual_share)


def estimated_shares(data: ParkData, scope: str) -> Shares:
    """Pro-rata shares before any solve: each zone's draw estimated as its electric load net of the most
    its own renewables could give (existing + max_new, or existing when unlimited), floored at 0; exact
    when the zones have no own assets (their draw is then their load)."""
    cols = {}
    for z in data.zones:
        view = data.restricted_to({z})
        potential = sum((view.profiles[row["profile"]] * (row["existing_mw"] + (row["max_new_mw"] or 0.0))
                         for row in view.renewables.values()), np.zeros(data.n_steps))
        cols[acc.col_draw(z)] = np.maximum(view.electric_load - potential, 0.0)
    return shares(cols, data, scope, "pro_rata")


def scope_view(data: ParkData, scope: str) -> ParkData:
    """The park as accounting sees one scope: its zones' assets and loads plus the common bus's assets."""
    return data.restricted_to({*scope_zones(data, scope), ""})


def _scale(arr, share):
    return arr * share


def scope_columns(cols: dict, data: ParkData, scope: str, sh: Shares) -> dict:
    """The scope's columns: its zones' own columns unchanged, the common bus's columns times the scope's
    shares (carbon-free columns x carbon_free, import x grid, contracted green power x annual), its loads,
    and FEED_NET = carbon_free x sum_z feed_z - sum_{z in S} feed_z. With scope_view they satisfy the
    park's electricity balance when the shares do (b K + g I = D_S)."""
    zones = scope_zones(data, scope)
    view = scope_view(data, scope)
    out = dict(cols)
    common = data.restricted_to({""})
    for r in common.renewables:
        for name in (acc.col_used(r), acc.col_available(r)):
            out[name] = _scale(cols[name], sh.carbon_free)
    for line in common.lines:
        for name in (acc.col_sent(line), acc.col_delivered(line)):
            out[name] = _scale(cols[name], sh.carbon_free)
    for s in common.storage:
        for name in (acc.col_charge(s), acc.col_discharge(s)):
            out[name] = _scale(cols[name], sh.carbon_free)
    out[acc.EXPORT] = _scale(cols[acc.EXPORT], sh.carbon_free)
    out[acc.IMPORT] = _scale(cols[acc.IMPORT], sh.grid)
    out[acc.GREEN] = _scale(cols[acc.GREEN], sh.annual)
    out[acc.LOAD], out[acc.HEAT_LOAD] = view.electric_load, view.heat_load
    all_feeds = sum((cols[acc.col_feed(z)] for z in data.zones), 0.0)
    own_feeds = sum((cols[acc.col_feed(z)] for z in zones), 0.0)
    out[acc.FEED_NET] = _scale(all_feeds, sh.carbon_free) - own_feeds
    for direction, column in (("purchase", acc.HEAT_BUY), ("sale", acc.HEAT_SELL)):
        if column in out and direction not in view.heat_trade:
            del out[column]
    return out


def scope_annual_vars(annual_vars: dict, sh: Shares) -> dict:
    """Annual instruments (green power, certificates, offsets) times the scope's annual share of the draw."""
    return {k: v * sh.annual for k, v in annual_vars.items()}
