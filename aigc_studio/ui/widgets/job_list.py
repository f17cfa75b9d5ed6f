"""The Jobs dock: every job's kind, model, short prompt, state, progress and message. Queued and running jobs
can be cancelled (button, context menu, Delete key); queued ones moved up or down. A failed job shows its
readable message (and the full text as a tooltip).

Progress events are frequent (one per token), so the list only marks rows dirty and repaints on a timer."""
from __future__ import annotations

from typing import Any

from PySide6.QtCore import QT_TRANSLATE_NOOP, QPoint, QSize, Qt, QTimer, Signal, Slot
from PySide6.QtGui import QAction, QBrush, QColor, QGuiApplication, QKeySequence, QPalette
from PySide6.QtWidgets import (QAbstractItemView, QApplication, QHeaderView, QMenu,
                               QStyle, QStyledItemDelegate, QStyleOptionProgressBar, QToolBar, QTreeWidget,
                               QTreeWidgetItem, QVBoxLayout, QWidget)

from aigc_studio.core.base.events import Progress
from aigc_studio.ui.engine_api import EngineAPI, JobInfo
from aigc_studio.ui.panels.common import ProgressSpeed, speed_words, tr_core_text

# the unit of a running job's speed, by kind (context "JobList")
KIND_UNITS = {"text": QT_TRANSLATE_NOOP("JobList", "%1 tokens/s"), "image": QT_TRANSLATE_NOOP("JobList", "%1 images/s"),
              "audio": QT_TRANSLATE_NOOP("JobList", "%1 sounds/s"),
              **{k: QT_TRANSLATE_NOOP("JobList", "%1 steps/s") for k in ("train-text", "train-image", "train-audio")}}

COL_KIND, COL_MODEL, COL_PROMPT, COL_STATE, COL_PROGRESS, COL_MESSAGE = range(6)
PROMPT_CHARS = 40
ROLE_PROGRESS = Qt.ItemDataRole.UserRole + 1
ROLE_JOB_ID = Qt.ItemDataRole.UserRole + 2


def short_text(text: str, n: int = PROMPT_CHARS) -> str:
    one_line = " ".join(str(text).split())
    return one_line if len(one_line) <= n else one_line[: n - 1] + "…"


class ProgressDelegate(QStyledItemDelegate):
    """Paints (done, total) as a progress bar; total 0 shows the count only."""

    def paint(self, painter, option, index):
        value = index.data(ROLE_PROGRESS)
        if not value:
            return super().paint(painter, option, index)
        done, total = value
        opt = QStyleOptionProgressBar()
        opt.rect = option.rect.adjusted(2, 3, -2, -3)
        opt.minimum, opt.maximum = 0, max(total, 1)
        opt.progress = min(done, total) if total else 0
        opt.text = f"{done}/{total}" if total else f"{done}"
        opt.textVisible = True
        opt.state = option.state
        style = option.widget.style() if option.widget is not None else QApplication.style()
        style.drawControl(QStyle.ControlElement.CE_ProgressBar, opt, painter)

    def sizeHint(self, option, index):
        s = super().sizeHint(option, index)
        return QSize(max(s.width(), 90), s.height())


class JobList(QWidget):
    """A view of the engine's jobs. It only calls the engine's public methods. A double-click on a finished job
    asks (``job_activated``) for its result to be shown again."""

    job_activated = Signal(str)

    def __init__(self, engine: EngineAPI, parent: QWidget | None = None):
        super().__init__(parent)
        self.engine = engine
        self._items: dict[str, QTreeWidgetItem] = {}
        self._infos: dict[str, JobInfo] = {}
        self._dirty: set[str] = set()

        self.tree = QTreeWidget(self)
        self.tree.setColumnCount(6)
        self.tree.setHeaderLabels([self.tr("Kind"), self.tr("Model"), self.tr("Prompt"), self.tr("State"),
                                   self.tr("Progress"), self.tr("Message")])
        self.tree.setRootIsDecorated(False)
        self.tree.setUniformRowHeights(True)
        self.tree.setAlternatingRowColors(True)
        self.tree.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.tree.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self.tree.setItemDelegateForColumn(COL_PROGRESS, ProgressDelegate(self.tree))
        header = self.tree.header()
        header.setStretchLastSection(True)
        for col in (COL_KIND, COL_STATE):
            header.setSectionResizeMode(col, QHeaderView.ResizeMode.ResizeToContents)
        self.tree.setColumnWidth(COL_MODEL, 100)
        self.tree.setColumnWidth(COL_PROMPT, 110)
        self.tree.setColumnWidth(COL_PROGRESS, 80)

        self.cancel_action = QAction(self.tr("Cancel"), self)
        self.cancel_action.setToolTip(self.tr("Cancel the selected job (a running job keeps what it made so far)"))
        self.cancel_action.setShortcut(QKeySequence(Qt.Key.Key_Delete))
        self.cancel_action.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        self.up_action = QAction(self.tr("Move up"), self)
        self.up_action.setToolTip(self.tr("Run the selected queued job sooner"))
        self.down_action = QAction(self.tr("Move down"), self)
        self.down_action.setToolTip(self.tr("Run the selected queued job later"))
        self.remove_action = QAction(self.tr("Remove from list"), self)
        self.clear_action = QAction(self.tr("Clear finished"), self)
        self.clear_action.setToolTip(self.tr("Remove every finished, cancelled or failed job from the list"))
        self.copy_action = QAction(self.tr("Copy message"), self)
        self.cancel_action.triggered.connect(self.cancel_selected)
        self.up_action.triggered.connect(self.move_selected_up)
        self.down_action.triggered.connect(self.move_selected_down)
        self.remove_action.triggered.connect(self.remove_selected)
        self.clear_action.triggered.connect(self.engine.clear_finished)
        self.copy_action.triggered.connect(self.copy_message)
        self.addAction(self.cancel_action)

        # a tool bar rather than a row of buttons: in a narrow dock the last actions fold into its » menu
        self.toolbar = QToolBar(self)
        self.toolbar.setObjectName("JobActions")
        self.toolbar.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
        self.toolbar.setMovable(False)
        self.toolbar.setFloatable(False)
        for act in (self.cancel_action, self.up_action, self.down_action, self.clear_action):
            self.toolbar.addAction(act)
        lay = QVBoxLayout(self)
        lay.setContentsMargins(2, 2, 2, 2)
        lay.addWidget(self.toolbar)
        lay.addWidget(self.tree)

        self._timer = QTimer(self)
        self._timer.setInterval(100)
        self._timer.setSingleShot(True)
        self._timer.timeout.connect(self._flush)

        engine.job_added.connect(self._on_added)
        engine.job_changed.connect(self._on_changed)
        engine.job_finished.connect(self._on_finished)
        engine.job_event.connect(self._on_event)
        engine.job_removed.connect(self._on_removed)
        engine.queue_changed.connect(self._on_queue_changed)
        self.tree.customContextMenuRequested.connect(self._context_menu)
        self.tree.itemDoubleClicked.connect(self._on_double_click)
        self._speeds: dict[str, ProgressSpeed] = {}     # running jobs: items per second and time left
        self.tree.itemSelectionChanged.connect(self._update_actions)
        for info in engine.jobs():
            self._on_added(info)
        self._update_actions()

    # --- engine signals -------------------------------------------------------------------------------------
    @Slot(object)
    def _on_added(self, info: JobInfo) -> None:
        item = QTreeWidgetItem()
        item.setData(COL_KIND, ROLE_JOB_ID, info.id)
        self._items[info.id] = item
        self._infos[info.id] = info
        self.tree.addTopLevelItem(item)
        self._render(item, info)
        self._update_actions()

    @Slot(object)
    def _on_changed(self, info: JobInfo) -> None:
        if info.id not in self._items:
            return
        self._infos[info.id] = info
        self._render(self._items[info.id], info)
        self._update_actions()

    @Slot(str, object)
    def _on_finished(self, job_id: str, info: JobInfo) -> None:
        self._on_changed(info)

    @Slot(QTreeWidgetItem, int)
    def _on_double_click(self, item: QTreeWidgetItem, column: int) -> None:
        job_id = item.data(COL_KIND, ROLE_JOB_ID)
        info = self._infos.get(job_id)
        if info is not None and info.state in ("done", "cancelled"):
            self.job_activated.emit(str(job_id))

    @Slot(str, object)
    def _on_event(self, job_id: str, event: Any) -> None:
        if isinstance(event, Progress) and job_id in self._items:
            self._speeds.setdefault(job_id, ProgressSpeed()).update(int(event.done), int(event.total))
            self._dirty.add(job_id)
            if not self._timer.isActive():
                self._timer.start()

    @Slot(str)
    def _on_removed(self, job_id: str) -> None:
        item = self._items.pop(job_id, None)
        self._infos.pop(job_id, None)
        self._dirty.discard(job_id)
        if item is not None:
            self.tree.takeTopLevelItem(self.tree.indexOfTopLevelItem(item))
        self._update_actions()

    @Slot(object)
    def _on_queue_changed(self, queued_ids: list[str]) -> None:
        """Keep queued rows in run order, after the finished and running ones."""
        queued = [self._items[j] for j in queued_ids if j in self._items]
        if not queued:
            return
        current = [self.tree.topLevelItem(i) for i in range(self.tree.topLevelItemCount())]
        others = [it for it in current if it not in queued]
        if current == others + queued:
            return
        selected = self.selected_id()
        for it in queued:
            self.tree.takeTopLevelItem(self.tree.indexOfTopLevelItem(it))
        self.tree.addTopLevelItems(queued)
        if selected in self._items:
            self.tree.setCurrentItem(self._items[selected])
        self._update_actions()

    @Slot()
    def _flush(self) -> None:
        for job_id in list(self._dirty):
            info = self.engine.job(job_id)
            if info is not None and job_id in self._items:
                self._infos[job_id] = info
                self._render(self._items[job_id], info)
        self._dirty.clear()

    # --- rendering ------------------------------------------------------------------------------------------
    def state_text(self, state: str) -> str:
        return {"queued": self.tr("Queued"), "running": self.tr("Running"), "done": self.tr("Done"),
                "cancelled": self.tr("Cancelled"), "failed": self.tr("Failed")}.get(state, state)

    def kind_text(self, kind: str) -> str:
        """A job kind (``core.base.specs.SPEC_TYPES``) in the interface's words; tests/ui/test_job_kinds.py fails
        when a kind has none."""
        return self.kind_names().get(kind, kind)

    def kind_names(self) -> dict[str, str]:
        return {"text": self.tr("Text"), "image": self.tr("Image"), "audio": self.tr("Sound"),
                "train-text": self.tr("Training (text)"), "train-image": self.tr("Training (images)"),
                "train-audio": self.tr("Training (sounds)"), "dataset-scan": self.tr("Dataset scan"),
                "evaluate": self.tr("Evaluation"), "models-rename": self.tr("Rename model"),
                "models-export": self.tr("Export model"), "models-import": self.tr("Import model"),
                "models-delete": self.tr("Delete model")}

    NARROW_PX = 560         # below this width the Model and Prompt columns hide (the Kind's tooltip names them)

    def resizeEvent(self, event: Any) -> None:
        super().resizeEvent(event)
        self._fit_columns()

    def _fit_columns(self) -> None:
        """In a narrow dock the message is what matters: Model and Prompt go (they stay in the Kind's tooltip)."""
        narrow = self.width() < self.NARROW_PX
        for col in (COL_MODEL, COL_PROMPT):
            if self.tree.isColumnHidden(col) != narrow:
                self.tree.setColumnHidden(col, narrow)

    def _render(self, item: QTreeWidgetItem, info: JobInfo) -> None:
        item.setText(COL_KIND, self.kind_text(info.kind))
        item.setToolTip(COL_KIND, "\n".join(t for t in (info.model, info.prompt[:300]) if t))
        item.setText(COL_MODEL, info.model)
        item.setText(COL_PROMPT, short_text(info.prompt))
        item.setToolTip(COL_PROMPT, info.prompt[:2000])
        item.setText(COL_STATE, self.state_text(info.state))
        done, total = info.progress
        item.setData(COL_PROGRESS, ROLE_PROGRESS, (done, total) if (done or total) else None)
        message = tr_core_text(info.message)
        if info.state == "done" and not message and info.result is not None:
            message = self._result_summary(info)
        if info.state == "running":
            speed = self._speeds.get(info.id)
            live = speed_words(speed, KIND_UNITS.get(info.kind, ""), "JobList") if speed is not None else ""
            if live:
                message = f"{message} · {live}" if message else live
        elif info.is_final:
            self._speeds.pop(info.id, None)
        item.setText(COL_MESSAGE, short_text(message, 200))
        item.setToolTip(COL_MESSAGE, message)
        item.setToolTip(COL_STATE, message)
        if info.state == "failed":
            brush = QBrush(QColor(200, 30, 30))
        elif info.state == "cancelled":
            brush = self.palette().brush(QPalette.ColorGroup.Disabled, QPalette.ColorRole.Text)
        else:
            brush = self.palette().brush(QPalette.ColorRole.Text)
        for col in (COL_STATE, COL_MESSAGE):
            item.setForeground(col, brush)

    def _result_summary(self, info: JobInfo) -> str:
        data = getattr(info.result, "data", None) or {}
        tokens, speed = data.get("tokens"), data.get("tokens_per_s")
        if tokens is not None and speed:
            return self.tr("%1 tokens, %2 tokens/s").replace("%1", str(tokens)).replace("%2", f"{speed:.1f}")
        took = (info.finished - info.started) if info.finished and info.started else None
        items = data.get("items")
        if isinstance(items, list) and items and took:
            n = len(items)
            unit = {"image": self.tr("%1 images, %2 images/s"), "audio": self.tr("%1 sounds, %2 sounds/s")}.get(
                info.kind, self.tr("%1 results, %2 per second"))
            return unit.replace("%1", str(n)).replace("%2", f"{n / max(took, 1e-3):.1f}")
        return ""

    # --- actions -------------------------------------------------------------------------------------------
    def selected_id(self) -> str | None:
        item = self.tree.currentItem()
        if item is None or not item.isSelected():
            return None
        return item.data(COL_KIND, ROLE_JOB_ID)

    def select(self, job_id: str) -> None:
        item = self._items.get(job_id)
        if item is not None:
            self.tree.setCurrentItem(item)

    def row_text(self, job_id: str, column: int) -> str:
        """The text shown for a job (tests, diagnostics)."""
        item = self._items.get(job_id)
        return item.text(column) if item is not None else ""

    def _selected_info(self) -> JobInfo | None:
        job_id = self.selected_id()
        return self._infos.get(job_id) if job_id else None

    @Slot()
    def _update_actions(self) -> None:
        info = self._selected_info()
        queued_ids = self.engine.queued_ids()
        active = info is not None and info.state in ("queued", "running")
        is_queued = info is not None and info.id in queued_ids
        self.cancel_action.setEnabled(active)
        self.up_action.setEnabled(is_queued and queued_ids.index(info.id) > 0)
        self.down_action.setEnabled(is_queued and queued_ids.index(info.id) < len(queued_ids) - 1)
        self.remove_action.setEnabled(info is not None)
        self.copy_action.setEnabled(info is not None and bool(info.message))
        self.clear_action.setEnabled(any(i.is_final for i in self._infos.values()))

    @Slot()
    def cancel_selected(self) -> None:
        job_id = self.selected_id()
        if job_id:
            self.engine.cancel(job_id)

    @Slot()
    def move_selected_up(self) -> None:
        job_id = self.selected_id()
        if job_id:
            self.engine.move(job_id, -1)

    @Slot()
    def move_selected_down(self) -> None:
        job_id = self.selected_id()
        if job_id:
            self.engine.move(job_id, +1)

    @Slot()
    def remove_selected(self) -> None:
        job_id = self.selected_id()
        if job_id:
            self.engine.remove(job_id)

    @Slot()
    def copy_message(self) -> None:
        info = self._selected_info()
        if info is not None and info.message:
            QGuiApplication.clipboard().setText(info.message)

    def context_menu(self) -> QMenu:
        """The menu for the selected job (built fresh; shown on right click)."""
        self._update_actions()
        menu = QMenu(self)
        for act in (self.cancel_action, self.up_action, self.down_action, None, self.copy_action,
                    self.remove_action, self.clear_action):
            if act is None:
                menu.addSeparator()
            else:
                menu.addAction(act)
        return menu

    @Slot(QPoint)
    def _context_menu(self, pos: QPoint) -> None:
        item = self.tree.itemAt(pos)
        if item is not None:
            self.tree.setCurrentItem(item)
        menu = self.context_menu()
        menu.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        menu.popup(self.tree.viewport().mapToGlobal(pos))
