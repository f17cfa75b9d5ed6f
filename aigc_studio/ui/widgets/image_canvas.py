"""The image canvas: every image of the session on one zoomable, pannable surface, in sections (one per job).

``ImageCanvas`` is a ``QGraphicsView`` that renders an ``ImageSession`` (``ui/components/image_session.py``: the
sections and images of the session, and what makes each image, in plain Python): it listens to the session and
keeps one graphics item per image. Each image is a :class:`CanvasImage` — a light ``QGraphicsItem`` that paints
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
from typing import Any, Iterable

import numpy as np
from PySide6.QtCore import QCoreApplication, QLineF, QPoint, QPointF, QRectF, Qt, QTimer, Signal
from PySide6.QtGui import QBrush, QColor, QFont, QImage, QKeySequence, QPainter, QPalette, QPen, QPixmap
from PySide6.QtWidgets import (QGraphicsItem, QGraphicsPixmapItem, QGraphicsScene, QGraphicsView,
                               QStyleOptionGraphicsItem, QWidget)

from aigc_studio.ui.components.image_session import ImageItem, ImageSection, ImageSession
from aigc_studio.ui.panels.common import tr_core_text

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


class Section:
    """Where a section of the session (``model``, an ``ImageSection``) is drawn: its top, its slots' positions and
    the graphics items of its images (``items``: job index -> :class:`CanvasImage`)."""

    def __init__(self, model: ImageSection, top: float):
        self.model = model
        self.top = top
        self.items: dict[int, CanvasImage] = {}
        self.laid_out = (model.capacity, model.cell)     # what the layout was computed for

    id = property(lambda self: self.model.id)
    capacity = property(lambda self: self.model.capacity)
    columns = property(lambda self: self.model.columns)
    job_id = property(lambda self: self.model.job_id)
    mode = property(lambda self: self.model.mode)
    title = property(lambda self: self.model.title)
    cell_w = property(lambda self: self.model.cell[0])
    cell_h = property(lambda self: self.model.cell[1])
    caption_h = property(lambda self: CAPTION_H if self.model.scored else 0)

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
    """The graphics item of one image of the session (``data``, an ``ImageItem``: the pixels that are saved, the
    spec that reproduces it alone, its latent, score and caption — read here through properties).

    The item itself paints nothing (``ItemHasNoContents``): it is what is selected and hit. Its pixels are a child
    ``QGraphicsPixmapItem``, painted by Qt in C++ — no Python runs per image when the view repaints, which keeps a
    canvas of 1,000 images smooth. The checkerboard, selection frames, pixel grid and scores are drawn by the view
    for what is exposed (``ImageCanvas.drawBackground`` / ``drawForeground``)."""

    def __init__(self, data: ImageItem, section: Section, session: ImageSession, smooth: bool = False):
        super().__init__()
        self.data = data
        self.section = section
        self._session = session
        self.setFlag(QGraphicsItem.GraphicsItemFlag.ItemIsSelectable, True)
        self.setFlag(QGraphicsItem.GraphicsItemFlag.ItemHasNoContents, True)
        self._pix = QGraphicsPixmapItem(self)
        self._pix.setAcceptedMouseButtons(Qt.MouseButton.NoButton)
        self._pix.setShapeMode(QGraphicsPixmapItem.ShapeMode.BoundingRectShape)
        self.set_smooth(smooth)
        self._w = self._h = 0
        self.show_pixels()
        self.setToolTip(self.describe())

    # --- the image's data (the session holds it) --------------------------------------------------------------
    rgba = property(lambda self: self.data.rgba)
    spec = property(lambda self: self.data.spec)
    latent = property(lambda self: self.data.latent)
    score = property(lambda self: self.data.score)
    label = property(lambda self: self.data.caption)
    saved_path = property(lambda self: self.data.saved_path)
    index = property(lambda self: self.data.index)
    slot = property(lambda self: self.data.slot)

    def set_info(self, spec: dict | None = None, latent: Iterable[float] | None = None, score: float | None = None,
                 label: str = "") -> None:
        self._session.set_info(self.data, spec, latent, score, label)

    def show_pixels(self) -> None:
        pm = rgba_to_pixmap(self.data.rgba)
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

    def refresh(self) -> None:
        """Repaint what the view draws around the image (frame, score)."""
        scene = self.scene()
        if scene is not None:
            scene.update(self.sceneBoundingRect().adjusted(-4, -4, 4, 4 + self.section.caption_h))

    def describe(self) -> str:
        """One line for the tooltip and the panel: model, then seed (sampled images) or the job's label (frame 3/8,
        variation 2, reconstruction), then the score."""
        return describe(self.data)

    # --- QGraphicsItem ----------------------------------------------------------------------------------------
    def boundingRect(self) -> QRectF:
        return QRectF(0, 0, self._w, self._h)

    def paint(self, painter: QPainter, option: QStyleOptionGraphicsItem, widget: QWidget | None = None) -> None:
        pass                                   # never called (ItemHasNoContents)


def describe(item: ImageItem) -> str:
    """Model, then seed (sampled images) or the caption (frame 3/8, variation 2, reconstruction), then the score."""
    parts = []
    spec = item.spec or {}
    if spec.get("model"):
        parts.append(str(spec["model"]))
    if spec.get("mode") == "sample" and "seed" in spec:
        parts.append(QCoreApplication.translate("ImageCanvas", "seed %1").replace("%1", str(spec["seed"])))
    elif item.caption:
        parts.append(tr_core_text(item.caption))         # "frame 3/8", "reconstruction": in the interface's words
    if item.score is not None:
        parts.append(QCoreApplication.translate("ImageCanvas", "score %1").replace("%1", f"{item.score:.3f}"))
    return " · ".join(parts)


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

    def __init__(self, parent: QWidget | None = None, session: ImageSession | None = None):
        super().__init__(parent)
        self.setObjectName("ImageCanvas")
        self._scene = QGraphicsScene(self)
        self.setScene(self._scene)
        self.session = session if session is not None else ImageSession()
        self.sections: list[Section] = []         # the session's sections, as drawn
        self._views: dict[int, Section] = {}      # ImageSection.id -> its Section
        self._reveal_new = True
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
        self.session.subscribe(self._on_session)
        self._reflow_timer = QTimer(self)          # a resize reflows the columns once it settles
        self._reflow_timer.setSingleShot(True)
        self._reflow_timer.setInterval(80)
        self._reflow_timer.timeout.connect(self.reflow)
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
        """Add a section of ``count`` slots under ``title`` to the session (drawn below everything else).
        ``columns`` defaults to what fits the view's width now (the layout is never redone when the window is
        resized)."""
        cw = cell[0]
        if columns is None:     # what fits the view (as if the vertical scroll bar were shown: no jumps)
            columns = self.columns_that_fit(cw)
        self._reveal_new = scroll
        try:
            model = self.session.add_section(title, count, max(1, int(columns)), job_id=job_id, mode=mode,
                                             scored=scored, cell=cell)
        finally:
            self._reveal_new = True
        return self._views[model.id]

    def columns_that_fit(self, cell_w: int, zoom: float | None = None) -> int:
        """How many cells of ``cell_w`` fit the view's width at ``zoom`` (the current zoom by default)."""
        width = self.width() - 2 * self.frameWidth() - self.verticalScrollBar().sizeHint().width()
        visible = max(width, 480) / max(self._zoom if zoom is None else zoom, 1e-6) - 2 * SCENE_MARGIN
        return max(1, min(MAX_COLUMNS, int((visible + CELL_GAP) // (cell_w + CELL_GAP))))

    def reflow(self, zoom: float | None = None) -> bool:
        """Give every section (but an interpolation's single row) as many columns as fit the view's width now,
        and place the sections again. True when the layout changed."""
        changed = False
        for s in self.sections:
            if s.mode == "interpolate":
                continue
            cols = max(1, min(self.columns_that_fit(s.cell_w, zoom), s.capacity))
            if cols != s.model.columns:
                s.model.columns = cols
                changed = True
        if changed:
            self._restack()
        return changed

    def _height_at(self, zoom: float) -> float:
        """The height of everything (scene units) when reflowed for ``zoom``."""
        total = 0.0
        for s in self.sections:
            cols = s.columns if s.mode == "interpolate" else max(1, min(self.columns_that_fit(s.cell_w, zoom),
                                                                         s.capacity))
            rows = max(1, math.ceil(s.capacity / cols))
            total += HEADER_H + rows * (s.cell_h + s.caption_h + CELL_GAP) - CELL_GAP + SECTION_GAP
        return total

    def resizeEvent(self, event: Any) -> None:
        super().resizeEvent(event)
        self._reflow_timer.start()

    def view_of(self, section: Section | ImageSection) -> Section | None:
        """The drawn Section of a session's section (itself for a Section)."""
        return section if isinstance(section, Section) else self._views.get(section.id)

    def item_of(self, data: ImageItem) -> CanvasImage | None:
        """The graphics item of one image of the session."""
        view = self._views.get(data.section.id)
        item = view.items.get(data.index) if view is not None else None
        return item if item is not None and item.data is data else None

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

    def set_images(self, section: Section | ImageSection, images: dict[int, np.ndarray]) -> list[CanvasImage]:
        """Put images into slots (``{job index: rgba}``) of the session: new slots get an item, filled ones new
        pixels. Returns their graphics items."""
        model = section.model if isinstance(section, Section) else section
        return [it for it in map(self.item_of, self.session.set_images(model, images)) if it is not None]

    def remove_section(self, section: Section | ImageSection) -> None:
        self.session.remove_section(section.model if isinstance(section, Section) else section)

    def clear(self) -> None:
        """Remove every image and section."""
        self.session.clear()

    def sort_by_score(self, section: Section | ImageSection | None = None) -> None:
        """Reorder a section's images (all scored sections without one) by score, best first."""
        self.session.sort_by_score(section.model if isinstance(section, Section) else section)

    # --- rendering the session ----------------------------------------------------------------------------------
    def _on_session(self, event: str, model: ImageSection | None, items: list[ImageItem]) -> None:
        view = self._views.get(model.id) if model is not None else None
        if event == "section" and model is not None:
            view = Section(model, self._next_top())
            self.sections.append(view)
            self._views[model.id] = view
            self._update_scene_rect()
            if self._reveal_new:
                self.reveal(view)
        elif event == "pixels" and view is not None:
            for data in items:
                item = view.items.get(data.index)
                if item is None or item.data is not data:
                    item = CanvasImage(data, view, self.session, smooth=self._smooth)
                    view.items[data.index] = item
                    item.setPos(view.slot_pos(item.slot))
                    self._scene.addItem(item)
                else:
                    item.show_pixels()
            if view.laid_out != (model.capacity, model.cell):
                view.laid_out = (model.capacity, model.cell)
                self._restack()
        elif event == "info" and view is not None:
            for data in items:
                item = view.items.get(data.index)
                if item is not None:
                    item.setToolTip(item.describe())
                    item.refresh()
        elif event == "order" and view is not None:
            for it in view.items.values():
                it.setPos(view.slot_pos(it.slot))
            self._scene.update()
        elif event == "removed" and view is not None:
            for item in list(view.items.values()):
                self._forget(item)
                self._scene.removeItem(item)
            self.sections.remove(view)
            del self._views[model.id]
            self._restack()
        elif event == "cleared":
            self._scene.clearSelection()
            self._scene.clear()
            self.sections.clear()
            self._views.clear()
            self._order.clear()
            self._selected.clear()
            self._anchor = None
            self._update_scene_rect()
            self.selection_changed.emit()

    def _forget(self, item: CanvasImage) -> None:
        if item in self._order:
            self._order.remove(item)
        if self._anchor is item:
            self._anchor = None
        self._selected.discard(item)

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
        m11 = self.transform().m11()
        self._zoom = z if abs(m11 - z) <= 1e-9 * z else m11       # no drift from repeated scaling
        self.setTransformationAnchor(old)
        self.reflow()                            # the columns follow the width the view shows at this zoom
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
        """Zoom so every image fits (at most 800 %), the columns filling the view's width at that zoom: the
        largest zoom at which the reflowed images are no taller than the view."""
        rect = self._scene.itemsBoundingRect()
        if rect.isEmpty():
            self.set_zoom(DEFAULT_ZOOM)
            return
        vp = self.viewport().rect()
        lo, hi = MIN_ZOOM, 8.0
        for _ in range(24):                      # the reflowed height grows with the zoom: bisect
            mid = (lo + hi) / 2
            if (self._height_at(mid) + 16) * mid <= vp.height():
                lo = mid
            else:
                hi = mid
        self.set_zoom(lo)
        rect = self._scene.itemsBoundingRect().adjusted(-8, -8, 8, 8)
        z = min(lo, vp.width() / max(rect.width(), 1.0), vp.height() / max(rect.height(), 1.0))
        if z < self._zoom - 1e-6:
            self.set_zoom(z)
        self.centerOn(self._scene.itemsBoundingRect().center())

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
        # zoomed in far, titles and scores stop growing; zoomed out, they keep a readable size (down to 50 %)
        k = max(1.0, lod / CAPTION_MAX_ZOOM) if lod >= 1.0 else max(lod, CAPTION_MIN_ZOOM)
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
