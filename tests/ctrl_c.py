"""Ctrl-C as at a terminal, for tests: a park whose LPs take HiGHS seconds, `python -m zcpark` in
its own process group, its output read line by line as it comes, and SIGINT sent to the group.
Used by tests/test_lost_work.py (one HiGHS, a batch) and tests/test_parallel.py (two at once)."""
from __future__ import annotations

import contextlib
import math
import os
import random
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

from factory import park_workbook

MODEL = Path(__file__).resolve().parents[1] / "model"
# What `zcpark run` prints on stderr after Ctrl-C (--lang default both: Chinese, then English).
INTERRUPTED = ("已中断（Ctrl-C）：没有留下写了一半的文件，之前的结果未改动。 "
               "interrupted (Ctrl-C): stopped; nothing half-written is left and earlier results are unchanged")


def slow_park(path: Path, days: int = 120, pv_min_new_mw: float | None = None) -> Path:
    """A park whose LP takes HiGHS several seconds (hourly matching over `days` days of noisy PV,
    wind and load, with a battery). `pv_min_new_mw`: a minimum build for PV, a discrete choice that
    gives the enumeration two combinations (PV 0, or at least that much)."""
    rng = random.Random(1)
    hours = 24 * days
    pv = [max(0.0, math.sin((h % 24 - 6) / 12 * math.pi)) * rng.uniform(0.3, 1.0) for h in range(hours)]
    wind = [rng.uniform(0, 1) for _ in range(hours)]
    return park_workbook(
        path, hours=hours, load=[10 + 5 * rng.random() for _ in range(hours)],
        profiles={"cf_pv": pv, "cf_wind": wind},
        Renewables=[{"tech": "pv", "kind": "pv", "profile": "cf_pv", "capex_cny_per_kw": 3000, "lifetime_yr": 25,
                     "max_new_mw": 500, "min_new_mw": pv_min_new_mw},
                    {"tech": "wind", "kind": "wind", "profile": "cf_wind", "capex_cny_per_kw": 5000,
                     "lifetime_yr": 25, "max_new_mw": 500}],
        Storage=[{"tech": "bat", "kind": "battery", "capex_cny_per_kw": 500, "capex_cny_per_kwh": 800,
                  "lifetime_yr": 15, "eta_charge": 0.95, "eta_discharge": 0.95}],
        Targets=[{"indicator": "hourly_matching_min", "value": 0.9, "enforce": "yes"}])


class Lines:
    """The lines a child process writes to one stream, read in the background, with arrival times."""

    def __init__(self, stream):
        self.lines: list[tuple[float, str]] = []
        self.thread = threading.Thread(target=self._read, args=(stream,), daemon=True)
        self.thread.start()

    def _read(self, stream):
        for line in stream:
            self.lines.append((time.monotonic(), line.rstrip("\n")))

    def wait_for(self, text: str, process, timeout: float, count: int = 1) -> None:
        """Until `count` lines contain `text` (fails if the process exits first or after `timeout` s)."""
        deadline = time.monotonic() + timeout
        while sum(text in line for _, line in self.lines) < count:
            assert process.poll() is None, f"exited ({process.returncode}) before {text!r}"
            assert time.monotonic() < deadline, f"no {text!r} within {timeout} s"
            time.sleep(0.05)

    def before(self, moment: float) -> list[str]:
        """The lines that arrived before `moment` (time.monotonic())."""
        return [line for at, line in self.lines if at < moment]

    def after(self, moment: float) -> list[str]:
        """The lines that arrived from `moment` on, once the stream is closed."""
        self.thread.join(timeout=5)
        return [line for at, line in self.lines if at >= moment]

    def text(self) -> str:
        self.thread.join(timeout=5)
        return "\n".join(line for _, line in self.lines)


def _as_at_a_terminal() -> None:
    """SIGINT back to its default in the child, as at a terminal: a suite started in the background
    by a shell without job control inherits SIGINT ignored, and Python then never raises
    KeyboardInterrupt (these tests failed that way, though a user's Ctrl-C works)."""
    signal.signal(signal.SIGINT, signal.SIG_DFL)


@contextlib.contextmanager
def zcpark_process(args: list[str], cwd: Path):
    """`python -m zcpark args` in its own process group (Ctrl-C at a terminal signals the whole
    group); the group is killed when the block ends with the process still running (a failed test)."""
    env = dict(os.environ, PYTHONPATH=str(MODEL) + os.pathsep + os.environ.get("PYTHONPATH", ""))
    process = subprocess.Popen([sys.executable, "-m", "zcpark", *args], stdout=subprocess.PIPE,
                               stderr=subprocess.PIPE, text=True, env=env, cwd=cwd, start_new_session=True,
                               preexec_fn=_as_at_a_terminal)
    try:
        yield process
    finally:
        if process.poll() is None:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait()


def ctrl_c(process: subprocess.Popen, timeout: float) -> tuple[int, float, float]:
    """SIGINT to the process's group, as Ctrl-C at a terminal, and wait up to `timeout` s for it to
    end. Returns (exit code, when the signal was sent (time.monotonic()), seconds until the exit)."""
    sent = time.monotonic()
    os.killpg(process.pid, signal.SIGINT)
    code = process.wait(timeout=timeout)
    return code, sent, time.monotonic() - sent
