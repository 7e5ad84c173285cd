"""The least-CO2 plan: the tight end of the cost-carbon frontier, found rather than guessed.

The park's model is built as usual, its carbon-intensity target (if any) is switched off, and the
cost objective is replaced by tCO2/yr under the Park's carbon_method (of the boundary, with zones). Every other enforced target
and every limit stays in force. The plan's intensity co2 / tce is a value the park can reach.

Why CO2 and not intensity itself: intensity is a ratio, and it can also be lowered by consuming
more energy (tce) at no extra CO2, e.g. by cycling clean power through storage losses. Minimising
it would chase that; the least-CO2 plan is the meaningful "as clean as it gets" end point.
"""
from __future__ import annotations

from pyomo.environ import Objective, minimize, value

from zcpark.core import accounting as acc
from zcpark.core import attribution
from zcpark.procedures import typical
from zcpark.core.build import build_model
from zcpark.core.options import SolveOptions
from zcpark.core.solve import solve


def least_co2(data, options: SolveOptions | None = None, typical_days: int | None = None) -> dict:
    """Solve for the least tCO2/yr; return co2_t, tce and intensity_t_per_tce of that plan
    (on typical days when `typical_days`, else the Park's typical_days, asks for them).

    A build pathway: the least tCO2/yr of its acceptance year, every year on the same sizing horizon,
    with the vintages, limits and the other years' own targets of the pathway model in force (with zones,
    every year's boundary targets written with its shares estimated from the loads, not iterated).

    Raises InfeasibleError when the other enforced targets cannot be met at all."""
    pathway = data.pathway is not None
    if pathway:
        from zcpark.core.pathway_build import build_pathway_model
        from zcpark.procedures.pathway import sizing_pathway
        sized = sizing_pathway(data.pathway, typical_days)
        data = sized.data[sized.acceptance_year]
        m = build_pathway_model(sized)
        year = m.year[sized.acceptance_year]
    else:
        data = typical.sizing_horizon(data, typical_days)
        m = year = build_model(data)
    if hasattr(year, "target_carbon_intensity"):
        year.target_carbon_intensity.deactivate()
    carbon = _enforced_scope_carbon(year, data)  # the boundary's with zones (a pathway: the acceptance year's)
    # Scale to about 1 (as if all final demand came from fossil power) for the solver's tolerances.
    reference_t = max(1.0, float(acc.annual(data.electric_load + data.heat_load, data.weights))
                      * data.grid["emission_factor_fossil"])
    m.total_cost.deactivate()
    m.least_co2 = Objective(expr=carbon["co2_t"] / reference_t, sense=minimize)
    solve(m, options)
    co2, tce = float(value(carbon["co2_t"])), float(value(carbon["tce"]))
    return {"co2_t": co2, "tce": tce, "intensity_t_per_tce": co2 / tce if tce > 0 else float("nan")}


def _enforced_scope_carbon(m, data) -> dict:  # m: the model, or a pathway year's block
    """accounting.carbon of the scope the carbon-intensity target holds for: the park, or with zones (a
    park within a park) the boundary, its shares of the common bus estimated from the loads (one solve:
    the frontier's least-CO2 end of a park within a park is that estimate, not iterated)."""
    method = data.park["carbon_method"]
    target = data.targets.get("carbon_intensity_max")
    if not data.zones or (target is not None and target.scope == "park"):
        return acc.carbon(m.terms.totals, data, method)
    sh = attribution.estimated_shares(data, "boundary")
    view = attribution.scope_view(data, "boundary")
    cols = attribution.scope_columns(m.terms.cols, data, "boundary", sh)
    return acc.carbon(acc.totals(cols, view, attribution.scope_annual_vars(m.terms.annual_vars, sh)), view, method)
