"""What the Text, Image and Audio panels share.

* :class:`JobPanel` — the base of a generation panel: the ``asset_saved`` / ``status_message`` signals, the
  engine's signals connected, the bookkeeping of the panel's job (id, state, spec, device, pending progress and
  phase) and of the warnings it logs, "is busy", the remembered form (``settings.last_params[KIND]``) and
  "Open model folder…".
* :class:`Coalescer` — a timer that runs its slot at most once per interval however many events poke it.
* :func:`tr_core` / :func:`spec_problems` / :func:`merge_problems` — the problems ``core.base.specs`` reports
  (``Problem`` data with an English template: core has no Qt), by their field and in the interface's language.
* :func:`list_models` / :func:`resolve_model` — the model registry, as the panels use it.
* Small builders of the panels' common widgets: :func:`push_button`, :func:`stats_label`, :func:`side_column`,
  :func:`split_panel`.
"""
from __future__ import annotations

import logging
import time
from typing import Any, Callable

from PySide6.QtCore import QCoreApplication, QT_TRANSLATE_NOOP, QObject, Qt, QTimer, Signal, Slot
from PySide6.QtGui import QFont
from PySide6.QtWidgets import (QFileDialog, QLabel, QProgressBar, QPushButton, QScrollArea, QSizePolicy, QSplitter,
                               QVBoxLayout, QWidget)

from aigc_studio.core.base.errors import Problem, as_problem
from aigc_studio.core.base.events import Log, Progress
from aigc_studio.core.base.settings import SEED_MODES
from aigc_studio.core.models import registry
from aigc_studio.ui.widgets.param_form import problems_by_field, read_number

log = logging.getLogger(__name__)

FLUSH_INTERVAL_MS = 33          # what a job streams reaches the view at most ~30 times a second
FINAL_STATES = ("done", "cancelled", "failed")

# The English templates of the problems core.base.specs reports (Problem.message), so lupdate lists them for
# translators (core has no Qt); shown through tr_core(). A template's {placeholders} are filled after translating,
# so a translation keeps them as they are. tests/ui/test_text_panel.py checks every problem the specs give is here.
_CORE_MESSAGES = (
    QT_TRANSLATE_NOOP("CoreMessages", "Choose a model."),
    QT_TRANSLATE_NOOP("CoreMessages", "The seed must be between 0 and 4294967295."),
    QT_TRANSLATE_NOOP("CoreMessages", "The device must be auto, cuda, mps or cpu."),
    QT_TRANSLATE_NOOP("CoreMessages", "A setting has a value of the wrong type ({error})."),
    QT_TRANSLATE_NOOP("CoreMessages", "This file does not hold AIGC Studio settings."),
    QT_TRANSLATE_NOOP("CoreMessages", "The saved settings are incomplete ({error})."),
    QT_TRANSLATE_NOOP("CoreMessages", "The saved settings are not valid JSON."),
    # text
    QT_TRANSLATE_NOOP("CoreMessages", "The prompt is empty: type a few words to start from."),
    QT_TRANSLATE_NOOP("CoreMessages", "Max new tokens must be between 1 and 4096."),
    QT_TRANSLATE_NOOP("CoreMessages", "Temperature must be between 0 (greedy) and 5."),
    QT_TRANSLATE_NOOP("CoreMessages", "Top-k must be 0 (off) or a positive number of tokens."),
    QT_TRANSLATE_NOOP("CoreMessages", "Top-p must be greater than 0 and at most 1."),
    QT_TRANSLATE_NOOP("CoreMessages", "Repetition penalty must be between 1 (off) and 3."),
    QT_TRANSLATE_NOOP("CoreMessages", "Stop strings must not be empty."),
    # images and sounds
    QT_TRANSLATE_NOOP("CoreMessages", "Unknown mode '{mode}': one of {modes}."),
    QT_TRANSLATE_NOOP("CoreMessages", "The number of results must be between 1 and 64."),
    QT_TRANSLATE_NOOP("CoreMessages", "The variation strength must be between 0 and 2."),
    QT_TRANSLATE_NOOP("CoreMessages", "The number of interpolation frames must be between 2 and 64."),
    QT_TRANSLATE_NOOP("CoreMessages", "Slider amounts must be at most 16 numbers between -10 and 10."),
    QT_TRANSLATE_NOOP("CoreMessages", "Choose a file to encode."),
    QT_TRANSLATE_NOOP("CoreMessages", "Truncation must be between 0 (the average image) and 2; 1 is off."),
    QT_TRANSLATE_NOOP("CoreMessages", "Best of N: N must be between 1 and 1024."),
    QT_TRANSLATE_NOOP("CoreMessages", "Best of N: keep at most N images."),
    QT_TRANSLATE_NOOP("CoreMessages", "Select a image first."),
    QT_TRANSLATE_NOOP("CoreMessages", "Select two images to interpolate between."),
    QT_TRANSLATE_NOOP("CoreMessages", "A stored image latent is damaged (not a list of finite numbers)."),
    QT_TRANSLATE_NOOP("CoreMessages", "The image latents must be a list of at most 64 vectors."),
    QT_TRANSLATE_NOOP("CoreMessages", "The length must be between 0.1 and 10 seconds."),
    QT_TRANSLATE_NOOP("CoreMessages", "Temperature must be between 0 and 2."),
    QT_TRANSLATE_NOOP("CoreMessages", "Select a sound first."),
    QT_TRANSLATE_NOOP("CoreMessages", "Select two sounds to interpolate between."),
    QT_TRANSLATE_NOOP("CoreMessages", "A stored sound latent is damaged (not a list of finite numbers)."),
    QT_TRANSLATE_NOOP("CoreMessages", "The sound latents must be a list of at most 64 vectors."),
)


def tr_core(problem: Problem | str) -> str:
    """A problem of the core (a :class:`Problem`, or plain English words) in the interface's language: its
    template translated (context "CoreMessages"), then filled with its arguments. A translation whose
    placeholders do not match the template falls back to the English text."""
    p = as_problem(problem)
    translated = QCoreApplication.translate("CoreMessages", p.message)
    if not p.args:
        return translated
    try:
        return translated.format_map(p.args)
    except (KeyError, IndexError, ValueError):
        return p.text


def spec_problems(spec: Any) -> dict[str, list[str]]:
    """``spec.problems()`` by the field each one names ("" for those no single field explains), in the interface's
    language."""
    by_field, rest = problems_by_field(spec)
    out = {name: [tr_core(p) for p in ps] for name, ps in by_field.items()}
    if rest:
        out[""] = [tr_core(p) for p in rest]
    return out


def merge_problems(errors: dict[str, list[str]], problems: dict[str, list[str]]) -> dict[str, list[str]]:
    """Add the spec's ``problems`` to the form's own ``errors`` (a seed the box could not give stays the only
    message of the seed)."""
    for name, msgs in problems.items():
        if name == "seed" and "seed" in errors:
            continue
        errors.setdefault(name, []).extend(msgs)
    return errors


def list_models(kind: str) -> list[Any]:
    """The registry's models of ``kind``; none (and a log line) when the registry cannot be read — the panel
    still opens and its folder button still works."""
    try:
        return list(registry.list_models(kind))
    except Exception as exc:  # noqa: BLE001 — no registry / unreadable cards
        log.warning("listing %s models failed: %s", kind, exc)
        return []


def resolve_model(path: str) -> Any:
    return registry.resolve(path)


# ====================================================================================================== widgets ==
def push_button(parent: QWidget, text: str, tip: str, slot: Callable[..., Any]) -> QPushButton:
    button = QPushButton(text, parent)
    button.setToolTip(tip)
    button.clicked.connect(slot)
    return button


def job_progress_bar(parent: QWidget, name: str, fmt: str = "") -> QProgressBar:
    """The thin progress bar of a panel's job, hidden until a job runs; ``fmt`` e.g. "%v / %m images"."""
    bar = QProgressBar(parent)
    bar.setObjectName(name)
    bar.setMaximumHeight(14)
    if fmt:
        bar.setFormat(fmt)
    bar.hide()
    return bar


def stats_label(parent: QWidget, text: str = "") -> QLabel:
    """The small, selectable line under a view that says how the job went."""
    label = QLabel(text, parent)
    label.setObjectName("StatsLabel")
    label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    small = QFont(label.font())
    small.setPointSizeF(max(small.pointSizeF() * 0.9, 7.0))
    label.setFont(small)
    return label


def side_column(parent: QWidget, widgets: list[QWidget]) -> QScrollArea:
    """The settings column on the right of a panel: ``widgets`` one under the other, scrolled when too tall and
    always wide enough for them."""
    inner = QWidget(parent)
    lay = QVBoxLayout(inner)
    lay.setContentsMargins(0, 0, 4, 0)
    lay.setSpacing(8)
    for w in widgets:
        lay.addWidget(w)
    lay.addStretch(1)
    area = QScrollArea(parent)
    area.setWidgetResizable(True)
    area.setFrameShape(QScrollArea.Shape.NoFrame)
    area.setWidget(inner)
    area.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
    area.setMinimumWidth(inner.minimumSizeHint().width() + area.verticalScrollBar().sizeHint().width() + 2)
    area.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Expanding)
    return area


def split_panel(panel: QWidget, left: QWidget, right: QWidget, sizes: list[int]) -> QSplitter:
    """Lay ``panel`` out as ``left`` (which gets any extra width) beside ``right``."""
    split = QSplitter(Qt.Orientation.Horizontal, panel)
    split.setChildrenCollapsible(False)
    split.addWidget(left)
    split.addWidget(right)
    split.setStretchFactor(0, 1)
    split.setStretchFactor(1, 0)
    split.setSizes(sizes)
    lay = QVBoxLayout(panel)
    lay.setContentsMargins(8, 8, 8, 8)
    lay.addWidget(split)
    return split


class Coalescer(QTimer):
    """A single-shot timer for work that must not run once per event: :meth:`poke` starts it unless it is already
    running, so ``slot`` runs at most once per ``interval_ms`` however many events arrive. With ``leading``, the
    first poke after a quiet spell runs at the next turn of the event loop (the slot calls :meth:`ran`)."""

    def __init__(self, interval_ms: int, slot: Callable[[], Any], parent: QObject, leading: bool = False):
        super().__init__(parent)
        self.setSingleShot(True)
        self.setInterval(interval_ms)
        self.timeout.connect(slot)
        self._period = interval_ms
        self._leading = leading
        self._last_run = 0.0

    def poke(self) -> None:
        if self.isActive():
            return
        if self._leading:
            since = (time.monotonic() - self._last_run) * 1000.0
            self.start(int(max(0.0, self._period - since)))
        else:
            self.start(self._period)

    def ran(self) -> None:
        self._last_run = time.monotonic()


# ==================================================================================================== the panel ==
class JobPanel(QWidget):
    """The base of a generation panel. A subclass sets ``KIND`` (its job kind, and its key in
    ``settings.last_params``), builds its widgets — at least ``notice``, ``error_message``, ``stats_label``,
    ``progress`` — then calls :meth:`_start`; it provides ``params()``, ``_load_params()``, ``_flush()``,
    ``reload_models()``, ``_update_buttons()`` and ``_busy_text()``."""

    asset_saved = Signal(str)
    status_message = Signal(str)

    KIND = ""
    REMEMBER_SEED_MODE = False      # save_settings also makes the seed mode the default of new panels
    LEADING_FLUSH = False           # the first flush after a quiet spell comes at once

    def __init__(self, engine: Any, settings: Any, store_getter: Any, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName(type(self).__name__)
        self.engine = engine
        self.settings = settings
        self.store_getter = store_getter
        self._job_id: str | None = None       # the panel's job (queued, running or finished)
        self._job_state = ""                  # its last known state
        self._job_spec: Any = None
        self._pending_progress: tuple[int, int] | None = None
        self._pending_phase = ""              # a Progress message ("Loading the model") for the stats line
        self._device_name = ""
        self.flush_count = 0                  # view updates with new output (tests check the coalescing)
        self._flush_timer = Coalescer(FLUSH_INTERVAL_MS, self._flush, self, leading=self.LEADING_FLUSH)

    def _start(self) -> None:
        """Listen to the engine, fill the models and the remembered form (the widgets exist now)."""
        engine = self.engine
        engine.job_event.connect(self._on_job_event)
        engine.job_finished.connect(self._on_job_finished)
        if hasattr(engine, "job_changed"):
            engine.job_changed.connect(self._on_job_changed)
        if hasattr(engine, "device_ready"):
            engine.device_ready.connect(self._on_device_ready)
        self.reload_models()
        self._load_params()
        self._update_buttons()

    # --- jobs -------------------------------------------------------------------------------------------------
    def is_busy(self) -> bool:
        return self._job_id is not None and self._job_state not in FINAL_STATES

    def _busy_text(self) -> str:
        raise NotImplementedError

    def _refuse_if_busy(self) -> bool:
        if self.is_busy():
            self.status_message.emit(self._busy_text())
            return True
        return False

    def _show_error(self, msg: str) -> None:
        """A failed job, save or file: shown above the view and in the status bar."""
        self.error_message.show_message(msg)
        self.status_message.emit(msg)

    # --- engine signals ---------------------------------------------------------------------------------------
    def _on_job_event(self, job_id: str, event: object) -> None:
        raise NotImplementedError

    def _on_job_finished(self, job_id: str, info: Any) -> None:
        raise NotImplementedError

    @Slot(object)
    def _on_job_changed(self, info: Any) -> None:
        if getattr(info, "id", None) != self._job_id or not self.is_busy():
            return
        if getattr(info, "state", "") == "running" and self._job_state != "running":
            self._job_state = "running"
            self.stats_label.setText(self.tr("Generating…"))
        self._note_device(info)

    @Slot(object)
    def _on_device_ready(self, info: Any) -> None:
        self._device_name = str(getattr(info, "name", "") or "")

    def _note_device(self, info: Any) -> None:
        if getattr(info, "device", ""):
            self._device_name = str(info.device)

    def _note_log(self, event: Log) -> None:
        """Warnings join the notice above the view; other lines go to the status bar."""
        if event.level in ("warning", "error"):
            text = self.notice.text()
            self.notice.show_message(f"{text}\n{event.message}" if text else event.message)
        else:
            self.status_message.emit(event.message)

    def _note_progress(self, event: Progress) -> None:
        """Keep the latest progress for the next flush; the job runs now."""
        self._pending_progress = (int(event.done), int(event.total))
        if event.message:
            self._pending_phase = str(event.message)
        if self._job_state == "queued":
            self._job_state = "running"

    def _clear_pending(self) -> None:
        self._pending_progress = None
        self._pending_phase = ""

    def _show_pending_progress(self) -> None:
        """Put the latest progress on the bar and the latest phase on the stats line (part of a flush)."""
        if self._pending_progress is not None:
            done, total = self._pending_progress
            self._pending_progress = None
            self._set_progress(done, total)
        if self._pending_phase:
            self.stats_label.setText(self.tr("%1…").replace("%1", self._pending_phase))
            self._pending_phase = ""

    def _set_progress(self, done: int, total: int) -> None:
        if total:
            self.progress.setRange(0, total)
        self.progress.setValue(min(done, self.progress.maximum()))

    def _finished_state(self, info: Any) -> str:
        """The state a job ended in; it is the panel's job's state from now on."""
        state = str(getattr(info, "state", "done"))
        self._job_state = state if state in FINAL_STATES else "done"
        return state

    def _failed(self, info: Any, status: str = "") -> None:
        """Say that the panel's job failed (``status``: the status bar's words, "%1" the message)."""
        msg = str(getattr(info, "message", "") or self.tr("The job failed."))
        self.error_message.show_message(msg)
        self.stats_label.setText(self.tr("Failed."))
        self.status_message.emit(status.replace("%1", msg) if status else msg)

    def _stopped_text(self, info: Any) -> str:
        return str(getattr(info, "message", "") or self.tr("Stopped."))

    # --- models -----------------------------------------------------------------------------------------------
    @Slot()
    def choose_model_folder(self) -> None:
        folder = QFileDialog.getExistingDirectory(self, self.tr("Open model folder"))
        if folder:
            self.use_model_folder(folder)

    def use_model_folder(self, folder: str) -> bool:
        raise NotImplementedError

    # --- settings ---------------------------------------------------------------------------------------------
    def params(self) -> dict[str, Any]:
        raise NotImplementedError

    def save_settings(self) -> None:
        """Remember the form in ``settings.last_params[KIND]`` (the window writes the settings file)."""
        if self.settings is None:
            return
        try:
            p = self.params()
            last = getattr(self.settings, "last_params", None)
            if not isinstance(last, dict):
                last = {}
                self.settings.last_params = last
            last[self.KIND] = p
            if self.REMEMBER_SEED_MODE and p.get("seed_mode") in SEED_MODES:
                self.settings.seed_mode = p["seed_mode"]
        except Exception:  # noqa: BLE001 — remembering parameters must never break the panel
            log.exception("remembering the %s parameters failed", self.KIND)

    def _apply_remembered(self, p: dict[str, Any], numbers: list[tuple[str, Any, type, Any, Any]]) -> None:
        """Apply the remembered model and numbers — ``(key, box, int | float, lo, hi)``: a float goes to the box's
        ``set_exact`` — each only when it has the right type and range (a damaged file changes nothing)."""
        if isinstance(p.get("model"), str) and p["model"]:
            self._select_model(p["model"])
        for key, box, kind, lo, hi in numbers:
            if (v := read_number(p, key, kind, lo, hi)) is not None:
                box.set_exact(v) if kind is float else box.setValue(v)

    def _remembered(self) -> tuple[dict[str, Any], str]:
        """The remembered form (``{}`` when there is none or it is damaged) and the default seed mode."""
        last = getattr(self.settings, "last_params", None)
        p = last.get(self.KIND) if isinstance(last, dict) else None
        return (p if isinstance(p, dict) else {}), str(getattr(self.settings, "seed_mode", "random") or "random")
