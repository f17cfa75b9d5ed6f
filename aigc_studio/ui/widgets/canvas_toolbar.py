"""The toolbar above the Image panel's canvas: Fit, 100%, zoom out and in, Grid, Sort by score, Select all, Clear
canvas, and on the right a count of the images, of the selected ones and the zoom.

``CanvasToolbar(canvas, clear, parent)`` — every action but Clear canvas drives ``canvas``
(``widgets/image_canvas.ImageCanvas``) itself; ``clear`` is the panel's slot (clearing also stops what the panel
does with the images). :meth:`update_counts` refreshes the count (it follows the canvas's zoom by itself);
:meth:`update_actions` enables the actions that apply to what the canvas holds. The words are the Image panel's
(translation context "ImagePanel").
"""
from __future__ import annotations

from typing import Any, Callable

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication, Qt, Slot
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QLabel, QSizePolicy, QToolBar, QWidget

from aigc_studio.ui.widgets.image_canvas import ImageCanvas


class CanvasToolbar(QToolBar):
    """The canvas's zoom, grid, sort, select and clear actions, and its counts (see the module docstring)."""

    def __init__(self, canvas: ImageCanvas, clear: Callable[[], Any], parent: QWidget | None = None):
        super().__init__(parent)
        self.canvas = canvas
        self.setObjectName("CanvasToolbar")
        self.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
        # QT_TRANSLATE_NOOP marks the words for lupdate; _action translates them.
        self.fit_action = self._action(QT_TRANSLATE_NOOP("ImagePanel", "Fit"), canvas.fit_all,
                                       QT_TRANSLATE_NOOP("ImagePanel", "Show every image (key 0)"))
        self.actual_action = self._action(QT_TRANSLATE_NOOP("ImagePanel", "100%"), canvas.actual_size,
                                          QT_TRANSLATE_NOOP("ImagePanel", "Actual pixels (key 1)"))
        self.zoom_out_action = self._action(
            QT_TRANSLATE_NOOP("ImagePanel", "−"), canvas.zoom_out,
            QT_TRANSLATE_NOOP("ImagePanel", "Zoom out (key −, or Ctrl + mouse wheel)"))
        self.zoom_in_action = self._action(
            QT_TRANSLATE_NOOP("ImagePanel", "+"), canvas.zoom_in,
            QT_TRANSLATE_NOOP("ImagePanel", "Zoom in (key +, or Ctrl + mouse wheel)"))
        self.addSeparator()
        self.grid_action = self._action(
            QT_TRANSLATE_NOOP("ImagePanel", "Grid"), canvas.set_grid_visible,
            QT_TRANSLATE_NOOP("ImagePanel", "Frame every image slot; from 800 % also the pixel grid"), checkable=True)
        self.sort_action = self._action(QT_TRANSLATE_NOOP("ImagePanel", "Sort by score"), self.sort_by_score,
                                        QT_TRANSLATE_NOOP("ImagePanel", "Put the best-scored images first (Best of N)"))
        self.addSeparator()
        self.select_all_action = self._action(
            QT_TRANSLATE_NOOP("ImagePanel", "Select all"), canvas.select_all,
            QT_TRANSLATE_NOOP("ImagePanel", "Select every image on the canvas (Ctrl+A)"))
        self.clear_action = self._action(
            QT_TRANSLATE_NOOP("ImagePanel", "Clear canvas"), clear,
            QT_TRANSLATE_NOOP("ImagePanel", "Remove every image from the canvas (saved files stay)"))
        self.count_label = QLabel(self)
        self.count_label.setObjectName("CanvasCountLabel")
        spacer = QWidget(self)
        spacer.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Preferred)
        self.addWidget(spacer)
        self.addWidget(self.count_label)
        canvas.zoom_changed.connect(self.update_counts)

    def _action(self, text: str, slot: Any, tip: str, checkable: bool = False) -> QAction:
        """An action of the toolbar; ``text`` and ``tip`` are untranslated words of the "ImagePanel" context."""
        a = QAction(QCoreApplication.translate("ImagePanel", text), self)
        tip = QCoreApplication.translate("ImagePanel", tip)
        a.setToolTip(tip)
        a.setStatusTip(tip)
        a.setCheckable(checkable)
        (a.toggled if checkable else a.triggered).connect(slot)
        self.addAction(a)
        return a

    @Slot()
    def sort_by_score(self) -> None:
        """Best score first: in the one section the selected images belong to, else in every section."""
        sections = {it.section for it in self.canvas.selected_images()}
        if len(sections) == 1:
            self.canvas.sort_by_score(next(iter(sections)))
        else:
            self.canvas.sort_by_score()

    def update_counts(self, *_: Any) -> None:
        """"12 images · 2 selected · 100 %"."""
        total = self.canvas.image_count()
        sel = len(self.canvas.selected_images()) if total else 0
        parts = [QCoreApplication.translate("ImagePanel", "%1 images").replace("%1", str(total))]
        if sel:
            parts.append(QCoreApplication.translate("ImagePanel", "%1 selected").replace("%1", str(sel)))
        parts.append(f"{self.canvas.zoom() * 100:.0f} %")
        self.count_label.setText(" · ".join(parts))

    def update_actions(self) -> None:
        """Sort needs scored images; Select all and Clear canvas need images."""
        has_images = self.canvas.image_count() > 0
        self.sort_action.setEnabled(any(it.score is not None for it in self.canvas.images()))
        self.clear_action.setEnabled(has_images)
        self.select_all_action.setEnabled(has_images)
