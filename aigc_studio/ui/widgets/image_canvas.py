"""The image canvas: every image of the session on one zoomable, pannable surface, in sections (one per job).

``ImageCanvas`` is a ``QGraphicsView``. Each image is a :class:`CanvasImage` — a light ``QGraphicsItem`` that paints
its pixmap at native size (64×64 for the emoji models) and lets the view transform scale it, so zooming never
re-lays-out or re-renders anything; only the items in view are painted (the scene's BSP index finds them).

* **Sections**: ``add_section(title, count, ...)`` reserves a block of slots under a header; new sections go below
  the last one and the view scrolls to them. ``set_images(section, {index: rgba})`` fills or replaces slots (a
  preview replaced by a later one, a slider preview replacing an image in place). Empty slots are drawn faintly
  so a running job shows where its images will appear.
* **Zoom**: Ctrl + wheel (about the pointer), the keys ``+``/``-``, ``0`` fits everything, ``1`` is 100 %. A plain
  wheel scrolls, like every document view. **Pan**: middle-drag, or hold Space and drag, or the scroll bars.
* **Selection**: click, Ctrl+click (toggle), Shift+click (range, in canvas order), a rubber band (Ctrl adds to the
  selection), Ctrl+A. ``selection_order()`` remembers the order in which images were picked (interpolation goes
  from the first picked to the second).
* **Look**: a checkerboard behind every image (transparent pixels show as such, at a constant on-screen size);
  the grid toggle frames every slot and, from 800 %, draws the pixel grid. Pixels stay sharp when zoomed in and are
  smoothed when zoomed out. A score (best of N) is written under its image.
* Dropped files are not opened here: ``files_dropped(paths)`` goes to the panel. With ``accept_suffixes`` set,
  other files are refused, so the drop reaches the window (a text file dropped on the canvas opens in its tab).

Counters for tests and the benchmark: ``paint_count`` (viewport repaints) and ``image_count()``; ``painted`` is
emitted after every repaint.
"""
from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import Any, Iterable

import numpy as np
from PySide6.QtCore import QCoreApplication, QLineF, QPoint, QPointF, QRectF, Qt, Signal
from PySide6.QtGui import QBrush, QColor, QFont, QImage, QKeySequence, QPainter, QPalette, QPen, QPixmap
from PySide6.QtWidgets import (QGraphicsItem, QGraphicsPixmapItem, QGraphicsScene, QGraphicsView,
                               QStyleOptionGraphicsItem, QWidget)

CELL_GAP = 8             # scene units between images
HEADER_H = 18            # section header height
SECTION_GAP = 18         # space between sections
CAPTION_H = 12           # room under each image of a scored section
CAPTION_MAX_ZOOM = 1.75  # above this zoom a score keeps its on-screen size
CAPTION_MIN_ZOOM = 0.5   # below this zoom scores are too small to read and are not drawn
MIN_ZOOM, MAX_ZOOM = 0.1, 32.0
DEFAULT_ZOOM = 2.0
ZOOM_STEP = 1.25
PIXEL_GRID_ZOOM = 8.0    # the pixel grid appears from this zoom when the grid is on
CHECKER_PX = 8           # checkerboard square, device pixels
MAX_COLUMNS = 32
SCENE_MARGIN = 24        # room around everything, scene units


def rgba_to_pixmap(rgba: np.ndarray) -> QPixmap:
    """A straight-alpha uint8 (H, W, 4) array (or RGB (H, W, 3)) as a QPixmap."""
    a = np.asarray(rgba)
    if a.dtype != np.uint8:
        a = np.clip(a, 0, 255).astype(np.uint8)
    if a.ndim == 2:
        a = np.repeat(a[:, :, None], 3, axis=2)
    if a.shape[2] == 3:
        a = np.concatenate([a, np.full(a.shape[:2] + (1,), 255, np.uint8)], axis=2)
    a = np.ascontiguousarray(a)
    h, w = a.shape[:2]
    img = QImage(a.data, w, h, w * 4, QImage.Format.Format_RGBA8888)
    return QPixmap.fromImage(img)      # converts (copies) now; the array may go


def as_rgba(images: Any) -> np.ndarray:
    """Images from an ImagePreview as a uint8 (N, H, W, 4) array."""
    a = np.asarray(images)
    if a.ndim == 3:                     # one image
        a = a[None]
    if a.dtype != np.uint8:
        a = np.clip(a, 0, 255).astype(np.uint8)
    if a.ndim == 3 or a.shape[-1] not in (3, 4):
        raise ValueError(f"not an image batch: shape {a.shape}")
    if a.shape[-1] == 3:
        a = np.concatenate([a, np.full(a.shape[:-1] + (1,), 255, np.uint8)], axis=-1)
    return a


@dataclass(eq=False)
class Section:
    """A block of slots under a header: the images of one job."""
    id: int
    title: str
    capacity: int
    columns: int
    top: float
    cell_w: int = 64
    cell_h: int = 64
    caption_h: int = 0
    job_id: str | None = None
    mode: str = ""
    items: dict[int, "CanvasImage"] = field(default_factory=dict)   # job index -> item

    @property
    def rows(self) -> int:
        return max(1, math.ceil(self.capacity / max(1, self.columns)))

    @property
    def height(self) -> float:
        return HEADER_H + self.rows * (self.cell_h + self.caption_h + CELL_GAP) - CELL_GAP

    @property
    def width(self) -> float:
        cols = min(self.columns, max(1, self.capacity))
        return cols * (self.cell_w + CELL_GAP) - CELL_GAP

    def slot_pos(self, slot: int) -> QPointF:
        col, row = slot % self.columns, slot // self.columns
        return QPointF(col * (self.cell_w + CELL_GAP), self.top + HEADER_H + row * (self.cell_h + self.caption_h
                                                                                     + CELL_GAP))

    def slot_rect(self, slot: int) -> QRectF:
        p = self.slot_pos(slot)
        return QRectF(p.x(), p.y(), self.cell_w, self.cell_h)

    def rect(self) -> QRectF:
        return QRectF(0, self.top, max(self.width, 1), self.height)

    def ordered(self) -> list["CanvasImage"]:
        return sorted(self.items.values(), key=lambda it: it.slot)


class CanvasImage(QGraphicsItem):
    """One image and what makes it: ``spec`` (the dict of the per-image spec that reproduces it alone),
    ``latent``, ``score`` (best of N), ``label``; ``rgba`` is the straight-alpha uint8 array that is saved.

    The item itself paints nothing (``ItemHasNoContents``): it is what is selected and hit. Its pixels are a child
    ``QGraphicsPixmapItem``, painted by Qt in C++ — no Python runs per image when the view repaints, which keeps a
    canvas of 1,000 images smooth. The checkerboard, selection frames, pixel grid and scores are drawn by the view
    for what is exposed (``ImageCanvas.drawBackground`` / ``drawForeground``)."""

    def __init__(self, section: Section, index: int, rgba: np.ndarray, smooth: bool = False):
        super().__init__()
        self.section = section
        self.index = index                 # position in the job
        self.slot = index                  # position in the section (changes when sorted)
        self.spec: dict[str, Any] | None = None
        self.latent: list[float] | None = None
        self.score: float | None = None
        self.label: str = ""
        self.saved_path: str | None = None
        self.state: dict[str, Any] = {}    # what the panel keeps per image (slider amounts, the original...)
        self.setFlag(QGraphicsItem.GraphicsItemFlag.ItemIsSelectable, True)
        self.setFlag(QGraphicsItem.GraphicsItemFlag.ItemHasNoContents, True)
        self._pix = QGraphicsPixmapItem(self)
        self._pix.setAcceptedMouseButtons(Qt.MouseButton.NoButton)
        self._pix.setShapeMode(QGraphicsPixmapItem.ShapeMode.BoundingRectShape)
        self.set_smooth(smooth)
        self._w = self._h = 0
        self.rgba = rgba
        self.set_rgba(rgba)

    # --- data -------------------------------------------------------------------------------------------------
    def set_rgba(self, rgba: np.ndarray) -> None:
        self.rgba = rgba
        pm = rgba_to_pixmap(rgba)
        if (pm.width(), pm.height()) != (self._w, self._h):
            self.prepareGeometryChange()
            self._w, self._h = pm.width(), pm.height()
        self._pix.setPixmap(pm)

    def pixmap(self) -> QPixmap:
        return self._pix.pixmap()

    def set_smooth(self, smooth: bool) -> None:
        """Smooth when shown smaller than native size, sharp pixels when larger."""
        self._pix.setTransformationMode(Qt.TransformationMode.SmoothTransformation if smooth else
                                        Qt.TransformationMode.FastTransformation)

    def set_info(self, spec: dict | None = None, latent: Iterable[float] | None = None, score: float | None = None,
                 label: str = "") -> None:
        self.spec = dict(spec) if isinstance(spec, dict) else None
        self.latent = [float(x) for x in latent] if latent is not None else None
        self.score = float(score) if isinstance(score, (int, float)) and not isinstance(score, bool) else None
        self.label = str(label or "")
        self.saved_path = None
        self.setToolTip(self.describe())
        self.refresh()

    def refresh(self) -> None:
        """Repaint what the view draws around the image (frame, score)."""
        scene = self.scene()
        if scene is not None:
            scene.update(self.sceneBoundingRect().adjusted(-4, -4, 4, 4 + self.section.caption_h))

    def describe(self) -> str:
        """One line for the tooltip and the panel: model, then seed (sampled images) or the job's label (frame 3/8,
        variation 2, reconstruction), then the score."""
        parts = []
        spec = self.spec or {}
        if spec.get("model"):
            parts.append(str(spec["model"]))
        if spec.get("mode") == "sample" and "seed" in spec:
            parts.append(QCoreApplication.translate("ImageCanvas", "seed %1").replace("%1", str(spec["seed"])))
        elif self.label:
            parts.append(self.label)
        if self.score is not None:
            parts.append(QCoreApplication.translate("ImageCanvas", "score %1").replace("%1", f"{self.score:.3f}"))
        return " · ".join(parts)

    # --- QGraphicsItem ----------------------------------------------------------------------------------------
    def boundingRect(self) -> QRectF:
        return QRectF(0, 0, self._w, self._h)

    def paint(self, painter: QPainter, option: QStyleOptionGraphicsItem, widget: QWidget | None = None) -> None:
        pass                                   # never called (ItemHasNoContents)


def make_checker(light: QColor, dark: QColor) -> QPixmap:
    pm = QPixmap(2 * CHECKER_PX, 2 * CHECKER_PX)
    pm.fill(light)
    p = QPainter(pm)
    p.fillRect(0, 0, CHECKER_PX, CHECKER_PX, dark)
    p.fillRect(CHECKER_PX, CHECKER_PX, CHECKER_PX, CHECKER_PX, dark)
    p.end()
    return pm


class ImageCanvas(QGraphicsView):
    """See the module docstring."""

    selection_changed = Signal()
    files_dropped = Signal(list)             # local paths dropped on the canvas
    zoom_changed = Signal(float)
    context_menu_requested = Signal(QPoint)  # global position; the selection is already set
    painted = Signal()                       # after each repaint of the viewport

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("ImageCanvas")
        self._scene = QGraphicsScene(self)
        self.setScene(self._scene)
        self.sections: list[Section] = []
        self._ids = 0
        self._order: list[CanvasImage] = []       # selection order (first picked first)
        self._anchor: CanvasImage | None = None   # the last plainly clicked image (Shift+click ranges from it)
        self._pan_from: QPoint | None = None
        self._space = False
        self._zoom = 1.0
        self.paint_count = 0
        self.accept_suffixes: tuple[str, ...] | None = None   # dropped files taken (lower case); None: any
        self._grid = False
        self._smooth = False                      # images shown below native size are smoothed
        self._selected: set[CanvasImage] = set()
        self._checker = QBrush(make_checker(QColor("#ffffff"), QColor("#cccccc")))
        self._grid_colour = QColor(128, 128, 128, 110)
        self._caption_font = QFont(self.font())
        self._caption_font.setPixelSize(8)
        self._header_font = QFont(self.font())
        self._header_font.setPixelSize(10)

        self.setRenderHint(QPainter.RenderHint.Antialiasing, False)
        self.setRenderHint(QPainter.RenderHint.TextAntialiasing, True)
        self.setDragMode(QGraphicsView.DragMode.RubberBandDrag)
        self.setRubberBandSelectionMode(Qt.ItemSelectionMode.IntersectsItemShape)
        self.setTransformationAnchor(QGraphicsView.ViewportAnchor.AnchorUnderMouse)
        self.setResizeAnchor(QGraphicsView.ViewportAnchor.AnchorViewCenter)
        self.setViewportUpdateMode(QGraphicsView.ViewportUpdateMode.SmartViewportUpdate)
        self.setOptimizationFlag(QGraphicsView.OptimizationFlag.DontAdjustForAntialiasing, True)
        self.setAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop)
        self.setAcceptDrops(True)
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self._apply_palette()
        self._scene.selectionChanged.connect(self._on_selection_changed)
        self.set_zoom(DEFAULT_ZOOM)
        self._update_scene_rect()

    def _apply_palette(self) -> None:
        pal = self.palette()
        window = pal.color(QPalette.ColorRole.Window)
        dark = window.lightness() < 128
        self._background = window.darker(125) if dark else window.darker(108)
        self._slot_colour = QColor(128, 128, 128, 40)
        self._text_colour = pal.color(QPalette.ColorRole.WindowText)
        self._highlight = pal.color(QPalette.ColorRole.Highlight)
        self.setBackgroundBrush(self._background)

    # ======================================================================================== sections ========
    def add_section(self, title: str, count: int, *, columns: int | None = None, job_id: str | None = None,
                    mode: str = "", scored: bool = False, cell: tuple[int, int] = (64, 64),
                    scroll: bool = True) -> Section:
        """Reserve ``count`` slots under ``title`` below everything else. ``columns`` defaults to what fits the
        view's width now (the layout is never redone when the window is resized)."""
        count = max(1, int(count))
        cw, ch = cell
        if columns is None:     # what fits the view (as if the vertical scroll bar were shown: no jumps)
            width = self.width() - 2 * self.frameWidth() - self.verticalScrollBar().sizeHint().width()
            visible = max(width, 480) / max(self._zoom, 1e-6) - 2 * SCENE_MARGIN
            columns = min(MAX_COLUMNS, int((visible + CELL_GAP) // (cw + CELL_GAP)))
        columns = max(1, min(int(columns), count))
        top = self._next_top()
        self._ids += 1
        s = Section(id=self._ids, title=title, capacity=count, columns=columns, top=top, cell_w=cw, cell_h=ch,
                    caption_h=CAPTION_H if scored else 0, job_id=job_id, mode=mode)
        self.sections.append(s)
        self._update_scene_rect()
        if scroll:
            self.reveal(s)
        return s

    def reveal(self, section: Section) -> None:
        """Scroll so the top of ``section`` (its header and first rows) is in view, from the left edge."""
        visible_h = self.viewport().height() / max(self._zoom, 1e-6)
        rect = QRectF(0, section.top, 1, min(section.height, max(visible_h - 32, 1)))
        self.horizontalScrollBar().setValue(self.horizontalScrollBar().minimum())
        self.ensureVisible(rect, 0, 16)
        self.horizontalScrollBar().setValue(self.horizontalScrollBar().minimum())

    def _next_top(self) -> float:
        if not self.sections:
            return 0.0
        last = self.sections[-1]
        return last.top + last.height + SECTION_GAP

    def set_title(self, section: Section, title: str) -> None:
        section.title = title
        self._scene.update(QRectF(0, section.top, max(section.width, 1), HEADER_H).adjusted(0, 0, 2000, 0))

    def set_images(self, section: Section, images: dict[int, np.ndarray]) -> list[CanvasImage]:
        """Put images into slots (``{job index: rgba}``): new slots get an item, filled ones new pixels."""
        changed = []
        grow = False
        for index, rgba in images.items():
            item = section.items.get(index)
            if item is None:
                if not section.items:                       # the first image sets the cell size
                    h, w = rgba.shape[:2]
                    if (w, h) != (section.cell_w, section.cell_h):
                        section.cell_w, section.cell_h = int(w), int(h)
                        grow = True
                item = CanvasImage(section, index, rgba, smooth=self._smooth)
                if index >= section.capacity:
                    section.capacity = index + 1
                    grow = True
                section.items[index] = item
                item.setPos(section.slot_pos(item.slot))
                self._scene.addItem(item)
            else:
                item.set_rgba(rgba)
            changed.append(item)
        if grow:
            self._restack()
        return changed

    def remove_section(self, section: Section) -> None:
        if section not in self.sections:
            return
        for item in list(section.items.values()):
            self._forget(item)
            self._scene.removeItem(item)
        self.sections.remove(section)
        self._restack()

    def remove_images(self, items: Iterable[CanvasImage]) -> None:
        for item in list(items):
            sec = item.section
            if sec.items.get(item.index) is item:
                del sec.items[item.index]
            self._forget(item)
            self._scene.removeItem(item)
        self._scene.update()

    def _forget(self, item: CanvasImage) -> None:
        if item in self._order:
            self._order.remove(item)
        if self._anchor is item:
            self._anchor = None
        self._selected.discard(item)

    def clear(self) -> None:
        """Remove every image and section."""
        self._scene.clearSelection()
        self._scene.clear()
        self.sections.clear()
        self._order.clear()
        self._selected.clear()
        self._anchor = None
        self._update_scene_rect()
        self.selection_changed.emit()

    def sort_by_score(self, section: Section | None = None) -> None:
        """Reorder a section's images (all scored sections without one) by score, best first."""
        for s in ([section] if section is not None else self.sections):
            scored = s.ordered()
            if not any(it.score is not None for it in scored):
                continue
            scored.sort(key=lambda it: (it.score is None, -(it.score or 0.0), it.slot))
            for slot, it in enumerate(scored):
                it.slot = slot
                it.setPos(s.slot_pos(slot))
        self._scene.update()

    def _restack(self) -> None:
        """Place the sections one under the other again (after one grew, changed cell size or went away)."""
        top = 0.0
        for s in self.sections:
            s.top = top
            for it in s.items.values():
                it.setPos(s.slot_pos(it.slot))
            top += s.height + SECTION_GAP
        self._update_scene_rect()
        self._scene.update()

    def _update_scene_rect(self) -> None:
        width = max([s.width for s in self.sections] + [64.0])
        height = max(self._next_top() - SECTION_GAP, 64.0)
        m = SCENE_MARGIN
        self._scene.setSceneRect(QRectF(-m, -m, width + 2 * m, height + 2 * m))

    # ======================================================================================== queries =========
    def images(self) -> list[CanvasImage]:
        """Every image, in canvas order (section by section, slot by slot)."""
        return [it for s in self.sections for it in s.ordered()]

    def image_count(self) -> int:
        return sum(len(s.items) for s in self.sections)

    def selected_images(self) -> list[CanvasImage]:
        """The selected images in canvas order."""
        return [it for it in self.images() if it.isSelected()]

    def selection_order(self) -> list[CanvasImage]:
        """The selected images in the order they were picked."""
        return [it for it in self._order if it.isSelected() and it.scene() is self._scene]

    def section_of_job(self, job_id: str) -> Section | None:
        for s in reversed(self.sections):
            if s.job_id == job_id:
                return s
        return None

    def select(self, items: Iterable[CanvasImage], add: bool = False) -> None:
        items = list(items)
        self._scene.blockSignals(True)
        try:
            if not add:
                self._scene.clearSelection()
            for it in items:
                it.setSelected(True)
        finally:
            self._scene.blockSignals(False)
        self._on_selection_changed()
        for it in items:                              # keep the order given
            if it in self._order:
                self._order.remove(it)
            self._order.append(it)

    def select_all(self) -> None:
        self.select(self.images())

    def select_range(self, a: CanvasImage, b: CanvasImage, add: bool = False) -> None:
        order = self.images()
        try:
            i, j = order.index(a), order.index(b)
        except ValueError:
            return
        lo, hi = min(i, j), max(i, j)
        self.select(order[lo:hi + 1], add=add)

    def _on_selection_changed(self) -> None:
        selected = {it for it in self._scene.selectedItems() if isinstance(it, CanvasImage)}
        for it in selected ^ self._selected:          # the view draws the frames: repaint where they change
            it.refresh()
        self._selected = selected
        self._order = [it for it in self._order if it in selected]
        for it in self.images():
            if it in selected and it not in self._order:
                self._order.append(it)
        self.selection_changed.emit()

    # ======================================================================================== zoom, grid ======
    def zoom(self) -> float:
        return self._zoom

    def set_zoom(self, z: float, anchor: QGraphicsView.ViewportAnchor | None = None) -> None:
        z = max(MIN_ZOOM, min(MAX_ZOOM, float(z)))
        old = self.transformationAnchor()
        self.setTransformationAnchor(anchor or QGraphicsView.ViewportAnchor.AnchorViewCenter)
        factor = z / self._zoom
        self.scale(factor, factor)
        self._zoom = self.transform().m11()
        self.setTransformationAnchor(old)
        smooth = self._zoom < 1.0
        if smooth != self._smooth:                # only when crossing 100 %: never per frame
            self._smooth = smooth
            for it in self.images():
                it.set_smooth(smooth)
        self.zoom_changed.emit(self._zoom)

    def zoom_in(self) -> None:
        self.set_zoom(self._zoom * ZOOM_STEP)

    def zoom_out(self) -> None:
        self.set_zoom(self._zoom / ZOOM_STEP)

    def actual_size(self) -> None:
        self.set_zoom(1.0)

    def fit_all(self) -> None:
        """Zoom so every image fits (at most 800 %)."""
        rect = self._scene.itemsBoundingRect()
        if rect.isEmpty():
            self.set_zoom(DEFAULT_ZOOM)
            return
        rect = rect.adjusted(-8, -8, 8, 8)
        vp = self.viewport().rect()
        z = min(vp.width() / rect.width(), vp.height() / rect.height())
        self.set_zoom(min(z, 8.0))
        self.centerOn(rect.center())

    def set_grid_visible(self, on: bool) -> None:
        self._grid = bool(on)
        self.viewport().update()

    def grid_visible(self) -> bool:
        return self._grid

    # ======================================================================================== painting ========
    def drawBackground(self, painter: QPainter, rect: QRectF) -> None:
        """The canvas colour, empty slots (where a running job's images will appear), the checkerboard behind each
        image and, with the grid on, a frame around every slot."""
        painter.fillRect(rect, self._background)
        to_device = painter.worldTransform()
        frame = 1.5 / max(to_device.m11(), 1e-6)                # just outside the image, on screen
        filled_rects, frames = [], []
        for s in self.sections:
            if not s.rect().adjusted(-4, -4, 4, 4).intersects(rect):
                continue
            filled = {it.slot for it in s.items.values()}
            for slot in range(s.capacity):
                r = s.slot_rect(slot)
                if not r.intersects(rect):
                    continue
                if slot in filled:
                    filled_rects.append(r)
                else:
                    painter.fillRect(r, self._slot_colour)
                if self._grid:
                    frames.append(r.adjusted(-frame, -frame, frame, frame))
        if frames:
            painter.setPen(QPen(self._grid_colour, 0))
            painter.setBrush(Qt.BrushStyle.NoBrush)
            painter.drawRects(frames)
        if filled_rects:                  # in device pixels: the squares keep their size at every zoom
            painter.save()
            painter.resetTransform()
            for r in filled_rects:
                painter.fillRect(to_device.mapRect(r), self._checker)
            painter.restore()

    def _visible_images(self, rect: QRectF) -> list[CanvasImage]:
        return [it for it in self._scene.items(rect, Qt.ItemSelectionMode.IntersectsItemBoundingRect)
                if isinstance(it, CanvasImage)]

    def drawForeground(self, painter: QPainter, rect: QRectF) -> None:
        """Selection frames, the pixel grid (grid on, from 800 %) and the scores under the images."""
        lod = max(painter.worldTransform().m11(), 1e-6)
        if self._selected:
            off = min(2.5, 1.5 / lod)
            frames = [it.sceneBoundingRect().adjusted(-off, -off, off, off) for it in self._selected]
            frames = [r for r in frames if r.intersects(rect)]
            if frames:
                pen = QPen(self._highlight, 2.0)
                pen.setCosmetic(True)
                pen.setJoinStyle(Qt.PenJoinStyle.MiterJoin)
                painter.setPen(pen)
                painter.setBrush(Qt.BrushStyle.NoBrush)
                painter.drawRects(frames)
        visible = None
        if self._grid and lod >= PIXEL_GRID_ZOOM:
            visible = self._visible_images(rect)
            lines = []
            for it in visible:
                r = it.sceneBoundingRect()
                lines += [QLineF(r.left() + x, r.top(), r.left() + x, r.bottom()) for x in range(1, int(r.width()))]
                lines += [QLineF(r.left(), r.top() + y, r.right(), r.top() + y) for y in range(1, int(r.height()))]
            if lines:
                painter.setPen(QPen(self._grid_colour, 0))
                painter.drawLines(lines)
        if lod < CAPTION_MIN_ZOOM:
            return
        k = max(1.0, lod / CAPTION_MAX_ZOOM)              # zoomed in far, titles and scores stop growing
        painter.setPen(self._text_colour)
        painter.setFont(self._header_font)
        for s in self.sections:
            head = QRectF(0, s.top, rect.right() + 1, HEADER_H)
            if head.intersects(rect):
                painter.save()
                painter.translate(0.0, s.top + HEADER_H - 3)
                painter.scale(1 / k, 1 / k)
                painter.drawText(QPointF(0, 0), s.title)
                painter.restore()
        if any(s.caption_h and s.rect().intersects(rect) for s in self.sections):
            painter.setFont(self._caption_font)
            for it in (visible if visible is not None else self._visible_images(rect.adjusted(0, -CAPTION_H, 0, 0))):
                if it.score is None or not it.section.caption_h:
                    continue
                r = it.sceneBoundingRect()
                painter.save()
                painter.translate(r.left(), r.bottom() + 1)
                painter.scale(1 / k, 1 / k)
                painter.drawText(QRectF(0, 0, r.width() * k, it.section.caption_h * k),
                                 int(Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignTop), f"{it.score:.2f}")
                painter.restore()

    def paintEvent(self, event: Any) -> None:
        super().paintEvent(event)
        self.paint_count += 1
        self.painted.emit()

    # ======================================================================================== input ===========
    def wheelEvent(self, event: Any) -> None:
        if event.modifiers() & Qt.KeyboardModifier.ControlModifier:
            delta = event.angleDelta().y() or event.angleDelta().x()
            if delta:
                self.set_zoom(self._zoom * (ZOOM_STEP ** (delta / 120.0)),
                              QGraphicsView.ViewportAnchor.AnchorUnderMouse)
            event.accept()
            return
        super().wheelEvent(event)

    def keyPressEvent(self, event: Any) -> None:
        key = event.key()
        mods = event.modifiers() & ~Qt.KeyboardModifier.KeypadModifier
        if event.matches(QKeySequence.StandardKey.SelectAll):
            self.select_all()
            return
        if mods in (Qt.KeyboardModifier.NoModifier, Qt.KeyboardModifier.ShiftModifier):
            if key in (Qt.Key.Key_Plus, Qt.Key.Key_Equal):
                self.zoom_in()
                return
            if key in (Qt.Key.Key_Minus, Qt.Key.Key_Underscore):
                self.zoom_out()
                return
            if key == Qt.Key.Key_0:
                self.fit_all()
                return
            if key == Qt.Key.Key_1:
                self.actual_size()
                return
            if key == Qt.Key.Key_Space and not event.isAutoRepeat():
                self._space = True
                self.setDragMode(QGraphicsView.DragMode.NoDrag)
                self.viewport().setCursor(Qt.CursorShape.OpenHandCursor)
                return
        super().keyPressEvent(event)

    def keyReleaseEvent(self, event: Any) -> None:
        if event.key() == Qt.Key.Key_Space and not event.isAutoRepeat():
            self._space = False
            if self._pan_from is None:
                self._end_pan_mode()
            return
        super().keyReleaseEvent(event)

    def _end_pan_mode(self) -> None:
        self.setDragMode(QGraphicsView.DragMode.RubberBandDrag)
        self.viewport().unsetCursor()

    def _item_at(self, pos: QPoint) -> CanvasImage | None:
        for it in self.items(pos):
            if isinstance(it, CanvasImage):
                return it
        return None

    def mousePressEvent(self, event: Any) -> None:
        button = event.button()
        if button == Qt.MouseButton.MiddleButton or (button == Qt.MouseButton.LeftButton and self._space):
            self._pan_from = event.position().toPoint()
            self.viewport().setCursor(Qt.CursorShape.ClosedHandCursor)
            event.accept()
            return
        if button == Qt.MouseButton.LeftButton:
            item = self._item_at(event.position().toPoint())
            mods = event.modifiers()
            if item is not None and mods & Qt.KeyboardModifier.ShiftModifier and self._anchor is not None:
                self.select_range(self._anchor, item, add=bool(mods & Qt.KeyboardModifier.ControlModifier))
                event.accept()
                return
            if item is not None:
                self._anchor = item
        super().mousePressEvent(event)

    def mouseMoveEvent(self, event: Any) -> None:
        if self._pan_from is not None:
            pos = event.position().toPoint()
            d = pos - self._pan_from
            self._pan_from = pos
            self.horizontalScrollBar().setValue(self.horizontalScrollBar().value() - d.x())
            self.verticalScrollBar().setValue(self.verticalScrollBar().value() - d.y())
            event.accept()
            return
        super().mouseMoveEvent(event)

    def mouseReleaseEvent(self, event: Any) -> None:
        if self._pan_from is not None and event.button() in (Qt.MouseButton.MiddleButton,
                                                              Qt.MouseButton.LeftButton):
            self._pan_from = None
            if self._space:
                self.viewport().setCursor(Qt.CursorShape.OpenHandCursor)
            else:
                self._end_pan_mode()
            event.accept()
            return
        super().mouseReleaseEvent(event)

    def contextMenuEvent(self, event: Any) -> None:
        item = self._item_at(event.pos())
        if item is not None and not item.isSelected():
            self.select([item])
        self.context_menu_requested.emit(event.globalPos())
        event.accept()

    # --- dropped files ------------------------------------------------------------------------------------------
    def _local_files(self, event: Any) -> list[str]:
        """The dropped local files the canvas takes (``accept_suffixes``); others are left to the window."""
        md = event.mimeData()
        if md is None or not md.hasUrls():
            return []
        paths = [u.toLocalFile() for u in md.urls() if u.isLocalFile()]
        if self.accept_suffixes is None:
            return paths
        return [p for p in paths if p.lower().endswith(self.accept_suffixes)]

    def dragEnterEvent(self, event: Any) -> None:
        if self._local_files(event):
            event.acceptProposedAction()
        else:
            event.ignore()

    def dragMoveEvent(self, event: Any) -> None:
        if self._local_files(event):
            event.acceptProposedAction()
        else:
            event.ignore()

    def dropEvent(self, event: Any) -> None:
        paths = self._local_files(event)
        if not paths:
            event.ignore()
            return
        event.acceptProposedAction()
        self.files_dropped.emit(paths)
