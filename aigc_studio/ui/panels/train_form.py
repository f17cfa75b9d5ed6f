"""The Train tab's "Model" section: what to train, how big, from what, for how long, and the advanced options.

``ModelSection(parent)``:

* ``kind`` — text GPT, text LSTM, image GAN, image VAE, sound VAE (``CHOICES``: label, job kind, architecture);
* ``preset`` — the size presets of ``core.training.presets`` for that choice, with each one's description;
* start from scratch, or fine-tune a shipped or own model of the same architecture (a model picker);
* the model's name (the folder under the user's models; a default that is not taken yet);
* a budget of steps or of minutes;
* advanced: learning rate, batch size, a sample every N steps (0 / "Preset's" = the preset's own value).

``spec(data, out_dir)`` builds the training job spec (``TrainTextSpec`` / ``TrainImageSpec`` / ``TrainAudioSpec``)
from the form; ``choose_for_data_kind("image"|"audio"|"text")`` follows the dataset's kind; ``reload_models()``
refreshes the picker (a model just trained appears in it). ``restore(values)`` / ``values()`` keep the form in
``settings.last_params["train"]``.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt, Signal, Slot
from PySide6.QtWidgets import (QButtonGroup, QComboBox, QDoubleSpinBox, QFormLayout, QGridLayout, QGroupBox,
                               QHBoxLayout,
                               QLineEdit, QRadioButton, QSpinBox, QToolButton, QVBoxLayout, QWidget)

from aigc_studio.core.base.train_specs import TrainAudioSpec, TrainImageSpec, TrainTextSpec
from aigc_studio.core.training.presets import default_preset, presets_for
from aigc_studio.ui.components.model_card import localized
from aigc_studio.ui.i18n import current_language
from aigc_studio.ui.panels.common import list_models, tr_core
from aigc_studio.ui.widgets.model_box import muted_label
from aigc_studio.ui.widgets.param_form import MessageLabel

# The presets' descriptions are core English templates listed in _CORE_MESSAGES (panels/common.py), shown through
# tr_core().


@dataclass(frozen=True)
class Choice:
    key: str               # "gpt" | "lstm" | "gan" | "vae" | "audio"
    kind: str              # the job kind
    data_kind: str         # "text" | "image" | "audio" (the dataset's and the registry's kind)
    architecture: str      # the model card's architecture a base model must have
    model_type: str = ""   # images: "gan" | "vae"


CHOICES: tuple[Choice, ...] = (
    Choice("gpt", "train-text", "text", "gpt"),
    Choice("lstm", "train-text", "text", "lstm"),
    Choice("gan", "train-image", "image", "gan", "gan"),
    Choice("vae", "train-image", "image", "image_vae", "vae"),
    Choice("audio", "train-audio", "audio", "audio_vae"),
)
_BY_KEY = {c.key: c for c in CHOICES}
SPEC_CLASSES = {"train-text": TrainTextSpec, "train-image": TrainImageSpec, "train-audio": TrainAudioSpec}


def slug(name: str) -> str:
    """A model name as a folder name: letters (any script), digits, '-', '_' and '.'; spaces become '-'."""
    s = re.sub(r"\s+", "-", str(name).strip())
    s = re.sub(r"[^\w.\-]", "", s, flags=re.UNICODE).strip(".-")
    return s[:80]


def presets_of(choice: Choice) -> list[Any]:
    found = presets_for(choice.kind, choice.model_type)
    if choice.kind == "train-text":
        found = [p for p in found if p.options.get("architecture", "gpt") == choice.architecture]
    return found


class ModelSection(QGroupBox):
    """See the module docstring."""

    changed = Signal()

    def __init__(self, parent: QWidget | None = None):
        super().__init__(self.tr("Model"), parent)
        self.setObjectName("TrainModelSection")
        self.kind_combo = QComboBox(self)
        self.kind_combo.setObjectName("TrainKind")
        labels = {"gpt": self.tr("Text — GPT"), "lstm": self.tr("Text — LSTM (fast on a CPU)"),
                  "gan": self.tr("Images — GAN"), "vae": self.tr("Images — VAE"), "audio": self.tr("Sounds — VAE")}
        for c in CHOICES:
            self.kind_combo.addItem(labels[c.key], c.key)
        self.preset_combo = QComboBox(self)
        self.preset_combo.setObjectName("TrainPreset")
        for combo in (self.kind_combo, self.preset_combo):
            combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
            combo.setMinimumContentsLength(10)
        self.preset_info = muted_label(self)

        self.scratch_radio = QRadioButton(self.tr("From scratch"), self)
        self.finetune_radio = QRadioButton(self.tr("Fine-tune"), self)
        self.scratch_radio.setChecked(True)
        self._start_group = QButtonGroup(self)
        self._start_group.addButton(self.scratch_radio)
        self._start_group.addButton(self.finetune_radio)
        self.base_combo = QComboBox(self)
        self.base_combo.setObjectName("TrainBaseModel")
        self.base_combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        self.base_combo.setMinimumContentsLength(12)
        self.base_combo.setToolTip(self.tr("The model to fine-tune: a shipped model or one of yours"))
        self.base_message = MessageLabel(parent=self, name="base_message")

        self.name_edit = QLineEdit(self)
        self.name_edit.setObjectName("TrainModelName")
        self.name_edit.setToolTip(self.tr("The new model's name; it appears under this name in the model pickers"))
        self.name_message = MessageLabel(parent=self, name="name_message")

        self.steps_radio = QRadioButton(self.tr("Steps"), self)
        self.minutes_radio = QRadioButton(self.tr("Minutes"), self)
        self.steps_radio.setChecked(True)
        self._budget_group = QButtonGroup(self)
        self._budget_group.addButton(self.steps_radio)
        self._budget_group.addButton(self.minutes_radio)
        self.steps_spin = QSpinBox(self)
        self.steps_spin.setObjectName("TrainSteps")
        self.steps_spin.setRange(1, 10_000_000)
        self.steps_spin.setValue(2000)
        self.steps_spin.setGroupSeparatorShown(True)
        self.minutes_spin = QDoubleSpinBox(self)
        self.minutes_spin.setObjectName("TrainMinutes")
        self.minutes_spin.setRange(0.1, 100_000)
        self.minutes_spin.setDecimals(1)
        self.minutes_spin.setValue(15.0)
        self.minutes_spin.setSuffix(self.tr(" min"))

        self.advanced_button = QToolButton(self)
        self.advanced_button.setObjectName("TrainAdvancedToggle")
        self.advanced_button.setText(self.tr("Advanced"))
        self.advanced_button.setCheckable(True)
        self.advanced_button.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
        self.advanced_button.setArrowType(Qt.ArrowType.RightArrow)
        self.advanced = QWidget(self)
        self.lr_spin = QDoubleSpinBox(self.advanced)
        self.lr_spin.setObjectName("TrainLearningRate")
        self.lr_spin.setDecimals(5)
        self.lr_spin.setRange(0.0, 0.5)
        self.lr_spin.setSingleStep(0.0001)
        self.lr_spin.setSpecialValueText(self.tr("Preset's"))
        self.batch_spin = QSpinBox(self.advanced)
        self.batch_spin.setObjectName("TrainBatch")
        self.batch_spin.setRange(0, 1024)
        self.batch_spin.setSpecialValueText(self.tr("Preset's"))
        self.sample_spin = QSpinBox(self.advanced)
        self.sample_spin.setObjectName("TrainSampleEvery")
        self.sample_spin.setRange(0, 1_000_000)
        self.sample_spin.setSpecialValueText(self.tr("Preset's"))
        self.sample_spin.setToolTip(self.tr("Make a sample every this many steps (and at step 0)"))
        adv = QFormLayout(self.advanced)
        adv.setContentsMargins(12, 0, 0, 0)
        adv.addRow(self.tr("Learning rate"), self.lr_spin)
        adv.addRow(self.tr("Batch size"), self.batch_spin)
        adv.addRow(self.tr("Sample every"), self.sample_spin)
        self.advanced.setVisible(False)

        form = QFormLayout()
        form.setRowWrapPolicy(QFormLayout.RowWrapPolicy.DontWrapRows)
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        form.addRow(self.tr("Kind"), self.kind_combo)
        form.addRow(self.tr("Size"), self.preset_combo)
        form.addRow("", self.preset_info)
        start = QHBoxLayout()
        start.addWidget(self.scratch_radio)
        start.addWidget(self.finetune_radio)
        start.addStretch(1)
        form.addRow(self.tr("Start"), start)
        form.addRow("", self.base_combo)
        form.addRow("", self.base_message)
        form.addRow(self.tr("Name"), self.name_edit)
        form.addRow("", self.name_message)
        budget = QGridLayout()
        budget.setContentsMargins(0, 0, 0, 0)
        budget.addWidget(self.steps_radio, 0, 0)
        budget.addWidget(self.steps_spin, 0, 1)
        budget.addWidget(self.minutes_radio, 1, 0)
        budget.addWidget(self.minutes_spin, 1, 1)
        budget.setColumnStretch(1, 1)
        form.addRow(self.tr("Budget"), budget)
        lay = QVBoxLayout(self)
        lay.addLayout(form)
        lay.addWidget(self.advanced_button, 0, Qt.AlignmentFlag.AlignLeft)
        lay.addWidget(self.advanced)

        self.kind_combo.currentIndexChanged.connect(self._on_kind)
        self.preset_combo.currentIndexChanged.connect(self._on_preset)
        self.scratch_radio.toggled.connect(self._update_enabled)
        self.steps_radio.toggled.connect(self._update_enabled)
        self.advanced_button.toggled.connect(self._on_advanced)
        for w in (self.base_combo, self.name_edit):
            (w.currentIndexChanged if isinstance(w, QComboBox) else w.textEdited).connect(self._emit_changed)
        for spin in (self.steps_spin, self.minutes_spin, self.lr_spin, self.batch_spin, self.sample_spin):
            spin.valueChanged.connect(self._emit_changed)
        self._on_kind()

    # --- state ----------------------------------------------------------------------------------------------
    def choice(self) -> Choice:
        return _BY_KEY[str(self.kind_combo.currentData() or "gpt")]

    def preset(self) -> str:
        return str(self.preset_combo.currentData() or "")

    def fine_tune(self) -> bool:
        return self.finetune_radio.isChecked()

    def base_model(self) -> str:
        return str(self.base_combo.currentData() or "") if self.fine_tune() else ""

    def model_name(self) -> str:
        return self.name_edit.text().strip()

    def set_choice(self, key: str) -> None:
        i = self.kind_combo.findData(key)
        if i >= 0:
            self.kind_combo.setCurrentIndex(i)

    def choose_for_data_kind(self, data_kind: str) -> None:
        """Follow the dataset's kind: keep the choice when it fits, else the first choice of that kind."""
        if self.choice().data_kind == data_kind:
            return
        for c in CHOICES:
            if c.data_kind == data_kind:
                self.set_choice(c.key)
                return

    def values(self) -> dict:
        return {"kind": self.choice().key, "preset": self.preset(), "fine_tune": self.fine_tune(),
                "base": str(self.base_combo.currentData() or ""), "by_time": self.minutes_radio.isChecked(),
                "steps": self.steps_spin.value(), "minutes": self.minutes_spin.value(),
                "lr": self.lr_spin.value(), "batch_size": self.batch_spin.value(),
                "sample_every": self.sample_spin.value()}

    def restore(self, values: dict) -> None:
        if not isinstance(values, dict):
            return
        try:
            self.set_choice(str(values.get("kind", "gpt")))
            i = self.preset_combo.findData(values.get("preset"))
            if i >= 0:
                self.preset_combo.setCurrentIndex(i)
            self.finetune_radio.setChecked(bool(values.get("fine_tune")))
            self.scratch_radio.setChecked(not values.get("fine_tune"))
            i = self.base_combo.findData(values.get("base"))
            if i >= 0:
                self.base_combo.setCurrentIndex(i)
            self.minutes_radio.setChecked(bool(values.get("by_time")))
            self.steps_radio.setChecked(not values.get("by_time"))
            self.steps_spin.setValue(int(values.get("steps", self.steps_spin.value())))
            self.minutes_spin.setValue(float(values.get("minutes", self.minutes_spin.value())))
            self.lr_spin.setValue(float(values.get("lr", 0.0)))
            self.batch_spin.setValue(int(values.get("batch_size", 0)))
            self.sample_spin.setValue(int(values.get("sample_every", 0)))
        except (TypeError, ValueError):
            pass                      # a damaged entry in the settings: the defaults stay
        self._update_enabled()

    # --- the job --------------------------------------------------------------------------------------------
    def options(self) -> dict:
        opts: dict[str, Any] = {}
        if not self.fine_tune() and self.preset():
            opts["preset"] = self.preset()
        if self.choice().key == "lstm" and not self.fine_tune():
            opts["architecture"] = "lstm"
        if self.minutes_radio.isChecked():
            opts["minutes"] = float(self.minutes_spin.value())
            opts["steps"] = 10_000_000
        else:
            opts["steps"] = int(self.steps_spin.value())
            opts["minutes"] = 0.0
            opts["log_every"] = max(1, min(20, opts["steps"] // 100))    # a curve of 100 points or more
        if self.lr_spin.value() > 0:
            opts["lr"] = float(self.lr_spin.value())
        if self.batch_spin.value() > 0:
            opts["batch_size"] = int(self.batch_spin.value())
        if self.sample_spin.value() > 0:
            opts["sample_every"] = int(self.sample_spin.value())
        return opts

    def spec(self, data: str, out: str, device: str = "auto", run_dir: str = "") -> Any:
        c = self.choice()
        extra = {"model_type": c.model_type} if c.kind == "train-image" else {}
        opts = self.options()
        if run_dir:
            opts["run_dir"] = str(run_dir)
        return SPEC_CLASSES[c.kind](data=str(data), out=str(out), from_model=self.base_model(),
                                    options=opts, device=device, **extra)

    def default_name(self, taken: Any) -> str:
        """"my-gan-1", "my-gan-2"... the first that ``taken(name)`` says is free."""
        base = f"my-{self.choice().key}"
        n = 1
        while taken(f"{base}-{n}"):
            n += 1
        return f"{base}-{n}"

    # --- models ---------------------------------------------------------------------------------------------
    def reload_models(self) -> None:
        """List the shipped and own models that can be fine-tuned into the chosen kind (keeps the selection)."""
        c = self.choice()
        current = self.base_combo.currentData()
        lang = current_language()
        self.base_combo.blockSignals(True)
        self.base_combo.clear()
        for info in list_models(c.data_kind):
            card = getattr(info, "card", None) or {}
            if card.get("architecture", c.architecture) != c.architecture:
                continue
            name = (localized(card, "name", lang) if lang != "en" else "") or getattr(info, "name", "") or info.id
            own = getattr(info, "source", "") == "user"
            label = self.tr("%1 (yours)").replace("%1", name) if own else name
            self.base_combo.addItem(label, info.id)
            tip = localized(card, "description", lang) or str(getattr(info, "path", ""))
            self.base_combo.setItemData(self.base_combo.count() - 1, tip, Qt.ItemDataRole.ToolTipRole)
        i = self.base_combo.findData(current)
        self.base_combo.setCurrentIndex(i if i >= 0 else (0 if self.base_combo.count() else -1))
        self.base_combo.blockSignals(False)
        self._update_enabled()

    # --- slots ----------------------------------------------------------------------------------------------
    @Slot()
    def _on_kind(self, *_: Any) -> None:
        c = self.choice()
        self.preset_combo.blockSignals(True)
        self.preset_combo.clear()
        for p in presets_of(c):
            self.preset_combo.addItem(p.name, p.name)
            self.preset_combo.setItemData(self.preset_combo.count() - 1, tr_core(p.description),
                                          Qt.ItemDataRole.ToolTipRole)
        want = default_preset(c.kind, c.model_type)
        if c.key == "lstm":
            want = "lstm-small"
        i = self.preset_combo.findData(want)
        self.preset_combo.setCurrentIndex(i if i >= 0 else 0)
        self.preset_combo.blockSignals(False)
        self.reload_models()
        self._on_preset()

    @Slot()
    def _on_preset(self, *_: Any) -> None:
        i = self.preset_combo.currentIndex()
        tip = self.preset_combo.itemData(i, Qt.ItemDataRole.ToolTipRole) if i >= 0 else ""
        self.preset_info.setText(str(tip or ""))
        self.preset_info.setVisible(bool(tip) and not self.fine_tune())
        self._emit_changed()

    @Slot()
    def _update_enabled(self, *_: Any) -> None:
        ft = self.fine_tune()
        self.base_combo.setEnabled(ft)
        self.base_combo.setVisible(ft)
        self.preset_combo.setEnabled(not ft)
        self.preset_info.setVisible(not ft and bool(self.preset_info.text()))
        if ft and self.base_combo.count() == 0:
            self.base_message.show_message(self.tr("No model of this kind to fine-tune yet: train one from scratch."))
        else:
            self.base_message.clear_message()
        self.steps_spin.setEnabled(self.steps_radio.isChecked())
        self.minutes_spin.setEnabled(self.minutes_radio.isChecked())
        self._emit_changed()

    @Slot(bool)
    def _on_advanced(self, on: bool) -> None:
        self.advanced.setVisible(on)
        self.advanced_button.setArrowType(Qt.ArrowType.DownArrow if on else Qt.ArrowType.RightArrow)

    @Slot()
    def _emit_changed(self, *_: Any) -> None:
        self.changed.emit()


def user_models_folder() -> Path:
    from aigc_studio.core.base.settings import user_models_dir
    return user_models_dir()
