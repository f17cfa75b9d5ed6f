"""The Train tab's run view: what a training run is doing while it runs, and what it came to.

``RunView(parent)`` shows a status line and progress bar; throughput, time left, device and memory; the loss
curves (:class:`~aigc_studio.ui.widgets.loss_plot.LossPlot`); the samples (images on a
:class:`~aigc_studio.ui.widgets.sample_grid.SampleGrid`, sounds in a list with a play button through
:class:`~aigc_studio.ui.playback.Player`, text in a read-only view); the evaluation figures of the finished model
(from its card); and the run's messages.

The panel feeds it: ``start(kind)``, ``on_metric(metric)``, ``on_sample(sample)``, ``on_log(log)``,
``on_progress(done, total, message)``, ``set_status(text)``, ``set_device(name)``, ``show_evaluation(card)``.
Metrics named ``*_per_s``, ``eta_s``, ``memory_mb``, ``lr`` and ``beta`` are figures, not curves. Everything is
cheap per event: curves redraw on the plot's own timer, the figures line at most ~5 times a second.
"""
from __future__ import annotations

import math
import time
from typing import Any

import numpy as np
from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication, Qt, QTimer, Slot
from PySide6.QtGui import QTextCursor
from PySide6.QtWidgets import (QGroupBox, QHBoxLayout, QLabel, QListWidget, QListWidgetItem, QPlainTextEdit,
                               QProgressBar, QPushButton, QSplitter, QStackedWidget, QTabWidget, QVBoxLayout,
                               QWidget)

from aigc_studio.ui.panels.common import eta_words, stats_label, tr_core_text
from aigc_studio.ui.widgets.loss_plot import LossPlot
from aigc_studio.ui.widgets.sample_grid import SampleGrid

FIGURES = ("eta_s", "memory_mb", "cuda_memory_mb", "lr", "beta")
STATS_MS = 200
MAX_TEXT_SAMPLES = 200
MAX_SOUND_SAMPLES = 100


translate = QCoreApplication.translate


# the words of throughput units and of figures (curves, model cards), translated when shown
_UNITS = {
    "tokens": QT_TRANSLATE_NOOP("TrainRun", "%1 tokens/s"),
    "images": QT_TRANSLATE_NOOP("TrainRun", "%1 images/s"),
    "sounds": QT_TRANSLATE_NOOP("TrainRun", "%1 sounds/s"),
    "samples": QT_TRANSLATE_NOOP("TrainRun", "%1 samples/s"),
    "characters": QT_TRANSLATE_NOOP("TrainRun", "%1 characters/s"),
    "items": QT_TRANSLATE_NOOP("TrainRun", "%1 items/s"),
}
_WORDS = {
    "train_loss": QT_TRANSLATE_NOOP("TrainRun", "training loss"),
    "eval_loss": QT_TRANSLATE_NOOP("TrainRun", "held-out loss"),
    "loss": QT_TRANSLATE_NOOP("TrainRun", "loss"),
    "heldout_loss": QT_TRANSLATE_NOOP("TrainRun", "held-out loss"),
    "heldout_perplexity": QT_TRANSLATE_NOOP("TrainRun", "held-out perplexity"),
    "perplexity": QT_TRANSLATE_NOOP("TrainRun", "perplexity"),
    "eval_perplexity": QT_TRANSLATE_NOOP("TrainRun", "held-out perplexity"),
    "fid": QT_TRANSLATE_NOOP("TrainRun", "FID"),
    "kid": QT_TRANSLATE_NOOP("TrainRun", "KID"),
    "heldout_fid": QT_TRANSLATE_NOOP("TrainRun", "FID (held-out)"),
    "heldout_kid": QT_TRANSLATE_NOOP("TrainRun", "KID (held-out)"),
    "eval_lsd_db": QT_TRANSLATE_NOOP("TrainRun", "held-out log-spectral distance (dB)"),
    "heldout_lsd_db": QT_TRANSLATE_NOOP("TrainRun", "held-out log-spectral distance (dB)"),
    "lsd_db": QT_TRANSLATE_NOOP("TrainRun", "log-spectral distance (dB)"),
    "d_loss": QT_TRANSLATE_NOOP("TrainRun", "discriminator loss"),
    "g_loss": QT_TRANSLATE_NOOP("TrainRun", "generator loss"),
    "recon": QT_TRANSLATE_NOOP("TrainRun", "reconstruction"),
    "kl": QT_TRANSLATE_NOOP("TrainRun", "KL"),
    "stft": QT_TRANSLATE_NOOP("TrainRun", "STFT loss"),
    "f0": QT_TRANSLATE_NOOP("TrainRun", "pitch loss"),
    "eval_stft": QT_TRANSLATE_NOOP("TrainRun", "held-out STFT loss"),
    "eval_f0_cents": QT_TRANSLATE_NOOP("TrainRun", "held-out pitch error (cents)"),
    "eval_recon_mae": QT_TRANSLATE_NOOP("TrainRun", "held-out reconstruction error"),
    "memorisation": QT_TRANSLATE_NOOP("TrainRun", "memorisation"),
    "diversity": QT_TRANSLATE_NOOP("TrainRun", "diversity"),
    "nearest_train_distance": QT_TRANSLATE_NOOP("TrainRun", "distance to the nearest training image"),
    "d_real": QT_TRANSLATE_NOOP("TrainRun", "D score of real images"),
    "d_fake": QT_TRANSLATE_NOOP("TrainRun", "D score of fakes"),
    "d_class": QT_TRANSLATE_NOOP("TrainRun", "D class loss (real images)"),
    "g_class": QT_TRANSLATE_NOOP("TrainRun", "G class loss (samples)"),
    "g_ms": QT_TRANSLATE_NOOP("TrainRun", "G mode-seeking loss"),
    "d_real_heldout": QT_TRANSLATE_NOOP("TrainRun", "D score of held-out images"),
    "d_fake_samples": QT_TRANSLATE_NOOP("TrainRun", "D score of samples"),
    "heldout_loss_per_char": QT_TRANSLATE_NOOP("TrainRun", "held-out loss per character"),
    "heldout_loss_per_token": QT_TRANSLATE_NOOP("TrainRun", "held-out loss per token"),
    "heldout_stft_loss": QT_TRANSLATE_NOOP("TrainRun", "held-out STFT loss"),
    "train_kl": QT_TRANSLATE_NOOP("TrainRun", "KL"),
    "train_stft_loss": QT_TRANSLATE_NOOP("TrainRun", "STFT loss"),
    "heldout_f0_median_error_cents": QT_TRANSLATE_NOOP("TrainRun", "held-out pitch error (cents)"),
    "heldout_f0_within_50_cents": QT_TRANSLATE_NOOP("TrainRun", "held-out sounds within 50 cents"),
    "heldout_lsd_fft_sizes": QT_TRANSLATE_NOOP("TrainRun", "log-spectral distance FFT sizes"),
    "recon_mae_255": QT_TRANSLATE_NOOP("TrainRun", "reconstruction error (of 255)"),
    "recon_psnr_db": QT_TRANSLATE_NOOP("TrainRun", "reconstruction PSNR (dB)"),
    "latent_explained_variance": QT_TRANSLATE_NOOP("TrainRun", "variance explained by the sliders"),
    "heldout_sounds": QT_TRANSLATE_NOOP("TrainRun", "held-out sounds"),
    "heldout_images": QT_TRANSLATE_NOOP("TrainRun", "held-out images"),
}


def unit_words(unit: str, value: float) -> str:
    """"1,234 tokens/s" in the interface's language."""
    v = f"{value:,.1f}" if value < 100 else f"{value:,.0f}"
    return translate("TrainRun", _UNITS.get(unit, _UNITS["items"])).replace("%1", v)


def metric_label(name: str) -> str:
    """The words of a figure of a model card or a curve (the name itself when it has none)."""
    text = _WORDS.get(name)
    return translate("TrainRun", text) if text else name.replace("_", " ")


def fmt_value(value: Any) -> str:
    if isinstance(value, bool):
        return translate("TrainRun", "yes") if value else translate("TrainRun", "no")
    if isinstance(value, int):
        return f"{value:,}"
    if isinstance(value, float):
        if not math.isfinite(value):
            return "—"
        a = abs(value)
        return f"{value:.4g}" if a < 1000 else f"{value:,.0f}"
    if isinstance(value, (list, tuple)):
        return ", ".join(fmt_value(v) for v in value[:8]) + (" …" if len(value) > 8 else "")
    return str(value)


def _num(value: Any, digits: int = 3) -> str:
    return "—" if value is None else fmt_value(round(float(value), digits)) if isinstance(value, (int, float)) \
        else str(value)


def evaluation_rows(ev: dict) -> list[tuple[str, str]]:
    """The figures of an evaluation (``card["evaluation"]``) worth showing, in words: FID/KID, memorisation,
    diversity and the feature network for images; held-out loss and perplexity for text; the log-spectral distance
    for sounds."""
    rows: list[tuple[str, str]] = []
    kind = ev.get("kind")
    if kind == "text":
        rows.append((translate("TrainRun", "held-out loss (per token)"), _num(ev.get("heldout_loss"), 4)))
        rows.append((translate("TrainRun", "held-out perplexity"), _num(ev.get("perplexity"), 2)))
        if ev.get("heldout_loss_per_char") is not None:
            rows.append((translate("TrainRun", "held-out loss per character"),
                         _num(ev.get("heldout_loss_per_char"), 4)))
        held = translate("TrainRun", "%1 tokens in %2 texts")
        rows.append((translate("TrainRun", "held-out text"),
                     held.replace("%1", fmt_value(ev.get("heldout_tokens", 0)))
                     .replace("%2", fmt_value(ev.get("heldout_texts", 0)))))
    elif kind == "image":
        fid = ev.get("fid")
        too_few = translate("TrainRun", "not measured: needs %1 images")
        rows.append((translate("TrainRun", "FID (lower is better)"), _num(fid, 2) if fid is not None else
                     too_few.replace("%1", fmt_value(ev.get("fid_minimum_images", 0)))))
        near_zero = False
        if ev.get("kid") is not None:
            kid_value, kid_std = float(ev["kid"]), ev.get("kid_std")
            kid = _num(kid_value, 4)
            if kid_std is not None:
                kid += f" ± {_num(kid_std, 4)}"
            near_zero = kid_value - float(kid_std or 0.0) <= 0.0
            rows.append((translate("TrainRun", "KID (lower is better)"), kid))
        yard = ev.get("real_data_yardstick") or {}
        if isinstance(yard, dict) and (yard.get("fid") is not None or yard.get("kid") is not None):
            rows.append((translate("TrainRun", "the same for real training images"),
                         ", ".join(f"{k.upper()} {_num(yard.get(k), 4)}" for k in ("fid", "kid")
                                   if yard.get(k) is not None)))
            near_zero = near_zero or (yard.get("kid") is not None and float(yard["kid"]) <= 0.0)
        if near_zero:
            rows.append(("", translate("TrainRun", "KID values near or below 0 mean: indistinguishable from the "
                                                   "held-out images at this sample size")))
        mem = ev.get("memorisation")
        if isinstance(mem, dict):
            of = translate("TrainRun", "%1 of %2 samples")
            samples = fmt_value(ev.get("samples", 0))
            rows.append((translate("TrainRun", "samples that are near copies of a training image"),
                         of.replace("%1", fmt_value(mem.get("near_copies", 0))).replace("%2", samples)))
            rows.append((translate("TrainRun", "samples nearer a training image than 95 % of held-out images are"),
                         of.replace("%1", fmt_value(mem.get("closer_than_heldout_p5", 0))).replace("%2", samples)))
        div = ev.get("diversity")
        if isinstance(div, dict) and div.get("ratio") is not None:
            rows.append((translate("TrainRun", "diversity (samples / held-out images)"), _num(div.get("ratio"), 3)))
        compared = translate("TrainRun", "%1 samples, %2 held-out images")
        rows.append((translate("TrainRun", "compared with"), compared.replace(
            "%1", fmt_value(ev.get("samples", 0))).replace("%2", fmt_value(ev.get("reference_images", 0)))))
        fs = ev.get("feature_space")
        if isinstance(fs, dict) and fs.get("network"):
            rows.append((translate("TrainRun", "feature network"), str(fs.get("network"))))
    elif kind == "audio":
        rows.append((translate("TrainRun", "held-out log-spectral distance (dB)"), _num(ev.get("heldout_lsd_db"), 2)))
        if ev.get("heldout_stft") is not None:
            rows.append((translate("TrainRun", "held-out STFT loss"), _num(ev.get("heldout_stft"), 4)))
        rows.append((translate("TrainRun", "held-out sounds"), fmt_value(ev.get("heldout_sounds", 0))))
    return rows


def sample_rate_of(text: str, default: int = 16000) -> int:
    """The sample rate a sound sample's text starts with ("16000 Hz: ...")."""
    head = (text or "").split(" ", 1)[0]
    return int(head) if head.isdigit() and 1000 <= int(head) <= 384000 else default


class SoundSamples(QWidget):
    """The sound samples: one row per sample, newest first; Play plays the selected one."""

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.sounds: list[tuple[int, np.ndarray, int]] = []
        self.list = QListWidget(self)
        self.list.setObjectName("TrainSoundSamples")
        self.play_button = QPushButton(self.tr("▶ Play"), self)
        self.play_button.setObjectName("TrainPlaySample")
        self.play_button.setToolTip(self.tr("Play the selected sample"))
        self.play_button.setEnabled(False)
        self.note = QLabel(self)
        self.note.setWordWrap(True)
        self.note.hide()
        self._player: Any = None
        row = QHBoxLayout()
        row.addWidget(self.play_button)
        row.addWidget(self.note, 1)
        lay = QVBoxLayout(self)
        lay.setContentsMargins(0, 0, 0, 0)
        lay.addWidget(self.list, 1)
        lay.addLayout(row)
        self.play_button.clicked.connect(self.play_selected)
        self.list.itemDoubleClicked.connect(lambda *_: self.play_selected())
        self.list.currentRowChanged.connect(lambda r: self.play_button.setEnabled(r >= 0))

    def clear(self) -> None:
        self.sounds.clear()
        self.list.clear()
        self.play_button.setEnabled(False)

    def add(self, step: int, samples: Any, rate: int, text: str = "") -> bool:
        arr = np.asarray(samples, dtype=np.float32)
        if arr.ndim == 2:
            arr = arr.reshape(-1) if arr.shape[0] == 1 else arr.mean(axis=0) if arr.shape[0] <= 8 else arr[0]
        if arr.ndim != 1 or arr.size == 0:
            return False
        arr = np.nan_to_num(arr, nan=0.0, posinf=0.0, neginf=0.0)
        self.sounds.insert(0, (int(step), arr, int(rate)))
        del self.sounds[MAX_SOUND_SAMPLES:]
        label = self.tr("Step %1 · %2 s").replace("%1", f"{step:,}").replace("%2", f"{arr.size / rate:.1f}")
        item = QListWidgetItem(label)
        if text:
            item.setToolTip(text)
        self.list.insertItem(0, item)
        while self.list.count() > MAX_SOUND_SAMPLES:
            self.list.takeItem(self.list.count() - 1)
        self.list.setCurrentRow(0)
        return True

    def player(self) -> Any:
        if self._player is None:
            from aigc_studio.ui.playback import Player
            self._player = Player(self)
            self._player.unavailable.connect(self._on_unavailable)
        return self._player

    @Slot()
    def play_selected(self) -> bool:
        row = self.list.currentRow()
        if not (0 <= row < len(self.sounds)):
            return False
        _, samples, rate = self.sounds[row]
        ok = bool(self.player().play(samples, rate))
        if ok:
            self.note.hide()
        return ok

    @Slot(str)
    def _on_unavailable(self, note: str) -> None:
        self.note.setText(note)
        self.note.setVisible(bool(note))

    def stop(self) -> None:
        if self._player is not None:
            self._player.stop()


class RunView(QWidget):
    """See the module docstring."""

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("TrainRunView")
        self.status = QLabel(self.tr("No training yet: choose the data and the model, then press Start."), self)
        self.status.setObjectName("TrainStatus")
        self.status.setWordWrap(True)
        self.progress = QProgressBar(self)
        self.progress.setObjectName("TrainProgress")
        self.progress.setTextVisible(True)
        self.progress.setRange(0, 1)
        self.progress.setValue(0)
        self.figures = stats_label(self)
        self.figures.setObjectName("TrainFigures")
        self.figures.setWordWrap(True)

        self.plot = LossPlot(self, label_of=metric_label)
        self.plot.setObjectName("TrainLossPlot")
        self.image_samples = SampleGrid(self)
        self.sound_samples = SoundSamples(self)
        self.text_samples = QPlainTextEdit(self)
        self.text_samples.setObjectName("TrainTextSamples")
        self.text_samples.setReadOnly(True)
        self.text_samples.setPlaceholderText(self.tr("Samples of the text the model writes appear here, from "
                                                     "step 0 on."))
        self.samples = QStackedWidget(self)
        self.samples.setObjectName("TrainSamples")
        for w in (self.image_samples, self.sound_samples, self.text_samples):
            self.samples.addWidget(w)
        samples_box = QGroupBox(self.tr("Samples"), self)
        QVBoxLayout(samples_box).addWidget(self.samples)
        curves_box = QGroupBox(self.tr("Loss"), self)
        QVBoxLayout(curves_box).addWidget(self.plot)

        self.evaluation = QLabel(self)
        self.evaluation.setObjectName("TrainEvaluation")
        self.evaluation.setWordWrap(True)
        self.evaluation.setTextFormat(Qt.TextFormat.RichText)
        self.evaluation.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.evaluation.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
        self.evaluation.setText(self.tr("The evaluation of the trained model (held-out figures) appears here when "
                                        "a run ends."))
        self.log = QPlainTextEdit(self)
        self.log.setObjectName("TrainLog")
        self.log.setReadOnly(True)
        self.log.setMaximumBlockCount(2000)
        self.info_tabs = QTabWidget(self)
        self.info_tabs.addTab(self.evaluation, self.tr("Evaluation"))
        self.info_tabs.addTab(self.log, self.tr("Messages"))

        top = QSplitter(Qt.Orientation.Horizontal, self)
        top.setChildrenCollapsible(False)
        top.addWidget(curves_box)
        top.addWidget(samples_box)
        top.setSizes([500, 400])
        self.split = QSplitter(Qt.Orientation.Vertical, self)
        self.split.setChildrenCollapsible(False)
        self.split.addWidget(top)
        self.split.addWidget(self.info_tabs)
        self.split.setStretchFactor(0, 3)
        self.split.setStretchFactor(1, 1)
        self.split.setSizes([420, 150])

        lay = QVBoxLayout(self)
        lay.setContentsMargins(0, 0, 0, 0)
        head = QHBoxLayout()
        head.addWidget(self.status, 1)
        head.addWidget(self.progress, 1)
        lay.addLayout(head)
        lay.addWidget(self.figures)
        lay.addWidget(self.split, 1)

        self._figures: dict[str, str] = {}
        self._unit_rate: tuple[str, float] | None = None
        self._eta: float | None = None
        self._eta_at = 0.0
        self._device = ""
        self._memory: float | None = None
        self._gpu_memory: float | None = None
        self._step = 0
        self._stats_timer = QTimer(self)
        self._stats_timer.setSingleShot(True)
        self._stats_timer.setInterval(STATS_MS)
        self._stats_timer.timeout.connect(self._update_figures)
        self.metrics_seen: dict[str, float] = {}
        self.sample_count = 0

    # --- a run ------------------------------------------------------------------------------------------------
    def start(self, data_kind: str) -> None:
        """A new run of ``data_kind`` ("text" | "image" | "audio") begins: empty every view."""
        self.plot.clear()
        self.image_samples.clear()
        self.sound_samples.clear()
        self.text_samples.clear()
        self.log.clear()
        self.samples.setCurrentWidget({"image": self.image_samples, "audio": self.sound_samples}.get(
            data_kind, self.text_samples))
        self.evaluation.setText(self.tr("The evaluation of the trained model appears here when the run ends."))
        self.info_tabs.setCurrentWidget(self.log)
        self.progress.setRange(0, 0)                  # busy until the first step
        self._unit_rate, self._eta, self._memory, self._gpu_memory, self._step = None, None, None, None, 0
        self.metrics_seen.clear()
        self.sample_count = 0
        self._update_figures()

    def set_status(self, text: str) -> None:
        self.status.setText(text)

    def set_device(self, name: str) -> None:
        self._device = name
        self._stats_timer.start()

    def on_progress(self, done: int, total: int) -> None:
        self._step = done
        if total > 0 and total < 10_000_000:
            self.progress.setRange(0, total)
            self.progress.setValue(min(done, total))
            self.progress.setFormat(self.tr("step %v of %m"))
        else:
            self.progress.setRange(0, 0)
        if not self._stats_timer.isActive():
            self._stats_timer.start()

    def set_time_fraction(self, fraction: float) -> None:
        """With a time budget, the bar shows the share of it spent."""
        self.progress.setRange(0, 1000)
        self.progress.setValue(int(max(0.0, min(1.0, fraction)) * 1000))
        self.progress.setFormat(self.tr("step %1").replace("%1", f"{self._step:,}"))

    def on_metric(self, metric: Any) -> None:
        name, value = str(metric.name), float(metric.value)
        self.metrics_seen[name] = value
        if name.endswith("_per_s"):
            self._unit_rate = (name[:-len("_per_s")], value)
        elif name == "eta_s":
            self._eta, self._eta_at = value, time.monotonic()
        elif name == "memory_mb":
            self._memory = value
        elif name == "cuda_memory_mb":
            self._gpu_memory = value
        elif name not in FIGURES:          # the figures line's own metrics are not curves
            self.plot.add_point(name, int(metric.step), value)
        if not self._stats_timer.isActive():
            self._stats_timer.start()

    def on_sample(self, sample: Any) -> bool:
        data, text, step = getattr(sample, "data", None), str(getattr(sample, "text", "") or ""), int(sample.step)
        shown = False
        if data is not None:
            arr = np.asarray(data)
            if arr.dtype == np.uint8 and arr.ndim in (3, 4):
                self.samples.setCurrentWidget(self.image_samples)
                shown = self.image_samples.add_sample(step, arr)
            elif arr.dtype.kind == "f":
                self.samples.setCurrentWidget(self.sound_samples)
                shown = self.sound_samples.add(step, arr, sample_rate_of(text), text)
        elif text:
            self.samples.setCurrentWidget(self.text_samples)
            self.text_samples.appendPlainText(self.tr("— step %1 —").replace("%1", f"{step:,}"))
            self.text_samples.appendPlainText(text.rstrip() + "\n")
            if self.text_samples.blockCount() > MAX_TEXT_SAMPLES * 40:
                cur = self.text_samples.textCursor()
                cur.movePosition(QTextCursor.MoveOperation.Start)
                cur.movePosition(QTextCursor.MoveOperation.Down, QTextCursor.MoveMode.KeepAnchor, 400)
                cur.removeSelectedText()
            self.text_samples.moveCursor(QTextCursor.MoveOperation.End)
            shown = True
        if shown:
            self.sample_count += 1
        return shown

    def on_log(self, message: str, level: str = "info") -> None:
        text = tr_core_text(message)
        prefix = {"warning": self.tr("Warning: "), "error": self.tr("Error: ")}.get(level, "")
        self.log.appendPlainText(prefix + text)

    def finish(self, text: str, step: int | None = None, complete: bool = False) -> None:
        """The run ended: ``text`` in the status line; the bar shows the step it ended at (``step``, else the last
        one reported) — full only when the run went through all its steps (``complete``)."""
        self.set_status(text)
        if step is not None and step >= 0:
            self._step = int(step)
        if self.progress.maximum() == 0:              # no step reported yet (busy bar)
            self.progress.setRange(0, max(1, self._step))
            self.progress.setFormat(self.tr("step %1").replace("%1", f"{self._step:,}"))
            self.progress.setValue(self._step if self._step else 0)
        elif "%v" in self.progress.format():          # "step %v of %m": the step it ended at
            self.progress.setValue(self.progress.maximum() if complete else min(self._step, self.progress.maximum()))
        else:                                         # a time budget: the share of it spent, and the step
            self.progress.setFormat(self.tr("step %1").replace("%1", f"{self._step:,}"))
            if complete:
                self.progress.setValue(self.progress.maximum())
        self._eta = None
        self._update_figures()

    def show_evaluation(self, card: dict | None, result: dict | None = None) -> bool:
        """The evaluation figures of the finished model: its card's ``evaluation`` (the held-out figures the
        evaluation writes), else its ``metrics``; False when there are none."""
        card = card if isinstance(card, dict) else {}
        ev = card.get("evaluation") if isinstance(card.get("evaluation"), dict) else None
        if ev is None and isinstance((result or {}).get("evaluation"), dict):
            ev = result["evaluation"]
        rows = evaluation_rows(ev) if ev else []
        notes = [tr_core_text(str(n)) for n in (ev or {}).get("notes", []) or [] if n]
        if not rows:
            metrics = card.get("metrics") if isinstance(card.get("metrics"), dict) else (result or {}).get("metrics")
            rows = [(metric_label(k), fmt_value(v)) for k, v in (metrics or {}).items()
                    if isinstance(v, (int, float)) and not isinstance(v, bool)]
        if not rows:
            self.evaluation.setText(self.tr("This run has no evaluation figures."))
            return False
        from html import escape
        body = "".join(f"<tr><td>{escape(k)}</td><td style='padding-left:12px'><b>{escape(v)}</b></td></tr>" if k
                       else f"<tr><td colspan='2'><i>{escape(v)}</i></td></tr>" for k, v in rows)
        name = card.get("name") or card.get("id") or ""
        title = self.tr("Evaluation of %1").replace("%1", str(name))
        head = f"<p>{escape(title)}</p>" if name else ""
        tail = "".join(f"<p>{escape(n)}</p>" for n in notes)
        self.evaluation.setText(f"{head}<table>{body}</table>{tail}")
        self.info_tabs.setCurrentWidget(self.evaluation)
        return True

    # --- figures ------------------------------------------------------------------------------------------------
    def figures_text(self) -> str:
        return self.figures.text()

    @Slot()
    def _update_figures(self) -> None:
        parts = []
        if self._unit_rate is not None:
            parts.append(unit_words(*self._unit_rate))
        if self._eta is not None:
            left = max(0.0, self._eta - (time.monotonic() - self._eta_at))
            parts.append(eta_words(left))
        if self._device:
            parts.append(self.tr("device: %1").replace("%1", self._device))
        if self._memory is not None:
            parts.append(self.tr("memory: %1 MB").replace("%1", f"{self._memory:,.0f}"))
        if self._gpu_memory is not None:
            parts.append(self.tr("GPU memory: %1 MB").replace("%1", f"{self._gpu_memory:,.0f}"))
        self.figures.setText(" · ".join(p for p in parts if p))
