"""The Image panel part of `aigc-studio bench --only image`, run in a fresh process (offscreen). Prints one JSON
line: first_preview_ms (median of 5: Generate clicked with 16 images, model loaded, to the first preview painted),
canvas_images (how many images the canvas held during the stall measurement), canvas_stall_p99_ms and
canvas_stall_max_ms (GUI-thread lateness while a 64-image batch streams onto a canvas of 1,000+ images, and the
view is zoomed and scrolled meanwhile)."""
from __future__ import annotations

import statistics
import sys
import time

from aigc_studio.devtools.bench_child import close_and_report, open_bench_window, stall_figures
from aigc_studio.devtools.stallmeter import StallMeter, process_events_for, wait_until


def main() -> int:
    app, window = open_bench_window("aigc-bench-image-")
    engine = window.engine
    wait_until(lambda: engine.device is not None, 60)
    panel = window.image_panel
    window.tabs.setCurrentWidget(panel)
    finished: list = []
    engine.job_finished.connect(lambda job_id, info: finished.append(info))
    shown: dict[str, float] = {}
    panel.first_preview_shown.connect(lambda job_id: shown.setdefault(job_id, time.perf_counter()))

    def click(count: int, seed: int) -> tuple[str | None, float]:
        panel.count_spin.setValue(count)
        panel.seed_row.set_mode("fixed")
        panel.seed_row.set_seed(seed)
        n = len(finished)
        t0 = time.perf_counter()
        job_id = panel.generate()           # what the Generate button's click calls
        wait_until(lambda: len(finished) > n and not panel.is_busy(), 120)
        return job_id, t0

    out: dict = {}
    click(1, 0)                               # loads torch and the model
    process_events_for(0.3)
    panel.clear_canvas()
    firsts = []
    for i in range(5):
        job_id, t0 = click(16, 100 + i)
        if job_id in shown:
            firsts.append((shown[job_id] - t0) * 1000.0)
        process_events_for(0.2)
    out["first_preview_ms"] = round(statistics.median(firsts), 1) if firsts else None
    while panel.canvas.image_count() < 1000:
        click(64, 1000 + panel.canvas.image_count())
    out["canvas_images"] = panel.canvas.image_count()
    meter = StallMeter()
    meter.start()
    n = len(finished)
    panel.count_spin.setValue(64)
    panel.generate()
    while not (len(finished) > n and not panel.is_busy()):
        panel.canvas.zoom_in()
        process_events_for(0.05)
        panel.canvas.zoom_out()
        bar = panel.canvas.verticalScrollBar()
        bar.setValue((bar.value() + 200) % max(1, bar.maximum()))
        process_events_for(0.05)
    stats = meter.stop()
    out.update(stall_figures(stats, "canvas_"))
    return close_and_report(window, out)


if __name__ == "__main__":
    sys.exit(main())
