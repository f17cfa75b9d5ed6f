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
"""
from __future__ import annotations

import logging
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

import numpy as np
from PySide6.QtCore import QT_TRANSLATE_NOOP, QPoint, Qt, Signal, Slot
from PySide6.QtGui import QAction
from PySide6.QtWidgets import (QFileDialog, QGroupBox, QHBoxLayout, QLabel, QMenu, QSizePolicy,
                               QToolBar, QVBoxLayout, QWidget)

from aigc_studio.core.assets.formats import IMAGE_EXTENSIONS, glob_patterns
from aigc_studio.core.base.errors import InvalidParameters, UserError, user_message
from aigc_studio.core.base.events import ImagePreview, Log, Progress
from aigc_studio.core.base.specs import ImageSpec, spec_from_dict, spec_to_dict
from aigc_studio.core.base.settings import SEED_MODES  # noqa: F401 (tests read it here)
from aigc_studio.ui.panels.common import (FLUSH_INTERVAL_MS, JobPanel,  # noqa: F401 (re-exported)
                                          list_models, merge_problems, push_button, resolve_model, side_column,
                                          spec_problems, job_progress_bar, split_panel, stats_label)
from aigc_studio.ui.widgets.image_canvas import CanvasImage, ImageCanvas, Section, as_rgba
from aigc_studio.ui.widgets.model_box import ModelBox, muted_label
from aigc_studio.ui.components.image_session import ImageItem
from aigc_studio.ui.widgets.direction_sliders import DirectionSliders
from aigc_studio.ui.widgets.param_form import WARNING_COLOUR, FormErrors, FormTable, MessageLabel, Param, ParamForm
from aigc_studio.ui.widgets.seed_row import SeedRow

log = logging.getLogger(__name__)

SLIDER_INTERVAL_MS = 100        # direction sliders submit at most 10 jobs a second
IMAGE_SUFFIXES = IMAGE_EXTENSIONS      # what a drop or "Encode an image…" takes (core/assets/formats.py)
PARAM_KEYS = ("model", "count", "seed", "seed_mode", "truncation", "strength", "frames", "best_of_on", "best_of",
              "fps", "grid")
_DEFAULTS = ImageSpec()

# The form: one row per parameter (the box ranges are wider than the spec allows: its own message explains).
FORM = (
    Param("count", "int", QT_TRANSLATE_NOOP("ImagePanel", "Images"),
          QT_TRANSLATE_NOOP("ImagePanel", "How many images to make: 1 to 64. With Best of N: how many of the best "
                                          "to keep"), 0, 999, saved=(1, 64)),
    Param("truncation", "float", QT_TRANSLATE_NOOP("ImagePanel", "Truncation"),
          QT_TRANSLATE_NOOP("ImagePanel", "GAN models: below 1 the images are more typical and cleaner, above 1 more "
                                          "varied and stranger; 1 = off"), 0.0, 2.0, step=0.05, slider=True,
          saved=(0.0, 2.0)),
    Param("best_of", "int", QT_TRANSLATE_NOOP("ImagePanel", "Best of N"),
          QT_TRANSLATE_NOOP("ImagePanel", "GAN models: draw N images, score each with the discriminator and keep the "
                                          "best (as many as Images); the score is shown under each image"), 0, 9999,
          suffix=QT_TRANSLATE_NOOP("ImagePanel", " drawn"), check=QT_TRANSLATE_NOOP("ImagePanel", "Keep the best of"),
          saved=(1, 1024)),
    Param("strength", "float", QT_TRANSLATE_NOOP("ImagePanel", "Strength"),
          QT_TRANSLATE_NOOP("ImagePanel", "How far variations may stray from the selected image: 0 = the same image, "
                                          "2 = far"), 0.0, 2.0, step=0.05, slider=True, saved=(0.0, 2.0),
          group="explore"),
    Param("frames", "int", QT_TRANSLATE_NOOP("ImagePanel", "Frames"),
          QT_TRANSLATE_NOOP("ImagePanel", "Images in an interpolation, both ends included: 2 to 64"), 0, 999,
          saved=(2, 64), group="explore"),
    Param("fps", "int", QT_TRANSLATE_NOOP("ImagePanel", "Animation"),
          QT_TRANSLATE_NOOP("ImagePanel", "Frames per second of an exported GIF or WebP animation"), 1, 60, default=8,
          suffix=QT_TRANSLATE_NOOP("ImagePanel", " fps"), saved=(1, 60), in_spec=False, group="explore"),
)

def _list_image_models() -> list[Any]:
    return list_models("image")


def _valid_base(mode: str) -> ImageSpec:
    """A spec of ``mode`` with no problems: each field of a form's spec is tried on it to find which control a
    problem belongs to."""
    return ImageSpec(mode=mode, latents=((0.0,), (0.0,)) if mode in ("variations", "interpolate", "latent") else (),
                     source="x" if mode == "encode" else "")


def _problems(spec: ImageSpec) -> dict[str, list[str]]:
    """``spec.problems()`` by field ("" for the ones no single field explains), in the interface's language."""
    return spec_problems(spec, _valid_base(spec.mode))


def item_spec(item: CanvasImage) -> ImageSpec:
    """The ImageSpec that makes ``item`` alone (``InvalidParameters`` when its stored spec is damaged)."""
    return spec_from_dict({"kind": "image", **(item.spec or {})})


def _result_items(result: Any) -> list[dict[str, Any]]:
    data = getattr(result, "data", None)
    items = data.get("items") if isinstance(data, dict) else None
    return [d for d in items if isinstance(d, dict)] if isinstance(items, list) else []


@dataclass(eq=False)
class _Job:
    spec: ImageSpec
    purpose: str                          # "batch" (a section of its own) | "slider" (replaces ``item`` in place)
    section: Section | None = None
    item: ImageItem | None = None
    title: str = ""
    shown: bool = False                   # its first images reached the canvas


class ImagePanel(JobPanel):
    """Image generation and latent exploration. See the module docstring for the behaviour."""

    first_preview_shown = Signal(str)     # job id: its first images have just been painted

    KIND = "image"
    LEADING_FLUSH = True                  # the first previews after a quiet spell are painted at once

    def __init__(self, engine: Any, settings: Any, store_getter: Any, parent: QWidget | None = None):
        super().__init__(engine, settings, store_getter, parent)
        self._jobs: dict[str, _Job] = {}      # our unfinished jobs (_job_id: the current batch job)
        self._job_spec: ImageSpec | None = None
        self._last_section: Section | None = None
        self._pending: dict[str, dict[int, np.ndarray]] = {}   # job -> {index: rgba} not yet on the canvas
        self._await_paint: list[str] = []     # jobs whose first images wait for the next paint
        self._slider_job_id: str | None = None
        self._slider_item: ImageItem | None = None    # the image the direction sliders move
        self.slider_jobs_submitted = 0

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
        self.canvas.zoom_changed.connect(self._update_counts)
        self.canvas.context_menu_requested.connect(self._show_context_menu)

        self.toolbar = QToolBar(self)
        self.toolbar.setObjectName("CanvasToolbar")
        self.toolbar.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)

        def act(text: str, slot: Any, tip: str, checkable: bool = False) -> QAction:
            a = QAction(text, self)
            a.setToolTip(tip)
            a.setStatusTip(tip)
            a.setCheckable(checkable)
            (a.toggled if checkable else a.triggered).connect(slot)
            self.toolbar.addAction(a)
            return a

        self.fit_action = act(self.tr("Fit"), self.canvas.fit_all, self.tr("Show every image (key 0)"))
        self.actual_action = act(self.tr("100%"), self.canvas.actual_size, self.tr("Actual pixels (key 1)"))
        self.zoom_out_action = act(self.tr("−"), self.canvas.zoom_out,
                                   self.tr("Zoom out (key −, or Ctrl + mouse wheel)"))
        self.zoom_in_action = act(self.tr("+"), self.canvas.zoom_in,
                                  self.tr("Zoom in (key +, or Ctrl + mouse wheel)"))
        self.toolbar.addSeparator()
        self.grid_action = act(self.tr("Grid"), self.canvas.set_grid_visible,
                               self.tr("Frame every image slot; from 800 % also the pixel grid"), checkable=True)
        self.sort_action = act(self.tr("Sort by score"), self._sort_by_score,
                               self.tr("Put the best-scored images first (Best of N)"))
        self.toolbar.addSeparator()
        self.select_all_action = act(self.tr("Select all"), self.canvas.select_all,
                                     self.tr("Select every image on the canvas (Ctrl+A)"))
        self.clear_action = act(self.tr("Clear canvas"), self.clear_canvas,
                                self.tr("Remove every image from the canvas (saved files stay)"))
        self.count_label = QLabel(self)
        self.count_label.setObjectName("CanvasCountLabel")
        spacer = QWidget(self)
        spacer.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Preferred)
        self.toolbar.addWidget(spacer)
        self.toolbar.addWidget(self.count_label)

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

        # --- right: model, generate, explore, directions, save -------------------------------------------------
        right = side_column(self, [self._build_model_box(), self._build_generate_box(), self._build_explore_box(),
                                   self._build_directions_box(), self._build_files_box()])
        split_panel(self, left, right, [860, 340])        # extra width goes to the canvas

    def _build_model_box(self) -> QGroupBox:
        self.model_box = ModelBox(self.tr("No image model found"), self,
                                  folder_tip=self.tr("Use an image model folder (card.json + model.safetensors), "
                                                     "for example one you trained"))
        self.model_combo = self.model_box.combo
        self.model_folder_button = self.model_box.folder_button
        self.model_info = self.model_box.info
        self.model_message = self.model_box.message
        self.model_combo.currentIndexChanged.connect(self._on_model_changed)
        self.model_folder_button.clicked.connect(self.choose_model_folder)
        return self.model_box

    def _build_generate_box(self) -> QGroupBox:
        self.form = f = ParamForm(self)
        self.explore_form = ParamForm(self)
        self.table = FormTable("ImagePanel", FORM, _DEFAULTS)
        w = self.table.build(self, {"": self.form, "explore": self.explore_form})
        self.count_spin, self.truncation, self.best_of_spin = w["count"], w["truncation"], w["best_of"]
        self.strength, self.frames_spin, self.fps_spin = w["strength"], w["frames"], w["fps"]
        self.best_of_check = self.table.checks["best_of"]
        self.best_of_check.toggled.connect(self._update_buttons)
        self.seed_row = SeedRow(self)
        f.add_row("seed", self.tr("Seed"), self.seed_row,
                  self.tr("Random: a new seed every time. Fixed: the seed in the box (same settings + same seed "
                          "= same images). Reuse last: the seed of the last job. Last + 1: the next seed"))
        f.widgets["seed"] = self.seed_row.edit
        seed_row = f.form.takeRow(f.form.rowCount() - 1)          # the seed goes right after "Images"
        f.form.insertRow(1, seed_row.labelItem.widget(), seed_row.fieldItem.widget())
        self.form_message = MessageLabel(parent=self, name="form_message")

        self.generate_button = push_button(self, self.tr("Generate"),
                                           self.tr("Make a batch of images with these settings (Ctrl+Enter)"),
                                           self.generate)
        self.generate_button.setDefault(True)
        self.stop_button = push_button(self, self.tr("Stop"),
                                       self.tr("Stop after the current batch; the images so far stay (Esc)"), self.stop)
        self.regenerate_button = push_button(self, self.tr("Regenerate"),
                                             self.tr("Run the last job again — a new seed when the seed mode is "
                                                     "Random (Ctrl+R)"), self.regenerate)
        buttons = QHBoxLayout()
        buttons.setSpacing(6)
        for b in (self.generate_button, self.stop_button, self.regenerate_button):
            b.setMinimumWidth(56)
            buttons.addWidget(b)
        buttons.addStretch(1)

        box = QGroupBox(self.tr("Generate"), self)
        gl = QVBoxLayout(box)
        gl.addWidget(self.form)
        gl.addWidget(self.form_message)
        gl.addLayout(buttons)
        return box

    def _build_explore_box(self) -> QGroupBox:
        self.selection_label = muted_label(self)
        self.variations_button = push_button(self, self.tr("Variations"),
                                             self.tr("Images close to the selected one (as many as Images, with "
                                                     "the seed and the strength above)"), self.variations)
        self.interpolate_button = push_button(self, self.tr("Interpolate"),
                                              self.tr("A row of frames from the first picked image to the second"),
                                              self.interpolate)
        self.export_strip_button = push_button(self, self.tr("Export strip…"),
                                               self.tr("Save the selected images (or the interpolation they belong "
                                                       "to) as a sprite sheet PNG or an animated GIF or WebP"),
                                               self.choose_strip_export)
        row = QHBoxLayout()
        row.setSpacing(6)
        for b in (self.variations_button, self.interpolate_button, self.export_strip_button):
            row.addWidget(b)
        row.addStretch(1)
        self.explore_message = MessageLabel(parent=self, name="explore_message")
        box = QGroupBox(self.tr("Explore the selection"), self)
        el = QVBoxLayout(box)
        el.addWidget(self.selection_label)
        el.addWidget(self.explore_form)
        el.addLayout(row)
        el.addWidget(self.explore_message)
        return box

    def _build_directions_box(self) -> QGroupBox:
        self.direction_sliders = DirectionSliders(
            self, self.tr("Direction %1"), self.tr("Direction %1: drag to move the selected image along it (−3 to +3)"),
            self.tr("Reset sliders"), self.tr("Put every slider back to 0 and bring the image back"),
            SLIDER_INTERVAL_MS, leading=True)
        self.direction_sliders.moved.connect(self._on_sliders_moved)
        self.direction_sliders.changed.connect(self._submit_slider_job)
        self.direction_sliders.reset_requested.connect(self.reset_sliders)
        self.directions_hint = self.direction_sliders.hint
        self.reset_sliders_button = self.direction_sliders.reset_button
        self.directions_message = MessageLabel(parent=self, name="directions_message")
        box = QGroupBox(self.tr("Directions of variation"), self)
        box.setToolTip(self.tr("The main ways the model's images differ (principal components). Drag a slider to "
                               "move the selected image along one; it updates as you drag"))
        dl = QVBoxLayout(box)
        dl.addWidget(self.direction_sliders)
        dl.addWidget(self.directions_message)
        self.directions_box = box
        return box

    def _build_files_box(self) -> QGroupBox:
        self.save_button = push_button(self, self.tr("Save"),
                                       self.tr("Save the selected images — with none selected, those of the last "
                                               "job — as PNG files with their settings inside (Ctrl+S)"), self.save)
        self.export_button = push_button(self, self.tr("Export…"),
                                         self.tr("Write the selected images (with none selected: all of them) to "
                                                 "a folder you choose"), self.choose_export_folder)
        self.encode_button = push_button(self, self.tr("Encode an image…"),
                                         self.tr("Open an image file for a VAE model to encode: the canvas shows its "
                                                 "reconstruction and variations. You can also drop a file on the "
                                                 "canvas"), self.choose_image_file)
        self._errors = FormErrors(
            [self.form, self.explore_form], self.form_message,
            report={"model": self.model_message, "": self.form_message, "explore": self.explore_message,
                    "directions": self.directions_message},
            labels={"model": self.model_message, "latents": self.explore_message,
                    "directions": self.directions_message, "source": self.error_message},
            focus={"model": self.model_combo}, status=self.status_message.emit,
            hints={"model": lambda: "" if self.model_combo.count() else self.tr(
                "No image model is installed yet: use “Open model folder…” to choose one.")})
        box = QGroupBox(self.tr("Files"), self)
        fl = QHBoxLayout(box)
        fl.setSpacing(6)
        fl.addWidget(self.save_button)
        fl.addWidget(self.export_button)
        fl.addWidget(self.encode_button)
        fl.addStretch(1)
        return box

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
        self._update_buttons()

    def _vae_models(self) -> list[str]:
        return [str(self.model_combo.itemData(i)) for i in range(self.model_combo.count())
                if self.architecture(str(self.model_combo.itemData(i))) == "image_vae"]

    # ============================================================================================== form ========
    def _read_form(self, mode: str, seed: int | None = None, **fields: Any) -> tuple[ImageSpec, dict]:
        """The spec the form describes for ``mode`` (extra fields given) and the problems per control."""
        errors: dict[str, list[str]] = {}
        if seed is None:
            seed, msg = self.seed_row.seed_for_run()
            if msg:
                errors["seed"] = [msg]
        # A control that does not apply to this mode (or model) takes no part: its value cannot block the job.
        d = _DEFAULTS
        values: dict[str, Any] = dict(
            model=self.current_model(), mode=mode, count=self.count_spin.value(),
            seed=seed if seed is not None else 0,
            truncation=self.truncation.value(),
            strength=self.strength.value() if mode in ("variations", "encode") else d.strength,
            frames=self.frames_spin.value() if mode == "interpolate" else d.frames,
            best_of=self.best_of_spin.value() if mode == "best_of" else d.best_of)
        values.update(fields)
        spec = ImageSpec(**values)
        return spec, merge_problems(errors, _problems(spec))

    def _show_form_errors(self, errors: dict[str, list[str]]) -> None:
        self._errors.show(errors)

    def form_errors(self) -> dict[str, str]:
        """The messages shown next to the controls now (for tests and diagnostics)."""
        return self._errors.shown()

    def form_spec(self) -> ImageSpec | None:
        """The spec Generate would submit now with a Fixed/Reuse seed (None when the form is invalid)."""
        spec, errors = self._read_form(self._generate_mode())
        return None if errors else spec

    def _generate_mode(self) -> str:
        return "best_of" if self.best_of_check.isChecked() and self.best_of_check.isEnabled() else "sample"

    # ============================================================================================== jobs ========
    def _busy_text(self) -> str:
        return self.tr("An image job is already running: stop it or wait for it.")

    @Slot()
    def generate(self) -> str | None:
        """Submit the form as a batch (Best of N when ticked); the job id, or None when it was refused."""
        if self._refuse_if_busy():
            return None
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
        if self._refuse_if_busy():
            return None
        return self._submit(replace(self._job_spec, seed=self.seed_row.next_seed(self._job_spec.seed)))

    @Slot()
    def variations(self) -> str | None:
        """Variations of the one selected image (as many as Images, the seed mode's seed, the strength)."""
        if self._refuse_if_busy():
            return None
        picked = self._explore_items(1)
        if picked is None:
            return None
        (item,) = picked
        base = item_spec(item)
        spec, errors = self._read_form("variations", model=base.model, truncation=base.truncation,
                                       directions=base.directions, latents=(tuple(item.latent),))
        self._show_form_errors(errors)
        if errors:
            return None
        return self._submit(spec)

    @Slot()
    def interpolate(self) -> str | None:
        """Frames from the first picked image to the second, in one row."""
        if self._refuse_if_busy():
            return None
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
                                       latents=(tuple(a.latent), tuple(b.latent)))
        self._show_form_errors(errors)
        if errors:
            return None
        return self._submit(spec)

    def _explore_items(self, n: int) -> list[CanvasImage] | None:
        """The ``n`` selected images (in the order picked) that latent tools can start from, or None with the
        reason shown under the Explore buttons."""
        picked = self.canvas.selection_order()
        msg = ""
        if len(picked) != n:
            msg = (self.tr("Select one image (click it) to make variations of it.") if n == 1 else
                   self.tr("Select two images (click one, Ctrl+click the other) to interpolate between them."))
        elif any(it.latent is None or not it.spec for it in picked):
            msg = self.tr("Wait until the selected images are finished: their settings arrive with the end of "
                          "the job.")
        elif len({str(it.spec.get("model")) for it in picked}) > 1:
            msg = self.tr("The two images come from different models: pick two made by the same model.")
        if msg:
            self._show_form_errors({})
            self.explore_message.show_message(msg)
            self.status_message.emit(msg)
            return None
        return picked

    def _section_title(self, spec: ImageSpec) -> str:
        model = Path(spec.model).name if ("/" in spec.model or "\\" in spec.model) else spec.model
        if spec.mode == "best_of":
            text = self.tr("%1 · best %2 of %3 · seed %4").replace("%2", str(spec.count)).replace(
                "%3", str(spec.best_of)).replace("%4", str(spec.seed))
        elif spec.mode == "variations":
            text = self.tr("%1 · variations · strength %2 · seed %3").replace("%2", f"{spec.strength:g}").replace(
                "%3", str(spec.seed))
        elif spec.mode == "interpolate":
            text = self.tr("%1 · interpolation · %2 frames").replace("%2", str(spec.frames))
        elif spec.mode == "encode":
            text = self.tr("%1 · encoded %2: reconstruction and variations").replace("%2", Path(spec.source).name)
        elif spec.mode == "latent":
            text = self.tr("%1 · from saved settings")
        else:
            text = self.tr("%1 · seed %2 · %3 images").replace("%2", str(spec.seed)).replace("%3", str(spec.count))
        return text.replace("%1", model)

    def _submit(self, spec: ImageSpec) -> str | None:
        """Submit a batch job and give it a section on the canvas."""
        try:
            job_id = str(self.engine.submit(spec))
        except InvalidParameters:
            self._show_form_errors(_problems(spec) or {"": [self.tr("These settings cannot be used.")]})
            return None
        except UserError as exc:
            self._show_error(str(exc))
            return None
        count = spec.frames if spec.mode == "interpolate" else spec.count
        title = self._section_title(spec)
        section = self.canvas.add_section(title, count, job_id=job_id, mode=spec.mode,
                                          scored=spec.mode == "best_of",
                                          columns=count if spec.mode == "interpolate" else None)
        self._jobs[job_id] = _Job(spec, "batch", section, title=title)
        self._job_id = job_id
        self._job_state = "queued"
        self._job_spec = spec
        self._last_section = section
        self._clear_pending()
        self.seed_row.used(spec.seed)
        self.notice.clear_message()
        self.error_message.clear_message()
        self._show_form_errors({})
        self.progress.setRange(0, count)
        self.progress.setValue(0)
        self.progress.show()
        self.stats_label.setText(self.tr("Queued: waiting for the engine…"))
        self.status_message.emit(self.tr("Generating %1 images with %2 (seed %3)…").replace("%1", str(count))
                                 .replace("%2", spec.model).replace("%3", str(spec.seed)))
        self.save_settings()
        self._update_counts()
        self._update_buttons()
        return job_id

    @Slot()
    def stop(self) -> None:
        """Cancel the running job (it stops after the current batch; the images so far stay) and any slider
        preview."""
        self._cancel_slider_job()
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
            self._slider_job_finished(job_id, job, state, result, info)
            return
        section = job.section
        items = _result_items(result)
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
            return
        self._finished_state(info)
        self._flush_timer.stop()
        self.progress.hide()
        if state == "failed":
            self._failed(info)
        else:
            self.stats_label.setText(self._stats_text(job, result, state, info))
            if state == "cancelled":
                self.status_message.emit(self._stopped_text(info))
            else:
                self.status_message.emit(self.tr("Done: select images and press Ctrl+S to save them."))
        self._on_selection_changed()
        self._update_counts()
        self._update_buttons()

    def _stats_text(self, job: _Job, result: Any, state: str, info: Any) -> str:
        data = getattr(result, "data", None) or {}
        n = len(job.section.items) if job.section is not None else 0
        parts = [self.tr("%1 images").replace("%1", str(n))]
        started, finished = getattr(info, "started", None), getattr(info, "finished", None)
        if isinstance(started, (int, float)) and isinstance(finished, (int, float)) and finished >= started:
            parts.append(self.tr("%1 s").replace("%1", f"{finished - started:.1f}"))
        if job.spec.mode in ("sample", "best_of", "variations", "encode"):
            parts.append(self.tr("seed %1").replace("%1", str(job.spec.seed)))
        device = data.get("device") or getattr(info, "device", "") or self._device_name
        if device:
            parts.append(self.tr("device: %1").replace("%1", str(device)))
        if state == "cancelled":
            parts.append(self.tr("stopped by you"))
        return " · ".join(parts)

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
        self._set_slider_target(selected[0] if n == 1 else None)
        self._update_counts()
        self._update_buttons()

    def _update_counts(self, *_: Any) -> None:
        total = self.canvas.image_count()
        sel = len(self.canvas.selected_images()) if total else 0
        parts = [self.tr("%1 images").replace("%1", str(total))]
        if sel:
            parts.append(self.tr("%1 selected").replace("%1", str(sel)))
        parts.append(f"{self.canvas.zoom() * 100:.0f} %")
        self.count_label.setText(" · ".join(parts))

    def _update_buttons(self, *_: Any) -> None:
        busy = self.is_busy()
        gan = self.architecture() == "gan"
        known = bool(self.architecture())
        self.generate_button.setEnabled(not busy)
        self.stop_button.setEnabled(busy)
        self.regenerate_button.setEnabled(not busy and self._job_spec is not None)
        self.truncation.setEnabled(True)          # GAN: towards the average w; VAE: new samples' noise
        self.best_of_check.setEnabled(gan or not known)
        self.best_of_spin.setEnabled((gan or not known) and self.best_of_check.isChecked())
        order = self.canvas.selection_order()
        ready = [it for it in order if it.latent is not None and it.spec]
        self.variations_button.setEnabled(not busy and len(order) == 1 and len(ready) == 1)
        self.interpolate_button.setEnabled(not busy and len(order) == 2 and len(ready) == 2)
        self.export_strip_button.setEnabled(bool(self._strip_items()))
        has_images = self.canvas.image_count() > 0
        self.save_button.setEnabled(has_images)
        self.export_button.setEnabled(has_images)
        self.encode_button.setEnabled(not busy)
        self.sort_action.setEnabled(any(it.score is not None for it in self.canvas.images()))
        self.clear_action.setEnabled(has_images)
        self.select_all_action.setEnabled(has_images)

    @Slot()
    def _sort_by_score(self) -> None:
        selected = self.canvas.selected_images()
        sections = {it.section for it in selected}
        if len(sections) == 1:
            self.canvas.sort_by_score(next(iter(sections)))
        else:
            self.canvas.sort_by_score()

    @Slot()
    def clear_canvas(self) -> None:
        """Remove every image from the canvas (a running job goes on in a new section)."""
        self._cancel_slider_job()
        self._slider_item = None
        self.canvas.clear()
        self._last_section = None
        self.status_message.emit(self.tr("Canvas cleared. Saved files are not touched."))
        self._on_selection_changed()

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
        for action in (self.select_all_action, self.sort_action, self.clear_action):
            menu.addAction(action)
        menu.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        menu.popup(pos)

    # ========================================================================================== sliders ========
    def _set_slider_target(self, view: CanvasImage | None) -> None:
        """Sliders follow the one selected, finished image: its model decides how many there are."""
        item = view.data if view is not None else None
        if item is not self._slider_item:
            self.direction_sliders.flush()         # the last move of the previous image still counts
            self.direction_sliders.cancel_pending()
            self._slider_item = item
        ready = item is not None and item.ready
        n = self.directions_of(item.model if ready and item is not None else self.current_model())
        self.direction_sliders.set_count(n)
        self.direction_sliders.set_amounts(item.slider_amounts() if ready and item is not None else ())
        if not self.sliders:
            hint = self.tr("This model has no directions to explore.") if (ready or self.current_model()) else ""
        elif not ready:
            hint = self.tr("Select one finished image to move it along the model's main directions.")
        else:
            hint = self.tr("Drag a slider: the selected image changes as you drag.")
        self.direction_sliders.set_usable(ready and n > 0, hint)

    @property
    def sliders(self) -> list:
        return self.direction_sliders.sliders

    def slider_amounts(self) -> list[float]:
        return list(self.direction_sliders.amounts())

    def set_slider(self, k: int, value: float) -> None:
        """Move direction slider ``k`` (0-based) as a drag would."""
        self.direction_sliders.set_slider(k, value)

    @Slot(tuple)
    def _on_sliders_moved(self, amounts: tuple) -> None:
        item = self._slider_item
        if item is not None and item.ready:
            item.remember_original()
            item.amounts = list(amounts)

    def _cancel_slider_job(self) -> None:
        old, self._slider_job_id = self._slider_job_id, None
        if old is not None:
            self._jobs.pop(old, None)
            self._pending.pop(old, None)
            self.engine.cancel(old)

    @Slot()
    def _submit_slider_job(self, *_: Any) -> str | None:
        """One small job for the selected image at the sliders' amounts; the previous one is cancelled."""
        item = self._slider_item
        if item is None or not self.session.contains(item) or not item.ready:
            return None
        orig = item.remember_original()
        amounts = [float(a) for a in (item.amounts or [])]
        self._cancel_slider_job()
        self.directions_message.clear_message()
        if not any(amounts) and not any(orig.amounts):     # back where it started: no job needed
            self.session.restore_original(item)
            return None
        while amounts and amounts[-1] == 0.0:
            amounts.pop()
        spec = replace(spec_from_dict({"kind": "image", **orig.spec}), mode="latent", count=1,
                       latents=(orig.base_latent,), directions=tuple(amounts), source="")
        try:
            job_id = str(self.engine.submit(spec))
        except UserError as exc:
            self.directions_message.show_message(str(exc))
            return None
        self._jobs[job_id] = _Job(spec, "slider", item.section, item)
        self._slider_job_id = job_id
        self.slider_jobs_submitted += 1
        return job_id

    def _slider_job_finished(self, job_id: str, job: _Job, state: str, result: Any, info: Any) -> None:
        if job_id != self._slider_job_id:
            return                                  # replaced by a newer drag
        self._slider_job_id = None
        item = job.item
        if item is None or not self.session.contains(item):
            return
        if state == "failed":
            self.directions_message.show_message(str(getattr(info, "message", "") or self.tr("The job failed.")))
            return
        items = _result_items(result)
        if state == "done" and items:
            d = items[0]
            self.session.set_info(item, d.get("spec") or spec_to_dict(job.spec), d.get("latent"), d.get("score"),
                                  d.get("label", ""), keep_edit=True)
            view = self.canvas.item_of(item)
            if view is not None and view.isSelected():
                self._on_selection_changed()

    @Slot()
    def reset_sliders(self) -> None:
        """Every slider back to 0; the selected image comes back as it was before the sliders moved it."""
        item = self._slider_item
        self.direction_sliders.cancel_pending()
        self.direction_sliders.set_amounts(())
        if item is None or not item.ready:
            return
        orig = item.remember_original()
        item.amounts = []
        if not any(orig.amounts):
            self._cancel_slider_job()
            self.session.restore_original(item)
            item.amounts = []
        else:
            self._submit_slider_job()
        self._on_selection_changed()

    # ====================================================================================== files: open ========
    @Slot(list)
    def _on_files_dropped(self, paths: list) -> None:
        if len(paths) > 1:
            self.status_message.emit(self.tr("Several files were dropped: only the first one is used."))
        self.open_file(str(paths[0]))

    @Slot()
    def choose_image_file(self) -> None:
        patterns = glob_patterns(IMAGE_EXTENSIONS)
        path, _ = QFileDialog.getOpenFileName(self, self.tr("Encode an image"), "",
                                              self.tr("Images (%1);;All files (*)").replace("%1", patterns))
        if path:
            self.open_file(path)

    def open_file(self, path: str) -> bool:
        """A file dropped on the canvas or opened by the window. A studio PNG restores its settings and makes
        the image again; any other image file is encoded by a VAE model. True when a job was started."""
        p = Path(path)
        if not p.is_file():
            self._show_error(self.tr("%1 is not a file.").replace("%1", str(p)))
            return False
        if self._refuse_if_busy():
            self._show_error(self.tr("An image job is already running: stop it or wait for it, then drop the "
                                     "file again."))
            return False
        spec = self._saved_spec(p)
        if spec is not None:
            if getattr(spec, "kind", "") != "image":
                self._show_error(self.tr("%1 holds the settings of a %2 job: open it with File › Open asset.")
                                 .replace("%1", p.name).replace("%2", str(getattr(spec, "kind", "?"))))
                return False
            return self.restore_spec(spec) is not None
        return self.encode_file(str(p)) is not None

    @staticmethod
    def _saved_spec(p: Path) -> Any:
        """The settings saved in or next to a studio asset, or None for any other file."""
        if p.suffix.lower() not in (".png", ".json") and not p.with_name(p.name + ".json").is_file():
            return None
        try:
            from aigc_studio.core.assets import load_spec
            return load_spec(p)
        except Exception:  # noqa: BLE001 — not one of ours: an ordinary image
            return None

    def encode_file(self, path: str) -> str | None:
        """Encode an image file with a VAE model (switching to one when a GAN is selected, and saying so)."""
        if self._refuse_if_busy():
            return None
        if self.architecture() != "image_vae":
            vaes = self._vae_models()
            if not vaes:
                self._show_error(self.tr("Encoding an image needs a VAE image model, and none is installed. "
                                         "Use “Open model folder…” to add one."))
                return None
            self._select_model(vaes[0])
            switched = self.tr("Switched to %1: only a VAE model can encode an image.").replace(
                "%1", self.model_combo.currentText())
        else:
            switched = ""
        spec, errors = self._read_form("encode", source=str(path))
        self._show_form_errors(errors)
        job_id = None if errors else self._submit(spec)
        if switched:
            self.notice.show_message(switched)
            self.status_message.emit(switched)
        return job_id

    # ======================================================================================== files: save ========
    def _items_to_save(self) -> list[CanvasImage]:
        chosen = self.canvas.selected_images()
        if not chosen and self._last_section is not None and self._last_section in self.canvas.sections:
            chosen = self._last_section.ordered()
        return chosen

    @Slot()
    def save(self) -> str | None:
        """Save the selected images (none selected: those of the last job) as PNGs with their settings inside;
        ``asset_saved`` is emitted for each file. Returns the last path saved (None when nothing was saved).
        An image saved before is not saved twice. A failure is shown; the images stay on the canvas."""
        chosen = self._items_to_save()
        ready = [it for it in chosen if it.spec]
        if not chosen:
            self.status_message.emit(self.tr("Nothing to save yet: generate images, then select some."))
            return None
        if not ready:
            self.status_message.emit(self.tr("Wait until the job has finished: the settings that make each image "
                                             "arrive at its end."))
            return None
        try:
            store = self.store_getter()
            paths = []
            for it in ready:
                if it.saved_path is None:
                    extra = {k: v for k, v in (("score", it.score), ("label", it.label or None),
                                               ("latent", it.latent), ("device", self._device_name or None))
                             if v is not None}
                    it.data.saved_path = str(store.save_image(it.rgba, item_spec(it), extra))
                    self.asset_saved.emit(it.saved_path)
                paths.append(it.saved_path)
        except Exception as exc:  # noqa: BLE001 — any failure is shown; the images stay here
            log.warning("saving images failed: %s", exc)
            self._show_error(self.tr("Not saved: %1 The images are still here; try again.").replace(
                "%1", user_message(exc)))
            return None
        self.error_message.clear_message()
        skipped = len(chosen) - len(ready)
        msg = (self.tr("Saved %1").replace("%1", paths[0]) if len(paths) == 1 else
               self.tr("Saved %1 images in %2").replace("%1", str(len(paths))).replace(
                   "%2", str(Path(paths[-1]).parent)))
        if skipped:
            msg += " " + self.tr("(%1 still being made were left out.)").replace("%1", str(skipped))
        self.status_message.emit(msg)
        return paths[-1]

    @Slot()
    def choose_export_folder(self) -> None:
        folder = QFileDialog.getExistingDirectory(self, self.tr("Export images to folder"))
        if folder:
            self.export_to_folder(folder)

    def export_to_folder(self, folder: str, stem: str | None = None) -> list[str]:
        """Write the selected images (none selected: every image) to ``folder`` with their settings inside."""
        chosen = [it for it in (self.canvas.selected_images() or self.canvas.images()) if it.spec]
        if not chosen:
            self.status_message.emit(self.tr("Nothing to export yet."))
            return []
        stem = stem or self._export_stem(chosen)
        try:
            from aigc_studio.core.assets.images import export_images
            paths = [str(p) for p in export_images([it.rgba for it in chosen], folder, stem,
                                                   [item_spec(it) for it in chosen])]
        except Exception as exc:  # noqa: BLE001
            self._show_error(self.tr("Not exported: %1").replace("%1", user_message(exc)))
            return []
        self.error_message.clear_message()
        self.status_message.emit(self.tr("Exported %1 images to %2").replace("%1", str(len(paths)))
                                 .replace("%2", str(folder)))
        return paths

    @staticmethod
    def _export_stem(items: list[CanvasImage]) -> str:
        from aigc_studio.core.assets import model_slug
        return model_slug(str((items[0].spec or {}).get("model", "image")))

    def _strip_items(self) -> list[CanvasImage]:
        """What "Export strip" writes: two or more selected images; or the interpolation the one selected image
        belongs to; or, with nothing selected, the last interpolation."""
        selected = self.canvas.selected_images()
        if len(selected) >= 2:
            return selected
        if len(selected) == 1:
            return selected[0].section.ordered() if selected[0].section.mode == "interpolate" else []
        for s in reversed(self.canvas.sections):
            if s.mode == "interpolate" and s.items:
                return s.ordered()
        return []

    @Slot()
    def choose_strip_export(self) -> None:
        filters = {self.tr("Sprite sheet (*.png)"): ".png", self.tr("Animated GIF (*.gif)"): ".gif",
                   self.tr("Animated WebP (*.webp)"): ".webp"}
        path, chosen = QFileDialog.getSaveFileName(self, self.tr("Export strip"), "strip.png", ";;".join(filters))
        if path:
            if Path(path).suffix.lower() not in (".png", ".gif", ".webp"):
                path += filters.get(chosen, ".png")
            self.export_strip(path)

    def export_strip(self, path: str) -> str | None:
        """Write the strip as a sprite sheet (``.png``, one row) or an animation (``.gif``/``.webp``)."""
        items = self._strip_items()
        if len(items) < 2:
            self.status_message.emit(self.tr("Select two or more images, or an interpolation, to export a strip."))
            return None
        images = [it.rgba for it in items]
        suffix = Path(path).suffix.lower()
        try:
            from aigc_studio.core.assets import images as image_files
            if suffix in (".gif", ".webp"):
                out = image_files.save_animation(images, path, fmt=suffix[1:], fps=self.fps_spin.value(), loop=True)
            else:
                out = image_files.save_sprite_sheet(images, path, columns=len(images))
        except Exception as exc:  # noqa: BLE001
            self._show_error(self.tr("Not exported: %1").replace("%1", user_message(exc)))
            return None
        out = str(out or path)
        self.error_message.clear_message()
        self.status_message.emit(self.tr("Exported %1 frames to %2").replace("%1", str(len(images)))
                                 .replace("%2", out))
        return out

    # ========================================================================================= restoring ========
    def restore_spec(self, spec: Any) -> str | None:
        """Fill the form from ``spec`` (model, count, seed as Fixed, truncation, strength, frames, Best of N) and
        run it again, so the very image (or batch) reappears on the canvas. Returns the job id."""
        if getattr(spec, "kind", "image") != "image":
            raise UserError(self.tr("This is not an image job's settings."))
        self._select_model(str(spec.model))
        self.table.fill(spec)
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
            self.grid_action.setChecked(p["grid"])
        self.seed_row.apply_params(p, default_mode)
