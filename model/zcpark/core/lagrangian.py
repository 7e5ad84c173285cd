"""Lower bounds on an LP from any row multipliers (weak duality): the enumeration's screening.

For min c'x + offset s.t. rl <= Ax <= ru, l <= x <= u and ANY row multipliers y,

    L(y) = offset + sum_j min over [l_j, u_j] of (c - A'y)_j x_j + sum_i min over [rl_i, ru_i] of y_i r_i

is at most the LP's optimum (take the optimal x, r = Ax: every term is at least its minimum).
The duals of one combination's LP are such a y for every other combination of the enumeration
(they differ only in column bounds), so each combination gets a bound for the price of one sparse
product, no solve. The bound is rigorous whatever y is: no tolerance is assumed of the solver
that produced it (a multiplier of the wrong sign on a one-sided row is clipped to zero, which
keeps the bound valid; an unbounded term makes it -inf).
"""
from __future__ import annotations

import numpy as np
from zcpark.core.scipy_sparse import sp


def _box_min(coef: np.ndarray, lower: np.ndarray, upper: np.ndarray) -> float:
    """sum_k min over [lower_k, upper_k] of coef_k v_k; -inf if a term is unbounded below."""
    at = np.where(coef > 0, lower, np.where(coef < 0, upper, 0.0))
    if not np.isfinite(at[coef != 0]).all():
        return -np.inf
    return float(coef @ at)


class LagrangianBound:
    """The LP's data (a highspy HighsLp) once; `bound(y, col_lower, col_upper)` per multiplier
    vector and column bounds."""

    def __init__(self, lp):
        n, m = lp.num_col_, lp.num_row_
        self.matrix = sp.csc_matrix((np.asarray(lp.a_matrix_.value_), np.asarray(lp.a_matrix_.index_),
                                     np.asarray(lp.a_matrix_.start_)), shape=(m, n))
        self.cost = np.asarray(lp.col_cost_, dtype=float)
        self.offset = float(lp.offset_)
        self.row_lower = np.asarray(lp.row_lower_, dtype=float)
        self.row_upper = np.asarray(lp.row_upper_, dtype=float)

    def bound(self, row_dual, col_lower, col_upper) -> float:
        y = np.asarray(row_dual, dtype=float).copy()
        y[~np.isfinite(self.row_lower) & (y > 0)] = 0.0   # a row with no lower side takes y <= 0
        y[~np.isfinite(self.row_upper) & (y < 0)] = 0.0   # ... with no upper side, y >= 0
        reduced = self.cost - self.matrix.T @ y
        return self.offset + _box_min(reduced, np.asarray(col_lower), np.asarray(col_upper)) \
            + _box_min(y, self.row_lower, self.row_upper)
