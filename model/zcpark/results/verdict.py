"""Does the plan pass? The one verdict that the console, the Dashboard, the report and the batch
summaries all show, read from the Acceptance table (as built, or as read back from results.xlsx).

Levels: `pass` (every enforced target under every accounting method, and for a park within a park
under every attribution rule of the common bus), `fragile` (passes under the enforced method and the
default rule only: the result depends on the accounting choice, the green-washing flag),
`fail` (an enforced target fails under the enforced method), `n/a` (none fails under the enforced
method, but one has no achieved value there, e.g. the intensity of a park using no energy: not a
pass). Reported-only targets that are missed are named but do not change the level.
"""
from __future__ import annotations

from dataclasses import dataclass, field

import pandas as pd

from zcpark.core.accounting import METHODS
from zcpark.results.labels import METHOD_LABELS, TARGET_LABELS, Label, flag, summary_values

# Excel's Good / Neutral / Bad colours (fill, font; RGB hex), for the workbook and the HTML report.
LEVEL_COLOURS = {"pass": ("C6EFCE", "006100"), "fragile": ("FFEB9C", "9C5700"), "fail": ("FFC7CE", "9C0006"),
                 "n/a": ("F2F2F2", "808080")}
FLAG_LEVEL = {True: "pass", False: "fail", None: "n/a"}


def fragility(passes: dict, method: str) -> str:
    """A warning when a target passes under the enforced method but fails under another.
    `passes`: method -> True / False / None (not applicable)."""
    failing = [m for m, ok in passes.items() if ok is False]
    if passes.get(method) and failing:
        return f"passes under {method} but fails under {', '.join(failing)}: depends on the accounting choice"
    return ""


@dataclass
class Verdict:
    """Does the plan pass? `failing[m]`: enforced targets that fail under method m;
    `missed`: reported-only targets missed under the enforced method; `fragile`: targets (enforced
    or not) that pass under `method` but fail under another; `undetermined[m]`: enforced targets
    with no achieved value under method m, which neither pass nor fail."""
    method: str
    failing: dict[str, list[str]]
    missed: list[str]
    fragile: list[str]
    undetermined: dict[str, list[str]] = field(default_factory=dict)
    # a park within a park: attribution rule -> enforced targets failing under the enforced method and
    # that rule (results/zones.py); a plan passing only under some rule is fragile, not robust
    failing_by_rule: dict[str, list[str]] = field(default_factory=dict)

    @property
    def passes(self) -> bool:
        return not self.failing[self.method]

    def method_result(self, method: str) -> bool | None:
        """Under `method`: False (an enforced target fails), None (one cannot be judged), else True."""
        if self.failing[method]:
            return False
        return None if self.undetermined.get(method) else True

    @property
    def level(self) -> str:
        """'pass' (under every method), 'fragile' (only under some), 'fail' (not under the enforced
        one) or 'n/a' (no failure under the enforced method, but a target there cannot be judged)."""
        if not self.passes:
            return "fail"
        if self.undetermined.get(self.method):
            return "n/a"
        robust = not any(self.failing.values()) and not any(self.failing_by_rule.values())
        return "pass" if robust else "fragile"

    def passing_methods(self) -> list[str]:
        return [m for m, bad in self.failing.items() if not bad]

    def by_method(self) -> list[tuple[str, str, bool | None, list[str]]]:
        """For each method: (bilingual method label, method id, its result as in `method_result`,
        the enforced targets failing under it, or else those it cannot judge)."""
        return [(METHOD_LABELS.get(m, m) + (" (执行 enforced)" if m == self.method else ""), m,
                 self.method_result(m), bad or self.undetermined.get(m, [])) for m, bad in self.failing.items()]

    def plain(self) -> str:
        """The console's words: 'meets every enforced target' or 'FAILS ...', then reported misses."""
        failed, unjudged = self.failing[self.method], self.undetermined.get(self.method)
        text = "meets every enforced target" if not failed else "FAILS " + ", ".join(failed)
        if unjudged and not failed:
            text = "cannot be judged: no achieved value (no energy use?) for " + ", ".join(unjudged)
        if self.missed:
            text += "; misses (reported only): " + ", ".join(self.missed)
        return text

    def headline(self, lang: str = "both") -> str:
        """One line: Chinese (zh), English (en), or both: the Chinese word of the level, then the
        English sentence (as the Dashboard and the report show it)."""
        word, zh, en = self._headline_parts(lang)
        missed = ", ".join(self.missed)
        if lang == "zh":
            return zh + ("；未达（仅报告）：" + _names_zh(self.missed) if self.missed else "")
        if lang == "en":
            return en + (f"; misses (reported only): {missed}" if self.missed else "")
        return f"{word} {en}" + (f"; 未达(仅报告) misses (reported only): {missed}" if self.missed else "")

    def _headline_parts(self, lang: str) -> tuple[str, str, str]:
        """(the level's Chinese word, the Chinese sentence, the English sentence), without the misses."""
        if self.level == "fail":
            failing = self.failing[self.method]
            label = f" ({METHOD_LABELS.get(self.method, '')})" if lang == "both" else ""
            return ("未通过", f"未通过：按 {self.method}（{METHOD_LABELS.get(self.method, '')}）未达到 {_names_zh(failing)}",
                    f"FAILS under {self.method}{label}: " + ", ".join(failing))
        if self.level == "n/a":
            unjudged = self.undetermined[self.method]
            return ("无法判定", "无法判定：以下指标没有实际值（园区没有能源消费？）：" + _names_zh(unjudged),
                    "CANNOT BE JUDGED: no achieved value (no energy use?) for " + ", ".join(unjudged))
        if self.level == "pass":
            methods = ", ".join(self.failing)
            return ("通过", f"通过：在所有核算方法下均满足全部强制目标（{methods}）",
                    f"PASSES every enforced target under every accounting method ({methods})")
        # fragile: passes under the enforced method (and, for a park within a park, the default
        # attribution rule of the common bus), fails under another method or rule
        others = [f"{m}: {', '.join(bad)}" for m, bad in self.failing.items() if bad]
        others += [f"attribution rule {r}: {', '.join(bad)}" for r, bad in self.failing_by_rule.items() if bad]
        others_zh = [f"{m}：{_names_zh(bad)}" for m, bad in self.failing.items() if bad]
        others_zh += [f"归属规则 {r}：{_names_zh(bad)}" for r, bad in self.failing_by_rule.items() if bad]
        passing = ", ".join(self.passing_methods())
        by_method = any(self.failing.values())
        if any(self.failing_by_rule.values()):
            return ("通过(依赖核算方法或归属规则)",
                    f"通过（依赖核算方法或归属规则）：在 {passing}{'' if by_method else ' 及默认归属规则'}下通过；"
                    "未通过的 " + "；".join(others_zh),
                    f"PASSES under {passing} {'only' if by_method else 'and the default attribution rule'}; "
                    "fails under " + "; ".join(others))
        return ("通过(依赖核算方法)", f"通过（依赖核算方法）：仅在 {passing} 下通过；未通过的方法 " + "；".join(others_zh),
                f"PASSES under {passing} only; fails under " + "; ".join(others))


def _names_zh(indicators: list[str]) -> str:
    """Targets by their Chinese names (the Dashboard's), ids kept so they can be found in the sheets."""
    return "、".join(f"{TARGET_LABELS[i].zh} ({i})" if i in TARGET_LABELS else i for i in indicators)


def verdict(summary: pd.DataFrame, acceptance: pd.DataFrame) -> Verdict:
    method = str(summary_values(summary)["carbon_method"])
    failing = {m: [] for m in METHODS}
    undetermined = {m: [] for m in METHODS}
    missed, fragile = [], []
    rules = [c[len("pass_rule_"):] for c in acceptance.columns if c.startswith("pass_rule_")]
    failing_by_rule = {r: [] for r in rules}
    for row in acceptance.to_dict("records"):
        if not flag(row["applies"]):
            continue
        for r in rules:
            if flag(row[f"pass_rule_{r}"]) is False and flag(row["enforce"]):
                failing_by_rule[r].append(row["indicator"])
        if flag(row["pass"]) and any(flag(row[f"pass_rule_{r}"]) is False for r in rules):
            fragile.append(row["indicator"])
        for m in METHODS:
            if flag(row[f"pass_{m}"]) is False and flag(row["enforce"]):
                failing[m].append(row["indicator"])
            elif flag(row[f"pass_{m}"]) is None and flag(row["enforce"]):
                undetermined[m].append(row["indicator"])
        if flag(row["pass"]) is False and not flag(row["enforce"]):
            missed.append(row["indicator"])
        if fragility({m: flag(row[f"pass_{m}"]) for m in METHODS}, method) and row["indicator"] not in fragile:
            fragile.append(row["indicator"])
    return Verdict(method, failing, missed, fragile, undetermined, failing_by_rule)


@dataclass
class AcceptanceLine:
    """One Acceptance row as displayed: its label, numbers and pass flags (None: not applicable).
    `flags` keys: pass, pass_<method> for each method, robust."""
    indicator: str
    label: Label
    limit: float
    achieved: float
    margin: float
    enforced: bool
    flags: dict
    rule: str = ""      # the text the row follows (910号附件3 核心指标, 650号, park target, ...)


def acceptance_lines(acceptance: pd.DataFrame) -> list[AcceptanceLine]:
    """The Acceptance table as the Dashboard and the report show it."""
    lines = []
    for r in acceptance.to_dict("records"):
        label = TARGET_LABELS.get(r["indicator"], Label(r["indicator"], r["indicator"], "", "three"))
        applies = flag(r["applies"])
        flags = {key: (flag(r[key]) if applies else None)
                 for key in ("pass", *[f"pass_{m}" for m in METHODS], "robust")}
        rule = r.get("rule")
        lines.append(AcceptanceLine(r["indicator"], label, r["limit"], r["achieved"], r["margin"],
                                    bool(flag(r["enforce"])), flags, rule if isinstance(rule, str) else ""))
    return lines
