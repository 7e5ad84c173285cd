"""Which part of the common bus's supply a scope of zones uses: the attribution rules of a park within a
park (园中园), as plain arithmetic on columns, like accounting (model expressions or floats).

The common bus supplies the zones' draws, sum_z draw_z = D[t] (MW), from three parts:
  grid import I[t], the shared stores' net discharge S[t] = discharge - charge, and
  carbon-free supply K[t] = shared onsite_used + direct_delivered + sum_z feed_z - export
                            (zones feed only their own green generation),
with K + S + I = D (the common bus balance). A scope S (the boundary, the rest of the park, the host park)
is given a share b[t] of every carbon-free column, st[t] of the stores' flows and g[t] of the import, such
that b K + st S + g I = D_S, its zones' draw. The stores are split pro rata under every rule (st = D_S / D:
their losses are everyone's, and ranking them hour by hour would move consumption between scopes). Rules:
  pro_rata (default; decides acceptance): b = g = st = D_S / D (each source in proportion to the draw).
  boundary_first (what a park might claim): the boundary takes carbon-free supply first, up to its draw
      less its part of the stores: R = D_B - st S, b_B = min(1, R / K), g_B = (R - b_B K) / I; the rest
      takes what is left (1 - b_B, 1 - g_B).
  boundary_last (the conservative mirror): the rest takes carbon-free supply first; the boundary what is left.
In a step with K <= 0 or D = 0 there is no carbon-free supply to rank: that step is split pro rata
(D = 0: by the annual draw).
Annual instruments (contracted green power, certificates, offsets) re-label grid imports, so they follow
the scope's share of the year's grid import under the rule, a = sum_t w g I / sum_t w I (a scope is never
given more certificates than imports to re-label; the draw share in a year without import).

scope_columns then gives the scope's own columns plus the shares of the common ones, and the unchanged
accounting.totals / carbon / hourly_matching run on them with data.restricted_to(S + common bus).
No Pyomo here.
"""
from __future__ import annotations

import dataclasses
from dataclasses import dataclass

import numpy as np

from zcpark.core import accounting as acc
from zcpark.core.data import ParkData

RULES = ("pro_rata", "boundary_first", "boundary_last")
DEFAULT_RULE = "pro_rata"
SCOPES = ("boundary", "rest", "host")
FEEDS, ANNUAL = "__all_zone_feeds", "__annual_"  # keys of Shares.mix besides the common bus's columns
SCOPE_LABELS = {"boundary": "边界内 boundary (pilot area)", "rest": "园区其余 rest of the park",
                "host": "所在园区 host park"}


@dataclass
class Shares:
    """A scope's shares of the common bus: carbon_free[t] of every carbon-free column, grid[t] of the
    import, annual of the annual instruments."""
    carbon_free: np.ndarray
    grid: np.ndarray
    annual: float
    mix: dict | None = None  # pro rata in the model: the linearisation point (see `linearised`)
    storage: np.ndarray | None = None  # share of the shared stores' flows: pro rata under every rule


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


def draw(cols, zones):
    """The zones' draw from the common bus per step (MW), sum_z draw_z (gross; feeds are a source):
    floats, or model expressions when the columns hold them."""
    out = 0.0
    for z in zones:
        column = cols[acc.col_draw(z)]
        out = out + (column if np.asarray(column).dtype == object else np.asarray(column, dtype=float))
    return out


def common_supply(cols: dict, data: ParkData) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """(K, S, I) per step (MW, floats): the common bus's ranked carbon-free supply K (shared renewables
    used, direct lines, zone feeds, less exports), its stores' net discharge S, and its grid import I;
    K + S + I = D, the zones' draw."""
    common = data.restricted_to({""})
    f = acc.flows(acc.common_bus_columns(cols, data), common)
    feeds = sum((np.asarray(cols[acc.col_feed(z)], dtype=float) for z in data.zones), np.zeros(data.n_steps))
    k = f["onsite_used"] + f["direct_delivered"] + feeds - f["export"]
    return (np.asarray(k, dtype=float), np.asarray(f["discharge"] - f["charge"], dtype=float),
            np.asarray(f["import"], dtype=float))


def _pro_rata(d_scope, d_total, annual_share) -> np.ndarray:
    safe = np.where(d_total > 0, d_total, 1.0)
    return np.where(d_total > 0, d_scope / safe, annual_share)


def _first(d_first, k, stored, imports, pro_rata) -> tuple[np.ndarray, np.ndarray]:
    """Shares (carbon-free, grid) of the scope that takes carbon-free supply first, up to its draw less
    its pro-rata part of the shared stores' net discharge (stores are split pro rata under every rule)."""
    ranked = k > 1e-12
    rest_of_draw = np.maximum(d_first - pro_rata * stored, 0.0)
    b = np.where(ranked, np.minimum(1.0, rest_of_draw / np.where(ranked, k, 1.0)), pro_rata)
    from_grid = np.maximum(rest_of_draw - b * np.where(ranked, k, 0.0), 0.0)
    g = np.where(ranked, np.where(imports > 1e-12, from_grid / np.where(imports > 1e-12, imports, 1.0), 0.0),
                 pro_rata)
    return b, g


def _annual_draw_share(cols, data: ParkData, zones) -> float:
    total = acc.annual(draw(cols, data.zones), data.weights)
    return acc.annual(draw(cols, zones), data.weights) / total if total > 0 else 0.0


def _hourly_shares(cols: dict, data: ParkData, scope: str, rule: str) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """(carbon-free share, grid share, store share) per step of a scope under a rule."""
    if scope == "host":
        ones = np.ones(data.n_steps)
        return ones, ones, ones
    if scope in data.zones and rule != "pro_rata":  # a zone: its group's shares, pro rata within the group
        group = "boundary" if data.zones[scope]["in_boundary"] else "rest"
        b, g, st = _hourly_shares(cols, data, group, rule)
        d_group, d_zone = draw(cols, scope_zones(data, group)), draw(cols, [scope])
        part = np.where(d_group > 0, d_zone / np.where(d_group > 0, d_group, 1.0), 0.0)
        return b * part, g * part, st * part
    zones = scope_zones(data, scope)
    d_total = draw(cols, data.zones)
    pro_rata = _pro_rata(draw(cols, zones), d_total, _annual_draw_share(cols, data, zones))
    if rule == "pro_rata":
        return pro_rata, pro_rata, pro_rata
    k, stored, imports = common_supply(cols, data)
    first = "boundary" if rule == "boundary_first" else "rest"
    first_zones = scope_zones(data, first)
    first_pro_rata = _pro_rata(draw(cols, first_zones), d_total, _annual_draw_share(cols, data, first_zones))
    b, g = _first(draw(cols, first_zones), k, stored, imports, first_pro_rata)
    return (b, g, first_pro_rata) if scope == first else (1.0 - b, 1.0 - g, 1.0 - first_pro_rata)


def shares(cols: dict, data: ParkData, scope: str, rule: str = DEFAULT_RULE) -> Shares:
    """The scope's shares of the common bus under `rule`, from a dispatch's columns (floats). One zone
    takes its group's (boundary's or rest's) shares in proportion to its draw within the group. The annual
    instruments re-label grid imports, so they follow the scope's share of the year's import (its draw share
    in a year without import)."""
    b, g, st = _hourly_shares(cols, data, scope, rule)
    _, _, imports = common_supply(cols, data)
    total = acc.annual(imports, data.weights)
    annual = (acc.annual(g * imports, data.weights) / total if total > 0
              else _annual_draw_share(cols, data, scope_zones(data, scope)))
    return Shares(b, g, float(annual), storage=st)


def estimated_shares(data: ParkData, scope: str) -> Shares:
    """Pro-rata shares before any solve: each zone's draw estimated as its electric load net of the most
    its own renewables could give (existing + max_new, or existing when unlimited), floored at 0; exact
    when the zones have no own assets (their draw is then their load). Annual: the draw share."""
    cols = {}
    for z in data.zones:
        view = data.restricted_to({z})
        potential = sum((view.profiles[row["profile"]] * (row["existing_mw"] + (row["max_new_mw"] or 0.0))
                         for row in view.renewables.values()), np.zeros(data.n_steps))
        cols[acc.col_draw(z)] = np.maximum(view.electric_load - potential, 0.0)
    b, g, st = _hourly_shares(cols, data, scope, "pro_rata")
    return Shares(b, g, _annual_draw_share(cols, data, scope_zones(data, scope)), storage=st)


def linearised(sh: Shares, cols: dict, annual_vars: dict, data: ParkData) -> Shares:
    """Pro-rata shares `sh` with the common bus's mix at the dispatch `cols`, mix[c] = c0 / D0 for every
    common column c: scope_columns then writes c_S = s c + mix[c] (D_S - s D), the first-order expansion
    of c D_S / D at (c0, D_S0, D0) when s = D_S0 / D0 (the correction vanishes at the fixed point), so
    the model sees how the scope's own draw changes what it is attributed; likewise the annual instruments
    (`annual_vars` at the dispatch, scope_annual_vars)."""
    d = draw(cols, data.zones)
    safe = np.where(d > 0, d, 1.0)
    mix = {name: np.where(d > 0, np.asarray(cols[name], dtype=float) / safe, 0.0)
           for name in _common_columns(data) if name in cols}
    feeds = sum((np.asarray(cols[acc.col_feed(z)], dtype=float) for z in data.zones), np.zeros(data.n_steps))
    mix[FEEDS] = np.where(d > 0, feeds / safe, 0.0)
    total_import = acc.annual(cols[acc.IMPORT], data.weights)
    for name, volume in annual_vars.items():
        mix[ANNUAL + name] = volume / total_import if total_import > 0 else 0.0
    return dataclasses.replace(sh, mix=mix)


def _common_columns(data: ParkData) -> list[str]:
    """The common bus's columns a scope is given a share of (annual instruments aside)."""
    common = data.restricted_to({""})
    names = [acc.EXPORT, acc.IMPORT]
    names += [n for r in common.renewables for n in (acc.col_used(r), acc.col_available(r))]
    names += [n for line in common.lines for n in (acc.col_sent(line), acc.col_delivered(line))]
    return names + _store_columns(data)


def _store_columns(data: ParkData) -> list[str]:
    common = data.restricted_to({""})
    return [n for s in common.storage for n in (acc.col_charge(s), acc.col_discharge(s))]


def scope_view(data: ParkData, scope: str) -> ParkData:
    """The park as accounting sees one scope: its zones' assets and loads plus the common bus's assets."""
    return data.restricted_to({*scope_zones(data, scope), ""})


def scope_columns(cols: dict, data: ParkData, scope: str, sh: Shares) -> dict:
    """The scope's columns: its zones' own columns unchanged, the common bus's columns times the scope's
    shares (carbon-free columns x carbon_free, import x grid, contracted green power x annual), its loads,
    and FEED_NET = carbon_free x sum_z feed_z - sum_{z in S} feed_z. With scope_view they satisfy the
    park's electricity balance when the shares do (b K + g I = D_S). With `sh.mix` (pro rata in the model,
    `linearised`) each common column c becomes s c + mix[c] (D_S - s D)."""
    zones = scope_zones(data, scope)
    view = scope_view(data, scope)
    out = dict(cols)
    correction = None
    if sh.mix is not None:  # D_S - s D: zero at the fixed point
        correction = draw(cols, zones) - sh.carbon_free * draw(cols, data.zones)

    def part(name, values, share):
        value = values * share
        return value if correction is None else value + sh.mix[name] * correction
    stores = set(_store_columns(data))
    store_share = sh.storage if sh.storage is not None else sh.carbon_free
    for name in _common_columns(data):
        share = sh.grid if name == acc.IMPORT else store_share if name in stores else sh.carbon_free
        out[name] = part(name, cols[name], share)
    out[acc.GREEN] = cols[acc.GREEN] * sh.annual
    out[acc.LOAD], out[acc.HEAT_LOAD] = view.electric_load, view.heat_load
    all_feeds = sum((cols[acc.col_feed(z)] for z in data.zones), 0.0)
    own_feeds = sum((cols[acc.col_feed(z)] for z in zones), 0.0)
    out[acc.FEED_NET] = part(FEEDS, all_feeds, sh.carbon_free) - own_feeds
    for direction, column in (("purchase", acc.HEAT_BUY), ("sale", acc.HEAT_SELL)):
        if column in out and direction not in view.heat_trade:
            del out[column]
    return out


def scope_annual_vars(annual_vars: dict, sh: Shares, scope_cols: dict | None = None, cols: dict | None = None,
                      data: ParkData | None = None) -> dict:
    """Annual instruments (green power, certificates, offsets) times the scope's annual share of the grid
    import. With `sh.mix` (the model) each volume v becomes a v + (v0 / I0) (I_S - a I), the first-order
    expansion of v I_S / I (annual imports of the scope, `scope_cols`, and of the park, `cols`): certificates
    re-label nearly every imported MWh in some parks, so a fixed share would miss by its own change."""
    if sh.mix is None:
        return {k: v * sh.annual for k, v in annual_vars.items()}
    w = data.weights
    correction = acc.annual(scope_cols[acc.IMPORT], w) - sh.annual * acc.annual(cols[acc.IMPORT], w)
    return {k: v * sh.annual + sh.mix[ANNUAL + k] * correction for k, v in annual_vars.items()}


def expanded(sh: Shares, periods) -> Shares:
    """Shares found on typical periods spread over the full horizon (each day takes its representative
    period's values, data.Periods.order), for the full-horizon check of a typical-period plan."""
    index = (np.asarray(periods.order)[:, None] * periods.steps + np.arange(periods.steps)[None, :]).ravel()

    def spread(values):
        return values[index] if np.ndim(values) else values
    mix = None if sh.mix is None else {name: spread(values) for name, values in sh.mix.items()}
    return Shares(spread(sh.carbon_free), spread(sh.grid), sh.annual, mix, spread(sh.storage))
