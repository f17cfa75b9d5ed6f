"""The Image panel's settings column (its right-hand side, but the direction sliders) and the spec it describes.

``ImageControls(panel)`` builds the boxes of the column, top to bottom (``boxes``); their buttons call the panel's
slots:

* the **model** picker (``widgets.model_box.ModelBox``, each model with its architecture);
* **Generate**: the form of a batch (:data:`FORM`: images, truncation, Best of N), the seed row, and Generate, Stop
  and Regenerate;
* **Explore the selection**: what is selected, strength, frames and the animation's speed, and Variations,
  Interpolate and Export strip…;
* the **direction sliders** (``directions``, an ``image_directions.ImageDirections``);
* **Files**: Save, Export… and Encode an image….

:meth:`ImageControls.read` turns the form into an ``ImageSpec`` and the problems per control — the spec's own
``problems()`` decide what is valid (``panels.common.spec_problems``); ``errors`` (a ``FormErrors``) shows each one
under the control that causes it. The words are the Image panel's (translation context "ImagePanel").
"""
from __future__ import annotations

from typing import Any

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication
from PySide6.QtWidgets import QComboBox, QGroupBox, QHBoxLayout, QPushButton, QVBoxLayout

from aigc_studio.core.base.categories import ANY as CATEGORY_ANY
from aigc_studio.core.base.categories import category_keys
from aigc_studio.core.base.specs import ImageSpec
from aigc_studio.ui.panels.common import merge_problems, push_button, spec_problems
from aigc_studio.ui.panels.image_directions import ImageDirections
from aigc_studio.ui.widgets.model_box import ModelBox, muted_label
from aigc_studio.ui.widgets.param_form import FormErrors, FormTable, MessageLabel, Param, ParamForm
from aigc_studio.ui.widgets.seed_row import SeedRow

DEFAULTS = ImageSpec()

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


# The Category choice of class-conditional models (their card's ``categories``; core/base/categories.py): the
# Unicode emoji groups by key. A model with other categories shows their names as its card gives them.
CATEGORY_NAMES = {
    "smileys": QT_TRANSLATE_NOOP("ImagePanel", "Smileys & Emotion"),
    "people": QT_TRANSLATE_NOOP("ImagePanel", "People & Body"),
    "animals": QT_TRANSLATE_NOOP("ImagePanel", "Animals & Nature"),
    "food": QT_TRANSLATE_NOOP("ImagePanel", "Food & Drink"),
    "travel": QT_TRANSLATE_NOOP("ImagePanel", "Travel & Places"),
    "activities": QT_TRANSLATE_NOOP("ImagePanel", "Activities"),
    "objects": QT_TRANSLATE_NOOP("ImagePanel", "Objects"),
    "symbols": QT_TRANSLATE_NOOP("ImagePanel", "Symbols"),
    "flags": QT_TRANSLATE_NOOP("ImagePanel", "Flags"),
}


def _row(buttons: list[QPushButton], min_width: int = 0) -> QHBoxLayout:
    row = QHBoxLayout()
    row.setSpacing(6)
    for b in buttons:
        if min_width:
            b.setMinimumWidth(min_width)
        row.addWidget(b)
    row.addStretch(1)
    return row


class ImageControls:
    """The settings column of ``panel`` (an ``ImagePanel`` whose ``error_message`` exists)."""

    def __init__(self, panel: Any):
        self.panel = panel
        self._build_model_box()          # made in the order of the column: that is the order of the Tab key
        self._build_generate_box()
        self._build_explore_box()
        self.directions = ImageDirections(panel)
        self._build_files_box()
        self.errors = FormErrors(
            [self.form, self.explore_form], self.form_message,
            report={"model": self.model_box.message, "": self.form_message, "explore": self.explore_message,
                    "directions": self.directions.message},
            labels={"model": self.model_box.message, "latents": self.explore_message,
                    "directions": self.directions.message, "source": panel.error_message},
            focus={"model": self.model_box.combo}, status=panel.status_message.emit,
            hints={"model": lambda: "" if self.model_box.combo.count() else QCoreApplication.translate(
                "ImagePanel", "No image model is installed yet: use “Open model folder…” to choose one.")})

    def _build_model_box(self) -> None:
        panel = self.panel
        self.model_box = ModelBox(QCoreApplication.translate("ImagePanel", "No image model found"), panel,
                                  folder_tip=QCoreApplication.translate(
                                      "ImagePanel", "Use an image model folder (card.json + model.safetensors), for "
                                                    "example one you trained"))
        self.model_box.combo.currentIndexChanged.connect(panel._on_model_changed)
        self.model_box.folder_button.clicked.connect(panel.choose_model_folder)

    def _build_generate_box(self) -> None:
        panel = self.panel
        self.form = f = ParamForm(panel)
        self.explore_form = ParamForm(panel)
        self.table = FormTable("ImagePanel", FORM, DEFAULTS)
        self.widgets = self.table.build(panel, {"": self.form, "explore": self.explore_form})
        self.best_of_check = self.table.checks["best_of"]
        self.best_of_check.toggled.connect(panel._update_buttons)
        self.seed_row = SeedRow(panel)
        f.add_row("seed", QCoreApplication.translate("ImagePanel", "Seed"), self.seed_row,
                  QCoreApplication.translate("ImagePanel", "Random: a new seed every time. Fixed: the seed in the box "
                                                           "(same settings + same seed = same images). Reuse last: "
                                                           "the seed of the last job. Last + 1: the next seed"))
        f.widgets["seed"] = self.seed_row.edit
        seed_row = f.form.takeRow(f.form.rowCount() - 1)          # the seed goes right after "Images"
        f.form.insertRow(1, seed_row.labelItem.widget(), seed_row.fieldItem.widget())
        self.category_combo = QComboBox(panel)
        self.category_combo.setObjectName("category_combo")
        f.add_row("category", QCoreApplication.translate("ImagePanel", "Category"), self.category_combo,
                  QCoreApplication.translate("ImagePanel", "Models drawn by category: the kind of emoji to draw. "
                                                           "Any: each seed picks its own"))
        self.set_categories([])
        self.form_message = MessageLabel(parent=panel, name="form_message")

        self.generate_button = push_button(
            panel, QCoreApplication.translate("ImagePanel", "Generate"),
            QCoreApplication.translate("ImagePanel", "Make a batch of images with these settings (Ctrl+Enter)"),
            panel.generate)
        self.generate_button.setDefault(True)
        self.stop_button = push_button(
            panel, QCoreApplication.translate("ImagePanel", "Stop"),
            QCoreApplication.translate("ImagePanel", "Stop after the current batch; the images so far stay (Esc)"),
            panel.stop)
        self.regenerate_button = push_button(
            panel, QCoreApplication.translate("ImagePanel", "Regenerate"),
            QCoreApplication.translate("ImagePanel", "Run the last job again — a new seed when the seed mode is "
                                                     "Random (Ctrl+R)"), panel.regenerate)
        self.generate_box = box = QGroupBox(QCoreApplication.translate("ImagePanel", "Generate"), panel)
        gl = QVBoxLayout(box)
        gl.addWidget(self.form)
        gl.addWidget(self.form_message)
        gl.addLayout(_row([self.generate_button, self.stop_button, self.regenerate_button], 56))

    def _build_explore_box(self) -> None:
        panel = self.panel
        self.selection_label = muted_label(panel)
        self.variations_button = push_button(
            panel, QCoreApplication.translate("ImagePanel", "Variations"),
            QCoreApplication.translate("ImagePanel", "Images close to the selected one (as many as Images, with the "
                                                     "seed and the strength above)"), panel.variations)
        self.interpolate_button = push_button(
            panel, QCoreApplication.translate("ImagePanel", "Interpolate"),
            QCoreApplication.translate("ImagePanel", "A row of frames from the first picked image to the second"),
            panel.interpolate)
        self.export_strip_button = push_button(
            panel, QCoreApplication.translate("ImagePanel", "Export strip…"),
            QCoreApplication.translate("ImagePanel", "Save the selected images (or the interpolation they belong to) "
                                                     "as a sprite sheet PNG or an animated GIF or WebP"),
            panel.choose_strip_export)
        self.explore_message = MessageLabel(parent=panel, name="explore_message")
        self.explore_box = box = QGroupBox(QCoreApplication.translate("ImagePanel", "Explore the selection"), panel)
        el = QVBoxLayout(box)
        el.addWidget(self.selection_label)
        el.addWidget(self.explore_form)
        el.addLayout(_row([self.variations_button, self.interpolate_button, self.export_strip_button]))
        el.addWidget(self.explore_message)

    def _build_files_box(self) -> None:
        panel = self.panel
        self.save_button = push_button(
            panel, QCoreApplication.translate("ImagePanel", "Save"),
            QCoreApplication.translate("ImagePanel", "Save the selected images — with none selected, those of the "
                                                     "last job — as PNG files with their settings inside (Ctrl+S)"),
            panel.save)
        self.export_button = push_button(
            panel, QCoreApplication.translate("ImagePanel", "Export…"),
            QCoreApplication.translate("ImagePanel", "Write the selected images (with none selected: all of them) to "
                                                     "a folder you choose"), panel.choose_export_folder)
        self.encode_button = push_button(
            panel, QCoreApplication.translate("ImagePanel", "Encode an image…"),
            QCoreApplication.translate("ImagePanel", "Open an image file for a VAE model to encode: the canvas shows "
                                                     "its reconstruction and variations. You can also drop a file on "
                                                     "the canvas"), panel.choose_image_file)
        self.files_box = QGroupBox(QCoreApplication.translate("ImagePanel", "Files"), panel)
        self.files_box.setLayout(_row([self.save_button, self.export_button, self.encode_button]))

    def set_categories(self, names: Any) -> None:
        """Offer the categories of the chosen model (its card's ``categories``; none: the row is hidden and
        every job asks for "any"). The choice is kept when the new model has the same category."""
        combo = self.category_combo
        keep = combo.currentData()
        names = [str(n) for n in names] if isinstance(names, list) else []
        combo.blockSignals(True)
        combo.clear()
        combo.addItem(QCoreApplication.translate("ImagePanel", "Any"), CATEGORY_ANY)
        for key, name in zip(category_keys(names), names):
            label = CATEGORY_NAMES.get(key)
            combo.addItem(QCoreApplication.translate("ImagePanel", label) if label else name, key)
        i = combo.findData(keep) if keep else -1
        combo.setCurrentIndex(max(0, i))
        combo.blockSignals(False)
        self.form.form.setRowVisible(combo.parentWidget(), bool(names))

    def has_categories(self) -> bool:
        return self.category_combo.count() > 1

    def set_category(self, category: str) -> None:
        """Choose ``category`` (a key; one the model lacks: Any)."""
        i = self.category_combo.findData(str(category).strip().lower())
        self.category_combo.setCurrentIndex(max(0, i))

    def category(self) -> str:
        """The chosen category key; "any" for models without categories."""
        return str(self.category_combo.currentData() or CATEGORY_ANY) if self.has_categories() else CATEGORY_ANY

    @property
    def boxes(self) -> list[QGroupBox]:
        """The boxes of the column, top to bottom: Save, Export and Encode right under Generate (reachable
        without scrolling on a 1600×1000 screen), the sliders last."""
        return [self.model_box, self.generate_box, self.files_box, self.explore_box, self.directions.box]

    def generate_mode(self) -> str:
        """"best_of" when "Keep the best of" is ticked (and applies to the model), else "sample"."""
        return "best_of" if self.best_of_check.isChecked() and self.best_of_check.isEnabled() else "sample"

    def read(self, mode: str, seed: int | None = None, **fields: Any) -> tuple[ImageSpec, dict[str, list[str]]]:
        """The spec the form describes for ``mode`` (``fields`` set as given; ``seed`` None: the seed row's) and the
        problems per control."""
        errors: dict[str, list[str]] = {}
        if seed is None:
            seed, msg = self.seed_row.seed_for_run()
            if msg:
                errors["seed"] = [msg]
        # A control that does not apply to this mode (or model) takes no part: its value cannot block the job.
        w, d = self.widgets, DEFAULTS
        values: dict[str, Any] = dict(
            model=self.model_box.current(), mode=mode, count=w["count"].value(),
            seed=seed if seed is not None else 0,
            truncation=w["truncation"].value(),
            strength=w["strength"].value() if mode in ("variations", "encode") else d.strength,
            frames=w["frames"].value() if mode == "interpolate" else d.frames,
            best_of=w["best_of"].value() if mode == "best_of" else d.best_of,
            category=self.category())
        values.update(fields)
        spec = ImageSpec(**values)
        return spec, merge_problems(errors, spec_problems(spec))
