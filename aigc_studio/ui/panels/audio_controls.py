"""The Audio panel's settings column (its right-hand side) and the spec it describes.

``AudioControls(parent, ...)`` builds the boxes of the column, one under the other (``boxes``):

* the **model** picker (``widgets.model_box.ModelBox``, each model with its sample rate);
* **New sounds**: the form of a Generate job (:data:`FORM`: sounds, length, temperature) and the seed row;
* **From the selected sounds**: strength and morph steps, the Variations and Morph buttons, "Encode a file…".

The panel lays them out with ``panels.common.side_column``, its direction sliders' box under them.

:meth:`AudioControls.read` turns the form into an ``AudioSpec`` and the problems per control — the spec's own
``problems()`` decide what is valid (``panels.common.spec_problems``); :meth:`AudioControls.show_errors` shows each
one under the control that causes it. The form saves and restores itself as plain data for
``settings.last_params["audio"]`` (:meth:`params`, :meth:`restore`). The words are the Audio panel's (translation
context "AudioPanel").
"""
from __future__ import annotations

from typing import Any, Callable

from PySide6.QtCore import QCoreApplication, QT_TRANSLATE_NOOP, Qt
from PySide6.QtWidgets import QGroupBox, QHBoxLayout, QVBoxLayout, QWidget

from aigc_studio.core.base.specs import AudioSpec
from aigc_studio.ui.components.model_card import ModelCard
from aigc_studio.ui.panels.common import merge_problems, push_button, spec_problems
from aigc_studio.ui.widgets.model_box import ModelBox
from aigc_studio.ui.widgets.param_form import FormErrors, FormTable, MessageLabel, Param, ParamForm
from aigc_studio.ui.widgets.seed_row import SeedRow

DEFAULTS = AudioSpec(model="x")     # the form's starting values are a spec's own defaults

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


def _model_label(name: str, card: dict) -> str:
    """A model in the picker: its name and sample rate."""
    sr = ModelCard.from_card(card).sample_rate
    return f"{name} — {sr / 1000:g} kHz" if sr else name


class AudioControls:
    """The settings column of an Audio panel (``parent``). The buttons call ``variations``, ``morph`` and
    ``choose_file``; a new model calls ``model_changed``; ``status`` takes a line for the status bar. ``boxes``
    are the model, "New sounds" and "From the selected sounds" boxes, top to bottom."""

    def __init__(self, parent: QWidget, variations: Callable[[], Any], morph: Callable[[], Any],
                 choose_file: Callable[[], Any], model_changed: Callable[..., Any], status: Callable[[str], Any]):
        self.status = status
        # --- the model ----------------------------------------------------------------------------------------
        self.model_box = ModelBox(QCoreApplication.translate("AudioPanel", "No sound model found"), parent,
                                  keep_added=False)
        self.model_combo = self.model_box.combo
        self.model_combo.currentIndexChanged.connect(model_changed)

        # --- new sounds ---------------------------------------------------------------------------------------
        self.seed_row = SeedRow(parent, increment_label=QCoreApplication.translate("AudioPanel", "Next seeds"))
        self.seed_edit = self.seed_row.edit
        self.form = ParamForm(parent)
        self.transform_form = ParamForm(parent)
        self.table = FormTable("AudioPanel", FORM, DEFAULTS)
        self.widgets = self.table.build(parent, {"": self.form, "transform": self.transform_form})
        self.form.add_row("seed", QCoreApplication.translate("AudioPanel", "Seed"), self.seed_row,
                          QCoreApplication.translate(
                              "AudioPanel", "Random: new seeds every time. Fixed: the seed in the box (same settings "
                                            "+ same seed = same sounds). Reuse last: the last job's seed. Next "
                                            "seeds: the seeds after the last job's"))
        self.form.widgets["seed"] = self.seed_edit
        self.form_message = MessageLabel(parent=parent, name="form_message")
        gen_box = QGroupBox(QCoreApplication.translate("AudioPanel", "New sounds"), parent)
        gl = QVBoxLayout(gen_box)
        gl.addWidget(self.form)
        gl.addWidget(self.form_message)

        # --- from the selected sounds -------------------------------------------------------------------------
        self.variations_button = push_button(
            parent, QCoreApplication.translate("AudioPanel", "Variations"),
            QCoreApplication.translate("AudioPanel", "Make new sounds close to the current one (as many as "
                                                     "“Sounds”, as far as “Strength”)"), variations)
        self.morph_button = push_button(
            parent, QCoreApplication.translate("AudioPanel", "Morph"),
            QCoreApplication.translate("AudioPanel", "Select two sounds (Ctrl+click): make the steps from the upper "
                                                     "one to the lower one"), morph)
        self.open_button = push_button(
            parent, QCoreApplication.translate("AudioPanel", "Encode a file…"),
            QCoreApplication.translate("AudioPanel", "Open a WAV, FLAC or OGG file: hear how the model rebuilds it, "
                                                     "and variations of it (you can also drop the file on this "
                                                     "panel)"), choose_file)
        self.transform_message = MessageLabel(parent=parent, name="transform_message")
        tb = QHBoxLayout()
        tb.setSpacing(6)
        tb.addWidget(self.variations_button)
        tb.addWidget(self.morph_button)
        tb.addStretch(1)
        transform_box = QGroupBox(QCoreApplication.translate("AudioPanel", "From the selected sounds"), parent)
        tl = QVBoxLayout(transform_box)
        tl.addWidget(self.transform_form)
        tl.addLayout(tb)
        tl.addWidget(self.open_button, 0, Qt.AlignmentFlag.AlignLeft)
        tl.addWidget(self.transform_message)

        # --- where each problem is shown ----------------------------------------------------------------------
        message = self.model_box.message
        self._errors = FormErrors(
            [self.form, self.transform_form], self.form_message,
            report={"model": message, "": self.form_message, "transform": self.transform_message},
            labels={"model": message, "latents": self.transform_message, "source": self.transform_message,
                    "mode": self.transform_message},
            focus={"model": self.model_combo}, status=status,
            hints={"model": lambda: "" if self.model_combo.count() else QCoreApplication.translate(
                "AudioPanel", "No sound model is installed yet: train one (aigc-studio train audio) or put a model "
                              "folder in the models folder.")})
        self.boxes: list[QWidget] = [self.model_box, gen_box, transform_box]

    # --- models -----------------------------------------------------------------------------------------------
    def reload_models(self, models: list[Any]) -> None:
        """(Re)fill the model picker with ``models`` (the registry's), keeping the selection."""
        self.model_box.reload(models, _model_label)

    def current_model(self) -> str:
        return self.model_box.current()

    # --- the spec ---------------------------------------------------------------------------------------------
    def read(self, **overrides: Any) -> tuple[AudioSpec, dict[str, list[str]]]:
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
        return spec, merge_problems(errors, spec_problems(spec))

    def fill(self, spec: AudioSpec) -> None:
        """Show ``spec``'s settings: its model, numbers, and its seed (seed mode Fixed); no problems shown."""
        self.model_box.select(str(spec.model))
        self.table.fill(spec)
        self.seed_row.set_fixed(int(spec.seed))
        self.show_errors({})

    # --- problems ---------------------------------------------------------------------------------------------
    def show_errors(self, errors: dict[str, list[str]]) -> None:
        """Each problem under its control ({} clears them all); the first one is focused and said."""
        self._errors.show(errors)

    def shown_errors(self) -> dict[str, str]:
        """The messages shown next to the controls now."""
        return self._errors.shown()

    def transform_problem(self, text: str) -> None:
        """Why Variations, Morph or Encode cannot run: under their buttons and in the status bar."""
        self.show_errors({})
        self.transform_message.show_message(text)
        self.status(text)

    # --- settings ---------------------------------------------------------------------------------------------
    def params(self) -> dict[str, Any]:
        """The model, the form's numbers and the seed row as plain JSON data."""
        return {"model": self.current_model(), **self.table.save(), **self.seed_row.params()}

    def restore(self, saved: dict[str, Any], seed_mode: str) -> None:
        """The form's numbers and seed from ``saved`` (what :meth:`params` gave; a damaged value is skipped), the
        seed mode ``seed_mode`` unless it was saved too."""
        self.table.reset()
        self.table.restore(saved)
        self.seed_row.apply_params(saved, seed_mode)
