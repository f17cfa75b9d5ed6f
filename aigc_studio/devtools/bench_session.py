"""The UI part of `aigc-studio bench --only ui`: one scripted user session in a fresh process (bench.py starts five).

    python -m aigc_studio.devtools.bench_session --prepare HOME [--assets N]   # a studio home with N real assets
    python -m aigc_studio.devtools.bench_session [--short]                       # one session on $AIGC_STUDIO_HOME

The session, as a user meets the studio (offscreen, 1400x900):

1. launch: ``window_ms`` from the parent's clock reading before it started this process (AIGC_STUDIO_BENCH_T0,
   ``time.time()``) to the main window exposed; ``rss_mb_window`` then;
2. wait for idle: the engine's warm-up when it has one (a ``warmed_up`` / ``warm_up_finished`` signal or an
   ``is_warm()`` / ``warmed_up`` property), the device named, and then one second in which the GUI thread never
   ran 10 ms late (at most 20 s); ``rss_mb_idle`` then;
3. with ONE :class:`StallMeter` running through all of it, phase by phase:
   ``tabs``      every tab of the window shown in turn, then the Assets dock's list;
   ``text``      the Text panel generates 300 tokens (the first job after idle: torch and the model load);
   ``image``     the Image panel generates a 64-image batch onto its canvas;
   ``audio``     the Audio panel generates one 2-second sound;
   ``library``   the Assets library (1,000 assets of the prepared home) scrolled from top to bottom in wheel steps
                 while the event loop runs, then a moment for the thumbnails to arrive;
   ``training``  the Train tab: the form set (a text dataset folder scanned, GPT "gpt-tiny", a sample every 10
                 steps), Start pressed, 10 s of training after the first point of its curve, Abort pressed, and
                 the job waited for.

Prints one JSON line: ``window_ms``, ``rss_mb_window``, ``rss_mb_idle``, ``idle_wait_s``,
``first_job_stall_max_ms`` (the text job), ``stall_p99_ms`` / ``stall_p50_ms`` (while jobs stream: the text,
image, audio and training phases together), ``stall_max_ms`` (the whole scripted part), ``training_stall_max_ms``,
``<phase>_stall_max_ms`` / ``<phase>_stall_p99_ms`` / ``<phase>_seconds`` for every phase, and what each phase did
(``text_tokens``, ``canvas_images``, ``library_assets``, ``train_points``, ``train_samples``...). A phase that could
not run says why under ``<phase>_error``; the others still run.

``--short`` is the same session made small for a test (40 tokens, 8 images, 2 s of training; the library is
whatever the home holds).
"""
from __future__ import annotations

import argparse
import json
import os
import shutil
import sys
import time
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

PHASES = ("tabs", "text", "image", "audio", "library", "training")
STREAMING = ("text", "image", "audio", "training")     # the phases whose ticks make stall_p99_ms
HOME_FORMAT = 3                                        # bump when the prepared home's contents change
DATASET_DIR = "bench-text-dataset"                     # inside the prepared home: the Train tab's text folder


# --- the prepared home (no Qt, no torch: the bench parent may call this in a child of its own) -------------------
def prepare_home(home: Path, assets: int = 1000) -> Path:
    """A studio home (``$AIGC_STUDIO_HOME``) whose output folder holds ``assets`` real assets written by the
    project's own :class:`AssetStore` (40 % small pictures, 40 % texts, 20 % short sounds, spread over 30 days,
    the index built as a user's is), and a small text dataset folder for the Train tab. Written into a temporary
    folder and renamed into place, so a half-prepared home is never reused. Returns ``home``."""
    import numpy as np

    from aigc_studio.core.assets import AssetStore
    from aigc_studio.core.base.specs import AudioSpec, ImageSpec, TextSpec

    home = Path(home)
    if (home / "prepared.json").is_file():
        return home
    tmp = home.with_name(home.name + f".tmp{os.getpid()}")
    shutil.rmtree(tmp, ignore_errors=True)
    out = tmp / "output"
    start = datetime(2026, 1, 1, 9, 0).astimezone()
    step = timedelta(days=30) / max(1, assets)
    t = [start]

    def clock() -> datetime:
        t[0] += step
        return t[0]

    rng = np.random.default_rng(0)
    words = ("moon river mountain lantern autumn wind pine crane plum snow willow boat bell cloud rain "
             "spring harbour meadow orchard candle").split()
    with AssetStore(out, clock=clock) as store:
        for i in range(assets):
            r = i % 5
            if r in (0, 1):                   # a 64 px picture: soft blobs of colour
                yy, xx = np.mgrid[0:64, 0:64]
                img = np.zeros((64, 64, 4), np.uint8)
                for _ in range(3):
                    cy, cx, rad = rng.integers(8, 56), rng.integers(8, 56), rng.integers(6, 20)
                    mask = (yy - cy) ** 2 + (xx - cx) ** 2 < rad * rad
                    img[mask, :3] = rng.integers(30, 250, 3)
                    img[mask, 3] = 255
                store.save_image(img, ImageSpec(model="emoji-gan", count=1, seed=i, truncation=0.7))
            elif r in (2, 3):                 # a few lines of text
                line = " ".join(rng.choice(words, 12))
                store.save_text(f"{line}\n{' '.join(rng.choice(words, 9))}\n",
                                TextSpec(prompt=line.split()[0], model="fortunes-en", seed=i), {"tokens": 24})
            else:                             # 0.5 s of a tone with an envelope
                sr = 16000
                n = sr // 2
                f = 110.0 * 2 ** (rng.integers(0, 36) / 12)
                env = np.minimum(1.0, np.arange(n) / 400.0) * np.exp(-np.arange(n) / (sr * 0.2))
                wave = (0.4 * env * np.sin(2 * np.pi * f * np.arange(n) / sr)).astype(np.float32)
                store.save_audio(wave, sr, AudioSpec(model="notes-vae", count=1, seed=i, seconds=0.5))
        store.refresh()
    data = tmp / DATASET_DIR
    data.mkdir(parents=True)
    text = _dataset_text()
    quarter = len(text) // 4 + 1
    for k in range(4):
        (data / f"part-{k}.txt").write_text(text[k * quarter:(k + 1) * quarter], encoding="utf-8")
    (tmp / "prepared.json").write_text(json.dumps({"format": HOME_FORMAT, "assets": assets}), encoding="utf-8")
    if home.exists():
        shutil.rmtree(tmp, ignore_errors=True)
        if (home / "prepared.json").is_file():  # another process prepared it meanwhile
            return home
        raise FileExistsError(f"{home} exists and is not a prepared bench home: remove it or choose another")
    os.replace(tmp, home)
    return home


def _dataset_text() -> str:
    """About 30 KB of plain English for the training phase: the project's own docs when present, else a generated
    text of the same size."""
    root = Path(__file__).resolve().parents[2]
    parts = []
    for name in ("README.md", "docs/architecture.md"):
        p = root / name
        if p.is_file():
            parts.append(p.read_text(encoding="utf-8", errors="replace"))
    text = "\n".join(parts)[:30000]
    if len(text) < 5000:
        text = ("The quick brown fox jumps over the lazy dog while the moon rises over the river. " * 400)[:30000]
    return text


def copy_home(prepared: Path, target: Path) -> Path:
    """A copy of the prepared home for one run (each run starts from the same state)."""
    shutil.copytree(prepared, target, symlinks=True)
    return target


# --- the session (Qt from here on) --------------------------------------------------------------------------------
class PhaseMeter:
    """One StallMeter through the whole scripted part; each phase is a slice of its ticks."""

    def __init__(self):
        from aigc_studio.devtools.stallmeter import StallMeter
        self.meter = StallMeter()
        self.slices: dict[str, tuple[int, int, float, float]] = {}
        self._open: tuple[str, int, float] | None = None

    def start(self) -> None:
        self.meter.start()

    def begin(self, phase: str) -> None:
        self._open = (phase, len(self.meter.lateness_ms), time.perf_counter())

    def end(self) -> None:
        if self._open is not None:
            phase, i0, t0 = self._open
            self.slices[phase] = (i0, len(self.meter.lateness_ms), t0, time.perf_counter())
            self._open = None

    def stop(self) -> None:
        self.end()
        self.meter.stop()

    def ticks(self, phases: tuple[str, ...] | None = None) -> list[float]:
        lat = self.meter.lateness_ms
        if phases is None:
            return list(lat)
        out: list[float] = []
        for p in phases:
            if p in self.slices:
                i0, i1, _, _ = self.slices[p]
                out.extend(lat[i0:i1])
        return out

    def figures(self) -> dict[str, float]:
        from aigc_studio.devtools.stallmeter import percentile
        out: dict[str, float] = {}
        for p, (i0, i1, t0, t1) in self.slices.items():
            lat = self.meter.lateness_ms[i0:i1]
            out[f"{p}_stall_max_ms"] = round(max(lat) if lat else 0.0, 2)
            out[f"{p}_stall_p99_ms"] = round(percentile(lat, 99), 2)
            out[f"{p}_seconds"] = round(t1 - t0, 2)
        streaming = self.ticks(STREAMING)
        everything = self.ticks()
        out["stall_p50_ms"] = round(percentile(streaming, 50), 2)
        out["stall_p99_ms"] = round(percentile(streaming, 99), 2)
        out["stall_max_ms"] = round(max(everything) if everything else 0.0, 2)
        out["ticks"] = len(everything)
        return out


def wait_for_idle(engine: Any, timeout_s: float = 20.0) -> float:
    """Wait until the engine has warmed up (when it says so), has named its device, and the GUI thread then ran
    one second with no tick 10 ms late. Returns the seconds waited."""
    from aigc_studio.devtools.stallmeter import StallMeter, process_events_for, wait_until
    t0 = time.perf_counter()
    deadline = t0 + timeout_s
    warm: list[bool] = []
    for name in ("warmed_up", "warm_up_finished", "warmup_finished", "warm_finished"):
        sig = getattr(type(engine), name, None)
        if sig is not None and hasattr(getattr(engine, name, None), "connect"):
            getattr(engine, name).connect(lambda *_: warm.append(True))
            break

    def is_warm() -> bool:
        if warm:
            return True
        for name in ("is_warm", "is_warmed_up", "warmed", "warm"):
            v = getattr(engine, name, None)
            if v is None or hasattr(v, "connect"):
                continue
            try:
                return bool(v() if callable(v) else v)
            except Exception:  # noqa: BLE001 — an unknown attribute: fall back to the quiet second
                return True
        return True

    wait_until(lambda: getattr(engine, "device", None) is not None, max(1.0, deadline - time.perf_counter()))
    wait_until(is_warm, max(1.0, deadline - time.perf_counter()))
    while time.perf_counter() < deadline:
        m = StallMeter()
        m.start()
        process_events_for(1.0)
        if m.stop().max_ms < 10.0:
            break
    return time.perf_counter() - t0


class Session:
    """The scripted session on an open window (see the module docstring)."""

    def __init__(self, app: Any, window: Any, short: bool):
        self.app, self.window, self.short = app, window, short
        self.engine = window.engine
        self.finished: dict[str, Any] = {}
        self.engine.job_finished.connect(lambda job_id, info: self.finished.__setitem__(job_id, info))
        self.out: dict[str, Any] = {}
        self.meter = PhaseMeter()

    # helpers
    def wait_job(self, job_id: str | None, timeout_s: float, panel: Any = None) -> Any:
        from aigc_studio.devtools.stallmeter import wait_until
        if job_id is None:
            return None
        wait_until(lambda: job_id in self.finished and (panel is None or not panel.is_busy()), timeout_s)
        return self.finished.get(job_id)

    def phase(self, name: str, fn) -> None:
        from aigc_studio.devtools.stallmeter import process_events_for
        self.meter.begin(name)
        try:
            fn()
        except Exception as exc:  # noqa: BLE001 — one phase that cannot run must not hide the others
            self.out[f"{name}_error"] = f"{type(exc).__name__}: {exc}"[:300]
        self.meter.end()
        process_events_for(0.3 if self.short else 0.5)    # a breath between actions, as a user takes

    @staticmethod
    def _state(info: Any) -> str:
        return str(getattr(info, "state", "timeout"))

    # the phases
    def tabs(self) -> None:
        from aigc_studio.devtools.stallmeter import process_events_for
        tabs = self.window.tabs
        lat = self.meter.meter.lateness_ms
        per_tab: dict[str, float] = {}
        for i in list(range(tabs.count())) + [tabs.indexOf(self.window.text_panel)]:
            n = len(lat)
            tabs.setCurrentIndex(i)
            process_events_for(0.25 if self.short else 0.6)
            name = tabs.tabText(i).replace("&", "")
            per_tab[name] = round(max([per_tab.get(name, 0.0)] + lat[n:]), 1)
        self.out["tab_stall_max_ms"] = per_tab        # which tab's first showing stalls (diagnosis)
        dock = self.window.assets_dock
        dock.show()
        dock.raise_()
        self.window.assets.view.setFocus()
        process_events_for(0.3)

    def text(self) -> None:
        from aigc_studio.core.base.specs import TextSpec
        w = self.window
        w.tabs.setCurrentWidget(w.text_panel)
        panel = w.text_panel
        tokens = 40 if self.short else 300
        # the poems model writes on for the whole length (the English fortunes end after a line or two)
        panel.restore_spec(TextSpec(prompt="床前明月光，", max_new_tokens=tokens, temperature=0.8, seed=7))
        self.out["text_model"] = panel.current_model()
        info = self.generate("text", panel)
        data = (getattr(getattr(info, "result", None), "data", {}) or {})
        self.out["text_tokens"] = data.get("tokens")

    def generate(self, phase: str, panel: Any) -> Any:
        """Press the panel's Generate, wait for the job; its state (and message when it failed) in the report."""
        info = self.wait_job(panel.generate(), 180, panel)
        self.out[f"{phase}_state"] = self._state(info)
        if self._state(info) == "failed":
            self.out[f"{phase}_message"] = str(info.message)[:300]
        return info

    def image(self) -> None:
        w = self.window
        panel = w.image_panel
        w.tabs.setCurrentWidget(panel)
        panel.count_spin.setValue(8 if self.short else 64)
        panel.seed_row.set_mode("fixed")
        panel.seed_row.set_seed(1234)
        self.generate("image", panel)
        self.out["canvas_images"] = panel.canvas.image_count()

    def audio(self) -> None:
        w = self.window
        panel = w.audio_panel
        w.tabs.setCurrentWidget(panel)
        panel.count_spin.setValue(1)
        panel.seconds_spin.setValue(min(2.0, panel.seconds_spin.maximum()))
        self.generate("audio", panel)

    def library(self) -> None:
        from PySide6.QtCore import QPoint, QPointF, Qt
        from PySide6.QtGui import QWheelEvent

        from aigc_studio.devtools.stallmeter import process_events_for, wait_until
        lib = self.window.assets
        self.window.assets_dock.show()
        self.window.assets_dock.raise_()
        wait_until(lambda: lib.model.rowCount() > 0 and not getattr(lib, "is_loading", lambda: False)(), 30)
        self.out["library_assets"] = lib.model.rowCount()
        view = lib.view
        bar = view.verticalScrollBar()
        bar.setValue(0)
        process_events_for(0.1)
        steps = 0
        vp = view.viewport()
        centre = QPointF(vp.width() / 2, vp.height() / 2)
        while bar.value() < bar.maximum() and steps < 2000:
            if steps % 4 == 3:        # now and then a drag of the scrollbar by a page
                bar.setValue(min(bar.maximum(), bar.value() + bar.pageStep()))
            else:                     # three notches of the mouse wheel
                ev = QWheelEvent(centre, vp.mapToGlobal(centre), QPoint(0, 0), QPoint(0, -360),
                                 Qt.MouseButton.NoButton, Qt.KeyboardModifier.NoModifier, Qt.ScrollPhase.NoScrollPhase,
                                 False)
                self.app.sendEvent(vp, ev)
            steps += 1
            process_events_for(0.03)
        self.out["library_scroll_steps"] = steps
        self.out["library_at_bottom"] = bar.value() >= bar.maximum()
        process_events_for(0.5)       # the last thumbnails arrive

    def training(self) -> None:
        from aigc_studio.core.base.settings import HOME_ENV
        from aigc_studio.devtools.stallmeter import process_events_for, wait_until
        w = self.window
        panel = w.train_panel
        w.train.show_tab()
        folder = Path(os.environ[HOME_ENV]) / DATASET_DIR
        panel.dataset.scan_folder(str(folder))
        if not wait_until(lambda: panel.dataset.manifest() is not None, 120):
            raise RuntimeError(f"the dataset {folder} was not scanned in 120 s")
        ms = panel.model_section
        ms.set_choice("gpt")
        i = ms.preset_combo.findData("gpt-tiny")
        if i >= 0:
            ms.preset_combo.setCurrentIndex(i)
        ms.steps_radio.setChecked(True)
        ms.steps_spin.setValue(min(ms.steps_spin.maximum(), 100_000))
        ms.batch_spin.setValue(8)
        ms.sample_spin.setValue(10)
        ms.name_edit.setText(f"bench-session-{os.getpid()}")
        t_press = time.perf_counter()
        panel.start_button.click()
        job = panel.active_job_id()
        if job is None:
            raise RuntimeError(f"Start training refused: {panel.message.text()}")
        view = panel.run_view

        def points() -> int:
            return sum(len(view.plot.points(n)[0]) for n in view.plot.curve_names())

        wait_until(lambda: points() > 0 or job in self.finished, 180)
        self.out["train_first_point_s"] = round(time.perf_counter() - t_press, 2)
        process_events_for(2.0 if self.short else 10.0)
        self.out["train_points"] = points()
        self.out["train_samples"] = int(getattr(view, "sample_count", 0))
        panel.abort_button.click()
        info = self.wait_job(job, 120)
        self.out["train_state"] = self._state(info)
        if self._state(info) == "failed":
            self.out["train_message"] = str(info.message)[:300]

    def run(self) -> dict[str, Any]:
        self.meter.start()
        for name in PHASES:
            self.phase(name, getattr(self, name))
        self.meter.stop()
        self.out.update(self.meter.figures())
        self.out["first_job_stall_max_ms"] = self.out.get("text_stall_max_ms")
        self.out["training_stall_max_ms"] = self.out.get("training_stall_max_ms")
        worst = sorted(self.meter.ticks(), reverse=True)[:5]
        self.out["worst_ticks_ms"] = [round(x, 1) for x in worst]
        return self.out


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="bench_session")
    ap.add_argument("--prepare", metavar="HOME", help="prepare a studio home with assets and exit")
    ap.add_argument("--assets", type=int, default=1000)
    ap.add_argument("--short", action="store_true", help="a small session (for a test)")
    a = ap.parse_args(argv)
    if a.prepare:
        prepare_home(Path(a.prepare), a.assets)
        print(json.dumps({"prepared": a.prepare}), flush=True)
        return 0

    t0 = float(os.environ.get("AIGC_STUDIO_BENCH_T0", time.time()))
    from aigc_studio.devtools.bench_child import open_bench_window, rss_mb

    app, window = open_bench_window(None)          # on the prepared home the parent copied for this run
    out: dict[str, Any] = {"window_ms": round((time.time() - t0) * 1000.0, 1), "rss_mb_window": round(rss_mb(), 1),
                           "torch_loaded_at_window": "torch" in sys.modules}
    out["idle_wait_s"] = round(wait_for_idle(window.engine), 2)
    out["rss_mb_idle"] = round(rss_mb(), 1)
    out["warm_up_ms"] = dict(getattr(window.engine, "warm_up_ms", None) or {})
    session = Session(app, window, a.short)
    try:
        out.update(session.run())
    finally:
        window.close()
        window.engine.shutdown()
    print(json.dumps(out), flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
