"""How responsive the GUI thread is: a QTimer ticks every few milliseconds on the GUI thread and records how
late each tick arrives. Lateness is what a user feels as a frozen window (a 100 ms stall = a dropped click).

Used by the self-test, Help → Diagnostics and ``bench`` (``ui.stall_p99_ms``, ``ui.window_ms``).

    meter = StallMeter(); meter.start()
    ... run something while the event loop runs ...
    stats = meter.stop()          # StallStats(ticks, p50_ms, p99_ms, max_ms, seconds)
"""
from __future__ import annotations

import faulthandler
import os
import time
from dataclasses import dataclass

from PySide6.QtCore import QCoreApplication, QEventLoop, QObject, Qt, QTimer, Slot


@dataclass(frozen=True)
class StallStats:
    ticks: int
    p50_ms: float
    p99_ms: float
    max_ms: float
    seconds: float

    def as_dict(self) -> dict[str, float]:
        return {"ticks": self.ticks, "p50_ms": round(self.p50_ms, 2), "p99_ms": round(self.p99_ms, 2),
                "max_ms": round(self.max_ms, 2), "seconds": round(self.seconds, 3)}

    def summary(self) -> str:
        return (f"p50 {self.p50_ms:.1f} ms, p99 {self.p99_ms:.1f} ms, max {self.max_ms:.1f} ms "
                f"over {self.ticks} ticks in {self.seconds:.1f} s")


def percentile(values: list[float], q: float) -> float:
    """The q-th percentile (0..100) by linear interpolation; 0.0 for no values."""
    if not values:
        return 0.0
    v = sorted(values)
    if len(v) == 1:
        return v[0]
    pos = (len(v) - 1) * q / 100.0
    lo = int(pos)
    hi = min(lo + 1, len(v) - 1)
    return v[lo] + (v[hi] - v[lo]) * (pos - lo)


class StallMeter(QObject):
    """Records the lateness of a ``interval_ms`` precise timer on the thread it is created on (the GUI thread)."""

    def __init__(self, interval_ms: int = 5, parent: QObject | None = None):
        super().__init__(parent)
        self.interval_ms = interval_ms
        self._timer = QTimer(self)
        self._timer.setTimerType(Qt.TimerType.PreciseTimer)
        self._timer.setInterval(interval_ms)
        self._timer.timeout.connect(self._tick)
        self._last: float | None = None
        self._t0 = 0.0
        self._t1: float | None = None
        self.lateness_ms: list[float] = []
        # AIGC_STUDIO_STALL_TRACE=FILE[:MS]: when the GUI thread misses its tick by MS (default 30) ms, every
        # thread's Python stack is appended to FILE by faulthandler's own C thread, which needs no GIL: the stack
        # of whichever thread holds the interpreter (an import, a C call) is caught while the stall happens.
        self._trace = None
        self._trace_after_s = 0.03
        spec = os.environ.get("AIGC_STUDIO_STALL_TRACE", "")
        if spec:
            path, _, ms = spec.partition(":")
            self._trace_after_s = (float(ms) if ms else 30.0) / 1000.0 + interval_ms / 1000.0
            self._trace = open(path, "a", encoding="utf-8")    # noqa: SIM115 - kept open while the meter ticks

    def start(self) -> None:
        self.lateness_ms = []
        self._t0 = time.perf_counter()
        self._t1 = None
        self._last = self._t0
        self._timer.start()

    @Slot()
    def _tick(self) -> None:
        now = time.perf_counter()
        if self._last is not None:
            self.lateness_ms.append(max(0.0, (now - self._last) * 1000.0 - self.interval_ms))
        self._last = now
        if self._trace is not None:       # re-arm: the dump fires only if the next tick is this late
            faulthandler.dump_traceback_later(self._trace_after_s, exit=False, file=self._trace)

    @property
    def running(self) -> bool:
        return self._timer.isActive()

    def stats(self) -> StallStats:
        end = self._t1 if self._t1 is not None else time.perf_counter()
        lat = self.lateness_ms
        return StallStats(ticks=len(lat), p50_ms=percentile(lat, 50), p99_ms=percentile(lat, 99),
                          max_ms=max(lat) if lat else 0.0, seconds=end - self._t0)

    def stop(self) -> StallStats:
        if self._trace is not None:
            faulthandler.cancel_dump_traceback_later()
        if self._timer.isActive():
            self._timer.stop()
            self._t1 = time.perf_counter()
        return self.stats()


def process_events_for(seconds: float) -> None:
    """Run the event loop of the current thread for ``seconds`` (no busy sleep)."""
    loop = QEventLoop()
    QTimer.singleShot(max(0, int(seconds * 1000)), loop.quit)
    loop.exec()


def wait_until(predicate, timeout_s: float, step_ms: int = 10) -> bool:
    """Run the event loop until ``predicate()`` is true or ``timeout_s`` passes; returns the predicate's value."""
    deadline = time.monotonic() + timeout_s
    app = QCoreApplication.instance()
    while True:
        if predicate():
            return True
        if time.monotonic() >= deadline:
            return bool(predicate())
        app.processEvents(QEventLoop.ProcessEventsFlag.AllEvents, step_ms)
        if not predicate():
            loop = QEventLoop()
            QTimer.singleShot(step_ms, loop.quit)
            loop.exec()


def time_window_shown(window, t0: float, timeout_s: float = 20.0) -> float:
    """Show ``window`` (if needed), wait until it is exposed, and return milliseconds since ``t0``
    (a ``time.perf_counter()`` taken before the window was built)."""
    if not window.isVisible():
        window.show()
    wait_until(lambda: window.windowHandle() is not None and window.windowHandle().isExposed(), timeout_s)
    return (time.perf_counter() - t0) * 1000.0
