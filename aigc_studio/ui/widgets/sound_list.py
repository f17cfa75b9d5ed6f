"""The list of the Audio panel: renders a ``SoundListModel`` (``ui/components/sound_list.py``) as rows — waveform
thumbnail and name, length, peak, pitch (note names as in the sample-pack manifest: ``core.assets.audio_features
.note_name``). Several rows can be selected; the current row is the sound shown large.

:class:`SoundListBox` is the list with what goes with it: a hint while it is empty, and the buttons under it
(Remove; the file format, Save, Export pack…) — the panel connects the buttons. The words are the Audio panel's
(translation context "AudioPanel")."""
from __future__ import annotations

import math
from typing import Any

from PySide6.QtCore import QCoreApplication, QSize, Qt
from PySide6.QtWidgets import (QAbstractItemView, QComboBox, QHBoxLayout, QHeaderView, QPushButton, QTreeWidget,
                               QTreeWidgetItem, QVBoxLayout, QWidget)

from aigc_studio.core.assets.audio_features import note_name
from aigc_studio.ui.components.sound_list import Sound, SoundListModel
from aigc_studio.ui.widgets.model_box import muted_label
from aigc_studio.ui.widgets.waveform import waveform_icon

THUMB = QSize(96, 24)


def display_name(sound: Sound) -> str:
    edited = QCoreApplication.translate("AudioPanel", " (edited)") if sound.edited else ""
    stopped = QCoreApplication.translate("AudioPanel", " (stopped)") if sound.take.partial else ""
    return f"#{sound.number}  {sound.label}{edited}{stopped}"


def tooltip(sound: Sound) -> str:
    spec = sound.spec
    lines = [QCoreApplication.translate("AudioPanel", "Model: %1").replace("%1", spec.model),
             QCoreApplication.translate("AudioPanel", "Seed: %1").replace("%1", str(spec.seed))]
    if sound.directions and any(sound.directions):
        amounts = ", ".join(f"{d:+.1f}" for d in sound.directions)
        lines.append(QCoreApplication.translate("AudioPanel", "Directions: %1").replace("%1", amounts))
    if sound.saved:
        saved = ", ".join(sound.saved.values())
        lines.append(QCoreApplication.translate("AudioPanel", "Saved: %1").replace("%1", saved))
    return "\n".join(lines)


class SoundListView(QTreeWidget):
    """The rows of ``model``'s sounds (added, updated and removed as the model says)."""

    def __init__(self, model: SoundListModel, parent: QWidget | None = None):
        super().__init__(parent)
        self.model = model
        self.setObjectName("SoundList")
        self.setRootIsDecorated(False)
        self.setUniformRowHeights(True)
        self.setAllColumnsShowFocus(True)
        self.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.setIconSize(THUMB)
        self.setHeaderLabels([QCoreApplication.translate("AudioPanel", "Sound"),
                              QCoreApplication.translate("AudioPanel", "Length"),
                              QCoreApplication.translate("AudioPanel", "Peak"),
                              QCoreApplication.translate("AudioPanel", "Pitch")])
        header = self.header()
        header.setStretchLastSection(False)
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        self._rows: dict[int, QTreeWidgetItem] = {}
        model.subscribe(self._on_model)

    def _on_model(self, event: str, sound: Sound) -> None:
        if event == "removed":
            row = self._rows.pop(sound.number, None)
            if row is not None:
                self.takeTopLevelItem(self.indexOfTopLevelItem(row))
        elif event == "changed" and sound.number in self._rows:
            self.update_row(sound)

    # --- rows -------------------------------------------------------------------------------------------------
    def row_of(self, sound: Sound) -> QTreeWidgetItem | None:
        return self._rows.get(sound.number)

    def sound_of(self, row: QTreeWidgetItem | None) -> Sound | None:
        return self.model.by_number(row.data(0, Qt.ItemDataRole.UserRole)) if row is not None else None

    def current_sound(self) -> Sound | None:
        return self.sound_of(self.currentItem())

    def selected_sounds(self) -> list[Sound]:
        """The selected sounds in list order (top to bottom)."""
        chosen = {id(i) for i in self.selectedItems()}
        return [s for s in self.model.sounds if id(self._rows.get(s.number)) in chosen]

    def update_row(self, sound: Sound) -> QTreeWidgetItem:
        """Draw a sound's row (made the first time)."""
        row = self._rows.get(sound.number)
        if row is None:
            row = self._rows[sound.number] = QTreeWidgetItem(self)
            row.setData(0, Qt.ItemDataRole.UserRole, sound.number)
            for col in (1, 2, 3):
                row.setTextAlignment(col, Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        take = sound.take
        row.setText(0, display_name(sound))
        row.setToolTip(0, tooltip(sound))
        row.setText(1, QCoreApplication.translate("AudioPanel", "%1 s").replace("%1", f"{take.seconds:.2f}"))
        peak = f"{20 * math.log10(take.peak):.1f}" if take.peak > 0 else ""
        row.setText(2, QCoreApplication.translate("AudioPanel", "%1 dB").replace("%1", peak) if peak else "−∞")
        hz = take.pitch_hz
        row.setText(3, f"{hz:.0f} Hz · {note_name(hz)}" if hz and hz > 0 else "—")
        expected = int(max(sound.expected_seconds, take.seconds) * take.sample_rate) if not take.finished else None
        row.setIcon(0, waveform_icon(take.samples(), (THUMB.width(), THUMB.height()), self.palette(), expected))
        return row

    def rows(self) -> dict[int, Any]:
        return dict(self._rows)


def _button(parent: QWidget, text: str, tip: str) -> QPushButton:
    button = QPushButton(text, parent)
    button.setToolTip(tip)
    return button


class SoundListBox(QWidget):
    """The sound list (``view``) under its empty hint, with ``remove_button``, ``format_combo`` (WAV / FLAC),
    ``save_button`` and ``export_button`` below it."""

    def __init__(self, model: SoundListModel, parent: QWidget | None = None):
        super().__init__(parent)
        self.view = SoundListView(model, self)
        self.empty_hint = muted_label(self, QCoreApplication.translate(
            "AudioPanel", "No sounds yet: press Generate, or drop a WAV, FLAC or OGG file here to hear how the "
                          "model rebuilds it."))
        model.subscribe(lambda event, _sound: self.empty_hint.setVisible(not model.sounds))
        self.save_button = _button(self, QCoreApplication.translate("AudioPanel", "Save"), QCoreApplication.translate(
            "AudioPanel", "Save the current sound with the settings that made it (Ctrl+S)"))
        self.format_combo = QComboBox(self)
        self.format_combo.setObjectName("FormatCombo")
        self.format_combo.addItem("WAV", "wav")
        self.format_combo.addItem("FLAC", "flac")
        self.format_combo.setToolTip(QCoreApplication.translate("AudioPanel",
                                                                "The file format for Save and Export pack"))
        self.export_button = _button(self, QCoreApplication.translate("AudioPanel", "Export pack…"),
                                     QCoreApplication.translate("AudioPanel", "Write the selected sounds to a folder "
                                                                "as numbered files with a manifest: a sample pack"))
        self.remove_button = _button(self, QCoreApplication.translate("AudioPanel", "Remove"),
                                     QCoreApplication.translate("AudioPanel", "Remove the selected sounds from the "
                                                                              "list (saved files stay)"))
        buttons = QHBoxLayout()
        buttons.setSpacing(6)
        buttons.addWidget(self.remove_button)
        buttons.addStretch(1)
        buttons.addWidget(self.format_combo)
        buttons.addWidget(self.save_button)
        buttons.addWidget(self.export_button)
        lay = QVBoxLayout(self)
        lay.setContentsMargins(0, 0, 0, 0)
        lay.setSpacing(4)
        lay.addWidget(self.empty_hint)
        lay.addWidget(self.view, 1)
        lay.addLayout(buttons)
