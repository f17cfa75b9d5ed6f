"""The Train tab in the main window: the tab, the Train menu, the models manager and "Train on favourites".

``TrainTab(window)`` (made once by ``MainWindow.__init__``, after its menus) adds the :class:`TrainPanel` as the
fourth tab, a "Train" menu before View (open the tab, start, pause/resume, stop and save, abort, your models),
reloads every panel's model picker when a run writes a model or the models manager changes the models folder,
and turns the Assets library's "Train on favourites" into a dataset manifest in the Train tab. Kept apart from
``main_window.py`` so that the window's own file changes by a few lines only.
"""
from __future__ import annotations

import logging
from typing import Any

from PySide6.QtCore import QObject, Slot
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QMenu

from aigc_studio.core.base.errors import user_message
from aigc_studio.ui.panels.common import tr_core_text
from aigc_studio.ui.panels.train_panel import TrainPanel

log = logging.getLogger(__name__)


class TrainTab(QObject):
    """See the module docstring."""

    def __init__(self, window: Any):
        super().__init__(window)
        self.window = window
        self.panel = TrainPanel(window.engine, window.settings)
        self.index = window.tabs.addTab(self.panel, self.tr("Train"))
        self.manager: Any = None
        self._build_menu()
        self.panel.model_trained.connect(self._on_models_changed)
        self.panel.status_message.connect(window.show_status)
        self.panel.models_manager_requested.connect(self.open_models_manager)
        assets = getattr(window, "assets", None)
        if assets is not None and hasattr(assets, "train_favourites_requested"):
            assets.train_favourites_requested.connect(self.train_on_favourites)
        self._favourites_job: str | None = None
        window.engine.job_finished.connect(self._on_job_finished)
        try:                                    # renames, imports, deletes made elsewhere (the CLI in-process)
            from aigc_studio.core.models import manage
            manage.add_models_changed_listener(self._models_changed_listener)
        except (ImportError, AttributeError):
            pass

    # --- menu -----------------------------------------------------------------------------------------------
    def _action(self, text: str, slot: Any, shortcut: str | None = None, tip: str = "") -> QAction:
        act = QAction(text, self.window)
        if shortcut:
            act.setShortcut(QKeySequence(shortcut))
        if tip:
            act.setStatusTip(tip)
        act.triggered.connect(slot)
        return act

    def _build_menu(self) -> None:
        w = self.window
        self.menu = QMenu(self.tr("&Train"), w)
        self.menu.setObjectName("TrainMenu")
        self.open_action = self._action(self.tr("&Open the Train tab"), self.show_tab, "Ctrl+T",
                                        self.tr("Train or fine-tune a model on your own data"))
        self.start_action = self._action(self.tr("&Start training"), self._start, None,
                                         self.tr("Train with the Train tab's settings"))
        self.pause_action = self._action(self.tr("&Pause or resume"), self._pause)
        self.save_action = self._action(self.tr("Stop and s&ave"), self._save, None,
                                        self.tr("End the training now and keep the model trained so far"))
        self.abort_action = self._action(self.tr("A&bort"), self._abort, None,
                                         self.tr("End the training without a model (it can be resumed)"))
        self.models_action = self._action(self.tr("&Your models…"), self.open_models_manager, None,
                                          self.tr("Rename, export, import or delete your models"))
        for a in (self.open_action, None, self.start_action, self.pause_action, self.save_action,
                  self.abort_action, None, self.models_action):
            self.menu.addSeparator() if a is None else self.menu.addAction(a)
        view = getattr(w, "view_menu", None)
        if view is not None:
            w.menuBar().insertMenu(view.menuAction(), self.menu)
        else:
            w.menuBar().addMenu(self.menu)
        self.menu.aboutToShow.connect(self._update_menu)

    @Slot()
    def _update_menu(self) -> None:
        p = self.panel
        p._update_buttons()
        self.pause_action.setEnabled(p.pause_button.isEnabled())
        job = p.active_job_id()
        self.pause_action.setText(self.tr("&Resume") if job is not None and job in p.paused else self.tr("&Pause"))
        self.save_action.setEnabled(p.save_button.isEnabled())
        self.abort_action.setEnabled(p.abort_button.isEnabled())

    @Slot()
    def show_tab(self) -> None:
        self.window.tabs.setCurrentWidget(self.panel)

    @Slot()
    def _start(self) -> None:
        self.show_tab()
        self.panel.start()

    @Slot()
    def _pause(self) -> None:
        self.panel.toggle_pause()

    @Slot()
    def _save(self) -> None:
        self.panel.stop_and_save()

    @Slot()
    def _abort(self) -> None:
        self.panel.abort()

    # --- models ---------------------------------------------------------------------------------------------
    @Slot()
    def open_models_manager(self) -> Any:
        if self.manager is None:
            from aigc_studio.ui.widgets.models_manager import ModelsManager
            self.manager = ModelsManager(self.window.engine, self.window)
            self.manager.models_changed.connect(self._on_models_changed)
        else:
            self.manager.refresh()
        self.manager.show()
        self.manager.raise_()
        return self.manager

    def _models_changed_listener(self, *_: Any) -> None:
        # called on the engine thread by core.models.manage: the reload happens on the GUI thread, through the
        # job's finished signal (ModelsManager.models_changed); nothing is touched here
        pass

    @Slot()
    @Slot(str)
    def _on_models_changed(self, *_: Any) -> None:
        """Every model picker lists the models as they are now (a model just trained appears at once)."""
        for panel in list(getattr(self.window, "panels", {}).values()) + [self.panel]:
            try:
                panel.reload_models()
            except Exception:  # noqa: BLE001 — one panel's picker must not stop the others
                log.exception("reloading the model picker of %s failed", type(panel).__name__)
        if self.manager is not None and self.manager.isVisible():
            self.manager.refresh()

    # --- favourites -----------------------------------------------------------------------------------------
    @Slot(str)
    def train_on_favourites(self, kind: str) -> bool:
        """A dataset of the favourite assets of ``kind`` ("image" | "audio" | "text"), opened in the Train tab.
        The favourites are found, read and hashed by a dataset-scan job (engine thread); when it ends, the
        status bar says what to do next, or the window shows why there is no dataset (none starred yet...)."""
        try:
            folder = self.window.store().root
        except Exception as exc:  # noqa: BLE001 — an output folder that cannot be opened: said in words
            self.window.show_error(tr_core_text(user_message(exc)))
            return False
        job_id = self.panel.use_favourites(folder, kind)
        if job_id is None:
            self.show_tab()
            return False
        self._favourites_job = job_id
        self.show_tab()
        self.window.show_status(self.tr("Reading the favourites…"), 10000)
        return True

    @Slot(str, object)
    def _on_job_finished(self, job_id: str, info: Any) -> None:
        if job_id != getattr(self, "_favourites_job", None):
            return
        self._favourites_job = None
        if getattr(info, "state", "") == "failed":
            from aigc_studio.ui.panels.train_dataset import dataset_text
            self.window.show_error(dataset_text(str(getattr(info, "message", "") or "")))
        elif getattr(info, "state", "") == "done":
            self.window.show_status(self.tr("The favourites are the dataset: choose the model and press Start."),
                                    10000)
