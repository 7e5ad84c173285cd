"""User-facing errors: what went wrong, where, and what was expected.

Exit codes (README): 0 solved, 2 invalid input (or an output that cannot be written), 3 infeasible,
4 solver failed / no solution, 130 stopped with Ctrl-C (128 + SIGINT, as shells report it).
"""
from __future__ import annotations

from dataclasses import dataclass

EXIT_OK, EXIT_INPUT, EXIT_INFEASIBLE, EXIT_SOLVER = 0, 2, 3, 4
EXIT_INTERRUPTED = 130


@dataclass(frozen=True)
class Problem:
    """One problem in the input workbook. `row` is the Excel row number (header = 1)."""

    sheet: str
    row: int | None
    column: str | None
    found: str
    expected: str

    def __str__(self) -> str:
        where = self.sheet
        if self.row is not None:
            where += f" row {self.row}"
        if self.column:
            where += f", column {self.column}"
        return f"{where}: found {self.found}; expected {self.expected}"


class ZcparkError(Exception):
    exit_code = EXIT_SOLVER


class InputError(ZcparkError):
    """The workbook has problems; all of them are listed together."""

    exit_code = EXIT_INPUT

    def __init__(self, problems: list[Problem], source: str = ""):
        self.problems = list(problems)
        self.source = source
        super().__init__(self.summary())

    def summary(self) -> str:
        n = len(self.problems)
        head = f"{self.source}: " if self.source else ""
        return (head + f"输入工作簿有 {n} 处问题 {n} problem{'s' if n != 1 else ''} in the input workbook "
                "(工作表 sheet, 行 row, 列 column: 发现 found; 应为 expected):\n"
                + "\n".join(f"  - {p}" for p in self.problems))


class InfeasibleError(ZcparkError):
    """No plan meets every enforced target within the limits; `reasons` says why."""

    exit_code = EXIT_INFEASIBLE

    def __init__(self, message: str, reasons: list[str] | None = None, diagnosis=None):
        self.reasons = reasons or []
        self.diagnosis = diagnosis  # the diagnosis workbook written, if any (a Path)
        super().__init__(message)


class SolverError(ZcparkError):
    exit_code = EXIT_SOLVER


class OutputError(ZcparkError):
    """A results file or folder cannot be written (a locked or read-only file, an unwritable
    folder): the user's to fix, like an input problem, so exit code 2."""

    exit_code = EXIT_INPUT
