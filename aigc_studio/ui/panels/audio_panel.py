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
import time
from dataclasses import replace
from pathlib import Path
from typing import Any

from PySide6.QtCore import QT_TRANSLATE_NOOP, Qt, QTimer, Signal, Slot
from PySide6.QtWidgets import QGroupBox, QHBoxLayout, QSplitter, QTreeWidgetItem, QVBoxLayout, QWidget

from aigc_studio.core.assets.audio_features import note_name  # noqa: F401 (tests read it here)
from aigc_studio.core.assets.formats import AUDIO_EXTENSIONS
from aigc_studio.core.base.errors import InvalidParameters, UserError
from aigc_studio.core.base.events import AudioChunk, Log, Progress
from aigc_studio.core.base.specs import MAX_DIRECTIONS, SEED_MAX, AudioSpec
from aigc_studio.ui.components.model_card import ModelCard
from aigc_studio.ui.components.sound_list import Sound, SoundListModel, Take  # noqa: F401 (re-exported)
from aigc_studio.ui.panels.audio_directions import SoundDirections
from aigc_studio.ui.panels.audio_export import FORMATS, SoundFiles, choose_sound_file, dropped_sound
from aigc_studio.ui.panels.common import (FLUSH_INTERVAL_MS, JobPanel,  # noqa: F401 (re-exported)
                                          list_models, merge_problems, push_button, side_column, spec_problems,
                                          job_progress_bar, split_panel, stats_label)
from aigc_studio.ui.playback import Player
from aigc_studio.ui.widgets.model_box import ModelBox
from aigc_studio.ui.widgets.param_form import WARNING_COLOUR, FormErrors, FormTable, MessageLabel, Param, ParamForm
from aigc_studio.ui.widgets.seed_row import SeedRow
from aigc_studio.ui.widgets.sound_list import SoundListBox
from aigc_studio.ui.widgets.sound_view import SoundView

log = logging.getLogger(__name__)

SLIDERS_SHOWN = MAX_DIRECTIONS      # the sliders' limits are the spec's (widgets/direction_sliders.py)
AUDIO_SUFFIXES = AUDIO_EXTENSIONS   # what a drop or "Encode a file…" takes (core/assets/formats.py)
PARAM_KEYS = ("model", "count", "seconds", "temperature", "strength", "frames", "seed", "seed_mode", "format")
_VALID_BASE = AudioSpec(model="x")

# The form: one row per parameter (the box ranges are wider than the spec allows: its own message explains).
FORM = (
    Param("count", "int", QT_TRANSLATE_NOOP("AudioPanel", "Sounds"),
          QT_TRANSLATE_NOOP("AudioPanel", "How many sounds one job makes: 1 to 64 (sound i uses seed + i)"), 0, 1000),
    Param("seconds", "float", QT_TRANSLATE_NOOP("AudioPanel", "Length"),
          QT_TRANSLATE_NOOP("AudioPanel", "The length of each sound: 0.1 to 10 seconds"), 0.0, 60.0, step=0.25,
          suffix=QT_TRANSLATE_NOOP("AudioPanel", " s")),
    Param("temperature", "float", QT_TRANSLATE_NOOP("AudioPanel", "Temperature"),
          QT_TRANSLATE_NOOP("AudioPanel", "How far from the average sound to go: 0 = the average sound, 1 = as "
                                          "varied as the training sounds, up to 2"), 0.0, 10.0, step=0.05,
          special=QT_TRANSLATE_NOOP("AudioPanel", "0 (the average sound)")),
    Param("strength", "float", QT_TRANSLATE_NOOP("AudioPanel", "Strength"),
          QT_TRANSLATE_NOOP("AudioPanel", "How different variations are from their sound: 0 = the same, up to 2"),
          0.0, 10.0, step=0.05, group="transform"),
    Param("frames", "int", QT_TRANSLATE_NOOP("AudioPanel", "Morph steps"),
          QT_TRANSLATE_NOOP("AudioPanel", "How many sounds a morph makes, both ends included: 2 to 64"), 0, 1000,
          group="transform"),
)


def _list_audio_models() -> list[Any]:
    return list_models("audio")


class AudioPanel(JobPanel):
    """Sound generation. See the module docstring for the behaviour."""

    first_chunk_shown = Signal(str)          # job id: its first sound chunk has been received and drawn

    KIND = "audio"

    def __init__(self, engine: Any, settings: Any, store_getter: Any, parent: QWidget | None = None,
                 player: Player | None = None):
        super().__init__(engine, settings, store_getter, parent)
        self.setAcceptDrops(True)
        self.model = SoundListModel()              # the sounds of the session and the job filling them
        self._job_spec: AudioSpec | None = None
        self._job_started = 0.0
        self._awaiting_first_chunk = False
        self._last_spec: AudioSpec | None = None   # the last job that made new sounds (Regenerate)
        self._follow = True                        # the view follows the sound being made
        self._selecting = False                    # the panel (not the user) changes the current row
        self.files = SoundFiles(self)              # save, export pack (panels/audio_export.py)

        self.player = player or Player(self)
        if self.player.parent() is None:
            self.player.setParent(self)
        self._build_ui()
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

        # --- the large views (made on first show: pyqtgraph loads then) and the playback row -------------
        self.sound_view = views = SoundView(self.player, self)
        self.view_title, self.play_button, self.loop_check = views.title, views.play_button, views.loop_check
        self.playback_note, self.retry_playback_button = views.playback_note, views.retry_button
        self.play_button.clicked.connect(self.toggle_play)
        views.playback_changed.connect(self._update_buttons)

        # --- the list of sounds and its buttons ------------------------------------------------------------
        list_box = SoundListBox(self.model, self)
        self.sound_list, self.empty_hint, self.format_combo = list_box.view, list_box.empty_hint, list_box.format_combo
        self.sound_list.currentItemChanged.connect(self._on_current_changed)
        self.sound_list.itemSelectionChanged.connect(self._update_buttons)
        self.sound_list.itemDoubleClicked.connect(self._on_double_clicked)
        self.sound_list.itemClicked.connect(self._on_clicked)
        self.save_button, self.export_button = list_box.save_button, list_box.export_button
        self.remove_button = list_box.remove_button
        self.save_button.clicked.connect(self.save)
        self.export_button.clicked.connect(lambda: self.export_pack())
        self.remove_button.clicked.connect(self.remove_selected)

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

        self.seed_row = SeedRow(self, increment_label=self.tr("Next seeds"))
        self.seed_mode_combo = self.seed_row.mode_combo
        self.seed_edit = self.seed_row.edit

        self.form = f = ParamForm(self)
        self.transform_form = ParamForm(self)
        self.table = FormTable("AudioPanel", FORM, _VALID_BASE)
        w = self.table.build(self, {"": self.form, "transform": self.transform_form})
        self.count_spin, self.seconds_spin, self.temperature_spin = w["count"], w["seconds"], w["temperature"]
        self.strength_spin, self.frames_spin = w["strength"], w["frames"]
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

        self.directions = SoundDirections(self)       # the direction sliders (panels/audio_directions.py)
        self.direction_box, self.direction_sliders = self.directions.box, self.directions.sliders
        self.direction_sliders.changed.connect(self.apply_directions)
        self.direction_sliders.reset_requested.connect(self.reset_sliders)
        self.directions_hint = self.direction_sliders.hint
        self.reset_sliders_button = self.direction_sliders.reset_button

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
        if self.sound_view.ensure_views():
            self._show_current()

    @property
    def waveform(self) -> Any:
        """The large waveform (``widgets.waveform.WaveformView``); None until the panel is first shown."""
        return self.sound_view.waveform

    @property
    def spectrogram(self) -> Any:
        return self.sound_view.spectrogram

    def showEvent(self, event: Any) -> None:
        super().showEvent(event)
        if self.waveform is None:
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
            sr = ModelCard.from_card(card).sample_rate
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
        self.directions.update(sync=True)

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
        values: dict[str, Any] = dict(model=self.current_model(), **self.table.spec_values(),
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
        path = choose_sound_file(self)
        if path:
            self.open_file(path)

    def open_file(self, path: str | Path) -> bool:
        """Encode a sound file: its reconstruction followed by ``count - 1`` variations. A file that is not a
        sound, or cannot be read, is explained in the panel (the job raises a ``UserError`` for a damaged one);
        nothing else changes. Returns True when the job was submitted."""
        p = Path(path)
        if p.suffix.lower() not in AUDIO_SUFFIXES:
            return self._file_problem(self.tr("%1 is not a sound file the studio can encode (WAV, FLAC, OGG, "
                                              "AIFF, MP3).").replace("%1", p.name))
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
        self._clear_pending()
        self._job_id = str(job_id)
        self._job_state = "queued"
        self._job_spec = spec
        self.model.begin_job(spec, target, self._label)
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
            self.model.add_chunk(int(event.index), int(event.sample_rate), event.samples)
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
        dirty = self.model.take_dirty()
        if not dirty:
            return
        for sound in dirty:
            self._update_row(sound)
        newest = dirty[-1]
        current = self.current_sound()
        if self._follow and newest is not current and newest in self.model.sounds:
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
        made = len(self.model.job_sounds)
        if state == "failed":
            self._failed(info, self.tr("Sound generation failed: %1"))
        else:
            self.stats_label.setText(self._stats_text(state, made, data))
            if state == "cancelled":
                self.status_message.emit(self._stopped_text(info))
            elif self.model.target is None:
                self.status_message.emit(self.tr("Done: select a sound to hear it; Ctrl+S saves it."))
        self._update_buttons()
        self.directions.job_ended()

    def _apply_result(self, data: dict[str, Any]) -> None:
        """Give each sound of the job what the Result says about it (its own spec, latent, peak, pitch)."""
        self.model.finish_job(data.get("items"), self._job_state == "done")
        self._show_current()

    def _stats_text(self, state: str, made: int, data: dict[str, Any]) -> str:
        parts = []
        if self.model.target is None:
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
        return list(self.model.sounds)

    def current_sound(self) -> Sound | None:
        return self.sound_list.current_sound()

    def selected_sounds(self) -> list[Sound]:
        """The selected sounds in list order (top to bottom)."""
        return self.sound_list.selected_sounds()

    def select_sounds(self, sounds: list[Sound]) -> None:
        """Select these sounds (the first becomes the current one)."""
        self.sound_list.clearSelection()
        for i, s in enumerate(sounds):
            row = self.sound_list.row_of(s)
            if row is None:
                continue
            if i == 0:
                self._set_current(s, follow=False)
            row.setSelected(True)

    def _set_current(self, sound: Sound, follow: bool | None = None) -> None:
        self._selecting = True
        try:
            self.sound_list.setCurrentItem(self.sound_list.row_of(sound))
        finally:
            self._selecting = False
        if follow is not None:
            self._follow = follow

    def _update_row(self, sound: Sound) -> None:
        self.sound_list.update_row(sound)
        self.empty_hint.hide()

    @Slot()
    def remove_selected(self) -> None:
        """Drop the selected sounds from the list (not the sound being made; saved files stay)."""
        making = self.model.making() if self.is_busy() else []
        for sound in self.selected_sounds():
            if not any(sound is m for m in making):
                self.model.remove(sound)
        self._show_current()
        self._update_buttons()

    @Slot(object, object)
    def _on_current_changed(self, *_: Any) -> None:
        if not self._selecting:
            self._follow = False
        self._show_current()
        self.directions.update(sync=True)
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
        self.sound_view.show_sound(self.current_sound())

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
        self.save_button.setEnabled(has_audio and not (busy and current in self.model.job_sounds.values()))
        self.export_button.setEnabled(bool(self.sound_list.selectedItems()))
        self.remove_button.setEnabled(bool(self.sound_list.selectedItems()))
        self.sound_view.update_play_button(has_audio)

    # ========================================================================================= directions =====
    @property
    def sliders(self) -> list:
        return self.direction_sliders.sliders

    def slider_amounts(self) -> tuple[float, ...]:
        return self.direction_sliders.amounts()

    def set_slider_amounts(self, amounts: tuple[float, ...], apply: bool = True) -> None:
        """Move the sliders (the value each shows); with ``apply`` the current sound follows at once."""
        self.direction_sliders.set_amounts(amounts)
        if apply:
            self.apply_directions()

    @Slot()
    def apply_directions(self) -> str | None:
        """Make the current sound follow the sliders: a mode ``latent`` job from its original latent moved by the
        amounts (see ``panels/audio_directions.py``). Returns the job id when one was submitted."""
        return self.directions.apply()

    def _abandon_job(self) -> None:
        """Cancel the panel's job and forget it: its late events and its end are ignored (latest wins)."""
        if self._job_id is not None:
            self.engine.cancel(self._job_id)
        self._job_id, self._job_state = None, ""
        self.model.end_job()
        self._flush_timer.stop()
        self.progress.hide()
        self.stats_label.setText(self.tr("Stopped."))
        self._update_buttons()

    @Slot()
    def reset_sliders(self) -> None:
        """All sliders to 0: the current sound as it was made."""
        self.set_slider_amounts((), apply=True)

    # ========================================================================================== playback ======
    @Slot()
    def probe_playback(self) -> bool:
        """Look for a sound output device (imports sounddevice); the note says what is wrong, if anything."""
        return self.sound_view.probe()

    @Slot()
    def toggle_play(self) -> None:
        self.sound_view.toggle(self.current_sound())

    @Slot()
    def play(self) -> bool:
        """Play the current sound (what has arrived of it so far)."""
        return self.sound_view.play(self.current_sound())

    @Slot()
    def stop_playback(self) -> None:
        self.player.stop()

    def shutdown(self) -> None:
        """Stop playback (the window calls this when it closes)."""
        self.player.stop()

    # ============================================================================================== save ========
    @Slot()
    def save(self) -> str | None:
        """Save the current sound (WAV or FLAC, as chosen next to Save) with the spec that reproduces it; returns
        the path (None when there is nothing to save or saving failed). Saving the same take twice in the same
        format returns the file already saved."""
        return self.files.save(self.current_sound(), self.save_format())

    def save_format(self) -> str:
        return str(self.format_combo.currentData() or "wav")

    def export_pack(self, folder: str | None = None, fmt: str | None = None) -> Any:
        """Export the selected sounds (all of them when none is selected) as a sample pack into ``folder``
        (asked for when None). Returns what ``export_sample_pack`` returns, or None."""
        return self.files.export_pack(self.selected_sounds() or self.model.sounds, folder, fmt or self.save_format())

    # ========================================================================================= restoring ========
    def restore_spec(self, spec: Any) -> str | None:
        """Fill the form from ``spec`` (model, count, length, temperature, strength, morph steps, seed mode
        Fixed with its seed) and run it again, so the same sounds come back. Returns the job id."""
        if getattr(spec, "kind", "") != "audio":
            raise UserError(self.tr("This is not a sound job's settings."))
        self._select_model(str(spec.model))
        self.table.fill(spec)
        self.seed_row.set_fixed(int(spec.seed))
        self._show_form_errors({})
        if self._refuse_if_busy():
            return None
        return self._submit(spec)

    # --- drops ----------------------------------------------------------------------------------------------
    def dragEnterEvent(self, event: Any) -> None:
        if dropped_sound(event):
            event.acceptProposedAction()
        else:
            event.ignore()

    def dragMoveEvent(self, event: Any) -> None:
        self.dragEnterEvent(event)

    def dropEvent(self, event: Any) -> None:
        path = dropped_sound(event)
        if path is None:
            event.ignore()
            return
        event.acceptProposedAction()
        self.open_file(path)

    # ========================================================================================== settings ========
    def params(self) -> dict[str, Any]:
        """The form's values as plain JSON data (what ``settings.last_params["audio"]`` holds)."""
        return {"model": self.current_model(), **self.table.save(), **self.seed_row.params(),
                "format": self.save_format()}

    def _load_params(self) -> None:
        self.table.reset()
        p, mode = self._remembered()
        self._apply_remembered(p, [])
        self.table.restore(p)
        if p.get("format") in FORMATS:
            self.format_combo.setCurrentIndex(FORMATS.index(p["format"]))
        self.seed_row.apply_params(p, mode)
