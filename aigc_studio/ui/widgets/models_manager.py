""""Your models": the user's own models (trained or imported) with Rename, Export…, Import… and Delete.

``ModelsManager(engine, parent)`` is a non-modal dialog. It lists the registry's user models (cards only: no
torch) with their kind, architecture, size and when they were trained. Every action is a job of the engine
(``models-rename`` / ``models-export`` / ``models-import`` / ``models-delete``, :mod:`core.jobs.models`), so a
large export or import never holds the window; Delete asks first. ``models_changed`` is emitted when a job
changed the models folder (the window then reloads every model picker).
"""
from __future__ import annotations

import logging
from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt, Signal, Slot
from PySide6.QtWidgets import (QAbstractItemView, QDialog, QFileDialog, QHBoxLayout, QHeaderView, QInputDialog,
                               QLabel, QLineEdit, QMessageBox, QPushButton, QTableWidget, QTableWidgetItem,
                               QVBoxLayout, QWidget)

from aigc_studio.core.base.errors import InvalidParameters, as_problem, user_message
from aigc_studio.core.base.model_specs import ModelDeleteSpec, ModelExportSpec, ModelImportSpec, ModelRenameSpec
from aigc_studio.core.models import registry
from aigc_studio.ui.components.model_card import localized
from aigc_studio.ui.i18n import current_language
from aigc_studio.ui.panels.common import tr_core, tr_core_text

log = logging.getLogger(__name__)

ROLE_ID = Qt.ItemDataRole.UserRole + 1


def _card_date(folder: Any) -> str:
    """The ISO date of a model folder's card.json (models trained before cards recorded ``training.date``)."""
    import datetime
    try:
        stamp = (Path(str(folder)) / "card.json").stat().st_mtime
    except (OSError, TypeError, ValueError):
        return ""
    return datetime.datetime.fromtimestamp(stamp, datetime.timezone.utc).date().isoformat()


def _size_words(card: dict) -> str:
    n = card.get("parameters")
    if isinstance(n, (int, float)) and n > 0:
        return f"{n / 1e6:.2f} M" if n >= 1e5 else f"{int(n):,}"
    return ""


class ModelsManager(QDialog):
    """See the module docstring."""

    models_changed = Signal()

    def __init__(self, engine: Any, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("ModelsManager")
        self.setWindowTitle(self.tr("Your models"))
        self.setModal(False)
        self.engine = engine
        self.pending: dict[str, str] = {}          # job id -> what it does ("rename"...)
        self.infos: list[Any] = []
        self.table = QTableWidget(0, 4, self)
        self.table.setObjectName("ModelsTable")
        self.table.setHorizontalHeaderLabels([self.tr("Name"), self.tr("Kind"), self.tr("Parameters"),
                                              self.tr("Trained")])
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().setVisible(False)
        head = self.table.horizontalHeader()
        head.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        for c in (1, 2, 3):
            head.setSectionResizeMode(c, QHeaderView.ResizeMode.ResizeToContents)
        self.empty = QLabel(self.tr("No models of yours yet: train one in the Train tab, or import a .zip."), self)
        self.empty.setWordWrap(True)
        self.detail = QLabel(self)
        self.detail.setWordWrap(True)
        self.detail.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.status = QLabel(self)
        self.status.setObjectName("ModelsStatus")
        self.status.setWordWrap(True)
        self.rename_button = QPushButton(self.tr("Rename…"), self)
        self.export_button = QPushButton(self.tr("Export…"), self)
        self.export_button.setToolTip(self.tr("Write the model (weights, card, tokenizer) to one .zip file"))
        self.import_button = QPushButton(self.tr("Import…"), self)
        self.import_button.setToolTip(self.tr("Add a model from a .zip exported by AIGC Studio"))
        self.delete_button = QPushButton(self.tr("Delete…"), self)
        self.close_button = QPushButton(self.tr("Close"), self)
        buttons = QHBoxLayout()
        for b in (self.rename_button, self.export_button, self.import_button, self.delete_button):
            buttons.addWidget(b)
        buttons.addStretch(1)
        buttons.addWidget(self.close_button)
        lay = QVBoxLayout(self)
        lay.addWidget(self.table, 1)
        lay.addWidget(self.empty)
        lay.addWidget(self.detail)
        lay.addWidget(self.status)
        lay.addLayout(buttons)
        self.rename_button.clicked.connect(self.rename_selected)
        self.export_button.clicked.connect(self.export_selected)
        self.import_button.clicked.connect(self.import_dialog)
        self.delete_button.clicked.connect(self.delete_selected)
        self.close_button.clicked.connect(self.close)
        self.table.itemSelectionChanged.connect(self._update)
        engine.job_finished.connect(self._on_job_finished)
        self.resize(640, 380)
        self.refresh()

    # --- listing --------------------------------------------------------------------------------------------
    def refresh(self) -> None:
        current = self.selected_id()
        try:
            self.infos = [m for m in registry.list_models() if getattr(m, "source", "") == "user"]
        except Exception as exc:  # noqa: BLE001 — an unreadable folder: said, the dialog still works
            log.warning("listing the user's models failed: %s", exc)
            self.infos = []
        lang = current_language()
        kinds = {"text": self.tr("Text"), "image": self.tr("Image"), "audio": self.tr("Sound")}
        self.table.setRowCount(len(self.infos))
        for row, info in enumerate(self.infos):
            card = info.card if isinstance(info.card, dict) else {}
            name = (localized(card, "name", lang) if lang != "en" else "") or info.name or info.id
            arch = str(card.get("architecture", ""))
            training = card.get("training") if isinstance(card.get("training"), dict) else {}
            when = str(training.get("date", "") or card.get("created", "") or "")[:10] or _card_date(info.path)
            cells = [name, f"{kinds.get(info.kind, info.kind)} · {arch}" if arch else kinds.get(info.kind, info.kind),
                     _size_words(card), when]
            for col, text in enumerate(cells):
                item = QTableWidgetItem(text)
                item.setData(ROLE_ID, info.id)
                if col == 0:
                    item.setToolTip(str(info.path))
                self.table.setItem(row, col, item)
        self.table.setVisible(bool(self.infos))
        self.empty.setVisible(not self.infos)
        if current:
            self.select(current)
        elif self.infos:
            self.table.selectRow(0)
        self._update()

    def ids(self) -> list[str]:
        return [i.id for i in self.infos]

    def select(self, model_id: str) -> bool:
        for row, info in enumerate(self.infos):
            if info.id == model_id:
                self.table.selectRow(row)
                return True
        return False

    def selected_id(self) -> str:
        rows = self.table.selectionModel().selectedRows() if self.table.selectionModel() else []
        if not rows:
            return ""
        item = self.table.item(rows[0].row(), 0)
        return str(item.data(ROLE_ID)) if item is not None else ""

    def _selected_info(self) -> Any:
        mid = self.selected_id()
        return next((i for i in self.infos if i.id == mid), None)

    @Slot()
    def _update(self) -> None:
        info = self._selected_info()
        busy = bool(self.pending)
        for b in (self.rename_button, self.export_button, self.delete_button):
            b.setEnabled(info is not None and not busy)
        self.import_button.setEnabled(not busy)
        if info is None:
            self.detail.setText("")
            return
        card = info.card if isinstance(info.card, dict) else {}
        desc = localized(card, "description", current_language()) or ""
        self.detail.setText(f"{desc}\n{info.path}" if desc else str(info.path))

    # --- actions --------------------------------------------------------------------------------------------
    def _submit(self, spec: Any, what: str) -> str | None:
        try:
            job = self.engine.submit(spec)
        except InvalidParameters as exc:
            problems = getattr(exc, "problems", None) or [str(exc)]
            self.show_status("\n".join(tr_core(as_problem(p)) for p in problems))
            return None
        except Exception as exc:  # noqa: BLE001
            self.show_status(tr_core_text(user_message(exc)))
            return None
        self.pending[job] = what
        self.show_status({"rename": self.tr("Renaming…"), "export": self.tr("Exporting…"),
                          "import": self.tr("Importing…"), "delete": self.tr("Deleting…")}[what])
        self._update()
        return job

    def rename(self, model_id: str, name: str) -> str | None:
        return self._submit(ModelRenameSpec(model=model_id, name=name), "rename")

    def export(self, model_id: str, path: str, overwrite: bool = True) -> str | None:
        return self._submit(ModelExportSpec(model=model_id, out=path, overwrite=overwrite), "export")

    def import_zip(self, path: str) -> str | None:
        return self._submit(ModelImportSpec(source=path), "import")

    def delete(self, model_id: str) -> str | None:
        return self._submit(ModelDeleteSpec(model=model_id), "delete")

    @Slot()
    def rename_selected(self) -> str | None:
        info = self._selected_info()
        if info is None:
            return None
        name, ok = QInputDialog.getText(self, self.tr("Rename model"), self.tr("New name:"),
                                        QLineEdit.EchoMode.Normal, info.name)
        if not ok or not name.strip() or name.strip() == info.name:
            return None
        return self.rename(info.id, name.strip())

    @Slot()
    def export_selected(self) -> str | None:
        info = self._selected_info()
        if info is None:
            return None
        start = str(Path.home() / f"{info.id}.zip")
        path, _ = QFileDialog.getSaveFileName(self, self.tr("Export model"), start, self.tr("Model archive (*.zip)"))
        if not path:
            return None
        if not path.lower().endswith(".zip"):
            path += ".zip"
        return self.export(info.id, path, overwrite=True)     # the file dialog asked about replacing it

    @Slot()
    def import_dialog(self) -> str | None:
        path, _ = QFileDialog.getOpenFileName(self, self.tr("Import model"), str(Path.home()),
                                              self.tr("Model archive (*.zip)"))
        return self.import_zip(path) if path else None

    def confirm_delete(self, info: Any) -> bool:
        box = QMessageBox(QMessageBox.Icon.Warning, self.tr("Delete model"),
                          self.tr("Delete the model %1? Its folder is removed; this cannot be undone.")
                          .replace("%1", info.name or info.id),
                          QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.Cancel, self)
        box.setDefaultButton(QMessageBox.StandardButton.Cancel)
        return box.exec() == QMessageBox.StandardButton.Yes

    @Slot()
    def delete_selected(self) -> str | None:
        info = self._selected_info()
        if info is None or not self.confirm_delete(info):
            return None
        return self.delete(info.id)

    # --- results --------------------------------------------------------------------------------------------
    def show_status(self, text: str) -> None:
        self.status.setText(text)

    @Slot(str, object)
    def _on_job_finished(self, job_id: str, info: Any) -> None:
        what = self.pending.pop(job_id, None)
        if what is None:
            return
        data = getattr(info.result, "data", None) or {}
        if info.state == "failed":
            self.show_status(tr_core_text(info.message))
        elif info.state == "cancelled" or data.get("stopped") == "cancelled":
            self.show_status(self.tr("Stopped: nothing was changed."))
        elif what == "rename":
            self.show_status(self.tr("Renamed to %1.").replace("%1", str(data.get("name", ""))))
        elif what == "export":
            self.show_status(self.tr("Exported to %1.").replace("%1", str(data.get("path", ""))))
        elif what == "import":
            self.show_status(self.tr("Imported %1.").replace("%1", str(data.get("name", "") or data.get("id", ""))))
        elif what == "delete":
            kept = data.get("kept") or []
            msg = self.tr("Deleted.")
            if kept:
                msg += " " + self.tr("Files that were not the model's were left in its folder: %1").replace(
                    "%1", ", ".join(map(str, kept)))
            self.show_status(msg)
        if data.get("models_changed"):
            if what == "import" and data.get("id"):
                self.refresh()
                self.select(str(data["id"]))
            else:
                self.refresh()
            self.models_changed.emit()
        self._update()
