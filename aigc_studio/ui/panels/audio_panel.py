"""The Audio tab: generate one-shot sounds, see them stream in, hear them, morph and vary them, steer them along the
model's main latent directions, encode a sound file, save, and export a sample pack.

``AudioPanel(engine, settings, store_getter)`` — the main window owns the keyboard shortcuts and calls
``generate()``, ``stop()``, ``regenerate()``, ``save()``; dropped or opened sound files come in through
``open_file(path)``, saved assets through ``restore_spec(spec)``.

How it works (the panel runs the jobs and wires its parts together; each part has its own module):

* Every job is a ``core.base.specs.AudioSpec``; its own ``problems()`` decide what is valid and each problem is
  shown under the control that causes it — the settings column, ``panels/audio_controls.py``. The panel runs one
  job at a time (like the Text panel); other panels' jobs still queue in the engine.
* ``AudioChunk`` events are only *appended* to the sound they belong to (``components/sound_list.py``); a ~30 Hz
  timer redraws whatever changed since the last tick (the large waveform and spectrogram of the shown sound,
  ``widgets/sound_view.py``; the rows and thumbnails, ``widgets/sound_list.py``), never once per chunk.
  ``first_chunk_shown(job_id)`` is emitted by the first redraw that shows a job's sound.
* The list keeps every sound of the session (new jobs add rows; "Remove" drops the selected). The current row is
  shown large; while a job streams, the view follows the sound being made until the user picks another row.
* **Variations** vary the current sound (strength), **Morph** interpolates between two selected sounds in N
  steps, a dropped WAV/FLAC/OGG file (or ``open_file``) is **encoded**: its reconstruction plus variations
  (what each takes from the sounds, and every job's wording: ``panels/audio_jobs.py``).
* **Direction sliders** (the model's PCA directions) edit the current sound in place, latest move wins
  (``panels/audio_directions.py``).
* **Seed modes** as in the Text panel (random, fixed, reuse last); *next seeds* continues after the last job's
  seeds (seed + count), since sound *i* of a job uses seed + *i*.
* **Playback** (``ui/playback.py``) is optional: without PortAudio or an output device the panel says so in a
  plain note and everything else works.
* **Save** (WAV or FLAC with the sound's own spec) and **Export pack** (``panels/audio_export.py``).
"""
from __future__ import annotations

import logging
import time
from dataclasses import replace
from pathlib import Path
from typing import Any

from PySide6.QtCore import QT_TRANSLATE_NOOP, Qt, QTimer, Signal, Slot
from PySide6.QtWidgets import QSplitter, QTreeWidgetItem, QVBoxLayout, QWidget

from aigc_studio.core.assets.audio_features import note_name  # noqa: F401 (tests read it here)
from aigc_studio.core.assets.formats import AUDIO_EXTENSIONS
from aigc_studio.core.base.errors import InvalidParameters, UserError
from aigc_studio.core.base.events import AudioChunk, Log, Progress
from aigc_studio.core.base.specs import AudioSpec
from aigc_studio.ui.components.sound_list import Sound, SoundListModel, Take  # noqa: F401 (re-exported)
from aigc_studio.ui.engine_api import PanelEngine
from aigc_studio.ui.panels import audio_jobs
from aigc_studio.ui.panels.audio_controls import AudioControls
from aigc_studio.ui.panels.audio_job_bar import AudioJobBar
from aigc_studio.ui.panels.audio_directions import SoundDirections
from aigc_studio.ui.panels.audio_export import FORMATS, SoundFiles, choose_sound_file, dropped_sound
from aigc_studio.ui.components.model_card import ModelCard
from aigc_studio.ui.panels.common import (FLUSH_INTERVAL_MS, JobPanel,  # noqa: F401 (re-exported)
                                          list_models, side_column, spec_problems, split_panel, tr_core_text)
from aigc_studio.ui.playback import Player
from aigc_studio.ui.widgets.param_form import WARNING_COLOUR, MessageLabel
from aigc_studio.ui.widgets.sound_list import SoundListBox
from aigc_studio.ui.widgets.sound_view import SoundView

log = logging.getLogger(__name__)

AUDIO_SUFFIXES = AUDIO_EXTENSIONS   # what a drop or "Encode a file…" takes (core/assets/formats.py)
# What settings.last_params["audio"] holds (params(): the settings column's values and the save format).
PARAM_KEYS = ("model", "count", "seconds", "temperature", "strength", "frames", "seed", "seed_mode", "format")


def _list_audio_models() -> list[Any]:
    return list_models("audio")


class AudioPanel(JobPanel):
    """Sound generation. See the module docstring for the behaviour."""

    first_chunk_shown = Signal(str)          # job id: its first sound chunk has been received and drawn

    KIND = "audio"
    SPEED_UNIT = QT_TRANSLATE_NOOP("AudioPanel", "%1 sounds/s")

    def __init__(self, engine: PanelEngine, settings: Any, store_getter: Any, parent: QWidget | None = None,
                 player: Player | None = None):
        super().__init__(engine, settings, store_getter, parent)
        self.setAcceptDrops(True)
        self.model = SoundListModel()              # the sounds of the session and the job filling them
        self._job_spec: AudioSpec | None = None
        self._job_started = 0.0
        self._awaiting_first_chunk = False
        self._last_spec: AudioSpec | None = None   # the last job that made new sounds (Regenerate)
        self._waiting: list[tuple[str, AudioSpec]] = []     # our jobs queued behind the current one
        self._follow = True                        # the view follows the sound being made
        self._selecting = False                    # the panel (not the user) changes the current row
        self._shown_once = False
        self.files = SoundFiles(self)              # save, export pack (panels/audio_export.py)

        self.player = player or Player(self)
        if self.player.parent() is None:
            self.player.setParent(self)
        self._build_ui()
        self._start()

    # ================================================================================================ UI ========
    def _build_ui(self) -> None:
        # --- top: the job buttons, the progress and the stats line (panels/audio_job_bar.py) --------------------
        self.job_bar = bar = AudioJobBar(self, self.generate, self.stop, self.regenerate)
        self.generate_button, self.stop_button = bar.generate_button, bar.stop_button
        self.regenerate_button, self.progress, self.stats_label = bar.regenerate_button, bar.progress, bar.stats_label

        self.notice = MessageLabel(WARNING_COLOUR, self, "notice")             # warnings from the job
        self.error_message = MessageLabel(parent=self, name="error_message")  # a failed job or save, a bad file

        # --- the large views (made once the engine's warm-up has loaded pyqtgraph) and the playback row -----
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
        lv.addWidget(bar)
        lv.addWidget(self.notice)
        lv.addWidget(self.error_message)
        lv.addWidget(left_split, 1)

        # --- right: model, new sounds, from the selected sounds (panels/audio_controls.py), directions ----------
        self.controls = c = AudioControls(self, self.variations, self.morph, self.choose_file, self._on_model_changed,
                                          self.status_message.emit)
        self.model_box, self.model_combo = c.model_box, c.model_combo
        self.seed_row, self.seed_edit = c.seed_row, c.seed_edit
        w = c.widgets
        self.count_spin, self.seconds_spin, self.temperature_spin = w["count"], w["seconds"], w["temperature"]
        self.strength_spin, self.frames_spin = w["strength"], w["frames"]
        self.variations_button, self.morph_button = c.variations_button, c.morph_button
        self.open_button = c.open_button

        self.directions = SoundDirections(self)       # the direction sliders (panels/audio_directions.py)
        self.direction_sliders = self.directions.sliders
        self.direction_sliders.changed.connect(self.apply_directions)
        self.direction_sliders.reset_requested.connect(self.reset_sliders)
        self.directions_hint = self.direction_sliders.hint
        split_panel(self, left, side_column(self, [*c.boxes, self.directions.box]), [820, 330])

    def ensure_views(self) -> None:
        """Make the waveform and spectrogram views now (tests, scripts: imports pyqtgraph if nobody has; the
        window uses :meth:`view_build_steps` after the engine's warm-up, or :meth:`request_views`)."""
        if self.sound_view.ensure_views():
            self._show_current()

    def view_build_steps(self) -> list[tuple[str, Any]]:
        """The views still to make, one small step each (the main window runs one per event-loop turn once the
        engine's warm-up has loaded pyqtgraph). A step that finds the views made does nothing."""
        def step() -> None:
            if self.sound_view.build_view_step() == "link":
                self._show_current()
        return [] if self.sound_view.views_done else [("audio views", step)] * 5

    def request_views(self) -> None:
        """Make the views as soon as pyqtgraph is loaded (at once when it is), then draw the current sound."""
        self.sound_view.request_views(self._show_current)

    @property
    def waveform(self) -> Any:
        """The large waveform (``widgets.waveform.WaveformView``); None until the views are made."""
        return self.sound_view.waveform if self.sound_view.views_done else None

    @property
    def spectrogram(self) -> Any:
        return self.sound_view.spectrogram if self.sound_view.views_done else None

    def showEvent(self, event: Any) -> None:
        super().showEvent(event)
        if not self._shown_once:
            self._shown_once = True
            QTimer.singleShot(0, self._first_show)

    @Slot()
    def _first_show(self) -> None:
        self.request_views()
        if self.player.note == "" and self.player.available:
            self.probe_playback()

    # ============================================================================================ models ========
    def reload_models(self) -> None:
        """(Re)fill the model picker from the registry, keeping the selection."""
        self.controls.reload_models(_list_audio_models())
        self._on_model_changed()

    def _select_model(self, model: str) -> None:
        self.model_box.select(model)

    def current_model(self) -> str:
        return self.controls.current_model()

    @Slot()
    def _on_model_changed(self, *_: Any) -> None:
        natural = self.natural_seconds()
        if natural:
            # the model makes sounds of its training clips' length: Length goes up to that (longer was silence)
            top = round(natural, 2)
            self.seconds_spin.setMaximum(top)
            if self.seconds_spin.value() > top:
                self.seconds_spin.setValue(top)
            extra = self.tr("Makes sounds of %1 s (the length of the sounds it learned): Length goes up to "
                            "that.").replace("%1", f"{natural:.2f}")
        else:
            self.seconds_spin.setMaximum(60.0)
            extra = ""
        self.model_box.show_info(extra)
        self.directions.update(sync=True)

    # ============================================================================================= seeds ========
    def seed_mode(self) -> str:
        return self.seed_row.mode()

    def set_seed_mode(self, mode: str) -> None:
        self.seed_row.set_mode(mode)

    # ============================================================================================== form ========
    def form_errors(self) -> dict[str, str]:
        """The messages shown next to the controls now (for tests and diagnostics)."""
        return self.controls.shown_errors()

    def form_spec(self) -> AudioSpec | None:
        """The spec Generate would submit now (None when the form is invalid)."""
        spec, errors = self.controls.read()
        return None if errors else spec

    # ============================================================================================== jobs ========
    def _busy_text(self) -> str:
        return self.tr("A sound job is already running: stop it or wait for it.")

    @Slot()
    def generate(self) -> str | None:
        """Submit the form: ``count`` new sounds. Returns the job id, or None when refused. While a job of this
        panel runs, the new one is queued behind it; its sounds join the list when its turn comes."""
        return self._submit_form(mode="sample")

    def _submit_form(self, **fields: Any) -> str | None:
        """Submit the spec the form describes with ``fields`` set (mode, latents, source...), or show its problems."""
        spec, errors = self.controls.read(**fields)
        self.controls.show_errors(errors)
        return None if errors else self._submit(spec)

    @Slot()
    def variations(self) -> str | None:
        """Variations of the current sound (count and strength from the form)."""
        return self._transform(*audio_jobs.variations_from(self.current_sound()))

    @Slot()
    def morph(self) -> str | None:
        """Interpolate between the two selected sounds (upper to lower) in ``frames`` steps."""
        return self._transform(*audio_jobs.morph_from(self.selected_sounds()))

    def _transform(self, fields: dict[str, Any], problem: str) -> str | None:
        """Submit the form with ``fields`` from the chosen sounds (``panels/audio_jobs.py``), or say ``problem``."""
        if problem:
            self.controls.transform_problem(problem)
            return None
        return self._submit_form(**fields)

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
        if problem := audio_jobs.encode_problem(p):
            return self._file_problem(problem)
        if self._refuse_if_busy():
            return False
        changes = self._what_encoding_does(p)
        submitted = self._submit_form(mode="encode", source=str(p.resolve())) is not None
        if submitted and changes:
            self.notice.show_message(changes)
            self.status_message.emit(changes)
        return submitted

    def natural_seconds(self, model: str | None = None) -> float:
        """How long the sounds the model learned are (its card's ``clip_samples`` / sample rate); 0 if unknown."""
        card = self.model_box.card(self.current_model() if model is None else model)
        config = card.get("config") if isinstance(card.get("config"), dict) else {}
        clip, sr = config.get("clip_samples"), config.get("sample_rate") or card.get("sample_rate")
        if isinstance(clip, int) and isinstance(sr, int) and clip > 0 and sr > 0:
            return clip / sr
        return 0.0

    def _what_encoding_does(self, p: Path) -> str:
        """What the model does to a dropped sound (cut to its length, mixed to mono, resampled), in words; "" when
        nothing, or when the file cannot be read here (the job then says why)."""
        from aigc_studio.core.assets.audio_io import audio_info
        try:
            info = audio_info(p)
        except Exception:  # noqa: BLE001 — the encoding job reads it and explains
            return ""
        sr = ModelCard.from_card(self.model_box.card(self.current_model())).sample_rate
        natural = self.natural_seconds()
        done = []
        if natural and float(info.get("seconds", 0)) > natural + 0.01:
            done.append(self.tr("only its first %1 s is used").replace("%1", f"{natural:.2f}"))
        if int(info.get("channels", 1)) > 1:
            done.append(self.tr("its %1 channels are mixed to mono").replace("%1", str(info["channels"])))
        if sr and int(info.get("sample_rate", sr)) != sr:
            done.append(self.tr("it is resampled from %1 kHz to %2 kHz").replace(
                "%1", f"{int(info['sample_rate']) / 1000:g}").replace("%2", f"{sr / 1000:g}"))
        if not done:
            return ""
        return self.tr("“%1” (%2 s): %3 — this model reads sounds of that length and kind.").replace(
            "%1", p.name).replace("%2", f"{float(info.get('seconds', 0)):.2f}").replace(
            "%3", self.tr("; ").join(done))

    def _file_problem(self, text: str) -> bool:
        self._show_error(text)
        return False

    @Slot()
    def regenerate(self) -> str | None:
        """Run the last job that made sounds again — a new seed in Random mode, the next seeds in Next seeds
        mode, the same seed otherwise. Without a last job: Generate."""
        if self._last_spec is None:
            return self.generate()
        spec = self._waiting[-1][1] if self._waiting else self._last_spec
        return self._submit(replace(spec, seed=self.seed_row.next_seed(spec.seed, spec.count)))

    def _submit(self, spec: AudioSpec, target: Sound | None = None) -> str | None:
        try:
            job_id = self.engine.submit(spec)
        except InvalidParameters:
            errors = spec_problems(spec) or {"": [self.tr("These settings cannot be used.")]}
            self.controls.show_errors(errors)
            return None
        except UserError as exc:
            self._file_problem(tr_core_text(str(exc)))
            return None
        if target is None and self.is_busy():       # queued behind the panel's job; begun when its turn comes
            self._waiting.append((str(job_id), spec))
            if spec.mode != "interpolate":
                self.seed_row.used(spec.seed, spec.count)
            self.save_settings()
            self.status_message.emit(self.tr("Queued after the running sound job (%1 waiting).")
                                     .replace("%1", str(len(self._waiting))))
            self._update_buttons()
            return str(job_id)
        self._begin(str(job_id), spec, target)
        return self._job_id

    def show_job(self, job_id: str) -> bool:
        """Select the sounds a finished job of this session made (double-click in the Jobs list); False when none
        of them is in the list any more."""
        info = self.engine.job(job_id) if hasattr(self.engine, "job") else None
        spec = getattr(info, "spec", None)
        if spec is None:
            return False
        sounds = [s for s in self.model.sounds if s.job_spec is spec] or \
            [s for s in self.model.sounds if s.job_spec == spec]
        if not sounds:
            return False
        self.select_sounds(sounds)
        return True

    def waiting_jobs(self) -> list[str]:
        """This panel's jobs queued behind the current one."""
        return [j for j, _ in self._waiting]

    def _start_next_waiting(self) -> None:
        if not self._waiting or self.is_busy():
            return
        order = {j: i for i, j in enumerate(self.engine.queued_ids())} if hasattr(self.engine, "queued_ids") else {}
        self._waiting.sort(key=lambda js: order.get(js[0], -1))
        job_id, spec = self._waiting.pop(0)
        self._begin(job_id, spec, None, queued=True)

    def _begin(self, job_id: str, spec: AudioSpec, target: Sound | None, queued: bool = False) -> None:
        """Make ``job_id`` the panel's job: its sounds join the list as they come."""
        self._flush_timer.stop()
        self._clear_pending()
        self._job_id = str(job_id)
        self._job_state = "queued"
        self._job_spec = spec
        self.model.begin_job(spec, target, audio_jobs.sound_label)
        self._job_started = time.monotonic()
        self._awaiting_first_chunk = True
        self._follow = target is None
        if target is None:
            self._last_spec = spec
            if spec.mode != "interpolate" and not queued:
                self.seed_row.used(spec.seed, spec.count)
        self.notice.clear_message()
        self.error_message.clear_message()
        self.job_bar.queued()
        if target is None:
            self.status_message.emit(audio_jobs.describe(spec))
            self.save_settings()
        self._update_buttons()

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
        self.job_bar.set_progress(done, total)

    @Slot(str, object)
    def _on_job_finished(self, job_id: str, info: Any) -> None:
        if job_id != self._job_id:
            if any(j == job_id for j, _ in self._waiting):        # cancelled from the Jobs list while queued
                self._waiting = [(j, s) for j, s in self._waiting if j != job_id]
                self._update_buttons()
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
            self.stats_label.setText(audio_jobs.stats_text(
                self._job_spec, state, made, self.model.target is not None, time.monotonic() - self._job_started,
                data.get("device") or self._device_name))
            if state == "cancelled":
                self.status_message.emit(self._stopped_text(info))
            elif self.model.target is None:
                self.status_message.emit(self.tr("Done: select a sound to hear it; Ctrl+S saves it."))
        self._update_buttons()
        self.directions.job_ended()
        if self.model.target is not None and state != "failed":     # a slider edit: not a row of the Jobs list
            remove = getattr(self.engine, "remove", None)
            if callable(remove):
                QTimer.singleShot(0, lambda: remove(job_id))
        self._start_next_waiting()

    def _apply_result(self, data: dict[str, Any]) -> None:
        """Give each sound of the job what the Result says about it (its own spec, latent, peak, pitch)."""
        self.model.finish_job(data.get("items"), self._job_state == "done")
        self._show_current()

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
        self.job_bar.update_buttons(busy, self._last_spec is not None)
        self.variations_button.setEnabled(current is not None)        # queued while a job runs
        self.morph_button.setEnabled(len(self.sound_list.selectedItems()) == 2)
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
        self.controls.fill(spec)
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
        return {**self.controls.params(), "format": self.save_format()}

    def _load_params(self) -> None:
        p, mode = self._remembered()
        self._apply_remembered(p, [])          # the model
        self.controls.restore(p, mode)
        if p.get("format") in FORMATS:
            self.format_combo.setCurrentIndex(FORMATS.index(p["format"]))
