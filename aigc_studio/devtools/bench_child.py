"""The UI part of `aigc-studio bench`, run in a fresh process by bench.py so that launch time and idle memory
are those a user gets. Prints one JSON line: window_ms, rss_mb_window, rss_mb_idle, first_job_stall_max_ms, and
stall_p50/p99/max_ms while a 400-token job streams into the Text panel (after a first, short job).

window_ms runs from the parent's clock reading just before it started this process (AIGC_STUDIO_BENCH_T0,
time.time()) to the main window being exposed: interpreter start, imports, window build, first paint.
"""
from __future__ import annotations

import json
import os
import sys
import tempfile
import time

from PySide6.QtWidgets import QApplication

from aigc_studio.core.base.settings import Settings
from aigc_studio.core.base.specs import TextSpec
from aigc_studio.devtools.stallmeter import StallMeter, StallStats, process_events_for, wait_until
from aigc_studio.ui.app import setup_application
from aigc_studio.ui.main_window import MainWindow


def rss_mb() -> float:
    with open("/proc/self/status", encoding="ascii") as f:
        for line in f:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024.0
    return float("nan")


def open_bench_window(home_prefix: str | None) -> tuple[QApplication, MainWindow]:
    """The application and its main window as a user gets them, on a fresh, empty studio home (a temporary folder
    named ``home_prefix...``; None: the home ``AIGC_STUDIO_HOME`` names already): set up, 1400x900, shown, and
    exposed (waited for up to 30 s). Keep the application referenced while the window lives."""
    if home_prefix is not None:
        os.environ["AIGC_STUDIO_HOME"] = tempfile.mkdtemp(prefix=home_prefix)
    app = QApplication([sys.argv[0]])
    settings = Settings.load()
    setup_application(app, settings)
    window = MainWindow(settings)
    window.resize(1400, 900)
    window.show()
    wait_until(lambda: window.windowHandle() is not None and window.windowHandle().isExposed(), 30)
    return app, window


def stall_figures(stats: StallStats, prefix: str = "") -> dict[str, float]:
    """A stall measurement as bench figures: ``<prefix>stall_p50_ms``, ``_p99_ms``, ``_max_ms`` and
    ``<prefix>stream_seconds`` (rounded to 0.01)."""
    return {f"{prefix}stall_p50_ms": round(stats.p50_ms, 2), f"{prefix}stall_p99_ms": round(stats.p99_ms, 2),
            f"{prefix}stall_max_ms": round(stats.max_ms, 2), f"{prefix}stream_seconds": round(stats.seconds, 2)}


def close_and_report(window: MainWindow, out: dict) -> int:
    """The end of a bench child: closes the window, shuts its engine down, and prints ``out`` as the one JSON line
    the parent reads; returns the exit code (0)."""
    window.close()
    window.engine.shutdown()
    print(json.dumps(out), flush=True)
    return 0


def main() -> int:
    t0 = float(os.environ.get("AIGC_STUDIO_BENCH_T0", time.time()))
    app, window = open_bench_window("aigc-bench-")
    out = {"window_ms": round((time.time() - t0) * 1000.0, 1), "rss_mb_window": round(rss_mb(), 1),
           "torch_loaded_at_window": "torch" in sys.modules}
    engine = window.engine
    wait_until(lambda: engine.device is not None, 60)
    process_events_for(1.0)                       # settle: the engine has imported torch and resolved the device
    out["rss_mb_idle"] = round(rss_mb(), 1)

    panel = window.text_panel
    finished: list = []
    engine.job_finished.connect(lambda job_id, info: finished.append(info))

    def run_job(tokens: int):
        """Generate from the Text panel as a user would; (stall stats, JobInfo) of that job."""
        n = len(finished)
        panel.restore_spec(TextSpec(prompt="床前明月光，", max_new_tokens=tokens, temperature=0.8, seed=7))
        meter = StallMeter()
        meter.start()
        panel.generate()
        wait_until(lambda: len(finished) > n, 120)
        stats = meter.stop()
        return stats, (finished[n] if len(finished) > n else None)

    # The first job loads torch (its C extension holds the GIL ~0.2-0.4 s) and the model: reported apart.
    first, _ = run_job(20)
    out["first_job_stall_max_ms"] = round(first.max_ms, 2)
    process_events_for(0.5)
    stats, info = run_job(400)
    out.update(stall_figures(stats))
    out.update({"job_state": getattr(info, "state", "timeout"),
                "job_tokens": (getattr(getattr(info, "result", None), "data", {}) or {}).get("tokens")})
    if getattr(info, "state", "") == "failed":
        out["job_message"] = info.message
    return close_and_report(window, out)


if __name__ == "__main__":
    sys.exit(main())
