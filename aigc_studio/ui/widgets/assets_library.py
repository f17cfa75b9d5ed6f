"""The Assets dock: everything saved in the output folder, newest first, searchable, with favourites.

``AssetsLibrary(store_getter)`` asks ``store_getter()`` for the current ``core.assets.AssetStore`` on every refresh
(the output folder can change in Settings). Each row shows a preview (for text: its first lines), the model, the
date and a star for favourites; a row may carry a thumbnail (``AssetListModel.set_thumbnail`` or an
``AssetRecord.thumbnail`` of PNG bytes / a file path / a QPixmap), which the delegate draws on the left — images and
sounds bring theirs later, text rows draw a small kind badge instead.

Actions (buttons, context menu, keys): Reuse settings (double-click, Enter), Favourite (F), Open, Reveal in folder,
Copy path, Delete (Del, after a confirmation). ``reuse_requested(spec)`` and ``open_requested(path)`` go to the
window.
"""
from __future__ import annotations

import logging
import threading
from collections import OrderedDict, deque
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

from PySide6.QtCore import (QAbstractListModel, QModelIndex, QObject, QPersistentModelIndex, QRect, QSize, Qt,
                            QTimer, QUrl, Signal, Slot)
from PySide6.QtGui import (QAction, QDesktopServices, QFont, QFontMetrics, QGuiApplication, QImage, QKeySequence,
                           QPainter, QPalette, QPixmap)
from PySide6.QtWidgets import (QAbstractItemView, QApplication, QComboBox, QHBoxLayout, QLabel, QLineEdit,
                               QListView, QMenu, QMessageBox, QStackedWidget, QStyle, QStyledItemDelegate,
                               QStyleOptionViewItem, QToolBar, QToolButton, QVBoxLayout, QWidget)

from aigc_studio.core.assets import load_spec
from aigc_studio.core.base.errors import user_message
from aigc_studio.ui.widgets.asset_titles import asset_details, asset_title, searchable

log = logging.getLogger(__name__)

SEARCH_DEBOUNCE_MS = 250
THUMB = 56                 # thumbnail square, px
PREVIEW_LINES = 2
LIST_LIMIT = 1_000_000     # the whole library is listed (rows cost nothing until shown)

ROLE_PATH = Qt.ItemDataRole.UserRole + 1
ROLE_KIND = Qt.ItemDataRole.UserRole + 2
ROLE_MODEL = Qt.ItemDataRole.UserRole + 3
ROLE_CREATED = Qt.ItemDataRole.UserRole + 4
ROLE_FAVOURITE = Qt.ItemDataRole.UserRole + 5
ROLE_THUMBNAIL = Qt.ItemDataRole.UserRole + 6
ROLE_PREVIEW = Qt.ItemDataRole.UserRole + 7
ROLE_RECORD = Qt.ItemDataRole.UserRole + 8
_ROLE_ATTRS = {ROLE_PATH: "path", ROLE_KIND: "kind", ROLE_MODEL: "model", ROLE_CREATED: "created",
               ROLE_FAVOURITE: "favourite", ROLE_THUMBNAIL: "thumbnail", ROLE_PREVIEW: "preview",
               ROLE_RECORD: "record"}


@dataclass
class _Row:
    record: Any
    path: str
    kind: str
    model: str
    created: str
    favourite: bool
    preview: str
    thumbnail: QPixmap | None = None
    source: Any = None              # where the thumbnail comes from (a file path or PNG bytes), read when shown
    spec_json: str = ""
    _title: str | None = None       # what the asset is, in words (asset_titles.asset_title), made when first shown
    _details: str | None = None     # every stored setting, one per line, made when first shown

    @property
    def title(self) -> str:
        if self._title is None:
            self._title = asset_title(self.kind, self.spec_json, self.path, self.preview)
        return self._title

    @property
    def details(self) -> str:
        if self._details is None:
            self._details = asset_details(self.kind, self.spec_json, self.path, self.created)
        return self._details


class FromThreads(QObject):
    """Work done by short-lived Python threads, its results handed to the GUI thread without a single Qt call in
    those threads: a thread appends ``(callback, value)`` to a deque; a timer of the GUI thread drains it every
    ``POLL_MS`` while work is out, and stops when none is. (A Qt signal emitted from a Python thread makes Qt adopt
    that thread; with short-lived threads this crashed the window once in about 30 launches, in the event loop.)"""

    POLL_MS = 10

    def __init__(self, parent: QObject | None = None):
        super().__init__(parent)
        self._lock = threading.Lock()
        self._items: deque[tuple[Any, Any]] = deque()
        self._out = 0
        self._timer = QTimer(self)
        self._timer.setInterval(self.POLL_MS)
        self._timer.timeout.connect(self._drain)

    def run(self, work: Any, callback: Any, name: str) -> None:
        """GUI thread: ``work()`` on a new thread, then ``callback((value, None))`` or ``callback((None, error))``
        on the GUI thread."""
        with self._lock:
            self._out += 1
        if not self._timer.isActive():
            self._timer.start()
        threading.Thread(target=self._work, args=(work, callback), name=name, daemon=True).start()

    def post(self, callback: Any, value: Any) -> None:
        """Any thread, while a :meth:`run` is out: ``callback(value)`` on the GUI thread."""
        self._items.append((callback, value))

    def _work(self, work: Any, callback: Any) -> None:
        try:
            value: Any = (work(), None)
        except Exception as exc:  # noqa: BLE001 — handed to the callback
            value = (None, exc)
        self._items.append((callback, value))
        with self._lock:
            self._out -= 1

    @Slot()
    def _drain(self) -> None:
        while self._items:
            callback, value = self._items.popleft()
            try:
                callback(value)
            except Exception:  # noqa: BLE001 — one failing callback must not stop the others
                log.exception("a background result could not be shown")
        with self._lock:
            idle = self._out == 0
        if idle and not self._items:
            self._timer.stop()

    def busy(self) -> bool:
        with self._lock:
            return self._out > 0 or bool(self._items)


class ThumbnailLoader(QObject):
    """Reads and scales thumbnails off the GUI thread, one at a time, newest request first: ``request(key,
    source)`` (a file path or image bytes) ends in ``loaded(key, QImage)`` on the GUI thread (a null image when the
    file cannot be read). QImage is safe to make in another thread; the QPixmap is made from it on the GUI thread
    (a 56 px copy). Requests for rows scrolled past are dropped, not decoded: only what is asked for last is read."""

    loaded = Signal(str, QImage)
    MAX_PENDING = 64

    def __init__(self, side: int, parent: QObject | None = None):
        super().__init__(parent)
        self.side = side
        self._lock = threading.Lock()
        self._wanted: OrderedDict[str, Any] = OrderedDict()   # key -> source, the latest request last
        self._busy = False
        self._closed = False
        self._results = FromThreads(self)
        self.destroyed.connect(self._close)

    def request(self, key: str, source: Any) -> None:
        with self._lock:
            if self._closed:
                return
            self._wanted.pop(key, None)
            self._wanted[key] = source
            while len(self._wanted) > self.MAX_PENDING:       # scrolled far past: the oldest requests go
                self._wanted.popitem(last=False)
            if self._busy:
                return
            self._busy = True
        self._results.run(self._work, lambda _: None, "asset-thumbnails")

    def _close(self, *_: Any) -> None:
        with self._lock:
            self._closed = True
            self._wanted.clear()

    def _work(self) -> None:
        while True:
            with self._lock:
                if self._closed or not self._wanted:
                    self._busy = False
                    return
                key, source = self._wanted.popitem(last=True)
            self._results.post(self._emit, (key, self._read(source)))

    def _emit(self, item: tuple[str, Any]) -> None:
        """GUI thread: the decoded pixels become a QImage here (QImage's file reading makes QObjects, which would
        tie the reading thread to Qt)."""
        key, pixels = item
        if self._closed:
            return
        image = QImage()
        if pixels is not None:
            data, w, h = pixels
            image = QImage(data, w, h, 4 * w, QImage.Format.Format_RGBA8888).copy()
        self.loaded.emit(key, image)

    def _read(self, source: Any) -> tuple[bytes, int, int] | None:
        """Any thread: the thumbnail's RGBA bytes and size (PIL, no Qt), scaled to twice the row's side (sharp on a
        2x screen); None when it cannot be read."""
        import io

        from PIL import Image
        try:
            with Image.open(io.BytesIO(bytes(source)) if isinstance(source, (bytes, bytearray, memoryview))
                            else str(source)) as im:
                im.draft("RGB", (self.side * 2, self.side * 2))     # JPEG: decode at a reduced size
                im = im.convert("RGBA")
                im.thumbnail((self.side * 2, self.side * 2), Image.Resampling.LANCZOS)
                return im.tobytes(), im.width, im.height
        except Exception:  # noqa: BLE001 — an unreadable file shows the kind badge instead
            return None


def _short_model(model: str) -> str:
    m = str(model or "")
    if "/" in m or "\\" in m:
        return Path(m.replace("\\", "/").rstrip("/")).name or m
    return m


def _when(created: str) -> str:
    """'2025-01-31T14:05:00+01:00' -> '2025-01-31 14:05' (today: just the time)."""
    try:
        t = datetime.fromisoformat(str(created))
    except (TypeError, ValueError):
        return str(created or "")
    if t.date() == datetime.now(t.tzinfo).date():
        return t.strftime("%H:%M")
    return t.strftime("%Y-%m-%d %H:%M")


class AssetListModel(QAbstractListModel):
    """The library's rows. Display is the preview's first line; the roles above carry the rest.

    Nothing per row is made before the row is shown: the title and details when first asked for, the thumbnail
    (a file or PNG bytes of the record) read and scaled by a :class:`ThumbnailLoader` thread when the view first
    paints the row, then kept (at most ``THUMB_CACHE`` pixmaps, the least recently shown dropped first)."""

    THUMB_CACHE = 600

    def __init__(self, parent: Any = None):
        super().__init__(parent)
        self._rows: list[_Row] = []
        self._by_path: dict[str, int] = {}
        self._thumbs: OrderedDict[str, QPixmap] = OrderedDict()   # path -> scaled thumbnail, kept across refreshes
        self._failed: set[str] = set()
        self.loader = ThumbnailLoader(THUMB, self)
        self.loader.loaded.connect(self._on_thumbnail)

    def set_records(self, records: list[Any]) -> None:
        self.beginResetModel()
        self._rows = []
        self._failed.clear()
        for r in records:
            thumb = getattr(r, "thumbnail", None)
            path = str(getattr(r, "path", ""))
            row = _Row(record=r, path=path, kind=str(getattr(r, "kind", "") or ""),
                       model=str(getattr(r, "model", "") or ""), created=str(getattr(r, "created", "") or ""),
                       favourite=bool(getattr(r, "favourite", False)), preview=str(getattr(r, "preview", "") or ""),
                       spec_json=str(getattr(r, "spec_json", "") or ""))
            if isinstance(thumb, QPixmap):
                row.thumbnail = thumb if not thumb.isNull() else None
            elif thumb is not None:
                row.source = thumb
                row.thumbnail = self._thumbs.get(path)
            self._rows.append(row)
        self._by_path = {row.path: i for i, row in enumerate(self._rows)}
        self.endResetModel()

    def _thumbnail_of(self, row: _Row) -> QPixmap | None:
        if row.thumbnail is None and row.source is not None and row.path not in self._failed:
            cached = self._thumbs.get(row.path)
            if cached is not None:
                self._thumbs.move_to_end(row.path)
                row.thumbnail = cached
            else:
                self.loader.request(row.path, row.source)
        return row.thumbnail

    @Slot(str, QImage)
    def _on_thumbnail(self, path: str, image: QImage) -> None:
        if image.isNull():
            self._failed.add(path)          # the kind badge stays; asked again after the next refresh
            return
        pm = QPixmap.fromImage(image)
        self._thumbs[path] = pm
        while len(self._thumbs) > self.THUMB_CACHE:
            old, _ = self._thumbs.popitem(last=False)
            i = self._by_path.get(old, -1)
            if 0 <= i < len(self._rows) and self._rows[i].source is not None:
                self._rows[i].thumbnail = None          # read again if it is shown again
        i = self._by_path.get(path, -1)
        if 0 <= i < len(self._rows) and self._rows[i].source is not None:
            self._rows[i].thumbnail = pm
            idx = self.index(i)
            self.dataChanged.emit(idx, idx, [ROLE_THUMBNAIL])

    def rowCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self._rows)

    def data(self, index: QModelIndex | QPersistentModelIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not (0 <= index.row() < len(self._rows)):
            return None
        row = self._rows[index.row()]
        if role == Qt.ItemDataRole.DisplayRole:
            return row.title or Path(row.path).name
        if role == Qt.ItemDataRole.ToolTipRole:
            return row.details or f"{row.path}\n{row.model}\n{row.created}"
        if role == ROLE_THUMBNAIL:
            return self._thumbnail_of(row)
        attr = _ROLE_ATTRS.get(role)
        return getattr(row, attr) if attr else None

    def row_of(self, path: str) -> int:
        return self._by_path.get(str(path), -1)

    def record(self, row: int) -> Any:
        return self._rows[row].record if 0 <= row < len(self._rows) else None

    def remove_row(self, row: int) -> None:
        """Take one row out at once (a deleted asset), before the list is read again."""
        if 0 <= row < len(self._rows):
            self.beginRemoveRows(QModelIndex(), row, row)
            del self._rows[row]
            self._by_path = {r.path: i for i, r in enumerate(self._rows)}
            self.endRemoveRows()

    def set_favourite(self, row: int, on: bool) -> None:
        if 0 <= row < len(self._rows):
            self._rows[row].favourite = bool(on)
            idx = self.index(row)
            self.dataChanged.emit(idx, idx, [ROLE_FAVOURITE])

    def set_thumbnail(self, path: str, pixmap: QPixmap | None) -> None:
        """Give a row its thumbnail (image and audio assets; generated off the GUI thread by their owner)."""
        row = self.row_of(str(path))
        if row >= 0:
            self._rows[row].thumbnail = pixmap
            self._rows[row].source = None            # given by its owner: not read from the file
            idx = self.index(row)
            self.dataChanged.emit(idx, idx, [ROLE_THUMBNAIL])


class AssetDelegate(QStyledItemDelegate):
    """[thumbnail or kind badge]  first lines of the preview          ★
                                  model · date"""

    PAD = 6

    def sizeHint(self, option: QStyleOptionViewItem, index: QModelIndex | QPersistentModelIndex) -> QSize:
        fm = QFontMetrics(option.font)
        text_h = fm.lineSpacing() * (PREVIEW_LINES + 1) + 2
        return QSize(200, max(THUMB, text_h) + 2 * self.PAD)

    def paint(self, painter, option: QStyleOptionViewItem, index: QModelIndex | QPersistentModelIndex) -> None:
        opt = QStyleOptionViewItem(option)
        self.initStyleOption(opt, index)
        widget = opt.widget
        style = widget.style() if widget is not None else QApplication.style()
        opt.text = ""
        style.drawPrimitive(QStyle.PrimitiveElement.PE_PanelItemViewItem, opt, painter, widget)

        selected = bool(opt.state & QStyle.StateFlag.State_Selected)
        pal = opt.palette
        text_colour = pal.color(QPalette.ColorRole.HighlightedText if selected else QPalette.ColorRole.Text)
        muted = pal.color(QPalette.ColorRole.HighlightedText if selected else QPalette.ColorRole.PlaceholderText)
        r = opt.rect.adjusted(self.PAD, self.PAD, -self.PAD, -self.PAD)
        painter.save()
        try:
            # Thumbnail or kind badge.
            thumb_rect = QRect(r.left(), r.top(), THUMB, min(THUMB, r.height()))
            pm = index.data(ROLE_THUMBNAIL)
            if isinstance(pm, QPixmap) and not pm.isNull():
                # drawn into its square by the painter (no scaled copy made per paint)
                size = pm.size().scaled(thumb_rect.size(), Qt.AspectRatioMode.KeepAspectRatio)
                x = thumb_rect.left() + (thumb_rect.width() - size.width()) // 2
                y = thumb_rect.top() + (thumb_rect.height() - size.height()) // 2
                painter.setRenderHint(QPainter.RenderHint.SmoothPixmapTransform, True)
                painter.drawPixmap(QRect(x, y, size.width(), size.height()), pm)
            else:
                painter.setPen(muted)
                painter.drawRoundedRect(thumb_rect.adjusted(1, 1, -1, -1), 6, 6)
                badge = {"text": "T", "image": "▣", "audio": "♪"}.get(str(index.data(ROLE_KIND)), "?")
                f = QFont(opt.font)
                f.setPointSizeF(max(f.pointSizeF(), 8.0) * 1.6)
                painter.setFont(f)
                painter.drawText(thumb_rect, Qt.AlignmentFlag.AlignCenter, badge)

            text_rect = QRect(thumb_rect.right() + 1 + self.PAD, r.top(),
                              r.right() - thumb_rect.right() - self.PAD, r.height())
            fm = QFontMetrics(opt.font)
            star_w = fm.horizontalAdvance("★") + 4
            if index.data(ROLE_FAVOURITE):
                painter.setFont(opt.font)
                painter.setPen(pal.color(QPalette.ColorRole.HighlightedText) if selected else Qt.GlobalColor.darkYellow)
                painter.drawText(QRect(text_rect.right() - star_w, text_rect.top(), star_w, fm.lineSpacing()),
                                 Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignTop, "★")
            # Preview lines.
            painter.setFont(opt.font)
            painter.setPen(text_colour)
            # a text shows its first lines; an image or a sound its title (the settings in words)
            lines = [ln.strip() for ln in str(index.data(ROLE_PREVIEW) or "").splitlines() if ln.strip()] \
                if index.data(ROLE_KIND) == "text" else []
            if not lines:
                lines = [str(index.data(Qt.ItemDataRole.DisplayRole) or "")]
            y = text_rect.top()
            for i, line in enumerate(lines[:PREVIEW_LINES]):
                width = text_rect.width() - (star_w if i == 0 else 0)
                painter.drawText(QRect(text_rect.left(), y, width, fm.lineSpacing()),
                                 Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter,
                                 fm.elidedText(line, Qt.TextElideMode.ElideRight, width))
                y += fm.lineSpacing()
            # Model · date.
            small = QFont(opt.font)
            small.setPointSizeF(max(small.pointSizeF() * 0.85, 7.0))
            painter.setFont(small)
            painter.setPen(muted)
            sfm = QFontMetrics(small)
            meta = " · ".join(x for x in (_short_model(index.data(ROLE_MODEL)), _when(index.data(ROLE_CREATED)))
                              if x)
            bottom = QRect(text_rect.left(), text_rect.bottom() - sfm.lineSpacing() + 1, text_rect.width(),
                           sfm.lineSpacing())
            painter.drawText(bottom, Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter,
                             sfm.elidedText(meta, Qt.TextElideMode.ElideRight, text_rect.width()))
        finally:
            painter.restore()


class AssetsLibrary(QWidget):
    """The library view. ``refresh()`` re-reads the store (the window calls it after a save)."""

    reuse_requested = Signal(object)     # a job spec
    open_requested = Signal(str)         # a file path
    train_favourites_requested = Signal(str)   # "Train on favourites": a kind ("image" | "audio" | "text")

    def __init__(self, store_getter: Any, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("AssetsLibrary")
        self.store_getter = store_getter
        self.last_error = ""

        self.search_edit = QLineEdit(self)
        self.search_edit.setObjectName("AssetSearch")
        self.search_edit.setPlaceholderText(self.tr("Search prompts, text and models…"))
        self.search_edit.setClearButtonEnabled(True)
        self.kind_combo = QComboBox(self)
        for label, kind in ((self.tr("All"), None), (self.tr("Text"), "text"), (self.tr("Images"), "image"),
                            (self.tr("Sounds"), "audio")):
            self.kind_combo.addItem(label, kind)
        self.kind_combo.setToolTip(self.tr("Show only one kind of asset"))
        self.favourites_button = QToolButton(self)
        self.favourites_button.setObjectName("FavouritesOnly")
        self.favourites_button.setText(self.tr("★ Favourites"))
        self.favourites_button.setCheckable(True)
        self.favourites_button.setToolTip(self.tr("Show only favourites"))

        self.model = AssetListModel(self)
        self.view = QListView(self)
        self.view.setObjectName("AssetList")
        self.view.setModel(self.model)
        self.view.setItemDelegate(AssetDelegate(self.view))
        self.view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.view.setUniformItemSizes(True)
        self.view.setVerticalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
        self.view.setAlternatingRowColors(True)
        self.view.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self.empty_label = QLabel(self)
        self.empty_label.setObjectName("EmptyLabel")
        self.empty_label.setWordWrap(True)
        self.empty_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.empty_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.empty_label.setMargin(12)
        self.stack = QStackedWidget(self)
        self.stack.addWidget(self.view)
        self.stack.addWidget(self.empty_label)

        self.reuse_action = QAction(self.tr("Reuse settings"), self)
        self.reuse_action.setToolTip(self.tr("Load this asset's settings into its panel (double-click)"))
        self.favourite_action = QAction(self.tr("Favourite"), self)
        self.favourite_action.setCheckable(True)
        self.favourite_action.setToolTip(self.tr("Mark or unmark as a favourite"))
        self.favourite_action.setShortcut(QKeySequence(Qt.Key.Key_F))
        self.open_action = QAction(self.tr("Open"), self)
        self.open_action.setToolTip(self.tr("Open the file with its usual application"))
        self.reveal_action = QAction(self.tr("Reveal in folder"), self)
        self.reveal_action.setToolTip(self.tr("Show the folder that holds this file"))
        self.copy_action = QAction(self.tr("Copy path"), self)
        self.copy_action.setToolTip(self.tr("Copy the file's path to the clipboard"))
        self.delete_action = QAction(self.tr("Delete…"), self)
        self.delete_action.setToolTip(self.tr("Delete the file and its settings (asks first)"))
        self.delete_action.setShortcut(QKeySequence(QKeySequence.StandardKey.Delete))
        self.details_action = QAction(self.tr("Details…"), self)
        self.details_action.setToolTip(self.tr("Every setting this asset was made with"))
        self.details_action.triggered.connect(self.show_details)
        self.refresh_action = QAction(self.tr("Refresh"), self)
        self.refresh_action.setToolTip(self.tr("Read the output folder again"))
        for act in (self.favourite_action, self.delete_action):
            act.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
            self.view.addAction(act)
        self.reuse_action.triggered.connect(self.reuse_selected)
        self.favourite_action.triggered.connect(self.toggle_favourite)
        self.open_action.triggered.connect(self.open_selected)
        self.reveal_action.triggered.connect(self.reveal_selected)
        self.copy_action.triggered.connect(self.copy_path)
        self.delete_action.triggered.connect(self.delete_selected)
        self.refresh_action.triggered.connect(self.refresh)
        self.train_action = QAction(self.tr("Train on favourites"), self)
        self.train_action.setObjectName("TrainOnFavourites")
        self.train_action.setToolTip(self.tr("Make the favourites of this kind a dataset and fine-tune a model on "
                                             "them in the Train tab"))
        self.train_action.triggered.connect(self.request_training)

        top = QHBoxLayout()
        top.setSpacing(4)
        top.addWidget(self.search_edit, 1)
        top.addWidget(self.kind_combo)
        top.addWidget(self.favourites_button)
        # A tool bar: when the dock is narrow the last actions move into its » menu instead of widening it.
        self.toolbar = QToolBar(self)
        self.toolbar.setObjectName("AssetActions")
        self.toolbar.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
        self.toolbar.setMovable(False)
        self.toolbar.setFloatable(False)
        for act in (self.reuse_action, self.favourite_action, self.reveal_action, self.copy_action,
                    self.delete_action):
            self.toolbar.addAction(act)
        self.toolbar.addSeparator()
        self.toolbar.addAction(self.train_action)
        self.search_edit.setMinimumWidth(80)
        lay = QVBoxLayout(self)
        lay.setContentsMargins(4, 4, 4, 4)
        lay.setSpacing(4)
        lay.addLayout(top)
        # files of the output folder the library could not read (a hand-edited sidecar): said, not hidden
        self.note_label = QLabel(self)
        self.note_label.setObjectName("LibraryNote")
        self.note_label.setWordWrap(True)
        self.note_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.note_label.hide()
        lay.addWidget(self.note_label)
        lay.addWidget(self.stack, 1)
        lay.addWidget(self.toolbar)

        self._search_timer = QTimer(self)
        self._search_timer.setSingleShot(True)
        self._search_timer.setInterval(SEARCH_DEBOUNCE_MS)
        self._search_timer.timeout.connect(self.refresh_later)
        self._load_generation = 0
        self._pending_load: int | None = None
        self._reads = FromThreads(self)      # the store read by a thread, the rows shown by the GUI thread
        self.search_edit.textChanged.connect(self._on_search_changed)
        # every read of the store grows with the library: off the GUI thread (refresh_later), the rows follow
        self.search_edit.returnPressed.connect(self.refresh_later)
        self.favourites_button.toggled.connect(self.refresh_later)
        self.kind_combo.currentIndexChanged.connect(self.refresh_later)
        self.view.doubleClicked.connect(self._on_double_clicked)
        self.view.activated.connect(self._on_double_clicked)
        self.view.customContextMenuRequested.connect(self._context_menu)
        self.view.selectionModel().selectionChanged.connect(self._update_actions)

        self._select_row_after_load: int | None = None     # after a delete: the row that takes its place
        self.empty_label.setText(self.tr("Reading the library…"))
        self.stack.setCurrentWidget(self.empty_label)
        self._update_actions()
        self.refresh_later()                 # the window opens at once; 1,000 assets arrive ~50 ms later

    # --- reading the store --------------------------------------------------------------------------------
    @Slot()
    def _on_search_changed(self, *_: Any) -> None:
        self._search_timer.start()         # debounced: one query after typing pauses

    def _filters(self) -> tuple[str, Any, bool]:
        return self.search_edit.text().strip(), self.kind_combo.currentData(), self.favourites_button.isChecked()

    @staticmethod
    def _read(store: Any, query: str, kind: Any, favourites: bool) -> list[Any]:
        """The records to list (any thread): the store's search, plus, for a search, what the titles and details
        show ("seed 7", "blend", "FLAC")."""
        records = list(store.search(query=query, kind=kind, favourites=favourites, limit=LIST_LIMIT))
        if query:
            found = {str(getattr(r, "path", "")) for r in records}
            words = query.lower().split()
            extra = [r for r in store.search(query="", kind=kind, favourites=favourites, limit=LIST_LIMIT)
                     if str(getattr(r, "path", "")) not in found
                     and all(w in searchable(str(getattr(r, "kind", "")), getattr(r, "spec_json", ""),
                                             str(getattr(r, "path", "")), str(getattr(r, "preview", "") or ""))
                             for w in words)]
            if extra:
                records = sorted(records + extra, key=lambda r: str(getattr(r, "created", "")), reverse=True)
        return records

    def is_loading(self) -> bool:
        """A background read (``refresh_later``) has not arrived yet."""
        return self._pending_load is not None

    @Slot()
    def refresh_later(self) -> None:
        """Re-read the store in a background thread (after a save, after typing in the search box pauses): the
        query and the check that each file is still there grow with the library, so they stay off the GUI thread;
        the rows replace the list when they arrive (a newer request wins over an older one)."""
        self._search_timer.stop()
        self._load_generation += 1
        generation = self._load_generation
        filters = self._filters()
        try:
            store = self.store_getter()
        except Exception as exc:  # noqa: BLE001 — shown as refresh() shows it
            self._pending_load = None         # an older read still under way is outdated: nothing is loading
            self._apply(filters, None, exc)
            return
        self._pending_load = generation

        self._reads.run(lambda: self._read(store, *filters),
                        lambda result: self._on_loaded(generation, (filters, store, result)), "asset-library-read")

    def _on_loaded(self, generation: int, payload: Any) -> None:
        if generation != self._load_generation:
            return                        # a newer read (or a synchronous refresh) came after this one
        self._pending_load = None
        filters, store, (records, exc) = payload
        if filters != self._filters():    # the filters changed while it read: read again
            self.refresh_later()
            return
        self._apply(filters, records, exc, store)

    @Slot()
    def refresh(self) -> None:
        """Query the store now, with the search text, kind and favourites filter; keeps the selection. (The window
        uses :meth:`refresh_later` where the list may follow a moment later.)"""
        self._search_timer.stop()
        self._load_generation += 1        # a background read still under way is outdated
        self._pending_load = None
        filters = self._filters()
        store = None
        try:
            store = self.store_getter()
            records, exc = self._read(store, *filters), None
        except Exception as e:  # noqa: BLE001
            records, exc = None, e
        self._apply(filters, records, exc, store)

    def _apply(self, filters: tuple[str, Any, bool], records: list[Any] | None, exc: BaseException | None,
               store: Any = None) -> None:
        """Show what a read found (or why it failed), keeping the selection."""
        query, kind, favourites = filters
        selected = self.selected_path()
        if exc is not None:  # an unreadable folder: say so, keep the window working
            self._select_row_after_load = None
            log.warning("reading the asset library failed: %s", exc)
            records = []
            self.last_error = user_message(exc)
            self.empty_label.setText(self.tr("The library cannot be read: %1").replace("%1", self.last_error))
            self.model.set_records([])
            self.stack.setCurrentWidget(self.empty_label)
            self._update_actions()
            return
        self.last_error = ""
        self._show_skipped(getattr(store, "skipped", None) or {})
        self.model.set_records(records)
        after_delete, self._select_row_after_load = self._select_row_after_load, None
        if records:
            self.stack.setCurrentWidget(self.view)
            row = self.model.row_of(selected) if selected else -1
            if row < 0 and after_delete is not None:
                row = min(after_delete, len(records) - 1)
            if row >= 0:
                self.view.setCurrentIndex(self.model.index(row))
        else:
            if query:
                text = self.tr("Nothing matches “%1”.").replace("%1", query)
            elif favourites:
                text = self.tr("No favourites yet — select an asset and press ★ Favourite.")
            elif kind:
                text = self.tr("No assets of this kind yet.")
            else:
                text = self.tr("No assets yet — generate something and press Ctrl+S.")
            self.empty_label.setText(text)
            self.stack.setCurrentWidget(self.empty_label)
        self._update_actions()

    def _show_skipped(self, skipped: dict) -> None:
        """Name the files the store left out (their settings are damaged), or hide the note."""
        if not skipped:
            self.note_label.hide()
            return
        names = ", ".join(sorted(str(p).rsplit("/", 1)[-1] for p in skipped)[:5])
        text = self.tr("Not listed, their settings are damaged (%1 files): %2").replace(
            "%1", str(len(skipped))).replace("%2", names + (" …" if len(skipped) > 5 else ""))
        self.note_label.setText(text)
        self.note_label.setToolTip("\n".join(f"{p}: {why}" for p, why in sorted(skipped.items())))
        self.note_label.show()

    def empty_text(self) -> str:
        """The message shown instead of the list ("" when the list is shown)."""
        return self.empty_label.text() if self.stack.currentWidget() is self.empty_label else ""

    # --- selection ------------------------------------------------------------------------------------------
    def selected_row(self) -> int:
        idx = self.view.currentIndex()
        sel = self.view.selectionModel().selectedIndexes()
        if sel:
            idx = sel[0]
        return idx.row() if idx.isValid() else -1

    def selected_path(self) -> str | None:
        row = self.selected_row()
        return self.model.data(self.model.index(row), ROLE_PATH) if row >= 0 else None

    def select_path(self, path: str) -> bool:
        row = self.model.row_of(str(path))
        if row < 0:
            return False
        self.view.setCurrentIndex(self.model.index(row))
        return True

    def paths(self) -> list[str]:
        return [self.model.data(self.model.index(i), ROLE_PATH) for i in range(self.model.rowCount())]

    @Slot()
    def _update_actions(self, *_: Any) -> None:
        row = self.selected_row()
        has = row >= 0
        for act in (self.reuse_action, self.favourite_action, self.open_action, self.reveal_action,
                    self.copy_action, self.delete_action, self.details_action):
            act.setEnabled(has)
        self.favourite_action.setChecked(bool(has and self.model.data(self.model.index(row), ROLE_FAVOURITE)))

    def _context_menu(self, pos) -> None:
        idx = self.view.indexAt(pos)
        if idx.isValid():
            self.view.setCurrentIndex(idx)
        menu = QMenu(self)
        if idx.isValid():
            for act in (self.reuse_action, self.favourite_action, self.details_action, None, self.open_action,
                        self.reveal_action, self.copy_action, None, self.delete_action):
                menu.addSeparator() if act is None else menu.addAction(act)
            menu.addSeparator()
        menu.addAction(self.refresh_action)
        menu.popup(self.view.viewport().mapToGlobal(pos))

    @Slot()
    def show_details(self) -> str:
        """A box with every setting of the selected asset (also the row's tooltip); returns its text."""
        row = self.selected_row()
        if row < 0:
            return ""
        title = str(self.model.data(self.model.index(row), Qt.ItemDataRole.DisplayRole) or "")
        text = str(self.model.data(self.model.index(row), Qt.ItemDataRole.ToolTipRole) or "")
        box = QMessageBox(QMessageBox.Icon.Information, title, text, QMessageBox.StandardButton.Close, self)
        box.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        box.open()
        self.details_box = box
        return text

    def _show_error(self, text: str) -> None:
        self.last_error = text
        QMessageBox.warning(self, self.tr("Assets"), text)

    # --- actions --------------------------------------------------------------------------------------------
    @Slot(QModelIndex)
    def _on_double_clicked(self, index: QModelIndex) -> None:
        if index.isValid():
            self.view.setCurrentIndex(index)
            self.reuse_selected()

    @Slot()
    def reuse_selected(self) -> None:
        """Emit ``reuse_requested(spec)`` with the selected asset's settings."""
        row = self.selected_row()
        if row < 0:
            return
        rec = self.model.record(row)
        try:
            spec = getattr(rec, "spec", None)
            if spec is None:
                spec = load_spec(self.model.data(self.model.index(row), ROLE_PATH))
        except Exception as exc:  # noqa: BLE001 — an unknown kind, a damaged sidecar
            self._show_error(self.tr("The settings of this asset cannot be reused: %1")
                             .replace("%1", user_message(exc)))
            return
        self.reuse_requested.emit(spec)

    @Slot()
    def toggle_favourite(self) -> None:
        row = self.selected_row()
        if row < 0:
            return
        path = self.model.data(self.model.index(row), ROLE_PATH)
        on = not self.model.data(self.model.index(row), ROLE_FAVOURITE)
        try:
            self.store_getter().set_favourite(path, on)
        except Exception as exc:  # noqa: BLE001
            self._show_error(user_message(exc))
            self._update_actions()
            return
        if self.favourites_button.isChecked() and not on:
            self.refresh_later()               # it leaves the favourites-only list
        else:
            self.model.set_favourite(row, on)
            self._update_actions()
            if self.is_loading():
                self.refresh_later()           # a read under way began before this change: read again

    @Slot()
    def request_training(self) -> str:
        """"Train on favourites": the kind shown (else the selected asset's, else images) goes to the window."""
        kind = self.kind_combo.currentData()
        if not kind:
            row = self.selected_row()
            kind = self.model.data(self.model.index(row), ROLE_KIND) if row >= 0 else None
        kind = str(kind) if kind in ("image", "audio", "text") else "image"
        self.train_favourites_requested.emit(kind)
        return kind

    @Slot()
    def open_selected(self) -> None:
        path = self.selected_path()
        if path:
            self.open_requested.emit(path)

    @Slot()
    def reveal_selected(self) -> None:
        """Open the folder holding the asset in the file manager."""
        path = self.selected_path()
        if not path:
            return
        folder = Path(path).parent
        if not QDesktopServices.openUrl(QUrl.fromLocalFile(str(folder))):
            self._show_error(self.tr("No file manager could be opened. The file is in %1").replace("%1", str(folder)))

    @Slot()
    def copy_path(self) -> None:
        path = self.selected_path()
        if path:
            QGuiApplication.clipboard().setText(path)

    @Slot()
    def delete_selected(self) -> bool:
        """Delete the selected asset (file and sidecar) after a confirmation. True if it was deleted."""
        path = self.selected_path()
        if not path:
            return False
        answer = QMessageBox.question(
            self, self.tr("Delete asset"),
            self.tr("Delete “%1” and its saved settings? This cannot be undone.").replace("%1", Path(path).name),
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No, QMessageBox.StandardButton.No)
        if answer != QMessageBox.StandardButton.Yes:
            return False
        row = self.selected_row()
        try:
            self.store_getter().delete(path)
        except Exception as exc:  # noqa: BLE001
            self._show_error(user_message(exc))
            return False
        self.model.remove_row(row)               # gone from the list at once; the store is read again behind
        if self.model.rowCount():
            self.view.setCurrentIndex(self.model.index(min(row, self.model.rowCount() - 1)))
        self._update_actions()
        self._select_row_after_load = row       # if the new read no longer holds the selection: the next asset
        self.refresh_later()
        return True
