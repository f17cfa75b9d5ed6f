"""The dataset report as a tree (Train tab): a summary line above, then groups — the files, unreadable files,
exact and near duplicates, outliers, files of another kind — each file with a check box (checked = trained on).

Thumbnails come from the scan job (small uint8 arrays) and become icons a few dozen per event-loop turn, so a
report of thousands of pictures never holds the window; sounds show their loudness envelope as a tiny drawing
(drawn the same lazy way),
texts a snippet in the notes column. A file listed in several groups has one state: checking it anywhere
checks it everywhere.
"""
from __future__ import annotations

from typing import Any

import numpy as np
from PySide6.QtCore import QSize, Qt, QTimer, Signal, Slot
from PySide6.QtGui import QColor, QIcon, QImage, QPainter, QPen, QPixmap
from PySide6.QtWidgets import QHeaderView, QTreeWidget, QTreeWidgetItem

from aigc_studio.core.base.errors import Problem
from aigc_studio.ui.panels.common import tr_core, tr_core_text

ICON = QSize(40, 40)
ICONS_PER_TURN = 48
EXPAND_FILES_UP_TO = 200        # the list of files opens by itself when it is short
PATH_ROLE = Qt.ItemDataRole.UserRole + 1


def rgba_pixmap(arr: Any, size: QSize | None = None) -> QPixmap:
    """A pixmap of a straight RGBA uint8 (h, w, 4) array, scaled to fit ``size`` (pixels kept sharp)."""
    a = np.ascontiguousarray(arr, dtype=np.uint8)
    h, w = a.shape[:2]
    pm = QPixmap.fromImage(QImage(a.data, w, h, 4 * w, QImage.Format.Format_RGBA8888).copy())
    if size is not None:
        pm = pm.scaled(size, Qt.AspectRatioMode.KeepAspectRatio, Qt.TransformationMode.FastTransformation)
    return pm


def rgba_icon(arr: Any) -> QIcon:
    """An icon of a straight RGBA uint8 (h, w, 4) array."""
    return QIcon(rgba_pixmap(arr))


def envelope_icon(env: list[float], size: QSize = ICON) -> QIcon:
    """A small drawing of a sound's loudness over time (peaks of its blocks)."""
    pm = QPixmap(size)
    pm.fill(QColor(0, 0, 0, 0))
    if env:
        p = QPainter(pm)
        p.setPen(QPen(QColor(70, 130, 200), 1))
        mid = size.height() / 2
        top = max(max(env), 1e-6)
        n = len(env)
        for x in range(size.width()):
            v = env[min(n - 1, int(x * n / size.width()))] / top
            p.drawLine(x, int(mid - v * (mid - 1)), x, int(mid + v * (mid - 1)))
        p.end()
    return QIcon(pm)


def entry_text(entry: dict[str, Any]) -> str:
    """A report entry's reason in the interface's language."""
    args = {k: (tr_core_text(v) if isinstance(v, str) else v) for k, v in dict(entry.get("args") or {}).items()}
    if entry.get("message"):
        return tr_core(Problem("", str(entry.get("code", "")), str(entry["message"]), args))
    return tr_core_text(str(entry.get("reason", "")))


def human_size(n: float) -> str:
    for unit in ("B", "kB", "MB", "GB"):
        if n < 1000 or unit == "GB":
            return f"{n:.0f} {unit}" if unit == "B" else f"{n:.1f} {unit}"
        n /= 1000.0
    return f"{n:.1f} GB"


class DatasetReportView(QTreeWidget):
    """``show_report(report, thumbnails, included)``; emits ``inclusionChanged(path, included)`` when the user
    checks or unchecks a file."""

    inclusionChanged = Signal(str, bool)

    def __init__(self, parent=None):
        super().__init__(parent)
        self.setObjectName("DatasetReportView")
        self.setColumnCount(3)
        self.setHeaderLabels([self.tr("File"), self.tr("Size"), self.tr("Notes")])
        self.header().setSectionResizeMode(0, QHeaderView.ResizeMode.Interactive)
        self.header().setStretchLastSection(True)
        self.setColumnWidth(0, 220)
        self.setColumnWidth(1, 64)
        self.setIconSize(ICON)
        self.setUniformRowHeights(False)
        self._nodes: dict[str, list[QTreeWidgetItem]] = {}
        self._updating = False
        self._thumbs: dict[str, Any] = {}
        self._envelopes: dict[str, list[float]] = {}
        self._pending: list[str] = []
        self._icon_timer = QTimer(self)
        self._icon_timer.setInterval(0)
        self._icon_timer.timeout.connect(self._more_icons)
        self.itemChanged.connect(self._on_item_changed)
        self.groups: dict[str, QTreeWidgetItem] = {}

    # --- filling ---------------------------------------------------------------------------------------------
    def clear_report(self) -> None:
        self._icon_timer.stop()
        self._pending.clear()
        self._nodes.clear()
        self.groups.clear()
        self.clear()

    def show_report(self, report: dict[str, Any], thumbnails: dict[str, Any] | None, included: set[str],
                    excluded_reasons: dict[str, dict[str, Any]] | None = None) -> None:
        self._updating = True
        try:
            self.clear_report()
            self._thumbs = dict(thumbnails or {})
            self._envelopes = {}
            items = {it["path"]: it for it in report.get("items", [])}
            notes = excluded_reasons or {}
            kind = report.get("kind", "")

            def file_node(parent: QTreeWidgetItem, path: str, note: str = "", checkable: bool = True) -> None:
                it = items.get(path, {})
                node = QTreeWidgetItem(parent, [path, human_size(it["size"]) if "size" in it else "", note])
                node.setData(0, PATH_ROLE, path)
                node.setToolTip(0, path)
                if note:
                    node.setToolTip(2, note)
                if checkable:
                    node.setFlags(node.flags() | Qt.ItemFlag.ItemIsUserCheckable)
                    node.setCheckState(0, Qt.CheckState.Checked if path in included else Qt.CheckState.Unchecked)
                    self._nodes.setdefault(path, []).append(node)
                if kind == "audio" and it.get("envelope"):
                    self._envelopes[path] = it["envelope"]
                    self._pending.append(path)
                elif kind == "text" and it.get("snippet"):
                    node.setToolTip(2, it["snippet"])
                    if not note:
                        node.setText(2, it["snippet"][:80].replace("\n", " ⏎ "))
                elif path in self._thumbs:
                    self._pending.append(path)

            def group(key: str, title: str, count: int) -> QTreeWidgetItem:
                g = QTreeWidgetItem(self, [f"{title} ({count})", "", ""])
                g.setFirstColumnSpanned(True)
                f = g.font(0)
                f.setBold(True)
                g.setFont(0, f)
                self.groups[key] = g
                return g

            g = group("files", self.tr("Files"), len(items))
            for path in items:
                reason = notes.get(path)
                file_node(g, path, entry_text(reason) if reason else self._describe(kind, items[path]))
            if report.get("unreadable"):
                g = group("unreadable", self.tr("Cannot be used"), len(report["unreadable"]))
                for e in report["unreadable"]:
                    file_node(g, e["path"], entry_text(e), checkable=False)
            for key, title in (("exact_duplicates", self.tr("Exact duplicates")),
                               ("near_duplicates", self.tr("Near duplicates"))):
                groups = report.get(key) or []
                if groups:
                    g = group(key, title, len(groups))
                    for i, paths in enumerate(groups):
                        sub = QTreeWidgetItem(g, [self.tr("Group {n}").format(n=i + 1), "", ""])
                        for j, path in enumerate(paths):
                            file_node(sub, path, self.tr("kept") if j == 0 else "")
                        sub.setExpanded(True)
                    g.setExpanded(True)
            if report.get("outliers"):
                g = group("outliers", self.tr("Outliers"), len(report["outliers"]))
                for e in report["outliers"]:
                    file_node(g, e["path"], entry_text(e))
                g.setExpanded(True)
            if report.get("other_files"):
                g = group("other_files", self.tr("Not used (another kind)"), len(report["other_files"]))
                for e in report["other_files"]:
                    file_node(g, e["path"], entry_text(e), checkable=False)
            for key in ("unreadable",):
                if key in self.groups:
                    self.groups[key].setExpanded(True)
            if len(items) <= EXPAND_FILES_UP_TO:
                self.groups["files"].setExpanded(True)
        finally:
            self._updating = False
        if self._pending:
            self._icon_timer.start()

    def _describe(self, kind: str, it: dict[str, Any]) -> str:
        if kind == "image" and "width" in it:
            return f"{it['width']}×{it['height']} {it.get('format', '')}"
        if kind == "audio" and "seconds" in it:
            return self.tr("{seconds} s, {rate} Hz").format(seconds=f"{it['seconds']:.2f}", rate=it["sample_rate"])
        return ""

    @Slot()
    def _more_icons(self) -> None:
        batch, self._pending = self._pending[:ICONS_PER_TURN], self._pending[ICONS_PER_TURN:]
        done: set[str] = set()
        for path in batch:
            if path in done:
                continue
            done.add(path)
            arr = self._thumbs.get(path)
            env = self._envelopes.get(path)
            if arr is None and env is None:
                continue
            icon = rgba_icon(arr) if arr is not None else envelope_icon(env)
            for node in self._nodes.get(path, []):
                node.setIcon(0, icon)
        if not self._pending:
            self._icon_timer.stop()

    def icons_pending(self) -> int:
        return len(self._pending)

    # --- checking ---------------------------------------------------------------------------------------------
    def set_included(self, path: str, included: bool) -> None:
        self._updating = True
        try:
            for node in self._nodes.get(path, []):
                node.setCheckState(0, Qt.CheckState.Checked if included else Qt.CheckState.Unchecked)
        finally:
            self._updating = False

    def nodes_of(self, path: str) -> list[QTreeWidgetItem]:
        return list(self._nodes.get(path, []))

    @Slot(QTreeWidgetItem, int)
    def _on_item_changed(self, item: QTreeWidgetItem, column: int) -> None:
        if self._updating or column != 0:
            return
        path = item.data(0, PATH_ROLE)
        if not path or not (item.flags() & Qt.ItemFlag.ItemIsUserCheckable):
            return
        on = item.checkState(0) == Qt.CheckState.Checked
        self.set_included(path, on)
        self.inclusionChanged.emit(path, on)
