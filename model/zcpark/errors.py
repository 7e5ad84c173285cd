"""User-facing errors: what went wrong, where, and what was expected.

Exit codes (README): 0 solved, 2 invalid input (or an output that cannot be written), 3 infeasible,
4 solver failed / no solution, 130 stopped with Ctrl-C (128 + SIGINT, as shells report it).
"""
from __future__ import annotations

from dataclasses import dataclass

from zcpark.language import pick

EXIT_OK, EXIT_INPUT, EXIT_INFEASIBLE, EXIT_SOLVER = 0, 2, 3, 4
EXIT_INTERRUPTED = 130


@dataclass(frozen=True)
class Problem:
    """One problem in the input workbook. `row` is the Excel row number (header = 1).
    `found_zh`, `expected_zh`: the Chinese of `found` and `expected`, written next to the English
    where the message is made ("" for `found_zh`: the found text is the cell's own value)."""

    sheet: str
    row: int | None
    column: str | None
    found: str
    expected: str
    found_zh: str = ""
    expected_zh: str = ""

    def __str__(self) -> str:
        where = self.sheet
        if self.row is not None:
            where += f" row {self.row}"
        if self.column:
            where += f", column {self.column}"
        return f"{where}: found {self.found}; expected {self.expected}"

    @property
    def translated(self) -> bool:
        return bool(self.expected_zh)

    def zh(self) -> str:
        """The message in Chinese (English parts where no translation was written)."""
        where = self.sheet + (f" 第 {self.row} 行" if self.row is not None else "")
        if self.column:
            where += f"，列 {self.column}"
        return f"{where}：发现 {self.found_zh or self.found}；应为 {self.expected_zh or self.expected}"

    def text(self, lang: str = "both") -> str:
        """The message in `lang` (zh, en, or both: English, then the Chinese on the next line)."""
        if lang == "en" or not self.translated:
            return str(self)
        return self.zh() if lang == "zh" else f"{self}\n    {self.zh()}"


class ZcparkError(Exception):
    exit_code = EXIT_SOLVER
    language: str | None = None  # the Park sheet's `language` when known (the command line prints in it)


class InputError(ZcparkError):
    """The workbook has problems; all of them are listed together."""

    exit_code = EXIT_INPUT

    def __init__(self, problems: list[Problem], source: str = "", language: str | None = None):
        self.problems = list(problems)
        self.source = source
        self.language = language
        super().__init__(self.summary())

    def summary(self, lang: str = "both") -> str:
        n = len(self.problems)
        head = f"{self.source}: " if self.source else ""
        zh = f"输入工作簿有 {n} 处问题（工作表 第几行，列：发现；应为）"
        en = f"{n} problem{'s' if n != 1 else ''} in the input workbook (sheet row, column: found; expected)"
        if lang == "both":  # one bilingual header, as before the language choice
            zh, en = f"输入工作簿有 {n} 处问题", (f"{n} problem{'s' if n != 1 else ''} in the input workbook "
                                           "(工作表 sheet, 行 row, 列 column: 发现 found; 应为 expected)")
        colon = "：" if lang == "zh" else ":"
        return head + pick(lang, zh, en) + colon + "\n" + "\n".join(f"  - {p.text(lang)}" for p in self.problems)


class InfeasibleError(ZcparkError):
    """No plan meets every enforced target within the limits; `reasons` says why."""

    exit_code = EXIT_INFEASIBLE

    def __init__(self, message: str, reasons: list[str] | None = None, diagnosis=None,
                 reasons_zh: list[str] | None = None, message_zh: str = ""):
        self.reasons = reasons or []
        self.reasons_zh = reasons_zh or []  # the same reasons in Chinese, when the diagnosis wrote them
        self.message_zh = message_zh
        self.diagnosis = diagnosis  # the diagnosis workbook written, if any (a Path)
        super().__init__(message)


class SolverError(ZcparkError):
    exit_code = EXIT_SOLVER


class OutputError(ZcparkError):
    """A results file or folder cannot be written (a locked or read-only file, an unwritable
    folder): the user's to fix, like an input problem, so exit code 2."""

    exit_code = EXIT_INPUT
