"""The main window: Image / Text / Audio tabs, the Jobs and Assets docks, menus, status bar, drag and drop.

Nothing here imports torch: the engine loads it on its own thread once the window is shown."""
from __future__ import annotations

import logging
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from PySide6.QtCore import QByteArray, QEvent, Qt, QTimer, QUrl, Slot
from PySide6.QtGui import (QAction, QCloseEvent, QDesktopServices, QDragEnterEvent, QDropEvent, QGuiApplication,
                           QKeySequence)
from PySide6.QtWidgets import (QDockWidget, QFileDialog, QLabel, QMainWindow, QMenu, QMessageBox, QTabWidget,
                               QWidget)

from aigc_studio import __version__
from aigc_studio.core.assets import AssetStore
from aigc_studio.core.base.errors import UserError, user_message
from aigc_studio.core.base.settings import Settings
from aigc_studio.ui.engine import Engine
from aigc_studio.ui.engine_api import EngineAPI
from aigc_studio.ui.panels.audio_panel import AUDIO_SUFFIXES, AudioPanel
from aigc_studio.ui.panels.common import JobPanel, tr_core_text
from aigc_studio.ui.panels.embedded_settings import SettingsRefused, load_confirmed
from aigc_studio.ui.panels.image_panel import ImagePanel
from aigc_studio.ui.panels.text_panel import TextPanel
from aigc_studio.ui.panels.train_window import TrainTab
from aigc_studio.ui.widgets.assets_library import AssetsLibrary
from aigc_studio.ui.widgets.diagnostics import DiagnosticsDialog
from aigc_studio.ui.widgets.job_list import JobList
from aigc_studio.ui.widgets.settings_dialog import SettingsDialog

log = logging.getLogger(__name__)

TEXT_SUFFIXES = (".txt", ".md")
IMAGE_SUFFIXES = (".png", ".jpg", ".jpeg", ".webp", ".gif", ".bmp", ".tif", ".tiff")
SIDECAR_SUFFIX = ".json"


def _b64(data: QByteArray) -> str:
    return bytes(data.toBase64().data()).decode("ascii")


def _from_b64(text: str | None) -> QByteArray | None:
    if not text:
        return None
    try:
        return QByteArray.fromBase64(QByteArray(text.encode("ascii")))
    except (UnicodeEncodeError, ValueError):
        return None


class MainWindow(QMainWindow):
    """``MainWindow(settings=None, engine=None)``: loads Settings and makes its own Engine when not given.

    The engine starts once the window has been shown (``start_engine``)."""

    def __init__(self, settings: Any = None, engine: EngineAPI | None = None, parent: QWidget | None = None):
        super().__init__(parent)
        if settings is None:
            settings = Settings.load()
        self.settings = settings
        self.engine: EngineAPI = engine if engine is not None else Engine(settings, self)
        self._store = None
        self._store_root: Path | None = None
        self._engine_start_scheduled = False
        self._closed = False
        self._close_when_done: set[str] = set()     # trainings that save themselves before the window closes
        self.last_error: str = ""
        self.last_message_box: QMessageBox | None = None
        self.diagnostics_dialog = None
        self.engine_started_at: float | None = None
        self.torch_loaded_before_engine: bool | None = None
        self.window_exposed_before_engine: bool | None = None
        self._view_slices_started = False
        self._view_slices: list[tuple[str, Callable[[], Any]]] = []
        self.view_slice_ms: list[tuple[str, float]] = []     # each view-building slice's time (bench, tests)
        self.views_built = False                             # every costly view is made

        self.setWindowTitle(self.tr("AIGC Studio"))
        self.setObjectName("MainWindow")
        self.setAcceptDrops(True)
        self.setDockOptions(QMainWindow.DockOption.AnimatedDocks | QMainWindow.DockOption.AllowTabbedDocks)

        # --- panels -----------------------------------------------------------------------------------------
        self.tabs = QTabWidget(self)
        self.tabs.setObjectName("PanelTabs")
        self.image_panel = ImagePanel(self.engine, self.settings, self.store)
        self.text_panel = TextPanel(self.engine, self.settings, self.store)
        self.audio_panel = AudioPanel(self.engine, self.settings, self.store)
        self.panels: dict[str, JobPanel] = {"image": self.image_panel, "text": self.text_panel,
                                           "audio": self.audio_panel}
        self.tabs.addTab(self.image_panel, self.tr("Image"))
        self.tabs.addTab(self.text_panel, self.tr("Text"))
        self.tabs.addTab(self.audio_panel, self.tr("Audio"))
        self.tabs.setCurrentWidget(self.text_panel)
        self.setCentralWidget(self.tabs)
        for panel in self.panels.values():
            panel.asset_saved.connect(self._on_asset_saved)
            panel.status_message.connect(self.show_status)

        # --- docks ------------------------------------------------------------------------------------------
        self.job_list = JobList(self.engine)
        self.jobs_dock = QDockWidget(self.tr("Jobs"), self)
        self.jobs_dock.setObjectName("JobsDock")
        self.jobs_dock.setWidget(self.job_list)
        self.addDockWidget(Qt.DockWidgetArea.RightDockWidgetArea, self.jobs_dock)

        self.assets = AssetsLibrary(self.store)
        self.assets_dock = QDockWidget(self.tr("Assets"), self)
        self.assets_dock.setObjectName("AssetsDock")
        self.assets_dock.setWidget(self.assets)
        self.addDockWidget(Qt.DockWidgetArea.RightDockWidgetArea, self.assets_dock)
        # first-run layout: the panel keeps the full height; Assets above Jobs on the right
        self.splitDockWidget(self.assets_dock, self.jobs_dock, Qt.Orientation.Vertical)
        self.assets.reuse_requested.connect(self.restore_spec)
        self.assets.open_requested.connect(self.open_externally)

        # --- menus, status bar ------------------------------------------------------------------------------
        self._build_menus()
        self._panel_actions = self._wire_panel_actions()
        self.train = TrainTab(self)             # the Train tab, its menu, the models manager (panels/train_window.py)
        self.train_panel = self.train.panel
        self.device_label = QLabel(self.tr("Starting engine…"))
        self.device_label.setObjectName("DeviceLabel")
        self.statusBar().addPermanentWidget(self.device_label)
        self.engine.device_ready.connect(self._on_device_ready)
        warmed_up = getattr(self.engine, "warmed_up", None)
        if warmed_up is not None:
            warmed_up.connect(self._on_engine_warm)
        self.engine.job_finished.connect(self._on_job_finished)
        self.tabs.currentChanged.connect(self._update_actions)
        self.engine.job_finished.connect(self._schedule_action_update)
        self.job_list.job_activated.connect(self.show_job_result)
        self._watch_panel_buttons()
        self._update_actions()

        self.resize(*self.first_size())
        if not self._restore_window_state():
            self._first_dock_layout()
        self._fit_to_screen()
        warning = getattr(self.settings, "load_warning", None)
        if warning:
            self.show_status(warning, 20000)

    # --- construction ---------------------------------------------------------------------------------------
    def _action(self, text: str, slot, shortcut: QKeySequence | str | None = None, tip: str = "") -> QAction:
        act = QAction(text, self)
        if shortcut is not None:
            act.setShortcut(QKeySequence(shortcut))
        if tip:
            act.setStatusTip(tip)
            act.setToolTip(tip)
        act.triggered.connect(slot)
        return act

    def _build_menus(self) -> None:
        mb = self.menuBar()
        self.file_menu = mb.addMenu(self.tr("&File"))
        self.save_action = self._action(self.tr("&Save"), self.save_current, QKeySequence.StandardKey.Save,
                                        self.tr("Save the current result with its settings"))
        self.open_action = self._action(self.tr("&Open asset…"), self.open_dialog, QKeySequence.StandardKey.Open,
                                        self.tr("Open a saved asset to reuse its settings, or a text file"))
        self.reveal_action = self._action(self.tr("&Reveal output folder"), self.reveal_output_folder, None,
                                          self.tr("Show the output folder in the file manager"))
        self.settings_action = self._action(self.tr("Se&ttings…"), self.open_settings, "Ctrl+,")
        self.settings_action.setMenuRole(QAction.MenuRole.PreferencesRole)
        self.quit_action = self._action(self.tr("&Quit"), self.close, QKeySequence.StandardKey.Quit)
        self.quit_action.setShortcut(QKeySequence("Ctrl+Q"))
        self.quit_action.setMenuRole(QAction.MenuRole.QuitRole)
        for a in (self.save_action, self.open_action, self.reveal_action, None, self.settings_action, None,
                  self.quit_action):
            self.file_menu.addSeparator() if a is None else self.file_menu.addAction(a)

        self.generate_menu = mb.addMenu(self.tr("&Generate"))
        self.generate_action = self._action(self.tr("&Generate"), self.generate_current, "Ctrl+Return",
                                            self.tr("Start a job with the current settings"))
        self.stop_action = self._action(self.tr("&Stop"), self.stop_current, "Esc",
                                        self.tr("Stop the running job; what was made so far is kept"))
        self.regenerate_action = self._action(self.tr("&Regenerate"), self.regenerate_current, "Ctrl+R",
                                              self.tr("Run again with a new seed"))
        self.continue_action = self._action(self.tr("&Continue"), self.continue_current, "Ctrl+Shift+Return",
                                            self.tr("Continue writing from the end of the text"))
        for a in (self.generate_action, self.stop_action, self.regenerate_action, self.continue_action):
            self.generate_menu.addAction(a)
        self.generate_menu.aboutToShow.connect(self._update_actions)

        # Edit (after File, as everywhere): Undo of what the view lost (Clear canvas, a text replaced)
        self.edit_menu = QMenu(self.tr("&Edit"), self)
        mb.insertMenu(self.generate_menu.menuAction(), self.edit_menu)
        self.undo_action = self._action(self.tr("&Undo"), self.undo_current, QKeySequence.StandardKey.Undo,
                                        self.tr("Bring back what the last Clear canvas, Generate or Regenerate "
                                                "replaced"))
        self.clear_canvas_action = self._action(self.tr("C&lear canvas"), self.clear_canvas, None,
                                                self.tr("Remove every image from the canvas (Undo brings them "
                                                        "back); saved files are not touched"))
        self.edit_menu.addAction(self.undo_action)
        self.edit_menu.addSeparator()
        self.edit_menu.addAction(self.clear_canvas_action)
        self.edit_menu.aboutToShow.connect(self._refresh_edit_menu)
        self.edit_menu.aboutToHide.connect(self._schedule_action_update)

        self.view_menu = mb.addMenu(self.tr("&View"))
        self.jobs_dock.toggleViewAction().setText(self.tr("&Jobs"))
        self.assets_dock.toggleViewAction().setText(self.tr("&Assets"))
        self.view_menu.addAction(self.jobs_dock.toggleViewAction())
        self.view_menu.addAction(self.assets_dock.toggleViewAction())

        self.help_menu = mb.addMenu(self.tr("&Help"))
        self.diagnostics_action = self._action(self.tr("&Diagnostics…"), self.open_diagnostics, None,
                                               self.tr("Check that generation, saving and the window work"))
        self.about_action = self._action(self.tr("&About AIGC Studio"), self.show_about)
        self.about_action.setMenuRole(QAction.MenuRole.AboutRole)
        self.help_menu.addAction(self.diagnostics_action)
        self.help_menu.addAction(self.about_action)

    def _wire_panel_actions(self) -> dict[QWidget, dict[QAction, Callable[[], Any]]]:
        """What each menu action does in each panel (an action a panel lacks is disabled while it is shown).
        The calls look the method up when the action fires, so a panel may replace one (tests do)."""
        def common(panel: JobPanel) -> dict[QAction, Callable[[], Any]]:
            return {self.save_action: lambda: panel.save(), self.generate_action: lambda: panel.generate(),
                    self.stop_action: lambda: panel.stop(), self.regenerate_action: lambda: panel.regenerate()}

        text = self.text_panel
        return {self.image_panel: common(self.image_panel), self.audio_panel: common(self.audio_panel),
                text: {**common(text), self.continue_action: lambda: text.continue_()}}

    def _available(self) -> tuple[int, int]:
        """The available size of the screen the window is on (without task bars); 1400×880 when unknown."""
        screen = self.screen() or QGuiApplication.primaryScreen()
        if screen is None:
            return 1400, 880
        geo = screen.availableGeometry()
        return max(geo.width(), 640), max(geo.height(), 480)

    def first_size(self) -> tuple[int, int]:
        """The first window: 1400×880, or the available screen less a margin where that is smaller."""
        w, h = self._available()
        return min(1400, w - 16), min(880, h - 40)

    def _first_dock_layout(self) -> None:
        """The first-run docks: Assets above Jobs on the right; narrower on a small screen so that the panel's
        view keeps a usable width."""
        w, h = self.first_size()
        dock_w = 420 if w >= 1380 else max(300, int(w * 0.26))
        self.resizeDocks([self.assets_dock, self.jobs_dock], [int(h * 0.6), int(h * 0.4)], Qt.Orientation.Vertical)
        self.resizeDocks([self.assets_dock], [dock_w], Qt.Orientation.Horizontal)

    def _fit_to_screen(self) -> None:
        """A window remembered from a larger screen (or placed off it) is brought back inside the available one."""
        screen = self.screen() or QGuiApplication.primaryScreen()
        if screen is None:
            return
        avail = screen.availableGeometry()
        w, h = min(self.width(), avail.width()), min(self.height(), avail.height())
        if (w, h) != (self.width(), self.height()):
            self.resize(w, h)
        frame = self.frameGeometry()
        if not avail.contains(frame):
            x = min(max(frame.x(), avail.x()), avail.x() + max(0, avail.width() - frame.width()))
            y = min(max(frame.y(), avail.y()), avail.y() + max(0, avail.height() - frame.height()))
            self.move(x, y)

    def _restore_window_state(self) -> bool:
        """Geometry and dock layout from Settings; False when there was none (first run)."""
        geo = _from_b64(getattr(self.settings, "window_geometry", None))
        if geo is not None and not geo.isEmpty():
            self.restoreGeometry(geo)
        state = _from_b64(getattr(self.settings, "window_state", None))
        if state is not None and not state.isEmpty():
            return bool(self.restoreState(state))
        return False

    # --- engine, store --------------------------------------------------------------------------------------
    def showEvent(self, event) -> None:
        super().showEvent(event)
        if not self._engine_start_scheduled:
            QTimer.singleShot(1000, self._schedule_engine_start)   # in case no paint ever comes

    def paintEvent(self, event) -> None:
        super().paintEvent(event)
        self._schedule_engine_start()

    def _schedule_engine_start(self) -> None:
        if not self._engine_start_scheduled:
            self._engine_start_scheduled = True
            # after the first paint: the engine thread warms up (torch, pyqtgraph, the job modules); once it has,
            # the plots are built here one per event-loop turn (build_views_in_slices)
            QTimer.singleShot(0, self.start_engine)

    @Slot(object)
    def _on_engine_warm(self, *_: Any) -> None:
        """The engine's warm-up is over: pyqtgraph is loaded, so the costly views are made now, a slice per
        event-loop turn, while the user is not asking anything of them yet."""
        QTimer.singleShot(0, self.build_views_in_slices)

    def pending_view_steps(self) -> list[tuple[str, Callable[[], Any]]]:
        """The costly views not made yet, one small step each (the Audio panel's waveform, spectrogram and their
        link; the Train tab's loss curves)."""
        steps: list[tuple[str, Callable[[], Any]]] = []
        for owner in (self.audio_panel, getattr(self, "train_panel", None)):
            get = getattr(owner, "view_build_steps", None)
            if callable(get):
                steps.extend(get())
        return steps

    @Slot()
    def build_views_in_slices(self) -> None:
        """Make the pending views one step per event-loop turn (``QTimer.singleShot(0)`` between them), so that
        input and painting get a turn between slices. Each step's time is kept in ``view_slice_ms`` (measured on a
        2-core machine, offscreen: each under 16 ms; see docs/architecture.md). A view the user opened before
        this ran was made then (``request_views``); its steps do nothing here."""
        from aigc_studio.ui.widgets import plots
        if self._closed or self._view_slices_started or not plots.is_ready():
            return
        self._view_slices_started = True
        self._view_slices = self.pending_view_steps()
        QTimer.singleShot(0, self._next_view_slice)

    @Slot()
    def _next_view_slice(self) -> None:
        if self._closed or not self._view_slices:
            self.views_built = not self._closed
            return
        name, step = self._view_slices.pop(0)
        t0 = time.perf_counter()
        try:
            step()
        except Exception:  # noqa: BLE001 — a view that cannot be made now is made when its tab is shown
            log.exception("building the view %s failed", name)
        self.view_slice_ms.append((name, round((time.perf_counter() - t0) * 1000.0, 2)))
        QTimer.singleShot(0, self._next_view_slice)

    @Slot()
    def start_engine(self) -> None:
        """Start the engine thread (it imports torch). Records whether torch was already loaded by then."""
        if self._closed or self.engine_started_at is not None:
            return
        self.torch_loaded_before_engine = "torch" in sys.modules
        handle = self.windowHandle()
        self.window_exposed_before_engine = self.isVisible() and handle is not None and handle.isExposed()
        self.engine_started_at = time.perf_counter()
        self.engine.start()

    def store(self):
        """The AssetStore of the current output folder (made on first use; remade when Settings change it)."""
        root = Path(str(self.settings.output_dir)).expanduser()
        if self._store is None or self._store_root != root:
            self._close_store()
            self._store = AssetStore(root)
            self._store_root = root
        return self._store

    def _close_store(self) -> None:
        if self._store is not None:
            try:
                self._store.close()
            except Exception:  # noqa: BLE001
                log.exception("closing the asset store failed")
        self._store = None
        self._store_root = None

    @Slot(object)
    def _on_device_ready(self, info: Any) -> None:
        name = str(getattr(info, "name", "") or "")
        reason = tr_core_text(str(getattr(info, "reason", "") or ""))
        self.device_label.setText(reason or name)
        self.device_label.setToolTip(self.tr("Jobs run on: %1").replace("%1", reason or name))

    @Slot(str, object)
    def _on_job_finished(self, job_id: str, info: Any) -> None:
        if info.state == "failed":
            self.show_status(self.tr("A job failed: %1").replace("%1", tr_core_text(info.message)), 10000)
        self._close_if_saved(job_id)

    @Slot(str)
    def _on_asset_saved(self, path: str) -> None:
        self.show_status(self.tr("Saved %1").replace("%1", path))
        try:
            self.assets.refresh_later()          # the store is read off the GUI thread; the row arrives after
        except Exception as exc:  # noqa: BLE001 — the file is saved; the list can be refreshed later
            log.exception("refreshing the assets library failed")
            self.show_status(user_message(exc))

    # --- panels ---------------------------------------------------------------------------------------------
    def current_panel(self) -> QWidget:
        return self.tabs.currentWidget()

    def panel_for_kind(self, kind: str) -> JobPanel | None:
        return self.panels.get(kind)

    def _run_panel_action(self, action: QAction) -> Any:
        """Do what ``action`` means in the current panel; a refusal in words goes to the status bar."""
        fn = self._panel_actions.get(self.current_panel(), {}).get(action)
        if fn is None:
            self.show_status(self.tr("Nothing to do here yet."))
            return None
        try:
            return fn()
        except UserError as exc:
            self.show_status(str(exc), 8000)
        return None

    # the panel button each menu action follows (an action whose button is disabled is disabled too)
    _ACTION_BUTTONS = {"save_action": "save_button", "generate_action": "generate_button",
                       "stop_action": "stop_button", "regenerate_action": "regenerate_button",
                       "continue_action": "continue_button"}

    def _watch_panel_buttons(self) -> None:
        """Follow the panels' buttons: when one is enabled or disabled, the menu's actions are updated."""
        for panel in self.panels.values():
            for name in self._ACTION_BUTTONS.values():
                button = getattr(panel, name, None)
                if isinstance(button, QWidget):
                    button.installEventFilter(self)

    def eventFilter(self, obj, event) -> bool:  # noqa: N802 (Qt)
        if event.type() == QEvent.Type.EnabledChange and not self._closed:
            self._schedule_action_update()
        return super().eventFilter(obj, event)

    def _schedule_action_update(self) -> None:
        if not getattr(self, "_action_update_scheduled", False):
            self._action_update_scheduled = True
            QTimer.singleShot(0, self._update_actions)

    @Slot()
    def _update_actions(self) -> None:
        """Each Generate/File action is enabled as the current panel's button for it is (one the panel lacks is
        disabled); Undo and Clear canvas as the panel can do them."""
        self._action_update_scheduled = False
        panel = self.current_panel()
        available = self._panel_actions.get(panel, {})
        for attr, button_name in self._ACTION_BUTTONS.items():
            act = getattr(self, attr)
            button = getattr(panel, button_name, None)
            act.setEnabled(act in available and (button.isEnabled() if isinstance(button, QWidget) else True))
        # Ctrl+Z works in a panel that can undo (it says when there is nothing); the open menu tells exactly
        self.undo_action.setEnabled(callable(getattr(panel, "undo", None)))
        self.undo_action.setText(self.tr("&Undo"))
        self.clear_canvas_action.setEnabled(panel is self.image_panel)

    @Slot()
    def _refresh_edit_menu(self) -> None:
        """The Edit menu as it opens: Undo says what it brings back, and is disabled when there is nothing."""
        self._update_actions()
        panel = self.current_panel()
        can_undo = getattr(panel, "can_undo", None)
        self.undo_action.setEnabled(callable(can_undo) and bool(can_undo()))
        words = getattr(panel, "undo_text", None)
        self.undo_action.setText((words() if callable(words) else "") or self.tr("&Undo"))
        self.clear_canvas_action.setEnabled(panel is self.image_panel and self.image_panel.canvas.image_count() > 0)

    @Slot()
    def undo_current(self) -> bool:
        """Undo what the current panel's view lost last (Ctrl+Z)."""
        undo = getattr(self.current_panel(), "undo", None)
        done = bool(undo()) if callable(undo) else False
        if not done:
            self.show_status(self.tr("Nothing to undo."))
        self._schedule_action_update()
        return done

    @Slot()
    def clear_canvas(self) -> None:
        self.image_panel.clear_canvas()
        self._schedule_action_update()

    @Slot(str)
    def show_job_result(self, job_id: str) -> bool:
        """Show a finished job's result again (double-click in the Jobs list): its panel comes to the front."""
        info = self.engine.job(job_id)
        panel = self.panel_for_kind(getattr(info, "kind", "")) if info is not None else None
        if info is None or panel is None or not info.is_final:
            return False
        show = getattr(panel, "show_job", None)
        self.tabs.setCurrentWidget(panel)
        if callable(show) and show(job_id):
            self.show_status(self.tr("Showing the result of %1 again (Ctrl+Z goes back).").replace("%1", job_id))
            self._schedule_action_update()
            return True
        self.show_status(self.tr("The result of this job is no longer shown in its panel: its saved files are "
                                 "in the Assets library."), 8000)
        return False

    @Slot()
    def save_current(self) -> str | None:
        return self._run_panel_action(self.save_action)

    @Slot()
    def generate_current(self) -> str | None:
        """Generate in the current panel; the job id, or None when nothing was submitted."""
        return self._run_panel_action(self.generate_action)

    @Slot()
    def stop_current(self) -> None:
        self._run_panel_action(self.stop_action)

    @Slot()
    def regenerate_current(self) -> None:
        self._run_panel_action(self.regenerate_action)

    @Slot()
    def continue_current(self) -> None:
        self._run_panel_action(self.continue_action)

    @Slot(object)
    def restore_spec(self, spec: Any) -> bool:
        """Switch to the panel of ``spec.kind`` and load the spec into it."""
        kind = getattr(spec, "kind", None)
        panel = self.panel_for_kind(kind) if kind else None
        if panel is None:
            self.show_error(self.tr("This asset was made by a kind of job this version cannot open (%1).")
                            .replace("%1", str(kind)))
            return False
        if panel.is_busy():
            self.show_error(self.tr("A job is running in that panel: stop it or wait for it, then try again."))
            return False
        self.tabs.setCurrentWidget(panel)
        rerun = panel.restore_spec(spec)
        self.show_status(self.tr("Settings restored: making it again…") if rerun else
                         self.tr("Settings restored: press Generate to make it again."))
        return True

    # --- files ------------------------------------------------------------------------------------------------
    def open_path(self, path: str | Path) -> bool:
        """Open a dropped or chosen file: a saved asset (or its sidecar) restores its spec in the right panel;
        a plain .txt/.md goes into the text panel. Anything else gets a clear message and changes nothing."""
        p = Path(path)
        if not p.is_file():
            self.show_error(self.tr("%1 is not a file.").replace("%1", str(p)))
            return False
        is_sidecar = p.name.lower().endswith(SIDECAR_SUFFIX)
        has_sidecar = p.with_name(p.name + SIDECAR_SUFFIX).is_file()
        if is_sidecar or has_sidecar:
            try:
                spec = load_confirmed(self, p)     # wrong values in the form's words; a source path is confirmed
            except SettingsRefused as exc:
                if str(exc):
                    self.show_error(str(exc))
                return False
            except Exception as exc:  # noqa: BLE001
                self.show_error(self.tr("%1 could not be opened: %2").replace("%1", p.name)
                                .replace("%2", user_message(exc)))
                return False
            return self.restore_spec(spec)
        if p.suffix.lower() in TEXT_SUFFIXES:
            # The panel's reader checks the size first, then UTF-8 (reading the whole file here would load a huge
            # dropped file into memory on the GUI thread before it is refused as too large).
            panel = self.text_panel
            if panel.is_busy():
                self.show_error(self.tr("A job is running in the Text panel: stop it or wait for it, "
                                        "then try again."))
                return False
            try:
                self.tabs.setCurrentWidget(panel)
                panel.load_text_file(str(p))
            except (UserError, OSError, UnicodeDecodeError) as exc:
                self.show_error(self.tr("%1 could not be opened: %2").replace("%1", p.name)
                                .replace("%2", user_message(exc)))
                return False
            self.show_status(self.tr("Opened %1").replace("%1", p.name))
            return True
        # An asset that carries its settings inside (PNG); any other picture or sound goes to its panel, whose
        # VAE encodes it (the panel's job says plainly when the file is not readable).
        try:
            spec = load_confirmed(self, p)
        except SettingsRefused as exc:
            if str(exc):
                self.show_error(str(exc))
            return False
        except Exception:  # noqa: BLE001
            for kind, suffixes in (("image", IMAGE_SUFFIXES), ("audio", AUDIO_SUFFIXES)):
                if p.suffix.lower() in suffixes:
                    panel = self.panels[kind]
                    self.tabs.setCurrentWidget(panel)
                    return bool(panel.open_file(str(p)))
            self.show_error(self.tr("%1 is not an AIGC Studio asset, a picture, a sound or a text file, so there "
                                    "is nothing to open.").replace("%1", p.name))
            return False
        return self.restore_spec(spec)

    @Slot()
    def open_dialog(self) -> None:
        start = str(self.settings.output_dir)
        path, _ = QFileDialog.getOpenFileName(
            self, self.tr("Open asset"), start,
            self.tr("Assets, pictures, sounds and text (*.png *.jpg *.jpeg *.webp *.gif *.bmp *.wav *.flac *.ogg *.oga "
                    "*.aif *.aiff *.txt *.md *.json);;All files (*)"))
        if path:
            self.open_path(path)

    @Slot(str)
    def open_externally(self, path: str) -> None:
        if not QDesktopServices.openUrl(QUrl.fromLocalFile(str(path))):
            self.show_status(self.tr("No application could open %1").replace("%1", str(path)))

    @Slot()
    def reveal_output_folder(self) -> None:
        folder = Path(str(self.settings.output_dir)).expanduser()
        try:
            folder.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            self.show_error(user_message(exc))
            return
        if not QDesktopServices.openUrl(QUrl.fromLocalFile(str(folder))):
            self.show_status(self.tr("The output folder is %1").replace("%1", str(folder)), 10000)

    def dragEnterEvent(self, event: QDragEnterEvent) -> None:
        md = event.mimeData()
        if md.hasUrls() and any(u.isLocalFile() for u in md.urls()):
            event.acceptProposedAction()
        else:
            event.ignore()

    def dragMoveEvent(self, event) -> None:
        if event.mimeData().hasUrls():
            event.acceptProposedAction()

    def dropEvent(self, event: QDropEvent) -> None:
        paths = [u.toLocalFile() for u in event.mimeData().urls() if u.isLocalFile()]
        if not paths:
            event.ignore()
            return
        event.acceptProposedAction()
        # One file is opened; several: the first that is ours (the others would overwrite it anyway).
        self.open_path(paths[0])

    # --- messages ---------------------------------------------------------------------------------------------
    @Slot(str)
    def show_status(self, text: str, ms: int = 5000) -> None:
        self.statusBar().showMessage(text, ms)

    def show_error(self, text: str) -> None:
        """A clear message that does not block: status bar + a window-modal message box."""
        self.last_error = text
        self.show_status(text, 10000)
        box = QMessageBox(QMessageBox.Icon.Warning, self.tr("AIGC Studio"), text, QMessageBox.StandardButton.Ok,
                          self)
        box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        box.setWindowModality(Qt.WindowModality.WindowModal)
        box.open()
        self.last_message_box = box

    # --- dialogs ----------------------------------------------------------------------------------------------
    @Slot()
    def open_settings(self) -> None:
        dlg = SettingsDialog(self.settings, self)
        if dlg.exec():
            self.apply_settings_change(dlg.changed)

    def apply_settings_change(self, changed: set[str]) -> None:
        if "output_dir" in changed:
            self._close_store()
            try:
                self.assets.refresh_later()
            except Exception as exc:  # noqa: BLE001
                self.show_error(user_message(exc))
        if "device" in changed:
            self.engine.set_device_preference(self.settings.device)
            self.show_status(self.tr("The new device is used from the next job."))
        if "language" in changed:
            self.show_status(self.tr("The language changes after the studio is restarted."), 10000)

    @Slot()
    def open_diagnostics(self) -> None:
        if self.diagnostics_dialog is None:
            self.diagnostics_dialog = DiagnosticsDialog(self.engine, self.settings, self)
        self.diagnostics_dialog.show()
        self.diagnostics_dialog.raise_()

    @Slot()
    def show_about(self) -> None:
        QMessageBox.about(self, self.tr("About AIGC Studio"), self.tr(
            "<h3>AIGC Studio %1</h3><p>Generate images, text and sounds with local models, offline.</p>"
            "<p>Your prompts and results never leave this computer.</p><p>MIT licence.</p>")
            .replace("%1", __version__))

    # --- closing ----------------------------------------------------------------------------------------------
    def save_window_state(self) -> None:
        self.settings.window_geometry = _b64(self.saveGeometry())
        self.settings.window_state = _b64(self.saveState())

    def ask_close(self, text: str, choices: list[tuple[str, str]], default: str) -> str:
        """Ask how to close: ``choices`` are (key, button words); returns the key chosen ("cancel" when the
        dialog is dismissed). Tests replace this method."""
        box = QMessageBox(QMessageBox.Icon.Question, self.tr("Close AIGC Studio"), text,
                          QMessageBox.StandardButton.NoButton, self)
        buttons = {}
        for key, words in choices:
            role = QMessageBox.ButtonRole.RejectRole if key == "cancel" else (
                QMessageBox.ButtonRole.DestructiveRole if key == "close" else QMessageBox.ButtonRole.AcceptRole)
            buttons[box.addButton(words, role)] = key
            if key == default:
                box.setDefaultButton(list(buttons)[-1])
        box.exec()
        return buttons.get(box.clickedButton(), "cancel")

    def _confirm_close(self) -> bool:
        """Before closing: a running job, a training (whose default is "Stop and save") or generated text that is
        not saved is asked about. True: close now; False: not now (cancelled, or closing once a training has
        saved itself)."""
        if "ask_close" not in self.__dict__ and QGuiApplication.platformName() == "offscreen":
            return True                        # no one to ask (tests, the self-test without a display)
        if self._close_when_done:
            choice = self.ask_close(self.tr("The training is still saving its checkpoint; the studio closes when it "
                                            "is done. Close now anyway (what it learned since its last checkpoint "
                                            "is lost)?"),
                                    [("close", self.tr("Close now")), ("cancel", self.tr("Wait"))], "cancel")
            return choice == "close"
        jobs = [j for j in self.engine.jobs() if not j.is_final]
        training = [j for j in jobs if j.kind.startswith("train") and j.state == "running"]
        unsaved = bool(getattr(self.text_panel, "has_unsaved_text", lambda: False)())
        if not jobs and not unsaved:
            return True
        lines = []
        if training:
            lines.append(self.tr("A training is running. “Stop and save” keeps what it has learned (a checkpoint "
                                 "and the model so far); the studio closes once it is saved."))
        elif jobs:
            lines.append(self.tr("%1 job(s) are running or queued: closing stops them (what they made so far "
                                 "and did not save is lost).").replace("%1", str(len(jobs))))
        if unsaved:
            lines.append(self.tr("The generated text is not saved."))
        choices: list[tuple[str, str]] = []
        if training:
            choices.append(("stop_save", self.tr("Stop and save")))
        elif unsaved:
            choices.append(("save", self.tr("Save text and close")))
        choices.append(("close", self.tr("Close without saving") if (training or unsaved) else
                        self.tr("Stop jobs and close")))
        choices.append(("cancel", self.tr("Cancel")))
        default = choices[0][0] if (training or unsaved) else "cancel"
        choice = self.ask_close("\n\n".join(lines), choices, default)
        if choice == "cancel":
            return False
        if choice in ("save", "stop_save") and unsaved and self.text_panel.save() is None:
            return False                       # the save failed: its message is shown; nothing is lost
        if choice == "stop_save":
            for j in training:
                self.engine.stop_and_save(j.id)
            for j in jobs:
                if j not in training:
                    self.engine.cancel(j.id)
            self._close_when_done = {j.id for j in training}
            self.show_status(self.tr("Saving the training… the studio closes when it is saved."), 60000)
            return False
        return True

    def _close_if_saved(self, job_id: str) -> None:
        if job_id in self._close_when_done:
            self._close_when_done.discard(job_id)
            if not self._close_when_done:
                QTimer.singleShot(0, self.close)

    def closeEvent(self, event: QCloseEvent) -> None:
        if self._closed:
            event.accept()
            return
        if not self._confirm_close():
            event.ignore()
            return
        self._close_when_done = set()
        self._closed = True
        try:
            for panel in self.panels.values():
                panel.save_settings()
            self.save_window_state()
            self.settings.save()
        except Exception:  # noqa: BLE001 — closing must not fail because settings could not be written
            log.exception("saving settings on close failed")
        self.audio_panel.shutdown()            # stops playback
        self.engine.shutdown()
        self._close_store()
        event.accept()
        super().closeEvent(event)
