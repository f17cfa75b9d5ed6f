"""The Audio tab: generate one-shot sounds, see them stream in, hear them, morph and vary them, steer them along the
model's main latent directions, encode a sound file, save, and export a sample pack.

``AudioPanel(engine, settings, store_getter)`` — the main window owns the keyboard shortcuts and calls
``generate()``, ``stop()``, ``regenerate()``, ``save()``; dropped or opened sound files come in through
``open_file(path)``, saved assets through ``restore_spec(spec)``.

How it works:

* Every job is a ``core.base.specs.AudioSpec``; its own ``problems()`` decide what is valid and each problem is
  shown under the control that causes it. The panel runs one job at a time (like the Text panel); other panels'
  jobs still queue in the engine.
* ``AudioChunk`` events are only *appended* to the sound they belong to; a ~30 Hz timer redraws whatever changed
  since the last tick (the large waveform and spectrogram of the shown sound, the rows and thumbnails), never
  once per chunk. The spectrogram's STFT is incremental: each redraw computes only the new frames.
  ``first_chunk_shown(job_id)`` is emitted by the first redraw that shows a job's sound.
* The list keeps every sound of the session (new jobs add rows; "Remove" drops the selected). The current row is
  shown large; while a job streams, the view follows the sound being made until the user picks another row.
* **Variations** vary the current sound (strength), **Morph** interpolates between two selected sounds in N
  steps, a dropped WAV/FLAC/OGG file (or ``open_file``) is **encoded**: its reconstruction plus variations.
* **Direction sliders** (the model's PCA directions, from its card) edit the current sound in place: on release,
  or every ``SLIDER_THROTTLE_MS`` while dragging, a mode ``latent`` job decodes the sound's original latent moved
  by the slider amounts; a newer move cancels the older job (latest wins). "Reset sliders" brings the original
  back at once, without a job.
* **Seed modes** as in the Text panel (random, fixed, reuse last); *next seeds* continues after the last job's
  seeds (seed + count), since sound *i* of a job uses seed + *i*.
* **Playback** (``ui/playback.py``) is optional: without PortAudio or an output device the panel says so in a
  plain note and everything else works.
* **Save** writes the current sound as WAV or FLAC with its own spec (``AssetStore.save_audio``), so dropping the
  file back restores it; **Export pack** writes the selected sounds as numbered files plus a manifest
  (``core.assets.audio_io.export_sample_pack``).
"""
from __future__ import annotations

import logging
import math
import time
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

import numpy as np
from PySide6.QtCore import QSize, Qt, QTimer, Signal, Slot
from PySide6.QtWidgets import (QAbstractItemView, QCheckBox, QComboBox, QFileDialog, QGridLayout, QGroupBox,
                               QHBoxLayout, QHeaderView, QLabel, QSlider, QSplitter, QToolButton,
                               QTreeWidget, QTreeWidgetItem, QVBoxLayout, QWidget)

from aigc_studio.core.base.errors import InvalidParameters, UserError, user_message
from aigc_studio.core.base.events import AudioChunk, Log, Progress
from aigc_studio.core.base.specs import SEED_MAX, AudioSpec, spec_from_dict
from aigc_studio.ui.panels.common import (FLUSH_INTERVAL_MS, Coalescer, JobPanel,  # noqa: F401 (re-exported)
                                          list_models, merge_problems, push_button, side_column, spec_problems,
                                          job_progress_bar, split_panel, stats_label)
from aigc_studio.ui.playback import Player
from aigc_studio.ui.widgets.model_box import ModelBox, muted_label
from aigc_studio.ui.widgets.param_form import (WARNING_COLOUR, FormErrors, MessageLabel, ParamForm, exact_spin_box,
                                               spin_box)
from aigc_studio.ui.widgets.seed_row import SeedRow
from aigc_studio.ui.widgets.waveform import mono, waveform_icon

log = logging.getLogger(__name__)

SLIDER_THROTTLE_MS = 250            # while dragging a direction slider: at most 4 jobs a second
SLIDERS_SHOWN = 8                   # the first (main) principal directions get a slider
SLIDER_RANGE = 3.0                  # amounts in standard deviations of the training sounds along the direction
SLIDER_STEPS = 10                   # slider ticks per unit
AUDIO_SUFFIXES = (".wav", ".flac", ".ogg", ".oga", ".aif", ".aiff")
FORMATS = ("wav", "flac")
THUMB = QSize(96, 24)
PARAM_KEYS = ("model", "count", "seconds", "temperature", "strength", "frames", "seed", "seed_mode", "format")
_VALID_BASE = AudioSpec(model="x")

def _list_audio_models() -> list[Any]:
    return list_models("audio")


def _export_sample_pack(items: list[dict[str, Any]], folder: str, fmt: str) -> Any:
    from aigc_studio.core.assets.audio_io import export_sample_pack
    return export_sample_pack(items, folder, fmt)


def card_sample_rate(card: dict[str, Any]) -> int:
    config = card.get("config") if isinstance(card.get("config"), dict) else {}
    for v in (card.get("sample_rate"), config.get("sample_rate")):
        if isinstance(v, int) and not isinstance(v, bool) and v > 0:
            return v
    return 0


def card_directions(card: dict[str, Any]) -> int:
    """How many principal directions the model's card announces (0 when none)."""
    config = card.get("config") if isinstance(card.get("config"), dict) else {}
    for v in (card.get("pca_components"), card.get("directions"), config.get("pca_k")):
        if isinstance(v, (list, tuple)):
            return len(v)
        if isinstance(v, int) and not isinstance(v, bool) and v > 0:
            return v
    return 0


def note_name(hz: float) -> str:
    """"A4" for 440 Hz (nearest equal-tempered note)."""
    midi = int(round(69 + 12 * math.log2(hz / 440.0)))
    return ("C", "C♯", "D", "D♯", "E", "F", "F♯", "G", "G♯", "A", "A♯", "B")[midi % 12] + str(midi // 12 - 1)


def _num(v: Any) -> float | None:
    return float(v) if isinstance(v, (int, float)) and not isinstance(v, bool) and math.isfinite(v) else None


@dataclass(eq=False)
class Take:
    """One rendering of a sound: its samples (appended chunk by chunk) and what the job said about it."""
    sample_rate: int
    chunks: list[np.ndarray] = field(default_factory=list)
    spec: AudioSpec | None = None      # the per-sound spec that reproduces exactly this take (from the Result)
    latent: Any = None
    peak: float = 0.0
    pitch_hz: float | None = None
    finished: bool = False             # the job's Result described it
    partial: bool = False              # its job stopped or failed before the Result described it
    _joined: np.ndarray | None = None

    def append(self, samples: Any) -> None:
        x = mono(samples)
        if x.size:
            self.chunks.append(x)
            self.peak = max(self.peak, float(np.max(np.abs(x))))
            self._joined = None

    def samples(self) -> np.ndarray:
        if self._joined is None:
            self._joined = (np.concatenate(self.chunks) if len(self.chunks) > 1 else
                            self.chunks[0] if self.chunks else np.zeros(0, np.float32))
            self.chunks = [self._joined] if self._joined.size else []
        return self._joined

    @property
    def n_samples(self) -> int:
        return sum(c.size for c in self.chunks)

    @property
    def seconds(self) -> float:
        return self.n_samples / self.sample_rate if self.sample_rate else 0.0


@dataclass(eq=False)
class Sound:
    """A row of the list. ``take`` is what is heard now; ``original`` the take before slider edits."""
    number: int
    label: str
    job_spec: AudioSpec                # the job that made it
    index: int                         # its position in that job
    take: Take
    expected_seconds: float
    original: Take | None = None
    directions: tuple[float, ...] = ()
    version: int = 0                   # changes with each new take (the spectrogram starts over)
    saved: dict[str, str] = field(default_factory=dict)     # format -> path of the saved take
    item: QTreeWidgetItem | None = None

    @property
    def model(self) -> str:
        return (self.take.spec or self.job_spec).model

    @property
    def base_latent(self) -> Any:
        return (self.original or self.take).latent

    def spec_for_save(self) -> AudioSpec:
        """The take's own spec; for a take cut short (no Result), the spec of the whole sound it was part of."""
        if self.take.spec is not None:
            return self.take.spec
        s = self.job_spec
        return replace(s, count=1, seed=(s.seed + self.index) % (SEED_MAX + 1)) if s.mode == "sample" else s


class SoundList(QTreeWidget):
    """The sounds of the session: thumbnail and name, length, peak, pitch. Several can be selected."""

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("SoundList")
        self.setRootIsDecorated(False)
        self.setUniformRowHeights(True)
        self.setAllColumnsShowFocus(True)
        self.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.setIconSize(THUMB)
        header = self.header()
        header.setStretchLastSection(False)
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)


class AudioPanel(JobPanel):
    """Sound generation. See the module docstring for the behaviour."""

    first_chunk_shown = Signal(str)          # job id: its first sound chunk has been received and drawn

    KIND = "audio"

    def __init__(self, engine: Any, settings: Any, store_getter: Any, parent: QWidget | None = None,
                 player: Player | None = None):
        super().__init__(engine, settings, store_getter, parent)
        self.setAcceptDrops(True)
        self._sounds: list[Sound] = []
        self._next_number = 1
        self._job_spec: AudioSpec | None = None
        self._job_target: Sound | None = None      # a slider edit: the sound it changes
        self._job_sounds: dict[int, Sound] = {}    # index in the job -> its sound
        self._job_started = 0.0
        self._awaiting_first_chunk = False
        self._last_spec: AudioSpec | None = None   # the last job that made new sounds (Regenerate)
        self._dirty: dict[int, Sound] = {}         # sounds with new samples since the last redraw
        self._pending_edit = False                 # slider moved while another job ran: apply when it ends
        self._follow = True                        # the view follows the sound being made
        self._selecting = False                    # the panel (not the user) changes the current row
        self._views_made = False
        self.waveform: Any = None                  # widgets.waveform.WaveformView, made on first show
        self.spectrogram: Any = None

        self.player = player or Player(self)
        if self.player.parent() is None:
            self.player.setParent(self)
        self._build_ui()
        self.player.state_changed.connect(self._on_play_state)
        self.player.position_changed.connect(self._on_play_position)
        self.player.unavailable.connect(self._on_playback_note)

        self._slider_timer = Coalescer(SLIDER_THROTTLE_MS, self.apply_directions, self)
        self._start()

    # ================================================================================================ UI ========
    def _build_ui(self) -> None:
        # --- top: the job buttons -------------------------------------------------------------------------
        self.generate_button = push_button(self, self.tr("Generate"),
                                           self.tr("Generate new sounds with the settings on the right (Ctrl+Enter)"),
                                           self.generate)
        self.generate_button.setDefault(True)
        self.stop_button = push_button(self, self.tr("Stop"),
                                       self.tr("Stop the job; the sounds made so far stay (Esc)"), self.stop)
        self.regenerate_button = push_button(self, self.tr("Regenerate"),
                                             self.tr("Run the last job again — a new seed when the seed mode is "
                                                     "Random (Ctrl+R)"), self.regenerate)
        self.progress = job_progress_bar(self, "AudioProgress")
        self.progress.setMaximumWidth(220)
        self.stats_label = stats_label(self, self.tr("Ready."))
        top = QHBoxLayout()
        top.setSpacing(6)
        for b in (self.generate_button, self.stop_button, self.regenerate_button):
            b.setMinimumWidth(56)
            top.addWidget(b)
        top.addSpacing(8)
        top.addWidget(self.progress)
        top.addWidget(self.stats_label, 1)

        self.notice = MessageLabel(WARNING_COLOUR, self, "notice")             # warnings from the job
        self.error_message = MessageLabel(parent=self, name="error_message")  # a failed job or save, a bad file

        # --- the large views (made on first show: pyqtgraph loads then) -----------------------------------
        self.view_box = QWidget(self)
        self.view_box.setMinimumHeight(160)
        self._view_layout = QVBoxLayout(self.view_box)
        self._view_layout.setContentsMargins(0, 0, 0, 0)
        self._view_layout.setSpacing(2)
        self.view_title = QLabel(self)
        self.view_title.setObjectName("ViewTitle")
        self.view_title.setTextFormat(Qt.TextFormat.PlainText)

        # --- playback ------------------------------------------------------------------------------------
        self.play_button = push_button(self, self.tr("Play"),
                                       self.tr("Play the current sound through the sound card (double-click a "
                                               "row to play it)"), self.toggle_play)
        self.play_button.setObjectName("PlayButton")
        self.loop_check = QCheckBox(self.tr("Loop"), self)
        self.loop_check.setToolTip(self.tr("Play the sound again and again until you stop it"))
        self.loop_check.toggled.connect(self.player.set_loop)
        self.play_time = QLabel(self)
        self.play_time.setObjectName("PlayTime")
        self.playback_note = MessageLabel(WARNING_COLOUR, self, "playback_note")
        self.retry_playback_button = QToolButton(self)
        self.retry_playback_button.setText(self.tr("Try again"))
        self.retry_playback_button.setToolTip(self.tr("Look for a sound output device again"))
        self.retry_playback_button.clicked.connect(self.probe_playback)
        self.retry_playback_button.hide()
        play_row = QHBoxLayout()
        play_row.setSpacing(6)
        play_row.addWidget(self.play_button)
        play_row.addWidget(self.loop_check)
        play_row.addWidget(self.playback_note, 1)
        play_row.addWidget(self.retry_playback_button)
        play_row.addStretch(0)
        play_row.addWidget(self.play_time)

        views = QWidget(self)
        vl = QVBoxLayout(views)
        vl.setContentsMargins(0, 0, 0, 0)
        vl.setSpacing(4)
        vl.addWidget(self.view_title)
        vl.addWidget(self.view_box, 1)
        vl.addLayout(play_row)

        # --- the list of sounds --------------------------------------------------------------------------
        self.sound_list = SoundList(self)
        self.sound_list.setHeaderLabels([self.tr("Sound"), self.tr("Length"), self.tr("Peak"), self.tr("Pitch")])
        self.sound_list.currentItemChanged.connect(self._on_current_changed)
        self.sound_list.itemSelectionChanged.connect(self._update_buttons)
        self.sound_list.itemDoubleClicked.connect(self._on_double_clicked)
        self.sound_list.itemClicked.connect(self._on_clicked)
        self.empty_hint = muted_label(self, self.tr("No sounds yet: press Generate, or drop a WAV, FLAC or OGG file "
                                                    "here to hear how the model rebuilds it."))
        self.save_button = push_button(self, self.tr("Save"),
                                       self.tr("Save the current sound with the settings that made it (Ctrl+S)"),
                                       self.save)
        self.format_combo = QComboBox(self)
        self.format_combo.setObjectName("FormatCombo")
        self.format_combo.addItem("WAV", "wav")
        self.format_combo.addItem("FLAC", "flac")
        self.format_combo.setToolTip(self.tr("The file format for Save and Export pack"))
        self.export_button = push_button(self, self.tr("Export pack…"),
                                         self.tr("Write the selected sounds to a folder as numbered files with a "
                                                 "manifest: a sample pack"), lambda: self.export_pack())
        self.remove_button = push_button(self, self.tr("Remove"),
                                         self.tr("Remove the selected sounds from the list (saved files stay)"),
                                         self.remove_selected)
        list_buttons = QHBoxLayout()
        list_buttons.setSpacing(6)
        list_buttons.addWidget(self.remove_button)
        list_buttons.addStretch(1)
        list_buttons.addWidget(self.format_combo)
        list_buttons.addWidget(self.save_button)
        list_buttons.addWidget(self.export_button)

        list_box = QWidget(self)
        ll = QVBoxLayout(list_box)
        ll.setContentsMargins(0, 0, 0, 0)
        ll.setSpacing(4)
        ll.addWidget(self.empty_hint)
        ll.addWidget(self.sound_list, 1)
        ll.addLayout(list_buttons)

        left_split = QSplitter(Qt.Orientation.Vertical, self)
        left_split.setChildrenCollapsible(False)
        left_split.addWidget(views)
        left_split.addWidget(list_box)
        left_split.setStretchFactor(0, 3)
        left_split.setStretchFactor(1, 2)
        left_split.setSizes([470, 300])
        left = QWidget(self)
        lv = QVBoxLayout(left)
        lv.setContentsMargins(0, 0, 0, 0)
        lv.setSpacing(4)
        lv.addLayout(top)
        lv.addWidget(self.notice)
        lv.addWidget(self.error_message)
        lv.addWidget(left_split, 1)

        # --- right: model, generation settings, transforms, directions ----------------------------------
        model_box = self.model_box = ModelBox(self.tr("No sound model found"), self, keep_added=False)
        self.model_combo = model_box.combo
        self.model_info = model_box.info
        self.model_message = model_box.message
        self.model_combo.currentIndexChanged.connect(self._on_model_changed)

        self.count_spin = spin_box(self, 0, 1000)
        self.seconds_spin = exact_spin_box(self, 0.0, 60.0, 2, 0.25, suffix=self.tr(" s"))
        self.temperature_spin = exact_spin_box(self, 0.0, 10.0, 2, 0.05, special=self.tr("0 (the average sound)"))
        self.seed_row = SeedRow(self, increment_label=self.tr("Next seeds"))
        self.seed_mode_combo = self.seed_row.mode_combo
        self.seed_edit = self.seed_row.edit

        self.form = ParamForm(self)
        f = self.form
        f.add_row("count", self.tr("Sounds"), self.count_spin,
                  self.tr("How many sounds one job makes: 1 to 64 (sound i uses seed + i)"))
        f.add_row("seconds", self.tr("Length"), self.seconds_spin,
                  self.tr("The length of each sound: 0.1 to 10 seconds"))
        f.add_row("temperature", self.tr("Temperature"), self.temperature_spin,
                  self.tr("How far from the average sound to go: 0 = the average sound, 1 = as varied as the "
                          "training sounds, up to 2"))
        f.add_row("seed", self.tr("Seed"), self.seed_row,
                  self.tr("Random: new seeds every time. Fixed: the seed in the box (same settings + same seed = "
                          "same sounds). Reuse last: the last job's seed. Next seeds: the seeds after the last "
                          "job's"))
        f.widgets["seed"] = self.seed_edit
        self.form_message = MessageLabel(parent=self, name="form_message")
        gen_box = QGroupBox(self.tr("New sounds"), self)
        gl = QVBoxLayout(gen_box)
        gl.addWidget(f)
        gl.addWidget(self.form_message)

        self.strength_spin = exact_spin_box(self, 0.0, 10.0, 2, 0.05)
        self.frames_spin = spin_box(self, 0, 1000)
        self.variations_button = push_button(self, self.tr("Variations"),
                                             self.tr("Make new sounds close to the current one (as many as "
                                                     "“Sounds”, as far as “Strength”)"), self.variations)
        self.morph_button = push_button(self, self.tr("Morph"),
                                        self.tr("Select two sounds (Ctrl+click): make the steps from the upper one "
                                                "to the lower one"), self.morph)
        self.open_button = push_button(self, self.tr("Encode a file…"),
                                       self.tr("Open a WAV, FLAC or OGG file: hear how the model rebuilds it, and "
                                               "variations of it (you can also drop the file on this panel)"),
                                       self.choose_file)
        self.transform_form = ParamForm(self)
        self.transform_form.add_row("strength", self.tr("Strength"), self.strength_spin,
                                    self.tr("How different variations are from their sound: 0 = the same, "
                                            "up to 2"))
        self.transform_form.add_row("frames", self.tr("Morph steps"), self.frames_spin,
                                    self.tr("How many sounds a morph makes, both ends included: 2 to 64"))
        self.transform_message = MessageLabel(parent=self, name="transform_message")
        tb = QHBoxLayout()
        tb.setSpacing(6)
        tb.addWidget(self.variations_button)
        tb.addWidget(self.morph_button)
        tb.addStretch(1)
        transform_box = QGroupBox(self.tr("From the selected sounds"), self)
        tl = QVBoxLayout(transform_box)
        tl.addWidget(self.transform_form)
        tl.addLayout(tb)
        tl.addWidget(self.open_button, 0, Qt.AlignmentFlag.AlignLeft)
        tl.addWidget(self.transform_message)

        self.direction_box = QGroupBox(self.tr("Directions"), self)
        self.direction_box.setToolTip(self.tr("The main ways the model's sounds differ (principal directions of "
                                              "its latent space). Moving a slider changes the current sound."))
        dl = QVBoxLayout(self.direction_box)
        self._slider_grid = QGridLayout()
        self._slider_grid.setHorizontalSpacing(6)
        self._slider_grid.setVerticalSpacing(2)
        self._slider_grid.setColumnStretch(1, 1)
        dl.addLayout(self._slider_grid)
        self.directions_hint = muted_label(self)
        self.reset_sliders_button = push_button(self, self.tr("Reset sliders"),
                                                self.tr("Back to the sound as it was made"), self.reset_sliders)
        dl.addWidget(self.directions_hint)
        dl.addWidget(self.reset_sliders_button, 0, Qt.AlignmentFlag.AlignLeft)
        self.sliders: list[QSlider] = []
        self._slider_values: list[QLabel] = []

        self._errors = FormErrors(
            [self.form, self.transform_form], self.form_message,
            report={"model": self.model_message, "": self.form_message, "transform": self.transform_message},
            labels={"model": self.model_message, "latents": self.transform_message,
                    "source": self.transform_message, "mode": self.transform_message},
            focus={"model": self.model_combo}, status=self.status_message.emit,
            hints={"model": lambda: "" if self.model_combo.count() else self.tr(
                "No sound model is installed yet: train one (aigc-studio train audio) or put a model folder in "
                "the models folder.")})
        split_panel(self, left, side_column(self, [model_box, gen_box, transform_box, self.direction_box]),
                    [820, 330])

    def ensure_views(self) -> None:
        """Make the waveform and spectrogram views (imports pyqtgraph; done on first show)."""
        if self._views_made:
            return
        self._views_made = True
        from aigc_studio.ui.widgets.waveform import SpectrogramView, WaveformView
        self.waveform = WaveformView(self.view_box)
        self.waveform.setObjectName("WaveformView")
        self.spectrogram = SpectrogramView(self.view_box)
        self.spectrogram.setObjectName("SpectrogramView")
        self.spectrogram.plot.setXLink(self.waveform.plot)
        self._view_layout.addWidget(self.waveform, 2)
        self._view_layout.addWidget(self.spectrogram, 3)
        self._show_current()

    def showEvent(self, event: Any) -> None:
        super().showEvent(event)
        if not self._views_made:
            QTimer.singleShot(0, self._first_show)

    @Slot()
    def _first_show(self) -> None:
        self.ensure_views()
        if self.player.note == "" and self.player.available:
            self.probe_playback()

    # ============================================================================================ models ========
    def reload_models(self) -> None:
        """(Re)fill the model picker from the registry, keeping the selection."""
        def label(name: str, card: dict) -> str:
            sr = card_sample_rate(card)
            return f"{name} — {sr / 1000:g} kHz" if sr else name

        self.model_box.reload(_list_audio_models(), label)
        self._on_model_changed()

    def _select_model(self, model: str) -> None:
        self.model_box.select(model)

    def current_model(self) -> str:
        return self.model_box.current()

    @Slot()
    def _on_model_changed(self, *_: Any) -> None:
        self.model_box.show_info()
        self._update_sliders(sync=True)

    # ============================================================================================= seeds ========
    def seed_mode(self) -> str:
        return self.seed_row.mode()

    def set_seed_mode(self, mode: str) -> None:
        self.seed_row.set_mode(mode)

    # ============================================================================================== form ========
    def _read_form(self, **overrides: Any) -> tuple[AudioSpec, dict[str, list[str]]]:
        """The spec the form describes (``overrides`` set mode, latents, source...) and the problems per control
        ({} when valid). A seed is drawn by the seed mode unless ``seed`` is given."""
        errors: dict[str, list[str]] = {}
        seed = overrides.pop("seed", None)
        if seed is None:
            seed, msg = self.seed_row.seed_for_run()
            if msg:
                errors["seed"] = [msg]
        values: dict[str, Any] = dict(model=self.current_model(), count=self.count_spin.value(),
                                      seconds=self.seconds_spin.exact_value(),
                                      temperature=self.temperature_spin.exact_value(),
                                      strength=self.strength_spin.exact_value(), frames=self.frames_spin.value(),
                                      seed=seed if seed is not None else 0)
        values.update(overrides)
        spec = AudioSpec(**values)
        return spec, merge_problems(errors, self._problems(spec))

    @staticmethod
    def _problems(spec: AudioSpec) -> dict[str, list[str]]:
        """``spec.problems()`` by form field (translated); "" for those no single control explains."""
        if not spec.problems():
            return {}
        # The base shares the fields the form does not hold, so only the form's own fields are compared.
        base = replace(_VALID_BASE, mode=spec.mode, latents=spec.latents, source=spec.source or "x",
                       directions=spec.directions, device=spec.device)
        return spec_problems(spec, _VALID_BASE if base.problems() else base)

    def _show_form_errors(self, errors: dict[str, list[str]]) -> None:
        self._errors.show(errors)

    def form_errors(self) -> dict[str, str]:
        """The messages shown next to the controls now (for tests and diagnostics)."""
        return self._errors.shown()

    def form_spec(self) -> AudioSpec | None:
        """The spec Generate would submit now (None when the form is invalid)."""
        spec, errors = self._read_form()
        return None if errors else spec

    # ============================================================================================== jobs ========
    def _busy_text(self) -> str:
        return self.tr("A sound job is already running: stop it or wait for it.")

    @Slot()
    def generate(self) -> str | None:
        """Submit the form: ``count`` new sounds. Returns the job id, or None when refused."""
        if self._refuse_if_busy():
            return None
        spec, errors = self._read_form(mode="sample")
        self._show_form_errors(errors)
        return None if errors else self._submit(spec)

    @Slot()
    def variations(self) -> str | None:
        """Variations of the current sound (count and strength from the form)."""
        if self._refuse_if_busy():
            return None
        sound = self.current_sound()
        if sound is None or sound.take.latent is None:
            self._transform_problem(self.tr("Select a finished sound first: variations start from its latent.")
                                    if sound is None or sound.take.n_samples == 0 else
                                    self.tr("This sound was stopped before it was finished, so it has no latent "
                                            "to vary. Choose another one."))
            return None
        spec, errors = self._read_form(mode="variations", model=sound.model, latents=(sound.take.latent,),
                                       seconds=self._seconds_of(sound))
        self._show_form_errors(errors)
        return None if errors else self._submit(spec)

    @Slot()
    def morph(self) -> str | None:
        """Interpolate between the two selected sounds (upper to lower) in ``frames`` steps."""
        if self._refuse_if_busy():
            return None
        chosen = self.selected_sounds()
        if len(chosen) != 2:
            self._transform_problem(self.tr("Select exactly two sounds (Ctrl+click) to morph between them."))
            return None
        a, b = chosen
        if a.take.latent is None or b.take.latent is None:
            self._transform_problem(self.tr("Both sounds must be finished: a sound that was stopped has no latent."))
            return None
        if a.model != b.model:
            self._transform_problem(self.tr("These sounds come from different models: a morph needs two sounds "
                                            "of the same model."))
            return None
        spec, errors = self._read_form(mode="interpolate", model=a.model, latents=(a.take.latent, b.take.latent),
                                       seconds=self._seconds_of(a), seed=(a.take.spec or a.job_spec).seed)
        self._show_form_errors(errors)
        return None if errors else self._submit(spec)

    @Slot()
    def choose_file(self) -> None:
        path, _ = QFileDialog.getOpenFileName(self, self.tr("Encode a sound file"), "",
                                              self.tr("Sounds (*.wav *.flac *.ogg *.oga *.aif *.aiff);;"
                                                      "All files (*)"))
        if path:
            self.open_file(path)

    def open_file(self, path: str | Path) -> bool:
        """Encode a sound file: its reconstruction followed by ``count - 1`` variations. A file that is not a
        sound, or cannot be read, is explained in the panel (the job raises a ``UserError`` for a damaged one);
        nothing else changes. Returns True when the job was submitted."""
        p = Path(path)
        if p.suffix.lower() not in AUDIO_SUFFIXES:
            return self._file_problem(self.tr("%1 is not a sound file the studio can encode (WAV, FLAC, OGG, "
                                              "AIFF).").replace("%1", p.name))
        if not p.is_file():
            return self._file_problem(self.tr("%1 does not exist or is not a file.").replace("%1", str(p)))
        if self._refuse_if_busy():
            return False
        spec, errors = self._read_form(mode="encode", source=str(p.resolve()))
        self._show_form_errors(errors)
        if errors:
            return False
        return self._submit(spec) is not None

    def _file_problem(self, text: str) -> bool:
        self._show_error(text)
        return False

    def _transform_problem(self, text: str) -> None:
        self._show_form_errors({})
        self.transform_message.show_message(text)
        self.status_message.emit(text)

    @staticmethod
    def _seconds_of(sound: Sound) -> float:
        spec = sound.take.spec or sound.job_spec
        return float(spec.seconds)

    @Slot()
    def regenerate(self) -> str | None:
        """Run the last job that made sounds again — a new seed in Random mode, the next seeds in Next seeds
        mode, the same seed otherwise. Without a last job: Generate."""
        if self._last_spec is None:
            return self.generate()
        if self._refuse_if_busy():
            return None
        spec = self._last_spec
        return self._submit(replace(spec, seed=self.seed_row.next_seed(spec.seed, spec.count)))

    def _submit(self, spec: AudioSpec, target: Sound | None = None) -> str | None:
        try:
            job_id = self.engine.submit(spec)
        except InvalidParameters:
            errors = self._problems(spec) or {"": [self.tr("These settings cannot be used.")]}
            self._show_form_errors(errors)
            return None
        except UserError as exc:
            self._file_problem(str(exc))
            return None
        self._flush_timer.stop()
        self._dirty.clear()
        self._clear_pending()
        self._job_id = str(job_id)
        self._job_state = "queued"
        self._job_spec = spec
        self._job_target = target
        self._job_sounds = {}
        self._job_started = time.monotonic()
        self._awaiting_first_chunk = True
        self._follow = target is None
        if target is None:
            self._last_spec = spec
            if spec.mode != "interpolate":
                self.seed_row.used(spec.seed, spec.count)
        self.notice.clear_message()
        self.error_message.clear_message()
        self.progress.setRange(0, 0)
        self.progress.show()
        self.stats_label.setText(self.tr("Queued: waiting for the engine…"))
        if target is None:
            self.status_message.emit(self._describe(spec))
            self.save_settings()
        self._update_buttons()
        return self._job_id

    def _describe(self, spec: AudioSpec) -> str:
        if spec.mode == "sample":
            return self.tr("Generating %1 sounds with %2 (seed %3)…").replace("%1", str(spec.count)).replace(
                "%2", spec.model).replace("%3", str(spec.seed))
        if spec.mode == "variations":
            return self.tr("Making %1 variations…").replace("%1", str(spec.count))
        if spec.mode == "interpolate":
            return self.tr("Morphing in %1 steps…").replace("%1", str(spec.frames))
        if spec.mode == "encode":
            return self.tr("Encoding %1…").replace("%1", Path(spec.source).name)
        return self.tr("Decoding the edited sound…")

    @Slot()
    def stop(self) -> None:
        """Cancel the panel's job (the sounds so far stay); with no job running, stop playback."""
        if self.is_busy() and self._job_id is not None:
            self.engine.cancel(self._job_id)
            self.stats_label.setText(self.tr("Stopping…"))
        else:
            self.player.stop()

    # --- engine signals ---------------------------------------------------------------------------------------
    @Slot(str, object)
    def _on_job_event(self, job_id: str, event: object) -> None:
        """Only stores what arrived; the redraw timer shows it."""
        if job_id != self._job_id:
            return
        if isinstance(event, AudioChunk):
            sound = self._sound_for(int(event.index), int(event.sample_rate))
            sound.take.append(event.samples)
            self._dirty[sound.number] = sound
            if self._job_state == "queued":
                self._job_state = "running"
        elif isinstance(event, Progress):
            self._note_progress(event)
        elif isinstance(event, Log):
            self._note_log(event)
            return
        else:
            return
        self._flush_timer.poke()

    def _sound_for(self, index: int, sample_rate: int) -> Sound:
        """The sound that index ``index`` of the panel's job fills (made on its first chunk)."""
        sound = self._job_sounds.get(index)
        if sound is not None:
            return sound
        spec = self._job_spec
        assert spec is not None
        target = self._job_target
        if target is not None and index == 0:
            if target.original is None:
                target.original = target.take
            target.take = Take(sample_rate)
            target.directions = tuple(spec.directions)
            target.version += 1
            target.saved = {}
            sound = target
        else:
            sound = Sound(number=self._next_number, label=self._label(spec, index), job_spec=spec, index=index,
                          take=Take(sample_rate), expected_seconds=float(spec.seconds))
            self._next_number += 1
            if spec.mode == "latent" and spec.latents:
                # A restored slider edit: its original is the undirected latent (no audio until a reset decodes it).
                sound.original = Take(sample_rate, latent=spec.latents[0])
                sound.directions = tuple(spec.directions)
            self._sounds.append(sound)
        self._job_sounds[index] = sound
        return sound

    def _label(self, spec: AudioSpec, index: int) -> str:
        if spec.mode == "sample":
            return self.tr("Sample · seed %1").replace("%1", str((spec.seed + index) % (SEED_MAX + 1)))
        if spec.mode == "variations":
            return self.tr("Variation %1").replace("%1", str(index + 1))
        if spec.mode == "interpolate":
            return self.tr("Morph %1 of %2").replace("%1", str(index + 1)).replace("%2", str(spec.frames))
        if spec.mode == "encode":
            name = Path(spec.source).name
            return (self.tr("%1, rebuilt").replace("%1", name) if index == 0 else
                    self.tr("%1, variation %2").replace("%1", name).replace("%2", str(index)))
        return self.tr("Edited sound")

    @Slot()
    def _flush(self) -> None:
        """Show what arrived since the last redraw: rows, thumbnails and (once) the large views."""
        self._show_pending_progress()
        if not self._dirty:
            return
        dirty, self._dirty = list(self._dirty.values()), {}
        for sound in dirty:
            self._update_row(sound)
        newest = dirty[-1]
        current = self.current_sound()
        if self._follow and newest is not current and newest.item is not None:
            self._set_current(newest)               # draws it
        elif current is not None and current in dirty:
            self._show_current()
        self.flush_count += 1
        if self._awaiting_first_chunk:
            self._awaiting_first_chunk = False
            self.first_chunk_shown.emit(self._job_id or "")

    def _set_progress(self, done: int, total: int) -> None:
        self.progress.setRange(0, max(total, 0))          # 0: busy until the job says how far it is
        self.progress.setValue(min(done, total) if total else 0)

    @Slot(str, object)
    def _on_job_finished(self, job_id: str, info: Any) -> None:
        if job_id != self._job_id:
            return
        self._flush_timer.stop()
        self._flush()
        state = self._finished_state(info)
        self._note_device(info)
        result = getattr(info, "result", None)
        data = getattr(result, "data", None) or {}
        self._apply_result(data)
        self.progress.hide()
        made = len(self._job_sounds)
        if state == "failed":
            self._failed(info, self.tr("Sound generation failed: %1"))
        else:
            self.stats_label.setText(self._stats_text(state, made, data))
            if state == "cancelled":
                self.status_message.emit(self._stopped_text(info))
            elif self._job_target is None:
                self.status_message.emit(self.tr("Done: select a sound to hear it; Ctrl+S saves it."))
        self._update_buttons()
        self._update_sliders()
        if self._pending_edit:
            self._pending_edit = False
            self.apply_directions()

    def _apply_result(self, data: dict[str, Any]) -> None:  # noqa: C901
        """Give each sound of the job what the Result says about it (its own spec, latent, peak, pitch)."""
        items = data.get("items") if isinstance(data.get("items"), list) else []
        for i, item in enumerate(items):
            sound = self._job_sounds.get(i)
            if sound is None or not isinstance(item, dict):
                continue
            take = sound.take
            spec = item.get("spec")
            if isinstance(spec, dict):
                try:
                    take.spec = spec_from_dict({"kind": "audio", **spec})
                except (InvalidParameters, TypeError, ValueError) as exc:
                    log.warning("a sound's spec in the result is unusable: %s", exc)
            take.latent = item.get("latent")
            take.peak = _num(item.get("peak")) if _num(item.get("peak")) is not None else take.peak
            take.pitch_hz = _num(item.get("pitch_hz"))
            take.finished = True
            self._update_row(sound)
        # Sounds that never got a sample (a job that failed early) leave no empty rows behind; the others of a job
        # that stopped are marked as cut short.
        for index, sound in list(self._job_sounds.items()):
            if sound.take.n_samples == 0 and sound is not self._job_target:
                self._remove_sound(sound)
                del self._job_sounds[index]
            elif not sound.take.finished and self._job_state != "done":
                sound.take.partial = True
                self._update_row(sound)
        if self._job_target is not None:
            self._update_row(self._job_target)
        self._show_current()

    def _stats_text(self, state: str, made: int, data: dict[str, Any]) -> str:
        parts = []
        if self._job_target is None:
            parts.append(self.tr("%1 sounds").replace("%1", str(made)))
        else:
            parts.append(self.tr("edited"))
        parts.append(self.tr("%1 s").replace("%1", f"{time.monotonic() - self._job_started:.1f}"))
        device = data.get("device") or self._device_name
        if device:
            parts.append(self.tr("device: %1").replace("%1", str(device)))
        if self._job_spec is not None and self._job_spec.mode in ("sample", "variations", "encode"):
            parts.append(self.tr("seed %1").replace("%1", str(self._job_spec.seed)))
        if state == "cancelled":
            parts.append(self.tr("stopped by you"))
        return " · ".join(parts)

    # ============================================================================================= the list =====
    def sounds(self) -> list[Sound]:
        return list(self._sounds)

    def current_sound(self) -> Sound | None:
        item = self.sound_list.currentItem()
        return self._sound_of(item) if item is not None else None

    def selected_sounds(self) -> list[Sound]:
        """The selected sounds in list order (top to bottom)."""
        chosen = {id(i) for i in self.sound_list.selectedItems()}
        return [s for s in self._sounds if s.item is not None and id(s.item) in chosen]

    def _sound_of(self, item: QTreeWidgetItem) -> Sound | None:
        number = item.data(0, Qt.ItemDataRole.UserRole)
        return next((s for s in self._sounds if s.number == number), None)

    def select_sounds(self, sounds: list[Sound]) -> None:
        """Select these sounds (the first becomes the current one)."""
        self.sound_list.clearSelection()
        for i, s in enumerate(sounds):
            if s.item is None:
                continue
            if i == 0:
                self._set_current(s, follow=False)
            s.item.setSelected(True)

    def _set_current(self, sound: Sound, follow: bool | None = None) -> None:
        self._selecting = True
        try:
            self.sound_list.setCurrentItem(sound.item)
        finally:
            self._selecting = False
        if follow is not None:
            self._follow = follow

    def _update_row(self, sound: Sound) -> None:
        if sound.item is None:
            sound.item = QTreeWidgetItem(self.sound_list)
            sound.item.setData(0, Qt.ItemDataRole.UserRole, sound.number)
            for col in (1, 2, 3):
                sound.item.setTextAlignment(col, Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
            self.empty_hint.hide()
        take = sound.take
        item = sound.item
        item.setText(0, self._display_name(sound))
        item.setToolTip(0, self._tooltip(sound))
        item.setText(1, self.tr("%1 s").replace("%1", f"{take.seconds:.2f}"))
        item.setText(2, self.tr("%1 dB").replace("%1", f"{20 * math.log10(take.peak):.1f}") if take.peak > 0
                     else "−∞")
        hz = take.pitch_hz
        item.setText(3, f"{hz:.0f} Hz · {note_name(hz)}" if hz and hz > 0 else "—")
        expected = int(max(sound.expected_seconds, take.seconds) * take.sample_rate) if not take.finished else None
        item.setIcon(0, waveform_icon(take.samples(), (THUMB.width(), THUMB.height()), self.sound_list.palette(),
                                      expected))

    def _display_name(self, sound: Sound) -> str:
        edited = self.tr(" (edited)") if sound.original is not None and any(sound.directions) else ""
        stopped = self.tr(" (stopped)") if sound.take.partial else ""
        return f"#{sound.number}  {sound.label}{edited}{stopped}"

    def _tooltip(self, sound: Sound) -> str:
        spec = sound.take.spec or sound.job_spec
        lines = [self.tr("Model: %1").replace("%1", spec.model), self.tr("Seed: %1").replace("%1", str(spec.seed))]
        if sound.directions and any(sound.directions):
            lines.append(self.tr("Directions: %1").replace("%1", ", ".join(f"{d:+.1f}" for d in sound.directions)))
        if sound.saved:
            lines.append(self.tr("Saved: %1").replace("%1", ", ".join(sound.saved.values())))
        return "\n".join(lines)

    def _remove_sound(self, sound: Sound) -> None:
        if sound.item is not None:
            idx = self.sound_list.indexOfTopLevelItem(sound.item)
            if idx >= 0:
                self.sound_list.takeTopLevelItem(idx)
            sound.item = None
        if sound in self._sounds:
            self._sounds.remove(sound)
        self._dirty.pop(sound.number, None)
        self.empty_hint.setVisible(not self._sounds)

    @Slot()
    def remove_selected(self) -> None:
        """Drop the selected sounds from the list (not the sound being made; saved files stay)."""
        making = [*self._job_sounds.values(), self._job_target] if self.is_busy() else []
        for sound in self.selected_sounds():
            if not any(sound is m for m in making):
                self._remove_sound(sound)
        self._show_current()
        self._update_buttons()

    @Slot(object, object)
    def _on_current_changed(self, *_: Any) -> None:
        if not self._selecting:
            self._follow = False
        self._show_current()
        self._update_sliders(sync=True)
        self._update_buttons()
        if self.player.is_playing:
            self.play()

    @Slot(QTreeWidgetItem, int)
    def _on_clicked(self, *_: Any) -> None:
        self._follow = False                      # the user chose what to look at, even the row already shown

    @Slot(QTreeWidgetItem, int)
    def _on_double_clicked(self, item: QTreeWidgetItem, *_: Any) -> None:
        if item is not None and item is not self.sound_list.currentItem():
            self.sound_list.setCurrentItem(item)
        self.play()

    def _show_current(self) -> None:
        """Draw the current sound in the large views (when they exist)."""
        sound = self.current_sound()
        if sound is None:
            self.view_title.setText(self.tr("No sound selected."))
            if self.waveform is not None:
                self.waveform.clear()
                self.spectrogram.clear()
            return
        take = sound.take
        self.view_title.setText(self._display_name(sound))
        if self.waveform is None:
            return
        duration = max(take.seconds, 0.0 if take.finished else sound.expected_seconds, 1e-3)
        samples = take.samples()
        self.waveform.set_sound(samples, take.sample_rate, duration)
        self.spectrogram.set_sound(samples, take.sample_rate, duration, key=(sound.number, sound.version),
                                   final=take.finished or take.partial)

    def _update_buttons(self) -> None:
        busy = self.is_busy()
        current = self.current_sound()
        has_audio = current is not None and current.take.n_samples > 0
        self.generate_button.setEnabled(not busy)
        self.stop_button.setEnabled(busy)
        self.regenerate_button.setEnabled(not busy and self._last_spec is not None)
        self.variations_button.setEnabled(not busy and current is not None)
        self.morph_button.setEnabled(not busy and len(self.sound_list.selectedItems()) == 2)
        self.open_button.setEnabled(not busy)
        self.save_button.setEnabled(has_audio and not (busy and current in self._job_sounds.values()))
        self.export_button.setEnabled(bool(self.sound_list.selectedItems()))
        self.remove_button.setEnabled(bool(self.sound_list.selectedItems()))
        self.play_button.setEnabled(self.player.is_playing or (has_audio and self.player.available))

    # ========================================================================================= directions =====
    def _directions_count(self, model: str) -> int:
        return min(card_directions(self.model_box.card(model)), SLIDERS_SHOWN)

    def _build_sliders(self) -> None:
        """One slider per main direction of the model whose sounds they edit (the current sound's, else the form's)."""
        current = self.current_sound()
        n = self._directions_count(current.model if current is not None else self.current_model())
        if n == len(self.sliders):
            return
        while self._slider_grid.count():
            w = self._slider_grid.takeAt(0).widget()
            if w is not None:
                w.deleteLater()
        self.sliders, self._slider_values = [], []
        for k in range(n):
            name = QLabel(self.tr("Direction %1").replace("%1", str(k + 1)), self)
            slider = QSlider(Qt.Orientation.Horizontal, self)
            slider.setObjectName(f"DirectionSlider{k + 1}")
            limit = int(SLIDER_RANGE * SLIDER_STEPS)
            slider.setRange(-limit, limit)
            slider.setPageStep(SLIDER_STEPS // 2)
            slider.setToolTip(self.tr("Move the current sound along principal direction %1 (in standard "
                                      "deviations of the training sounds)").replace("%1", str(k + 1)))
            value = QLabel("0.0", self)
            value.setMinimumWidth(value.fontMetrics().horizontalAdvance("+0.0") + 4)
            value.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
            slider.valueChanged.connect(self._on_slider_value)
            slider.sliderReleased.connect(self._on_slider_released)
            self._slider_grid.addWidget(name, k, 0)
            self._slider_grid.addWidget(slider, k, 1)
            self._slider_grid.addWidget(value, k, 2)
            self.sliders.append(slider)
            self._slider_values.append(value)

    def slider_amounts(self) -> tuple[float, ...]:
        return tuple(s.value() / SLIDER_STEPS for s in self.sliders)

    def set_slider_amounts(self, amounts: tuple[float, ...], apply: bool = True) -> None:
        """Move the sliders (the value each shows); with ``apply`` the current sound follows at once."""
        for k, slider in enumerate(self.sliders):
            a = amounts[k] if k < len(amounts) else 0.0
            slider.blockSignals(True)
            slider.setValue(int(round(a * SLIDER_STEPS)))
            slider.blockSignals(False)
            self._slider_values[k].setText(f"{a:+.1f}" if a else "0.0")
        if apply:
            self.apply_directions()

    def _update_sliders(self, sync: bool = False) -> None:
        """Enable the sliders for a finished sound of a model with directions; with ``sync`` they show the
        current sound's amounts (when the current sound changes — never under the user's mouse)."""
        self._build_sliders()
        sound = self.current_sound()
        usable = sound is not None and sound.base_latent is not None
        if not self.sliders:
            self.directions_hint.setText(self.tr("This model has no latent directions to explore."))
        elif sound is None:
            self.directions_hint.setText(self.tr("Select a sound to change it with the sliders."))
        elif not usable:
            self.directions_hint.setText(self.tr("Wait for the sound to finish: the sliders change a finished "
                                                 "sound."))
        else:
            self.directions_hint.setText("")
        self.directions_hint.setVisible(bool(self.directions_hint.text()))
        for s in self.sliders:
            s.setEnabled(usable)
        self.reset_sliders_button.setEnabled(usable and bool(self.sliders))
        self.reset_sliders_button.setVisible(bool(self.sliders))
        if sync and sound is not None:
            self.set_slider_amounts(sound.directions, apply=False)

    @Slot(int)
    def _on_slider_value(self, _value: int) -> None:
        for k, slider in enumerate(self.sliders):
            a = slider.value() / SLIDER_STEPS
            self._slider_values[k].setText(f"{a:+.1f}" if a else "0.0")
        self._slider_timer.poke()                 # throttled while dragging; keys and clicks too

    @Slot()
    def _on_slider_released(self) -> None:
        self._slider_timer.stop()
        self.apply_directions()

    @Slot()
    def apply_directions(self) -> str | None:
        """Make the current sound follow the sliders: a mode ``latent`` job from its original latent moved by the
        amounts. A running edit is cancelled (latest wins); another running job defers it until it ends. All
        zero brings the original back without a job. Returns the job id when one was submitted."""
        self._slider_timer.stop()
        sound = self.current_sound()
        if sound is None or sound.base_latent is None or not self.sliders:
            return None
        amounts = self.slider_amounts()
        if amounts == tuple(sound.directions) + (0.0,) * (len(amounts) - len(sound.directions)):
            return None
        if self.is_busy():
            if self._job_target is None:
                self._pending_edit = True
                self.status_message.emit(self.tr("The sound changes when the running job has finished."))
                return None
            self._abandon_job()
        if not any(amounts) and sound.original is not None and sound.original.n_samples:
            self._restore_original(sound)
            return None
        base = sound.original or sound.take
        spec = replace(sound.spec_for_save() if base.spec is None else base.spec, mode="latent", count=1,
                       latents=(sound.base_latent,), directions=amounts if any(amounts) else ())
        return self._submit(spec, target=sound)

    def _abandon_job(self) -> None:
        """Cancel the panel's job and forget it: its late events and its end are ignored (latest wins)."""
        if self._job_id is not None:
            self.engine.cancel(self._job_id)
        self._job_id, self._job_state, self._job_target, self._job_sounds = None, "", None, {}
        self._flush_timer.stop()
        self._dirty.clear()
        self.progress.hide()
        self.stats_label.setText(self.tr("Stopped."))
        self._update_buttons()

    @Slot()
    def reset_sliders(self) -> None:
        """All sliders to 0: the current sound as it was made."""
        self.set_slider_amounts((), apply=True)

    def _restore_original(self, sound: Sound) -> None:
        assert sound.original is not None
        sound.take, sound.original = sound.original, None
        sound.directions = ()
        sound.version += 1
        sound.saved = {}
        self._update_row(sound)
        if sound is self.current_sound():
            self._show_current()
        self._update_buttons()

    # ========================================================================================== playback ======
    @Slot()
    def probe_playback(self) -> bool:
        """Look for a sound output device (imports sounddevice); the note says what is wrong, if anything."""
        ok = self.player.probe()
        if ok:
            self.playback_note.clear_message()
            self.retry_playback_button.hide()
        self._update_buttons()
        return ok

    @Slot()
    def toggle_play(self) -> None:
        if self.player.is_playing:
            self.player.stop()
        else:
            self.play()

    @Slot()
    def play(self) -> bool:
        """Play the current sound (what has arrived of it so far)."""
        sound = self.current_sound()
        if sound is None or sound.take.n_samples == 0:
            return False
        ok = self.player.play(sound.take.samples(), sound.take.sample_rate, loop=self.loop_check.isChecked())
        if ok:
            self.playback_note.clear_message()
            self.retry_playback_button.hide()
        self._update_buttons()
        return ok

    @Slot()
    def stop_playback(self) -> None:
        self.player.stop()

    @Slot(str)
    def _on_play_state(self, state: str) -> None:
        self.play_button.setText(self.tr("Stop playing") if state == "playing" else self.tr("Play"))
        if state != "playing":
            self.play_time.setText("")
        self._update_buttons()

    @Slot(float)
    def _on_play_position(self, seconds: float) -> None:
        if self.waveform is not None:
            self.waveform.set_playhead(seconds)
            self.spectrogram.set_playhead(seconds)
        self.play_time.setText(self.tr("%1 s").replace("%1", f"{seconds:.2f}") if seconds >= 0 else "")

    @Slot(str)
    def _on_playback_note(self, text: str) -> None:
        self.playback_note.show_message(text)
        self.playback_note.setToolTip(getattr(self.player, "detail", ""))
        self.retry_playback_button.setVisible(self.player.can_retry)
        self._update_buttons()

    def shutdown(self) -> None:
        """Stop playback (the window calls this when it closes)."""
        self.player.stop()

    # ============================================================================================== save ========
    @Slot()
    def save(self) -> str | None:
        """Save the current sound (WAV or FLAC, as chosen next to Save) with the spec that reproduces it; returns
        the path (None when there is nothing to save or saving failed). Saving the same take twice in the same
        format returns the file already saved."""
        sound = self.current_sound()
        if sound is None or sound.take.n_samples == 0:
            self.status_message.emit(self.tr("Nothing to save yet: generate a sound and select it."))
            return None
        if self.is_busy() and sound in self._job_sounds.values():
            self.status_message.emit(self.tr("This sound is still being made: wait for it, then save."))
            return None
        fmt = self.save_format()
        if fmt in sound.saved:
            self.status_message.emit(self.tr("Already saved: %1").replace("%1", sound.saved[fmt]))
            return sound.saved[fmt]
        take = sound.take
        try:
            store = self.store_getter()
            path = str(store.save_audio(take.samples()[None, :], take.sample_rate, sound.spec_for_save(),
                                        self._extra(sound), fmt=fmt))
        except Exception as exc:  # noqa: BLE001 — any failure is shown; the sound stays here
            log.warning("saving the sound failed: %s", exc)
            return self._save_failed(exc)
        sound.saved[fmt] = path
        self._update_row(sound)
        self.error_message.clear_message()
        self.status_message.emit(self.tr("Saved %1").replace("%1", path))
        self.asset_saved.emit(path)
        return path

    def _save_failed(self, exc: BaseException) -> None:
        self._show_error(self.tr("Not saved: %1 The sounds are still here; try again.").replace(
            "%1", user_message(exc)))
        return None

    def _extra(self, sound: Sound) -> dict[str, Any]:
        take = sound.take
        extra: dict[str, Any] = {"peak": take.peak, "pitch_hz": take.pitch_hz, "seconds": take.seconds,
                                 "sample_rate": take.sample_rate, "name": sound.label}
        if take.latent is not None:
            extra["latent"] = take.latent
        if self._device_name:
            extra["device"] = self._device_name
        if take.partial:
            extra["partial"] = True
        return extra

    def save_format(self) -> str:
        return str(self.format_combo.currentData() or "wav")

    def export_pack(self, folder: str | None = None, fmt: str | None = None) -> Any:
        """Export the selected sounds (all of them when none is selected) as a sample pack into ``folder``
        (asked for when None). Returns what ``export_sample_pack`` returns, or None."""
        chosen = [s for s in (self.selected_sounds() or self._sounds) if s.take.n_samples]
        if not chosen:
            self.status_message.emit(self.tr("Nothing to export yet: generate some sounds first."))
            return None
        if folder is None:
            start = str(getattr(self.settings, "output_dir", "") or "")
            folder = QFileDialog.getExistingDirectory(self, self.tr("Export a sample pack to"), start)
            if not folder:
                return None
        items = [{"samples": s.take.samples(), "sample_rate": s.take.sample_rate, "spec": s.spec_for_save(),
                  "name": s.label, **{k: v for k, v in self._extra(s).items() if k not in ("sample_rate",)}}
                 for s in chosen]
        try:
            out = _export_sample_pack(items, str(folder), fmt or self.save_format())
        except Exception as exc:  # noqa: BLE001
            log.warning("exporting the sample pack failed: %s", exc)
            return self._save_failed(exc)
        self.error_message.clear_message()
        self.status_message.emit(self.tr("Exported %1 sounds to %2").replace("%1", str(len(items)))
                                 .replace("%2", str(out or folder)))
        return out

    # ========================================================================================= restoring ========
    def restore_spec(self, spec: Any) -> str | None:
        """Fill the form from ``spec`` (model, count, length, temperature, strength, morph steps, seed mode
        Fixed with its seed) and run it again, so the same sounds come back. Returns the job id."""
        if getattr(spec, "kind", "") != "audio":
            raise UserError(self.tr("This is not a sound job's settings."))
        self._select_model(str(spec.model))
        self.count_spin.setValue(int(spec.count))
        self.seconds_spin.set_exact(float(spec.seconds))
        self.temperature_spin.set_exact(float(spec.temperature))
        self.strength_spin.set_exact(float(spec.strength))
        self.frames_spin.setValue(int(spec.frames))
        self.seed_row.set_fixed(int(spec.seed))
        self._show_form_errors({})
        if self._refuse_if_busy():
            return None
        return self._submit(spec)

    # --- drops ----------------------------------------------------------------------------------------------
    @staticmethod
    def _dropped_sound(event: Any) -> str | None:
        """The sound file of a drop this panel takes: one local WAV/FLAC/OGG/AIFF without a settings sidecar
        (a saved asset restores its settings through the window instead)."""
        md = event.mimeData()
        if md is None or not md.hasUrls():
            return None
        paths = [u.toLocalFile() for u in md.urls() if u.isLocalFile()]
        if len(paths) != 1:
            return None
        p = Path(paths[0])
        if p.suffix.lower() not in AUDIO_SUFFIXES or p.with_name(p.name + ".json").is_file():
            return None
        return str(p)

    def dragEnterEvent(self, event: Any) -> None:
        if self._dropped_sound(event):
            event.acceptProposedAction()
        else:
            event.ignore()

    def dragMoveEvent(self, event: Any) -> None:
        self.dragEnterEvent(event)

    def dropEvent(self, event: Any) -> None:
        path = self._dropped_sound(event)
        if path is None:
            event.ignore()
            return
        event.acceptProposedAction()
        self.open_file(path)

    # ========================================================================================== settings ========
    def params(self) -> dict[str, Any]:
        """The form's values as plain JSON data (what ``settings.last_params["audio"]`` holds)."""
        seed = self.seed_row.params()
        return {
            "model": self.current_model(),
            "count": self.count_spin.value(),
            "seconds": self.seconds_spin.exact_value(),
            "temperature": self.temperature_spin.exact_value(),
            "strength": self.strength_spin.exact_value(),
            "frames": self.frames_spin.value(),
            "seed": seed["seed"],
            "seed_mode": seed["seed_mode"],
            "format": self.save_format(),
        }

    def _load_params(self) -> None:
        d = _VALID_BASE
        self.count_spin.setValue(d.count)
        self.seconds_spin.set_exact(d.seconds)
        self.temperature_spin.set_exact(d.temperature)
        self.strength_spin.set_exact(d.strength)
        self.frames_spin.setValue(d.frames)
        p, mode = self._remembered()
        self._apply_params(p, mode)

    def _apply_params(self, p: dict[str, Any], default_mode: str) -> None:
        """Apply remembered values, each only when it has the right type (a damaged file changes nothing)."""
        self._apply_remembered(p, [
            ("count", self.count_spin, int, None, None), ("frames", self.frames_spin, int, None, None),
            ("seconds", self.seconds_spin, float, None, None),
            ("temperature", self.temperature_spin, float, None, None),
            ("strength", self.strength_spin, float, None, None)])
        if p.get("format") in FORMATS:
            self.format_combo.setCurrentIndex(FORMATS.index(p["format"]))
        self.seed_row.apply_params(p, default_mode)
