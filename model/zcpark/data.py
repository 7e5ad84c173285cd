"""Plain, validated park data: what the reader produces and the model consumes.

No Pyomo and no Excel here. Tables are dicts keyed by id whose values are dicts of
column -> value (blanks already replaced by defaults); profiles are numpy arrays.
"""
from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np


def crf(rate: float, years: float) -> float:
    """Capital recovery factor CRF(r, n) = r(1+r)^n / ((1+r)^n - 1); 1/n when r = 0."""
    if rate == 0:
        return 1.0 / years
    growth = (1.0 + rate) ** years
    return rate * growth / (growth - 1.0)


@dataclass
class Target:
    value: float | None
    enforce: bool


@dataclass
class ParkData:
    park: dict                      # Park parameters
    targets: dict[str, Target]      # indicator -> Target
    renewables: dict[str, dict]     # tech -> row
    storage: dict[str, dict]        # tech -> row
    heat_supply: dict[str, dict]    # tech -> row
    fuels: dict[str, dict]          # fuel -> row
    lines: dict[str, dict[str, dict]]  # line -> option -> row
    grid: dict                      # Grid parameters
    green: dict[str, dict]          # product -> row (green_power, gec)
    price: np.ndarray               # grid energy price per time step, CNY/MWh
    profiles: dict[str, np.ndarray]  # Profiles columns, each of length n_steps
    scenarios: list[dict] = field(default_factory=list)
    offsets: dict[str, dict] = field(default_factory=dict)  # offset -> row
    source: str = ""                # input file name, for Meta
    scenario: str = "base"

    @property
    def n_steps(self) -> int:
        return len(self.profiles["electric_load_mw"])

    @property
    def weight(self) -> float:
        """w = hours_per_year / N: annual volume = w x sum over time steps."""
        return self.park["hours_per_year"] / self.n_steps

    @property
    def electric_load(self) -> np.ndarray:
        return self.profiles["electric_load_mw"]

    @property
    def heat_load(self) -> np.ndarray:
        return self.profiles.get("heat_load_mw", np.zeros(self.n_steps))

    @property
    def grid_ef_hourly(self) -> np.ndarray:
        """Hourly average grid factor: the Profiles column if given, else the constant."""
        if "grid_ef_t_per_mwh" in self.profiles:
            return self.profiles["grid_ef_t_per_mwh"]
        return np.full(self.n_steps, self.grid["emission_factor_average"])

    def crf(self, lifetime_yr: float) -> float:
        return crf(self.park["discount_rate"], lifetime_yr)

    def target(self, indicator: str) -> Target | None:
        """The target if it is given a value, else None."""
        t = self.targets.get(indicator)
        return t if t is not None and t.value is not None else None

    def enforced(self, indicator: str) -> float | None:
        """The limit of an enforced target, or None when it is absent or not enforced."""
        t = self.target(indicator)
        return t.value if t is not None and t.enforce else None

    def direct_plants(self) -> list[str]:
        return [r for r, row in self.renewables.items() if row["site"] != "onsite"]

    def onsite_plants(self) -> list[str]:
        return [r for r, row in self.renewables.items() if row["site"] == "onsite"]

    def batteries(self) -> list[str]:
        return [s for s, row in self.storage.items() if row["kind"] == "battery"]

    def thermal_stores(self) -> list[str]:
        return [s for s, row in self.storage.items() if row["kind"] == "thermal"]

    def green_shape(self) -> np.ndarray:
        """Hourly spread of contracted green power, normalised to sum 1 over the horizon."""
        shape_name = self.green.get("green_power", {}).get("shape", "flat")
        shape = np.ones(self.n_steps) if shape_name == "flat" else self.profiles[shape_name]
        total = shape.sum()
        return shape / total if total > 0 else np.full(self.n_steps, 1.0 / self.n_steps)

    def line_capex(self, line: str, option: str) -> float:
        """Investment of one line option, CNY: length x per-km cost + fixed."""
        row = self.lines[line][option]
        return row["length_km"] * row["capex_cny_per_km"] + row["fixed_capex_cny"]
