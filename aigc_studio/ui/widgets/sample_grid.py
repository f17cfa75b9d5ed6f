"""The image samples of a training run: the latest batch on a grid, and the earlier ones a slider away.

``SampleGrid(parent)``: ``add_sample(step, images)`` takes uint8 images, either a batch ``(N, H, W, C)`` (laid out
on a near-square grid) or one picture ``(H, W, C)`` (an already tiled grid), with C 1, 3 or 4 (straight alpha).
The newest sample is shown unless the user has moved the slider back to an earlier one. Pixels are scaled by
whole numbers (nearest neighbour: pixel art stays crisp) to fit the view, on a checkerboard for transparency.
At most ``MAX_KEPT`` samples are kept (the oldest, but never the first, is dropped).
"""
from __future__ import annotations

import math
from typing import Any

import numpy as np
from PySide6.QtCore import QRect, Qt, Slot
from PySide6.QtGui import QColor, QImage, QPainter, QPalette
from PySide6.QtWidgets import QHBoxLayout, QLabel, QSizePolicy, QSlider, QVBoxLayout, QWidget

MAX_KEPT = 60
GAP = 2                               # pixels between grid cells (in the picture's own pixels)


def tile(images: Any) -> np.ndarray:
    """uint8 ``(N, H, W, C)`` -> one ``(rows*H, cols*W, 4)`` RGBA grid (near square); ``(H, W, C)`` -> RGBA."""
    arr = np.asarray(images)
    if arr.dtype != np.uint8:
        arr = np.clip(arr, 0, 255).astype(np.uint8)
    if arr.ndim == 2:
        arr = arr[..., None]
    if arr.ndim == 3:
        arr = arr[None]
    if arr.ndim != 4 or arr.shape[0] == 0:
        raise ValueError(f"not an image batch: shape {arr.shape}")
    n, h, w, c = arr.shape
    if c == 1:
        arr = np.repeat(arr, 3, axis=3)
    if arr.shape[3] == 3:
        arr = np.concatenate([arr, np.full((n, h, w, 1), 255, np.uint8)], axis=3)
    if n == 1:
        return np.ascontiguousarray(arr[0])
    cols = math.ceil(math.sqrt(n))
    rows = math.ceil(n / cols)
    grid = np.zeros((rows * h + (rows - 1) * GAP, cols * w + (cols - 1) * GAP, 4), np.uint8)
    for i in range(n):
        r, q = divmod(i, cols)
        y, x = r * (h + GAP), q * (w + GAP)
        grid[y:y + h, x:x + w] = arr[i]
    return grid


def to_qimage(rgba: np.ndarray) -> QImage:
    rgba = np.ascontiguousarray(rgba)
    h, w = rgba.shape[:2]
    return QImage(rgba.data, w, h, 4 * w, QImage.Format.Format_RGBA8888).copy()


class _Canvas(QWidget):
    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.image: QImage | None = None
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        self.setMinimumSize(120, 120)

    def target_rect(self) -> QRect:
        if self.image is None or self.image.isNull():
            return QRect()
        iw, ih = self.image.width(), self.image.height()
        scale = min(self.width() / iw, self.height() / ih)
        scale = math.floor(scale) if scale >= 1 else scale            # whole-number zoom when it grows
        w, h = max(1, int(iw * scale)), max(1, int(ih * scale))
        return QRect((self.width() - w) // 2, (self.height() - h) // 2, w, h)

    def paintEvent(self, event) -> None:
        p = QPainter(self)
        p.fillRect(self.rect(), self.palette().color(QPalette.ColorRole.Base))
        rect = self.target_rect()
        if rect.isNull():
            return
        cell = 8
        light, dark = QColor(235, 235, 235), QColor(205, 205, 205)
        p.save()
        p.setClipRect(rect)
        for y in range(rect.top(), rect.bottom() + 1, cell):
            for x in range(rect.left(), rect.right() + 1, cell):
                p.fillRect(x, y, cell, cell, light if ((x - rect.left()) // cell + (y - rect.top()) // cell) % 2
                           else dark)
        p.restore()
        p.setRenderHint(QPainter.RenderHint.SmoothPixmapTransform, False)
        p.drawImage(rect, self.image)


class SampleGrid(QWidget):
    """See the module docstring."""

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.samples: list[tuple[int, QImage, tuple[int, ...]]] = []    # (step, picture, shape given)
        self.canvas = _Canvas(self)
        self.caption = QLabel(self)
        self.caption.setObjectName("SampleCaption")
        self.slider = QSlider(Qt.Orientation.Horizontal, self)
        self.slider.setObjectName("SampleSlider")
        self.slider.setToolTip(self.tr("Earlier samples"))
        self.slider.setEnabled(False)
        self.slider.valueChanged.connect(self._show_index)
        self._follow = True                 # show each new sample (unless the user went back)
        row = QHBoxLayout()
        row.addWidget(self.caption, 1)
        row.addWidget(self.slider, 2)
        lay = QVBoxLayout(self)
        lay.setContentsMargins(0, 0, 0, 0)
        lay.addLayout(row)
        lay.addWidget(self.canvas, 1)
        self._set_caption(-1)

    def clear(self) -> None:
        self.samples.clear()
        self.canvas.image = None
        self.slider.blockSignals(True)
        self.slider.setRange(0, 0)
        self.slider.blockSignals(False)
        self.slider.setEnabled(False)
        self._follow = True
        self._set_caption(-1)
        self.canvas.update()

    def add_sample(self, step: int, images: Any) -> bool:
        """Add a sample; False (and nothing shown) when ``images`` is not an image batch."""
        try:
            grid = tile(images)
        except (ValueError, TypeError):
            return False
        self.samples.append((int(step), to_qimage(grid), tuple(np.shape(images))))
        if len(self.samples) > MAX_KEPT:
            del self.samples[1]
        last = len(self.samples) - 1
        follow = self._follow or self.slider.value() >= self.slider.maximum()
        self.slider.blockSignals(True)
        self.slider.setRange(0, last)
        if follow:
            self.slider.setValue(last)
        self.slider.blockSignals(False)
        self.slider.setEnabled(last > 0)
        self._show_index(self.slider.value())
        return True

    def current_step(self) -> int | None:
        i = self.slider.value()
        return self.samples[i][0] if 0 <= i < len(self.samples) else None

    @Slot(int)
    def _show_index(self, i: int) -> None:
        if not (0 <= i < len(self.samples)):
            return
        self._follow = i == len(self.samples) - 1
        self.canvas.image = self.samples[i][1]
        self._set_caption(i)
        self.canvas.update()

    def _set_caption(self, i: int) -> None:
        if i < 0:
            self.caption.setText(self.tr("No samples yet: the first comes at step 0."))
            return
        step, img, shape = self.samples[i]
        count = shape[0] if len(shape) == 4 else 1
        self.caption.setText(self.tr("Step %1 · %2 images").replace("%1", f"{step:,}").replace("%2", str(count))
                             if count > 1 else self.tr("Step %1").replace("%1", f"{step:,}"))
