"""The Image tab: a model, a batch of images on a large canvas, and tools to explore the latent space around them.

``ImagePanel(engine, settings, store_getter)`` — the main window owns the keyboard shortcuts (Ctrl+Return Generate,
Esc Stop, Ctrl+R Regenerate, Ctrl+S Save) and calls the panel's methods; the canvas handles its own keys (zoom,
Ctrl+A) while it has the focus.

How it works:

* **Generate** reads the form into a ``core.base.specs.ImageSpec`` (mode ``sample``, or ``best_of`` when "Keep the
  best" is ticked). The spec's own ``problems()`` decides what is valid; each problem is shown under the control
  that causes it and nothing is submitted. Every job gets a new section on the canvas (earlier images stay until
  "Clear canvas"); its empty slots show where the images will appear.
* ``ImagePreview`` events are buffered per job and slot ("latest wins") and put on the canvas by a ~30 Hz timer: one
  canvas update for everything that arrived since the last one. ``first_preview_shown(job_id)`` is emitted once
  the first images of a job have been painted (the click-to-first-preview figure of the benchmark).
* When the job ends, its ``Result.data["items"]`` give each image the spec that reproduces it alone, its latent,
  its score (best of N: written under the image; "Sort by score") and a label (tooltips).
* **Explore** the selection: *Variations* of one image (strength), *Interpolate* between two (in the order they
  were picked; the frames form one row, exportable as a sprite sheet PNG or an animated GIF/WebP), the
  **direction sliders** (the model's principal directions): dragging submits a small ``latent`` job for the
  selected image at most 10 times a second, cancelling the previous one (latest wins); its result replaces the
  image in place. "Reset sliders" brings the image back.
* **Encode**: an image file dropped on the canvas (or ``open_file(path)``) is encoded by a VAE model — the panel
  switches to one and says so — and the job shows the reconstruction and variations. A saved studio PNG dropped
  on the canvas restores its settings and makes the same image again. A file the job cannot read is explained
  above the canvas; nothing on the canvas is lost.
* **Save** (Ctrl+S) writes the selected images (with none selected: those of the last job) as PNGs with their
  settings embedded; "Export…" writes the selected (or all) images to a folder of the user's choice.
* **Seed modes** as in the Text panel: random, fixed, reuse last, last + 1. The spec always holds the seed used.

The panel runs the jobs and the canvas; its parts live beside it, each with its own module:

* ``widgets/canvas_toolbar.py`` — the toolbar above the canvas (zoom, grid, sort, select all, clear, counts);
* ``image_controls.py`` — the settings column (model, form, buttons) and the spec the form describes;
* ``image_directions.py`` — the direction sliders and their slider jobs;
* ``image_open.py`` — files dropped or opened (restored or encoded); ``image_export.py`` — Save, Export…, Export
  strip… (through ``saving.py``, the panels' shared save path);
* ``image_jobs.py`` — the job records, what jobs take from canvas images and give back, and their words.
"""
from __future__ import annotations

import logging
from dataclasses import replace
from pathlib import Path
from typing import Any

import numpy as np
from PySide6.QtCore import QT_TRANSLATE_NOOP, QPoint, Qt, QTimer, Signal, Slot
from PySide6.QtWidgets import QMenu, QVBoxLayout, QWidget

from aigc_studio.core.assets.formats import IMAGE_EXTENSIONS
from aigc_studio.core.base.errors import InvalidParameters, UserError
from aigc_studio.core.base.events import ImagePreview, Log, Progress
from aigc_studio.core.base.specs import ImageSpec
from aigc_studio.core.base.settings import SEED_MODES  # noqa: F401 (tests read it here)
from aigc_studio.ui.panels.common import (FLUSH_INTERVAL_MS, JobPanel,  # noqa: F401 (re-exported)
                                          job_progress_bar, list_models, resolve_model, side_column, spec_problems,
                                          split_panel, stats_label)
from aigc_studio.ui.panels.image_controls import ImageControls
from aigc_studio.ui.panels.image_directions import SLIDER_INTERVAL_MS  # noqa: F401 (re-exported)
from aigc_studio.ui.panels.image_export import ImageExport
from aigc_studio.ui.panels.image_jobs import (ImageJob, explore_problem, item_spec, result_items, section_title,
                                               stats_text)
from aigc_studio.ui.panels.image_open import ImageOpening
from aigc_studio.ui.widgets.canvas_toolbar import CanvasToolbar
from aigc_studio.ui.widgets.image_canvas import CanvasImage, ImageCanvas, Section, as_rgba
from aigc_studio.ui.widgets.param_form import WARNING_COLOUR, MessageLabel

log = logging.getLogger(__name__)

IMAGE_SUFFIXES = IMAGE_EXTENSIONS      # what a drop or "Encode an image…" takes (core/assets/formats.py)
PARAM_KEYS = ("model", "count", "seed", "seed_mode", "truncation", "strength", "frames", "best_of_on", "best_of",
              "fps", "grid")


def _list_image_models() -> list[Any]:
    return list_models("image")


class ImagePanel(JobPanel):
    """Image generation and latent exploration. See the module docstring for the behaviour."""

    first_preview_shown = Signal(str)     # job id: its first images have just been painted

    KIND = "image"
    SPEED_UNIT = QT_TRANSLATE_NOOP("ImagePanel", "%1 images/s")
    LEADING_FLUSH = True                  # the first previews after a quiet spell are painted at once

    def __init__(self, engine: Any, settings: Any, store_getter: Any, parent: QWidget | None = None):
        super().__init__(engine, settings, store_getter, parent)
        self._jobs: dict[str, ImageJob] = {}      # our unfinished jobs (_job_id: the current batch job)
        self._waiting: list[str] = []             # our batch jobs queued behind the current one
        self._job_spec: ImageSpec | None = None
        self._last_section: Section | None = None
        self._pending: dict[str, dict[int, np.ndarray]] = {}   # job -> {index: rgba} not yet on the canvas
        self._await_paint: list[str] = []     # jobs whose first images wait for the next paint

        self._build_ui()
        self._start()
        self._on_selection_changed()

    # ================================================================================================ UI ========
    def _build_ui(self) -> None:
        # --- left: toolbar, messages, canvas, progress ----------------------------------------------------------
        self.canvas = ImageCanvas(self)
        self.session = self.canvas.session    # the images of the session (ui/components/image_session.py)
        self.canvas.accept_suffixes = IMAGE_SUFFIXES + (".json",)     # pictures and studio assets; the rest: window
        self.canvas.selection_changed.connect(self._on_selection_changed)
        self.canvas.files_dropped.connect(self._on_files_dropped)
        self.canvas.painted.connect(self._on_canvas_painted)
        self.canvas.context_menu_requested.connect(self._show_context_menu)
        self.toolbar = CanvasToolbar(self.canvas, self.clear_canvas, self)
        self.exports = ImageExport(self)              # Save, Export…, Export strip…
        self.opening = ImageOpening(self)             # files dropped or opened: restored or encoded

        self.notice = MessageLabel(WARNING_COLOUR, self, "notice")   # warnings from the job, automatic model switches
        self.error_message = MessageLabel(parent=self, name="error_message")   # a failed job, save or export
        self.progress = job_progress_bar(self, "ImageProgress", self.tr("%v / %m images"))
        self.stats_label = stats_label(self, self.tr("Ready. Generate a batch, or drop an image file on the canvas."))

        left = QWidget(self)
        ll = QVBoxLayout(left)
        ll.setContentsMargins(0, 0, 0, 0)
        ll.setSpacing(4)
        ll.addWidget(self.toolbar)
        ll.addWidget(self.notice)
        ll.addWidget(self.error_message)
        ll.addWidget(self.canvas, 1)
        ll.addWidget(self.progress)
        ll.addWidget(self.stats_label)

        # --- right: the settings column (image_controls.py): model, generate, explore, directions, files -------
        self.controls = c = ImageControls(self)
        self.directions, self.direction_sliders = c.directions, c.directions.sliders   # the sliders and their jobs
        self.model_box, self.model_combo, self.model_message = c.model_box, c.model_box.combo, c.model_box.message
        self.form, self.explore_form, self.table, self.seed_row = c.form, c.explore_form, c.table, c.seed_row
        w = c.widgets
        self.count_spin, self.truncation, self.best_of_spin = w["count"], w["truncation"], w["best_of"]
        self.strength, self.frames_spin, self.fps_spin = w["strength"], w["frames"], w["fps"]
        self.best_of_check, self.selection_label, self.explore_message = (c.best_of_check, c.selection_label,
                                                                          c.explore_message)
        self.generate_button, self.stop_button, self.regenerate_button = (c.generate_button, c.stop_button,
                                                                          c.regenerate_button)
        self.variations_button, self.interpolate_button = c.variations_button, c.interpolate_button
        self.export_strip_button, self.save_button = c.export_strip_button, c.save_button
        self.export_button, self.encode_button = c.export_button, c.encode_button
        right = side_column(self, c.boxes)
        split_panel(self, left, right, [860, 340])        # extra width goes to the canvas

    # ============================================================================================ models ========
    def reload_models(self) -> None:
        """(Re)fill the model picker from the registry, keeping the selection and any folders the user added."""
        self.model_box.reload(_list_image_models(), self._model_label)
        self._on_model_changed()

    def _model_label(self, name: str, card: dict) -> str:
        arch = {"gan": self.tr("GAN"), "image_vae": self.tr("VAE")}.get(str(card.get("architecture", "")), "")
        return f"{name} — {arch}" if arch else name

    def _select_model(self, model: str) -> None:
        self.model_box.select(model)

    def current_model(self) -> str:
        return self.model_box.current()

    def architecture(self, model: str | None = None) -> str:
        """"gan", "image_vae" or "" (unknown) for a model id or folder (the current model by default)."""
        return str(self.model_box.card(self.current_model() if model is None else model).get("architecture", ""))

    def directions_of(self, model: str) -> int:
        """How many direction sliders a model has (its card's principal directions, at most MAX_DIRECTIONS)."""
        return self.model_box.model_card(model).directions

    def use_model_folder(self, folder: str) -> bool:
        """Add a model folder to the picker and select it; a folder that is not an image model is explained."""
        return self.model_box.use_folder(folder, resolve_model, ("image",),
                                         self.tr("This folder holds a %1 model, not an image model."),
                                         self._model_label)

    @Slot()
    def _on_model_changed(self, *_: Any) -> None:
        what = {"gan": self.tr("A GAN: truncation and Best of N apply; it cannot encode image files."),
                "image_vae": self.tr("A VAE: it can encode image files dropped on the canvas; truncation "
                                     "brings new samples nearer the average image.")}.get(
            self.architecture(), "")
        self.model_box.show_info(what)
        if getattr(self, "controls", None) is not None:     # a conditional model: its Category choice
            self.controls.set_categories(self.model_box.card(self.current_model()).get("categories"))
        self._update_buttons()

    # ============================================================================================== form ========
    def _read_form(self, mode: str, seed: int | None = None, **fields: Any) -> tuple[ImageSpec, dict]:
        """The spec the form describes for ``mode`` (extra fields given) and the problems per control."""
        return self.controls.read(mode, seed, **fields)

    def _show_form_errors(self, errors: dict[str, list[str]]) -> None:
        self.controls.errors.show(errors)

    def form_errors(self) -> dict[str, str]:
        """The messages shown next to the controls now (for tests and diagnostics)."""
        return self.controls.errors.shown()

    def form_spec(self) -> ImageSpec | None:
        """The spec Generate would submit now with a Fixed/Reuse seed (None when the form is invalid)."""
        spec, errors = self._read_form(self._generate_mode())
        return None if errors else spec

    def _generate_mode(self) -> str:
        return self.controls.generate_mode()

    # ============================================================================================== jobs ========
    def _busy_text(self) -> str:
        return self.tr("An image job is already running: stop it or wait for it.")

    @Slot()
    def generate(self) -> str | None:
        """Submit the form as a batch (Best of N when ticked); the job id, or None when it was refused. While a
        job of this panel runs, the new one is queued behind it, in a section of its own."""
        spec, errors = self._read_form(self._generate_mode())
        self._show_form_errors(errors)
        if errors:
            return None
        return self._submit(spec)

    @Slot()
    def regenerate(self) -> str | None:
        """Run the last job's spec again; a new seed when the seed mode is Random (Fixed and Reuse last keep it,
        Last + 1 takes the next). Without a last job: Generate."""
        if self._job_spec is None:
            return self.generate()
        last = self._jobs[self._waiting[-1]].spec if self._waiting else self._job_spec
        return self._submit(replace(last, seed=self.seed_row.next_seed(last.seed)))

    @Slot()
    def variations(self) -> str | None:
        """Variations of the one selected image (as many as Images, the seed mode's seed, the strength)."""
        picked = self._explore_items(1)
        if picked is None:
            return None
        (item,) = picked
        base = item_spec(item)
        spec, errors = self._read_form("variations", model=base.model, truncation=base.truncation,
                                       directions=base.directions, latents=(tuple(item.latent),),
                                       category=getattr(base, "category", "any"))
        self._show_form_errors(errors)
        if errors:
            return None
        return self._submit(spec)

    @Slot()
    def interpolate(self) -> str | None:
        """Frames from the first picked image to the second, in one row."""
        picked = self._explore_items(2)
        if picked is None:
            return None
        a, b = picked
        base, other = item_spec(a), item_spec(b)
        frames = self.frames_spin.value()
        # Slider amounts both images share stay on every frame; different ones cannot be kept at both ends.
        directions = base.directions if base.directions == other.directions else ()
        spec, errors = self._read_form("interpolate", model=base.model, truncation=base.truncation,
                                       directions=directions, count=max(1, min(frames, 64)),
                                       latents=(tuple(a.latent), tuple(b.latent)),
                                       category=getattr(base, "category", "any"))
        self._show_form_errors(errors)
        if errors:
            return None
        return self._submit(spec)

    def _explore_items(self, n: int) -> list[CanvasImage] | None:
        """The ``n`` selected images (in the order picked) that latent tools can start from, or None with the
        reason shown under the Explore buttons."""
        picked = self.canvas.selection_order()
        msg = explore_problem(picked, n)
        if msg:
            self._show_form_errors({})
            self.explore_message.show_message(msg)
            self.status_message.emit(msg)
            return None
        return picked

    def _submit(self, spec: ImageSpec) -> str | None:
        """Submit a batch job and give it a section on the canvas. A picture to encode that stands on a plain
        background gets that background made transparent first (the models learned icons on transparency)."""
        prepared_note = ""
        if spec.mode == "encode" and spec.source:
            spec, prepared_note = self._without_plain_background(spec)
        try:
            job_id = str(self.engine.submit(spec))
        except InvalidParameters:
            self._show_form_errors(spec_problems(spec) or {"": [self.tr("These settings cannot be used.")]})
            return None
        except UserError as exc:
            self._show_error(str(exc))
            return None
        count = spec.frames if spec.mode == "interpolate" else spec.count
        title = section_title(spec)
        section = self.canvas.add_section(title, count, job_id=job_id, mode=spec.mode,
                                          scored=spec.mode == "best_of",
                                          columns=count if spec.mode == "interpolate" else None)
        self._jobs[job_id] = ImageJob(spec, "batch", section, title=title)
        self.seed_row.used(spec.seed)
        self.save_settings()
        if self.is_busy():                 # queued behind the panel's running job; shown when its turn comes
            self._waiting.append(job_id)
            self.status_message.emit(self.tr("Queued after the running image job (%1 waiting).")
                                     .replace("%1", str(len(self._waiting))))
            self._update_buttons()
            return job_id
        self._begin(job_id, spec, section, count)
        if prepared_note:
            self.notice.show_message(prepared_note)
            self.status_message.emit(prepared_note)
        return job_id

    def _without_plain_background(self, spec: ImageSpec) -> tuple[ImageSpec, str]:
        """``spec`` with its source replaced by a copy whose plain background is transparent, and the words that
        say so; ``spec`` unchanged and "" when the picture has no plain background (or cannot be read here)."""
        from aigc_studio.core.base.settings import data_dir
        from aigc_studio.ui.components.background import prepare_for_encoding
        try:
            prepared = prepare_for_encoding(spec.source, data_dir() / "prepared")
        except OSError as exc:                  # the copy could not be written: encode the file as it is
            log.warning("removing the background of %s failed: %s", spec.source, exc)
            return spec, ""
        if prepared is None:
            return spec, ""
        path, colour = prepared
        note = self.tr("“%1” stands on a plain background (%2): it was made transparent before encoding, because "
                       "the model learned icons on transparent backgrounds.").replace(
            "%1", Path(spec.source).name).replace("%2", "#%02x%02x%02x" % colour)
        return replace(spec, source=str(path)), note

    def _forget_job_later(self, job_id: str) -> None:
        remove = getattr(self.engine, "remove", None)
        if callable(remove):
            QTimer.singleShot(0, lambda: remove(job_id))

    def waiting_jobs(self) -> list[str]:
        """This panel's batch jobs queued behind the current one."""
        return list(self._waiting)

    def _begin(self, job_id: str, spec: ImageSpec, section: Any, count: int) -> None:
        """Make ``job_id`` the panel's job: its progress on the bar and the stats line."""
        self._job_id = job_id
        self._job_state = "queued"
        self._job_spec = spec
        self._last_section = section
        self._clear_pending()
        self.notice.clear_message()
        self.error_message.clear_message()
        self._show_form_errors({})
        self.progress.setRange(0, count)
        self.progress.setValue(0)
        self.progress.show()
        self.stats_label.setText(self.tr("Queued: waiting for the engine…"))
        self.status_message.emit(self.tr("Generating %1 images with %2 (seed %3)…").replace("%1", str(count))
                                 .replace("%2", spec.model).replace("%3", str(spec.seed)))
        self._update_counts()
        self._update_buttons()

    def _start_next_waiting(self) -> None:
        order = {j: i for i, j in enumerate(self.engine.queued_ids())} if hasattr(self.engine, "queued_ids") else {}
        self._waiting = [j for j in self._waiting if j in self._jobs]
        if not self._waiting:
            return
        self._waiting.sort(key=lambda j: order.get(j, -1))
        job_id = self._waiting.pop(0)
        job = self._jobs[job_id]
        spec = job.spec
        self._begin(job_id, spec, job.section, spec.frames if spec.mode == "interpolate" else spec.count)

    @Slot()
    def stop(self) -> None:
        """Cancel the running job (it stops after the current batch; the images so far stay) and any slider
        preview."""
        self.directions.cancel_job()
        if not self.is_busy() or self._job_id is None:
            return
        self.engine.cancel(self._job_id)
        self.stats_label.setText(self.tr("Stopping…"))

    # --- engine signals ---------------------------------------------------------------------------------------
    @Slot(str, object)
    def _on_job_event(self, job_id: str, event: object) -> None:
        job = self._jobs.get(job_id)
        if job is None:
            return
        if isinstance(event, ImagePreview):
            try:
                batch = as_rgba(event.images)
            except ValueError as exc:
                log.warning("job %s sent a preview that is not images: %s", job_id, exc)
                return
            slots = self._pending.setdefault(job_id, {})
            first = int(event.index)
            for k in range(batch.shape[0]):
                slots[first + k] = batch[k]          # a later preview of the same slot wins
            self._flush_timer.poke()
        elif isinstance(event, Progress):
            if job_id != self._job_id:
                return
            self._note_progress(event)
            self._flush_timer.poke()
        elif isinstance(event, Log):
            self._note_log(event)

    @Slot()
    def _flush(self) -> None:
        """Put everything that arrived since the last flush on the canvas: one update."""
        self._flush_timer.ran()
        self._show_pending_progress()
        if not self._pending:
            return
        pending, self._pending = self._pending, {}
        for job_id, images in pending.items():
            job = self._jobs.get(job_id)
            if job is None:
                continue
            if job.purpose == "slider":
                item = job.item
                if item is None or not self.session.contains(item):
                    continue
                self.session.set_images(item.section, {item.index: images[min(images)]})
            else:
                if job.section not in self.canvas.sections:      # the canvas was cleared meanwhile
                    job.section = self.canvas.add_section(job.title, job.section.capacity, job_id=job_id,
                                                          mode=job.spec.mode, scored=job.spec.mode == "best_of",
                                                          columns=job.section.columns)
                    if job_id == self._job_id:
                        self._last_section = job.section
                self.canvas.set_images(job.section, images)
            if not job.shown:
                job.shown = True
                self._await_paint.append(job_id)
        self.flush_count += 1
        self._update_counts()
        if self._await_paint:
            if self.canvas.isVisible():
                self.canvas.viewport().update()     # painted even when the images are scrolled out of view
            else:
                self._on_canvas_painted()           # nothing will be painted: say it now

    @Slot()
    def _on_canvas_painted(self) -> None:
        if not self._await_paint:
            return
        shown, self._await_paint = self._await_paint, []
        for job_id in shown:
            self.first_preview_shown.emit(job_id)

    @Slot(str, object)
    def _on_job_finished(self, job_id: str, info: Any) -> None:
        job = self._jobs.get(job_id)
        if job is None:
            return
        if job_id in self._pending:
            self._flush()
        del self._jobs[job_id]
        state = str(getattr(info, "state", "done"))
        result = getattr(info, "result", None)
        self._note_device(info)
        if job.purpose == "slider":
            self.directions.job_finished(job_id, job, state, result, info)
            if state != "failed":         # slider previews do not flood the Jobs list (a failure stays, explained)
                self._forget_job_later(job_id)
            return
        section = job.section
        items = result_items(result)
        if section is not None:
            for i, d in enumerate(items):
                item = section.items.get(i)
                if item is not None:
                    item.set_info(d.get("spec"), d.get("latent"), d.get("score"), d.get("label", ""))  # a new image
            if job.spec.mode == "best_of":
                self.canvas.sort_by_score(section)
            if not section.items:                  # failed or stopped before any image: no empty section left
                self.canvas.remove_section(section)
        if job_id != self._job_id:
            if job_id in self._waiting:                 # a queued job cancelled from the Jobs list
                self._waiting.remove(job_id)
                self._update_buttons()
            return
        self._finished_state(info)
        self._flush_timer.stop()
        self.progress.hide()
        if state == "failed":
            self._failed(info)
        else:
            self.stats_label.setText(stats_text(job, result, state, info, self._device_name))
            if state == "cancelled":
                self.status_message.emit(self._stopped_text(info))
            else:
                self.status_message.emit(self.tr("Done: select images and press Ctrl+S to save them."))
        self._on_selection_changed()
        self._update_counts()
        self._update_buttons()
        self._start_next_waiting()

    # ========================================================================================= selection ========
    @Slot()
    def _on_selection_changed(self) -> None:
        selected = self.canvas.selected_images()
        n = len(selected)
        if n == 0:
            text = self.tr("Nothing selected: click an image (Ctrl+click or drag a box for more).")
        elif n == 1:
            text = selected[0].describe() or self.tr("1 image selected.")
        else:
            text = self.tr("%1 images selected.").replace("%1", str(n))
        self.selection_label.setText(text)
        self.explore_message.clear_message()
        self.directions.set_target(selected[0] if n == 1 else None)
        self._update_counts()
        self._update_buttons()

    def _update_counts(self, *_: Any) -> None:
        self.toolbar.update_counts()

    def _update_buttons(self, *_: Any) -> None:
        busy = self.is_busy()
        gan = self.architecture() == "gan"
        known = bool(self.architecture())
        self.generate_button.setEnabled(True)          # while a job runs, the next one is queued behind it
        self.stop_button.setEnabled(busy)
        self.regenerate_button.setEnabled(self._job_spec is not None)
        self.truncation.setEnabled(True)          # GAN: towards the average w; VAE: new samples' noise
        self.best_of_check.setEnabled(gan or not known)
        self.best_of_spin.setEnabled((gan or not known) and self.best_of_check.isChecked())
        order = self.canvas.selection_order()
        ready = [it for it in order if it.latent is not None and it.spec]
        self.variations_button.setEnabled(len(order) == 1 and len(ready) == 1)
        self.interpolate_button.setEnabled(len(order) == 2 and len(ready) == 2)
        self.export_strip_button.setEnabled(bool(self.exports.strip_items()))
        has_images = self.canvas.image_count() > 0
        self.save_button.setEnabled(has_images)
        self.export_button.setEnabled(has_images)
        self.encode_button.setEnabled(not busy)
        self.toolbar.update_actions()

    @Slot()
    def clear_canvas(self) -> None:
        """Remove every image from the canvas (a running job goes on in a new section). Edit › Undo (Ctrl+Z)
        brings them back."""
        if self.canvas.image_count() == 0:
            return
        self.directions.forget()
        self.canvas.clear()
        self._last_section = None
        self.status_message.emit(self.tr("Canvas cleared (Ctrl+Z brings the images back). Saved files are not "
                                         "touched."))
        self._on_selection_changed()

    def can_undo(self) -> bool:
        return self.canvas.session.can_undo_clear()

    def undo_text(self) -> str:
        return self.tr("Undo: bring back the cleared images") if self.can_undo() else ""

    @Slot()
    def undo(self) -> bool:
        """Bring back the images the last Clear canvas removed."""
        if not self.canvas.session.undo_clear():
            return False
        self.status_message.emit(self.tr("The cleared images are back."))
        self._on_selection_changed()
        return True

    def show_job(self, job_id: str) -> bool:
        """Scroll to the images of a job of this session (double-click in the Jobs list); False when they are
        no longer on the canvas."""
        section = self.canvas.section_of_job(job_id)
        if section is None:
            return False
        self.canvas.reveal(section)
        return True

    @Slot(QPoint)
    def _show_context_menu(self, pos: QPoint) -> None:
        menu = QMenu(self)
        for text, slot, button in ((self.tr("Variations"), self.variations, self.variations_button),
                                   (self.tr("Interpolate"), self.interpolate, self.interpolate_button),
                                   (self.tr("Export strip…"), self.choose_strip_export, self.export_strip_button),
                                   (self.tr("Save"), self.save, self.save_button),
                                   (self.tr("Export…"), self.choose_export_folder, self.export_button)):
            a = menu.addAction(text)
            a.setEnabled(button.isEnabled())
            a.triggered.connect(slot)
        menu.addSeparator()
        for action in (self.toolbar.select_all_action, self.toolbar.sort_action, self.toolbar.clear_action):
            menu.addAction(action)
        menu.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        menu.popup(pos)

    # ========================================================================================== sliders ========
    @property
    def sliders(self) -> list:
        return self.direction_sliders.sliders

    def slider_amounts(self) -> list[float]:
        return list(self.direction_sliders.amounts())

    def set_slider(self, k: int, value: float) -> None:
        """Move direction slider ``k`` (0-based) as a drag would."""
        self.direction_sliders.set_slider(k, value)

    @Slot()
    def reset_sliders(self) -> None:
        """Every slider back to 0; the selected image comes back as it was before the sliders moved it."""
        self.directions.reset()

    # ============================================================================================ files ========
    @Slot(list)
    def _on_files_dropped(self, paths: list) -> None:
        self.opening.dropped(paths)

    @Slot()
    def choose_image_file(self) -> None:
        self.opening.choose_file()

    def open_file(self, path: str) -> bool:
        """A file dropped on the canvas or opened by the window (``image_open.ImageOpening.open_file``): a studio
        PNG restores its settings and makes the image again; any other image file is encoded by a VAE model. True
        when a job was started."""
        return self.opening.open_file(path)

    def encode_file(self, path: str) -> str | None:
        """Encode an image file with a VAE model (switching to one when a GAN is selected, and saying so)."""
        return self.opening.encode_file(path)

    @Slot()
    def save(self) -> str | None:
        """Save the selected images (none selected: those of the last job) as PNGs with their settings inside;
        ``asset_saved`` is emitted for each file. Returns the last path saved (None when nothing was saved).
        An image saved before is not saved twice. A failure is shown; the images stay on the canvas."""
        return self.exports.save()

    @Slot()
    def choose_export_folder(self) -> None:
        self.exports.choose_export_folder()

    def export_to_folder(self, folder: str, stem: str | None = None) -> list[str]:
        """Write the selected images (none selected: every image) to ``folder`` with their settings inside."""
        return self.exports.export_to_folder(folder, stem)

    @Slot()
    def choose_strip_export(self) -> None:
        self.exports.choose_strip_export()

    def export_strip(self, path: str) -> str | None:
        """Write the strip as a sprite sheet (``.png``, one row) or an animation (``.gif``/``.webp``)."""
        return self.exports.export_strip(path)

    # ========================================================================================= restoring ========
    def restore_spec(self, spec: Any) -> str | None:
        """Fill the form from ``spec`` (model, count, seed as Fixed, truncation, strength, frames, Best of N) and
        run it again, so the very image (or batch) reappears on the canvas. Returns the job id."""
        if getattr(spec, "kind", "image") != "image":
            raise UserError(self.tr("This is not an image job's settings."))
        self._select_model(str(spec.model))
        self.table.fill(spec)
        self.controls.set_category(getattr(spec, "category", "any"))
        self.seed_row.set_fixed(int(spec.seed))
        self.best_of_check.setChecked(spec.mode == "best_of")
        self._show_form_errors({})
        if self.is_busy():
            self.status_message.emit(self.tr("Settings restored; an image job is running: press Generate when "
                                             "it has finished."))
            return None
        return self._submit(spec)

    # ========================================================================================== settings ========
    def params(self) -> dict[str, Any]:
        """The form's values as plain JSON data (what ``settings.last_params["image"]`` holds)."""
        return {"model": self.current_model(), **self.table.save(), **self.seed_row.params(),
                "grid": self.canvas.grid_visible()}

    def _load_params(self) -> None:
        p, default_mode = self._remembered()
        self._apply_remembered(p, [])          # the model
        self.table.restore(p)
        if isinstance(p.get("grid"), bool):
            self.toolbar.grid_action.setChecked(p["grid"])
        self.seed_row.apply_params(p, default_mode)
