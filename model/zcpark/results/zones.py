"""A park within a park (园中园) in the results: the boundary, the rest of the park and the host park
side by side, under every accounting method and every attribution rule (core/attribution.py).

Each scope is accounted for by the unchanged indicator tables (results/indicators.py) run on the scope's
columns (attribution.scope_columns) with the scope's view of the park: one definition of every figure.
Sheets: Zones (per zone and per scope: consumption, own generation, draw, attributed carbon-free supply,
tCO2, tce, intensity, clean share, hourly matching), CarbonByScope (scope x rule x method),
AcceptanceByScope (the boundary's targets on each scope and rule), and the
Acceptance sheet judged per target on its scope (boundary rows on the boundary, park rows on the host
park), with a pass per attribution rule and `robust` only if every method and every rule passes.
No Pyomo here.
"""
from __future__ import annotations

import dataclasses

import numpy as np
import pandas as pd

from zcpark.core import accounting as acc
from zcpark.core import attribution as att
from zcpark.core.data import ParkData
from zcpark.core.solution import Solution
from zcpark.results import indicators

DIRECT_RULES = tuple(indicators.DIRECT_RULE_DEFAULTS)


def scope_solution(data: ParkData, sol: Solution, scope: str, rule: str = att.DEFAULT_RULE):
    """(the scope's view of the park, a Solution holding the scope's columns and annual instruments)."""
    sh = att.shares(sol.columns, data, scope, rule)
    cols = att.scope_columns(sol.columns, data, scope, sh)
    dispatch = pd.DataFrame({name: np.asarray(v, dtype=float) * np.ones(data.n_steps) for name, v in cols.items()})
    return att.scope_view(data, scope), dataclasses.replace(
        sol, dispatch=dispatch, annual_vars=att.scope_annual_vars(sol.annual_vars, sh))


def _with_targets(view: ParkData, data: ParkData, park_scope: bool) -> ParkData:
    return dataclasses.replace(view, targets={k: t for k, t in data.targets.items()
                                              if (t.scope == "park" or k in DIRECT_RULES) == park_scope})


def _park_rows(data: ParkData) -> set[str]:
    return {k for k, t in data.targets.items() if t.scope == "park"} | set(DIRECT_RULES)


def _acceptance(view: ParkData, sol: Solution, line_built: bool) -> pd.DataFrame:
    carbon = indicators.carbon_table(view, sol)
    share = indicators.matching_share(indicators.matching_table(view, sol), view.weights)
    return indicators.acceptance_table(view, sol, carbon, share, line_built)


def scoped_acceptance(data: ParkData, sol: Solution, line_built: bool) -> pd.DataFrame:
    """The Acceptance sheet of a park within a park: the boundary's targets judged on the boundary under
    pro rata (the national indicators with them), the `park` rows and the direct-line rules on the host
    park; `pass_rule_<rule>`: pass under the enforced method and that rule; `robust`: every method under
    every rule (the host park's figures do not depend on the rule)."""
    park_rows = _park_rows(data)
    by_rule = {}
    for rule in att.RULES:
        view, scoped = scope_solution(data, sol, "boundary", rule)
        table = _acceptance(_with_targets(view, data, park_scope=False), scoped, line_built)
        by_rule[rule] = table[~table["indicator"].isin(park_rows)].reset_index(drop=True)
    boundary = by_rule[att.DEFAULT_RULE].copy()
    boundary.insert(0, "scope", "boundary")
    for rule in att.RULES:
        boundary[f"pass_rule_{rule}"] = by_rule[rule]["pass"].to_numpy()
    boundary["robust"] = [_all_robust([by_rule[r]["robust"].iloc[i] for r in att.RULES])
                          for i in range(len(boundary))]
    host = _acceptance(_with_targets(data, data, park_scope=True), sol, line_built)
    host = host[host["indicator"].isin(park_rows)].reset_index(drop=True)
    host.insert(0, "scope", "park")
    for rule in att.RULES:
        host[f"pass_rule_{rule}"] = host["pass"].to_numpy()
    columns = list(boundary.columns)
    return pd.concat([boundary, host[columns]], ignore_index=True) if len(host) else boundary


def _all_robust(values) -> bool | None:
    if any(v is False for v in values):
        return False
    return None if any(v is None for v in values) else True


def _figures(view: ParkData, scoped: Solution, method: str) -> dict:
    tot = acc.totals(scoped.columns, view, scoped.annual_vars)
    c = acc.carbon(tot, view, method)
    share = indicators.matching_share(indicators.matching_table(view, scoped), view.weights)
    return {"electricity_mwh": tot["electricity_mwh"], "co2_t": c["co2_t"], "energy_tce": c["tce"],
            "intensity_t_per_tce": c["co2_t"] / c["tce"] if c["tce"] > 0 else float("nan"),
            "clean_energy_share": c["clean_tce"] / c["tce"] if c["tce"] > 0 else float("nan"),
            "hourly_matching_share": share}


def zones_table(data: ParkData, sol: Solution) -> pd.DataFrame:
    """The Zones sheet: one row per zone and rule, then per scope (boundary, rest, host) and rule, under
    the enforced accounting method. A zone's share of its group (boundary or rest) is pro rata to its draw."""
    method, w, cols = data.park["carbon_method"], data.weights, sol.columns
    k, _, _ = att.common_supply(cols, data)
    rows = []
    for scope in (*data.zones, *att.SCOPES):
        zones = att.scope_zones(data, scope)
        own = data.restricted_to(set(zones))
        own_used = sum((cols[acc.col_used(r)] for r in own.onsite_plants()), np.zeros(data.n_steps))
        for rule in (att.RULES if scope != "host" else (att.DEFAULT_RULE,)):
            sh = att.shares(cols, data, scope, rule)
            view, scoped = scope_solution(data, sol, scope, rule)
            rows.append({"scope": scope if scope in att.SCOPES else "zone", "zone": scope if scope in data.zones
                         else ", ".join(zones), "name": data.zones[scope]["name"] if scope in data.zones else
                         att.SCOPE_LABELS[scope], "in_boundary": (data.zones[scope]["in_boundary"]
                                                                  if scope in data.zones else None),
                         "rule": rule, "method": method,
                         "own_generation_mwh": acc.annual(own_used, w),
                         "draw_mwh": acc.annual(att.draw(cols, zones), w),
                         "feed_mwh": acc.annual(sum((cols[acc.col_feed(z)] for z in zones), np.zeros(data.n_steps)), w),
                         "attributed_carbon_free_mwh": acc.annual(sh.carbon_free * k, w),  # stores aside
                         "attributed_green_contract_mwh": scoped.annual_vars.get("green_power_mwh", 0.0),
                         **_figures(view, scoped, method)})
    return pd.DataFrame(rows)


def carbon_by_scope(data: ParkData, sol: Solution) -> pd.DataFrame:
    """CarbonByScope: the Carbon table (every method) of the boundary and the rest under every rule, and
    of the host park."""
    frames = []
    for scope in att.SCOPES:
        for rule in (att.RULES if scope != "host" else (att.DEFAULT_RULE,)):
            view, scoped = scope_solution(data, sol, scope, rule)
            table = indicators.carbon_table(view, scoped)
            table.insert(0, "rule", rule)
            table.insert(0, "scope", scope)
            frames.append(table)
    return pd.concat(frames, ignore_index=True)


def acceptance_by_scope(data: ParkData, sol: Solution) -> pd.DataFrame:
    """AcceptanceByScope: the boundary's targets (and the national indicators) judged on the boundary, the
    rest of the park and the host park alike, under every attribution rule (the host under pro rata, which
    is every rule for it): limit, achieved and pass under the enforced method, pass under each method."""
    line_built = bool((sol.lines["built_option"] != "none").any())
    frames = []
    for scope in att.SCOPES:
        for rule in (att.RULES if scope != "host" else (att.DEFAULT_RULE,)):
            view, scoped = scope_solution(data, sol, scope, rule)
            table = _acceptance(_with_targets(view, data, park_scope=False), scoped, line_built)
            table = table[~table["indicator"].isin(_park_rows(data)) & table["achieved"].notna()]
            table = table[["indicator", "limit", "enforce", "achieved", "pass", *[f"pass_{m}" for m in acc.METHODS]]]
            table.insert(0, "rule", rule)
            table.insert(0, "scope", scope)
            frames.append(table)
    return pd.concat(frames, ignore_index=True)


def scope_intensity(data: ParkData, sol: Solution, scope: str, rule: str = att.DEFAULT_RULE) -> float:
    """The scope's carbon intensity under the enforced method (tCO2/tce)."""
    view, scoped = scope_solution(data, sol, scope, rule)
    return _figures(view, scoped, data.park["carbon_method"])["intensity_t_per_tce"]


def boundary_year_figures(data: ParkData, sol: Solution) -> dict:
    """A pathway year's Years-sheet columns for the boundary (enforced method, pro rata): its tCO2 and its
    intensity, next to the host park's co2_t_per_yr and carbon_intensity_t_per_tce."""
    view, scoped = scope_solution(data, sol, "boundary")
    got = _figures(view, scoped, data.park["carbon_method"])
    return {"boundary_co2_t_per_yr": got["co2_t"], "boundary_carbon_intensity_t_per_tce": got["intensity_t_per_tce"]}


def summary_rows(data: ParkData, sol: Solution, leakage: dict | None = None) -> list[tuple[str, object, str]]:
    """Summary rows: the boundary's, the rest's and the host park's intensity (enforced method, pro rata),
    and the leakage figure when it was computed."""
    unit = f"tCO2/tce ({data.park['carbon_method']}, pro rata)"
    rows = [(f"{scope}_carbon_intensity_t_per_tce", scope_intensity(data, sol, scope), unit) for scope in att.SCOPES]
    if leakage:
        rows += [("rest_intensity_without_boundary_targets", leakage["rest_reference"], unit),
                 ("leakage_t_per_tce", leakage["rest_plan"] - leakage["rest_reference"],
                  "rest of the park: this plan minus the host park solved without the boundary's targets")]
    return rows


def claim_text(zones: pd.DataFrame, summary: pd.DataFrame) -> tuple[str, str]:
    """What the boundary claims and what the host park sees, in words (zh, en), from the Zones sheet's
    scope rows and the Summary (the leakage figure when computed). ("", "") without zones."""
    if zones is None or not len(zones) or "scope" not in zones:
        return "", ""
    got = {(r["scope"], r["rule"]): r["intensity_t_per_tce"] for r in zones.to_dict("records")}
    values = dict(zip(summary["indicator"], summary["value"]))
    b, first = got.get(("boundary", "pro_rata")), got.get(("boundary", "boundary_first"))
    last, rest, host = got.get(("boundary", "boundary_last")), got.get(("rest", "pro_rata")), got.get(("host", "pro_rata"))
    zh = (f"园中园：边界内（试点区域）按用电比例分摊公共母线供电，碳排放强度为 {b:.4f} tCO2/tce；若绿电优先归属边界内为 "
          f"{first:.4f}，若最后归属为 {last:.4f}。所在园区整体为 {host:.3f}，园区其余部分为 {rest:.3f}。")
    en = (f"Park within a park: with the common bus's supply attributed pro rata to each zone's draw, the boundary "
          f"(pilot area) claims {b:.4f} tCO2/tce ({first:.4f} if it takes the green supply first, {last:.4f} if last). "
          f"The host park as a whole sees {host:.3f}, the rest of the park {rest:.3f}.")
    if "leakage_t_per_tce" in values:
        ref, leak = values["rest_intensity_without_boundary_targets"], values["leakage_t_per_tce"]
        zh += (f"无边界目标时园区其余部分为 {ref:.3f}：本方案使其" +
               (f"升高 {leak:.3f}（碳泄漏）。" if leak > 0 else f"降低 {-leak:.3f}（无碳泄漏）。"))
        en += (f" Without the boundary's targets the rest of the park would be at {ref:.3f}: this plan moves it by "
               f"{leak:+.3f} ({'leakage: the rest gets dirtier' if leak > 0 else 'no leakage'}).")
    return zh, en


def console_line(summary: dict, lang: str = "both") -> str:
    """The console's line for a park within a park (Summary values): the three intensities, the solves
    the boundary's shares took, the leakage figure and the extra solve behind it; `lang` zh, en or both."""
    b, r, h = (summary[f"{s}_carbon_intensity_t_per_tce"] for s in ("boundary", "rest", "host"))
    en = f"zones (pro rata, tCO2/tce): boundary {b:.4f}, rest {r:.3f}, host {h:.3f}"
    zh = f"园中园（按比例归属，tCO2/tce）：试点边界 {b:.4f}，园区其余部分 {r:.3f}，整个园区 {h:.3f}"
    if "zone_share_solves" in summary:
        n = int(summary["zone_share_solves"])
        en += f"; boundary shares fixed and re-solved: {n} solve(s)"
        zh += f"；边界份额固定后重解：共 {n} 次求解"
    if "leakage_t_per_tce" in summary:
        without, leak = summary["rest_intensity_without_boundary_targets"], summary["leakage_t_per_tce"]
        en += (f"; solved the host park without the boundary's targets for the leakage figure: rest "
               f"{without:.3f} without, leakage {leak:+.3f}")
        zh += f"；为计算泄漏另解了一次不含边界目标的整个园区：其余部分在无边界目标时为 {without:.3f}，泄漏 {leak:+.3f}"
    return zh if lang == "zh" else en if lang == "en" else f"园中园 {en}\n  {zh}"
