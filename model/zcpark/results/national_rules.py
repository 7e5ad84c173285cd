"""Acceptance as the national rules define it (发改环资〔2025〕910号 附件3 and 附件4): which text
each Acceptance row follows (`rule`), the indicators reported even when the Targets sheet omits
them, the core indicator's threshold by energy class on the solved plan, and the guiding
indicators entered as data (Guiding sheet). Plain data in, plain rows out; no Pyomo.
"""
from __future__ import annotations

from zcpark.core import accounting as acc
from zcpark.core.data import ParkData, Target
from zcpark.workbook.schema import ELECTRICITY_TCE_EQUIVALENT, GUIDING_INDICATORS

RULE_CORE = "910号附件3 核心指标 / 附件4"
RULE_GUIDING = "910号附件3 引导性指标"
RULE_DIRECT_SUPPLY = "910号附件4 直接供应比例 (原则上)"
RULE_650 = "650号"
RULE_PARK = "park target"
DIRECT_650 = ("direct_self_use_min", "direct_consumption_share_min", "direct_feed_in_max")

# The national thresholds other than the core indicator's (which follows the energy class):
# reported at these values when the Targets sheet has no row for them.
NATIONAL_THRESHOLDS = {"clean_energy_share_min": (0.9, RULE_GUIDING),
                       "direct_supply_share_min": (0.5, RULE_DIRECT_SUPPLY)}
TOL = 1e-6


def reported_targets(data: ParkData) -> dict[str, Target]:
    """The park's targets plus, when its Targets sheet has no row for them, the core indicator
    (blank value: the class threshold), the clean-energy share at 0.9 and the direct-supply
    share at 0.5, all reported only (enforce no)."""
    targets = dict(data.targets)
    targets.setdefault("carbon_intensity_max", Target(None, False))
    for indicator, (threshold, _) in NATIONAL_THRESHOLDS.items():
        targets.setdefault(indicator, Target(threshold, False))
    return targets


def core_class(tot: dict, data: ParkData) -> tuple[float, float]:
    """(annual energy use at 等价值 of the solved plan, tce/yr; its 910号 core threshold).
    The 等价值 tce is ndrc_910's tce (accounting.carbon), whatever method is enforced."""
    tce = acc.carbon(tot, data, "ndrc_910")["tce"]
    return tce, acc.energy_class_limit(tce)


def limit(indicator: str, target: Target, core: tuple[float, float]) -> float | None:
    """The limit an Acceptance row is judged against: the Targets value, or for a blank core
    indicator the threshold of the solved plan's energy class (`core` from core_class)."""
    if indicator == "carbon_intensity_max" and target.value is None:
        return core[1]
    return target.value


def rule(indicator: str, value: float | None, core: tuple[float, float]) -> str:
    """Which text a row follows: the national threshold, or the park's own target when its value
    differs from the national one (the note then gives the national threshold)."""
    if indicator in GUIDING_INDICATORS:
        return RULE_GUIDING
    if indicator in DIRECT_650:
        return RULE_650
    if indicator == "carbon_intensity_max":
        return RULE_CORE if value is None or abs(value - core[1]) <= TOL else RULE_PARK
    if indicator in NATIONAL_THRESHOLDS:
        threshold, text = NATIONAL_THRESHOLDS[indicator]
        return text if value is not None and abs(value - threshold) <= TOL else RULE_PARK
    return RULE_PARK


def _core_note(target: Target, data: ParkData, tot: dict, core: tuple[float, float], intensity: float) -> str:
    tce, threshold = core
    size = f"≥ {acc.ENERGY_CLASS_TCE:,.0f}" if tce >= acc.ENERGY_CLASS_TCE else f"< {acc.ENERGY_CLASS_TCE:,.0f}"
    parts = [f"energy use {tce:,.0f} tce/yr at 等价值 ({size}): 910号 threshold {threshold:g}"]
    if target.value is None and target.enforce:
        estimated = acc.estimated_tce_equivalent(data)
        enforced = acc.energy_class_limit(estimated)
        if enforced != threshold:
            parts.append(f"the model enforced {enforced:g}, the threshold of the class estimated before the solve "
                         f"(final demand x 等价值 = {estimated:,.0f} tce/yr); the solved plan is in the other class: "
                         f"set carbon_intensity_max to {threshold:g} to plan for it")
    elif target.value is not None and abs(target.value - threshold) > TOL:
        verdict = "meets it" if intensity <= threshold + TOL else "does NOT meet it"
        parts.append(f"the park's own limit {target.value:g} differs; under ndrc_910 the plan {verdict}")
    if tot["export_mwh"] > 0:
        if data.grid["export_certificates_sold"]:
            parts.append("ndrc_910: exports earn no credit (their green certificates are sold: "
                         "Grid export_certificates_sold)")
        else:
            parts.append(f"ndrc_910: exports ({tot['export_mwh']:,.0f} MWh/yr) are netted from imports at "
                         f"{data.park['ndrc_910_emission_factor']:g} tCO2/MWh (附件4 E电 = 受入 - 送出)")
    return "; ".join(parts)


def note(indicator: str, target: Target, data: ParkData, tot: dict, core: tuple[float, float],
         ndrc_achieved: float) -> str:
    """What a reader needs besides the numbers: the energy class and the export rule (core
    indicator), the national threshold when the park sets its own, what counts as direct supply."""
    if indicator == "carbon_intensity_max":
        return _core_note(target, data, tot, core, ndrc_achieved)
    if indicator in NATIONAL_THRESHOLDS and target.value is not None:
        threshold, text = NATIONAL_THRESHOLDS[indicator]
        meets = "meets" if ndrc_achieved >= threshold - TOL else "misses"
        parts = [] if abs(target.value - threshold) <= TOL else [
            f"{text}: {threshold:g} (under ndrc_910 the plan {meets} it)"]
        if indicator == "direct_supply_share_min":
            parts.insert(0, "on-site and direct-line green power used in the park (exports deducted) / electricity use")
        return "; ".join(parts)
    return ""


def guiding_rows(data: ParkData) -> list[dict]:
    """One Acceptance row per guiding indicator entered as data: judged on its value (or yes / no),
    left out with its reason, or 'no data' when the Guiding sheet has no row for it. Reported only."""
    rows = []
    for indicator, (threshold, sense, _, _) in GUIDING_INDICATORS.items():
        row = data.guiding.get(indicator)
        value = row["value"] if row else None
        meets = row["meets"] if row else None
        achieved, margin, ok = float("nan"), float("nan"), None
        if value is not None:
            achieved = value
            margin = threshold - value if sense == "max" else value - threshold
            ok = margin >= -TOL
            text = f"source: {row['source']}" if row["source"] else ""
        elif meets is not None:
            ok = meets
            text = "answered yes / no: " + ("meets grade 2 or better" if meets else "does not meet grade 2")
        elif row is not None:
            text = f"left out: {row['reason']}"
        else:
            text = "no data: add a Guiding row (a value, or blank with a reason to leave it out)"
        applies = ok is not None
        rows.append({"indicator": indicator, "rule": RULE_GUIDING, "limit": threshold, "enforce": False,
                     "applies": applies, "achieved": achieved, "margin": margin, "pass": ok,
                     **{f"pass_{m}": ok for m in acc.METHODS}, "robust": ok if applies else None, "warning": "",
                     "note": text})
    return rows


def summary_rows(data: ParkData, tot: dict, enforced: dict, core: tuple[float, float]) -> list[tuple]:
    """Summary rows of the official method: which electricity coefficient the tce uses, process
    emissions, heat traded, the direct-supply share and the energy class."""
    method = data.park["carbon_method"]
    coefficient = acc.electricity_tce_per_mwh(data, method)
    basis = f"{acc.electricity_tce_basis(method)} ({coefficient:g} tce/MWh)"
    if method == "ndrc_910" and coefficient == ELECTRICITY_TCE_EQUIVALENT:
        basis += " - zcpark's default, not verified (data/SOURCES.md): set your statistics year's figure"
    rows = [("electricity_tce_basis", basis, "coefficient of energy_tce_per_yr"),
            ("process_co2_t_per_yr", enforced["process_t"], "tCO2/yr (ProcessEmissions, in co2_t_per_yr)")]
    if data.heat_trade:
        rows += [("heat_purchase_mwh_per_yr", tot["heat_purchase_mwh"], "MWh/yr"),
                 ("heat_sale_mwh_per_yr", tot["heat_sale_mwh"], "MWh/yr"),
                 ("heat_trade_co2_t_per_yr", enforced["heat_t"], "tCO2/yr (in co2_t_per_yr)")]
    tce, threshold = core
    share = acc.direct_supply_share(tot)
    rows += [("direct_supply_share", share, "share (910号附件4, 原则上 ≥ 0.5)"),
             ("energy_tce_equivalent_per_yr", tce, "tce/yr at 等价值 (energy class, 910号附件3)"),
             ("energy_class", f"{'≥' if tce >= acc.ENERGY_CLASS_TCE else '<'} 1,000,000 tce/yr: core threshold "
              f"{threshold:g} tCO2/tce", "")]
    return rows
