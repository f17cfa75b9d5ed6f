"""Help → Diagnostics: the self-test's checks inside the running window. A short text, image and audio job with
the shipped models go through the real engine one after the other (the stream must arrive, then the result; images
must not be blank, sounds neither silent, clipped nor NaN); each result is saved as an asset in a temporary folder
and its settings read back; the GUI thread's stalls are measured meanwhile. The report is
plain text the user can copy into a bug report.

This module is the ONE implementation of those checks: ``aigc_studio.devtools.selftest`` (the ``selftest`` command) uses
the same job spec (:func:`diagnostic_spec`), the same job watcher (:class:`EngineJobCheck`, there with the job
submitted by the Text panel's Generate) and the same checks and limits (:func:`model_check`,
:func:`stream_checks`, :func:`stall_check`)."""
from __future__ import annotations

import platform
import shutil
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Callable

import numpy as np
from PySide6 import __version__ as pyside_version
from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication, QObject, QTimer, Signal, Slot
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import (QDialog, QDialogButtonBox, QHBoxLayout, QLabel, QPlainTextEdit, QPushButton,
                               QVBoxLayout, QWidget)

from aigc_studio import __version__
from aigc_studio.core.assets import AssetStore, load_spec
from aigc_studio.core.base.errors import user_message
from aigc_studio.core.base.events import AudioChunk, ImagePreview, TextDelta
from aigc_studio.core.base.specs import (DEFAULT_AUDIO_MODEL, DEFAULT_IMAGE_MODEL, DEFAULT_TEXT_MODEL, AudioSpec,
                                         ImageSpec, TextSpec, spec_from_dict)
from aigc_studio.core.models import registry
from aigc_studio.devtools.stallmeter import StallMeter
from aigc_studio.ui.fonts import cjk_fallback_family
from aigc_studio.ui.logfile import installed_path as installed_log_path, log_path
from aigc_studio.ui.panels.common import tr_core_text

translate = QCoreApplication.translate

DIAG_PROMPT = "春眠不觉晓，"
DIAG_TOKENS = 32
DIAG_SEED = 1234
STALL_P99_LIMIT_MS = 500.0


@dataclass(frozen=True)
class Check:
    name: str
    ok: bool
    detail: str = ""

    def line(self) -> str:
        """The command line's form (``PASS|FAIL name: detail``: scripts read it)."""
        return f"{'PASS' if self.ok else 'FAIL'} {self.name}: {self.detail}"

    def shown_line(self) -> str:
        """The Diagnostics window's form, in the interface's language."""
        verdict = translate("Diagnostics", "PASS") if self.ok else translate("Diagnostics", "FAIL")
        name = translate("Diagnostics", CHECK_NAMES[self.name]) if self.name in CHECK_NAMES else self.name
        return translate("Diagnostics", "%1 %2: %3").replace("%1", verdict).replace("%2", name).replace(
            "%3", tr_core_text(self.detail))


CHECK_NAMES = {"model": QT_TRANSLATE_NOOP("Diagnostics", "model"), "stream": QT_TRANSLATE_NOOP("Diagnostics", "stream"),
               "result": QT_TRANSLATE_NOOP("Diagnostics", "result"), "asset": QT_TRANSLATE_NOOP("Diagnostics", "asset"),
               "gui-stalls": QT_TRANSLATE_NOOP("Diagnostics", "window stalls"),
               "submit": QT_TRANSLATE_NOOP("Diagnostics", "submit"), "job": QT_TRANSLATE_NOOP("Diagnostics", "job")}


def diagnostic_spec(settings: Any = None):
    """The short job the diagnostics run: the shipped default text model, a fixed seed."""
    device = getattr(settings, "device", "auto") if settings is not None else "auto"
    return TextSpec(prompt=DIAG_PROMPT, model=DEFAULT_TEXT_MODEL, max_new_tokens=DIAG_TOKENS, temperature=0.8,
                    seed=DIAG_SEED, device=device or "auto")


def model_check(model_id: str) -> Check:
    """Is the shipped model there (read from its card; no torch)?"""
    try:
        info = registry.resolve(model_id)
    except Exception as exc:  # noqa: BLE001
        return Check("model", False, translate("Diagnostics", "the shipped model '%1' is not available: %2")
                     .replace("%1", model_id).replace("%2", user_message(exc)))
    return Check("model", True, f"{info.id} ({info.source}, {info.path})")


def stream_checks(deltas: list[str], result: Any) -> list[Check]:
    text = getattr(result, "text", "") if result is not None else ""
    arrived = translate("Diagnostics", "%1 text deltas arrived").replace("%1", str(len(deltas)))
    out = [Check("stream", len(deltas) > 1, arrived)]
    joined = "".join(deltas)
    ok = bool(text) and (joined.startswith(text) or text.startswith(joined))
    data = getattr(result, "data", {}) or {}
    speed = data.get("tokens_per_s")
    detail = translate("Diagnostics", "%1 characters").replace("%1", str(len(text)))
    if speed:
        detail += translate("Diagnostics", ", %1 tokens/s, first token %2 ms").replace(
            "%1", f"{float(speed):.1f}").replace("%2", f"{float(data.get('first_token_ms', 0)):.0f}")
    if text and not ok:
        detail += translate("Diagnostics", " (the streamed text differs from the result)")
    out.append(Check("result", ok, detail))
    return out


def image_spec(settings: Any = None):
    """The image job the diagnostics run: four samples of the shipped GAN, a fixed seed."""
    return ImageSpec(model=DEFAULT_IMAGE_MODEL, count=4, seed=DIAG_SEED, device=_device(settings))


def audio_spec(settings: Any = None):
    """The audio job the diagnostics run: two one-second sounds of the shipped audio VAE, a fixed seed."""
    return AudioSpec(model=DEFAULT_AUDIO_MODEL, count=2, seed=DIAG_SEED, seconds=1.0, device=_device(settings))


def _device(settings: Any) -> str:
    return (getattr(settings, "device", "auto") if settings is not None else "auto") or "auto"


def media_checks(kind: str, events: list[Any], result: Any) -> list[Check]:
    """Images or sounds: previews/chunks arrived, the result lists them, and they are not blank, silent,
    clipped or NaN."""
    items = (getattr(result, "data", {}) or {}).get("items", [])
    if kind == "image":
        frames = [np.asarray(e.images) for e in events if isinstance(e, ImagePreview)]
        n = sum(len(f) for f in frames)
        out = [Check("stream", bool(frames), translate("Diagnostics", "%1 previews with %2 images arrived")
                     .replace("%1", str(len(frames))).replace("%2", str(n)))]
        alpha = np.concatenate([f[..., 3].ravel() for f in frames]) if frames else np.zeros(1)
        visible = float((alpha > 0).mean())
        ok = n == len(items) and n > 0 and 0.02 < visible
        out.append(Check("result", ok, translate("Diagnostics", "%1 images, %2% of their pixels visible")
                         .replace("%1", str(len(items))).replace("%2", f"{visible * 100:.0f}")))
        return out
    chunks = [np.asarray(e.samples, dtype=np.float32) for e in events if isinstance(e, AudioChunk)]
    out = [Check("stream", len(chunks) > 1, translate("Diagnostics", "%1 audio chunks arrived")
                 .replace("%1", str(len(chunks))))]
    wave = np.concatenate([c.ravel() for c in chunks]) if chunks else np.zeros(1, np.float32)
    finite = bool(np.isfinite(wave).all())
    peak = float(np.abs(wave).max()) if finite else float("nan")
    rms = float(np.sqrt(np.mean(wave.astype(np.float64) ** 2))) if finite else float("nan")
    ok = finite and bool(items) and 0.01 < peak <= 1.0 and rms > 1e-3
    out.append(Check("result", ok, translate("Diagnostics", "%1 sounds, peak %2, RMS %3")
                     .replace("%1", str(len(items))).replace("%2", f"{peak:.2f}").replace("%3", f"{rms:.3f}")))
    return out


def _save_first(store, kind: str, events: list[Any], result: Any):
    """Save the first image or sound of a result with its own spec; (path, that spec)."""
    item = result.data["items"][0]
    spec = spec_from_dict(item["spec"])
    if kind == "image":
        first = next(e for e in events if isinstance(e, ImagePreview))
        return store.save_image(np.asarray(first.images)[0], spec), spec
    chunks = [e for e in events if isinstance(e, AudioChunk) and e.index == 0]
    wave = np.concatenate([np.asarray(c.samples, dtype=np.float32) for c in chunks], axis=-1)
    return store.save_audio(wave, chunks[0].sample_rate, spec), spec


def roundtrip_check(result: Any, spec: Any, root: Path, events: list[Any] | None = None) -> tuple[Check, str | None]:
    """Save the result (text, or the first image or sound) as an asset in ``root`` and read its settings back."""
    try:
        store = AssetStore(root)
        if spec.kind in ("image", "audio"):
            path, spec = _save_first(store, spec.kind, events or [], result)
        else:
            path = store.save_text(result.text, spec, extra=dict(getattr(result, "data", {}) or {}))
        back = load_spec(path)
    except Exception as exc:  # noqa: BLE001
        return Check("asset", False, user_message(exc)), None
    same = back == spec
    return Check("asset", same, (translate("Diagnostics", "saved and reloaded %1") if same else
                                 translate("Diagnostics", "%1 was saved but its settings differ when read back"))
                 .replace("%1", str(path))), str(path)


def stall_check(stats, need_ticks: bool = False) -> Check:
    """GUI stalls under the limit; ``need_ticks``: fail when nothing was measured (the self-test's rule)."""
    ok = stats.p99_ms < STALL_P99_LIMIT_MS and (stats.ticks > 0 or not need_ticks)
    return Check("gui-stalls", ok, translate("Diagnostics", "p50 %1 ms, p99 %2 ms, max %3 ms over %4 ticks in %5 s")
                 .replace("%1", f"{stats.p50_ms:.1f}").replace("%2", f"{stats.p99_ms:.1f}")
                 .replace("%3", f"{stats.max_ms:.1f}").replace("%4", str(stats.ticks))
                 .replace("%5", f"{stats.seconds:.1f}"))


def environment_lines() -> list[str]:
    lines = [f"AIGC Studio {__version__}", f"Python {sys.version.split()[0]} on {platform.platform()}"]
    try:
        lines.append(f"PySide6 {pyside_version}, platform {QGuiApplication.platformName()}")
    except Exception:  # noqa: BLE001
        pass
    if "torch" in sys.modules:
        lines.append(f"torch {sys.modules['torch'].__version__}")
    font = cjk_fallback_family() or translate("Diagnostics", "none found")
    lines.append(translate("Diagnostics", "Chinese font: %1").replace("%1", font))
    log_file = installed_log_path() or log_path()
    lines.append(translate("Diagnostics", "Log file (details of failed jobs): %1").replace("%1", str(log_file)))
    return lines


class EngineJobCheck(QObject):
    """Runs ``spec`` (text, image or audio) through ``engine`` and checks the stream, the result, the asset round
    trip and GUI stalls.
    ``done(list[Check])`` is emitted once. Asynchronous: the event loop must run."""

    done = Signal(object)

    def __init__(self, engine, spec, asset_root: Path | None = None, timeout_s: float = 180.0,
                 parent: QObject | None = None, *, submit: Callable[[], Any] | None = None,
                 roundtrip: bool = True, measure_stalls: bool = True):
        """``submit()`` starts the job and returns its id (default: ``engine.submit(spec)``; the self-test
        presses the Text panel's Generate instead). ``roundtrip``: save the result in ``asset_root`` (a
        temporary folder by default) and read it back. ``measure_stalls``: add the GUI-stall check."""
        super().__init__(parent)
        self.engine, self.spec = engine, spec
        self._submit = submit
        self.roundtrip = roundtrip
        self.measure_stalls = measure_stalls
        self.info: Any = None              # the finished job's JobInfo
        self._tmp: str | None = None
        self.asset_root = asset_root
        self.timeout_s = timeout_s
        self.job_id: str | None = None
        self.deltas: list[str] = []
        self.events: list[Any] = []         # image previews and audio chunks
        self.checks: list[Check] = []
        self.meter = StallMeter(parent=self)
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.timeout.connect(self._on_timeout)
        self.finished = False

    def start(self) -> None:
        self.engine.job_event.connect(self._on_event)
        self.engine.job_finished.connect(self._on_finished)
        self.meter.start()
        try:
            job_id = self._submit() if self._submit is not None else self.engine.submit(self.spec)
        except Exception as exc:  # noqa: BLE001
            self._end([Check("submit", False, user_message(exc))])
            return
        if not job_id:
            self._end([Check("submit", False, "")])     # the caller's submit() refused (it says why itself)
            return
        self.job_id = str(job_id)
        self._timer.start(int(self.timeout_s * 1000))

    @Slot(str, object)
    def _on_event(self, job_id: str, event: Any) -> None:
        if job_id != self.job_id:
            return
        if isinstance(event, TextDelta):
            self.deltas.append(event.text)
        elif isinstance(event, (ImagePreview, AudioChunk)):
            self.events.append(event)

    @Slot(str, object)
    def _on_finished(self, job_id: str, info: Any) -> None:
        if job_id != self.job_id or self.finished:
            return
        stats = self.meter.stop()
        self.info = info
        if info.state != "done":
            checks = [Check("job", False, f"{info.state}: {info.message}")]
        else:
            checks = [Check("job", True, translate("Diagnostics", "finished on %1").replace("%1", info.device or "?"))]
            kind = getattr(self.spec, "kind", "text")
            checks += (media_checks(kind, self.events, info.result) if kind in ("image", "audio")
                       else stream_checks(self.deltas, info.result))
            if self.roundtrip and all(c.ok for c in checks):
                root = self.asset_root
                if root is None:
                    self._tmp = tempfile.mkdtemp(prefix="aigc-diagnostics-")
                    root = Path(self._tmp)
                checks.append(roundtrip_check(info.result, info.spec, root, self.events)[0])
        if self.measure_stalls:
            checks.append(stall_check(stats))
        self._end(checks)

    @Slot()
    def _on_timeout(self) -> None:
        if self.finished:
            return
        if self.job_id:
            self.engine.cancel(self.job_id)
        late = translate("Diagnostics", "no result within %1 s").replace("%1", f"{self.timeout_s:.0f}")
        stats = self.meter.stop()
        self._end([Check("job", False, late)] + ([stall_check(stats)] if self.measure_stalls else []))

    def _end(self, checks: list[Check]) -> None:
        self.finished = True
        self._timer.stop()
        for sig, slot in ((self.engine.job_event, self._on_event), (self.engine.job_finished, self._on_finished)):
            try:
                sig.disconnect(slot)
            except (RuntimeError, TypeError):
                pass
        if self._tmp:
            shutil.rmtree(self._tmp, ignore_errors=True)
            self._tmp = None
        self.checks = checks
        self.done.emit(checks)


class DiagnosticsDialog(QDialog):
    """Help → Diagnostics…: press Run, read the report, copy it."""

    def __init__(self, engine, settings: Any, parent: QWidget | None = None):
        super().__init__(parent)
        self.engine, self.settings = engine, settings
        self.check: EngineJobCheck | None = None
        self.setWindowTitle(self.tr("Diagnostics"))
        intro = QLabel(self.tr("Runs a short text, image and audio job with the shipped models, saves each result "
                               "to a temporary folder and reads it back, and measures how responsive the window "
                               "stays. Nothing is kept."))
        intro.setWordWrap(True)
        self.report = QPlainTextEdit()
        self.report.setReadOnly(True)
        self.report.setMinimumSize(560, 280)
        self.run_button = QPushButton(self.tr("Run checks"))
        self.run_button.clicked.connect(self.run_checks)
        self.copy_button = QPushButton(self.tr("Copy report"))
        self.copy_button.clicked.connect(self.copy_report)
        close = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        close.rejected.connect(self.reject)
        row = QHBoxLayout()
        row.addWidget(self.run_button)
        row.addWidget(self.copy_button)
        row.addStretch(1)
        row.addWidget(close)
        lay = QVBoxLayout(self)
        lay.addWidget(intro)
        lay.addWidget(self.report, 1)
        lay.addLayout(row)
        self.results: list[Check] = []
        self._pending: list[tuple[Any, str]] = []
        self._show_environment()

    def _show_environment(self) -> None:
        lines = environment_lines()
        device = getattr(self.engine, "device", None)
        if device is not None:
            lines.append(self.tr("Device: %1").replace("%1", tr_core_text(str(getattr(device, "reason", device)))))
        self.report.setPlainText("\n".join(lines))

    @Slot()
    def run_checks(self) -> None:
        if self.check is not None and not self.check.finished:
            return
        self._show_environment()
        self.results = []
        self._pending = [(diagnostic_spec(self.settings), self.tr("Running a short text job…")),
                         (image_spec(self.settings), self.tr("Generating four images…")),
                         (audio_spec(self.settings), self.tr("Generating two sounds…"))]
        self.run_button.setEnabled(False)
        self._next_check()

    def _next_check(self) -> None:
        """Run the next job of the list, each after the one before (they share the engine)."""
        while self._pending:
            spec, note = self._pending.pop(0)
            self.report.appendPlainText("")
            mc = model_check(spec.model)
            self.report.appendPlainText(mc.shown_line())
            self.results.append(mc)
            if not mc.ok:
                continue
            self.report.appendPlainText(note)
            self.check = EngineJobCheck(self.engine, spec, parent=self)
            self.check.done.connect(self._on_done)
            self.check.start()
            return
        self._summary()
        self.run_button.setEnabled(True)

    @Slot(object)
    def _on_done(self, checks: list[Check]) -> None:
        self.results += checks
        for c in checks:
            self.report.appendPlainText(c.shown_line())
        self._next_check()

    def _summary(self) -> None:
        failed = [c for c in self.results if not c.ok]
        self.report.appendPlainText("")
        self.report.appendPlainText(self.tr("All checks passed.") if not failed else
                                    self.tr("%1 check(s) failed.").replace("%1", str(len(failed))))

    @Slot()
    def copy_report(self) -> None:
        QGuiApplication.clipboard().setText(self.report.toPlainText())

    def reject(self) -> None:
        self._pending = []
        if self.check is not None and not self.check.finished and self.check.job_id:
            self.engine.cancel(self.check.job_id)     # closing the dialog stops its job
        super().reject()
