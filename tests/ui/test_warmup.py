"""The engine's warm-up (ui/warmup.py, ui/engine.py) and the plots built after it (ui/widgets/plots.py): torch,
pyqtgraph and the job modules load on the engine thread, never on the GUI thread; a job queued meanwhile runs
after it; the window builds its pyqtgraph views one per event-loop turn once it is over."""
from __future__ import annotations

import json
import os
import subprocess
import sys
import textwrap
import threading

from aigc_studio.ui import warmup

TIMEOUT = 10_000


def test_the_warm_up_runs_its_steps_on_the_engine_thread_then_announces_it(qtbot, make_engine):
    threads: list[object] = []
    eng = make_engine(start=False, warm_up=[("one", lambda: threads.append(threading.current_thread())),
                                            ("two", lambda: threads.append(threading.current_thread()))])
    assert not eng.is_warm()
    with qtbot.waitSignal(eng.warmed_up, timeout=TIMEOUT) as sig:
        eng.start()
    assert eng.is_warm()
    assert list(sig.args[0]) == ["one", "two", "gc freeze"] and eng.warm_up_ms == sig.args[0]
    assert len(threads) == 2 and threads[0] is threads[1] and threads[0] is not threading.main_thread()


def test_a_job_submitted_during_the_warm_up_runs_after_it(Script, qtbot, make_engine, recorder):
    gate = threading.Event()
    order: list[str] = []

    def slow_step():
        assert gate.wait(10)
        order.append("warm-up step")

    eng = make_engine(warm_up=[("slow", slow_step)])
    finished: list[str] = []
    eng.job_finished.connect(lambda job_id, info: finished.append(info.state))
    eng.warmed_up.connect(lambda *_: order.append("warmed up"))
    job = eng.submit(Script(name="early", steps=2))
    qtbot.wait(100)
    assert recorder.started == [] and eng.job(job).state == "queued"      # the engine thread is warming up
    gate.set()
    qtbot.waitUntil(lambda: finished == ["done"], timeout=TIMEOUT)
    assert order == ["warm-up step", "warmed up"] and recorder.started == ["early"]


def test_a_failing_step_is_logged_and_the_warm_up_goes_on(qtbot, make_engine):
    ran: list[str] = []

    def broken():
        raise ImportError("no such module")

    eng = make_engine(warm_up=[("broken", broken), ("next", lambda: ran.append("next"))])
    qtbot.waitUntil(eng.is_warm, timeout=TIMEOUT)
    assert ran == ["next"] and "broken" in eng.warm_up_ms


def test_a_step_that_exits_does_not_keep_jobs_waiting(Script, qtbot, make_engine, recorder):
    import gc

    def exits():
        raise SystemExit(3)                 # some native libraries' import code calls sys.exit

    eng = make_engine(warm_up=[("exits", exits)])
    qtbot.waitUntil(eng.is_warm, timeout=TIMEOUT)
    finished: list[str] = []
    eng.job_finished.connect(lambda job_id, info: finished.append(info.state))
    eng.submit(Script(name="after", steps=1))
    qtbot.waitUntil(lambda: finished == ["done"], timeout=TIMEOUT)
    assert gc.isenabled()


def test_closing_during_the_warm_up_skips_the_rest(qtbot, make_engine):
    gate = threading.Event()
    ran: list[str] = []
    eng = make_engine(warm_up=[("wait", lambda: gate.wait(10)), ("later", lambda: ran.append("later"))])
    qtbot.wait(50)
    threading.Timer(0.2, gate.set).start()
    assert eng.shutdown(timeout_s=10)
    assert ran == []


def test_tests_fake_device_means_no_warm_up(qtbot, make_engine):
    """Engines with a fake device resolver (every UI test) load nothing: warmed up at once, with no steps."""
    eng = make_engine(start=False)
    with qtbot.waitSignal(eng.warmed_up, timeout=TIMEOUT) as sig:
        eng.start()
    assert sig.args[0] == {} and eng.is_warm()


def test_the_default_warm_up_loads_the_plots_at_start_and_torch_before_the_first_job():
    assert [name for name, _ in warmup.steps()] == ["plots", "sound output"]
    names = [name for name, _ in warmup.first_job_steps(lambda: None)]
    assert names == ["torch libraries", "device", "job modules", "first torch ops"]
    assert {"aigc_studio.core.jobs.text", "aigc_studio.core.jobs.image", "aigc_studio.core.jobs.audio"} <= set(
        warmup.JOB_MODULES)
    assert warmup.import_modules(("json", "aigc_studio.no_such_module")) == ["aigc_studio.no_such_module"]


def test_the_first_job_warm_up_runs_once_before_the_first_job_with_the_collector_paused(Script, qtbot, make_engine,
                                                                                     recorder):
    import gc
    seen: list[tuple[str, bool, bool]] = []

    def step(name):
        return lambda: seen.append((name, gc.isenabled(), threading.current_thread() is threading.main_thread()))

    frozen = gc.get_freeze_count()
    eng = make_engine(first_job_warm_up=[("a", step("a")), ("b", step("b"))])
    qtbot.waitUntil(eng.is_warm, timeout=TIMEOUT)
    assert seen == []                                        # nothing of it at start: an idle studio stays small
    finished: list[str] = []
    eng.job_finished.connect(lambda job_id, info: finished.append(info.state))
    for name in ("first", "second"):
        eng.submit(Script(name=name, steps=1))
    qtbot.waitUntil(lambda: finished == ["done", "done"], timeout=TIMEOUT)
    assert seen == [("a", False, False), ("b", False, False)]   # once, on the engine thread, no collection meanwhile
    assert recorder.started == ["first", "second"] and list(eng._worker.job_warm_ms) == ["a", "b"]
    assert gc.isenabled() and gc.get_freeze_count() >= frozen
    gc.unfreeze()


def test_collector_paused_freezes_what_the_block_made_and_resumes_collecting():
    import gc
    gc.unfreeze()
    try:
        with warmup.collector_paused():
            assert not gc.isenabled()
            keep = [[i] for i in range(5000)]
        assert gc.isenabled() and gc.get_freeze_count() >= len(keep)
    finally:
        gc.unfreeze()


# A fresh interpreter (pyqtgraph not imported yet): the real MainWindow with a scripted engine whose warm-up waits
# for a gate, then loads pyqtgraph. Every import of pyqtgraph is recorded with its thread; Qt's warnings (a QObject
# made in the wrong thread...) are caught by a message handler.
_SCRIPT = textwrap.dedent("""
    import builtins, json, sys, threading, time
    from types import SimpleNamespace
    from PySide6.QtCore import qInstallMessageHandler
    from PySide6.QtWidgets import QApplication

    imports = []
    real_import = builtins.__import__
    def spy(name, *args, **kw):
        if (name == "pyqtgraph" or name.startswith("pyqtgraph.")) and name not in sys.modules:
            imports.append(threading.current_thread() is threading.main_thread())
        return real_import(name, *args, **kw)
    builtins.__import__ = spy
    warnings = []
    qInstallMessageHandler(lambda mode, ctx, msg: warnings.append(msg))

    app = QApplication([])
    from aigc_studio.core.base.settings import Settings
    from aigc_studio.ui import warmup
    from aigc_studio.ui.engine import Engine
    from aigc_studio.ui.main_window import MainWindow
    from aigc_studio.ui.widgets import plots

    gate = threading.Event()
    loaded_by_warm_up = set()
    def load_plots():
        warmup.load_plots()
        loaded_by_warm_up.update(m for m in sys.modules if m.startswith("pyqtgraph"))
    eng = Engine(device_pref="cpu", resolve_device=lambda p: SimpleNamespace(device="cpu", name="cpu", reason="cpu"),
                 model_cache_factory=lambda: None, warm_up=[("gate", lambda: gate.wait(20)), ("plots", load_plots)])
    w = MainWindow(Settings.load(), engine=eng)
    w.show()

    def spin(cond, s=20.0):
        end = time.monotonic() + s
        while not cond() and time.monotonic() < end:
            app.processEvents()
            time.sleep(0.005)
        return cond()

    spin(lambda: w.engine_started_at is not None)
    w.tabs.setCurrentWidget(w.audio_panel)                  # the user opens the Audio tab during the warm-up
    spin(lambda: False, 0.3)
    before = {"pg_loaded": "pyqtgraph" in sys.modules, "waveform": w.audio_panel.waveform is not None,
              "placeholder": w.audio_panel.sound_view.views_placeholder.isVisible()}
    gate.set()
    ok = spin(lambda: w.audio_panel.waveform is not None and w.views_built)
    after = {"ok": ok, "spectrogram": w.audio_panel.spectrogram is not None,
             "placeholder": w.audio_panel.sound_view.views_placeholder.isVisible(),
             "loss_plot": w.train_panel.run_view.plot.plot is not None, "slices": w.view_slice_ms,
             "ready": plots.is_ready(),
             "later_modules": sorted(m for m in sys.modules
                                     if m.startswith("pyqtgraph") and m not in loaded_by_warm_up)}
    w.close()
    eng.shutdown()
    print(json.dumps({"before": before, "after": after, "imports_on_gui": sum(imports),
                      "imports_elsewhere": len(imports) - sum(imports),
                      "thread_warnings": [m for m in warnings if "thread" in m.lower() or "QPixmap" in m]}))
""")


def test_pyqtgraph_loads_off_the_gui_thread_and_the_views_wait_for_it(tmp_path):
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", AIGC_STUDIO_HOME=str(tmp_path))
    proc = subprocess.run([sys.executable, "-c", _SCRIPT], capture_output=True, text=True, env=env, timeout=120)
    assert proc.returncode == 0, proc.stderr[-3000:]
    out = json.loads(proc.stdout.strip().splitlines()[-1])
    # shown before the warm-up loaded pyqtgraph: a placeholder, no view, nothing imported on the GUI thread
    assert out["before"] == {"pg_loaded": False, "waveform": False, "placeholder": True}
    after = out["after"]
    assert after["ok"] and after["spectrogram"] and not after["placeholder"] and after["ready"]
    assert after["loss_plot"]                                  # built in a slice after the warm-up
    assert [name for name, _ in after["slices"]] == ["loss plot"] * 2   # the Audio views were made when it loaded
    assert out["imports_on_gui"] == 0 and out["imports_elsewhere"] > 0
    assert after["later_modules"] == []        # building and drawing the views imports no more of pyqtgraph
    assert out["thread_warnings"] == []
