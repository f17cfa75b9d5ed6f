"""`aigc-studio selftest`: the REAL main window (offscreen when there is no display), one text, one image and one
audio job through the real engine with the shipped default models, and checks, one line each:
``PASS|FAIL name: detail``.

It runs with ``AIGC_STUDIO_HOME`` pointing at a temporary folder, so the user's settings and assets are never
touched. Returns 0 only if every check passes. The GUI-thread stall figures (p50/p99/max of a 5 ms timer's
lateness) and the time until the window is shown are measured with :mod:`aigc_studio.devtools.stallmeter`, the same
code ``bench`` uses for ``ui.stall_p99_ms`` and ``ui.window_ms``.
"""
from __future__ import annotations

import os
import shutil
import sys
import tempfile
import time
import traceback
from pathlib import Path
from typing import Callable

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QApplication, QLineEdit, QPlainTextEdit, QTextEdit

from aigc_studio.core.assets import load_spec
from aigc_studio.core.base.settings import Settings
from aigc_studio.devtools.stallmeter import StallMeter, process_events_for, time_window_shown, wait_until
from aigc_studio.ui.app import setup_application
from aigc_studio.ui.main_window import MainWindow
from aigc_studio.ui.widgets import diagnostics

translate = QCoreApplication.translate

JOB_TIMEOUT_S = 300.0
MIN_STALL_SECONDS = 1.0


class _Report:
    def __init__(self, out: Callable[[str], None]):
        self.out = out
        self.checks: list[tuple[str, bool, str]] = []

    def add(self, name: str, ok: bool, detail: str = "") -> bool:
        self.checks.append((name, ok, detail))
        self.out(f"{'PASS' if ok else 'FAIL'} {name}: {detail}")
        return ok

    @property
    def ok(self) -> bool:
        return bool(self.checks) and all(ok for _, ok, _ in self.checks)


def _panel_texts(panel) -> list[str]:
    """All the text the panel shows in its text editors."""
    texts = [w.toPlainText() for w in panel.findChildren(QPlainTextEdit)]
    texts += [w.toPlainText() for w in panel.findChildren(QTextEdit)]
    texts += [w.text() for w in panel.findChildren(QLineEdit)]
    return texts


def run_selftest(out: Callable[[str], None] | None = None, keep_home: bool = False, t0: float | None = None) -> int:
    """Run the checks; returns 0 if all pass, 1 otherwise. ``t0`` (a ``time.perf_counter()`` reading) is when the
    command started, so the window's time includes loading the window's code; by default, this call."""
    t0 = time.perf_counter() if t0 is None else t0
    out = out or (lambda line: print(line, flush=True))
    torch_preloaded = "torch" in sys.modules
    if not os.environ.get("DISPLAY") and not os.environ.get("WAYLAND_DISPLAY") and sys.platform.startswith("linux"):
        os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    old_home = os.environ.get("AIGC_STUDIO_HOME")
    home = tempfile.mkdtemp(prefix="aigc-selftest-")
    os.environ["AIGC_STUDIO_HOME"] = home
    try:
        return _run(out, t0, torch_preloaded, Path(home))
    finally:
        if old_home is None:
            os.environ.pop("AIGC_STUDIO_HOME", None)
        else:
            os.environ["AIGC_STUDIO_HOME"] = old_home
        if not keep_home:
            shutil.rmtree(home, ignore_errors=True)


def _run(out: Callable[[str], None], t0: float, torch_preloaded: bool, home: Path) -> int:
    created_app = QApplication.instance() is None
    app = QApplication.instance() or QApplication([sys.argv[0] if sys.argv else "aigc-studio"])
    settings = Settings.load()
    setup_application(app, settings, translate=created_app)
    rep = _Report(out)

    window = MainWindow(settings)
    window.ask_close = lambda text, choices, default: "close"     # closing at the end asks no one
    meter = StallMeter(parent=window)
    try:
        window_ms = time_window_shown(window, t0)
        shown = window.isVisible() and window.windowHandle() is not None and window.windowHandle().isExposed()
        rep.add("window", shown, translate("SelfTest", "shown after %1 ms").replace("%1", f"{window_ms:.0f}"))
        wait_until(lambda: window.engine_started_at is not None, 10)
        if torch_preloaded:
            rep.add("torch-after-window", True,
                    translate("SelfTest", "not measured: torch was loaded before the self-test"))
        else:
            ok = window.torch_loaded_before_engine is False and bool(window.window_exposed_before_engine)
            rep.add("torch-after-window", ok,
                    translate("SelfTest", "the window was on screen before the engine loaded torch") if ok
                    else translate("SelfTest", "torch was loaded, or the engine started, before the window "
                                               "appeared"))
        tabs = [window.tabs.tabText(i) for i in range(window.tabs.count())]
        panels = all(window.tabs.indexOf(p) >= 0 for p in (window.image_panel, window.text_panel,
                                                              window.audio_panel))
        rep.add("panels", panels, ", ".join(tabs))        # Image, Text and Audio (and any tabs added since)
        meter.start()

        wait_until(lambda: window.engine.device is not None, 120)
        dev = window.engine.device
        rep.add("device", dev is not None and getattr(dev, "name", "?") != "?",
                str(getattr(dev, "reason", "")) if dev is not None
                else translate("SelfTest", "the engine did not report a device"))

        spec = diagnostics.diagnostic_spec(settings)
        mc = diagnostics.model_check(spec.model)
        if not mc.ok:
            missing = translate("SelfTest", "the shipped model folder aigc_studio/resources/models/%1 is not there yet "
                                            "(or unreadable): %2")
            rep.add("model", False, missing.replace("%1", spec.model).replace("%2", mc.detail))
        else:
            rep.add("model", True, mc.detail)
            _text_job(window, rep, spec)
        for media in (diagnostics.image_spec(settings), diagnostics.audio_spec(settings)):
            _media_job(window, rep, media)
        left = MIN_STALL_SECONDS - meter.stats().seconds
        if left > 0:
            process_events_for(left)          # a fast job still gets a meaningful number of ticks
        stats = meter.stop()
        sc = diagnostics.stall_check(stats, need_ticks=True)
        rep.add(sc.name, sc.ok, sc.detail)
        out(f"window_ms={window_ms:.0f} stall_p50_ms={stats.p50_ms:.1f} stall_p99_ms={stats.p99_ms:.1f} "
            f"stall_max_ms={stats.max_ms:.1f}")
    except Exception as exc:  # noqa: BLE001 — a crash in the self-test is a failed check, with its reason
        traceback.print_exc()
        rep.add("selftest", False, f"{type(exc).__name__}: {exc}")
    finally:
        meter.stop()
        window.close()
        window.engine.shutdown()
        window.deleteLater()
        app.processEvents()
    n_fail = sum(1 for _, ok, _ in rep.checks if not ok)
    out(translate("SelfTest", "All %1 checks passed.").replace("%1", str(len(rep.checks))) if rep.ok else
        translate("SelfTest", "%1 of %2 checks failed.").replace("%1", str(n_fail)).replace("%2", str(len(rep.checks))))
    return 0 if rep.ok else 1


def _text_job(window, rep: _Report, spec) -> None:
    """The diagnostics' job check (one implementation: ``ui.widgets.diagnostics.EngineJobCheck``), with the job
    started by the Text panel's Generate; then what only the whole window can show: the text in the panel and
    the panel's own Save, read back."""
    panel = window.text_panel
    window.tabs.setCurrentWidget(panel)
    panel.restore_spec(spec)
    check = diagnostics.EngineJobCheck(window.engine, spec, timeout_s=JOB_TIMEOUT_S, submit=window.generate_current,
                            roundtrip=False, measure_stalls=False)    # the self-test measures stalls throughout
    check.start()
    if check.job_id is None:
        detail = "; ".join(c.detail for c in check.checks) if check.checks else ""
        rep.add("generate", False, translate("SelfTest", "Generate did not start a job") +
                (f" ({detail})" if detail else ""))
        return
    rep.add("generate", True, translate("SelfTest", "job %1 queued from the Text panel").replace("%1", check.job_id))
    wait_until(lambda: check.finished, JOB_TIMEOUT_S + 10)
    if not check.finished:
        check._on_timeout()
    for c in check.checks:
        rep.add(c.name, c.ok, c.detail)
    info = check.info
    if info is None or not all(c.ok for c in check.checks):
        return
    text = info.result.text
    probe = text.strip()[:20]
    shown = wait_until(lambda: any(probe in t for t in _panel_texts(panel)), 5)
    rep.add("panel-shows-text", bool(probe) and shown,
            translate("SelfTest", "the Text panel shows the generated text") if shown else
            translate("SelfTest", "the generated text is not in the Text panel"))
    wait_until(lambda: not panel.is_busy(), 10)
    path = panel.save()
    if not path or not Path(path).is_file():
        rep.add("save", False, translate("SelfTest", "saving from the Text panel gave no file (%1)")
                .replace("%1", str(path)))
        return
    back = load_spec(path)
    same = back == info.spec
    rep.add("save", same, (translate("SelfTest", "%1 saved; its settings read back the same") if same
                           else translate("SelfTest", "%1 saved, but its settings read back differently"))
            .replace("%1", str(path)))


def _media_job(window, rep: _Report, spec) -> None:
    """An image or audio job with the shipped model through the real engine (the diagnostics' checks: previews
    or chunks arrive, the pictures are not blank, the sounds neither silent, clipped nor NaN, the first one saves
    and its settings read back)."""
    kind = spec.kind
    mc = diagnostics.model_check(spec.model)
    rep.add(f"{kind}-model", mc.ok, mc.detail)
    if not mc.ok:
        return
    window.tabs.setCurrentWidget(window.panel_for_kind(kind))
    check = diagnostics.EngineJobCheck(window.engine, spec, timeout_s=JOB_TIMEOUT_S, measure_stalls=False)
    check.start()
    wait_until(lambda: check.finished, JOB_TIMEOUT_S + 10)
    if not check.finished:
        check._on_timeout()
    for c in check.checks:
        rep.add(f"{kind}-{c.name}", c.ok, c.detail)


if __name__ == "__main__":
    sys.exit(run_selftest())
