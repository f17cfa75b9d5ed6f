"""Augmentation settings of a dataset (Train tab) and a preview grid of augmented items.

The controls fit the kind of data: pictures (mirror, crop, brightness, contrast, saturation, hue), sounds (gain,
time shift, pitch); text is not augmented. "Preview" shows eight augmented versions of one item, made with the same
arithmetic training uses (``core.data.augment``, numpy): from the scan's thumbnail of a picture (nothing decoded
here), or from the first two seconds of a sound.
"""
from __future__ import annotations

from collections.abc import Callable
from typing import Any

import numpy as np
from PySide6.QtCore import QSize, Qt, Signal, Slot
from PySide6.QtGui import QColor, QPainter, QPen, QPixmap
from PySide6.QtWidgets import (QCheckBox, QDoubleSpinBox, QGridLayout, QGroupBox, QHBoxLayout, QLabel,
                               QPushButton, QVBoxLayout, QWidget)

from aigc_studio.core.data.augment import (AugmentSettings, augment_image_np, augment_sound_np, recommended)
from aigc_studio.ui.widgets.dataset_report import rgba_pixmap

PREVIEW_COUNT = 8
PREVIEW_SIZE = QSize(72, 72)


def waveform_pixmap(x: np.ndarray, size: QSize = PREVIEW_SIZE) -> QPixmap:
    pm = QPixmap(size)
    pm.fill(QColor(250, 250, 250))
    p = QPainter(pm)
    p.setPen(QPen(QColor(70, 130, 200), 1))
    n, w, mid = len(x), size.width(), size.height() / 2
    top = max(float(np.max(np.abs(x))) if n else 0.0, 1e-6)
    for col in range(w):
        seg = x[col * n // w:max(col * n // w + 1, (col + 1) * n // w)]
        v = float(np.max(np.abs(seg))) / top if len(seg) else 0.0
        p.drawLine(col, int(mid - v * (mid - 1)), col, int(mid + v * (mid - 1)))
    p.end()
    return pm


class AugmentBox(QGroupBox):
    """``set_kind(kind)``, ``settings() -> AugmentSettings``, ``set_settings(dict | AugmentSettings)``,
    ``set_preview_source(callable)`` (returns an RGBA uint8 array, ``(samples, rate)`` or None);
    emits ``settingsChanged(dict)``."""

    settingsChanged = Signal(object)
    previewShown = Signal()                  # the preview grid appeared: the box needs more height

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("AugmentBox")
        self.setTitle(self.tr("Augmentation"))
        self._kind = "image"
        self._loading = False
        self._source: Callable[[], Any] | None = None
        lay = QVBoxLayout(self)
        self.note = QLabel()
        self.note.setWordWrap(True)
        lay.addWidget(self.note)
        self.form_host = QWidget()
        form = self.form = QGridLayout(self.form_host)      # label, box (one column, or two: set_columns)
        form.setContentsMargins(0, 0, 0, 0)
        form.setHorizontalSpacing(8)
        form.setVerticalSpacing(4)
        self._columns = 1
        self.hflip = QCheckBox(self.tr("Mirror left-right"))
        self.spins: dict[str, QDoubleSpinBox] = {}
        labels = {"crop": self.tr("Crop and zoom (up to)"), "brightness": self.tr("Brightness ±"),
                  "contrast": self.tr("Contrast ±"), "saturation": self.tr("Saturation ±"),
                  "hue": self.tr("Hue ± (turns)"), "gain_db": self.tr("Gain ± (dB)"),
                  "shift": self.tr("Time shift ± (part of the clip)"), "pitch": self.tr("Pitch ± (semitones)")}
        steps = {"gain_db": 1.0, "pitch": 0.5}
        self._rows: dict[str, tuple[QLabel, QWidget]] = {}
        for name, text in labels.items():
            lo, hi = AugmentSettings.RANGES[name]
            sb = QDoubleSpinBox()
            sb.setObjectName(f"augment_{name}")
            sb.setRange(lo, hi)
            sb.setDecimals(2)
            sb.setSingleStep(steps.get(name, 0.05))
            sb.valueChanged.connect(self._changed)
            label = QLabel(text)
            label.setBuddy(sb)
            self.spins[name] = sb
            self._rows[name] = (label, sb)
        self._place_rows()
        self.hflip.toggled.connect(self._changed)
        lay.addWidget(self.form_host)
        buttons = QHBoxLayout()
        self.recommended_button = QPushButton(self.tr("Recommended"))
        self.off_button = QPushButton(self.tr("Off"))
        self.preview_button = QPushButton(self.tr("Preview"))
        for b in (self.recommended_button, self.off_button, self.preview_button):
            buttons.addWidget(b)
        buttons.addStretch(1)
        lay.addLayout(buttons)
        self.recommended_button.clicked.connect(self._recommended)
        self.off_button.clicked.connect(self._off)
        self.preview_button.clicked.connect(self.preview)
        self.grid_host = QWidget()
        self.grid = QGridLayout(self.grid_host)
        self.grid.setContentsMargins(0, 0, 0, 0)
        self.preview_labels: list[QLabel] = []
        for i in range(PREVIEW_COUNT):
            lab = QLabel()
            lab.setFixedSize(PREVIEW_SIZE)
            lab.setAlignment(Qt.AlignmentFlag.AlignCenter)
            lab.setStyleSheet("QLabel { background: palette(base); }")
            self.grid.addWidget(lab, i // 4, i % 4)
            self.preview_labels.append(lab)
        self.grid_host.hide()
        lay.addWidget(self.grid_host)
        self.preview_note = QLabel()
        self.preview_note.setWordWrap(True)
        self.preview_note.hide()                 # shown with the preview (no empty line under the buttons)
        lay.addWidget(self.preview_note)
        lay.addStretch(1)                        # everything at the top, however tall the box is
        self.set_kind("image")

    # --- layout -----------------------------------------------------------------------------------------------
    def set_columns(self, columns: int) -> None:
        """The settings in one column (beside the report) or two (under it, where height is scarce)."""
        columns = 2 if columns >= 2 else 1
        if columns != self._columns:
            self._columns = columns
            self._place_rows()

    def columns(self) -> int:
        return self._columns

    def _place_rows(self) -> None:
        """Lay the mirror box and the shown settings (of the current kind) out in ``_columns`` label–box pairs."""
        form = self.form
        for w in [self.hflip] + [x for pair in self._rows.values() for x in pair]:
            form.removeWidget(w)
        for c in range(4):
            form.setColumnStretch(c, 0)
        kind = getattr(self, "_kind", "image")
        shown = [n for n in self._rows if (n in AugmentSettings.IMAGE_FIELDS and kind == "image")
                 or (n in AugmentSettings.AUDIO_FIELDS and kind == "audio")]
        cells: list[Any] = (["hflip"] if kind == "image" else []) + shown
        for i, name in enumerate(cells):
            row, col = divmod(i, self._columns)
            if name == "hflip":
                form.addWidget(self.hflip, row, col * 2, 1, 2)
                continue
            label, sb = self._rows[name]
            form.addWidget(label, row, col * 2)
            form.addWidget(sb, row, col * 2 + 1)
        for c in range(self._columns):
            form.setColumnStretch(c * 2 + 1, 1)

    # --- state ------------------------------------------------------------------------------------------------
    def set_kind(self, kind: str) -> None:
        self._kind = kind
        image, audio = kind == "image", kind == "audio"
        self.hflip.setVisible(image)
        for name, (label, sb) in self._rows.items():
            show = (name in AugmentSettings.IMAGE_FIELDS and image) or (name in AugmentSettings.AUDIO_FIELDS and audio)
            label.setVisible(show)
            sb.setVisible(show)
        self._place_rows()
        for b in (self.recommended_button, self.off_button, self.preview_button):
            b.setEnabled(image or audio)
        self.note.setText(self.tr("Text is not augmented: changing words would change the style the model learns.")
                          if kind == "text" else self.tr("Each training batch is varied at random by these amounts; "
                                                         "your files are not changed."))
        self.grid_host.hide()
        self.preview_note.clear()
        self.preview_note.hide()

    def settings(self) -> AugmentSettings:
        values: dict[str, Any] = {name: float(sb.value()) for name, sb in self.spins.items()}
        values["hflip"] = self.hflip.isChecked()
        return AugmentSettings(**values).for_kind(self._kind)

    def set_settings(self, settings: Any) -> None:
        try:
            s = AugmentSettings.from_dict(settings) if not isinstance(settings, AugmentSettings) else settings
        except Exception:   # noqa: BLE001 - settings from a hand-edited manifest: start from "off"
            s = AugmentSettings()
        self._loading = True
        try:
            self.hflip.setChecked(bool(s.hflip))
            for name, sb in self.spins.items():
                sb.setValue(float(getattr(s, name)))
        finally:
            self._loading = False

    def set_preview_source(self, source: Callable[[], Any] | None) -> None:
        self._source = source

    @Slot()
    def _changed(self, *_: Any) -> None:
        if not self._loading:
            self.settingsChanged.emit(self.settings().to_dict())
            if self.grid_host.isVisible():
                self.preview()

    @Slot()
    def _recommended(self) -> None:
        self.set_settings(recommended(self._kind))
        self._changed()

    @Slot()
    def _off(self) -> None:
        self.set_settings(AugmentSettings())
        self._changed()

    # --- preview ----------------------------------------------------------------------------------------------
    @Slot()
    def preview(self) -> None:
        item = self._source() if self._source is not None else None
        if item is None:
            self.grid_host.hide()
            self.preview_note.setText(self.tr("Scan a folder first: the preview uses one of its files."))
            self.preview_note.show()
            return
        s = self.settings()
        for i, lab in enumerate(self.preview_labels):
            if isinstance(item, tuple):
                samples, _rate = item
                lab.setPixmap(waveform_pixmap(augment_sound_np(samples, s, seed=i)))
            else:
                out = augment_image_np(item, s, seed=i)
                lab.setPixmap(rgba_pixmap(out, PREVIEW_SIZE))
        self.preview_note.setText(self.tr("Eight random versions of one file, as training may see it."))
        self.preview_note.show()
        self.grid_host.show()
        self.previewShown.emit()
