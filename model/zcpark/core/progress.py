"""What a long run is doing, for whoever waits at the console: a line every PROGRESS_SECONDS.

A full-year plan can take minutes (the computing park: about 6.5; docs/performance.md), and HiGHS
prints nothing unless asked (`--verbose`, for engineers). The stages of a run say what they are
doing (`stage`), the enumeration says how far it got (`lp_solved`, `best_plan`), and while `heartbeat` is on
(only `zcpark run` turns it on) a timer thread logs a snapshot on the `zcpark.progress` logger:

    ... 2 min 30 s: sizing the plan on the full year: 3 LPs solved, best plan so far 283.46 M CNY/yr

The record carries the snapshot (`record.progress`), so the console can word it in Chinese too
(`describe`). The thread takes Python's lock once per line, not per HiGHS iteration.
"""
from __future__ import annotations

import contextlib
import logging
import threading
import time

LOG = logging.getLogger("zcpark.progress")
PROGRESS_SECONDS = 30.0  # between two lines; the first comes after as long

# What each stage is called on the console: (Chinese, English).
STAGES = {
    "sizing_full": ("全年逐时规划求解", "sizing the plan on the full year"),
    "sizing_typical": ("典型日规划求解", "sizing the plan on typical days"),
    "pathway": ("建设期路线图求解", "solving the build pathway"),
    "business_as_usual": ("现状情景调度（用于对比投资与收益）", "dispatching the park as it is today (for the money figures)"),
    "check": ("全年逐时校核（方案固定，重新调度）", "checking the plan hour by hour on the full year"),
    "leakage": ("泄漏参照求解（不含试点边界目标）", "solving the host park without the boundary's targets (leakage)"),
    "diagnosis": ("诊断无解原因", "diagnosing why no plan meets the targets"),
    "write": ("写入结果工作簿", "writing the results workbook"),
}
BETWEEN_STAGES = ("处理中", "working")  # reading, clustering, the results sheets
# Stages whose best plan is the user's plan: elsewhere (a diagnosis's elastic models, the leakage
# reference) the enumeration's costs are not a plan's, and only the stage and its LPs are shown.
PLAN_STAGES = ("sizing_full", "sizing_typical", "pathway")

_lock = threading.Lock()
_FRESH = {"lps": 0, "best_cny": None, "combinations": 0, "settled": 0}  # what a stage counts for itself, at its start
_state: dict = {"stage": None, "started": None, **_FRESH}


@contextlib.contextmanager
def stage(key: str):
    """Within this block the run is at `key` (a STAGES key); the enumeration's counts start again."""
    with _lock:
        previous = {k: _state[k] for k in ("stage", *_FRESH)}
        _state.update(stage=key, **_FRESH)
    try:
        yield
    finally:
        with _lock:
            _state.update(previous)


def combinations(total: int) -> None:
    """The current stage enumerates `total` combinations of line options and minimum builds."""
    with _lock:
        _state.update(combinations=total, settled=0)


def combination_settled() -> None:
    """One combination solved, pruned or screened out."""
    with _lock:
        _state["settled"] += 1


def lp_solved() -> None:
    """One more LP of the current stage solved."""
    with _lock:
        _state["lps"] += 1


def best_plan(cost_cny: float) -> None:
    """The current stage's best plan so far costs `cost_cny` (CNY/yr)."""
    with _lock:
        _state["best_cny"] = cost_cny


def snapshot() -> dict:
    with _lock:
        elapsed = time.perf_counter() - _state["started"] if _state["started"] is not None else 0.0
        return {"stage": _state["stage"], "elapsed_s": elapsed, **{k: _state[k] for k in _FRESH}}


def describe(snap: dict, lang: str = "en") -> str:
    """One console line for a snapshot: lang "zh", "en" or "both" (Chinese, then English on the next line)."""
    minutes, seconds = divmod(int(snap["elapsed_s"]), 60)
    zh_stage, en_stage = STAGES.get(snap["stage"], BETWEEN_STAGES)
    zh_time = (f"{minutes} 分 {seconds} 秒" if seconds else f"{minutes} 分钟") if minutes else f"{seconds} 秒"
    en_time = (f"{minutes} min {seconds} s" if seconds else f"{minutes} min") if minutes else f"{seconds} s"
    zh, en = f"  … 已用 {zh_time}：{zh_stage}", f"  ... {en_time}: {en_stage}"
    counts_zh, counts_en = [], []
    plan_stage = snap["stage"] in PLAN_STAGES
    if plan_stage and snap.get("combinations", 0) > 1:
        counts_zh.append(f"{snap['combinations']} 个线路/最小建设组合已完成 {snap['settled']} 个")
        counts_en.append(f"{snap['settled']} of {snap['combinations']} line/minimum-build combinations settled")
    if snap["lps"]:
        counts_zh.append(f"已解 {snap['lps']} 个线性规划")
        counts_en.append(f"{snap['lps']} LP{'s' if snap['lps'] > 1 else ''} solved")
    if counts_en:
        zh += "：" + "，".join(counts_zh)
        en += ": " + ", ".join(counts_en)
    if plan_stage and snap["best_cny"] is not None:
        zh += f"，目前最优方案 {snap['best_cny'] / 1e4:,.1f} 万元/年"
        en += f", best plan so far {snap['best_cny'] / 1e6:,.2f} M CNY/yr"
    return {"zh": zh, "en": en}.get(lang, f"{zh}\n{en}")


@contextlib.contextmanager
def heartbeat(every: float | None = None):
    """Log a snapshot every `every` seconds (default PROGRESS_SECONDS) while the block runs."""
    every = PROGRESS_SECONDS if every is None else every
    done = threading.Event()
    with _lock:
        _state.update(stage=None, started=time.perf_counter(), **_FRESH)

    def beat():
        while not done.wait(every):
            snap = snapshot()
            LOG.info(describe(snap, "en"), extra={"progress": snap})

    thread = threading.Thread(target=beat, name="zcpark-progress", daemon=True)
    thread.start()
    try:
        yield
    finally:
        done.set()
        thread.join()
        with _lock:
            _state["started"] = None
