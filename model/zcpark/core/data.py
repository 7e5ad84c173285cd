"""Plain, validated park data: what the reader produces and the model consumes.

No Pyomo and no Excel here. Tables are dicts keyed by id whose values are dicts of
column -> value (blanks already replaced by defaults); profiles are numpy arrays.
"""
from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from zcpark.core import technologies as techs


def crf(rate: float, years: float) -> float:
    """Capital recovery factor CRF(r, n) = r(1+r)^n / ((1+r)^n - 1); 1/n when r = 0."""
    if rate == 0:
        return 1.0 / years
    growth = (1.0 + rate) ** years
    return rate * growth / (growth - 1.0)


def zone_load_sums(profiles: dict, zones: dict) -> dict[str, np.ndarray]:
    """The park's load columns as the sums of the zones' (Zones sheet: electric_load, heat_load): the park's
    electric_load_mw, and heat_load_mw when a zone has a heat load."""
    out = {"electric_load_mw": np.sum([profiles[z["electric_load"]] for z in zones.values()], axis=0)}
    heat = [profiles[z["heat_load"]] for z in zones.values() if z["heat_load"]]
    if heat:
        out["heat_load_mw"] = np.sum(heat, axis=0)
    return out


@dataclass(frozen=True)
class Note:
    """Something the reader did or suspects that is not an error, for the console and the results'
    Warnings sheet. kind "default": a blank cell (or a missing row or column) took its documented
    default; "plausibility": a valid value that is probably a unit mistake (workbook/plausibility.py)."""
    sheet: str
    row: int | None     # Excel row (header = 1); None: the whole sheet or column
    column: str | None
    kind: str
    message: str
    message_zh: str = ""  # its Chinese, written where the note is made ("" when not translated)

    def __str__(self) -> str:
        where = self.sheet + (f" row {self.row}" if self.row is not None else "")
        return where + (f", column {self.column}" if self.column else "") + f": {self.message}"

    def zh(self) -> str:
        where = self.sheet + (f" 第 {self.row} 行" if self.row is not None else "")
        return where + (f"，列 {self.column}" if self.column else "") + f"：{self.message_zh or self.message}"


@dataclass
class Target:
    value: float | None
    enforce: bool
    scope: str = "boundary"  # with Zones: "boundary" (the pilot area) or "park" (the host park)


@dataclass
class Periods:
    """How a typical-period horizon represents the year (see typical.py).

    The horizon is `len(counts)` periods of `steps` consecutive steps each; period p occupies
    steps p*steps .. p*steps + steps - 1. `order[d]` is the period that stands for day d of the
    year (d = 0..D-1, in calendar order), so counts[p] = number of days d with order[d] = p."""
    steps: int                      # steps per period (24: one day of hours)
    order: np.ndarray               # int, length D: representative period of each day of the year
    counts: np.ndarray              # int, per period: days of the year it stands for
    n_extreme: int = 0              # the last n_extreme periods are extreme days (count 1 each)


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
    process: dict[str, dict] = field(default_factory=dict)     # product -> ProcessEmissions row
    heat_trade: dict[str, dict] = field(default_factory=dict)  # purchase | sale -> HeatTrade row
    guiding: dict[str, dict] = field(default_factory=dict)     # indicator -> Guiding row
    source: str = ""                # input file name, for Meta
    scenario: str = "base"
    periods: Periods | None = None  # set when the horizon is typical periods, not the full year
    notes: list[Note] = field(default_factory=list)  # defaults applied and plausibility warnings (Warnings sheet)
    pathway: object = None          # core.pathway.Pathway when the workbook has a Years sheet (this is its acceptance year)
    # Zones sheet (park within a park): zone -> row (in_boundary, electric_load, heat_load, link_max_mw); empty: one bus.
    # The zones' load columns are Profiles columns; electric_load_mw (heat_load_mw) is then their sum.
    zones: dict[str, dict] = field(default_factory=dict)

    @property
    def n_steps(self) -> int:
        return len(self.profiles["electric_load_mw"])

    @property
    def weights(self) -> np.ndarray:
        """w[t], hours of the year that step t stands for: annual volume = sum_t w[t] x[t].
        Full horizon: w = hours_per_year / N everywhere. Typical periods: the period's number
        of days x hours_per_year / (days x steps), so the weights still sum to hours_per_year."""
        if self.periods is None:
            return np.full(self.n_steps, self.park["hours_per_year"] / self.n_steps)
        p = self.periods
        per_day = self.park["hours_per_year"] / (len(p.order) * p.steps)
        return np.repeat(p.counts * per_day, p.steps).astype(float)

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

    def horizon(self) -> str:
        """One line for Summary and the terminal, e.g. '12 typical days + 2 extreme days (336 steps
        for 365 days)' or 'full horizon (8760 steps)'."""
        p = self.periods
        if p is None:
            return f"full horizon ({self.n_steps} steps)"
        return (f"{len(p.counts) - p.n_extreme} typical days + {p.n_extreme} extreme days "
                f"({self.n_steps} steps for {len(p.order)} days)")

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

    def zone_of(self, table: str, tech: str) -> str:
        """The zone a Renewables / Storage / HeatSupply row is on ("" : the common bus)."""
        return getattr(self, table)[tech].get("zone") or ""

    def boundary_zones(self) -> list[str]:
        return [z for z, row in self.zones.items() if row["in_boundary"]]

    def zone_load(self, zone: str) -> np.ndarray:
        """A zone's electric load per step (MW), its Profiles column."""
        return self.profiles[self.zones[zone]["electric_load"]]

    def zone_heat_load(self, zone: str) -> np.ndarray:
        column = self.zones[zone]["heat_load"]
        return self.profiles[column] if column else np.zeros(self.n_steps)

    def restricted_to(self, zones) -> "ParkData":
        """A view of the park holding only the assets on `zones` ("" : the common bus, with the grid and the
        direct lines) and the load of those zones: what accounting sees for one zone, a bus or a scope."""
        import dataclasses
        zones = set(zones)

        def keep(table):
            return {k: row for k, row in getattr(self, table).items() if (row.get("zone") or "") in zones}
        n = self.n_steps
        profiles = dict(self.profiles)
        profiles["electric_load_mw"] = sum((self.zone_load(z) for z in zones if z), np.zeros(n))
        profiles["heat_load_mw"] = sum((self.zone_heat_load(z) for z in zones if z), np.zeros(n))
        return dataclasses.replace(self, renewables=keep("renewables"), storage=keep("storage"),
                                   heat_supply=keep("heat_supply"), heat_trade=keep("heat_trade"), process=keep("process"),
                                   lines=self.lines if "" in zones else {}, profiles=profiles)

    def direct_plants(self) -> list[str]:
        return [r for r, row in self.renewables.items() if row["site"] != "onsite"]

    def onsite_plants(self) -> list[str]:
        return [r for r, row in self.renewables.items() if row["site"] == "onsite"]

    def batteries(self) -> list[str]:
        return [s for s, row in self.storage.items() if techs.role(row["kind"]).feeds == techs.ELECTRICITY]

    def thermal_stores(self) -> list[str]:
        return [s for s, row in self.storage.items() if techs.role(row["kind"]).feeds == techs.HEAT]

    def green_shape(self) -> np.ndarray:
        """MW delivered at each step per MWh/yr of contracted green power: shape[t] / sum_t w[t] shape[t],
        so that the annual volume sum_t w[t] x MW[t] equals the contract."""
        shape_name = self.green.get("green_power", {}).get("shape", "flat")
        shape = np.ones(self.n_steps) if shape_name == "flat" else self.profiles[shape_name]
        if not shape.sum() > 0:
            shape = np.ones(self.n_steps)
        return shape / float(self.weights @ shape)

    def line_capex(self, line: str, option: str) -> float:
        """Investment of one line option, CNY: length x per-km cost + fixed."""
        row = self.lines[line][option]
        return row["length_km"] * row["capex_cny_per_km"] + row["fixed_capex_cny"]
