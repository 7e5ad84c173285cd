"""Many independent runs on dask.distributed: plain-data tasks, a cluster, a progress line.

A run is a `RunSpec`: workbook path, scenario (or base), override rows, solve options, the
runs folder and the study it belongs to (its results go to runs/<park>/<study>/<run>/, never over
a single run's runs/<park>/<scenario>/). A worker turns it into one small, plain summary row
(`execute`), catching the errors a run can end in, so that a failed run is a row and never loses
the rest of the batch.

Where the runs go: a local cluster on this machine by default (one worker process per core,
one thread each, HiGHS single-threaded), or an existing cluster at `--scheduler tcp://host:port`
or `DASK_SCHEDULER_ADDRESS` (its workers need zcpark installed and the same file paths).
`workers=0` runs the batch in this process, one run after another (debugging and tests).
Ctrl-C stops the batch: queued runs are cancelled, the local cluster and its workers are closed.
"""
from __future__ import annotations

import contextlib
import logging
import os
import signal
import sys
import threading
import time
import traceback
from dataclasses import dataclass, field, replace
from pathlib import Path

from zcpark.errors import EXIT_INPUT, InfeasibleError, InputError, OutputError, SolverError, ZcparkError
from zcpark.core.options import SolveOptions

OK_STATUSES = ("optimal", "time_limit_feasible")
POLL_SECONDS = 0.5  # how often the progress line is refreshed
CONNECT_SECONDS = 5  # an existing cluster that does not answer within this is reported unreachable


@dataclass(frozen=True)
class RunSpec:
    """One run, as plain data a worker can unpickle: what to solve and where to write it.

    name: the run's label (Summary `scenario`, folder runs/<park>/<study>/<name>/).
    task: "run" (solve and write results.xlsx) or "least_co2" (the frontier's tight end, no files).
    overrides: rows {sheet, key, column, value, origin} applied after `scenario` (validate.apply_overrides).
    typical_days: size on typical days and check on the full horizon (runner.run); None: the Park's own.
    study: the batch's folder under runs/<park>/ (scenarios, frontier, sensitivity, fleet).
    """
    name: str
    workbook: str
    scenario: str | None = None
    overrides: tuple = ()
    runs_dir: str = "runs"
    options: SolveOptions = field(default_factory=lambda: SolveOptions(threads=1))
    task: str = "run"
    typical_days: int | None = None
    study: str = "batch"


@dataclass
class ClusterConfig:
    """Where a batch runs: `scheduler` (an existing cluster), else a local cluster of `workers`
    processes (None: one per core); workers = 0 runs in this process without dask."""
    workers: int | None = None
    scheduler: str | None = None

    @property
    def address(self) -> str | None:
        """The scheduler to connect to: --scheduler, else DASK_SCHEDULER_ADDRESS, else none."""
        return self.scheduler or os.environ.get("DASK_SCHEDULER_ADDRESS") or None

    def describe(self) -> str:
        """One phrase for the Meta sheet and the console."""
        if self.address:
            return f"dask cluster at {self.address}"
        if self.workers == 0:
            return "in process (no dask)"
        return f"local dask cluster, {self.workers or cores()} workers x 1 thread"


def cores() -> int:
    """The cores this process may use (a container or taskset may allow fewer than the machine has)."""
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not Linux
        return os.cpu_count() or 1


# ---- Worker side -------------------------------------------------------------------------------

def summary_row(res) -> dict:
    """A solved run (runner.RunResult) as a plain row: key indicators, verdict and what it builds.

    Capacity columns: `new_<tech>_mw` / `new_<tech>_mwh` (new capacity); lines: `line_<line>`
    (built option or none)."""
    from zcpark.results.verdict import verdict as judge
    s = res.summary()
    verdict = judge(res.sheets["Summary"], res.sheets["Acceptance"])
    row = {key: s.get(key) for key in (
        "park", "total_cost_cny_per_yr", "carbon_intensity_t_per_tce", "carbon_intensity_limit", "co2_t_per_yr",
        "energy_tce_per_yr", "clean_energy_share", "hourly_matching_share", "grid_import_mwh_per_yr",
        "curtailment_mwh_per_yr", "mip_gap")}
    failed = verdict.failing[verdict.method]
    undetermined = verdict.undetermined.get(verdict.method, [])
    unjudged = undetermined and not failed  # then "meets" is blank, not True
    row.update(status=s["solver_status"], meets_enforced_targets=None if unjudged else not failed,
               robust=not verdict.fragile, failed_targets=", ".join(failed),
               missed_reported_targets=", ".join(verdict.missed), undetermined_targets=", ".join(undetermined))
    if "npv_cny" in s:  # a build pathway: its cost figure is the NPV (the other figures: its acceptance year)
        years = res.sheets["Years"]  # discounted tonnes over the horizon: the frontier's per-tonne cost of a pathway
        row.update(npv_cny=s["npv_cny"], acceptance_year=s["acceptance_year"],
                   co2_discounted_t=float((years["discount_weight"] * years["co2_t_per_yr"]).sum()))
    capacity = res.sheets["Capacity"]  # a pathway's: new capacity available in its acceptance year
    new = capacity["new"] if "new" in capacity else capacity["new_available"]
    for cap, amount in zip(capacity.itertuples(), new):
        row[f"new_{cap.tech}_{cap.unit.lower()}"] = float(amount)
    for line in res.sheets["Lines"].itertuples():
        row[f"line_{line.line}"] = line.built_option
    return row


def _failure(status: str, exc: Exception) -> dict:
    """A failed run's row: its status and the reasons, on one line."""
    if isinstance(exc, InputError):
        text = "; ".join(str(p) for p in exc.problems)
    else:
        text = " ".join([str(exc), *(f"- {r}" for r in getattr(exc, "reasons", []))])
    return {"status": status, "error": text}


def _task_cancelled() -> bool:
    """On a dask worker: whether the client cancelled this task (Ctrl-C of the batch) or the worker
    is closing; False anywhere else. (distributed's worker state, read defensively.)"""
    try:
        from distributed import get_worker
        from distributed.worker import thread_state
        worker = get_worker()
        task = worker.state.tasks.get(thread_state.key)
        return worker.status.name not in ("running", "paused") or (task is not None and task.state == "cancelled")
    except Exception:  # not on a worker, or another distributed version: never stop a run for that
        return False


def execute(spec: RunSpec) -> dict:
    """Run one spec (on a worker); always return a plain row, never raise for a failed run.
    A run whose task the client cancels stops its HiGHS solve at once (stopping.stop_when)."""
    from zcpark.core.stopping import stop_when
    with stop_when(_task_cancelled):
        return _execute(spec)


def _execute(spec: RunSpec) -> dict:
    from zcpark.workbook.reader import read_workbook
    from zcpark.runner import run
    started = time.perf_counter()
    row = {"run": spec.name, "workbook": spec.workbook, "scenario": spec.scenario or "base", "output": ""}
    try:
        if spec.task == "least_co2":
            from zcpark.procedures.least_co2 import least_co2
            data = read_workbook(spec.workbook, spec.scenario, list(spec.overrides), spec.name)
            row.update(status="optimal", **least_co2(data, spec.options, spec.typical_days))
        else:
            res = run(spec.workbook, spec.scenario, spec.runs_dir, spec.options, overrides=list(spec.overrides),
                      run_name=spec.name, typical_days=spec.typical_days, study=spec.study)
            row.update(summary_row(res), output=str(res.output))
            if res.warnings:  # e.g. written to a fallback path: the run succeeded, say where it went
                row["error"] = "; ".join(res.warnings)
    except InputError as exc:
        row.update(_failure("invalid_input", exc))
    except InfeasibleError as exc:
        row.update(_failure("infeasible", exc))
        if exc.diagnosis is not None:  # the runner wrote its Diagnosis there
            row["output"] = str(exc.diagnosis)
    except OutputError as exc:
        row.update(_failure("output_error", exc))
    except (SolverError, FileExistsError) as exc:
        row.update(_failure("solver_failed", exc))
    except Exception as exc:  # a bug: still only this run's row, with where it happened (workers may be remote)
        where = traceback.extract_tb(exc.__traceback__)[-1]
        row.update(status="internal_error",
                   error=f"{type(exc).__name__}: {exc} (at {Path(where.filename).name}:{where.lineno})")
    row["seconds"] = round(time.perf_counter() - started, 2)
    return row


def is_ok(row: dict) -> bool:
    """Whether the run produced a plan."""
    return row.get("status") in OK_STATUSES


# ---- Client side -------------------------------------------------------------------------------

class UnreachableScheduler(ZcparkError):
    """--scheduler (or DASK_SCHEDULER_ADDRESS) does not answer: a bad option, exit code 2."""
    exit_code = EXIT_INPUT


@contextlib.contextmanager
def dask_client(config: ClusterConfig):
    """A distributed.Client for the batch (closed afterwards), or None for in-process runs."""
    if config.workers == 0 and not config.address:
        yield None
        return
    from distributed import Client, LocalCluster
    if config.address:
        try:
            client = Client(config.address, timeout=CONNECT_SECONDS)
        except (OSError, TimeoutError, ValueError) as exc:  # refused, no such host, no answer, bad address
            raise UnreachableScheduler(
                f"cannot reach the dask scheduler at {config.address} within {CONNECT_SECONDS} s "
                f"({type(exc).__name__}: {exc}); check --scheduler or DASK_SCHEDULER_ADDRESS") from None
        with client:
            yield client
        return
    # The scheduler's HTTP server on a free port (":0"): 8787 may be taken by another user of the
    # machine. Logs only at CRITICAL: workers log harmless heartbeat errors while the cluster shuts
    # down, and a run's failure is its row anyway.
    with _workers_ignore_ctrl_c():
        cluster = LocalCluster(n_workers=config.workers or cores(), threads_per_worker=1, processes=True,
                               dashboard_address=":0", silence_logs=logging.CRITICAL)
    with cluster, Client(cluster) as client:
        yield client


@contextlib.contextmanager
def _workers_ignore_ctrl_c():
    """Ignore SIGINT while the local workers start: they inherit it, so a Ctrl-C at the terminal
    (sent to every process of the job) reaches only this process, which cancels the runs and
    closes the cluster, instead of each worker printing a traceback as it dies."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    previous = signal.signal(signal.SIGINT, signal.SIG_IGN)
    try:
        yield
    finally:
        signal.signal(signal.SIGINT, previous)


class Progress:
    """A progress line on stderr: runs done / running / failed / queued, redrawn in place on a
    terminal, or one line per finished run otherwise (logs, CI)."""

    def __init__(self, total: int, label: str, stream=None):
        self.total, self.label = total, label
        self.stream = stream or sys.stderr
        self.tty = self.stream.isatty()
        self.done = self.failed = self.running = 0
        self.started = time.perf_counter()
        # Say at once that the batch has started: its first run may take minutes to finish.
        if self.tty:
            print("\r" + self.line(), end="", file=self.stream, flush=True)
        else:
            print(f"{self.label}: {self.total} runs started", file=self.stream, flush=True)

    def update(self, running: int, finished: list[dict] = ()) -> None:
        """Record finished rows and the number running now; redraw."""
        for row in finished:
            self.done += 1
            self.failed += not is_ok(row)
            if not self.tty:
                state = row["status"] if is_ok(row) else f"FAILED ({row['status']})"
                print(f"{self.label}: {self.done}/{self.total} {row['run']}: {state}", file=self.stream, flush=True)
        self.running = running
        if self.tty:
            print("\r" + self.line(), end="", file=self.stream, flush=True)

    def line(self) -> str:
        """The progress bar as text."""
        width = 24
        filled = int(width * self.done / max(1, self.total))
        queued = self.total - self.done - self.running
        return (f"{self.label} [{'#' * filled}{'.' * (width - filled)}] {self.done}/{self.total} done, "
                f"{self.running} running, {self.failed} failed, {queued} queued, "
                f"{time.perf_counter() - self.started:.0f} s")

    def close(self) -> None:
        """End the line on a terminal."""
        if self.tty:
            print(file=self.stream, flush=True)


def _running(client, futures) -> int:
    """Runs executing now: tasks on workers, at most one per worker thread (a worker may hold
    a queued task next to the running one)."""
    keys = {f.key for f in futures}
    threads = client.nthreads()
    return sum(min(len(keys.intersection(tasks)), threads.get(worker, 1))
               for worker, tasks in client.processing().items())


def run_batch(specs: list[RunSpec], client=None, label: str = "runs", stream=None) -> list[dict]:
    """Run every spec (on `client`, or in this process when it is None); return their rows in
    the order of `specs`. A run that fails, even by losing its worker, is a row with its reason."""
    specs = [_absolute(s) for s in specs]
    progress = Progress(len(specs), label, stream)
    rows: list[dict | None] = [None] * len(specs)
    futures = {}
    try:
        if client is None:
            for i, spec in enumerate(specs):
                progress.update(1)
                rows[i] = execute(spec)
                progress.update(0, [rows[i]])
            return rows
        futures = {client.submit(execute, spec, pure=False, key=f"zcpark-{spec.task}-{spec.name}-{i}-{time.time_ns()}"): i
                   for i, spec in enumerate(specs)}
        pending = set(futures)
        while pending:
            finished = [f for f in pending if f.done()]
            for f in finished:
                pending.discard(f)
                rows[futures[f]] = _result(f, specs[futures[f]])
            progress.update(_running(client, pending) if pending else 0, [rows[futures[f]] for f in finished])
            if pending:
                time.sleep(POLL_SECONDS)
        return rows
    except KeyboardInterrupt:  # Ctrl-C: stop the runs on the workers too (dask_client then closes the cluster)
        if futures:
            client.cancel(list(futures), force=True)
        raise
    finally:
        progress.close()


def _result(future, spec: RunSpec) -> dict:
    """A finished future's row; a task that raised (e.g. its worker died) becomes a failure row."""
    if future.status == "finished":
        return future.result()
    try:
        exc = future.exception()
    except Exception as err:  # cancelled or lost
        exc = err
    return {"run": spec.name, "workbook": spec.workbook, "scenario": spec.scenario or "base", "output": "",
            "status": "internal_error", "error": f"the task failed on its worker: {type(exc).__name__}: {exc}"}


def _absolute(spec: RunSpec) -> RunSpec:
    """Absolute paths, so workers started elsewhere (another folder or machine) find the files."""
    return replace(spec, workbook=str(Path(spec.workbook).resolve()), runs_dir=str(Path(spec.runs_dir).resolve()))
