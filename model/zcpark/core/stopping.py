"""Run HiGHS so that it can be stopped: Ctrl-C on the main thread, a stop_when check elsewhere.

Every HiGHS run of the package goes through run_highs (core/solve.py, core/enumeration.py).
"""
from __future__ import annotations

import contextlib
import signal
import threading
import time
from collections.abc import Callable


STOP_POLL_SECONDS = 0.2  # how often a stop_when check is called during a HiGHS run
_thread_stop = threading.local()  # .check: a stop_when predicate of this thread


@contextlib.contextmanager
def stop_when(check: Callable[[], bool]):
    """Within this block, HiGHS runs of this thread stop (KeyboardInterrupt) once check() returns
    True, checked every STOP_POLL_SECONDS. For runs where Ctrl-C arrives as no signal: a dask
    worker's task whose batch the client cancelled (batch.execute)."""
    previous = getattr(_thread_stop, "check", None)
    _thread_stop.check = check
    try:
        yield
    finally:
        _thread_stop.check = previous


def current_stop_check() -> Callable[[], bool] | None:
    """This thread's stop_when check, if any (the enumeration's worker threads inherit it)."""
    return getattr(_thread_stop, "check", None)


class _StopRequest:
    """Whether a running HiGHS should stop: Ctrl-C (SIGINT, on the main thread) or a stop_when check."""

    def __init__(self):
        self.check = current_stop_check()
        self.on_main = threading.current_thread() is threading.main_thread() and \
            signal.getsignal(signal.SIGINT) is not signal.SIG_IGN
        self.requested, self.next_check = False, 0.0

    @property
    def armed(self) -> bool:
        return self.on_main or self.check is not None

    def on_sigint(self, signum, frame) -> None:  # runs inside a callback, when Python next runs on this thread
        self.requested = True

    def poll(self, event) -> None:
        """HiGHS's interrupt callback (every simplex and interior-point iteration, every MIP node)."""
        if not self.requested and self.check is not None and time.monotonic() >= self.next_check:
            self.next_check = time.monotonic() + STOP_POLL_SECONDS
            self.requested = bool(self.check())
        if self.requested:
            event.interrupt()


def run_highs(h) -> None:
    """h.run(), stoppable with Ctrl-C within about a second.

    HiGHS runs in C++ (the GIL released): Python's default SIGINT handler would only raise
    KeyboardInterrupt after the whole solve. Instead, on the main thread, SIGINT sets a flag that
    HiGHS's interrupt callbacks read; HiGHS then stops at once and this raises KeyboardInterrupt,
    before its status could be mistaken for a time limit. Off the main thread (signals go to the
    main thread only), a stop_when check does the same; without one, a plain h.run()."""
    stop = _StopRequest()
    if not stop.armed:
        h.run()
        return
    callbacks = (h.cbSimplexInterrupt, h.cbIpmInterrupt, h.cbMipInterrupt)
    previous = signal.signal(signal.SIGINT, stop.on_sigint) if stop.on_main else None
    for callback in callbacks:
        callback.subscribe(stop.poll)
    try:
        h.run()
    finally:
        for callback in callbacks:
            callback.unsubscribe(stop.poll)
        if stop.on_main:
            signal.signal(signal.SIGINT, previous)
    if stop.requested:
        raise KeyboardInterrupt("HiGHS stopped on request (Ctrl-C)")
