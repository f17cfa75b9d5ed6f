"""The direction sliders of the Image and Audio panels: one slider per principal direction of the model's latent
space, with the amount next to each, a hint line and "Reset sliders".

One set of limits for every panel: at most ``MAX_DIRECTIONS`` sliders (``core.base.specs``), each from
``-DIRECTION_RANGE`` to ``+DIRECTION_RANGE`` standard deviations in steps of ``1 / STEPS_PER_UNIT`` — inside the
amounts a spec accepts.

Moving a slider emits ``moved(amounts)`` at once and ``changed(amounts)`` throttled: at most once per
``interval_ms`` (with ``leading``, the first move after a quiet spell at once, then at most once per interval;
without, the first ``interval_ms`` after the move), and at once when the slider is released. The panel submits a
preview job on ``changed`` and cancels the previous one (latest wins).
"""
from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt, QTimer, Signal, Slot
from PySide6.QtWidgets import QGridLayout, QLabel, QPushButton, QSlider, QVBoxLayout, QWidget

from aigc_studio.core.base.specs import MAX_DIRECTIONS
from aigc_studio.ui.widgets.model_box import muted_label

DIRECTION_RANGE = 3.0        # standard deviations of the training set along the direction
STEPS_PER_UNIT = 10          # 0.1 per slider step


def amount_text(a: float) -> str:
    return f"{a:+.1f}" if a else "0.0"


class DirectionSliders(QWidget):
    """See the module docstring. ``name`` and ``tip`` are the (translated) label and tooltip of a slider, "%1" its
    number; ``reset_text`` / ``reset_tip`` the text and tooltip of "Reset sliders"."""

    moved = Signal(tuple)
    changed = Signal(tuple)
    reset_requested = Signal()

    def __init__(self, parent: QWidget, name: str, tip: str, reset_text: str, reset_tip: str, interval_ms: int,
                 leading: bool = False):
        super().__init__(parent)
        self._name, self._tip, self._leading = name, tip, leading
        self._dirty = False
        self.timer = QTimer(self)
        self.timer.setSingleShot(True)
        self.timer.setInterval(interval_ms)
        self.timer.timeout.connect(self._on_timer)
        self.sliders: list[QSlider] = []
        self.values: list[QLabel] = []
        self.hint = muted_label(self)
        self.hint.hide()
        self._grid = QGridLayout()
        self._grid.setContentsMargins(0, 0, 0, 0)
        self._grid.setHorizontalSpacing(6)
        self._grid.setVerticalSpacing(2)
        self._grid.setColumnStretch(1, 1)
        self.reset_button = QPushButton(reset_text, self)
        self.reset_button.setToolTip(reset_tip)
        self.reset_button.clicked.connect(self.reset_requested)
        lay = QVBoxLayout(self)
        lay.setContentsMargins(0, 0, 0, 0)
        lay.addWidget(self.hint)
        lay.addLayout(self._grid)
        lay.addWidget(self.reset_button, 0, Qt.AlignmentFlag.AlignLeft)

    # --- the sliders ------------------------------------------------------------------------------------------
    def set_count(self, n: int) -> None:
        """One slider per direction, at most ``MAX_DIRECTIONS`` (kept when the count is unchanged)."""
        n = max(0, min(int(n), MAX_DIRECTIONS))
        if n == len(self.sliders):
            return
        self.cancel_pending()
        while self._grid.count():
            w = self._grid.takeAt(0).widget()
            if w is not None:
                w.deleteLater()
        self.sliders, self.values = [], []
        limit = round(DIRECTION_RANGE * STEPS_PER_UNIT)
        for k in range(n):
            number = str(k + 1)
            slider = QSlider(Qt.Orientation.Horizontal, self)
            slider.setObjectName(f"DirectionSlider{number}")
            slider.setRange(-limit, limit)
            slider.setPageStep(STEPS_PER_UNIT // 2)
            slider.setToolTip(self._tip.replace("%1", number))
            value = QLabel("0.0", self)
            value.setMinimumWidth(value.fontMetrics().horizontalAdvance("+0.00"))
            value.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
            slider.valueChanged.connect(self._on_value)
            slider.sliderReleased.connect(self.flush)
            self._grid.addWidget(QLabel(self._name.replace("%1", number), self), k, 0)
            self._grid.addWidget(slider, k, 1)
            self._grid.addWidget(value, k, 2)
            self.sliders.append(slider)
            self.values.append(value)

    def amounts(self) -> tuple[float, ...]:
        return tuple(s.value() / STEPS_PER_UNIT for s in self.sliders)

    def set_amounts(self, amounts: Any) -> None:
        """Show these amounts (missing ones 0) without emitting anything."""
        amounts = list(amounts or ())
        for k, slider in enumerate(self.sliders):
            a = float(amounts[k]) if k < len(amounts) else 0.0
            slider.blockSignals(True)
            slider.setValue(round(a * STEPS_PER_UNIT))
            slider.blockSignals(False)
            self.values[k].setText(amount_text(slider.value() / STEPS_PER_UNIT))

    def set_slider(self, k: int, value: float) -> None:
        """Move slider ``k`` (0-based) as a drag would."""
        self.sliders[k].setValue(round(value * STEPS_PER_UNIT))

    def set_usable(self, usable: bool, hint: str = "") -> None:
        """Enable the sliders and Reset (for a finished image or sound); ``hint`` says why not, or what to do."""
        for s in self.sliders:
            s.setEnabled(usable)
        self.reset_button.setEnabled(usable and bool(self.sliders))
        self.reset_button.setVisible(bool(self.sliders))
        self.hint.setText(hint)
        self.hint.setVisible(bool(hint))

    # --- throttling -------------------------------------------------------------------------------------------
    @Slot(int)
    def _on_value(self, _value: int) -> None:
        amounts = self.amounts()
        for label, a in zip(self.values, amounts):
            label.setText(amount_text(a))
        self.moved.emit(amounts)
        self._dirty = True
        if self.timer.isActive():
            return
        if self._leading:
            self.flush()
            self.timer.start()
        else:
            self.timer.start()

    @Slot()
    def _on_timer(self) -> None:
        if self._dirty:
            self.flush()
            if self._leading:
                self.timer.start()

    @Slot()
    def flush(self) -> None:
        """Emit ``changed`` now for a move not emitted yet (the drag ended, or the target changes)."""
        if not self._leading:
            self.timer.stop()
        if self._dirty:
            self._dirty = False
            self.changed.emit(self.amounts())

    def cancel_pending(self) -> None:
        """Forget a move not emitted yet."""
        self.timer.stop()
        self._dirty = False

    @property
    def pending(self) -> bool:
        return self._dirty
